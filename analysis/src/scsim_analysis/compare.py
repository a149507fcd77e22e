"""Overlay several runs (e.g. baseline against no-friend-weight) on a grid of key metrics."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import Any, Sequence

import pandas as pd
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from . import _figures as fig_util
from . import columns as column_defs
from .loaders import _flatten, format_value, load_run

# The metrics a comparison shows when none are asked for, by the runs' model (a choice of
# figure, not the column list: any metric of the runs can be asked for). Runs of another
# model, or of several, get the first DEFAULT_COUNT metrics every run has.
DEFAULT_METRICS = {
    "reference": ("score_mean", "dissent_post_frac", "falsification_gap", "giant_frac",
                  "score_assortativity", "ties_removed", "colluder_frac", "enrolled_frac"),
    "adaptive_voter": ("discordant_frac", "communities", "largest_community_frac",
                       "tie_moves", "adoptions", "giant_frac"),
}
DEFAULT_COUNT = 8


def default_metrics(frames: Sequence[pd.DataFrame]) -> list[str]:
    """The metrics `plot_compare` draws when given none (see DEFAULT_METRICS)."""
    models = {frame.attrs.get("model") or "reference" for frame in frames}
    if len(models) == 1 and (model := models.pop()) in DEFAULT_METRICS:
        return list(DEFAULT_METRICS[model])
    available = [column_defs.available_metrics(frame) for frame in frames]
    shared = [m for m in available[0] if all(m in known for known in available[1:])]
    return shared[:DEFAULT_COUNT]


def run_facts(frame: pd.DataFrame) -> dict[str, str]:
    """What identifies a run, as ``{fact: value}`` in reading order: ``name``, ``seed``, and
    each ``--set`` override (manifest ``overrides``) as ``key -> value``, the value as the
    resolved scenario holds it (booleans true/false) when it is there."""
    manifest = frame.attrs.get("manifest", {})
    scenario = _flatten(manifest.get("scenario") or {})
    facts = {"name": str(manifest.get("name", Path(frame.attrs.get("run_dir", "run")).name))}
    if manifest.get("seed") is not None:
        facts["seed"] = str(manifest["seed"])
    for override in manifest.get("overrides") or []:
        key, _, raw = str(override).partition("=")
        key = key.strip()
        facts[key] = format_value(scenario[key]) if key in scenario else raw.strip()
    return facts


def _fact_value(frame: pd.DataFrame, facts: dict[str, str], key: str) -> str:
    """A run's value of a fact another run has: its own override, else its resolved
    scenario's value of that key, else "-"."""
    if key in facts:
        return facts[key]
    scenario = _flatten(frame.attrs.get("manifest", {}).get("scenario") or {})
    return format_value(scenario[key]) if key in scenario else "-"


def run_names(frames: Sequence[pd.DataFrame]) -> list[str]:
    """Legend names by what differs between the runs: the scenario name when names differ,
    the seed when seeds differ, and every ``--set`` override whose value differs (a run
    without that override shows its scenario's value), e.g. ``score.friendless=400`` beside
    ``score.friendless=mean``. A single run, or runs alike in all of these, are named by
    name and seed; runs still alike get their folder name added."""
    facts = [run_facts(frame) for frame in frames]
    keys: list[str] = []
    for run in facts:
        keys.extend(k for k in run if k not in keys)
    values = {key: [_fact_value(f, run, key) for f, run in zip(frames, facts)] for key in keys}
    differing = [k for k in keys if len(set(values[k])) > 1]
    if len(frames) < 2 or not differing:
        differing = [k for k in ("name", "seed") if k in keys]
    names = []
    for index in range(len(frames)):
        parts = []
        for key in differing:
            value = values[key][index]
            if key == "name":
                parts.append(value)
            elif key == "seed" and parts and differing[0] == "name":
                parts[-1] += f" seed {value}"  # "baseline seed 42"
            elif key == "seed":
                parts.append(f"seed {value}")
            else:
                parts.append(f"{key}={value}")
        names.append(", ".join(parts))
    if len(set(names)) < len(names):
        names = [f"{name} ({Path(frame.attrs.get('run_dir', '?')).name})"
                 for name, frame in zip(names, frames)]
    return names


def common_facts(frames: Sequence[pd.DataFrame]) -> str:
    """The name, seed and overrides every run shares (``baseline, seed 42,
    population.size=400``), for the title; "" when they share none."""
    facts = [run_facts(frame) for frame in frames]
    if not facts:
        return ""
    shared = [k for k in facts[0] if all(run.get(k) == facts[0][k] for run in facts[1:])]
    parts = []
    for key in shared:
        value = facts[0][key]
        parts.append(value if key == "name" else f"seed {value}" if key == "seed" else f"{key}={value}")
    return ", ".join(parts)


def event_groups(frames: Sequence[pd.DataFrame]) -> list[tuple[int, str, list[int]]]:
    """Each distinct policy event with the indices of the runs that have it, by step."""
    found: dict[tuple[int, str], list[int]] = {}
    for index, frame in enumerate(frames):
        for event in dict.fromkeys(frame.attrs.get("events", [])):
            found.setdefault(tuple(event), []).append(index)
    return [(step, text, runs) for (step, text), runs in sorted(found.items())]


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
    metrics = list(metrics or default_metrics(frames))
    available = [column_defs.available_metrics(frame) for frame in frames]
    unknown = [m for m in metrics if not any(m in known for known in available)]
    if unknown:
        known = list(dict.fromkeys(m for names in available for m in names))
        raise ValueError(f"unknown metric(s) {', '.join(unknown)}; the metrics are: "
                         f"{', '.join(known)}")
    frames = [column_defs.with_metrics(frame, [m for m in metrics if m in known])
              for frame, known in zip(frames, available)]
    definitions = next((column_defs.of(f) for f in frames if column_defs.of(f)),
                       column_defs.Columns())

    names = run_names(frames)
    palette = colormaps["tab10"]
    colours = [palette(i % 10) for i in range(len(frames))]

    columns = 2 if len(metrics) > 1 else 1
    rows = math.ceil(len(metrics) / columns)
    figure = Figure(figsize=(13, 2.9 * rows + 1.4), layout="constrained")
    axes = figure.subplots(rows, columns, sharex=True, squeeze=False).ravel()

    low = min(float(f["step"].min()) for f in frames)
    high = max(float(f["step"].max()) for f in frames)
    events = event_groups(frames)

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
        _draw_event_groups(ax, events, colours, len(frames), (low, high), labelled=index == 0)
        ax.set_title(definitions.label(metric), loc="left", fontsize=11)
        ax.set_ylabel(definitions.unit(metric) or metric, fontsize=9)
        ax.grid(True, alpha=0.3)
        ax.set_xlim(low, max(high, low + 1))
    for ax in axes[len(metrics):]:
        ax.set_visible(False)
    for index in range(len(metrics)):
        if index + columns < len(metrics):
            continue  # another panel below carries the step axis
        ax = axes[index]
        ax.set_xlabel(fig_util.step_label(definitions, frames[0].attrs.get("model")))
        ax.xaxis.set_tick_params(labelbottom=True)

    handles = [Line2D([], [], color=c, linewidth=2.5) for c in colours]
    labels = list(names)
    if any(len(runs) == len(frames) for _, _, runs in events):
        handles.append(Line2D([], [], color=fig_util.EVENT_COLOUR, linestyle="--"))
        labels.append("policy event in every run")
    if any(len(runs) < len(frames) for _, _, runs in events):
        handles.append(Line2D([], [], color="0.6", linestyle=(0, (1.5, 1.5))))
        labels.append("policy event in only some runs: dashed in the colour of each run "
                      "that has it")
    longest = max(len(text) for text in labels)
    columns_wide = 1 if longest > 60 else 2 if longest > 35 else 3
    figure.legend(handles, labels, loc="outside lower center",
                  ncols=min(len(labels), columns_wide), frameon=False, fontsize=10)
    title = "Runs compared" + (f" (rolling mean over {smooth} steps)" if smooth > 1 else "")
    facts = ", ".join(filter(None, [common_facts(frames), _common_facts(frames)]))
    # Long shared settings (e.g. output.* overrides) wrap rather than run off the page.
    text = textwrap.fill(title + (f"  —  {facts}" if facts else ""), width=110)
    figure.suptitle(text, fontsize=13 if "\n" not in text else 11, fontweight="bold")
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


def _draw_event_groups(ax, events, colours, run_count: int, x_range, labelled: bool) -> None:
    """An event every run has: one grey dashed line. An event only some runs have: one
    dashed line per such run in its colour, the dashes interleaved so that every colour
    shows on the one vertical; the label says which runs (by legend colour) have it."""
    for step, text, runs in events:
        if len(runs) == run_count:
            fig_util.draw_events(ax, [(step, text)], x_range, labelled=labelled)
            continue
        dash = 4.0
        for order, run in enumerate(runs):
            pattern = (order * dash, (dash, dash * (len(runs) - 1) if len(runs) > 1 else dash))
            ax.axvline(step, color=colours[run], linestyle=pattern, linewidth=1.6, zorder=1.5)
        if labelled:
            which = "1 run" if len(runs) == 1 else f"{len(runs)} runs"
            fig_util.draw_events(ax, [(step, f"{text} (only {which} of {run_count})")], x_range,
                                 colour=colours[runs[0]] if len(runs) == 1 else fig_util.EVENT_COLOUR,
                                 labelled=True, line=False)


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
