"""Fixtures: real scsim runs made once per test session (snapshots included), and sweep
databases built from their data.

The binary is $SCSIM_BIN, else REPO/.build/release/scsim, built with
`swift build -c release` when missing. Runs are small (400 citizens x 60 steps) so the
whole suite stays well under a minute. Tests read what the binary writes (manifests,
column definitions, sweep databases); none keeps its own list of a model's columns.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
SMALL = ["--set", "population.size=400", "--steps", "60"]


@pytest.fixture(scope="session")
def scsim_bin() -> Path:
    override = os.environ.get("SCSIM_BIN")
    if override:
        binary = Path(override)
        if not binary.is_file():
            pytest.fail(f"SCSIM_BIN={override} does not exist")
        return binary
    binary = REPO / ".build" / "release" / "scsim"
    if not binary.is_file():
        subprocess.run(["swift", "build", "-c", "release"], cwd=REPO, check=True)
    return binary


class Runner:
    """Makes scsim runs in a session temporary folder."""

    def __init__(self, binary: Path, root: Path):
        self.binary, self.root = binary, root

    def __call__(self, name: str, scenario: str, *args: str) -> Path:
        out = self.root / name
        subprocess.run(
            [str(self.binary), "run", str(REPO / "scenarios" / scenario), "--out", str(out),
             "--quiet", *args],
            cwd=REPO, check=True, capture_output=True, text=True,
        )
        return out


@pytest.fixture(scope="session")
def scsim(scsim_bin, tmp_path_factory) -> Runner:
    return Runner(scsim_bin, tmp_path_factory.mktemp("runs"))


@pytest.fixture(scope="session")
def runs(scsim) -> dict[str, Path]:
    """tiny (full, with its step-20 timeline event), baseline and no-friend-weight (small),
    and tiny with network metrics every 7 steps (gaps in the network columns)."""
    return {
        "tiny": scsim("tiny", "tiny.yaml"),
        "baseline": scsim("baseline", "baseline.yaml", *SMALL),
        "no-friend-weight": scsim("no-friend-weight", "no-friend-weight.yaml", *SMALL),
        "tiny-gaps": scsim("tiny-gaps", "tiny.yaml", "--set", "output.networkMetricsEvery=7"),
    }


@pytest.fixture(scope="session")
def voter_run(scsim) -> Path:
    """The adaptive voter scenario with 400 people, run to consensus (a few hundred sweeps;
    network columns on every 100th)."""
    return scsim("voter", "adaptive-voter.yaml", "--set", "population.size=400")


def older_manifest(folder: Path) -> Path:
    """Make a run folder's manifest look like one of an scsim that wrote no ``model``,
    ``columns`` or ``column_definitions``."""
    return write_manifest(folder, model=None, columns=None, column_definitions=None)


SWEEP_POINTS = [  # (score.eta, audit.rate): a 2 x 2 grid
    (0.0, 0.02), (0.0, 0.1), (0.6, 0.02), (0.6, 0.1),
]


def write_sweep_db(path: Path, scsim: Runner, points, replicates: int, columns) -> Path:
    """A sweep database per the loaders' contract, filled with real scsim runs (plus one
    failed run without time series, which readers must skip)."""
    connection = sqlite3.connect(path)
    parameter_columns = ", ".join(f'"{c}" REAL' for c in columns)
    connection.execute(
        f"CREATE TABLE runs (run_id INTEGER PRIMARY KEY, point_id INTEGER, {parameter_columns}, "
        "seed INTEGER, replicate INTEGER, status TEXT, wall_seconds REAL, "
        "scsim_version TEXT, scenario_json TEXT)"
    )
    run_id = 0
    header = None
    for point_id, values in enumerate(points):
        for replicate in range(replicates):
            seed = 100 + replicate
            sets = [arg for c, v in zip(columns, values) for arg in ("--set", f"{c}={v}")]
            out = scsim(f"sweep-{path.stem}-{run_id}", "baseline.yaml",
                        "--set", "population.size=300", "--steps", "60", "--seed", str(seed),
                        "--set", "output.networkMetricsEvery=4", *sets)
            manifest = json.loads((out / "manifest.json").read_text())
            with (out / "timeseries.csv").open(newline="") as handle:
                reader = csv.reader(handle)
                file_header = next(reader)
                if header is None:
                    header = file_header
                    typed = ", ".join(
                        f'"{c}" TEXT' if c == "network_metrics" else f'"{c}" REAL' for c in header
                    )
                    connection.execute(f"CREATE TABLE timeseries (run_id INTEGER, {typed})")
                assert file_header == header
                marks = ", ".join("?" * (len(header) + 1))
                connection.executemany(
                    f"INSERT INTO timeseries VALUES ({marks})",
                    ([run_id, *[cell if cell != "" else None for cell in row]] for row in reader),
                )
            connection.execute(
                f"INSERT INTO runs VALUES ({', '.join('?' * (8 + len(columns)))})",
                (run_id, point_id, *values, seed, replicate, "ok", manifest["wall_seconds"],
                 manifest["scsim_version"], json.dumps(manifest["scenario"])),
            )
            run_id += 1
    connection.execute(
        f"INSERT INTO runs VALUES ({', '.join('?' * (8 + len(columns)))})",
        (run_id, 0, *points[0], 999, replicates, "failed", None, "0.1.0", "{}"),
    )
    connection.commit()
    connection.close()
    return path


@pytest.fixture(scope="session")
def sweep_db(scsim, tmp_path_factory) -> Path:
    """Two varied parameters (score.eta x audit.rate), 3 replicates each: 12 real runs."""
    path = tmp_path_factory.mktemp("sweep") / "grid.sqlite"
    return write_sweep_db(path, scsim, SWEEP_POINTS, 3, ["score.eta", "audit.rate"])


@pytest.fixture(scope="session")
def sweep_db_1d(scsim, tmp_path_factory) -> Path:
    """One varied parameter (score.eta), 3 replicates per point."""
    path = tmp_path_factory.mktemp("sweep1d") / "eta.db"
    return write_sweep_db(path, scsim, [(0.0,), (0.3,), (0.6,)], 3, ["score.eta"])


@pytest.fixture(scope="session")
def snapshot_dir(scsim) -> Path:
    """A real snapshot: the small baseline run written with --snapshot-every, its last step."""
    run = scsim("baseline-snapshots", "baseline.yaml", *SMALL, "--snapshot-every", "30")
    folders = sorted((run / "snapshots").iterdir())
    assert [f.name for f in folders] == ["step-000000", "step-000030", "step-000059"]
    return folders[-1]


def scsim_sweep(binary: Path, folder: Path, name: str, parameters: str, steps: int = 30) -> Path:
    """A real `scsim sweep` of tiny.yaml (100 citizens) with the given `parameters:` block."""
    definition = folder / f"{name}.yaml"
    definition.write_text(
        f"name: {name}\nscenario: {REPO / 'scenarios' / 'tiny.yaml'}\n"
        f"set:\n  population.size: 100\n  steps: {steps}\n"
        f"parameters:\n{parameters}design: grid\nreplicates: 2\nseed: 5\n"
    )
    db = folder / f"{name}.sqlite"
    subprocess.run([str(binary), "sweep", str(definition), "--db", str(db), "--jobs", "1"],
                   check=True, capture_output=True, text=True)
    return db


@pytest.fixture(scope="session")
def word_sweep_db(scsim_bin, tmp_path_factory) -> Path:
    """A real sweep varying a word-valued key (score.friendless: mean, mid, own, 400) and a
    boolean one (mandatory), 2 replicates, 30 steps: shorter than the 52-step window."""
    return scsim_sweep(scsim_bin, tmp_path_factory.mktemp("words"), "friendless",
                       "  score.friendless: [mean, mid, own, 400]\n  mandatory: [false, true]\n")


@pytest.fixture(scope="session")
def word_sweep_1d_db(scsim_bin, tmp_path_factory) -> Path:
    """A real sweep varying only score.friendless (mean, mid, own, 400)."""
    return scsim_sweep(scsim_bin, tmp_path_factory.mktemp("words1d"), "friendless1d",
                       "  score.friendless: [mean, mid, own, 400]\n")


def write_manifest(folder: Path, **fields) -> Path:
    """Rewrite a run folder's manifest.json with `fields` set (None removes a field)."""
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    for key, value in fields.items():
        if value is None:
            manifest.pop(key, None)
        else:
            manifest[key] = value
    path.write_text(json.dumps(manifest))
    return path


# Every event kind, a panel every 5 steps and snapshots around the step-20 timeline event.
INSIDE = ["--set", "output.events=all", "--set", "output.panel.every=5", "--metrics", "all",
          "--set", "audit.rate=0.2", "--snapshot-at", "9,10,19,20,39", "--threads", "1"]


@pytest.fixture(scope="session")
def inside_run(scsim) -> Path:
    """tiny.yaml (300 citizens, 40 steps, mandatory at step 20) with every event logged,
    the panel every 5 steps, audits at 0.2 (many events), snapshots after steps 9, 10,
    19, 20 and 39."""
    return scsim("inside", "tiny.yaml", *INSIDE)
