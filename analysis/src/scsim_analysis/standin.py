"""A stand-in for scsim with known answers: test functions written as a sweep database.

`write_database` runs a closed-form function at every row of a Morris or Saltelli design
file (the one `scsim-sa design` writes for a sweep file, which `scsim sweep` reads) and
writes a SQLite database of the same schema as `scsim sweep` (tables ``sweep``, with the
resolved ``definition`` and its ``design_settings``; ``points``; ``runs``; ``timeseries``;
``columns``; see `scsim_analysis.loaders`). Each run has ``steps`` rows whose column ``y``
is the function's value plus, when ``noise`` > 0, Gaussian noise drawn from the run's
replicate seed (common random numbers: replicate r draws the same noise at every point),
so ``scsim-sa DB --metric y`` analyses it exactly as it analyses a model's sweep.

Functions (inputs in the sweep file's bounds):

* ``ishigami``: f = sin x1 + a sin^2 x2 + b x3^4 sin x1, a = 7, b = 0.1, x in [-pi, pi]^3.
  S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437 (Ishigami and Homma 1990; Saltelli
  et al. 2008, Global Sensitivity Analysis: The Primer).
* ``g``: Sobol's G function, prod_i (|4 x_i - 2| + a_i) / (1 + a_i), x in [0, 1]^d.
  V_i = 1 / (3 (1 + a_i)^2), V = prod (1 + V_i) - 1, S1_i = V_i / V,
  ST_i = V_i prod_{j != i} (1 + V_j) / V (`g_indices`).
"""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .sa import read_design

ISHIGAMI_A, ISHIGAMI_B = 7.0, 0.1
ISHIGAMI_S1 = (0.3139, 0.4424, 0.0)
ISHIGAMI_ST = (0.5576, 0.4424, 0.2437)
G_A = (0.0, 1.0, 4.5, 9.0, 99.0, 99.0)


def ishigami(x: np.ndarray) -> np.ndarray:
    return (np.sin(x[:, 0]) + ISHIGAMI_A * np.sin(x[:, 1]) ** 2
            + ISHIGAMI_B * x[:, 2] ** 4 * np.sin(x[:, 0]))


def g_function(x: np.ndarray, a: Sequence[float] = G_A) -> np.ndarray:
    a = np.asarray(a[: x.shape[1]], dtype=float)
    return np.prod((np.abs(4 * x - 2) + a) / (1 + a), axis=1)


def g_indices(a: Sequence[float] = G_A) -> tuple[np.ndarray, np.ndarray]:
    """The G function's exact S1 and ST."""
    v = 1 / (3 * (1 + np.asarray(a, dtype=float)) ** 2)
    total = np.prod(1 + v) - 1
    st = np.array([v[i] * np.prod(np.delete(1 + v, i)) for i in range(len(v))]) / total
    return v / total, st


FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {"ishigami": ishigami, "g": g_function}


def write_database(design_file: str | Path, db_path: str | Path, function: str = "ishigami",
                   replicates: int = 1, noise: float = 0.0, steps: int = 3, seed: int = 1) -> Path:
    """Run `function` at every row of `design_file` into a sweep database at `db_path`."""
    header, rows = read_design(design_file)
    parameters = header["parameters"]
    settings = {k: v for k, v in header.items() if k not in ("parameters", "salib")}
    values = FUNCTIONS[function](rows)
    db_path = Path(db_path)
    if db_path.exists():
        db_path.unlink()
    definition = {"format": 1, "parameters": parameters, "design_settings": settings,
                  "points": rows.tolist(), "replicates": replicates, "seed": seed,
                  "base_scenario": {"model": f"standin-{function}"}}
    connection = sqlite3.connect(db_path)
    quoted = ", ".join(f'"{p}" REAL' for p in parameters)
    connection.executescript(f"""
        CREATE TABLE sweep (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE points (point_id INTEGER PRIMARY KEY, {quoted});
        CREATE TABLE runs (run_id INTEGER PRIMARY KEY, point_id INTEGER, {quoted}, seed INTEGER,
                           replicate INTEGER, status TEXT, wall_seconds REAL, scsim_version TEXT,
                           scenario_json TEXT);
        CREATE TABLE timeseries (run_id INTEGER, step INTEGER, y REAL);
        CREATE TABLE columns (position INTEGER, name TEXT, label TEXT, unit TEXT, definition TEXT,
                              cost TEXT, type TEXT);
    """)
    design_text = (f"{settings['method']}(" + ", ".join(f"{k}: {v}" for k, v in settings.items()
                                                        if k not in ("method", "bounds")) + ")")
    metadata = {"format": "1", "identity": f"standin-{function}", "name": f"standin-{function}",
                "sweep_file": str(design_file), "scenario_file": "", "parameters": json.dumps(parameters),
                "design": design_text, "points": str(len(rows)), "replicates": str(replicates),
                "seed": str(seed), "runs": str(len(rows) * replicates), "definition": json.dumps(definition)}
    connection.executemany("INSERT INTO sweep VALUES (?, ?)", metadata.items())
    connection.executemany(f"INSERT INTO points VALUES ({', '.join('?' * (len(parameters) + 1))})",
                           [(i, *row) for i, row in enumerate(rows.tolist())])
    connection.executemany("INSERT INTO columns VALUES (?, ?, ?, ?, ?, ?, ?)", [
        (0, "step", "step", "steps", "The step.", "every_step", "integer"),
        (1, "y", f"{function}(x)", "", f"The {function} function of the point, plus replicate noise.",
         "every_step", "real"),
    ])
    noise_by_replicate = [np.random.default_rng(seed + r).normal(0, noise, steps) if noise > 0
                          else np.zeros(steps) for r in range(replicates)]
    run_rows, series = [], []
    for point, (row, value) in enumerate(zip(rows.tolist(), values)):
        for r in range(replicates):
            run_id = point * replicates + r
            run_rows.append((run_id, point, *row, seed + r, r, "ok", 0.0, "standin",
                             json.dumps({"model": f"standin-{function}"})))
            series += [(run_id, step, float(value + noise_by_replicate[r][step])) for step in range(steps)]
    connection.executemany(f"INSERT INTO runs VALUES ({', '.join('?' * (len(parameters) + 8))})", run_rows)
    connection.executemany("INSERT INTO timeseries VALUES (?, ?, ?)", series)
    connection.commit()
    connection.close()
    return db_path


if __name__ == "__main__":  # pragma: no cover
    import argparse

    parser = argparse.ArgumentParser(description="Write a stand-in sweep database from a design file.")
    parser.add_argument("design")
    parser.add_argument("db")
    parser.add_argument("--function", choices=sorted(FUNCTIONS), default="ishigami")
    parser.add_argument("--replicates", type=int, default=1)
    parser.add_argument("--noise", type=float, default=0.0)
    args = parser.parse_args()
    print(write_database(args.design, args.db, args.function, args.replicates, args.noise))
