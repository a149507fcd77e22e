"""scsim-plot --compare: run labels by what differs, and truthful policy-event lines."""

from __future__ import annotations

import shutil

from matplotlib.colors import to_rgba

from conftest import write_manifest
from scsim_analysis import load_run
from scsim_analysis.compare import event_groups, plot_compare, run_names


def copy_run(runs, tmp_path, folder_name, **manifest):
    folder = tmp_path / folder_name
    shutil.copytree(runs["tiny"], folder)
    if manifest:
        write_manifest(folder, **manifest)
    return folder


def test_runs_labelled_by_their_differing_overrides(runs, scsim):
    plain = load_run(runs["tiny"])
    override = load_run(scsim("tiny-friendless-400", "tiny.yaml", "--set", "score.friendless=400"))
    assert run_names([plain, override]) == ["score.friendless=mean", "score.friendless=400"]


def test_runs_labelled_by_name_and_seed_when_those_differ(runs):
    frames = [load_run(runs["baseline"]), load_run(runs["no-friend-weight"])]
    # Both small runs share their overrides (population.size=400, steps=60) and seed 42.
    assert run_names(frames) == ["baseline", "no-friend-weight"]
    figure = plot_compare(frames, ["score_mean"])
    assert "seed 42, population.size=400, steps=60" in figure._suptitle.get_text()
    assert run_names([frames[0]]) == ["baseline seed 42"]


def test_boolean_override_shown_true_false(runs, tmp_path):
    scenario = {**load_run(runs["tiny"]).attrs["manifest"]["scenario"], "mandatory": True}
    on = copy_run(runs, tmp_path, "on", overrides=["mandatory=1"], scenario=scenario)
    frames = [load_run(runs["tiny"]), load_run(on)]
    # The label shows the resolved scenario's value (a boolean), not the raw "1"; the run
    # without the override shows its scenario's value.
    assert run_names(frames) == ["mandatory=false", "mandatory=true"]


def test_event_only_in_some_runs_drawn_in_their_colours(runs, tmp_path):
    without = copy_run(runs, tmp_path, "no-events", name="quiet",
                       scenario={**load_run(runs["tiny"]).attrs["manifest"]["scenario"],
                                 "timeline": []})
    frames = [load_run(runs["tiny"]), load_run(without), load_run(runs["tiny-gaps"])]
    groups = event_groups(frames)
    assert groups == [(20, "mandatory=true, penalties=true", [0, 2])]
    figure = plot_compare(frames, ["score_mean"])
    ax = figure.axes[0]
    verticals = [line for line in ax.get_lines() if list(line.get_xdata()) == [20, 20]]
    palette = [line.get_color() for line in ax.get_lines()[:3]]
    assert sorted(to_rgba(v.get_color()) for v in verticals) == sorted(
        [to_rgba(palette[0]), to_rgba(palette[2])])
    labels = [t.get_text() for t in figure.legends[0].get_texts()]
    assert labels[-1] == ("policy event in only some runs: dashed in the colour of each run "
                          "that has it")
    assert "policy event in every run" not in labels
    assert any("(only 2 runs of 3)" in t.get_text() for t in ax.texts)


def test_event_in_every_run_drawn_once_grey(runs):
    frames = [load_run(runs["tiny"]), load_run(runs["tiny-gaps"])]
    figure = plot_compare(frames, ["score_mean"])
    ax = figure.axes[0]
    verticals = [line for line in ax.get_lines() if list(line.get_xdata()) == [20, 20]]
    assert [v.get_color() for v in verticals] == ["0.25"]
    labels = [t.get_text() for t in figure.legends[0].get_texts()]
    assert labels[-1] == "policy event in every run"


def test_compare_accepts_derived_metric(runs):
    frames = [load_run(runs["baseline"]), load_run(runs["no-friend-weight"])]
    figure = plot_compare(frames, ["gamer_frac"])
    line = figure.axes[0].get_lines()[0]
    expected = (frames[0]["padder_frac"] + frames[0]["evader_frac"]
                + frames[0]["colluder_frac"]).to_numpy()
    assert (abs(line.get_ydata() - expected) < 1e-12).all()
