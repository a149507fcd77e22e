"""Column definitions come from the output (manifest, sweep `columns` table); one metric list."""

from __future__ import annotations

import ast
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from conftest import older_manifest, write_manifest
from scsim_analysis import columns as column_defs
from scsim_analysis import load_run, load_sweep
from scsim_analysis.columns import Columns, available_metrics, metric_values

NOT_METRICS = {"run_id", "seed", "status", "scsim_version", "network_metrics", "point_id",
               "replicate", "wall_seconds", "step"}
PACKAGE = Path(column_defs.__file__).parent
TESTS = Path(__file__).parent
DERIVED_PARTS = {part for parts, _, _ in column_defs.DERIVED_METRICS.values() for part in parts}


def python_sources():
    return sorted(PACKAGE.rglob("*.py")) + sorted(TESTS.rglob("*.py"))


def string_literal_groups(path: Path):
    """Every list, tuple or set literal of strings in a Python file, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            strings = {e.value for e in node.elts
                       if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            if strings:
                yield node.lineno, strings


@pytest.mark.parametrize("which", ["tiny", "voter"])
def test_no_hand_written_column_list(which, runs, voter_run):
    # The contract is what scsim writes: no file of the package or its tests spells out a
    # model's column list. A figure names the few columns it draws (a dashboard panel, the
    # default metrics of a comparison); a copy of the list would name most of them.
    run = runs["tiny"] if which == "tiny" else voter_run
    columns = set(json.loads((run / "manifest.json").read_text())["columns"])
    for path in python_sources():
        for line, strings in string_literal_groups(path):
            named = strings & columns
            assert len(named) <= len(columns) // 3, (
                f"{path.name}:{line} lists {len(named)} of the {len(columns)} columns of "
                f"the {which} run: read them from the manifest instead")
    source = (PACKAGE / "columns.py").read_text(encoding="utf-8")
    for column in columns - {"step"}:
        assert f'"{column}"' not in source or column in DERIVED_PARTS, column


def test_labels_units_and_types_from_the_manifest(runs, tmp_path):
    run = tmp_path / "run"
    shutil.copytree(runs["tiny"], run)
    manifest = json.loads((run / "manifest.json").read_text())
    definitions = manifest["column_definitions"]
    by_name = {d["name"]: d for d in definitions}
    # Declared text: read as text even though its values would parse as numbers.
    by_name["caught"]["type"] = "text"
    write_manifest(run, column_definitions=definitions)
    frame = load_run(run)
    names = column_defs.of(frame)
    mean, giant = by_name["score_mean"], by_name["giant_frac"]
    assert names.label("score_mean") == mean["label"] != "score_mean"
    assert names.unit("score_mean") == mean["unit"]
    assert names.axis_label("giant_frac") == f"{giant['label']} ({giant['unit']})"
    assert frame["caught"].dtype == "string"
    assert frame["network_metrics"].dtype == "string"
    assert "caught" not in available_metrics(frame)
    assert frame.attrs["column_definitions"] == definitions
    assert frame.attrs["model"] == "reference"


def test_older_output_falls_back_to_column_names(runs, tmp_path):
    run = tmp_path / "older"
    shutil.copytree(runs["tiny"], run)
    older_manifest(run)
    frame = load_run(run)
    assert frame.attrs["model"] == "reference" and frame.attrs["column_definitions"] == []
    names = column_defs.of(frame)
    for column in frame.columns:
        assert names.label(column) == column and names.unit(column) == ""
    assert names.axis_label("score_mean") == "score_mean"
    assert names.label("gamer_frac") == "gamers (padders + evaders + colluders)"
    assert frame["network_metrics"].dtype == "string"  # its values are words
    assert frame["score_mean"].dtype == "float64"


def test_sweep_columns_table_gives_labels(sweep_db, runs, tmp_path):
    # The conftest database has no `columns` table (an older one): add the definitions a
    # real run of the same model wrote, inserted backwards, and read them in position order.
    path = tmp_path / "with-columns.sqlite"
    shutil.copy(sweep_db, path)
    definitions = json.loads((runs["tiny"] / "manifest.json").read_text())["column_definitions"]
    connection = sqlite3.connect(path)
    header = [row[1] for row in connection.execute("PRAGMA table_info(timeseries)")][1:]
    assert header == [d["name"] for d in definitions]
    connection.execute("CREATE TABLE columns (position INTEGER, name TEXT, label TEXT, "
                       "unit TEXT, definition TEXT, cost TEXT, type TEXT)")
    for position, d in reversed(list(enumerate(definitions))):
        connection.execute("INSERT INTO columns VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (position, d["name"], d["label"], d["unit"], d["definition"],
                            d["cost"], d["type"]))
    connection.commit()
    connection.close()
    frame = load_sweep(path)
    names = column_defs.of(frame)
    assert names.names == header  # in position order, although inserted backwards
    assert frame.attrs["column_definitions"] == definitions
    giant = definitions[header.index("giant_frac")]
    assert names.label("giant_frac") == giant["label"] and names.unit("giant_frac") == giant["unit"]
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
