"""scsim-calibrate: ABC (pyABC) fits known keys back from a run's metrics, resumes without
running finished simulations again, writes a best-fitting scenario that reproduces its
metrics, and refuses bad input with exit 2 before running anything.

The recovery check: targets are the metrics of one run of tiny.yaml (300 citizens, 80
steps, penalties from step 20) at score.eta = 0.5 and audit.rate = 0.06 (seed 101, a seed
no proposal uses); the fit starts from uniform priors eta in [0, 1], audit rate in
[0, 0.1], with 20 particles and 3 generations (about 150 runs of 0.1-0.3 s). Each true
value must lie in its 90% posterior interval, and each interval must be under 75% of its
prior's width (a fit that learnt nothing keeps about 90%; this one keeps about 62-65%).
Everything is seeded, so the test is deterministic for a given scsim.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest
import yaml

from conftest import REPO
from scsim_analysis import calibrate

TRUTH = {"score.eta": 0.5, "audit.rate": 0.06}
TARGETS = ("score_sd", "audits", "penalty_frac")
POPULATION, GENERATIONS = 20, 3


def config_file(folder: Path, **changes) -> Path:
    document = {
        "name": "recover", "scenario": str(REPO / "scenarios" / "tiny.yaml"), "set": {"steps": 80},
        "parameters": {"score.eta": {"from": 0, "to": 1}, "audit.rate": {"from": 0, "to": 0.1}},
        "last": 60, "seed": 5, "threads": 1,
        "abc": {"population": POPULATION, "generations": GENERATIONS}, "truth": TRUTH,
    }
    document.update(changes)
    path = folder / "recover.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


@pytest.fixture(scope="module")
def truth_targets(scsim_bin, tmp_path_factory) -> dict[str, float]:
    out = tmp_path_factory.mktemp("truth") / "run"
    command = [str(scsim_bin), "run", str(REPO / "scenarios" / "tiny.yaml"), "--steps", "80", "--seed", "101",
               "--threads", "1", "--quiet", "--out", str(out)]
    command += [part for key, value in TRUTH.items() for part in ("--set", f"{key}={value}")]
    subprocess.run(command, check=True, capture_output=True)
    metrics = calibrate.run_metrics(out, 60)
    return {metric: metrics[metric] for metric in TARGETS}


class Stop(Exception):
    pass


@pytest.fixture(scope="module")
def fitted(scsim_bin, truth_targets, tmp_path_factory):
    """A calibration stopped in its second generation, then finished, then run again."""
    folder = tmp_path_factory.mktemp("calibration")
    config = calibrate.load_config(config_file(folder, targets=truth_targets))
    out = folder / "out"
    extra = 7  # simulations of generation 1 made before the stop
    original = calibrate.Simulator.metrics

    def stopping(self, values):
        if self.ran == POPULATION + extra:
            raise Stop()
        return original(self, values)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(calibrate.Simulator, "metrics", stopping)
        with pytest.raises(Stop):
            calibrate.calibrate(config, out, str(scsim_bin), log=lambda _: None)
    assert not (out / "summary.json").exists()
    resumed = calibrate.calibrate(config, out, str(scsim_bin), log=lambda _: None)
    posterior = (out / "posterior.csv").read_text()
    again = calibrate.calibrate(config, out, str(scsim_bin), log=lambda _: None)
    return {"config": config, "out": out, "resumed": resumed, "again": again, "extra": extra,
            "posterior": posterior}


def test_recovers_known_eta_and_audit_rate(fitted):
    summary = json.loads((fitted["out"] / "summary.json").read_text())
    assert len(summary["generations"]) == GENERATIONS
    for name, truth in TRUTH.items():
        entry = summary["parameters"][name]
        assert entry["q05"] <= truth <= entry["q95"], (name, entry)
        assert entry["truth_in_interval"] is True
        # The prior's own 90% interval is 90% of its width; this fit narrows each to
        # about 62-65% (3 generations of 20), so a fit that learnt nothing fails here.
        assert entry["interval_share_of_prior"] < 0.75, (name, entry)
    thresholds = [g["epsilon"] for g in summary["generations"]]
    assert thresholds[0] == float("inf") and thresholds[1] > thresholds[2]  # quantile thresholds shrink
    posterior = pd.read_csv(fitted["out"] / "posterior.csv")
    assert len(posterior) == POPULATION
    assert posterior["weight"].sum() == pytest.approx(1.0)
    assert (posterior["distance"] <= thresholds[-1]).all()
    assert {"score.eta", "audit.rate", *(f"sim_{m}" for m in TARGETS)} <= set(posterior.columns)
    for suffix in (".png", ".svg"):
        assert (fitted["out"] / f"posterior{suffix}").stat().st_size > 0


def test_resume_runs_no_finished_simulation_again(fitted):
    resumed, again = fitted["resumed"], fitted["again"]
    # Generation 0 came from pyABC's history; the 7 runs of the stopped generation 1 from
    # the database, because the resumed generation redraws the same proposals.
    assert resumed["simulations"]["from_database_now"] == fitted["extra"]
    assert resumed["simulations"]["in_database"] == resumed["simulations"]["total"]
    assert again["simulations"]["run_now"] == 0 and again["simulations"]["from_database_now"] == 0
    assert (fitted["out"] / "posterior.csv").read_text() == fitted["posterior"]
    assert not (fitted["out"] / "work").exists()


def test_best_scenario_reproduces_its_metrics(fitted, scsim_bin, tmp_path):
    summary = fitted["again"]
    best = fitted["out"] / "best.yaml"
    scenario = yaml.safe_load(best.read_text())
    assert scenario["score"]["eta"] == pytest.approx(summary["best"]["parameters"]["score.eta"], abs=0, rel=1e-15)
    assert scenario["steps"] == 80 and scenario["population"]["size"] == 300  # the config's set and scenario
    subprocess.run([str(scsim_bin), "run", str(best), "--threads", "1", "--quiet", "--out", str(tmp_path / "best")],
                   check=True, capture_output=True)
    metrics = calibrate.run_metrics(tmp_path / "best", 60)
    for metric, entry in summary["targets"].items():
        assert metrics[metric] == pytest.approx(entry["best"], rel=1e-12), metric


def test_cli_reports_and_resumes(fitted, scsim_bin, tmp_path, capsys):
    config = tmp_path / "c.yaml"
    config.write_text(Path(fitted["config"].path).read_text())
    code = calibrate.main([str(config), "--out", str(fitted["out"]), "--scsim", str(scsim_bin), "--quiet"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "0 run now" in printed and "score.eta: median" in printed


@pytest.mark.parametrize("change, message", [
    ({"targets": {"no_such_metric": 1.0}}, "not a metric of this scenario's runs"),
    ({"targets": {"penalty_frac": 0.0}}, "a target of 0 needs"),
    ({"parameters": {"score.nope": {"from": 0, "to": 1}}}, "scsim refuses the scenario"),
    ({"parameters": {"score.eta": {"from": 1, "to": 0}}}, "must be below"),
    ({"parameters": {"score.eta": [0, 1]}}, "a uniform prior is {from: A, to: B}"),
    ({"abc": {"population": 1}}, "abc.population"),
    ({"abc": {"generation": 3}}, "abc.generation: unknown"),
    ({"truth": {"audit.detection": 0.5}}, "not a fitted key"),
    ({"scenario": "missing.yaml"}, "no such file"),
    ({"colour": "red"}, "unknown key 'colour'"),
])
def test_bad_input_is_one_line_and_exit_2(change, message, scsim_bin, tmp_path, capsys):
    change = {"targets": {"score_sd": 75.0}, "truth": {}, **change}
    config = config_file(tmp_path, **change)
    out = tmp_path / "out"
    assert calibrate.main([str(config), "--out", str(out), "--scsim", str(scsim_bin)]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1, error
    assert not out.exists()  # nothing written


def test_another_config_in_the_same_folder_is_refused(fitted, scsim_bin, tmp_path, capsys):
    changed = {t.metric: t.value for t in fitted["config"].targets}
    changed["score_sd"] *= 1.1
    config = config_file(tmp_path, targets=changed)
    assert calibrate.main([str(config), "--out", str(fitted["out"]), "--scsim", str(scsim_bin)]) == 2
    assert "holds a calibration of another config" in capsys.readouterr().err


def test_shipped_configs_are_valid():
    paths = sorted((REPO / "scenarios" / "calibration").glob("*.yaml"))
    assert paths
    for path in paths:
        config = calibrate.load_config(path)
        assert config.targets and config.bounds


@pytest.mark.parametrize("arguments, message", [
    (["--scsim", "/nonexistent/scsim"], "no scsim binary at /nonexistent/scsim"),
    (["--generations", "0"], "--generations must be at least 1"),
])
def test_bad_arguments_are_exit_2(arguments, message, scsim_bin, tmp_path, capsys):
    config = config_file(tmp_path, targets={"score_sd": 75.0})
    out = tmp_path / "out"
    arguments = arguments if "--scsim" in arguments else [*arguments, "--scsim", str(scsim_bin)]
    assert calibrate.main([str(config), "--out", str(out), *arguments]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()
