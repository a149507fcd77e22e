"""Calibration by approximate Bayesian computation (pyABC): ``scsim-calibrate``.

::

    scsim-calibrate CONFIG.yaml [--out DIR] [--scsim PATH] [--generations G] [--quiet]

fits chosen scenario keys to target values of chosen metrics. pyABC's ABC-SMC
(``pyabc.ABCSMC``) proposes key values from uniform priors, perturbed generation after
generation (its multivariate normal kernel), and accepts those whose simulated metrics
come close to the targets; the accepted particles of the last generation, with their
importance weights, are the posterior sample. The simulator is the ``scsim`` binary,
driven from Python as pyABC's external-simulator examples do: each proposal is one
``scsim run SCENARIO --set KEY=VALUE ... --seed S`` whose time series is averaged over
its last ``last`` steps.

The config file (a YAML mapping; paths relative to it)::

    name: penalty-tier                 # default: the config file's stem
    scenario: ../mandatory.yaml         # the scenario every simulation runs
    set: {population.size: 2000}        # keys fixed for every simulation (optional)
    parameters:                         # the keys to fit: uniform priors
      tiers.penaltyThreshold: {from: 450, to: 650}
    targets:                            # metric: target, or {value: V, scale: S}
      penalty_frac: 0.01
      approved_purchase_frac: {value: 0.85, scale: 0.01}
    last: 52                            # average each run over its last 52 steps
    seed: 1                             # seeds pyABC's draws and every run's seed
    threads: 1                          # scsim run --threads (output does not depend on it)
    abc: {population: 50, generations: 6, min_epsilon: 0, quantile: 0.5}
    truth: {tiers.penaltyThreshold: 520}  # optional: known values, drawn in the figure

Targets are any metric of a run (every numeric time-series column, and the derived ones
such as ``gamer_frac``: ``scsim columns``). The distance is the Euclidean norm of the
scaled errors, sqrt(sum(((simulated - target) / scale)^2)); a target's scale is its
``scale``, by default |target| (relative errors; a target of 0 needs a scale). The
acceptance threshold of each generation after the first is the ``quantile`` (default the
median) of the previous generation's weighted distances (``pyabc.QuantileEpsilon``); the
first generation accepts every prior draw. It stops after ``generations`` generations or
once the threshold is at most ``min_epsilon``.

Resuming: every simulation is kept in ``OUT/simulations.sqlite`` (table ``simulations``:
the key values, the run's seed, the mean over the last ``last`` steps of every metric,
wall seconds), keyed by a fingerprint of what makes the run (the scenario file, ``set``,
``last``, the scsim version) and the key values and seed; a run's seed comes from
``seed`` and the key values, so the same proposal is the same run. pyABC's history (every
generation's particles, distances and thresholds) is ``OUT/abc.sqlite``. Each generation
starts from the history as pyABC's ``ABCSMC.load`` does, with numpy's global random state
seeded from ``seed`` and the generation number, and pyABC's single-core sampler, so a run
that is stopped and started again redraws the same proposals: finished generations are
not run again, and the finished simulations of an unfinished generation come from the
database, not from scsim. Running a finished calibration again only rewrites the outputs.
A config whose simulations or fit differ from the ones in OUT is refused (exit 2): use
another ``--out``.

Outputs in OUT (default ``runs/calibration/NAME``), each written to a temporary file and
renamed into place: ``posterior.csv`` (the last generation's particles: key values,
weight, distance, simulated targets), ``summary.json`` (per key the weighted mean, median
and 90% interval, 5th to 95th weighted percentile; per generation the threshold,
simulations and acceptance rate; simulations run now and taken from the database),
``posterior.png`` and ``.svg`` (weighted kernel density estimates of each key and each
pair, pyABC's ``plot_kde_1d``/``plot_kde_2d``, with the 90% interval and ``truth``), and
``best.yaml``: the scenario, every key resolved by ``scsim check --resolved``, at the
closest particle of the last generation, with that run's seed, so ``scsim run best.yaml``
makes the very run whose metrics are in its header.

Exit codes: 0 done; 2 bad input (config, keys, metrics, binary: one line on stderr,
nothing run); 1 a simulation failed while running.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import logging
import math
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import _figures as fig_util
from . import columns as column_defs
from .loaders import load_run

__all__ = ["Config", "load_config", "calibrate", "main", "CalibrationError", "InputError"]

INTERVAL = (0.05, 0.95)  # the reported posterior interval: 90%
RANGE_KEYS = {"from", "to"}
CONFIG_KEYS = {"name", "scenario", "set", "parameters", "targets", "last", "seed", "threads",
               "abc", "truth"}
ABC_KEYS = {"population", "generations", "min_epsilon", "quantile"}


class InputError(ValueError):
    """Bad input: reported in one line, exit 2."""


class CalibrationError(RuntimeError):
    """A simulation failed while running: exit 1."""


# ---------------------------------------------------------------------------
# The config


@dataclass(frozen=True)
class Target:
    metric: str
    value: float
    scale: float


@dataclass(frozen=True)
class Config:
    """A calibration config file, checked (see the module docstring for its keys)."""

    path: Path
    name: str
    scenario: Path
    fixed: dict[str, Any]
    bounds: dict[str, tuple[float, float]]
    targets: list[Target]
    last: int = 52
    seed: int = 1
    threads: int = 1
    population: int = 50
    generations: int = 6
    min_epsilon: float = 0.0
    quantile: float = 0.5
    truth: dict[str, float] = field(default_factory=dict)

    @property
    def parameters(self) -> list[str]:
        return list(self.bounds)


def _flatten(mapping: Mapping[str, Any], prefix: str = "", leaf: Callable[[Any], bool] = lambda v: False
             ) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in mapping.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping) and not leaf(value):
            found.update(_flatten(value, f"{path}.", leaf))
        else:
            found[path] = value
    return found


def _number(where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(f"{where}: a finite number is needed, got {value!r}")
    return float(value)


def _whole(where: str, value: Any, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise InputError(f"{where}: a whole number >= {low} is needed, got {value!r}")
    return value


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read and check a calibration config; InputError says what is wrong."""
    import yaml

    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such config file") from None
    except yaml.YAMLError as error:
        raise InputError(f"{path}: not YAML: {str(error).splitlines()[0]}") from None
    if not isinstance(document, dict):
        raise InputError(f"{path}: a calibration config is a mapping of keys")
    unknown = sorted(set(document) - CONFIG_KEYS)
    if unknown:
        raise InputError(f"{path}: unknown key {unknown[0]!r}; the keys are {', '.join(sorted(CONFIG_KEYS))}")
    if not isinstance(document.get("scenario"), str):
        raise InputError(f"{path}: scenario: the scenario file to run is needed")
    scenario = (path.parent / document["scenario"]).resolve()
    if not scenario.is_file():
        raise InputError(f"{path}: scenario: no such file {scenario}")

    fixed = document.get("set") or {}
    if not isinstance(fixed, dict):
        raise InputError(f"{path}: set: a mapping of scenario keys to values")
    fixed = _flatten(fixed)

    parameters = document.get("parameters")
    if not isinstance(parameters, dict) or not parameters:
        raise InputError(f"{path}: parameters: the keys to fit, each {{from: A, to: B}}")
    bounds: dict[str, tuple[float, float]] = {}
    for name, value in _flatten(parameters, leaf=lambda v: set(v) <= RANGE_KEYS).items():
        if not (isinstance(value, Mapping) and set(value) == RANGE_KEYS):
            raise InputError(f"{path}: parameters.{name}: a uniform prior is {{from: A, to: B}}")
        low = _number(f"{path}: parameters.{name}.from", value["from"])
        high = _number(f"{path}: parameters.{name}.to", value["to"])
        if not low < high:
            raise InputError(f"{path}: parameters.{name}: from ({low:g}) must be below to ({high:g})")
        if name in fixed:
            raise InputError(f"{path}: {name} is both fitted (parameters) and fixed (set)")
        bounds[name] = (low, high)

    raw_targets = document.get("targets")
    if not isinstance(raw_targets, dict) or not raw_targets:
        raise InputError(f"{path}: targets: metric names with their target values")
    targets = []
    for metric, spec in raw_targets.items():
        where = f"{path}: targets.{metric}"
        if isinstance(spec, Mapping):
            extra = set(spec) - {"value", "scale"}
            if extra or "value" not in spec:
                raise InputError(f"{where}: write a number or {{value: V, scale: S}}")
            value = _number(f"{where}.value", spec["value"])
            scale = _number(f"{where}.scale", spec.get("scale", abs(value)))
        else:
            value = _number(where, spec)
            scale = abs(value)
        if scale <= 0:
            raise InputError(f"{where}: the scale must be above 0 (a target of 0 needs {{value: 0, scale: S}})")
        targets.append(Target(str(metric), value, scale))

    abc = document.get("abc") or {}
    if not isinstance(abc, dict):
        raise InputError(f"{path}: abc: a mapping ({', '.join(sorted(ABC_KEYS))})")
    unknown = sorted(set(abc) - ABC_KEYS)
    if unknown:
        raise InputError(f"{path}: abc.{unknown[0]}: unknown; the keys are {', '.join(sorted(ABC_KEYS))}")
    quantile = _number(f"{path}: abc.quantile", abc.get("quantile", 0.5))
    if not 0 < quantile < 1:
        raise InputError(f"{path}: abc.quantile must be in (0, 1), got {quantile:g}")
    min_epsilon = _number(f"{path}: abc.min_epsilon", abc.get("min_epsilon", 0.0))

    truth = document.get("truth") or {}
    if not isinstance(truth, dict):
        raise InputError(f"{path}: truth: a mapping of fitted keys to known values")
    truth = {name: _number(f"{path}: truth.{name}", value) for name, value in _flatten(truth).items()}
    stray = sorted(set(truth) - set(bounds))
    if stray:
        raise InputError(f"{path}: truth.{stray[0]}: not a fitted key (parameters)")

    seed = _whole(f"{path}: seed", document.get("seed", 1), 0)
    return Config(
        path=path.resolve(), name=str(document.get("name") or path.stem), scenario=scenario,
        fixed=fixed, bounds=bounds, targets=targets,
        last=_whole(f"{path}: last", document.get("last", 52), 1), seed=seed,
        threads=_whole(f"{path}: threads", document.get("threads", 1), 1),
        population=_whole(f"{path}: abc.population", abc.get("population", 50), 2),
        generations=_whole(f"{path}: abc.generations", abc.get("generations", 6), 1),
        min_epsilon=min_epsilon, quantile=quantile, truth=truth,
    )


# ---------------------------------------------------------------------------
# The simulator: scsim runs, kept in a database


def _set_value(value: Any) -> str:
    """A YAML scalar as `scsim run --set` reads it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _digest(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def find_scsim(explicit: str | os.PathLike[str] | None = None) -> str:
    """The scsim binary: `explicit`, else $SCSIM_BIN, else `scsim` on PATH."""
    candidate = explicit or os.environ.get("SCSIM_BIN") or shutil.which("scsim")
    if not candidate:
        raise InputError("cannot find the scsim binary: pass --scsim PATH or set SCSIM_BIN "
                         "(swift build -c release puts it in .build/release/scsim)")
    if not Path(candidate).is_file():
        raise InputError(f"no scsim binary at {candidate}")
    return str(candidate)


class SimulationStore:
    """Every simulation's metrics, one row per run, in SQLite (one transaction per run)."""

    SCHEMA = """
        CREATE TABLE IF NOT EXISTS simulations (
            key TEXT PRIMARY KEY,         -- sha256 of fingerprint, key values and seed
            fingerprint TEXT NOT NULL,    -- what makes the runs (scenario, set, last, scsim)
            parameters TEXT NOT NULL,     -- JSON: the fitted keys' values
            seed INTEGER NOT NULL,
            metrics TEXT NOT NULL,        -- JSON: every metric's mean over the last steps
            seconds REAL NOT NULL,        -- the run's wall time
            created TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS calibration (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            fingerprint TEXT NOT NULL,    -- of the simulations and the fit (refuses another config)
            config TEXT NOT NULL          -- JSON: the config as read
        );
    """

    def __init__(self, path: Path):
        self.path = path
        self.connection = sqlite3.connect(path, timeout=60)
        self.connection.executescript(self.SCHEMA)

    def get(self, key: str) -> dict[str, float] | None:
        row = self.connection.execute("SELECT metrics FROM simulations WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def put(self, key: str, fingerprint: str, parameters: dict[str, float], seed: int,
            metrics: dict[str, float], seconds: float) -> None:
        with self.connection:
            self.connection.execute(
                "INSERT OR REPLACE INTO simulations VALUES (?, ?, ?, ?, ?, ?, datetime('now'))",
                (key, fingerprint, json.dumps(parameters), seed, json.dumps(metrics), seconds))

    def count(self) -> int:
        return int(self.connection.execute("SELECT COUNT(*) FROM simulations").fetchone()[0])

    def claim(self, fingerprint: str, config: dict[str, Any]) -> None:
        """Record which calibration this folder holds; InputError when it holds another."""
        row = self.connection.execute("SELECT fingerprint FROM calibration").fetchone()
        if row is None:
            with self.connection:
                self.connection.execute("INSERT INTO calibration VALUES (1, ?, ?)",
                                        (fingerprint, json.dumps(config, default=str)))
        elif row[0] != fingerprint:
            raise InputError(f"{self.path.parent} holds a calibration of another config (its "
                             "scenario, set, parameters, targets, seed, abc or scsim differ); "
                             "use another --out, or delete that folder to start again")

    def close(self) -> None:
        self.connection.close()


def run_metrics(run_dir: Path, last: int) -> dict[str, float]:
    """Every metric of a run (`columns.available_metrics`) averaged over its last `last`
    steps; NaN where a column is empty over those steps."""
    frame = load_run(run_dir)
    metrics = column_defs.available_metrics(frame)
    frame.attrs = {}  # pandas deep-copies attrs (the manifest) at every column access
    tail = frame[frame["step"] > frame["step"].max() - last]
    return {metric: float(column_defs.metric_values(tail, metric).mean()) for metric in metrics}


class Simulator:
    """pyABC's model: key values in, the targets' simulated values out (from the database
    when this run was made before, else from one `scsim run`)."""

    def __init__(self, config: Config, scsim: str, store: SimulationStore, work: Path,
                 fingerprint: str, log: Callable[[str], None]):
        self.config, self.scsim, self.store, self.work = config, scsim, store, work
        self.fingerprint, self.log = fingerprint, log
        self.ran = 0
        self.reused = 0

    def seed_for(self, values: Mapping[str, float]) -> int:
        """The run's seed: from the config's seed and the key values (the same proposal is
        the same run, so a resumed calibration finds it in the database)."""
        digest = _digest({"seed": self.config.seed, "parameters": {k: repr(v) for k, v in values.items()}})
        return int(digest[:8], 16)

    def key_for(self, values: Mapping[str, float], seed: int) -> str:
        return _digest({"fingerprint": self.fingerprint, "seed": seed,
                        "parameters": {k: repr(v) for k, v in values.items()}})

    def command(self, values: Mapping[str, float], seed: int, out: Path | None) -> list[str]:
        settings = {**self.config.fixed, **values}
        command = [self.scsim, "run", str(self.config.scenario), "--seed", str(seed),
                   "--threads", str(self.config.threads), "--quiet"]
        for key, value in settings.items():
            command += ["--set", f"{key}={_set_value(value)}"]
        if out is not None:
            command += ["--out", str(out)]
        return command

    def metrics(self, values: Mapping[str, float]) -> dict[str, float]:
        """Every metric of the run at these key values (database first)."""
        values = {name: float(values[name]) for name in self.config.parameters}
        seed = self.seed_for(values)
        key = self.key_for(values, seed)
        cached = self.store.get(key)
        if cached is not None:
            self.reused += 1
            return cached
        out = Path(tempfile.mkdtemp(prefix="run-", dir=self.work))
        started = time.perf_counter()
        try:
            done = subprocess.run(self.command(values, seed, out / "run"), capture_output=True, text=True)
            if done.returncode != 0:
                message = (done.stderr.strip() or done.stdout.strip()).splitlines()
                raise CalibrationError(f"scsim run failed (exit {done.returncode}) at "
                                       f"{values}: {message[-1] if message else 'no message'}")
            metrics = run_metrics(out / "run", self.config.last)
        finally:
            shutil.rmtree(out, ignore_errors=True)
        seconds = time.perf_counter() - started
        self.store.put(key, self.fingerprint, values, seed, metrics, seconds)
        self.ran += 1
        self.log(f"run {self.ran}: {_short(values)} -> "
                 f"{_short({t.metric: metrics.get(t.metric, math.nan) for t in self.config.targets})} "
                 f"({seconds:.1f} s)")
        return metrics

    def __call__(self, parameters: Mapping[str, float]) -> dict[str, float]:
        metrics = self.metrics(parameters)
        return {t.metric: metrics.get(t.metric, math.nan) for t in self.config.targets}


def _short(values: Mapping[str, float]) -> str:
    return ", ".join(f"{k}={v:.4g}" for k, v in values.items())


def check_inputs(config: Config, scsim: str) -> tuple[str, list[str]]:
    """Ask scsim whether the scenario takes the keys (at the priors' midpoints) and which
    metrics its runs have; InputError with scsim's own message when not. Returns scsim's
    version and the metric names."""
    version = subprocess.run([scsim, "--version"], capture_output=True, text=True)
    if version.returncode != 0:
        raise InputError(f"{scsim} --version failed: is it the scsim binary?")
    middle = {name: (low + high) / 2 for name, (low, high) in config.bounds.items()}
    command = [scsim, "check", str(config.scenario)]
    for key, value in {**config.fixed, **middle}.items():
        command += ["--set", f"{key}={_set_value(value)}"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        message = " ".join((done.stderr.strip() or done.stdout.strip()).split())
        raise InputError(f"{config.path}: scsim refuses the scenario with these keys: {message}")
    # The metrics a run has: one step of the scenario itself.
    with tempfile.TemporaryDirectory() as work:
        probe = command[:1] + ["run"] + command[2:] + ["--steps", "1", "--threads", "1", "--quiet",
                                                       "--out", str(Path(work) / "probe")]
        done = subprocess.run(probe, capture_output=True, text=True)
        if done.returncode != 0:
            raise InputError(f"{config.path}: a one-step probe run failed: {done.stderr.strip()}")
        metrics = column_defs.available_metrics(load_run(Path(work) / "probe"))
    unknown = [t.metric for t in config.targets if t.metric not in metrics]
    if unknown:
        raise InputError(f"{config.path}: targets.{unknown[0]}: not a metric of this scenario's runs; "
                         f"the metrics are: {', '.join(metrics)}")
    return version.stdout.strip(), metrics


# ---------------------------------------------------------------------------
# ABC


def _abcsmc(config: Config, simulator: Simulator, first: bool):
    """pyABC's ABC-SMC for one generation. The first generation's threshold is infinite
    (every prior draw is accepted); a later one's is the quantile of the previous
    generation's distances, which pyABC computes from the history when asked for
    ``from_sample`` after `load` (a number there would be kept for every generation)."""
    import pyabc

    priors = pyabc.Distribution(**{
        name: pyabc.RV("uniform", low, high - low) for name, (low, high) in config.bounds.items()
    })
    distance = pyabc.PNormDistance(p=2, fixed_weights={t.metric: 1.0 / t.scale for t in config.targets})
    sampler = pyabc.sampler.SingleCoreSampler()
    sampler.show_progress = False
    return pyabc.ABCSMC(simulator, priors, distance, population_size=config.population,
                        eps=pyabc.QuantileEpsilon(initial_epsilon=math.inf if first else "from_sample",
                                                  alpha=config.quantile),
                        sampler=sampler)


def _generation_seed(seed: int, generation: int) -> int:
    return int(_digest({"seed": seed, "generation": generation})[:8], 16)


@contextlib.contextmanager
def _quiet_pyabc(quiet: bool):
    """pyABC logs each generation on the ABC logger at INFO; keep it to warnings when quiet."""
    loggers = [logging.getLogger(name) for name in ("ABC", "pyabc", "Sampler", "Epsilon",
                                                      "Distance", "Acceptor", "History")]
    before = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING if quiet else logging.INFO)
    try:
        yield
    finally:
        for logger, level in zip(loggers, before):
            logger.setLevel(level)


def calibrate(config: Config, out: Path, scsim: str, generations: int | None = None,
              log: Callable[[str], None] = print) -> dict[str, Any]:
    """Run (or resume) the calibration into `out`; returns the summary (summary.json)."""
    import pyabc

    generations = config.generations if generations is None else generations
    version, _ = check_inputs(config, scsim)
    run_fingerprint = _digest({"scenario": config.scenario.read_text(encoding="utf-8"),
                               "set": config.fixed, "last": config.last, "scsim": version})
    fit_fingerprint = _digest({"runs": run_fingerprint, "bounds": config.bounds, "seed": config.seed,
                               "targets": [t.__dict__ for t in config.targets],
                               "population": config.population, "quantile": config.quantile})
    out.mkdir(parents=True, exist_ok=True)
    store = SimulationStore(out / "simulations.sqlite")
    try:
        store.claim(fit_fingerprint, {**config.__dict__, "scsim": version})
        work = out / "work"
        shutil.rmtree(work, ignore_errors=True)  # a stopped run's half-written run folders
        work.mkdir()
        simulator = Simulator(config, scsim, store, work, run_fingerprint, log)
        database = "sqlite:///" + str((out / "abc.sqlite").resolve())
        observed = {t.metric: t.value for t in config.targets}
        started = time.perf_counter()
        with _quiet_pyabc(True):
            history = pyabc.History(database)
            fresh = not history.all_runs()
            done = 0 if fresh else history.max_t + 1
            if not fresh:
                history.id = 1
        while done < generations:
            if done > 0 and _last_epsilon(history) <= config.min_epsilon:
                break
            abc = _abcsmc(config, simulator, first=done == 0)
            with _quiet_pyabc(True):
                if fresh:
                    history = abc.new(database, observed, gt_par=config.truth or None,
                                      meta_info={"config": str(config.path), "scsim": version})
                    fresh = False
                else:
                    history = abc.load(database, 1)
                np.random.seed(_generation_seed(config.seed, done) % 2**32)
                random.seed(_generation_seed(config.seed, done))
                abc.run(max_nr_populations=1)
            done = history.max_t + 1
            populations = history.get_all_populations()
            last = populations[populations["t"] == done - 1].iloc[0]
            log(f"generation {done - 1}: threshold {last['epsilon']:.4g}, "
                f"{int(last['samples'])} simulations for {config.population} accepted")
        summary = _summarise(config, history, simulator, version, time.perf_counter() - started)
        summary["out"] = str(out)
        _write_outputs(config, out, history, summary, simulator)
        shutil.rmtree(work, ignore_errors=True)
        return summary
    finally:
        store.close()


def _last_epsilon(history) -> float:
    populations = history.get_all_populations()
    populations = populations[populations["t"] >= 0]
    return float(populations["epsilon"].iloc[-1]) if len(populations) else math.inf


def posterior_table(config: Config, history) -> pd.DataFrame:
    """The last generation's particles: key values, weight, distance, simulated targets."""
    population = history.get_population(t=history.max_t)
    rows = []
    for particle in population.particles:
        row = {name: float(particle.parameter[name]) for name in config.parameters}
        row["weight"] = float(particle.weight)
        row["distance"] = float(particle.distance)
        row.update({f"sim_{t.metric}": float(np.asarray(particle.sum_stat[t.metric]))
                    for t in config.targets})
        rows.append(row)
    table = pd.DataFrame(rows)
    table["weight"] /= table["weight"].sum()
    return table.sort_values("distance", kind="stable").reset_index(drop=True)


def _summarise(config: Config, history, simulator: Simulator, version: str, seconds: float) -> dict[str, Any]:
    from pyabc.weighted_statistics import weighted_mean, weighted_quantile

    table = posterior_table(config, history)
    weights = table["weight"].to_numpy()
    keys = {}
    for name, (low, high) in config.bounds.items():
        points = table[name].to_numpy()
        entry = {"prior": [low, high], "mean": float(weighted_mean(points, weights)),
                 "median": float(weighted_quantile(points, weights, alpha=0.5)),
                 "q05": float(weighted_quantile(points, weights, alpha=INTERVAL[0])),
                 "q95": float(weighted_quantile(points, weights, alpha=INTERVAL[1]))}
        entry["interval_share_of_prior"] = (entry["q95"] - entry["q05"]) / (high - low)
        if name in config.truth:
            entry["truth"] = config.truth[name]
            entry["truth_in_interval"] = bool(entry["q05"] <= config.truth[name] <= entry["q95"])
        keys[name] = entry
    populations = history.get_all_populations()
    populations = populations[populations["t"] >= 0]
    generations = [{"t": int(row["t"]), "epsilon": float(row["epsilon"]), "simulations": int(row["samples"]),
                    "acceptance_rate": config.population / float(row["samples"])}
                   for _, row in populations.iterrows()]
    best = table.iloc[0]
    return {
        "name": config.name, "config": str(config.path), "scenario": str(config.scenario),
        "scsim": version, "parameters": keys,
        "targets": {t.metric: {"value": t.value, "scale": t.scale,
                               "best": float(best[f"sim_{t.metric}"])} for t in config.targets},
        "best": {"distance": float(best["distance"]),
                 "parameters": {name: float(best[name]) for name in config.parameters}},
        "generations": generations, "population": config.population,
        "simulations": {"total": int(sum(g["simulations"] for g in generations)),
                        "in_database": simulator.store.count(), "run_now": simulator.ran,
                        "from_database_now": simulator.reused},
        "wall_seconds_now": seconds,
        "interval": list(INTERVAL),
    }


# ---------------------------------------------------------------------------
# Outputs


def posterior_figure(config: Config, table: pd.DataFrame, summary: dict[str, Any]) -> Figure:
    """Weighted KDEs of each fitted key (diagonal) and each pair (below), pyABC's."""
    from pyabc.visualization import plot_kde_1d, plot_kde_2d

    names = config.parameters
    size = len(names)
    figure = Figure(figsize=(3.6 * size + 0.6, 3.2 * size + 0.6), layout="constrained")
    axes = np.atleast_2d(figure.subplots(size, size, squeeze=False))
    frame = table[names]
    weights = table["weight"].to_numpy()
    for i, y in enumerate(names):
        for j, x in enumerate(names):
            ax = axes[i, j]
            if j > i:
                ax.set_visible(False)
                continue
            (x_low, x_high) = config.bounds[x]
            if i == j:
                plot_kde_1d(frame, weights, x, xmin=x_low, xmax=x_high, ax=ax, numx=200, color="#1f4e79")
                entry = summary["parameters"][x]
                ax.axvspan(entry["q05"], entry["q95"], color="#1f4e79", alpha=0.12,
                           label="90% interval")
                ax.axvline(entry["median"], color="#1f4e79", linewidth=1, label="median")
                if x in config.truth:
                    ax.axvline(config.truth[x], color="#c0392b", linestyle="--", label="truth")
                ax.set_ylabel("posterior density")
                if i == 0:
                    ax.legend(frameon=False, fontsize=7)
            else:
                (y_low, y_high) = config.bounds[y]
                with _silence():
                    plot_kde_2d(frame, weights, x, y, xmin=x_low, xmax=x_high, ymin=y_low, ymax=y_high,
                                ax=ax, colorbar=False, numx=60, numy=60)
                ax.scatter(frame[x], frame[y], s=6, color="white", edgecolor="0.2", linewidth=0.3)
                if x in config.truth and y in config.truth:
                    ax.plot(config.truth[x], config.truth[y], marker="x", color="#c0392b", markersize=9)
            ax.set_xlabel(x)
            if i != j:
                ax.set_ylabel(y)
            ax.set_title("")
    generations = summary["generations"]
    targets = ", ".join(f"{m} {v['value']:g}" for m, v in summary["targets"].items())
    figure.suptitle(f"Posterior of {config.name} (pyABC ABC-SMC): targets {targets}\n"
                    f"{len(generations)} generations of {config.population}, "
                    f"{summary['simulations']['total']} simulations, last threshold "
                    f"{generations[-1]['epsilon']:.3g}", fontsize=9)
    return figure


@contextlib.contextmanager
def _silence():
    with contextlib.redirect_stdout(io.StringIO()):
        yield


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    temporary = path.with_name(f".{path.name}.tmp{path.suffix}")
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def best_scenario(config: Config, summary: dict[str, Any], simulator: Simulator) -> str:
    """The resolved scenario at the closest particle, with that run's seed, as YAML text."""
    values = summary["best"]["parameters"]
    seed = simulator.seed_for(values)
    check = [simulator.scsim, "check", str(config.scenario), "--resolved", "--set", f"seed={seed}"]
    for key, value in {**config.fixed, **values}.items():
        check += ["--set", f"{key}={_set_value(value)}"]
    done = subprocess.run(check, capture_output=True, text=True)
    if done.returncode != 0:
        raise CalibrationError(f"scsim check --resolved failed: {done.stderr.strip()}")
    lines = [f"# Best-fitting scenario of calibration {config.name} ({config.path.name}): the",
             "# closest particle of the last generation, with the seed of its run.",
             f"# Distance {summary['best']['distance']:.4g}; fitted keys: {_short(values)}."]
    for metric, entry in summary["targets"].items():
        lines.append(f"# {metric}: simulated {entry['best']:.5g}, target {entry['value']:g} "
                     f"(mean over the last {config.last} steps)")
    medians = {name: entry["median"] for name, entry in summary["parameters"].items()}
    lines.append(f"# Posterior medians: {_short(medians)}.")
    return "\n".join(lines) + "\n" + done.stdout


def _write_outputs(config: Config, out: Path, history, summary: dict[str, Any], simulator: Simulator) -> None:
    table = posterior_table(config, history)
    _atomic_write(out / "posterior.csv", lambda p: table.to_csv(p, index=False))
    _atomic_write(out / "summary.json",
                  lambda p: p.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8"))
    scenario = best_scenario(config, summary, simulator)
    _atomic_write(out / "best.yaml", lambda p: p.write_text(scenario, encoding="utf-8"))
    figure = posterior_figure(config, table, summary)
    for suffix in (".png", ".svg"):
        _atomic_write(out / f"posterior{suffix}",
                      lambda p: figure.savefig(p, dpi=fig_util.PNG_DPI, format=suffix[1:]))


def report(summary: dict[str, Any]) -> str:
    lines = [f"calibration {summary['name']}: {len(summary['generations'])} generations, "
             f"{summary['simulations']['total']} simulations ({summary['simulations']['run_now']} run now, "
             f"{summary['simulations']['from_database_now']} from the database)"]
    for name, entry in summary["parameters"].items():
        truth = f"; truth {entry['truth']:.4g}" if "truth" in entry else ""
        lines.append(f"  {name}: median {entry['median']:.4g}, 90% interval [{entry['q05']:.4g}, "
                     f"{entry['q95']:.4g}] (prior [{entry['prior'][0]:g}, {entry['prior'][1]:g}]){truth}")
    for metric, entry in summary["targets"].items():
        lines.append(f"  {metric}: target {entry['value']:g}, best particle {entry['best']:.4g}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scsim-calibrate",
        description="Fit scenario keys to target metric values by ABC-SMC (pyABC), running scsim; "
        "resumes from OUT's databases.")
    parser.add_argument("config", help="calibration config (YAML; see scenarios/calibration/)")
    parser.add_argument("--out", help="output folder (default runs/calibration/NAME)")
    parser.add_argument("--scsim", help="the scsim binary (default $SCSIM_BIN, else scsim on PATH)")
    parser.add_argument("--generations", type=int, help="override abc.generations (more resumes a finished fit)")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    args = parser.parse_args(argv)
    try:
        if args.generations is not None and args.generations < 1:
            raise InputError(f"--generations must be at least 1, got {args.generations}")
        config = load_config(args.config)
        scsim = find_scsim(args.scsim)
        out = Path(args.out) if args.out else Path("runs") / "calibration" / config.name
        log = (lambda _: None) if args.quiet else (lambda text: print(text, file=sys.stderr, flush=True))
        summary = calibrate(config, out, scsim, args.generations, log)
    except InputError as error:
        print(f"scsim-calibrate: {error}", file=sys.stderr)
        return 2
    except CalibrationError as error:
        print(f"scsim-calibrate: {error}", file=sys.stderr)
        return 1
    print(report(summary))
    print(f"wrote {out}/posterior.csv, summary.json, posterior.png, posterior.svg, best.yaml")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
