"""scsim-sa: designs equal SALib's samplers, closed-form indices through the design ->
database -> analysis path (Ishigami, Sobol's G function via the stand-in), replicate noise,
bad input, and real `scsim sweep` runs of morris and ofat designs."""

from __future__ import annotations

import json
import math
import sqlite3
import subprocess
from pathlib import Path

import numpy as np
import pytest
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from scsim_analysis import sa, standin

REPO = Path(__file__).resolve().parents[2]
PI = math.pi


def sweep_yaml(folder: Path, name: str, parameters: dict, design: str, extra: str = "") -> Path:
    lines = [f"name: {name}", "scenario: ../none.yaml", "parameters:"]
    lines += [f"  {p}: {{from: {lo!r}, to: {hi!r}}}" for p, (lo, hi) in parameters.items()]
    lines += [f"design: {design}", "replicates: 1", "seed: 11", extra]
    path = folder / f"{name}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


ISHIGAMI = {"x1": (-PI, PI), "x2": (-PI, PI), "x3": (-PI, PI)}
G6 = {f"x{i + 1}": (0.0, 1.0) for i in range(6)}


def problem(parameters):
    return {"num_vars": len(parameters), "names": list(parameters),
            "bounds": [list(b) for b in parameters.values()]}


def test_design_rows_equal_salibs_samplers(tmp_path):
    morris = sweep_yaml(tmp_path, "m", G6, "{method: morris, levels: 6, trajectories: 20, optimal: 5, seed: 9}")
    header, rows = sa.read_design(sa.write_design(morris))
    expected = morris_sample.sample(problem(G6), 20, num_levels=6, optimal_trajectories=5,
                                    local_optimization=True, seed=9)
    assert np.array_equal(rows, expected)  # bit for bit: repr round-trips
    assert header["method"] == "morris" and header["optimal"] == 5 and rows.shape == (5 * 7, 6)

    plain = sweep_yaml(tmp_path, "p", G6, "{method: morris, trajectories: 4}")  # seed: the sweep's
    _, rows = sa.read_design(sa.write_design(plain))
    assert np.array_equal(rows, morris_sample.sample(problem(G6), 4, num_levels=4, seed=11))

    saltelli = sweep_yaml(tmp_path, "s", ISHIGAMI, "{method: saltelli, samples: 16, second_order: false, seed: 4}")
    header, rows = sa.read_design(sa.write_design(saltelli))
    expected = sobol_sample.sample(problem(ISHIGAMI), 16, calc_second_order=False, seed=4)
    assert np.array_equal(rows, expected) and rows.shape == (16 * 5, 3)
    skipped = sweep_yaml(tmp_path, "k", ISHIGAMI, "{method: saltelli, samples: 8, skip: 8, seed: 4}")
    _, rows = sa.read_design(sa.write_design(skipped))
    assert np.array_equal(rows, sobol_sample.sample(problem(ISHIGAMI), 8, skip_values=8, seed=4))


def within(estimate, conf, exact, slack=0.0):
    return abs(estimate - exact) <= conf + slack


def test_ishigami_indices_within_bootstrap_intervals(tmp_path, capsys):
    sweep = sweep_yaml(tmp_path, "ishigami", ISHIGAMI, "{method: saltelli, samples: 1024, seed: 3}")
    db = standin.write_database(sa.write_design(sweep), tmp_path / "ishigami.sqlite", "ishigami")
    assert sa.main([str(db), "--metric", "y", "--last", "3", "--resamples", "500"]) == 0
    out = capsys.readouterr().out
    assert "S1" in out and "second order" in out
    result = json.loads((tmp_path / "ishigami_y_sa.json").read_text())
    for row, s1, st in zip(result["indices"], standin.ISHIGAMI_S1, standin.ISHIGAMI_ST):
        assert within(row["S1"], row["S1_conf"], s1), row
        assert within(row["ST"], row["ST_conf"], st), row
    s2 = {(r["parameter"], r["other"]): r for r in result["S2"]}
    # x1 x x3 is the only interaction: S2 = ST1 - S1_1 = 0.244.
    assert within(s2[("x1", "x3")]["S2"], s2[("x1", "x3")]["S2_conf"], 0.2437)
    assert result["noise"]["noise_share"] != result["noise"]["noise_share"] or result["noise"]["noise_share"] == 0
    for name in ("ishigami_y_sobol.png", "ishigami_y_convergence.png", "ishigami_y_sa.csv"):
        assert (tmp_path / name).stat().st_size > 300


def test_g_function_sobol_and_morris(tmp_path):
    s1, st = standin.g_indices()
    sweep = sweep_yaml(tmp_path, "g", G6, "{method: saltelli, samples: 1024, second_order: false, seed: 5}")
    db = standin.write_database(sa.write_design(sweep), tmp_path / "g.sqlite", "g")
    result = sa.analyse(db, "y", last=3, resamples=500)
    table = result["indices"]
    for k in range(6):
        assert within(table["S1"][k], table["S1_conf"][k], s1[k]), (k, table.iloc[k].to_dict())
        assert within(table["ST"][k], table["ST_conf"][k], st[k]), (k, table.iloc[k].to_dict())
    assert result["S2"] is None

    sweep = sweep_yaml(tmp_path, "gm", G6, "{method: morris, trajectories: 50, optimal: 20, seed: 5}")
    db = standin.write_database(sa.write_design(sweep), tmp_path / "gm.sqlite", "g")
    result = sa.analyse(db, "y", last=3, resamples=200)
    ranking = list(result["indices"]["parameter"])
    assert ranking[:4] == ["x1", "x2", "x3", "x4"]  # mu* follows the G function's a = 0, 1, 4.5, 9
    assert set(result["convergence"]["size"]) >= {2, 4, 20}
    sa.write_outputs(result, tmp_path / "out", "gm")
    assert (tmp_path / "out" / "gm_y_morris.png").is_file()


def test_replicate_noise_is_measured(tmp_path):
    sweep = sweep_yaml(tmp_path, "n", ISHIGAMI, "{method: saltelli, samples: 64, seed: 3}")
    design = sa.write_design(sweep)
    quiet = sa.analyse(standin.write_database(design, tmp_path / "q.sqlite", replicates=3), "y", last=3)
    noisy = sa.analyse(standin.write_database(design, tmp_path / "n.sqlite", replicates=3, noise=3.0,
                                              steps=1), "y", last=1)
    assert quiet["noise"]["noise_share"] == 0
    # Ishigami's variance is 13.84; noise sd 3 adds 9 within each point: share 9 / 22.8.
    assert 0.3 < noisy["noise"]["noise_share"] < 0.5
    assert noisy["noise"]["replicates_per_point"] == 3


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    sweep = sweep_yaml(tmp_path, "b", ISHIGAMI, "{method: saltelli, samples: 8, seed: 3}")
    db = standin.write_database(sa.write_design(sweep), tmp_path / "b.sqlite")
    for argv in ([str(db), "--metric", "nope"], [str(tmp_path / "missing.sqlite"), "--metric", "y"],
                 [str(db), "--metric", "y", "--last", "0"], ["design", str(tmp_path / "none.yaml")]):
        assert sa.main(argv) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("scsim-sa: ") and "\n" not in err, err
    connection = sqlite3.connect(db)  # an incomplete sweep
    connection.execute("DELETE FROM runs WHERE point_id = 5")
    connection.commit()
    connection.close()
    assert sa.main([str(db), "--metric", "y", "--last", "3"]) == 2
    assert "points have no finished run" in capsys.readouterr().err


def run_sweep(binary: Path, sweep: Path, db: Path) -> None:
    subprocess.run([str(binary), "sweep", str(sweep), "--db", str(db), "--jobs", "2", "--quiet"],
                   check=True, capture_output=True, text=True)


def test_real_morris_and_ofat_sweeps(scsim_bin, tmp_path):
    """scsim sweep runs SALib's rows in SALib's order; scsim-sa analyses the database."""
    parameters = {"score.eta": (0.0, 0.6), "audit.rate": (0.0, 0.2), "population.ringSize": (2, 8)}
    body = [f"name: morris-tiny", f"scenario: {REPO / 'scenarios' / 'tiny.yaml'}",
            "set:", "  population.size: 100", "  steps: 30", "parameters:"]
    body += [f"  {p}: {{from: {lo}, to: {hi}}}" for p, (lo, hi) in parameters.items()]
    body += ["design: {method: morris, levels: 4, trajectories: 3, seed: 2}", "replicates: 2", "seed: 5"]
    sweep = tmp_path / "morris-tiny.yaml"
    sweep.write_text("\n".join(body) + "\n")
    missing = subprocess.run([str(scsim_bin), "sweep", str(sweep), "--dry-run"], capture_output=True, text=True)
    assert missing.returncode == 2 and "scsim-sa design" in missing.stderr
    design = sa.write_design(sweep)
    db = tmp_path / "morris.sqlite"
    run_sweep(scsim_bin, sweep, db)
    connection = sqlite3.connect(db)
    points = connection.execute('SELECT "score.eta", "audit.rate", "population.ringSize" FROM points ORDER BY point_id').fetchall()
    definition = json.loads(connection.execute("SELECT value FROM sweep WHERE key = 'definition'").fetchone()[0])
    connection.close()
    expected = morris_sample.sample(problem(parameters), 3, num_levels=4, seed=2)
    assert np.array_equal(np.array(points)[:, :2], expected[:, :2])  # numbers exactly SALib's
    assert all(float(k).is_integer() and 2 <= k <= 8 for k in np.array(points)[:, 2])
    assert definition["design_settings"]["method"] == "morris"
    result = sa.analyse(db, "gamer_frac", last=10, resamples=100)  # a derived metric
    assert list(result["indices"].columns[:3]) == ["parameter", "rank", "mu"]
    assert result["noise"]["replicates_per_point"] == 2

    ofat = tmp_path / "ofat.yaml"
    ofat.write_text(sweep.read_text().replace("name: morris-tiny", "name: ofat").replace(
        "design: {method: morris, levels: 4, trajectories: 3, seed: 2}", "design: {method: ofat, levels: 3}"))
    db = tmp_path / "ofat.sqlite"
    run_sweep(scsim_bin, ofat, db)
    result = sa.analyse(db, "score_mean", last=10)
    assert sorted(result["indices"]["parameter"]) == sorted(parameters)
    assert len(result["responses"]) == 9  # 3 keys x 3 levels; point 0 is the base scenario
