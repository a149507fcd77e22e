"""The dashboard is chosen by the run's model, and its legends come from the manifest."""

from __future__ import annotations

import shutil

import pytest

from conftest import REPO, definitions_for, write_manifest
from scsim_analysis import load_run
from scsim_analysis.dashboard import plot_dashboard

VOTER_COLUMNS = ["step", "updates", "consensus", "discordant_ties", "discordant_frac",
                 "communities", "largest_community", "largest_community_frac",
                 "second_community_frac", "mean_community_size", "vertex_community_size",
                 "edges", "isolated_frac", "adoptions", "tie_moves", "rejected_moves",
                 "network_metrics", "clustering_avg", "transitivity", "components", "giant_frac"]


@pytest.fixture(scope="module")
def voter_run(scsim, tmp_path_factory):
    folder = scsim("voter", "adaptive-voter.yaml", "--set", "population.size=400",
                   "--steps", "30")
    assert (folder / "timeseries.csv").read_text().splitlines()[0].split(",") == VOTER_COLUMNS
    return folder


def titles(figure):
    return [ax.get_title(loc="left").split(":")[0] for ax in figure.axes if ax.get_title(loc="left")]


def test_voter_dashboard_for_adaptive_voter_model(voter_run, tmp_path):
    run = tmp_path / "voter"
    shutil.copytree(voter_run, run)
    write_manifest(run, model="adaptive_voter", columns=VOTER_COLUMNS,
                   column_definitions=definitions_for(VOTER_COLUMNS))
    frame = load_run(run)
    assert frame.attrs["model"] == "adaptive_voter"
    figure = plot_dashboard(frame)
    assert titles(figure) == ["(a) Disagreement", "(b) Communities", "(c) Updates", "(d) Network"]
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend[0] == "L:discordant_frac (U:discordant_frac)"
    plotted = figure.axes[0].get_lines()[0].get_ydata()
    assert list(plotted) == frame["discordant_frac"].tolist()


def test_voter_model_read_from_scenario_of_an_older_manifest(voter_run):
    frame = load_run(voter_run)  # no top-level "model": scenario.model says adaptive_voter
    assert frame.attrs["model"] == "adaptive_voter"
    assert titles(plot_dashboard(frame))[0] == "(a) Disagreement"


def test_reference_dashboard_labels_from_definitions(runs, tmp_path):
    run = tmp_path / "ref"
    shutil.copytree(runs["tiny"], run)
    header = (run / "timeseries.csv").read_text().splitlines()[0].split(",")
    write_manifest(run, model="reference", column_definitions=definitions_for(header))
    figure = plot_dashboard(load_run(run))
    assert titles(figure) == ["(a) Scores", "(b) Conformity", "(c) Ostracism", "(d) Gaming"]
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend[0] == "L:score_mean (U:score_mean)"


def test_unknown_model_is_an_error(runs, tmp_path):
    run = tmp_path / "odd"
    shutil.copytree(runs["tiny"], run)
    write_manifest(run, model="boids")
    with pytest.raises(ValueError, match="no dashboard for model 'boids'"):
        plot_dashboard(load_run(run))


def test_voter_title_counts_people_and_no_none_commit(voter_run):
    title = plot_dashboard(load_run(voter_run))._suptitle.get_text()
    assert "N = 400 people" in title and "None" not in title
