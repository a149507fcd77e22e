"""Sweep figures: each parameter point's replicate mean over time, and a phase diagram.

A point's band is the 95% t-interval of the replicate mean at each step,
mean ± t(0.975, n−1) · sd / √n over its n replicates (no band when n = 1). When exactly
two parameters vary, a heat map shows the metric averaged over each run's last 52 steps
(one year), then over the point's replicates; when one varies, the same average is
plotted against it with its 95% t-interval.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.figure import Figure

from . import _figures as fig_util
from .columns import axis_label, label
from .loaders import load_sweep, timeline_events

DEFAULT_METRIC = "score_mean"
LAST_STEPS = 52


# t(0.975, df) for df = 1 ... 30; beyond, the Cornish-Fisher expansion below is exact to 1e-7.
_T975 = (12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004,
         2.262157, 2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905,
         2.109816, 2.100922, 2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899,
         2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272)
_Z975 = 1.959963984540054


def t_quantile_975(dof: int) -> float:
    """The 97.5% quantile of Student's t with `dof` degrees of freedom (dof >= 1)."""
    if dof < 1:
        return math.nan
    if dof <= len(_T975):
        return _T975[dof - 1]
    z = _Z975
    terms = (
        (z**3 + z) / 4,
        (5 * z**5 + 16 * z**3 + 3 * z) / 96,
        (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384,
        (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160,
    )
    return z + sum(term / dof ** (power + 1) for power, term in enumerate(terms))


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
    quantile = (summary["count"] - 1).map(t_quantile_975)
    half = quantile * summary["std"] / np.sqrt(summary["count"])
    half = half.where(summary["count"] > 1)
    summary["low"] = summary["mean"] - half
    summary["high"] = summary["mean"] + half
    return summary.rename(columns={"count": "n"})


def final_means(frame: pd.DataFrame, metric: str, last: int = LAST_STEPS) -> pd.DataFrame:
    """Per point: the metric over each run's last `last` steps, averaged, then over replicates.

    Columns: point_id, the varied parameters, mean, half (95% t half-width), n (runs).
    """
    last_step = frame.groupby("run_id")["step"].transform("max")
    tail = frame[frame["step"] > last_step - last]
    per_run = tail.groupby("run_id").agg(point_id=("point_id", "first"), value=(metric, "mean"))
    rows = []
    for point_id, group in per_run.groupby("point_id"):
        mean, half, n = t_interval(group["value"])
        rows.append({"point_id": point_id, "mean": mean, "half": half, "n": n})
    result = pd.DataFrame(rows, columns=["point_id", "mean", "half", "n"])
    return _point_parameters(frame).merge(result, on="point_id")


def plot_sweep(frame: pd.DataFrame, metric: str = DEFAULT_METRIC, last: int = LAST_STEPS) -> Figure:
    """Replicate means over time per point, plus a phase diagram (two varied parameters)
    or a response curve (one varied parameter). `frame` comes from `load_sweep`."""
    if frame.empty:
        runs = frame.attrs.get("runs")
        found = sorted(set(runs["status"])) if runs is not None and len(runs) else []
        raise ValueError(
            "the sweep has no time series of runs with status 'ok'"
            + (f" (statuses found: {', '.join(map(str, found))})" if found else "")
        )
    if metric not in frame:
        raise ValueError(f"unknown metric {metric!r}; columns are: {', '.join(frame.columns)}")
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
    top.set_xlabel(fig_util.STEP_LABEL)
    top.set_ylabel(axis_label(metric))
    top.set_title(f"{label(metric)} per parameter point: replicate mean with 95% t-interval band",
                  loc="left", fontsize=11)
    top.grid(True, alpha=0.3)
    top.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, frameon=False,
               fontsize=9 if len(points) <= 12 else 7, ncols=1 if len(points) <= 16 else 2,
               title="point (n = replicates)", title_fontsize=9)

    if len(varied) == 2:
        _phase_diagram(lower, bottom, final_means(frame, metric, last), varied, metric, last)
    elif len(varied) == 1:
        _response_curve(bottom, final_means(frame, metric, last), varied[0], metric, last)

    db_name = Path(frame.attrs.get("db_path", "sweep")).name
    versions = sorted(set(frame["scsim_version"].dropna().astype(str))) \
        if "scsim_version" in frame else []
    facts = [f"{len(points)} points", f"{frame['run_id'].nunique()} runs"]
    if versions:
        facts.append("scsim " + ", ".join(versions))
    figure.suptitle(f"Sweep {db_name}: {label(metric)}  —  " + ", ".join(facts),
                    fontsize=13, fontweight="bold")
    return figure


def sweep(db_path: str | Path, out: str | Path | None = None, metric: str = DEFAULT_METRIC) -> list[Path]:
    """Load a sweep database, draw it and save (default DB_STEM_METRIC.png/.svg beside it)."""
    db_path = Path(db_path)
    figure = plot_sweep(load_sweep(db_path), metric)
    return fig_util.save_figure(
        figure, out if out is not None else db_path.with_name(f"{db_path.stem}_{metric}")
    )


def _phase_diagram(figure, ax, means: pd.DataFrame, varied, metric: str, last: int) -> None:
    x_name, y_name = varied
    grid = means.pivot_table(index=y_name, columns=x_name, values="mean", aggfunc="mean",
                             dropna=False).sort_index(axis=0).sort_index(axis=1)
    halves = means.pivot_table(index=y_name, columns=x_name, values="half", aggfunc="mean",
                               dropna=False).reindex_like(grid)
    image = ax.imshow(grid.to_numpy(dtype=float), origin="lower", aspect="auto",
                      cmap="viridis", interpolation="nearest")
    ax.set_xticks(range(grid.shape[1]), [_format(v) for v in grid.columns])
    ax.set_yticks(range(grid.shape[0]), [_format(v) for v in grid.index])
    ax.set_xlabel(x_name)
    ax.set_ylabel(y_name)
    values = grid.to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    middle = (finite.min() + finite.max()) / 2 if finite.size else 0
    if values.size <= 150:
        for (row, col), value in np.ndenumerate(values):
            if np.isfinite(value):
                half = halves.iat[row, col]
                text = f"{value:.3g}" + (f"\n± {half:.2g}" if np.isfinite(half) else "")
                ax.text(col, row, text, ha="center", va="center", fontsize=9,
                        color="white" if value < middle else "black")
    bar = figure.colorbar(image, ax=ax, shrink=0.9)
    bar.set_label(f"{label(metric)}, mean over the last {last} steps")
    ax.set_title(f"Phase diagram: {label(metric)} averaged over each run's last {last} steps "
                 f"(one year), then over replicates (± 95% t-interval)", loc="left", fontsize=11)


def _response_curve(ax, means: pd.DataFrame, parameter: str, metric: str, last: int) -> None:
    means = means.sort_values(parameter)
    numeric = pd.api.types.is_numeric_dtype(means[parameter])
    x = means[parameter] if numeric else np.arange(len(means))
    ax.errorbar(x, means["mean"], yerr=means["half"].fillna(0), marker="o", capsize=4,
                color="#1f4e79", linewidth=1.5)
    if not numeric:
        ax.set_xticks(x, [_format(v) for v in means[parameter]])
    ax.set_xlabel(parameter)
    ax.set_ylabel(axis_label(metric))
    ax.grid(True, alpha=0.3)
    ax.set_title(f"{label(metric)} over each run's last {last} steps against {parameter} "
                 "(replicate mean, 95% t-interval)", loc="left", fontsize=11)


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
    if isinstance(value, (float, np.floating)):
        return f"{value:g}"
    return str(value)
