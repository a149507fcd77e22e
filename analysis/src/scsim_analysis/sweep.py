"""Sweep figures: each parameter point's replicate mean over time, and a phase diagram.

A point's band is the 95% t-interval of the replicate mean at each step,
mean ± t(0.975, n−1) · sd / √n over its n replicates (no band when n = 1). When exactly
two parameters vary, a heat map shows the metric averaged over each run's last 52 steps
(one year of the reference model's weekly steps), then over the point's replicates, each
cell with its 95% t-interval; a cell whose interval overlaps the interval of every other
cell is greyed out, since the sweep cannot tell it apart from any of them (overlap of two
95% intervals is a conservative reading: intervals that do not overlap differ clearly).
When one parameter varies, the same average is plotted against it with its 95%
t-interval. Runs shorter than 52 steps are averaged over all their steps; the figure says
so and a warning is issued.

Parameters whose values are not all numbers (a word-valued key such as
``score.friendless: [mean, mid, own, 400]``, or a boolean) are categories, in the
sweep's point order (booleans false, true); numeric ones are sorted by value.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from scipy.stats import t as student_t

from . import _figures as fig_util
from . import columns as column_defs
from .loaders import format_value, load_sweep, timeline_events

# The metric a sweep figure shows when none is asked for, by the sweep's model; another
# model gets its first metric.
DEFAULT_METRICS = {"reference": "score_mean", "adaptive_voter": "discordant_frac"}
LAST_STEPS = 52


def t_quantile_975(dof: Any) -> Any:
    """The 97.5% quantile of Student's t with `dof` degrees of freedom (scipy's
    ``t.ppf``, as scsim summarize uses GSL's ``gsl_cdf_tdist_Pinv``); NaN for dof < 1.
    A number gives a float; an array or Series gives the same shape."""
    values = np.asarray(dof, dtype=float)
    quantile = np.where(values >= 1, student_t.ppf(0.975, np.maximum(values, 1)), np.nan)
    if isinstance(dof, pd.Series):
        return pd.Series(quantile, index=dof.index, name=dof.name)
    return float(quantile) if quantile.ndim == 0 else quantile


def t_interval(values: pd.Series) -> tuple[float, float, int]:
    """(mean, half-width of the 95% t-interval, n) of the non-missing values."""
    data = values.dropna().to_numpy(dtype=float)
    n = len(data)
    if n == 0:
        return (math.nan, math.nan, 0)
    mean = float(data.mean())
    if n == 1:
        return (mean, math.nan, 1)
    half = float(t_quantile_975(n - 1) * data.std(ddof=1) / math.sqrt(n))
    return (mean, half, n)


def replicate_bands(frame: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Per point and step: mean, lower and upper 95% bound, and replicate count n."""
    grouped = frame.groupby(["point_id", "step"])[metric]
    summary = grouped.agg(["mean", "std", "count"]).reset_index()
    quantile = t_quantile_975(summary["count"] - 1)
    half = quantile * summary["std"] / np.sqrt(summary["count"])
    half = half.where(summary["count"] > 1)
    summary["low"] = summary["mean"] - half
    summary["high"] = summary["mean"] + half
    return summary.rename(columns={"count": "n"})


def averaging_window(frame: pd.DataFrame, last: int = LAST_STEPS) -> dict[str, Any]:
    """What "each run's last `last` steps" covers in this sweep.

    Keys: ``requested`` (`last`), ``first_step`` and ``last_step`` (the steps the window
    spans, as ranges over runs: (min, max)), ``steps`` (the number of steps the window
    spans, (min, max) over runs), ``short_runs`` (runs spanning fewer than `last` steps),
    ``runs`` and ``weeks`` (True when a step is a week: the ``step`` column's unit in the
    sweep's definitions, else a reference-model sweep). ``describe(window)`` turns it into
    words.
    """
    names = column_defs.of(frame)
    if names.get("step") is not None and names.unit("step"):
        weeks = names.unit("step") == "weeks"
    else:
        weeks = (frame.attrs.get("model") or "reference") == "reference"
    ends = frame.groupby("run_id")["step"].agg(["min", "max"])
    start = np.maximum(ends["min"], ends["max"] - last + 1)
    span = ends["max"] - start + 1
    return {
        "requested": int(last),
        "first_step": (int(start.min()), int(start.max())) if len(ends) else (0, 0),
        "last_step": (int(ends["max"].min()), int(ends["max"].max())) if len(ends) else (0, 0),
        "steps": (int(span.min()), int(span.max())) if len(ends) else (0, 0),
        "short_runs": int((span < last).sum()),
        "runs": int(len(ends)),
        "weeks": weeks,
    }


def describe(window: dict[str, Any]) -> str:
    """What was averaged, in words: ``the last 52 steps (one year; steps 8–59)``, ``all 30
    steps (steps 0–29)`` or, when run lengths differ, ``the last 52 steps, or all steps of
    the 3 of 12 runs shorter than that (down to 30 steps)``."""
    requested = window["requested"]
    low, high = window["steps"]
    first, last = window["first_step"], window["last_step"]
    steps = (f"steps {first[0]}–{last[0]}" if first[0] == first[1] and last[0] == last[1]
             else f"steps from {first[0]}–{first[1]} to {last[0]}–{last[1]}")
    if window["short_runs"] == 0:
        year = "one year; " if requested == 52 and window.get("weeks", True) else ""
        return f"the last {requested} steps ({year}{steps})"
    if window["short_runs"] == window["runs"] and low == high:
        return f"all {low} steps ({steps})"
    return (f"the last {requested} steps, or all steps of the {window['short_runs']} of "
            f"{window['runs']} runs shorter than that (down to {low} steps)")


def shortness_note(window: dict[str, Any]) -> str:
    """``""``, or a warning that runs are shorter than the requested window."""
    if not window["short_runs"]:
        return ""
    which = "the runs are" if window["short_runs"] == window["runs"] else \
        f"{window['short_runs']} of {window['runs']} runs are"
    return f"{which} shorter than {window['requested']} steps: averaged over {describe(window)}"


def final_means(frame: pd.DataFrame, metric: str, last: int = LAST_STEPS) -> pd.DataFrame:
    """Per point: the metric over each run's last `last` steps, averaged, then over replicates.

    Columns: point_id, the parameters, mean, half (95% t half-width), n (runs).
    ``attrs["window"]`` is `averaging_window(frame, last)`: what was actually averaged
    (a run shorter than `last` steps is averaged over all its steps). Warns (UserWarning)
    when some runs are shorter than `last` steps.
    """
    if last < 1:
        raise ValueError(f"the averaging window must be at least 1 step, got {last}")
    values = column_defs.metric_values(frame, metric)
    window = averaging_window(frame, last)
    if window["short_runs"]:
        warnings.warn(shortness_note(window), stacklevel=2)
    last_step = frame.groupby("run_id")["step"].transform("max")
    keep = frame["step"] > last_step - last
    tail = pd.DataFrame({"run_id": frame["run_id"], "point_id": frame["point_id"],
                         "value": values})[keep]
    per_run = tail.groupby("run_id").agg(point_id=("point_id", "first"), value=("value", "mean"))
    rows = []
    for point_id, group in per_run.groupby("point_id"):
        mean, half, n = t_interval(group["value"])
        rows.append({"point_id": point_id, "mean": mean, "half": half, "n": n})
    result = pd.DataFrame(rows, columns=["point_id", "mean", "half", "n"])
    merged = _point_parameters(frame).merge(result, on="point_id")
    merged.attrs["window"] = window
    return merged


def indistinguishable(means: pd.DataFrame) -> pd.Series:
    """Per row of `final_means`: True when its 95% interval overlaps the interval of every
    other point that has one, so the sweep cannot tell it apart from any of them. Points
    without an interval (one replicate) are never marked, and mark nothing."""
    low = (means["mean"] - means["half"]).to_numpy(dtype=float)
    high = (means["mean"] + means["half"]).to_numpy(dtype=float)
    has = np.isfinite(low) & np.isfinite(high)
    marked = np.zeros(len(means), dtype=bool)
    if has.sum() < 2:
        return pd.Series(marked, index=means.index)
    for i in np.flatnonzero(has):
        others = has.copy()
        others[i] = False
        overlaps = (low[others] <= high[i]) & (low[i] <= high[others])
        marked[i] = bool(overlaps.all())
    return pd.Series(marked, index=means.index)


def is_numeric_parameter(values: pd.Series) -> bool:
    """True for a parameter plotted on a number axis; False for words, mixed values and
    booleans, which are categories."""
    if pd.api.types.is_bool_dtype(values):
        return False
    if pd.api.types.is_numeric_dtype(values):
        return True
    present = values.dropna()
    return len(present) > 0 and all(
        isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))
        for v in present
    )


def parameter_levels(points: pd.DataFrame, parameter: str) -> list:
    """The parameter's distinct values in axis order: sorted numbers, false before true,
    otherwise the order in which the sweep's points take them."""
    values = points.sort_values("point_id", kind="stable")[parameter]
    if is_numeric_parameter(values):
        return sorted(pd.to_numeric(values.dropna()).unique().tolist()) + (
            [None] if values.isna().any() else [])
    levels: list = []
    seen: set = set()
    for value in values:
        key = _key(value)
        if key not in seen:
            seen.add(key)
            levels.append(value)
    if all(isinstance(v, (bool, np.bool_)) for v in levels):
        levels.sort()
    return levels


def default_metric(frame: pd.DataFrame) -> str:
    """The metric `plot_sweep` draws when given none (see DEFAULT_METRICS)."""
    model = frame.attrs.get("model") or "reference"
    if model in DEFAULT_METRICS:
        return DEFAULT_METRICS[model]
    metrics = column_defs.available_metrics(frame)
    if not metrics:
        raise ValueError("the sweep has no numeric time-series column to plot")
    return metrics[0]


def plot_sweep(frame: pd.DataFrame, metric: str | None = None, last: int = LAST_STEPS) -> Figure:
    """Replicate means over time per point, plus a phase diagram (two varied parameters)
    or a response curve (one varied parameter). `frame` comes from `load_sweep`; `metric`
    defaults to the model's (`default_metric`)."""
    if frame.empty:
        runs = frame.attrs.get("runs")
        found = sorted(set(runs["status"])) if runs is not None and len(runs) else []
        raise ValueError(
            "the sweep has no time series of runs with status 'ok'"
            + (f" (statuses found: {', '.join(map(str, found))})" if found else "")
        )
    metric = metric or default_metric(frame)
    frame = column_defs.with_metrics(frame, [metric]) if metric not in frame else frame
    column_defs.metric_values(frame, metric)  # ValueError listing the metrics for a bad one
    names = column_defs.of(frame)
    varied = list(frame.attrs.get("varied", []))
    points = _point_parameters(frame)
    bands = replicate_bands(frame, metric)
    replicates = frame.groupby("point_id")["run_id"].nunique()

    second = len(varied) in (1, 2)
    figure = Figure(figsize=(13, 11 if second else 6.5), layout="constrained")
    if second:
        # Two subfigures, so the lower panel's colour bar does not inherit the width the
        # upper panel's legend needs.
        upper, lower = figure.subfigures(2, 1, height_ratios=[1.15, 1])
        top, bottom = upper.subplots(), lower.subplots()
    else:
        lower, top, bottom = None, figure.subplots(), None

    colours = _point_colours(len(points))
    for colour, (_, point) in zip(colours, points.iterrows()):
        rows = bands[bands["point_id"] == point["point_id"]]
        name = _point_name(point, varied) + f"  (n = {replicates[point['point_id']]})"
        fig_util.plot_line(top, rows["step"], rows["mean"], color=colour, linewidth=1.5, label=name)
        has_band = rows["low"].notna()
        top.fill_between(rows["step"][has_band], rows["low"][has_band], rows["high"][has_band],
                         color=colour, alpha=0.2, linewidth=0)
    x_range = fig_util.step_range(frame["step"])
    fig_util.draw_events(top, _shared_events(frame), x_range)
    top.set_xlim(x_range[0], max(x_range[1], x_range[0] + 1))
    top.set_xlabel(fig_util.step_label(names, frame.attrs.get("model")))
    top.set_ylabel(names.axis_label(metric))
    top.set_title(f"{names.label(metric)} per parameter point: replicate mean with 95% "
                  "t-interval band", loc="left", fontsize=11)
    top.grid(True, alpha=0.3)
    top.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, frameon=False,
               fontsize=9 if len(points) <= 12 else 7, ncols=1 if len(points) <= 16 else 2,
               title="point (n = replicates)", title_fontsize=9)

    if len(varied) == 2:
        _phase_diagram(lower, bottom, final_means(frame, metric, last), varied, metric, names)
    elif len(varied) == 1:
        _response_curve(bottom, final_means(frame, metric, last), varied[0], metric, names)

    db_name = Path(frame.attrs.get("db_path", "sweep")).name
    versions = sorted(set(frame["scsim_version"].dropna().astype(str))) \
        if "scsim_version" in frame else []
    facts = [f"{len(points)} points", f"{frame['run_id'].nunique()} runs"]
    if versions:
        facts.append("scsim " + ", ".join(versions))
    figure.suptitle(f"Sweep {db_name}: {names.label(metric)}  —  " + ", ".join(facts),
                    fontsize=13, fontweight="bold")
    return figure


def sweep(db_path: str | Path, out: str | Path | None = None, metric: str | None = None) -> list[Path]:
    """Load a sweep database, draw it and save (default DB_STEM_METRIC.png/.svg beside it);
    `metric` defaults to the sweep's model's (`default_metric`)."""
    db_path = Path(db_path)
    frame = load_sweep(db_path)
    metric = metric or default_metric(frame)
    figure = plot_sweep(frame, metric)
    return fig_util.save_figure(
        figure, out if out is not None else db_path.with_name(f"{db_path.stem}_{metric}")
    )


def phase_grid(means: pd.DataFrame, varied) -> dict[str, Any]:
    """The heat map's cells: ``x_levels``, ``y_levels`` (`parameter_levels`), and arrays
    ``mean``, ``half`` and ``grey`` (`indistinguishable`) of shape (len(y), len(x))."""
    x_name, y_name = varied
    x_levels = parameter_levels(means, x_name)
    y_levels = parameter_levels(means, y_name)
    x_at = {_key(v): k for k, v in enumerate(x_levels)}
    y_at = {_key(v): k for k, v in enumerate(y_levels)}
    shape = (len(y_levels), len(x_levels))
    mean, half = np.full(shape, np.nan), np.full(shape, np.nan)
    grey = np.zeros(shape, dtype=bool)
    marks = indistinguishable(means)
    for index, row in means.iterrows():
        cell = (y_at[_key(row[y_name])], x_at[_key(row[x_name])])
        mean[cell], half[cell], grey[cell] = row["mean"], row["half"], marks[index]
    return {"x_levels": x_levels, "y_levels": y_levels, "mean": mean, "half": half, "grey": grey}


def _phase_diagram(figure, ax, means: pd.DataFrame, varied, metric: str, names) -> None:
    x_name, y_name = varied
    grid = phase_grid(means, varied)
    values, halves, grey = grid["mean"], grid["half"], grid["grey"]
    shown = np.ma.masked_where(grey | ~np.isfinite(values), values)
    image = ax.imshow(shown, origin="lower", aspect="auto",
                      cmap=colormaps["viridis"].with_extremes(bad="white"),
                      interpolation="nearest")
    for row, col in zip(*np.nonzero(grey)):
        ax.add_patch(Rectangle((col - 0.5, row - 0.5), 1, 1, facecolor="0.82",
                               edgecolor="white", linewidth=1, zorder=2))
    ax.set_xticks(range(len(grid["x_levels"])), [_format(v) for v in grid["x_levels"]])
    ax.set_yticks(range(len(grid["y_levels"])), [_format(v) for v in grid["y_levels"]])
    ax.set_xlabel(x_name)
    ax.set_ylabel(y_name)
    finite = shown.compressed()
    middle = (finite.min() + finite.max()) / 2 if finite.size else 0
    if values.size <= 150:
        for (row, col), value in np.ndenumerate(values):
            if np.isfinite(value):
                half = halves[row, col]
                text = f"{value:.3g}" + (f"\n± {half:.2g}" if np.isfinite(half) else "")
                dark = not grey[row, col] and value < middle
                ax.text(col, row, text, ha="center", va="center", fontsize=9, zorder=3,
                        color="white" if dark else "black")
    window = means.attrs.get("window") or averaging_window_placeholder()
    if finite.size:  # no colour scale when every cell is grey: no colour would mean anything
        bar = figure.colorbar(image, ax=ax, shrink=0.9)
        bar.set_label(f"{names.label(metric)}, mean over {describe(window)}", fontsize=8)
    title = (f"Phase diagram: {names.label(metric)} averaged per run over {describe(window)}, "
             "then over replicates (± 95% t-interval)")
    if shortness_note(window):
        title += "\nwarning: " + shortness_note(window)
    if grey.any():
        title += (f"\ngrey: {int(grey.sum())} of {int(np.isfinite(values).sum())} cells whose "
                  "interval overlaps every other cell's (not told apart from any of them)")
    ax.set_title(title, loc="left", fontsize=10)


def _response_curve(ax, means: pd.DataFrame, parameter: str, metric: str, names) -> None:
    levels = parameter_levels(means, parameter)
    numeric = is_numeric_parameter(means[parameter])
    order = {_key(v): k for k, v in enumerate(levels)}
    means = means.assign(_position=[order[_key(v)] for v in means[parameter]])
    means = means.sort_values("_position", kind="stable")
    x = pd.to_numeric(means[parameter]) if numeric else means["_position"]
    ax.errorbar(x, means["mean"], yerr=means["half"].fillna(0), marker="o", capsize=4,
                color="#1f4e79", linewidth=1.5)
    if not numeric:
        ax.set_xticks(range(len(levels)), [_format(v) for v in levels])
    ax.set_xlabel(parameter)
    ax.set_ylabel(names.axis_label(metric))
    ax.grid(True, alpha=0.3)
    window = means.attrs.get("window") or averaging_window_placeholder()
    title = (f"{names.label(metric)} averaged per run over {describe(window)}, against "
             f"{parameter} (replicate mean, 95% t-interval)")
    if shortness_note(window):
        title += "\nwarning: " + shortness_note(window)
    ax.set_title(title, loc="left", fontsize=10)


def averaging_window_placeholder() -> dict[str, Any]:
    return {"requested": LAST_STEPS, "steps": (0, 0), "first_step": (0, 0),
            "last_step": (0, 0), "short_runs": 0, "runs": 0}


def _point_parameters(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per point: point_id and the value of every parameter."""
    parameters = [p for p in frame.attrs.get("parameters", []) if p in frame]
    return (frame[["point_id", *parameters]].drop_duplicates("point_id")
            .sort_values("point_id").reset_index(drop=True))


def _point_name(point: pd.Series, varied) -> str:
    if not varied:
        return f"point {point['point_id']}"
    return ", ".join(f"{p} = {_format(point[p])}" for p in varied)


def _point_colours(count: int):
    if count <= 10:
        palette = colormaps["tab10"]
        return [palette(i) for i in range(count)]
    palette = colormaps["viridis"]
    return [palette(i / max(count - 1, 1)) for i in range(count)]


def _shared_events(frame: pd.DataFrame) -> list[tuple[int, str]]:
    """Policy events in every kept run's scenario (events that vary between runs are omitted)."""
    runs = frame.attrs.get("runs")
    if runs is None or "scenario_json" not in runs:
        return []
    kept = runs[runs["run_id"].isin(frame["run_id"].unique())]
    shared = None
    for text in kept["scenario_json"].dropna():
        try:
            events = set(timeline_events({"scenario": json.loads(text)}))
        except (ValueError, TypeError, KeyError):
            return []
        shared = events if shared is None else shared & events
    return sorted(shared or [])


def _format(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "missing"
    return format_value(value)


def _key(value):
    """A hashable key under which 400 and 400.0 are one value and NaN equals NaN."""
    if value is None or (isinstance(value, (float, np.floating)) and math.isnan(value)):
        return ("missing",)
    if isinstance(value, (bool, np.bool_)):
        return ("bool", bool(value))
    if isinstance(value, (int, float, np.integer, np.floating)):
        return ("number", float(value))
    return ("text", str(value))
