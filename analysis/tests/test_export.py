"""scsim-export: Parquet files that read back equal to the loaders' frames, with the
column definitions as field metadata, written a row group at a time."""

from __future__ import annotations

import json
import sqlite3

import pandas as pd
import pyarrow.parquet as pq
import pytest

from scsim_analysis import load_events, load_manifest, load_panel, load_run
from scsim_analysis.export import EVENT_FIELDS, PANEL_FIELDS, export_parquet, main


def test_round_trip_in_small_row_groups(inside_run, tmp_path):
    written = export_parquet(inside_run, tmp_path / "pq", chunk_rows=400)
    assert [p.name for p in written] == ["timeseries.parquet", "events.parquet", "panel.parquet"]
    events, panel = load_events(inside_run), load_panel(inside_run)
    pd.testing.assert_frame_equal(pd.read_parquet(written[0]), load_run(inside_run))
    pd.testing.assert_frame_equal(pd.read_parquet(written[1]), events)
    pd.testing.assert_frame_equal(pd.read_parquet(written[2]), panel)
    # Row groups of 400 rows: the count follows from the tables' sizes in SQLite.
    with sqlite3.connect(inside_run / "run.sqlite") as db:
        (n_events,) = db.execute("SELECT COUNT(*) FROM events").fetchone()
        (n_panel,) = db.execute("SELECT COUNT(*) FROM panel").fetchone()
    assert n_events == len(events) and n_panel == len(panel) == 9 * 300
    assert pq.ParquetFile(written[1]).num_row_groups == -(-n_events // 400)
    assert pq.ParquetFile(written[2]).num_row_groups == -(-n_panel // 400)
    # Categories survive as they are, not as the first row group's.
    assert list(pd.read_parquet(written[1])["kind"].cat.categories)[0] == "enrolment"


def test_field_and_file_metadata(inside_run, tmp_path):
    export_parquet(inside_run, tmp_path)
    manifest = load_manifest(inside_run)
    series = pq.read_schema(tmp_path / "timeseries.parquet")
    definitions = {d["name"]: d for d in manifest["column_definitions"]}
    for name in ("score_mean", "ties_removed", "giant_frac"):
        meta = series.field(name).metadata
        assert meta[b"label"].decode() == definitions[name]["label"]
        assert meta[b"unit"].decode() == definitions[name]["unit"]
        assert meta[b"definition"].decode() == definitions[name]["definition"]
    assert json.loads(series.metadata[b"scsim.manifest"]) == manifest
    for table, fields in (("events", EVENT_FIELDS), ("panel", PANEL_FIELDS)):
        schema = pq.read_schema(tmp_path / f"{table}.parquet")
        assert schema.metadata[b"scsim.table"] == table.encode()
        assert schema.names == list(fields)
        assert schema.field("step").metadata[b"unit"] == b"weeks"


def test_only_recorded_tables_and_clear_errors(runs, inside_run, tmp_path, capsys):
    # A run without run.sqlite exports its time series only; asking for events is an error.
    assert [p.name for p in export_parquet(runs["tiny"], tmp_path / "a")] == ["timeseries.parquet"]
    with pytest.raises(FileNotFoundError, match="has no run.sqlite"):
        export_parquet(runs["tiny"], tmp_path / "b", tables=["events"])
    assert main([str(runs["tiny"]), "--parquet", str(tmp_path / "c"), "--tables", "panel"]) == 2
    assert "scsim-export: error:" in capsys.readouterr().err
    assert main([str(inside_run), "--parquet", str(tmp_path / "d"), "--tables", "edges"]) == 2
    assert "unknown table edges" in capsys.readouterr().err
    assert main([str(tmp_path), "--parquet", str(tmp_path / "e")]) == 2
    assert "not a run folder" in capsys.readouterr().err
    assert main([str(inside_run), "--parquet", str(tmp_path / "f"), "--tables", "events"]) == 0
    assert sorted(p.name for p in (tmp_path / "f").iterdir()) == ["events.parquet"]
