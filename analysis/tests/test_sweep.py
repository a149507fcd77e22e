"""Sweep figures: word and boolean parameters, the averaging window, heat-map intervals."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from scsim_analysis import load_sweep
from scsim_analysis.cli import main
from scsim_analysis.sweep import (averaging_window, describe, final_means, indistinguishable,
                                  parameter_levels, phase_grid, plot_sweep)


def test_word_valued_parameter_plots_as_categories(word_sweep_db, tmp_path, capsys):
    assert main([str(word_sweep_db), "--out", str(tmp_path / "w.png")]) == 0
    assert (tmp_path / "w.png").stat().st_size > 10_000
    frame = load_sweep(word_sweep_db)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        means = final_means(frame, "score_mean")
    grid = phase_grid(means, frame.attrs["varied"])
    assert grid["x_levels"] == ["mean", "mid", "own", 400.0]  # the sweep's order
    assert grid["y_levels"] == [False, True]
    assert np.isfinite(grid["mean"]).all()


def test_word_valued_parameter_response_curve(word_sweep_1d_db, tmp_path):
    assert main([str(word_sweep_1d_db), "--out", str(tmp_path / "w1.png")]) == 0
    frame = load_sweep(word_sweep_1d_db)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        figure = plot_sweep(frame, "score_mean")
    bottom = figure.subfigs[1].axes[0]
    assert [t.get_text() for t in bottom.get_xticklabels()] == ["mean", "mid", "own", "400"]


def test_boolean_parameters_read_true_false(word_sweep_db):
    frame = load_sweep(word_sweep_db)
    assert frame["mandatory"].dtype == bool
    assert sorted(frame["mandatory"].unique()) == [False, True]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        figure = plot_sweep(frame, "score_mean")
    legend = [t.get_text() for t in figure.subfigs[0].axes[0].get_legend().get_texts()]
    assert legend[0] == "score.friendless = mean, mandatory = false  (n = 2)"
    assert legend[-1] == "score.friendless = 400, mandatory = true  (n = 2)"
    heat = figure.subfigs[1].axes[0]
    assert [t.get_text() for t in heat.get_yticklabels()] == ["false", "true"]


def test_short_runs_say_what_was_averaged_and_warn(word_sweep_db, capsys, tmp_path):
    frame = load_sweep(word_sweep_db)
    window = averaging_window(frame, 52)
    assert window == {"requested": 52, "first_step": (0, 0), "last_step": (29, 29),
                      "steps": (30, 30), "short_runs": 16, "runs": 16, "weeks": True}
    assert describe(window) == "all 30 steps (steps 0–29)"
    with pytest.warns(UserWarning, match="the runs are shorter than 52 steps: averaged over "
                                         "all 30 steps"):
        figure = plot_sweep(frame, "score_mean")
    title = figure.subfigs[1].axes[0].get_title(loc="left")
    assert "all 30 steps (steps 0–29)" in title and "one year" not in title
    assert main([str(word_sweep_db), "--out", str(tmp_path / "x.png")]) == 0
    err = capsys.readouterr().err
    assert err == ("scsim-plot: warning: the runs are shorter than 52 steps: averaged over "
                   "all 30 steps (steps 0–29)\n")


def test_long_runs_window_is_one_year(sweep_db):
    frame = load_sweep(sweep_db)  # 60-step runs
    window = averaging_window(frame, 52)
    assert describe(window) == "the last 52 steps (one year; steps 8–59)"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        final_means(frame, "score_mean")  # no warning
    assert describe(averaging_window(frame, 10)) == "the last 10 steps (steps 50–59)"


def synthetic_means():
    # a: 10 ± 1, b: 20 ± 1 (apart from a); c: 15 ± 6 overlaps both; d: one replicate.
    return pd.DataFrame({
        "point_id": [0, 1, 2, 3],
        "x": [0.0, 1.0, 0.0, 1.0],
        "y": ["lo", "lo", "hi", "hi"],
        "mean": [10.0, 20.0, 15.0, 12.0],
        "half": [1.0, 1.0, 6.0, math.nan],
        "n": [3, 3, 3, 1],
    })


def test_indistinguishable_cells():
    assert indistinguishable(synthetic_means()).tolist() == [False, False, True, False]
    close = synthetic_means().assign(mean=[10.0, 10.5, 11.0, 12.0], half=[3.0, 3.0, 3.0, 3.0])
    assert indistinguishable(close).tolist() == [True, True, True, True]


def test_heat_map_greys_cells_the_intervals_cannot_tell_apart():
    from matplotlib.figure import Figure

    from scsim_analysis.columns import Columns
    from scsim_analysis.sweep import _phase_diagram

    means = synthetic_means()
    grid = phase_grid(means, ["x", "y"])
    assert grid["grey"].tolist() == [[False, False], [True, False]]  # rows lo, hi
    figure = Figure()
    ax = figure.subplots()
    _phase_diagram(figure, ax, means, ["x", "y"], "score_mean", Columns())
    image = ax.get_images()[0]
    assert np.ma.getmaskarray(image.get_array()).tolist() == [[False, False], [True, False]]
    assert image.norm.vmin == 10.0 and image.norm.vmax == 20.0  # scale from coloured cells
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == ["10\n± 1", "12", "15\n± 6", "20\n± 1"]
    assert "grey: 1 of 4 cells" in ax.get_title(loc="left")


def test_parameter_levels_orders():
    points = pd.DataFrame({"point_id": [0, 1, 2, 3], "w": ["own", 400.0, "mean", "own"],
                           "n": [0.6, 0.0, 0.3, 0.6], "b": [True, False, True, False]})
    assert parameter_levels(points, "w") == ["own", 400.0, "mean"]
    assert parameter_levels(points, "n") == [0.0, 0.3, 0.6]
    assert parameter_levels(points, "b") == [False, True]
