"""The scsim-plot command: dispatch on the path, outputs, and exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import scsim_analysis
from scsim_analysis.cli import main, path_kind


def test_path_kinds(runs, sweep_db, snapshot_dir, tmp_path):
    assert path_kind(runs["tiny"]) == "run"
    assert path_kind(sweep_db) == "sweep"
    assert path_kind(snapshot_dir) == "snapshot"
    assert path_kind(tmp_path) is None
    assert path_kind(tmp_path / "missing.sqlite") is None


def test_dashboard_via_cli(runs, tmp_path, capsys):
    assert main([str(runs["baseline"]), "--out", str(tmp_path / "dash")]) == 0
    out = capsys.readouterr().out.split()
    assert out == [str(tmp_path / "dash.png"), str(tmp_path / "dash.svg")]


def test_compare_via_cli(runs, tmp_path):
    code = main(["--compare", str(runs["baseline"]), str(runs["no-friend-weight"]),
                 "--metrics", "score_mean,score_assortativity", "--out", str(tmp_path / "c.svg")])
    assert code == 0 and (tmp_path / "c.svg").stat().st_size > 10_000


def test_sweep_and_snapshot_via_cli(sweep_db, snapshot_dir, tmp_path):
    assert main([str(sweep_db), "--metric", "giant_frac", "--out", str(tmp_path / "s.png")]) == 0
    assert main([str(snapshot_dir), "--out", str(tmp_path / "n.png")]) == 0
    assert (tmp_path / "s.png").is_file() and (tmp_path / "n.png").is_file()


@pytest.mark.parametrize("make_args", [
    lambda tmp, runs: [str(tmp / "does-not-exist")],
    lambda tmp, runs: [str(tmp)],                                   # empty folder
    lambda tmp, runs: [str(runs["tiny"] / "manifest.json")],        # a file, not .sqlite
    lambda tmp, runs: ["--compare", str(runs["tiny"]), str(tmp)],
    lambda tmp, runs: [str(runs["tiny"]), str(runs["baseline"])],   # two paths, no --compare
    lambda tmp, runs: [str(runs["tiny"]), "--metric", "score_mean"],
    lambda tmp, runs: ["--compare", str(runs["tiny"]), "--metrics", "nope"],
])
def test_bad_input_exits_2_with_one_line(make_args, runs, tmp_path, capsys):
    assert main(make_args(tmp_path, runs)) == 2
    err = capsys.readouterr().err
    assert err.startswith("scsim-plot: error: ") and err.count("\n") == 1


def test_console_entry_point_bad_path(tmp_path):
    package_root = str(Path(scsim_analysis.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-m", "scsim_analysis", str(tmp_path / "nope")],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "not a run folder" in result.stderr


def test_corrupt_sweep_database_exits_2(tmp_path, capsys):
    path = tmp_path / "broken.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    assert main([str(path)]) == 2
    assert capsys.readouterr().err.startswith("scsim-plot: error: ")


def test_help_shows_the_real_snapshot_folder(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "step-000519" in text and "step-520" not in text


def test_any_failure_is_one_line_exit_2(runs, tmp_path, capsys, monkeypatch):
    import scsim_analysis.dashboard as dashboard

    def broken(*args, **kwargs):
        raise TypeError("'<' not supported between instances of 'str' and 'float'\nmore")

    monkeypatch.setattr(dashboard, "dashboard", broken)
    assert main([str(runs["tiny"]), "--out", str(tmp_path / "d")]) == 2
    captured = capsys.readouterr()
    assert captured.err == ("scsim-plot: error: TypeError: '<' not supported between instances "
                            "of 'str' and 'float' more\n")
    assert captured.out == ""


def test_unknown_sweep_metric_lists_metrics_only(sweep_db, capsys):
    assert main([str(sweep_db), "--metric", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    offered = err.split("the metrics are: ")[1].strip().split(", ")
    assert "gamer_frac" in offered
    for identifier in ("run_id", "seed", "status", "scsim_version", "network_metrics",
                       "point_id", "score.eta"):
        assert identifier not in offered


def test_sweep_metric_gamer_frac(sweep_db, tmp_path):
    assert main([str(sweep_db), "--metric", "gamer_frac", "--out", str(tmp_path / "g.png")]) == 0


def test_broken_manifest_exits_2(runs, tmp_path, capsys):
    import shutil

    shutil.copytree(runs["tiny"], tmp_path / "run")
    (tmp_path / "run" / "manifest.json").write_text("{ not json")
    assert main([str(tmp_path / "run"), "--out", str(tmp_path / "d")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("scsim-plot: error: ") and "not valid JSON" in err and err.count("\n") == 1
