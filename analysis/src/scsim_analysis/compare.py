"""Overlay several runs (e.g. baseline against no-friend-weight) on a grid of key metrics."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Sequence

import pandas as pd
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from . import _figures as fig_util
from .columns import label, unit
from .loaders import load_run, run_label

DEFAULT_METRICS = (
    "score_mean",
    "dissent_post_frac",
    "falsification_gap",
    "giant_frac",
    "score_assortativity",
    "ties_removed",
    "colluder_frac",
    "enrolled_frac",
)


def run_names(frames: Sequence[pd.DataFrame]) -> list[str]:
    """Legend names: scenario name and seed, plus the folder name where two would clash."""
    names = [run_label(frame) for frame in frames]
    counts = Counter(names)
    return [
        f"{name} ({Path(frame.attrs.get('run_dir', '?')).name})" if counts[name] > 1 else name
        for name, frame in zip(names, frames)
    ]


def plot_compare(
    frames: Sequence[pd.DataFrame],
    metrics: Sequence[str] | None = None,
    smooth: int = 1,
) -> Figure:
    """A grid with one panel per metric and one line per run.

    `smooth` > 1 draws a centred rolling mean over that many rows (noisy per-step counts
    such as ties_removed read better smoothed); 1 draws the raw series.
    """
    if not frames:
        raise ValueError("nothing to compare: no runs given")
    metrics = list(metrics or DEFAULT_METRICS)
    unknown = [m for m in metrics if not any(m in frame for frame in frames)]
    if unknown:
        known = ", ".join(c for c in frames[0].columns if c != "step")
        raise ValueError(f"unknown metric(s) {', '.join(unknown)}; columns are: {known}")

    names = run_names(frames)
    palette = colormaps["tab10"]
    colours = [palette(i % 10) for i in range(len(frames))]

    columns = 2 if len(metrics) > 1 else 1
    rows = math.ceil(len(metrics) / columns)
    figure = Figure(figsize=(13, 2.9 * rows + 1.4), layout="constrained")
    axes = figure.subplots(rows, columns, sharex=True, squeeze=False).ravel()

    low = min(float(f["step"].min()) for f in frames)
    high = max(float(f["step"].max()) for f in frames)
    shared_events, own_events = _split_events(frames)

    for index, (ax, metric) in enumerate(zip(axes, metrics)):
        for order, (frame, colour, name) in enumerate(zip(frames, colours, names)):
            if metric not in frame:
                continue
            values = frame[metric]
            if smooth > 1:
                values = values.rolling(smooth, center=True, min_periods=1).mean()
            # Earlier runs drawn wider, so a run hidden under an identical one still shows.
            width = max(1.0, 2.4 - 0.7 * order)
            fig_util.plot_line(ax, frame["step"], values, color=colour, linewidth=width,
                               alpha=0.9, label=name)
        first = index == 0
        fig_util.draw_events(ax, shared_events, (low, high), labelled=first)
        for events, colour in zip(own_events, colours):
            fig_util.draw_events(ax, events, (low, high), colour=colour, labelled=first)
        ax.set_title(label(metric), loc="left", fontsize=11)
        ax.set_ylabel(unit(metric) or metric, fontsize=9)
        ax.grid(True, alpha=0.3)
        ax.set_xlim(low, max(high, low + 1))
    for ax in axes[len(metrics):]:
        ax.set_visible(False)
    for index in range(len(metrics)):
        if index + columns < len(metrics):
            continue  # another panel below carries the step axis
        ax = axes[index]
        ax.set_xlabel(fig_util.STEP_LABEL)
        ax.xaxis.set_tick_params(labelbottom=True)

    handles = [Line2D([], [], color=c, linewidth=2.5) for c in colours]
    labels = list(names)
    if shared_events or any(own_events):
        handles.append(Line2D([], [], color=fig_util.EVENT_COLOUR, linestyle="--"))
        labels.append("policy event (coloured: only in that run)")
    figure.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 3),
                  frameon=False, fontsize=10)
    title = "Runs compared" + (f" (rolling mean over {smooth} steps)" if smooth > 1 else "")
    facts = _common_facts(frames)
    figure.suptitle(title + (f"  —  {facts}" if facts else ""), fontsize=13, fontweight="bold")
    return figure


def compare(
    run_dirs: Sequence[str | Path],
    out: str | Path | None = None,
    metrics: Sequence[str] | None = None,
    smooth: int = 1,
) -> list[Path]:
    """Load run folders, overlay them and save the figure (default ./compare.png/.svg)."""
    frames = [load_run(run_dir) for run_dir in run_dirs]
    figure = plot_compare(frames, metrics, smooth)
    return fig_util.save_figure(figure, out if out is not None else Path("compare"))


def _split_events(frames: Sequence[pd.DataFrame]):
    """Events every run shares (drawn once, grey) and each run's own (in its colour)."""
    per_run = [set(frame.attrs.get("events", [])) for frame in frames]
    shared = set.intersection(*per_run) if per_run else set()
    own = [sorted(events - shared) for events in per_run]
    return sorted(shared), own


def _common_facts(frames: Sequence[pd.DataFrame]) -> str:
    """`N = 400 citizens, scsim 0.1.0` when all runs agree on them."""
    manifests = [frame.attrs.get("manifest", {}) for frame in frames]
    facts = []
    sizes = {m.get("population_size") for m in manifests}
    if len(sizes) == 1 and None not in sizes:
        facts.append(f"N = {sizes.pop():,} citizens")
    versions = {m.get("scsim_version") for m in manifests}
    if len(versions) == 1 and None not in versions:
        facts.append(f"scsim {versions.pop()}")
    return ", ".join(facts)
