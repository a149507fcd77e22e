"""The contract as the real scsim writes it: a run's manifest.json (`model`, `columns`,
`column_definitions`) and a sweep database's `columns` table, read by this package.

Every check here runs the binary ($SCSIM_BIN) and compares what the package shows with
what the output itself says; no list of a model's columns is kept here.
"""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from conftest import REPO
from scsim_analysis import _figures as fig_util
from scsim_analysis import cli
from scsim_analysis import columns as column_defs
from scsim_analysis import load_run, load_sweep
from scsim_analysis.columns import TYPES, ColumnInfo, available_metrics
from scsim_analysis.compare import plot_compare
from scsim_analysis.dashboard import PANELS, plot_dashboard
from scsim_analysis.sweep import averaging_window, describe, plot_sweep

FIELDS = {"name", "label", "unit", "definition", "cost", "type"}
COSTS = {"every_step", "network", "sampled"}


def manifest_of(run: Path) -> dict:
    return json.loads((run / "manifest.json").read_text())


def header_of(run: Path) -> list[str]:
    with (run / "timeseries.csv").open(newline="") as handle:
        return next(csv.reader(handle))


@pytest.fixture(scope="module")
def smoke_db(scsim_bin, tmp_path_factory) -> Path:
    """scenarios/sweeps/01-smoke.yaml as written (2 x 2 points, 3 replicates, 200 citizens
    x 30 steps), its scenario path made absolute for the copy in a temporary folder."""
    folder = tmp_path_factory.mktemp("smoke")
    text = (REPO / "scenarios" / "sweeps" / "01-smoke.yaml").read_text()
    assert "scenario: ../tiny.yaml" in text
    definition = folder / "01-smoke.yaml"
    definition.write_text(text.replace("scenario: ../tiny.yaml",
                                       f"scenario: {REPO / 'scenarios' / 'tiny.yaml'}"))
    db = folder / "smoke.sqlite"
    subprocess.run([str(scsim_bin), "sweep", str(definition), "--db", str(db)],
                   check=True, capture_output=True, text=True)
    return db


@pytest.fixture(scope="module")
def voter_sweep_db(scsim_bin, tmp_path_factory) -> Path:
    """A real sweep of the adaptive voter model: voter.phi at 0.04 and 0.458, 2 replicates,
    200 people x 20 sweeps."""
    folder = tmp_path_factory.mktemp("voter-sweep")
    definition = folder / "voter.yaml"
    definition.write_text(
        f"name: voter-smoke\nscenario: {REPO / 'scenarios' / 'adaptive-voter.yaml'}\n"
        "set:\n  population.size: 200\n  steps: 20\n"
        "parameters:\n  voter.phi: [0.04, 0.458]\ndesign: grid\nreplicates: 2\nseed: 3\n"
    )
    db = folder / "voter.sqlite"
    subprocess.run([str(scsim_bin), "sweep", str(definition), "--db", str(db)],
                   check=True, capture_output=True, text=True)
    return db


# --- A run's manifest ---------------------------------------------------------------------

@pytest.mark.parametrize("which", ["tiny", "voter"])
def test_manifest_describes_every_csv_column(which, runs, voter_run):
    run = runs["tiny"] if which == "tiny" else voter_run
    manifest = manifest_of(run)
    assert manifest["model"] == ("reference" if which == "tiny" else "adaptive_voter")
    definitions = manifest["column_definitions"]
    assert manifest["columns"] == header_of(run)
    assert [d["name"] for d in definitions] == manifest["columns"]
    for entry in definitions:
        assert set(entry) == FIELDS, entry
        assert entry["label"] and entry["definition"], entry
        assert entry["cost"] in COSTS and entry["type"] in TYPES, entry


@pytest.mark.parametrize("which", ["tiny", "voter"])
def test_loaded_definitions_are_the_manifests(which, runs, voter_run):
    run = runs["tiny"] if which == "tiny" else voter_run
    manifest = manifest_of(run)
    frame = load_run(run)
    assert frame.attrs["model"] == manifest["model"]
    assert frame.attrs["column_definitions"] == manifest["column_definitions"]
    names = column_defs.of(frame)
    assert names.names == manifest["columns"] == list(frame.columns)
    for entry in manifest["column_definitions"]:
        column = entry["name"]
        assert names.get(column) == ColumnInfo(**entry)
        assert names.label(column) == entry["label"]
        assert names.unit(column) == entry["unit"]
        expected = f"{entry['label']} ({entry['unit']})" if entry["unit"] else entry["label"]
        assert names.axis_label(column) == expected
        # The declared type decides how the column is read.
        if entry["type"] == "text":
            assert frame[column].dtype == "string", column
        else:
            assert pd.api.types.is_numeric_dtype(frame[column]), column
            if entry["type"] == "integer" and frame[column].notna().all():
                assert pd.api.types.is_integer_dtype(frame[column]), column
    # Metrics: the numeric columns the manifest lists (not step), then derived ones.
    numeric = [d["name"] for d in manifest["column_definitions"]
               if d["type"] != "text" and d["name"] != "step"]
    assert available_metrics(frame)[:len(numeric)] == numeric


# --- Dashboards from real runs ------------------------------------------------------------

def panel_titles(figure) -> list[str]:
    return [ax.get_title(loc="left").split(":")[0] for ax in figure.axes
            if ax.get_title(loc="left")]


def legend_texts(figure) -> list[str]:
    return [text.get_text() for ax in figure.axes if ax.get_legend()
            for text in ax.get_legend().get_texts()]


def plotted_series(figure) -> list[list[float]]:
    return [[float(y) for y in line.get_ydata()] for ax in figure.axes for line in ax.get_lines()
            if len(line.get_ydata()) > 2]


def test_scsim_plot_draws_the_voter_dashboard(voter_run, tmp_path, monkeypatch, capsys):
    drawn = []
    save = fig_util.save_figure

    def keep(figure, out):
        drawn.append(figure)
        return save(figure, out)

    monkeypatch.setattr(fig_util, "save_figure", keep)
    assert cli.main([str(voter_run), "--out", str(tmp_path / "voter")]) == 0
    assert capsys.readouterr().out.split() == [str(tmp_path / "voter.png"),
                                               str(tmp_path / "voter.svg")]
    (figure,) = drawn
    titles = panel_titles(figure)
    assert titles == ["(a) Disagreement", "(b) Communities", "(c) Updates", "(d) Network"]
    assert len(titles) == len(PANELS["adaptive_voter"])

    # Legends are the manifest's labels and units; every series drawn is a column of the run.
    manifest, frame = manifest_of(voter_run), load_run(voter_run)
    by_name = {d["name"]: d for d in manifest["column_definitions"]}
    legends = legend_texts(figure)
    shown = [name for name, d in by_name.items()
             if any(text.startswith(f"{d['label']} ({d['unit']})") for text in legends)]
    assert {"discordant_frac", "communities", "tie_moves", "giant_frac"} <= set(shown)
    labels = {d["label"] for d in by_name.values()}
    assert all(any(text.startswith(label) for label in labels) for text in legends), legends
    columns = {name: frame[name].dropna().astype(float).tolist() for name in shown}
    plotted = plotted_series(figure)
    for name in ("discordant_frac", "communities", "tie_moves", "giant_frac"):
        assert columns[name] in plotted, name
    # The SVG scsim-plot wrote carries the same panels (matplotlib notes each text).
    svg = (tmp_path / "voter.svg").read_text()
    for title in titles:
        assert title in svg
    assert by_name["discordant_frac"]["label"] in svg


def test_reference_dashboard_legends_from_real_manifest(runs):
    manifest = manifest_of(runs["tiny"])
    by_name = {d["name"]: d for d in manifest["column_definitions"]}
    figure = plot_dashboard(load_run(runs["tiny"]))
    assert panel_titles(figure) == ["(a) Scores", "(b) Conformity", "(c) Ostracism", "(d) Gaming"]
    legends = legend_texts(figure)
    mean = by_name["score_mean"]
    assert legends[0] == f"{mean['label']} ({mean['unit']})"
    assert f"{by_name['giant_frac']['label']} ({by_name['giant_frac']['unit']})" in legends


# --- A sweep database's `columns` table ---------------------------------------------------

def columns_table(db: Path) -> list[dict]:
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    try:
        rows = connection.execute("SELECT * FROM columns ORDER BY position").fetchall()
        series = [row[1] for row in connection.execute("PRAGMA table_info(timeseries)")]
    finally:
        connection.close()
    assert series[0] == "run_id"
    table = [dict(row) for row in rows]
    assert [row["name"] for row in table] == series[1:]
    assert [row["position"] for row in table] == list(range(len(table)))
    return table


@pytest.mark.parametrize("which", ["smoke", "voter"])
def test_sweep_columns_table_is_read(which, smoke_db, voter_sweep_db, runs, voter_run):
    db, run = (smoke_db, runs["tiny"]) if which == "smoke" else (voter_sweep_db, voter_run)
    table = columns_table(db)
    frame = load_sweep(db)
    assert frame.attrs["model"] == manifest_of(run)["model"]
    expected = [{k: v for k, v in row.items() if k != "position"} for row in table]
    assert frame.attrs["column_definitions"] == expected
    # The same registered definitions as a run of the same model writes in its manifest.
    assert expected == manifest_of(run)["column_definitions"]
    names = column_defs.of(frame)
    assert names.names == frame.attrs["timeseries_columns"]
    for row in table:
        assert names.label(row["name"]) == row["label"]
        assert names.unit(row["name"]) == row["unit"]
        if row["type"] == "text":
            assert frame[row["name"]].dtype == "string"


def test_smoke_sweep_figure_uses_the_table_labels(smoke_db, tmp_path):
    frame = load_sweep(smoke_db)
    assert frame["run_id"].nunique() == 12 and set(frame.attrs["varied"]) == {"score.eta",
                                                                                "audit.rate"}
    label = column_defs.of(frame).label("score_mean")
    assert averaging_window(frame)["weeks"] is True  # the table's step unit is weeks
    assert cli.main([str(smoke_db), "--out", str(tmp_path / "smoke.svg")]) == 0
    assert label in (tmp_path / "smoke.svg").read_text()


def step_axis(definitions) -> str:
    (step,) = [d for d in definitions if d["name"] == "step"]
    return f"{step['label']} ({step['unit']})"


def test_voter_sweep_plots_its_own_default_metric(voter_sweep_db, tmp_path):
    frame = load_sweep(voter_sweep_db)
    definitions = frame.attrs["column_definitions"]
    with pytest.warns(UserWarning, match="shorter than 52 steps"):
        figure = plot_sweep(frame)  # no metric given: the voter model's, not score_mean
    top = figure.axes[0]
    assert top.get_ylabel() == column_defs.of(frame).axis_label("discordant_frac")
    assert top.get_xlabel() == step_axis(definitions) != "step (weeks)"
    assert averaging_window(frame)["weeks"] is False
    assert "year" not in describe({**averaging_window(frame), "short_runs": 0})
    assert cli.main([str(voter_sweep_db), "--out", str(tmp_path / "voter")]) == 0


def test_compare_voter_runs_by_default(voter_run, tmp_path):
    manifest = manifest_of(voter_run)
    labels = {d["name"]: d["label"] for d in manifest["column_definitions"]}
    other = tmp_path / "voter-copy"
    shutil.copytree(voter_run, other)
    figure = plot_compare([load_run(voter_run), load_run(other)])
    titles = [ax.get_title(loc="left") for ax in figure.axes if ax.get_visible()]
    assert titles[0] == labels["discordant_frac"]
    assert all(title in labels.values() for title in titles)
    xlabels = {ax.get_xlabel() for ax in figure.axes if ax.get_xlabel()}
    assert xlabels == {step_axis(manifest["column_definitions"])}
