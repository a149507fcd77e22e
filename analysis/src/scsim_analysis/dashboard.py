"""The one-run dashboard: scores, conformity, ostracism and gaming over time.

Four stacked panels share the step axis; the scenario's policy events are dashed vertical
lines on every panel. The panels answer the model's three questions (docs/MODEL.md
section 1) after showing the score itself.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from . import _figures as fig_util
from .loaders import load_run

# One colour per quantity, kept across panels so a colour means one thing.
COLOURS = {
    "score": "#1f4e79",
    "band": "#9dc3e6",
    "benefit": "#2e8b57",
    "penalty": "#c0392b",
    "enrolled": "#7f7f7f",
    "approved": "#2e8b57",
    "dissent": "#c0392b",
    "opinion": "#8e44ad",
    "gap": "#e67e22",
    "giant": "#1f4e79",
    "clustering": "#16a085",
    "assortativity": "#8e44ad",
    "low_isolated": "#c0392b",
    "low_degree": "#e67e22",
    "padder": "#2980b9",
    "evader": "#8e44ad",
    "colluder": "#c0392b",
    "fake": "#2980b9",
    "hidden": "#8e44ad",
    "caught": "#000000",
}


def plot_dashboard(frame: pd.DataFrame) -> Figure:
    """The four-panel dashboard of one run (a frame from `load_run`)."""
    manifest = frame.attrs.get("manifest", {})
    events = frame.attrs.get("events", [])
    steps = frame["step"]
    x_range = fig_util.step_range(steps)

    figure = Figure(figsize=(13, 16), layout="constrained")
    axes = figure.subplots(4, 1, sharex=True)
    _scores_panel(axes[0], frame)
    _conformity_panel(axes[1], frame)
    _ostracism_panel(axes[2], frame)
    _gaming_panel(axes[3], frame)

    for ax in axes:
        fig_util.draw_events(ax, events, x_range)
        ax.grid(True, alpha=0.3)
        ax.set_xlim(x_range[0], max(x_range[1], x_range[0] + 1))
    axes[-1].set_xlabel(fig_util.STEP_LABEL)
    if x_range[1] - x_range[0] >= 104:  # a years scale helps from two years up
        years = axes[0].secondary_xaxis("top", functions=(lambda w: w / 52, lambda y: y * 52))
        years.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"year {v:g}"))
        years.tick_params(labelsize=8)

    figure.suptitle(
        fig_util.run_title(manifest, Path(frame.attrs.get("run_dir", "run")).name),
        fontsize=13,
        fontweight="bold",
    )
    return figure


def dashboard(run_dir: str | Path, out: str | Path | None = None) -> list[Path]:
    """Load a run folder, draw its dashboard and save it (default RUN_DIR/dashboard.png/.svg)."""
    frame = load_run(run_dir)
    figure = plot_dashboard(frame)
    return fig_util.save_figure(figure, out if out is not None else Path(run_dir) / "dashboard")


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """The column, or an all-missing one when an older scsim did not write it."""
    if name in frame:
        return frame[name]
    return pd.Series(float("nan"), index=frame.index)


def _legend(ax: Axes, handles: list, title: str | None = None) -> None:
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.08, 1.0),
        borderaxespad=0.0,
        fontsize=9,
        title=title,
        title_fontsize=9,
        frameon=False,
    )


def _scores_panel(ax: Axes, frame: pd.DataFrame) -> None:
    steps = frame["step"]
    low, high = _column(frame, "score_p10"), _column(frame, "score_p90")
    band_rows = low.notna() & high.notna()
    band = ax.fill_between(
        steps[band_rows], low[band_rows], high[band_rows],
        color=COLOURS["band"], alpha=0.6, linewidth=0,
        label="middle 80% of scores (10th–90th percentile)",
    )
    mean = fig_util.plot_line(
        ax, steps, _column(frame, "score_mean"),
        color=COLOURS["score"], linewidth=2, label="mean score",
    )
    ax.set_ylabel("score of enrolled citizens (points)")
    ax.set_title("(a) Scores: how enrolled citizens score, and who gets benefits or penalties",
                 loc="left", fontsize=11)

    twin = ax.twinx()
    shares = [
        fig_util.plot_line(twin, steps, _column(frame, "benefit_frac"), color=COLOURS["benefit"],
                           linewidth=1.4, label="benefit tier (share of enrolled)  → right axis"),
        fig_util.plot_line(twin, steps, _column(frame, "penalty_frac"), color=COLOURS["penalty"],
                           linewidth=1.4, label="penalty tier (share of enrolled)  → right axis"),
        fig_util.plot_line(twin, steps, _column(frame, "enrolled_frac"), color=COLOURS["enrolled"],
                           linewidth=1.4, linestyle=":",
                           label="enrolled (share of all citizens)  → right axis"),
    ]
    twin.set_ylim(0, 1.05)
    twin.set_ylabel("share of citizens (0–1)")
    _legend(ax, [mean, band, *shares])


def _conformity_panel(ax: Axes, frame: pd.DataFrame) -> None:
    steps = frame["step"]
    handles = [
        fig_util.plot_line(ax, steps, _column(frame, "approved_purchase_frac"),
                           color=COLOURS["approved"], linewidth=1.5,
                           label="approved purchases (share of visible purchases)"),
        fig_util.plot_line(ax, steps, _column(frame, "dissent_post_frac"),
                           color=COLOURS["dissent"], linewidth=1.5,
                           label="dissent posts (share of genuine posts) = public dissent"),
        fig_util.plot_line(ax, steps, _column(frame, "opinion_mean"),
                           color=COLOURS["opinion"], linewidth=2,
                           label="mean private opinion (0 = conform, 1 = dissent)"),
        fig_util.plot_line(ax, steps, _column(frame, "falsification_gap"),
                           color=COLOURS["gap"], linewidth=1.5, linestyle="--",
                           label="falsification gap = private − public dissent"),
    ]
    ax.axhline(0, color="0.5", linewidth=0.8)
    ax.set_ylabel("share or opinion (0–1)")
    ax.set_title("(b) Conformity: what citizens buy and post, versus what they privately think",
                 loc="left", fontsize=11)
    _legend(ax, handles)


def _ostracism_panel(ax: Axes, frame: pd.DataFrame) -> None:
    steps = frame["step"]
    handles = [
        fig_util.plot_line(ax, steps, _column(frame, "giant_frac"), color=COLOURS["giant"],
                           linewidth=2, label="giant component (share of all citizens)"),
        fig_util.plot_line(ax, steps, _column(frame, "clustering_avg"),
                           color=COLOURS["clustering"], linewidth=1.5,
                           label="clustering (mean local coefficient)"),
        fig_util.plot_line(ax, steps, _column(frame, "score_assortativity"),
                           color=COLOURS["assortativity"], linewidth=1.5,
                           label="score assortativity (do friends score alike? −1 to 1)"),
        fig_util.plot_line(ax, steps, _column(frame, "low_isolated_frac"),
                           color=COLOURS["low_isolated"], linewidth=1.5,
                           label="low scorers with no friends (share of bottom 10%)"),
        fig_util.plot_line(ax, steps, _column(frame, "low_degree_ratio"),
                           color=COLOURS["low_degree"], linewidth=1.5, linestyle="--",
                           label="low scorers' friends ÷ average friends (1 = equal)"),
    ]
    ax.axhline(0, color="0.5", linewidth=0.8)
    title = "(c) Ostracism: are low scorers cut out, does the network fragment or sort by score?"
    if "network_metrics" in frame:
        exact = int((frame["network_metrics"] == "exact").sum())
        if 0 < exact < len(frame):
            title += f"\n    (giant component and clustering measured on {exact} of {len(frame)} steps)"
    ax.set_title(title, loc="left", fontsize=11)
    ax.set_ylabel("share, coefficient or ratio")
    _legend(ax, handles)


def _gaming_panel(ax: Axes, frame: pd.DataFrame) -> None:
    steps = frame["step"]
    shares = [
        fig_util.plot_line(ax, steps, _column(frame, "padder_frac"), color=COLOURS["padder"],
                           linewidth=2, label="padders: fake purchases and spam posts"),
        fig_util.plot_line(ax, steps, _column(frame, "evader_frac"), color=COLOURS["evader"],
                           linewidth=2, label="evaders: hide disapproved purchases"),
        fig_util.plot_line(ax, steps, _column(frame, "colluder_frac"), color=COLOURS["colluder"],
                           linewidth=2, label="colluders: friendship rings"),
    ]
    ax.set_ylim(bottom=0)
    ax.set_ylabel("share of all citizens")
    ax.set_title("(d) Gaming: who games the score (thick, left axis) and its traces per step "
                 "(thin, right axis)", loc="left", fontsize=11)

    twin = ax.twinx()
    counts = [
        fig_util.plot_line(twin, steps, _column(frame, "fake_purchases"), color=COLOURS["fake"],
                           linewidth=0.8, alpha=0.7, label="fake purchases per step  → right"),
        fig_util.plot_line(twin, steps, _column(frame, "hidden_purchases"),
                           color=COLOURS["hidden"], linewidth=0.8, alpha=0.7,
                           label="hidden purchases per step  → right"),
    ]
    caught = _column(frame, "caught")
    hits = caught > 0
    (caught_marks,) = twin.plot(steps[hits], caught[hits], linestyle="none", marker="v",
                                markersize=3, alpha=0.55, color=COLOURS["caught"],
                                label="gamers caught by audit per step  → right")
    twin.set_yscale("symlog", linthresh=1)
    twin.set_ylim(bottom=0)
    twin.set_ylabel("count per step (log scale above 1)")
    _legend(ax, [*shares, *counts, caught_marks])
