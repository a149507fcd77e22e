"""Looking inside a run: figures from the event log and the citizen panel (run.sqlite).

    scsim-plot runs/mandatory --inside                   runs/mandatory/inside.png/.svg
    scsim-plot runs/mandatory --inside --group friendless --at 259

Six panels, for the three questions the event log and panel were made for:

(a) who is cut off: unfriendings received per citizen-week by the cut citizen's score
    decile (enrolled citizens; decile as the time series' ``decileK_*`` columns), before
    and after the split step (the first timeline event; ``--at``);
(b) mean degree by score decile over time (bottom, middle, top), and the friendless
    share of the bottom decile;
(c) per-strategy trajectories: mean payoff of enrolled citizens by strategy;
(d) audits: outcomes per 13 weeks (clean, missed, caught, reformed) and the strategy
    changes away from gaming;
(e) collusion rings: count, mean and largest size (from the panel's ``ring``);
(f) a score-trajectory fan for a chosen group (``--group``: bottom-decile, friendless,
    padder, evader, colluder, honest), fixed at the split step: median, 25-75 and 10-90%
    bands of the group's scores, against everyone's median.

Every number drawn comes from a function here that returns a DataFrame
(`unfriending_by_decile`, `degree_by_decile`, `strategy_outcomes`, `audit_outcomes`,
`ring_sizes`, `score_fan`), so a notebook can print what the figure shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import _figures as fig_util
from .loaders import STRATEGIES, load_events, load_panel, timeline_events

__all__ = [
    "GROUPS",
    "score_deciles",
    "unfriending_by_decile",
    "degree_by_decile",
    "strategy_outcomes",
    "audit_outcomes",
    "ring_sizes",
    "group_members",
    "score_fan",
    "plot_inside",
    "inside",
]

GROUPS = ("bottom-decile", "friendless", "honest", "padder", "evader", "colluder")
STRATEGY_COLOURS = {"honest": "tab:blue", "padder": "tab:orange", "evader": "tab:green",
                    "colluder": "tab:red", "resister": "tab:purple"}
AUDIT_COLOURS = {"clean": "0.7", "missed": "tab:orange", "caught": "tab:red",
                 "reformed": "tab:purple"}


def score_deciles(panel: pd.DataFrame) -> pd.Series:
    """Each panel row's score decile (1-10) among the enrolled at its step, 0 outside the
    system: ranked by score ascending, ties by citizen id, decile d holding ranks
    floor((d-1) n/10) to floor(d n/10) - 1 (the time series' ``decileK_*`` definition)."""
    deciles = pd.Series(0, index=panel.index, dtype="int64")
    enrolled = panel[panel["enrolled"] & panel["score"].notna()]
    ordered = enrolled.sort_values(["step", "score", "citizen"], kind="stable")
    rank = ordered.groupby("step").cumcount().to_numpy()
    size = ordered.groupby("step")["citizen"].transform("size").to_numpy()
    # The d with floor((d-1) n/10) <= rank < floor(d n/10).
    d = np.ones(len(rank), dtype=np.int64)
    for k in range(1, 10):
        d += rank >= (k * size) // 10
    deciles.loc[ordered.index] = d
    return deciles


def _intervals(panel_steps: np.ndarray, last_step: int) -> pd.DataFrame:
    """Each panel step p and the steps (p, next panel step] whose events its state
    explains (the last panel step explains nothing after the run's end)."""
    steps = np.sort(panel_steps)
    following = np.append(steps[1:], last_step)
    return pd.DataFrame({"step": steps, "until": np.maximum(following, steps)})


def unfriending_by_decile(events: pd.DataFrame, panel: pd.DataFrame, split: int) -> pd.DataFrame:
    """Unfriendings received per citizen-week by score decile, before and after ``split``.

    An unfriending at step s is charged to the cut citizen's (``other``'s) decile at the
    last panel step before s; the exposure of a decile is its size at each panel step
    times the weeks until the next one, split at ``split``. Returns one row per decile
    (0 outside the system, 1-10) with ``before``, ``after`` (rates), ``events_before``,
    ``events_after`` and ``citizen_weeks_before``/``_after``.
    """
    panel = panel[["step", "citizen"]].assign(decile=score_deciles(panel))
    steps = np.sort(panel["step"].unique())
    last = int(events["step"].max()) if len(events) else int(steps.max())
    spans = _intervals(steps, max(last, int(steps.max())))
    sizes = panel.groupby(["step", "decile"]).size().rename("n").reset_index().merge(spans, on="step")
    # Weeks s in (p, until]: before the split those with s < split.
    sizes["weeks_before"] = (np.minimum(sizes["until"], split - 1) - sizes["step"]).clip(lower=0)
    sizes["weeks_after"] = (sizes["until"] - np.maximum(sizes["step"], split - 1)).clip(lower=0)
    exposure = pd.DataFrame({
        "citizen_weeks_before": (sizes["n"] * sizes["weeks_before"]).groupby(sizes["decile"]).sum(),
        "citizen_weeks_after": (sizes["n"] * sizes["weeks_after"]).groupby(sizes["decile"]).sum(),
    })
    cuts = events[(events["kind"] == "tie_removed") & (events["reason"] == "unfriend")]
    cuts = pd.DataFrame({"step": cuts["step"].to_numpy(), "citizen": cuts["other"].astype("int64").to_numpy()})
    cuts = cuts[cuts["step"] > steps.min()].sort_values("step", kind="stable")
    state = panel.rename(columns={"step": "panel_step"}).sort_values("panel_step", kind="stable")
    charged = pd.merge_asof(cuts, state, left_on="step", right_on="panel_step", by="citizen",
                            allow_exact_matches=False)
    charged = charged.dropna(subset=["decile"])
    after = charged["step"] >= split
    counts = pd.DataFrame({
        "events_before": charged[~after].groupby("decile").size(),
        "events_after": charged[after].groupby("decile").size(),
    })
    counts.index = counts.index.astype("int64")
    table = exposure.join(counts, how="left").fillna(0)
    table[["events_before", "events_after"]] = table[["events_before", "events_after"]].astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        table["before"] = table["events_before"] / table["citizen_weeks_before"].replace(0, np.nan)
        table["after"] = table["events_after"] / table["citizen_weeks_after"].replace(0, np.nan)
    table.index.name = "decile"
    return table[["before", "after", "events_before", "events_after",
                  "citizen_weeks_before", "citizen_weeks_after"]]


def degree_by_decile(panel: pd.DataFrame) -> pd.DataFrame:
    """Per panel step and score decile (1-10, enrolled only): ``degree_mean`` and
    ``isolated_frac`` (share with no friend); index (step, decile)."""
    frame = panel.assign(decile=score_deciles(panel))
    frame = frame[frame["decile"] > 0]
    grouped = frame.groupby(["step", "decile"])["degree"]
    return pd.DataFrame({"degree_mean": grouped.mean(),
                         "isolated_frac": grouped.apply(lambda d: float((d == 0).mean()))})


def strategy_outcomes(panel: pd.DataFrame) -> pd.DataFrame:
    """Per panel step and strategy: ``count`` (enrolled or not), ``score_mean`` and
    ``payoff_mean`` (enrolled), ``penalty_frac`` (enrolled in the penalty tier); index
    (step, strategy) - the time series' ``strategy_*`` columns at the panel steps."""
    grouped = panel.groupby(["step", "strategy"], observed=False)
    enrolled = panel[panel["enrolled"]].groupby(["step", "strategy"], observed=False)
    return pd.DataFrame({
        "count": grouped.size(),
        "score_mean": enrolled["score"].mean(),
        "payoff_mean": enrolled["payoff"].mean(),
        "penalty_frac": enrolled["tier"].apply(lambda t: float((t == "penalty").mean()) if len(t) else np.nan),
    })


def audit_outcomes(events: pd.DataFrame, every: int = 13) -> pd.DataFrame:
    """Audit outcomes and strategy changes per ``every`` steps: columns ``clean``,
    ``missed``, ``caught``, ``reformed`` (counts), ``caught_share`` ((caught + reformed) /
    audits of gamers) and ``quit_gaming`` (changes from padder/evader/colluder to
    honest); index the first step of each bin."""
    audits = events[events["kind"] == "audit"]
    bins = (audits["step"] // every) * every
    table = pd.crosstab(bins, audits["reason"].astype(str))
    for reason in AUDIT_COLOURS:
        if reason not in table:
            table[reason] = 0
    table = table[list(AUDIT_COLOURS)]
    gamers = table["missed"] + table["caught"] + table["reformed"]
    table["caught_share"] = (table["caught"] + table["reformed"]) / gamers.replace(0, np.nan)
    changes = events[(events["kind"] == "strategy")]
    quits = changes[changes["reason"].astype(str).isin(
        [f"{s}->honest" for s in ("padder", "evader", "colluder")])]
    table["quit_gaming"] = quits.groupby((quits["step"] // every) * every).size()
    table["quit_gaming"] = table["quit_gaming"].fillna(0).astype("int64")
    table.index.name = "step"
    return table


def ring_sizes(panel: pd.DataFrame) -> pd.DataFrame:
    """Per panel step: ``rings`` (with a member), ``members``, ``mean_size``,
    ``largest`` (0 with none) - the ``rings`` column group's values at the panel steps."""
    steps = pd.Index(sorted(panel["step"].unique()), name="step")
    members = panel[panel["ring"].notna()]
    sizes = members.groupby(["step", "ring"]).size()
    by_step = sizes.groupby(level="step")
    table = pd.DataFrame({"rings": by_step.size(), "members": by_step.sum(),
                          "largest": by_step.max()}).reindex(steps, fill_value=0)
    table["mean_size"] = table["members"] / table["rings"].replace(0, np.nan)
    return table.astype({"rings": "int64", "members": "int64", "largest": "int64"})


def group_members(panel: pd.DataFrame, group: str, at: int) -> np.ndarray:
    """The ids of a group at the panel step ``at`` (or the last panel step before it):
    ``bottom-decile`` (score decile 1 of the enrolled), ``friendless`` (enrolled, no
    friend) or a strategy name."""
    if group not in GROUPS:
        raise ValueError(f"unknown group {group}; groups are {', '.join(GROUPS)}")
    steps = np.sort(panel["step"].unique())
    earlier = steps[steps <= at]
    if len(earlier) == 0:
        raise ValueError(f"no panel step at or before {at} (the first is {steps.min()})")
    frame = panel[panel["step"] == earlier[-1]]
    if group == "bottom-decile":
        chosen = frame[score_deciles(frame) == 1]
    elif group == "friendless":
        chosen = frame[frame["enrolled"] & (frame["degree"] == 0)]
    else:
        chosen = frame[frame["strategy"] == group]
    return chosen["citizen"].to_numpy()


def score_fan(panel: pd.DataFrame, citizens: np.ndarray) -> pd.DataFrame:
    """Per panel step, the chosen citizens' score quantiles (``p10, p25, p50, p75, p90``,
    enrolled only), ``n`` and everyone's median ``all_p50``."""
    chosen = panel[panel["citizen"].isin(citizens) & panel["score"].notna()]
    if len(chosen) == 0:
        return pd.DataFrame(columns=["p10", "p25", "p50", "p75", "p90", "n", "all_p50"],
                            index=pd.Index([], name="step"), dtype=float)
    quantiles = chosen.groupby("step")["score"].quantile([0.1, 0.25, 0.5, 0.75, 0.9]).unstack()
    quantiles.columns = ["p10", "p25", "p50", "p75", "p90"]
    quantiles["n"] = chosen.groupby("step").size()
    quantiles["all_p50"] = panel[panel["score"].notna()].groupby("step")["score"].median()
    return quantiles


def split_step(manifest: dict[str, Any], panel: pd.DataFrame) -> int:
    """The first timeline event's step, else the middle of the run."""
    events = timeline_events(manifest)
    if events:
        return int(events[0][0])
    return int(panel["step"].max() + 1) // 2


def plot_inside(events: pd.DataFrame, panel: pd.DataFrame, manifest: dict[str, Any],
                group: str = "bottom-decile", at: int | None = None) -> Figure:
    """The six-panel figure (see the module docstring); returns the Figure."""
    if len(panel) == 0:
        raise ValueError("the panel is empty")
    split = split_step(manifest, panel) if at is None else int(at)
    policy = timeline_events(manifest)
    x_range = fig_util.step_range(panel["step"])
    figure = Figure(figsize=(15, 9.5), layout="constrained")
    axes = figure.subplots(2, 3)
    figure.suptitle(fig_util.run_title(manifest, "run") + f"\nsplit at step {split}", fontsize=10)

    # (a) unfriendings received per citizen-week by decile, before and after the split.
    ax = axes[0, 0]
    rates = unfriending_by_decile(events, panel, split).drop(index=0, errors="ignore")
    x = np.arange(len(rates))
    ax.bar(x - 0.2, rates["before"] * 1000, 0.4, label=f"before step {split}", color="0.6")
    ax.bar(x + 0.2, rates["after"] * 1000, 0.4, label=f"from step {split}", color="tab:red")
    ax.set_xticks(x, [str(d) for d in rates.index])
    ax.set_xlabel("score decile of the citizen cut (1 = lowest)")
    ax.set_ylabel("unfriendings received per 1,000 citizen-weeks")
    ax.set_title("(a) who is unfriended", loc="left", fontsize=10)
    ax.legend(fontsize=8)

    # (b) mean degree by decile; the bottom decile's friendless share on the right axis.
    ax = axes[0, 1]
    degree = degree_by_decile(panel)
    for decile, colour, name in ((1, "tab:red", "decile 1 (lowest)"), (5, "0.4", "decile 5"),
                                 (10, "tab:blue", "decile 10 (highest)")):
        if decile in degree.index.get_level_values("decile"):
            series = degree.xs(decile, level="decile")["degree_mean"]
            fig_util.plot_line(ax, series.index.to_series(), series, color=colour, label=name)
    ax.set_ylabel("mean degree (friends)")
    twin = ax.twinx()
    if 1 in degree.index.get_level_values("decile"):
        lonely = degree.xs(1, level="decile")["isolated_frac"]
        fig_util.plot_line(twin, lonely.index.to_series(), lonely, color="tab:red", linestyle=":",
                           label="decile 1 friendless share")
    twin.set_ylabel("decile 1 friendless share (dotted)")
    fig_util.draw_events(ax, policy, x_range)
    ax.set_xlabel(fig_util.STEP_LABEL)
    ax.set_title("(b) degree by score decile", loc="left", fontsize=10)
    ax.legend(fontsize=8, loc="lower left")

    # (c) per-strategy mean payoff.
    ax = axes[0, 2]
    outcomes = strategy_outcomes(panel)
    for strategy in STRATEGIES:
        series = outcomes.xs(strategy, level="strategy")
        if series["count"].max() > 0 and series["payoff_mean"].notna().any():
            fig_util.plot_line(ax, series.index.to_series(), series["payoff_mean"],
                               color=STRATEGY_COLOURS[strategy],
                               label=f"{strategy} (last n = {int(series['count'].iloc[-1]):,})")
    fig_util.draw_events(ax, policy, x_range)
    ax.set_xlabel(fig_util.STEP_LABEL)
    ax.set_ylabel("mean payoff of the enrolled (points)")
    ax.set_title("(c) does gaming pay: payoff by strategy", loc="left", fontsize=10)
    ax.legend(fontsize=8)

    # (d) audits per 13 weeks.
    ax = axes[1, 0]
    audits = audit_outcomes(events)
    if len(audits):
        bottom = np.zeros(len(audits))
        for reason, colour in AUDIT_COLOURS.items():
            if reason == "clean":
                continue
            ax.bar(audits.index, audits[reason], 12, bottom=bottom, color=colour,
                   label=f"{reason} ({int(audits[reason].sum()):,})", align="edge")
            bottom += audits[reason].to_numpy()
        ax.plot(audits.index + 6.5, audits["quit_gaming"], color="k", marker=".",
                label=f"gamers turned honest ({int(audits['quit_gaming'].sum()):,})")
        fig_util.draw_events(ax, policy, x_range)
    ax.set_xlabel(fig_util.STEP_LABEL)
    ax.set_ylabel("audits of gamers per 13 weeks")
    ax.set_title("(d) do audits stop it", loc="left", fontsize=10)
    ax.legend(fontsize=8, loc="upper left")

    # (e) rings.
    ax = axes[1, 1]
    rings = ring_sizes(panel)
    fig_util.plot_line(ax, rings.index.to_series(), rings["rings"].astype(float), color="tab:red",
                       label="rings")
    fig_util.plot_line(ax, rings.index.to_series(), rings["largest"].astype(float), color="k",
                       label="largest ring (members)")
    fig_util.plot_line(ax, rings.index.to_series(), rings["mean_size"], color="0.5",
                       label="mean ring size")
    fig_util.draw_events(ax, policy, x_range)
    ax.set_xlabel(fig_util.STEP_LABEL)
    ax.set_ylabel("count / members")
    ax.set_title("(e) collusion rings", loc="left", fontsize=10)
    ax.legend(fontsize=8)

    # (f) score fan for the group.
    ax = axes[1, 2]
    members = group_members(panel, group, split)
    fan = score_fan(panel, members)
    if len(fan):
        steps = fan.index.to_numpy()
        ax.fill_between(steps, fan["p10"], fan["p90"], color="tab:red", alpha=0.15, label="10-90%")
        ax.fill_between(steps, fan["p25"], fan["p75"], color="tab:red", alpha=0.3, label="25-75%")
        ax.plot(steps, fan["p50"], color="tab:red", label=f"{group} median")
        ax.plot(steps, fan["all_p50"], color="0.3", linestyle="--", label="everyone's median")
    fig_util.draw_events(ax, policy, x_range)
    ax.set_xlabel(fig_util.STEP_LABEL)
    ax.set_ylabel("score (points)")
    ax.set_title(f"(f) scores of the {len(members):,} citizens {group} at step {split}",
                 loc="left", fontsize=10)
    ax.legend(fontsize=8, loc="lower left")
    return figure


def inside(run_dir: str | Path, out: str | Path | None = None, group: str = "bottom-decile",
           at: int | None = None) -> list[Path]:
    """Draw the figure for a run folder (needs run.sqlite with events and a panel);
    writes ``RUN/inside.png`` and ``.svg`` unless ``out`` says otherwise."""
    run_dir = Path(run_dir)
    if group not in GROUPS:
        raise ValueError(f"unknown group {group}; groups are {', '.join(GROUPS)}")
    panel = load_panel(run_dir)
    events = load_events(run_dir)
    missing = {"ties", "audits", "strategies"} - set(events.attrs["logged"])
    if missing:
        raise ValueError(f"{run_dir} did not log {', '.join(sorted(missing))} events: run "
                         "with --set output.events=all")
    figure = plot_inside(events, panel, panel.attrs["manifest"], group, at)
    return fig_util.save_figure(figure, out if out is not None else run_dir / "inside")
