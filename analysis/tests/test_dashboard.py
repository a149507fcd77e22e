"""The dashboard is chosen by the run's model, and its legends come from the manifest."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import older_manifest, write_manifest
from scsim_analysis import load_run
from scsim_analysis.dashboard import plot_dashboard


def titles(figure):
    return [ax.get_title(loc="left").split(":")[0] for ax in figure.axes if ax.get_title(loc="left")]


def legend(figure, index=0):
    return [t.get_text() for t in figure.axes[index].get_legend().get_texts()]


def definition(run, column):
    manifest = json.loads((run / "manifest.json").read_text())
    (entry,) = [d for d in manifest["column_definitions"] if d["name"] == column]
    return entry


def test_voter_dashboard_for_adaptive_voter_model(voter_run):
    frame = load_run(voter_run)
    assert frame.attrs["model"] == "adaptive_voter"
    figure = plot_dashboard(frame)
    assert titles(figure) == ["(a) Disagreement", "(b) Communities", "(c) Updates", "(d) Network"]
    entry = definition(voter_run, "discordant_frac")
    assert legend(figure)[0] == f"{entry['label']} ({entry['unit']})"
    plotted = figure.axes[0].get_lines()[0].get_ydata()
    assert list(plotted) == frame["discordant_frac"].tolist()


def test_voter_model_read_from_scenario_of_an_older_manifest(voter_run, tmp_path):
    run = tmp_path / "older-voter"
    shutil.copytree(voter_run, run)
    older_manifest(run)  # no top-level "model": scenario.model says adaptive_voter
    frame = load_run(run)
    assert frame.attrs["model"] == "adaptive_voter"
    figure = plot_dashboard(frame)
    assert titles(figure)[0] == "(a) Disagreement"
    assert legend(figure)[0] == "discordant_frac"  # no definitions: the column's name


def test_voter_model_read_from_columns_without_scenario_model(voter_run, tmp_path):
    run = tmp_path / "bare-voter"
    shutil.copytree(voter_run, run)
    older_manifest(run)
    manifest = json.loads((run / "manifest.json").read_text())
    del manifest["scenario"]["model"]
    (run / "manifest.json").write_text(json.dumps(manifest))
    assert load_run(run).attrs["model"] == "adaptive_voter"


def test_reference_dashboard_labels_from_definitions(runs, tmp_path):
    run = tmp_path / "ref"
    shutil.copytree(runs["tiny"], run)
    manifest = json.loads((run / "manifest.json").read_text())
    # Definitions are read, not assumed: relabel one column in the manifest.
    for entry in manifest["column_definitions"]:
        if entry["name"] == "score_mean":
            entry["label"], entry["unit"] = "relabelled mean", "pts"
    write_manifest(run, column_definitions=manifest["column_definitions"])
    figure = plot_dashboard(load_run(run))
    assert titles(figure) == ["(a) Scores", "(b) Conformity", "(c) Ostracism", "(d) Gaming"]
    assert legend(figure)[0] == "relabelled mean (pts)"


def test_unknown_model_is_an_error(runs, tmp_path):
    run = tmp_path / "odd"
    shutil.copytree(runs["tiny"], run)
    write_manifest(run, model="boids")
    with pytest.raises(ValueError, match="no dashboard for model 'boids'"):
        plot_dashboard(load_run(run))


def test_voter_title_counts_people_and_no_none_commit(voter_run):
    title = plot_dashboard(load_run(voter_run))._suptitle.get_text()
    assert "N = 400 people" in title and "None" not in title
