"""Loaders against real scsim output (and sweep/snapshot files built from it)."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pandas as pd
import pytest

from scsim_analysis import load_manifest, load_run, load_snapshot, load_sweep, timeline_events


def test_load_run_has_every_manifest_column(runs):
    for run_dir in runs.values():
        frame = load_run(run_dir)
        manifest = load_manifest(run_dir)
        assert list(frame.columns[: len(manifest["columns"])]) == manifest["columns"]
        assert frame.attrs["manifest"] == manifest


def test_load_run_row_count_and_dtypes(runs):
    frame = load_run(runs["baseline"])
    assert len(frame) == 60 == frame.attrs["manifest"]["steps"]
    assert frame["step"].tolist() == list(range(60))
    numeric = [c for c in frame.columns if c != "network_metrics"]
    assert all(pd.api.types.is_numeric_dtype(frame[c]) for c in numeric)
    assert set(frame["network_metrics"]) == {"exact"}
    assert len(load_run(runs["tiny"])) == 40


def test_missing_network_cells_are_nan(runs):
    frame = load_run(runs["tiny-gaps"])
    skipped = frame["network_metrics"] == "skipped"
    assert skipped.any() and (~skipped).any()
    assert frame.loc[skipped, "giant_frac"].isna().all()
    assert frame.loc[~skipped, "giant_frac"].notna().all()
    assert pd.api.types.is_float_dtype(frame["components"])


def test_events_parsed_from_timeline(runs):
    assert load_run(runs["tiny"]).attrs["events"] == [(20, "mandatory=true, penalties=true")]
    assert load_run(runs["baseline"]).attrs["events"] == []


def test_timeline_labels_flatten_nested_and_keep_values():
    manifest = {"scenario": {"timeline": [
        {"at": 300, "set": {"score.eta": 0.6}},
        {"at": 260, "set": {"audit": {"rate": 0.1}, "penalties": False}},
    ]}}
    assert timeline_events(manifest) == [(260, "audit.rate=0.1, penalties=false"),
                                         (300, "score.eta=0.6")]


def test_unknown_extra_columns_are_kept(runs, tmp_path):
    source = runs["tiny"]
    with (source / "timeseries.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))
    rows[0] += ["future_metric", "future_label"]
    for row in rows[1:]:
        row += ["1.5", "abc"]
    with (tmp_path / "timeseries.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    (tmp_path / "manifest.json").write_text((source / "manifest.json").read_text())
    frame = load_run(tmp_path)
    assert frame["future_metric"].dtype == float
    assert frame["future_label"].iloc[0] == "abc"


def test_load_sweep_joins_runs_and_timeseries(sweep_db):
    frame = load_sweep(sweep_db)
    assert frame.attrs["parameters"] == ["score.eta", "audit.rate"]
    assert frame.attrs["varied"] == ["score.eta", "audit.rate"]
    assert frame["run_id"].nunique() == 12  # the failed run is left out
    assert len(frame) == 12 * 60
    assert "scenario_json" not in frame and "scenario_json" in frame.attrs["runs"]
    assert {"point_id", "replicate", "seed", "status", "score_mean", "genuine_posts"} <= set(frame)
    assert frame["giant_frac"].isna().any() and frame["giant_frac"].notna().any()
    per_point = frame.groupby("point_id")[["score.eta", "audit.rate"]].nunique()
    assert (per_point == 1).all().all()
    assert len(load_sweep(sweep_db, only_ok=False).attrs["runs"]) == 13


def test_load_sweep_matches_the_run_csvs(sweep_db, scsim):
    frame = load_sweep(sweep_db)
    run = load_run(scsim.root / "sweep-grid-0")
    mine = frame[frame["run_id"] == 0].reset_index(drop=True)
    pd.testing.assert_series_equal(mine["score_mean"], run["score_mean"])


def test_load_sweep_rejects_other_databases(tmp_path):
    import sqlite3

    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE x (a)").connection.commit()
    with pytest.raises(ValueError, match="runs"):
        load_sweep(path)


def test_load_snapshot(snapshot_dir):
    citizens, graph = load_snapshot(snapshot_dir)
    assert list(citizens.columns)[:7] == ["id", "score", "dissent", "strategy", "enrolled", "tier",
                                          "degree"]
    assert citizens.attrs["manifest"]["step"] == 59
    assert citizens["enrolled"].dtype == bool
    assert isinstance(graph, nx.Graph)
    assert graph.number_of_nodes() == len(citizens) == 400
    with (snapshot_dir / "edges.csv").open() as handle:
        assert graph.number_of_edges() == sum(1 for _ in handle) - 1
    assert dict(graph.degree) == dict(zip(citizens["id"], citizens["degree"]))
    assert graph.nodes[0]["strategy"] in {"honest", "padder", "evader", "colluder"}
    assert citizens.attrs["manifest"]["step"] == 59
    assert citizens.loc[~citizens["enrolled"], "score"].isna().all()


def test_safe_names_option(sweep_db):
    plain = load_sweep(sweep_db)
    assert plain.attrs["parameters"] == ["score.eta", "audit.rate"]
    assert len(plain.query("`score.eta` == 0.6")) == 6 * 60  # the documented backtick form
    safe = load_sweep(sweep_db, safe_names=True)
    assert safe.attrs["parameters"] == ["score_eta", "audit_rate"]
    assert safe.attrs["varied"] == ["score_eta", "audit_rate"]
    assert "score.eta" not in safe and "score_eta" in safe.attrs["runs"]
    assert len(safe.query("score_eta == 0.6 and audit_rate == 0.1")) == 3 * 60
    pd.testing.assert_series_equal(safe["score_mean"], plain["score_mean"])


def test_safe_name_rule():
    from scsim_analysis.loaders import safe_name

    assert safe_name("score.eta") == "score_eta"
    assert safe_name("network.pIn") == "network_pIn"
    assert safe_name("2x") == "_2x"


def test_ring_is_nullable_integer(snapshot_dir):
    citizens, graph = load_snapshot(snapshot_dir)
    assert str(citizens["ring"].dtype) == "Int64"
    raw = pd.read_csv(snapshot_dir / "citizens.csv", dtype=str, keep_default_na=False)
    in_ring = raw["ring"] != ""
    assert in_ring.any() and (~in_ring).any()
    assert citizens["ring"].isna().tolist() == (~in_ring).tolist()
    assert citizens.loc[in_ring.to_numpy(), "ring"].tolist() == raw.loc[in_ring, "ring"].astype(int).tolist()


def test_docs_describe_the_real_formats():
    from pathlib import Path

    import scsim_analysis.loaders as loaders

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    doc = loaders.__doc__
    assert "not written by scsim yet" not in doc
    assert "written by ``scsim sweep``" in doc
    assert 'Int64' in doc and "step-000519" in doc
    assert "step-520" not in readme and "snapshots/step-000519" in readme
    assert 'df.query("`score.eta` == 0.3")' in readme
    assert "safe_names=True" in readme
