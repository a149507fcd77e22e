"""The looking-inside figure's numbers: recomputed from the panel and events and checked
against the time series' optional column groups (the engine's own tallies), and against
hand-computed values on a constructed panel."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scsim_analysis import load_events, load_panel, load_run
from scsim_analysis.cli import main
from scsim_analysis.inside import (
    audit_outcomes,
    degree_by_decile,
    group_members,
    ring_sizes,
    score_deciles,
    strategy_outcomes,
    unfriending_by_decile,
)
from scsim_analysis.loaders import STRATEGIES, typed_events, typed_panel


@pytest.fixture(scope="module")
def inside(inside_run):
    panel = load_panel(inside_run)
    series = load_run(inside_run).set_index("step").loc[sorted(panel["step"].unique())]
    return load_events(inside_run), panel, series


def test_strategy_outcomes_equal_the_strategies_columns(inside):
    _, panel, series = inside
    outcomes = strategy_outcomes(panel)
    for strategy in STRATEGIES:
        mine = outcomes.xs(strategy, level="strategy")
        assert mine["count"].tolist() == series[f"strategy_{strategy}_count"].astype(int).tolist()
        for column in ("score_mean", "payoff_mean", "penalty_frac"):
            np.testing.assert_allclose(mine[column], series[f"strategy_{strategy}_{column}"],
                                       rtol=1e-9, equal_nan=True)


def test_degree_by_decile_equals_the_decile_columns(inside):
    _, panel, series = inside
    degree = degree_by_decile(panel)
    for decile in range(1, 11):
        mine = degree.xs(decile, level="decile")
        np.testing.assert_allclose(mine["degree_mean"], series[f"decile{decile}_degree_mean"], rtol=1e-12)
        np.testing.assert_allclose(mine["isolated_frac"], series[f"decile{decile}_isolated_frac"], rtol=1e-12)


def test_rings_and_friendless_equal_their_columns(inside):
    _, panel, series = inside
    rings = ring_sizes(panel)
    assert rings["rings"].tolist() == series["rings_count"].astype(int).tolist()
    assert rings["members"].tolist() == series["ring_members"].astype(int).tolist()
    assert rings["largest"].tolist() == series["ring_size_max"].astype(int).tolist()
    np.testing.assert_allclose(rings["mean_size"], series["ring_size_mean"], equal_nan=True)
    for step in (10, 20, 39):
        assert len(group_members(panel, "friendless", step)) == series.at[step, "friendless_enrolled"]
        assert len(group_members(panel, "bottom-decile", step)) == int(panel[(panel.step == step) & panel.enrolled].shape[0]) // 10


def test_audit_outcomes_sum_to_the_audit_columns(inside_run, inside):
    events, _, _ = inside
    full = load_run(inside_run).set_index("step")
    table = audit_outcomes(events, every=13)
    bins = (full.index // 13) * 13
    audits = full["audits"].groupby(bins).sum()
    caught = full["caught"].groupby(bins).sum()
    table = table.reindex(audits.index, fill_value=0)
    assert (table[["clean", "missed", "caught", "reformed"]].sum(axis=1) == audits).all()
    assert ((table["caught"] + table["reformed"]) == caught).all()


def test_deciles_follow_the_column_definition():
    # 23 enrolled: decile d holds ranks floor((d-1) 23/10) .. floor(d 23/10) - 1, so
    # boundaries 2, 4, 6, 9, 11, 13, 16, 18, 20 and sizes 2,2,2,3,2,2,3,2,2,3; ties in score go by citizen id; the unenrolled are 0.
    scores = [5.0] * 3 + list(range(20))
    panel = pd.DataFrame({"step": 0, "citizen": range(24), "score": scores + [np.nan],
                          "enrolled": [True] * 23 + [False]})
    deciles = score_deciles(panel)
    assert deciles.iloc[23] == 0
    ordered = deciles.iloc[np.lexsort((np.arange(23), np.array(scores)))]
    assert ordered.tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6, 7, 7, 7, 8, 8, 9, 9, 10, 10, 10]


def test_unfriending_rates_by_hand():
    # 20 citizens, panel at steps 0 and 10 (run of 20 steps, split at 10). Citizen 0 is
    # in decile 1 (lowest score), 19 in decile 10, at both panel steps.
    def panel_at(step):
        return pd.DataFrame({"step": step, "citizen": range(20), "score": np.arange(20.0) * 10,
                             "dissent": 0.1, "strategy": "honest", "enrolled": True,
                             "tier": "none", "degree": 3, "ring": None, "payoff": 1.0,
                             "friends_mean_score": 1.0})
    panel = typed_panel(pd.concat([panel_at(0), panel_at(10)]))
    cut = lambda step, who: {"step": step, "kind": "tie_removed", "citizen": 5, "other": who,
                             "reason": "unfriend", "value": 1.0}
    events = typed_events(pd.DataFrame([cut(3, 0), cut(9, 0), cut(10, 0), cut(12, 0),
                                        cut(19, 19), cut(0, 19),  # step 0: before any panel
                                        {"step": 4, "kind": "tie_removed", "citizen": 0,
                                         "other": 19, "reason": "drift", "value": np.nan}]))
    table = unfriending_by_decile(events, panel, split=10)
    # Decile 1 = citizens 0, 1: before the split steps 1..9 (9 weeks) x 2 citizens; from
    # the split steps 10 (charged to panel step 0) and 11..19: 10 weeks x 2.
    assert table.loc[1, "citizen_weeks_before"] == 18 and table.loc[1, "citizen_weeks_after"] == 20
    assert table.loc[1, "events_before"] == 2 and table.loc[1, "events_after"] == 2
    assert table.loc[1, "before"] == pytest.approx(2 / 18) and table.loc[1, "after"] == pytest.approx(2 / 20)
    assert table.loc[10, "events_before"] == 0 and table.loc[10, "events_after"] == 1


def test_the_command_draws_and_refuses_bad_input(inside_run, runs, tmp_path, capsys):
    out = tmp_path / "inside.png"
    assert main([str(inside_run), "--inside", "--group", "friendless", "--out", str(out)]) == 0
    assert out.stat().st_size > 20_000
    assert main([str(inside_run), "--inside", "--out", str(tmp_path / "x")]) == 0
    assert (tmp_path / "x.png").is_file() and (tmp_path / "x.svg").is_file()
    capsys.readouterr()
    assert main([str(runs["tiny"]), "--inside", "--out", str(tmp_path / "y.png")]) == 2
    assert "has no run.sqlite" in capsys.readouterr().err
    assert main([str(inside_run), "--inside", "--group", "rich", "--out", str(tmp_path / "z.png")]) == 2
    assert "unknown --group rich" in capsys.readouterr().err
    assert main([str(inside_run), "--group", "friendless"]) == 2
    assert "with --inside only" in capsys.readouterr().err
    assert main([str(inside_run), "--inside", "--at", "-5", "--out", str(tmp_path / "w.png")]) == 2
    assert "no panel step at or before -5" in capsys.readouterr().err
