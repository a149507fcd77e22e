"""The Dask launcher on a LocalCluster: shards as tasks, merged, equal to a plain sweep."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("dask.distributed")

from scsim_analysis import load_sweep  # noqa: E402
from scsim_analysis.dask_launcher import main, run_sweep  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def write_sweep(folder: Path, etas: str = "[0, 0.6]") -> Path:
    path = folder / "sweep.yaml"
    path.write_text(
        f"""name: dask-test
scenario: {REPO / "scenarios" / "tiny.yaml"}
set:
  population.size: 150
  steps: 25
parameters:
  score.eta: {etas}
  audit.rate: [0.05]
replicates: 3
seed: 3
""",
        encoding="utf-8",
    )
    return path


def contents(path: Path) -> tuple[list[tuple], list[tuple]]:
    """runs (without wall_seconds) and timeseries rows, in key order."""
    with sqlite3.connect(path) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(runs)")]
        kept = ", ".join(f'"{c}"' for c in columns if c != "wall_seconds")
        runs = connection.execute(f"SELECT {kept} FROM runs ORDER BY run_id").fetchall()
        series = connection.execute("SELECT * FROM timeseries ORDER BY run_id, step").fetchall()
    return runs, series


def test_local_cluster_shards_merge_to_the_plain_sweep(scsim_bin, tmp_path):
    sweep = write_sweep(tmp_path)
    seen = []
    result = run_sweep(sweep, shards=3, out=tmp_path / "all.sqlite", workers=2,
                       scsim=scsim_bin, progress=seen.append)
    assert sorted(s.index for s in seen) == [1, 2, 3]
    assert all((tmp_path / "all.sqlite.shards" / f"shard-{k}-of-3.sqlite").is_file()
               for k in (1, 2, 3))
    assert "6 of 6 runs finished (complete)" in result.merge_summary

    direct = tmp_path / "direct.sqlite"
    subprocess.run([str(scsim_bin), "sweep", str(sweep), "--db", str(direct), "--jobs", "1",
                    "--quiet"], check=True)
    assert contents(result.database) == contents(direct)

    frame = load_sweep(result.database)
    assert frame.attrs["varied"] == ["score.eta"]
    assert frame["run_id"].nunique() == 6
    assert len(frame) == 6 * 25


def test_cli_refuses_a_bad_sweep_with_exit_2(scsim_bin, tmp_path, capsys):
    sweep = write_sweep(tmp_path, etas="{from: 0.6, to: 0, step: 0.1}")
    code = main([str(sweep), "--out", str(tmp_path / "x.sqlite"), "--scsim", str(scsim_bin),
                 "--quiet"])
    assert code == 2
    assert "empty range" in capsys.readouterr().err
    assert not (tmp_path / "x.sqlite").exists()
