"""Column definitions come from the output (manifest, sweep `columns` table); one metric list."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess

import pandas as pd
import pytest

from conftest import definitions_for, write_manifest
from scsim_analysis import columns as column_defs
from scsim_analysis import load_run, load_sweep
from scsim_analysis.columns import Columns, available_metrics, metric_values

NOT_METRICS = {"run_id", "seed", "status", "scsim_version", "network_metrics", "point_id",
               "replicate", "wall_seconds", "step"}


def test_no_hand_written_column_list():
    # The package keeps no copy of the columns: only the derived metric is named in it.
    source = open(column_defs.__file__, encoding="utf-8").read()
    for column in ("score_mean", "giant_frac", "low_isolated_frac", "discordant_frac"):
        assert f'"{column}"' not in source


def test_labels_units_and_types_from_the_manifest(runs, tmp_path):
    run = tmp_path / "run"
    shutil.copytree(runs["tiny"], run)
    header = (run / "timeseries.csv").read_text().splitlines()[0].split(",")
    definitions = definitions_for(header)
    # Declared text: read as text even though its values would parse as numbers.
    definitions[header.index("caught")]["type"] = "text"
    write_manifest(run, model="reference", column_definitions=definitions)
    frame = load_run(run)
    names = column_defs.of(frame)
    assert names.label("score_mean") == "L:score_mean"
    assert names.unit("score_mean") == "U:score_mean"
    assert names.axis_label("giant_frac") == "L:giant_frac (U:giant_frac)"
    assert frame["caught"].dtype == "string"
    assert frame["network_metrics"].dtype == "string"
    assert "caught" not in available_metrics(frame)
    assert frame.attrs["column_definitions"][0]["name"] == "step"
    assert frame.attrs["model"] == "reference"


def test_older_output_falls_back_to_column_names(runs):
    frame = load_run(runs["tiny"])  # the current binary writes no column_definitions
    names = column_defs.of(frame)
    assert names.label("score_mean") == "score_mean" and names.unit("score_mean") == ""
    assert names.axis_label("score_mean") == "score_mean"
    assert names.label("gamer_frac") == "gamers (padders + evaders + colluders)"
    assert frame["network_metrics"].dtype == "string"


def test_sweep_columns_table_gives_labels(sweep_db, tmp_path):
    path = tmp_path / "with-columns.sqlite"
    shutil.copy(sweep_db, path)
    connection = sqlite3.connect(path)
    header = [row[1] for row in connection.execute("PRAGMA table_info(timeseries)")][1:]
    connection.execute("CREATE TABLE columns (position INTEGER, name TEXT, label TEXT, "
                       "unit TEXT, definition TEXT, cost TEXT, type TEXT)")
    for position, d in reversed(list(enumerate(definitions_for(header)))):
        connection.execute("INSERT INTO columns VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (position, d["name"], d["label"], d["unit"], d["definition"],
                            d["cost"], d["type"]))
    connection.commit()
    connection.close()
    frame = load_sweep(path)
    names = column_defs.of(frame)
    assert names.names == header  # in position order, although inserted backwards
    assert names.label("giant_frac") == "L:giant_frac"
    assert names.unit("score_mean") == "U:score_mean"
    assert column_defs.of(load_sweep(sweep_db)).label("giant_frac") == "giant_frac"


def test_one_metric_list_without_identifiers(sweep_db, runs):
    frame = load_sweep(sweep_db)
    metrics = available_metrics(frame)
    assert "gamer_frac" in metrics and "score_mean" in metrics
    assert not NOT_METRICS & set(metrics)
    assert not set(frame.attrs["parameters"]) & set(metrics)
    assert available_metrics(load_run(runs["tiny"]))[-1] == "gamer_frac"


def test_metric_list_is_the_one_scsim_summarize_offers(sweep_db, scsim_bin):
    result = subprocess.run([str(scsim_bin), "summarize", str(sweep_db), "--metrics", "nope"],
                            capture_output=True, text=True)
    assert result.returncode == 2
    offered = result.stderr.strip().split("the metrics are ")[1].split(", ")
    assert available_metrics(load_sweep(sweep_db)) == offered


def test_gamer_frac_is_the_sum_of_the_strategy_shares(sweep_db):
    frame = load_sweep(sweep_db)
    expected = frame["padder_frac"] + frame["evader_frac"] + frame["colluder_frac"]
    pd.testing.assert_series_equal(metric_values(frame, "gamer_frac"), expected,
                                   check_names=False, rtol=0, atol=1e-15)
    with pytest.raises(ValueError, match="the metrics are: .*gamer_frac"):
        metric_values(frame, "run_id")


def test_columns_fallbacks():
    names = Columns([{"name": "a", "label": "", "unit": "u", "type": "integer"}])
    assert names.label("a") == "a" and names.unit("a") == "u" and names.is_text("a") is False
    assert names.is_text("b") is None and not Columns()
