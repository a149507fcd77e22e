"""Draw a friendship-network snapshot coloured by score, marking isolated low scorers.

Large networks are sampled: a spring layout of 10,000 nodes is slow and unreadable. The
sample is a snowball (breadth-first neighbourhoods of at most a tenth of the budget
around random citizens), so that local structure - clusters, bridges, who is cut off -
survives; a uniform node sample of a sparse graph would keep almost no ties. Every
isolated low scorer is added first (up to a quarter of the budget), since they are what
the figure is about. The drawing is the subgraph induced by the sample.
"""

from __future__ import annotations

import math
from collections import deque
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from . import _figures as fig_util
from .loaders import load_snapshot

MAX_NODES = 2000
LOW_COLOUR = "#d62728"


def low_scorers(citizens: pd.DataFrame) -> pd.Series:
    """Ids of the bottom score decile of enrolled citizens (MODEL.md section 8, choice 16):
    the max(1, floor(n/10)) lowest scores, ties broken by id."""
    enrolled = citizens
    if "enrolled" in citizens:
        enrolled = citizens[citizens["enrolled"].astype(bool)]
    enrolled = enrolled[enrolled["score"].notna()]
    if enrolled.empty:
        return pd.Series([], dtype="int64")
    count = max(1, len(enrolled) // 10)
    return enrolled.sort_values(["score", "id"], kind="stable")["id"].head(count).astype(int)


def isolated_low_scorers(citizens: pd.DataFrame, graph: nx.Graph) -> list[int]:
    """Low scorers (bottom decile) with no friends."""
    return [int(i) for i in low_scorers(citizens) if graph.degree(int(i)) == 0]


def sample_nodes(graph: nx.Graph, max_nodes: int, seed: int, must_include=()) -> list[int]:
    """At most `max_nodes` nodes: `must_include` (capped at a quarter of the budget) then
    breadth-first neighbourhoods of at most max_nodes/10 nodes around random nodes."""
    if graph.number_of_nodes() <= max_nodes:
        return sorted(graph.nodes)
    rng = np.random.default_rng(seed)
    chosen: dict[int, None] = dict.fromkeys(list(must_include)[: max_nodes // 4])
    ball = max(1, max_nodes // 10)
    for start in rng.permutation(np.array(sorted(graph.nodes))):
        if len(chosen) >= max_nodes:
            break
        start = int(start)
        if start in chosen:
            continue
        queue, grown = deque([start]), 0
        while queue and grown < ball and len(chosen) < max_nodes:
            node = queue.popleft()
            if node in chosen:
                continue
            chosen[node] = None
            grown += 1
            queue.extend(n for n in sorted(graph.neighbors(node)) if n not in chosen)
    return sorted(chosen)


def spring_layout(graph: nx.Graph, seed: int, iterations: int = 50) -> dict[int, np.ndarray]:
    """Fruchterman-Reingold spring layout (networkx's algorithm and cooling schedule).

    Written out because networkx switches to a scipy-based solver from 500 nodes that
    takes 10+ seconds on a 2000-node sample; this one sums the all-pairs repulsion in
    float32 arrays and the attraction over edges only (about 3 s for 2000 nodes). Node
    positions start from `seed`, so the drawing is the same on every call.
    """
    order = sorted(graph.nodes)
    count = len(order)
    where = {node: k for k, node in enumerate(order)}
    ends = np.array([(where[a], where[b]) for a, b in graph.edges], dtype=np.int64).reshape(-1, 2)
    positions = np.random.default_rng(seed).random((count, 2))
    spacing = math.sqrt(1.0 / count)  # k, the ideal distance between nodes
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        x = positions[:, 0].astype(np.float32)
        y = positions[:, 1].astype(np.float32)
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        squared = dx * dx + dy * dy
        np.maximum(squared, 1e-4, out=squared)
        repulsion = np.float32(spacing * spacing) / squared  # k^2 / d, along the unit vector
        move = np.stack([(dx * repulsion).sum(axis=1), (dy * repulsion).sum(axis=1)], axis=1)
        move = move.astype(float)
        stretch = positions[ends[:, 0]] - positions[ends[:, 1]]
        length = np.maximum(np.hypot(stretch[:, 0], stretch[:, 1]), 0.01)
        pull = stretch * (length / spacing)[:, None]  # d^2 / k, along the unit vector
        np.add.at(move, ends[:, 0], -pull)
        np.add.at(move, ends[:, 1], pull)
        size = np.maximum(np.hypot(move[:, 0], move[:, 1]), 0.01)
        positions += move * (temperature / size)[:, None]
        temperature -= cooling
    positions -= positions.mean(axis=0)
    extent = np.abs(positions).max() if count else 1.0
    positions /= extent if extent > 0 else 1.0
    return {node: positions[k] for k, node in enumerate(order)}


def layout(graph: nx.Graph, seed: int) -> dict[int, np.ndarray]:
    """Spring layout of the citizens with friends, and a ring around it for those without.

    Left to the spring layout, friendless nodes are pushed far out and squeeze the
    network into a corner; on a ring they stay visible and the network keeps the space.
    """
    alone = sorted(n for n in graph.nodes if graph.degree(n) == 0)
    connected = graph.subgraph(n for n in graph.nodes if graph.degree(n) > 0)
    positions = spring_layout(connected, seed) if len(connected) else {}
    if positions:
        radius = 1.12 * max(float(np.hypot(*p)) for p in positions.values())
    else:
        radius = 1.0
    for k, node in enumerate(alone):
        angle = 2 * np.pi * k / max(len(alone), 1) + np.pi / 2
        positions[node] = np.array([radius * np.cos(angle), radius * np.sin(angle)])
    return positions


def plot_snapshot(
    citizens: pd.DataFrame, graph: nx.Graph, max_nodes: int = MAX_NODES, seed: int = 1
) -> Figure:
    """The network drawing (frames from `load_snapshot`); layout and sample fixed by `seed`."""
    isolated_low = isolated_low_scorers(citizens, graph)
    nodes = sample_nodes(graph, max_nodes, seed, must_include=isolated_low)
    sub = graph.subgraph(nodes)
    positions = layout(sub, seed)
    xy = np.array([positions[n] for n in nodes]).reshape(-1, 2)
    index = {n: k for k, n in enumerate(nodes)}

    info = citizens.set_index("id").reindex(nodes)
    scores = info["score"].to_numpy(dtype=float)
    enrolled = (info["enrolled"].fillna(False).astype(bool).to_numpy()
                if "enrolled" in info else np.isfinite(scores))
    coloured = enrolled & np.isfinite(scores)

    figure = Figure(figsize=(12, 10.5), layout="constrained")
    ax = figure.subplots()
    segments = [(xy[index[a]], xy[index[b]]) for a, b in sub.edges]
    ax.add_collection(LineCollection(segments, colors="0.55", linewidths=0.4, alpha=0.35,
                                     zorder=1))
    size = float(np.clip(30000 / max(len(nodes), 1), 6, 40))
    ax.scatter(xy[~coloured, 0], xy[~coloured, 1], s=size, color="0.8", edgecolors="0.6",
               linewidths=0.3, zorder=2)
    all_scores = citizens["score"].to_numpy(dtype=float)
    finite = all_scores[np.isfinite(all_scores)]
    norm = Normalize(*(np.percentile(finite, [1, 99]) if finite.size else (0, 1)))
    points = ax.scatter(xy[coloured, 0], xy[coloured, 1], s=size, c=scores[coloured],
                        cmap="viridis", norm=norm, edgecolors="none", zorder=3)
    marked = [index[n] for n in isolated_low if n in index]
    if marked:
        ax.scatter(xy[marked, 0], xy[marked, 1], s=size * 5, facecolors="none",
                   edgecolors=LOW_COLOUR, linewidths=1.5, zorder=4)
    bar = figure.colorbar(points, ax=ax, shrink=0.6, extend="both", extendfrac=0.03)
    bar.set_label("score (points; enrolled citizens)")

    figure.legend(
        handles=[
            Line2D([], [], linestyle="none", marker="o", color="0.8", markeredgecolor="0.6",
                   label="not enrolled (no score)"),
            Line2D([], [], linestyle="none", marker="o", markerfacecolor="none",
                   markeredgecolor=LOW_COLOUR, markersize=10, markeredgewidth=1.5,
                   label=f"isolated low scorer: bottom 10% of scores, no friends "
                         f"({len(isolated_low)} in the whole network)"),
            Line2D([], [], color="0.55", linewidth=1, label="friendship tie"),
        ],
        loc="outside lower center", ncols=3, frameon=False, fontsize=9,
    )
    # Hide the frame but keep the axes "on": constrained layout then makes room for the
    # title and the legend below (it ignores both on an axes that is switched off).
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_aspect("equal")
    ax.autoscale_view()

    manifest = citizens.attrs.get("manifest", {})
    name = manifest.get("name", Path(citizens.attrs.get("snapshot_dir", "snapshot")).name)
    step = manifest.get("step")
    title = f"Friendship network — {name}" + (f", after step {step}" if step is not None else "")
    if "seed" in manifest:
        title += f", seed {manifest['seed']}"
    total = graph.number_of_nodes()
    degrees = [d for _, d in graph.degree]
    shown = (f"Snowball sample of {len(nodes):,} of {total:,} citizens (all isolated low "
             f"scorers included), induced subgraph." if len(nodes) < total
             else f"All {total:,} citizens.")
    details = (f"{shown} Whole network: {graph.number_of_edges():,} ties, "
               f"{np.mean(degrees) if degrees else 0:.1f} friends per citizen on average.\n"
               f"Spring layout (seed {seed}); citizens without friends in the drawing sit "
               "on the outer ring.")
    figure.suptitle(title, fontsize=13, fontweight="bold")
    ax.set_title(details, fontsize=10)
    return figure


def snapshot(
    snapshot_dir: str | Path, out: str | Path | None = None, max_nodes: int = MAX_NODES
) -> list[Path]:
    """Load a snapshot folder, draw it and save (default SNAPSHOT_DIR/network.png/.svg)."""
    citizens, graph = load_snapshot(snapshot_dir)
    figure = plot_snapshot(citizens, graph, max_nodes=max_nodes)
    return fig_util.save_figure(figure, out if out is not None else Path(snapshot_dir) / "network")
