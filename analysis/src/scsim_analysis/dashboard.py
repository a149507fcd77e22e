"""The one-run dashboard, chosen by the model that made the run (manifest ``model``).

``reference`` (the social-credit model): four stacked panels - scores, conformity,
ostracism and gaming - answering the model's three questions (docs/MODEL.md section 1)
after showing the score itself. ``adaptive_voter``: four panels - disagreement
(discordant ties), communities, tie moves and adoptions, and the network. The panels
share the step axis; the scenario's policy events are dashed vertical lines on every panel.
Legend texts are the columns' labels and units from the run's manifest
(``column_definitions``); an older run without them shows the column names.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from . import _figures as fig_util
from . import columns as column_defs
from .columns import Columns
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
    "discordant": "#c0392b",
    "communities": "#1f4e79",
    "largest": "#2e8b57",
    "second": "#e67e22",
    "moves": "#2980b9",
    "adoptions": "#8e44ad",
    "rejected": "#7f7f7f",
    "isolated": "#c0392b",
    "transitivity": "#e67e22",
}


def plot_dashboard(frame: pd.DataFrame) -> Figure:
    """The dashboard of one run (a frame from `load_run`), for the run's model."""
    manifest = frame.attrs.get("manifest", {})
    events = frame.attrs.get("events", [])
    model = frame.attrs.get("model") or "reference"
    if model not in PANELS:
        raise ValueError(f"no dashboard for model {model!r}; models: {', '.join(PANELS)}")
    names = column_defs.of(frame)
    steps = frame["step"]
    x_range = fig_util.step_range(steps)

    panels = PANELS[model]
    figure = Figure(figsize=(13, 4 * len(panels)), layout="constrained")
    axes = figure.subplots(len(panels), 1, sharex=True)
    for ax, panel in zip(axes, panels):
        panel(ax, frame, names)

    for ax in axes:
        fig_util.draw_events(ax, events, x_range)
        ax.grid(True, alpha=0.3)
        ax.set_xlim(x_range[0], max(x_range[1], x_range[0] + 1))
    axes[-1].set_xlabel(fig_util.step_label(names, model))
    if model == "reference" and x_range[1] - x_range[0] >= 104:  # years help from two years up
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


def _text(names: Columns, column: str, note: str = "") -> str:
    """Legend text: the column's label and unit (from the run's definitions), then `note`."""
    unit = names.unit(column)
    return names.label(column) + (f" ({unit})" if unit else "") + note


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


def _scores_panel(ax: Axes, frame: pd.DataFrame, names: Columns) -> None:
    steps = frame["step"]
    low, high = _column(frame, "score_p10"), _column(frame, "score_p90")
    band_rows = low.notna() & high.notna()
    band = ax.fill_between(
        steps[band_rows], low[band_rows], high[band_rows],
        color=COLOURS["band"], alpha=0.6, linewidth=0,
        label=f"middle 80%: {names.label('score_p10')} to {names.label('score_p90')}",
    )
    mean = fig_util.plot_line(
        ax, steps, _column(frame, "score_mean"),
        color=COLOURS["score"], linewidth=2, label=_text(names, "score_mean"),
    )
    ax.set_ylabel("score of enrolled citizens (points)")
    ax.set_title("(a) Scores: how enrolled citizens score, and who gets benefits or penalties",
                 loc="left", fontsize=11)

    twin = ax.twinx()
    shares = [
        fig_util.plot_line(twin, steps, _column(frame, "benefit_frac"), color=COLOURS["benefit"],
                           linewidth=1.4, label=_text(names, "benefit_frac", "  → right axis")),
        fig_util.plot_line(twin, steps, _column(frame, "penalty_frac"), color=COLOURS["penalty"],
                           linewidth=1.4, label=_text(names, "penalty_frac", "  → right axis")),
        fig_util.plot_line(twin, steps, _column(frame, "enrolled_frac"), color=COLOURS["enrolled"],
                           linewidth=1.4, linestyle=":",
                           label=_text(names, "enrolled_frac", "  → right axis")),
    ]
    twin.set_ylim(0, 1.05)
    twin.set_ylabel("share of citizens (0–1)")
    _legend(ax, [mean, band, *shares])


def _conformity_panel(ax: Axes, frame: pd.DataFrame, names: Columns) -> None:
    steps = frame["step"]
    handles = [
        fig_util.plot_line(ax, steps, _column(frame, "approved_purchase_frac"),
                           color=COLOURS["approved"], linewidth=1.5,
                           label=_text(names, "approved_purchase_frac")),
        fig_util.plot_line(ax, steps, _column(frame, "dissent_post_frac"),
                           color=COLOURS["dissent"], linewidth=1.5,
                           label=_text(names, "dissent_post_frac", " = public dissent")),
        fig_util.plot_line(ax, steps, _column(frame, "opinion_mean"),
                           color=COLOURS["opinion"], linewidth=2,
                           label=_text(names, "opinion_mean")),
        fig_util.plot_line(ax, steps, _column(frame, "falsification_gap"),
                           color=COLOURS["gap"], linewidth=1.5, linestyle="--",
                           label=_text(names, "falsification_gap")),
    ]
    ax.axhline(0, color="0.5", linewidth=0.8)
    ax.set_ylabel("share or opinion (0–1)")
    ax.set_title("(b) Conformity: what citizens buy and post, versus what they privately think",
                 loc="left", fontsize=11)
    _legend(ax, handles)


def _ostracism_panel(ax: Axes, frame: pd.DataFrame, names: Columns) -> None:
    steps = frame["step"]
    handles = [
        fig_util.plot_line(ax, steps, _column(frame, "giant_frac"), color=COLOURS["giant"],
                           linewidth=2, label=_text(names, "giant_frac")),
        fig_util.plot_line(ax, steps, _column(frame, "clustering_avg"),
                           color=COLOURS["clustering"], linewidth=1.5,
                           label=_text(names, "clustering_avg")),
        fig_util.plot_line(ax, steps, _column(frame, "score_assortativity"),
                           color=COLOURS["assortativity"], linewidth=1.5,
                           label=_text(names, "score_assortativity")),
        fig_util.plot_line(ax, steps, _column(frame, "low_isolated_frac"),
                           color=COLOURS["low_isolated"], linewidth=1.5,
                           label=_text(names, "low_isolated_frac")),
        fig_util.plot_line(ax, steps, _column(frame, "low_degree_ratio"),
                           color=COLOURS["low_degree"], linewidth=1.5, linestyle="--",
                           label=_text(names, "low_degree_ratio")),
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


def _gaming_panel(ax: Axes, frame: pd.DataFrame, names: Columns) -> None:
    steps = frame["step"]
    shares = [
        fig_util.plot_line(ax, steps, _column(frame, "padder_frac"), color=COLOURS["padder"],
                           linewidth=2, label=_text(names, "padder_frac")),
        fig_util.plot_line(ax, steps, _column(frame, "evader_frac"), color=COLOURS["evader"],
                           linewidth=2, label=_text(names, "evader_frac")),
        fig_util.plot_line(ax, steps, _column(frame, "colluder_frac"), color=COLOURS["colluder"],
                           linewidth=2, label=_text(names, "colluder_frac")),
    ]
    ax.set_ylim(bottom=0)
    ax.set_ylabel("share of all citizens")
    ax.set_title("(d) Gaming: who games the score (thick, left axis) and its traces per step "
                 "(thin, right axis)", loc="left", fontsize=11)

    twin = ax.twinx()
    counts = [
        fig_util.plot_line(twin, steps, _column(frame, "fake_purchases"), color=COLOURS["fake"],
                           linewidth=0.8, alpha=0.7, label=_text(names, "fake_purchases", "  → right")),
        fig_util.plot_line(twin, steps, _column(frame, "hidden_purchases"),
                           color=COLOURS["hidden"], linewidth=0.8, alpha=0.7,
                           label=_text(names, "hidden_purchases", "  → right")),
    ]
    caught = _column(frame, "caught")
    hits = caught > 0
    (caught_marks,) = twin.plot(steps[hits], caught[hits], linestyle="none", marker="v",
                                markersize=3, alpha=0.55, color=COLOURS["caught"],
                                label=_text(names, "caught", "  → right"))
    twin.set_yscale("symlog", linthresh=1)
    twin.set_ylim(bottom=0)
    twin.set_ylabel("count per step (log scale above 1)")
    _legend(ax, [*shares, *counts, caught_marks])


# --- The adaptive voter model ------------------------------------------------------------

def _disagreement_panel(ax: Axes, frame: pd.DataFrame, names: Columns) -> None:
    steps = frame["step"]
    handles = [
        fig_util.plot_line(ax, steps, _column(frame, "discordant_frac"),
                           color=COLOURS["discordant"], linewidth=2,
                           label=_text(names, "discordant_frac")),
    ]
    consensus = _column(frame, "consensus")
    reached = frame.loc[consensus.fillna(0) > 0, "step"]
    if len(reached):
        ax.axvline(reached.iloc[0], color="0.2", linewidth=1.2, linestyle=":")
        handles.append(Line2D([], [], color="0.2", linestyle=":",
                              label=f"{names.label('consensus')}: first at step {reached.iloc[0]}"))
    ax.set_ylim(bottom=0)
    ax.set_ylabel(names.unit("discordant_frac") or "share of ties")
    ax.set_title("(a) Disagreement: how many ties still join two opinions (0 = consensus)",
                 loc="left", fontsize=11)
    _legend(ax, handles)


def _communities_panel(ax: Axes, frame: pd.DataFrame, names: Columns) -> None:
    steps = frame["step"]
    counts = [
        fig_util.plot_line(ax, steps, _column(frame, "communities"), color=COLOURS["communities"],
                           linewidth=2, label=_text(names, "communities")),
    ]
    ax.set_ylim(bottom=0)
    ax.set_ylabel(names.unit("communities") or "count")
    twin = ax.twinx()
    shares = [
        fig_util.plot_line(twin, steps, _column(frame, "largest_community_frac"),
                           color=COLOURS["largest"], linewidth=1.5,
                           label=_text(names, "largest_community_frac", "  → right axis")),
        fig_util.plot_line(twin, steps, _column(frame, "second_community_frac"),
                           color=COLOURS["second"], linewidth=1.5, linestyle="--",
                           label=_text(names, "second_community_frac", "  → right axis")),
    ]
    twin.set_ylim(0, 1.05)
    twin.set_ylabel("share of all people (0–1)")
    ax.set_title("(b) Communities: one like-minded giant, or many small groups?",
                 loc="left", fontsize=11)
    _legend(ax, [*counts, *shares])


def _moves_panel(ax: Axes, frame: pd.DataFrame, names: Columns) -> None:
    steps = frame["step"]
    handles = [
        fig_util.plot_line(ax, steps, _column(frame, column), color=COLOURS[colour],
                           linewidth=1.5, label=_text(names, column))
        for column, colour in (("tie_moves", "moves"), ("adoptions", "adoptions"),
                               ("rejected_moves", "rejected"))
    ]
    ax.set_ylim(bottom=0)
    ax.set_ylabel(names.unit("tie_moves") or "count")
    ax.set_title("(c) Updates: ties moved to like-minded people versus opinions adopted",
                 loc="left", fontsize=11)
    _legend(ax, handles)


def _voter_network_panel(ax: Axes, frame: pd.DataFrame, names: Columns) -> None:
    steps = frame["step"]
    handles = [
        fig_util.plot_line(ax, steps, _column(frame, column), color=COLOURS[colour],
                           linewidth=1.5, label=_text(names, column))
        for column, colour in (("giant_frac", "giant"), ("isolated_frac", "isolated"),
                               ("clustering_avg", "clustering"), ("transitivity", "transitivity"))
    ]
    title = "(d) Network: does the friendship network hold together?"
    if "network_metrics" in frame:
        exact = int((frame["network_metrics"] == "exact").sum())
        if 0 < exact < len(frame):
            title += f"\n    (component and clustering columns measured on {exact} of {len(frame)} rows)"
    ax.set_ylim(bottom=0)
    ax.set_ylabel("share or coefficient")
    ax.set_title(title, loc="left", fontsize=11)
    _legend(ax, handles)


# The dashboard's panels for each model.
PANELS = {
    "reference": (_scores_panel, _conformity_panel, _ostracism_panel, _gaming_panel),
    "adaptive_voter": (_disagreement_panel, _communities_panel, _moves_panel,
                       _voter_network_panel),
}
