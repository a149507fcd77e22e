"""load_events and load_panel against a real run (tiny.yaml with every event logged and a
panel every 5 steps), checked against the run's other outputs: the snapshots' edge lists
and citizens, and the time series' tallies."""

from __future__ import annotations

import sqlite3
import subprocess

import numpy as np
import pandas as pd
import pytest

from scsim_analysis import load_events, load_panel, load_run, load_snapshot
from scsim_analysis.loaders import EVENT_KINDS, STRATEGIES, TIERS

from conftest import REPO


def edge_set(snapshot) -> set[tuple[int, int]]:
    _, graph = load_snapshot(snapshot)
    return {(min(a, b), max(a, b)) for a, b in graph.edges}


def test_event_columns_are_typed(inside_run):
    events = load_events(inside_run)
    assert list(events.columns) == ["step", "kind", "citizen", "other", "reason", "value"]
    assert events["step"].dtype == "int64" and events["citizen"].dtype == "int64"
    assert events["other"].dtype == "Int64" and events["value"].dtype == "float64"
    assert isinstance(events["kind"].dtype, pd.CategoricalDtype)
    assert list(events["kind"].cat.categories) == list(EVENT_KINDS)
    assert isinstance(events["reason"].dtype, pd.CategoricalDtype)
    # Ties always have another citizen, audits never; only unfriending has a score gap.
    ties = events["kind"].isin(["tie_added", "tie_removed"])
    assert events.loc[ties, "other"].notna().all()
    assert events.loc[events["kind"] == "audit", "other"].isna().all()
    unfriend = events["reason"] == "unfriend"
    assert unfriend.any() and events.loc[unfriend, "value"].notna().all()
    assert events.loc[events["reason"] == "drift", "value"].isna().all()
    assert events["step"].is_monotonic_increasing
    # output.events: all, every category in the engine's order.
    assert events.attrs["logged"] == ["ties", "audits", "strategies", "enrolment", "tiers", "market", "theft", "sybils"]


@pytest.mark.parametrize("before,after", [(9, 10), (19, 20)])
def test_tie_events_replay_into_the_next_snapshot(inside_run, before, after):
    edges = edge_set(inside_run / "snapshots" / f"step-{before:06d}")
    step = load_events(inside_run, kinds=["tie_added", "tie_removed"], steps=(after, after))
    assert len(step) > 0
    for row in step.itertuples():
        key = (min(row.citizen, row.other), max(row.citizen, row.other))
        if row.kind == "tie_removed":
            assert key in edges
            edges.remove(key)
        else:
            assert key not in edges
            edges.add(key)
    assert edges == edge_set(inside_run / "snapshots" / f"step-{after:06d}")


def test_events_sum_to_the_time_series_tallies(inside_run):
    events = load_events(inside_run)
    series = load_run(inside_run).set_index("step")
    counts = (events.groupby(["step", "kind"], observed=False).size().unstack(fill_value=0)
              .reindex(series.index, fill_value=0))
    assert counts["tie_added"].tolist() == series["ties_added"].astype(int).tolist()
    assert counts["tie_removed"].tolist() == series["ties_removed"].astype(int).tolist()
    assert counts["audit"].tolist() == series["audits"].astype(int).tolist()
    audits = events[events["kind"] == "audit"]
    caught = (audits[audits["reason"].isin(["caught", "reformed"])].groupby("step").size()
              .reindex(series.index, fill_value=0))
    assert caught.sum() > 0 and caught.tolist() == series["caught"].astype(int).tolist()
    # A caught citizen pays audit.penalty (100 points by default), a clean one nothing.
    assert set(audits.loc[audits["reason"].isin(["caught", "reformed"]), "value"]) == {100.0}
    assert set(audits.loc[audits["reason"].isin(["clean", "missed"]), "value"]) == {0.0}


def test_mandatory_enrolment_events_enrol_everyone_left(inside_run):
    events = load_events(inside_run, kinds="enrolment")
    panel = load_panel(inside_run)
    mandatory = events[events["reason"] == "mandatory"]
    assert set(mandatory["step"]) == {20}
    before = panel[panel["step"] == 15].set_index("citizen")["enrolled"]
    between = events[(events["step"] > 15) & (events["step"] < 20)]
    newly = set(between.loc[between["reason"] == "voluntary", "citizen"])
    assert set(mandatory["citizen"]) == set(before.index[~before]) - newly
    assert panel.loc[panel["step"] == 20, "enrolled"].all()


@pytest.mark.parametrize("step", [10, 20, 39])
def test_panel_equals_the_snapshot_at_the_same_step(inside_run, step):
    citizens, graph = load_snapshot(inside_run / "snapshots" / f"step-{step:06d}")
    panel = load_panel(inside_run, steps=(step, step)).set_index("citizen")
    citizens = citizens.set_index("id")
    assert list(panel.index) == list(citizens.index)
    for column in ("score", "dissent"):
        np.testing.assert_allclose(panel[column], citizens[column], rtol=1e-12)
    for column in ("strategy", "tier", "degree", "enrolled"):
        assert panel[column].astype(str).tolist() == citizens[column].astype(str).tolist()
    assert panel["ring"].equals(citizens["ring"])
    # friends' mean score, recomputed from the snapshot's graph: enrolled friends only.
    expected = []
    for i in citizens.index:
        scores = [citizens.at[j, "score"] for j in graph.neighbors(i) if citizens.at[j, "enrolled"]]
        expected.append(np.mean(scores) if scores else np.nan)
    np.testing.assert_allclose(panel["friends_mean_score"], expected, rtol=1e-9)


def test_panel_steps_types_and_strategy_events(inside_run):
    panel = load_panel(inside_run)
    assert sorted(panel["step"].unique()) == [0, 5, 10, 15, 20, 25, 30, 35, 39]
    assert panel.groupby("step").size().eq(300).all()
    assert list(panel["strategy"].cat.categories) == list(STRATEGIES)
    assert list(panel["tier"].cat.categories) == list(TIERS)
    assert panel["enrolled"].dtype == bool and panel["ring"].dtype == "Int64"
    assert panel.loc[~panel["enrolled"], "score"].isna().all()
    assert panel.attrs["every"] == 5
    # Strategy events after step 20 carry the panel at 20 into the panel at 39.
    strategy = panel[panel["step"] == 20].set_index("citizen")["strategy"].astype(str)
    changes = load_events(inside_run, kinds="strategy", steps=(21, 39))
    for row in changes.itertuples():
        old, new = row.reason.split("->")
        assert strategy[row.citizen] == old
        strategy[row.citizen] = new
    final = panel[panel["step"] == 39].set_index("citizen")["strategy"].astype(str)
    assert strategy.equals(final)


def test_filters_are_applied(inside_run):
    some = load_panel(inside_run, citizens=[3, 7], steps=(5, 15))
    assert some[["step", "citizen"]].values.tolist() == [
        [5, 3], [5, 7], [10, 3], [10, 7], [15, 3], [15, 7]]
    audits = load_events(inside_run, kinds=["audit"])
    assert set(audits["kind"]) == {"audit"} and len(audits) == load_run(inside_run)["audits"].sum()


def test_panel_sample_is_fixed(scsim):
    run = scsim("inside-sample", "tiny.yaml", "--set", "output.panel.every=10",
                "--set", "output.panel.sample=25", "--threads", "1")
    panel = load_panel(run)
    per_step = panel.groupby("step")["citizen"].apply(tuple)
    assert list(per_step.index) == [0, 10, 20, 30, 39]
    assert len(set(per_step)) == 1 and len(per_step.iloc[0]) == 25
    with pytest.raises(ValueError, match="logged no events"):
        load_events(run)


def test_clear_errors(runs, inside_run, tmp_path):
    with pytest.raises(FileNotFoundError, match="has no run.sqlite.*output.events"):
        load_events(runs["tiny"])
    with pytest.raises(FileNotFoundError, match="has no run.sqlite"):
        load_panel(runs["tiny"])
    with pytest.raises(FileNotFoundError, match="not a run folder"):
        load_panel(tmp_path / "nowhere")
    with pytest.raises(ValueError, match="unknown event kind audits"):
        load_events(inside_run, kinds=["audits"])
    broken = tmp_path / "broken"
    broken.mkdir()
    sqlite3.connect(broken / "run.sqlite").execute("CREATE TABLE other (x)").connection.close()
    with pytest.raises(ValueError, match="no table `events`"):
        load_events(broken)
    (broken / "run.sqlite").write_bytes(b"not a database at all, just text" * 10)
    with pytest.raises(ValueError, match="run.sqlite"):
        load_panel(broken)


def test_a_sweep_stores_each_runs_log_and_panel(scsim_bin, scsim, tmp_path):
    """A real `scsim sweep` with output.events and output.panel.every in its set: block;
    each run's rows equal those of the same run made alone with `scsim run`."""
    definition = tmp_path / "recorded.yaml"
    definition.write_text(
        f"name: recorded\nscenario: {REPO / 'scenarios' / 'tiny.yaml'}\n"
        "set:\n  population.size: 120\n  steps: 25\n  output.events: all\n"
        "  output.panel.every: 8\n"
        "parameters:\n  score.eta: [0, 0.6]\nreplicates: 1\nseed: 4\n"
    )
    db = tmp_path / "recorded.sqlite"
    subprocess.run([str(scsim_bin), "sweep", str(definition), "--db", str(db), "--jobs", "1"],
                   check=True, capture_output=True, text=True)
    events, panel = load_events(db), load_panel(db)
    assert list(events.columns)[0] == "run_id" and list(panel.columns)[0] == "run_id"
    assert sorted(events["run_id"].unique()) == [0, 1]
    assert panel.groupby("run_id")["step"].unique().map(list).tolist() == [[0, 8, 16, 24]] * 2
    runs = sqlite3.connect(db).execute('SELECT run_id, seed, "score.eta" FROM runs').fetchall()
    for run_id, seed, eta in runs:
        alone = scsim(f"recorded-{run_id}", "tiny.yaml", "--seed", str(seed), "--steps", "25",
                      "--set", "population.size=120", "--set", "output.events=all",
                      "--set", "output.panel.every=8", "--set", f"score.eta={eta}")
        mine = load_events(db, run_ids=[run_id]).drop(columns="run_id")
        pd.testing.assert_frame_equal(mine, load_events(alone), check_categorical=False)
        mine = load_panel(db, run_ids=[run_id]).drop(columns="run_id")
        pd.testing.assert_frame_equal(mine, load_panel(alone))
    with pytest.raises(ValueError, match="run_ids applies to a sweep database"):
        load_events(alone, run_ids=[0])


def test_a_sweep_without_logs_says_how_to_get_them(word_sweep_1d_db):
    with pytest.raises(ValueError, match="no table `events`.*output.events"):
        load_events(word_sweep_1d_db)
    with pytest.raises(ValueError, match="no table `panel`.*output.panel.every"):
        load_panel(word_sweep_1d_db)
