"""Sensitivity analysis of a sweep database with SALib: ``scsim-sa``.

Two commands::

    scsim-sa design SWEEP.yaml [--out FILE]
    scsim-sa DB --metric M [--last STEPS] [--out DIR] [--resamples R] [--seed S]

``design`` draws a Morris or Saltelli sweep's design with SALib itself
(``SALib.sample.morris.sample`` / ``SALib.sample.sobol.sample``, same problem, seed and
settings as the sweep file's ``design:``) and writes the design file that ``scsim sweep``
reads (default ``STEM.design.csv`` beside the sweep file; layout in
Sources/SCExperiments/DesignFile.swift). So the sweep's points are SALib's rows in
SALib's order, exactly.

The analysis reads a sweep database (schema: `scsim_analysis.loaders`), averages the
metric over each run's last STEPS steps (default 52, as ``scsim summarize``), then over
the replicates of each point, and hands the point means to SALib in point order:

* Morris (``SALib.analyze.morris``): mu, mu*, sigma and mu*'s bootstrap interval per key;
  the elementary effects are per unit of each key's range (SALib's convention).
* Saltelli (``SALib.analyze.sobol``): S1, ST (and S2 when the design has them), each with
  its bootstrap interval.
* OFAT: each key's response (replicate mean and 95% t-interval per value, the others at
  the base scenario) and its range.

Replicate noise is explicit: the indices are those of the replicate mean, and the
output reports the share of the run-to-run variance that is replicate noise, the mean
within-point variance over the variance of all runs' values (0: the metric is a
deterministic function of the keys; near 1: the keys explain little beyond noise).

Outputs, beside the database or in ``--out``: ``STEM_METRIC_sa.csv`` (one row per key and
index), ``STEM_METRIC_sa.json`` (everything, including convergence and noise) and figures
``STEM_METRIC_morris.png`` (the mu*-sigma plane), ``STEM_METRIC_sobol.png`` (bars with
intervals), ``STEM_METRIC_convergence.png`` (indices against the number of base samples or
trajectories used) or ``STEM_METRIC_ofat.png``. Bad input: one line on stderr, exit 2.
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
import sys
import warnings
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import _figures as fig_util
from . import columns as column_defs
from .loaders import load_sweep
from .sweep import LAST_STEPS, t_interval

DESIGN_MARKER = "# scsim-sa design: "
RANGE_KEYS = {"from", "to", "step"}

__all__ = ["sweep_file", "design_rows", "write_design", "analyse", "main"]


class InputError(ValueError):
    """Bad input: reported in one line, exit 2."""


# ---------------------------------------------------------------------------
# Designs


def salib_version() -> str:
    try:
        return importlib_metadata.version("SALib")
    except importlib_metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


def _flatten_parameters(mapping: dict, prefix: str = "") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for key, value in mapping.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and not (value and set(value) <= RANGE_KEYS):
            found.extend(_flatten_parameters(value, f"{path}."))
        else:
            found.append((path, value))
    return found


def sweep_file(path: str | Path) -> dict[str, Any]:
    """A Morris or Saltelli sweep file's problem and design settings, with scsim's defaults
    (levels 4; second_order true; skip 0; the design's seed else the sweep's; the file
    ``STEM.design.csv`` beside the sweep file)."""
    import yaml

    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such sweep file") from None
    except yaml.YAMLError as error:
        raise InputError(f"{path}: not YAML: {str(error).splitlines()[0]}") from None
    if not isinstance(document, dict):
        raise InputError(f"{path}: a sweep file is a mapping of keys")
    design = document.get("design")
    if not isinstance(design, dict) or design.get("method") not in ("morris", "saltelli"):
        raise InputError(f"{path}: design.method must be morris or saltelli for a design file")
    names, bounds = [], {}
    for name, value in _flatten_parameters(document.get("parameters") or {}):
        if not (isinstance(value, dict) and set(value) == {"from", "to"}):
            raise InputError(f"{path}: parameters.{name}: a {design['method']} design draws "
                             "from ranges: write {from: A, to: B}")
        names.append(name)
        bounds[name] = [float(value["from"]), float(value["to"])]
    if not names:
        raise InputError(f"{path}: parameters: none to vary")
    seed = int(design.get("seed", document.get("seed", 1)))
    if design["method"] == "morris":
        if "trajectories" not in design:
            raise InputError(f"{path}: design.trajectories: missing")
        optimal = design.get("optimal")
        settings = {"method": "morris", "levels": int(design.get("levels", 4)),
                    "trajectories": int(design["trajectories"]),
                    "optimal": None if optimal is None else int(optimal), "seed": seed}
    else:
        if "samples" not in design:
            raise InputError(f"{path}: design.samples: missing")
        settings = {"method": "saltelli", "samples": int(design["samples"]),
                    "second_order": bool(design.get("second_order", True)),
                    "skip": int(design.get("skip", 0)), "seed": seed}
    file = design.get("file") or f"{path.stem}.design.csv"
    return {"settings": settings, "parameters": names, "bounds": bounds,
            "file": (path.parent / file) if not Path(file).is_absolute() else Path(file)}


def problem_of(parameters: Sequence[str], bounds: dict[str, Sequence[float]]) -> dict[str, Any]:
    return {"num_vars": len(parameters), "names": list(parameters),
            "bounds": [list(map(float, bounds[p])) for p in parameters]}


def design_rows(settings: dict[str, Any], parameters: Sequence[str],
                bounds: dict[str, Sequence[float]]) -> np.ndarray:
    """SALib's sample for these settings: the rows a sweep runs, in order."""
    problem = problem_of(parameters, bounds)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SALib's advice on sample sizes; the sweep file decides
        if settings["method"] == "morris":
            from SALib.sample import morris as morris_sample
            return morris_sample.sample(problem, settings["trajectories"], num_levels=settings["levels"],
                                        optimal_trajectories=settings["optimal"],
                                        local_optimization=True, seed=settings["seed"])
        if settings["method"] == "saltelli":
            from SALib.sample import sobol as sobol_sample
            return sobol_sample.sample(problem, settings["samples"],
                                       calc_second_order=settings["second_order"], scramble=True,
                                       skip_values=settings["skip"], seed=settings["seed"])
    raise InputError(f"no SALib design for method {settings['method']!r}")


def write_design(sweep_path: str | Path, out: str | Path | None = None) -> Path:
    """Write the design file for a Morris or Saltelli sweep file; returns its path."""
    spec = sweep_file(sweep_path)
    try:
        rows = design_rows(spec["settings"], spec["parameters"], spec["bounds"])
    except ValueError as error:  # SALib's own checks (levels, optimal, powers of 2)
        raise InputError(f"{sweep_path}: SALib refused the design: {error}") from None
    target = Path(out) if out is not None else spec["file"]
    header = {**spec["settings"], "parameters": spec["parameters"], "bounds": spec["bounds"],
              "salib": salib_version()}
    lines = [DESIGN_MARKER + json.dumps(header), ",".join(spec["parameters"])]
    lines += [",".join(repr(float(x)) for x in row) for row in rows]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def read_design(path: str | Path) -> tuple[dict[str, Any], np.ndarray]:
    """A design file's header object and its rows."""
    text = Path(path).read_text(encoding="utf-8").splitlines()
    if not text or not text[0].startswith(DESIGN_MARKER):
        raise InputError(f"{path}: not a design file")
    header = json.loads(text[0][len(DESIGN_MARKER):])
    rows = np.array([[float(x) for x in line.split(",")] for line in text[2:] if line.strip()])
    return header, rows


# ---------------------------------------------------------------------------
# Reading a sweep for analysis


def sweep_design(frame: pd.DataFrame) -> dict[str, Any]:
    """The design's settings, parameters and bounds from the database's ``sweep`` table."""
    meta = frame.attrs.get("sweep") or {}
    try:
        definition = json.loads(meta.get("definition") or "{}")
    except ValueError:
        definition = {}
    settings = definition.get("design_settings")
    if not settings:
        design = meta.get("design", "unknown")
        raise InputError(f"{frame.attrs.get('db_path')}: the sweep's design is {design}; "
                         "scsim-sa analyses morris, saltelli and ofat designs")
    parameters = definition.get("parameters") or json.loads(meta.get("parameters") or "[]")
    return {"settings": settings, "parameters": parameters,
            "bounds": settings.get("bounds") or {}, "points": int(meta.get("points") or 0),
            "definition": definition}


def run_values(frame: pd.DataFrame, metric: str, last: int) -> pd.DataFrame:
    """One row per run: run_id, point_id, replicate, value (the metric averaged over the
    run's last `last` steps)."""
    if last < 1:
        raise InputError(f"--last must be at least 1, got {last}")
    values = column_defs.metric_values(frame, metric)
    last_step = frame.groupby("run_id")["step"].transform("max")
    keep = frame["step"] > last_step - last
    tail = pd.DataFrame({"run_id": frame["run_id"], "point_id": frame["point_id"],
                         "replicate": frame["replicate"], "value": values})[keep]
    return (tail.groupby("run_id")
            .agg(point_id=("point_id", "first"), replicate=("replicate", "first"),
                 value=("value", "mean")).reset_index())


def replicate_noise(runs: pd.DataFrame) -> dict[str, Any]:
    """The share of the variance of the runs' values that is replicate noise."""
    counts = runs.groupby("point_id")["value"].count()
    within = runs.groupby("point_id")["value"].var(ddof=1)
    total = float(runs["value"].var(ddof=1)) if len(runs) > 1 else math.nan
    means = runs.groupby("point_id")["value"].mean()
    replicates = int(counts.min()) if len(counts) else 0
    within_mean = float(within.mean()) if replicates > 1 else math.nan
    share = within_mean / total if replicates > 1 and total > 0 else (0.0 if total == 0 else math.nan)
    return {"replicates_per_point": replicates, "runs": int(len(runs)),
            "within_point_variance": within_mean, "total_variance": total,
            "point_mean_variance": float(means.var(ddof=1)) if len(means) > 1 else math.nan,
            "noise_share": share,
            "noise_variance_of_point_mean": within_mean / replicates if replicates > 1 else math.nan}


def point_means(runs: pd.DataFrame, points: int) -> np.ndarray:
    """The replicate mean of every point, in point order; InputError when one is missing."""
    means = runs.groupby("point_id")["value"].mean()
    expected = range(points if points else int(means.index.max()) + 1)
    missing = [p for p in expected if p not in means.index or not np.isfinite(means[p])]
    if missing:
        raise InputError(f"{len(missing)} of {len(expected)} points have no finished run with a "
                         f"value (first: point {missing[0]}); finish the sweep (scsim sweep resumes)")
    return means.loc[list(expected)].to_numpy(dtype=float)


def _design_matrix(frame: pd.DataFrame, design: dict[str, Any]) -> np.ndarray:
    """The sweep's rows as SALib made them, regenerated from the recorded settings; the
    database's own points when the SALib at hand makes other rows."""
    parameters = design["parameters"]
    points = (frame[["point_id", *parameters]].drop_duplicates("point_id")
              .sort_values("point_id")[parameters].to_numpy(dtype=float))
    try:
        rows = design_rows(design["settings"], parameters, design["bounds"])
    except Exception:  # noqa: BLE001 - any failure: use the stored points
        return points
    if rows.shape == points.shape and all(
        np.allclose(rows[:, j], points[:, j]) or np.all(points[:, j] == np.round(points[:, j]))
        for j in range(points.shape[1])
    ):
        return rows  # equal, save for whole-number keys (which the sweep rounds)
    warnings.warn("the installed SALib makes other rows than the sweep's design; "
                  "using the database's points (whole-number keys rounded)", stacklevel=2)
    return points


# ---------------------------------------------------------------------------
# The analyses


def analyse(db_path: str | Path, metric: str, last: int = LAST_STEPS, resamples: int = 1000,
            seed: int = 1, conf_level: float = 0.95) -> dict[str, Any]:
    """Sensitivity indices of `metric` in the sweep database at `db_path` (see the module
    docstring). Returns a dict with ``method``, ``metric``, ``indices`` (a DataFrame, one row
    per key), ``S2`` (a DataFrame of pairs, Saltelli with second order), ``noise``,
    ``convergence`` (a DataFrame) and ``meta``."""
    db_path = Path(db_path)
    try:
        frame = load_sweep(db_path)
    except FileNotFoundError as error:
        raise InputError(str(error)) from None
    except (sqlite3.DatabaseError, ValueError) as error:
        raise InputError(f"{db_path}: {error}") from None
    if frame.empty:
        raise InputError(f"{db_path}: no finished runs")
    design = sweep_design(frame)
    try:
        frame = column_defs.with_metrics(frame, [metric]) if metric not in frame else frame
        runs = run_values(frame, metric, last)
    except ValueError as error:
        raise InputError(str(error)) from None
    method = design["settings"]["method"]
    noise = replicate_noise(runs)
    result: dict[str, Any] = {"method": method, "metric": metric, "last": last, "noise": noise,
                              "S2": None, "convergence": None,
                              "meta": {"db": str(db_path), "settings": design["settings"],
                                       "parameters": design["parameters"],
                                       "resamples": resamples, "conf_level": conf_level,
                                       "seed": seed, "salib": salib_version()}}
    if method == "ofat":
        result["indices"], result["responses"] = _ofat(frame, runs, design)
        return result
    Y = point_means(runs, design["points"])
    if not np.isfinite(Y).all():
        raise InputError(f"the metric {metric} is missing at some points")
    problem = problem_of(design["parameters"], design["bounds"])
    if method == "morris":
        X = _design_matrix(frame, design)
        result["indices"] = _morris(problem, X, Y, design["settings"], resamples, conf_level, seed)
        result["convergence"] = _morris_convergence(problem, X, Y, design["settings"], seed)
    elif method == "saltelli":
        second = bool(design["settings"]["second_order"])
        result["indices"], result["S2"] = _sobol(problem, Y, second, resamples, conf_level, seed)
        result["convergence"] = _sobol_convergence(problem, Y, second, design["settings"]["samples"], seed)
    else:
        raise InputError(f"scsim-sa does not analyse {method} designs")
    return result


def _morris(problem, X, Y, settings, resamples, conf_level, seed) -> pd.DataFrame:
    from SALib.analyze import morris as morris_analyze
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        si = morris_analyze.analyze(problem, X, Y, num_resamples=resamples, conf_level=conf_level,
                                    num_levels=settings["levels"], seed=seed)
    table = pd.DataFrame({"parameter": problem["names"], "mu": si["mu"], "mu_star": si["mu_star"],
                          "sigma": si["sigma"], "mu_star_conf": si["mu_star_conf"]})
    table = table.sort_values("mu_star", ascending=False, kind="stable").reset_index(drop=True)
    table.insert(1, "rank", range(1, len(table) + 1))
    return table


def _morris_convergence(problem, X, Y, settings, seed) -> pd.DataFrame:
    from SALib.analyze import morris as morris_analyze
    size = problem["num_vars"] + 1
    total = len(Y) // size
    rows = []
    for t in sorted({t for t in [2, 4, 8, 16, 32, 64, 128, 256, total] if 2 <= t <= total}):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            si = morris_analyze.analyze(problem, X[: t * size], Y[: t * size], num_resamples=100,
                                        num_levels=settings["levels"], seed=seed)
        for name, mu_star, conf in zip(problem["names"], si["mu_star"], si["mu_star_conf"]):
            rows.append({"size": t, "parameter": name, "index": "mu_star", "value": mu_star, "conf": conf})
    return pd.DataFrame(rows)


def _sobol(problem, Y, second, resamples, conf_level, seed):
    from SALib.analyze import sobol as sobol_analyze
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        si = sobol_analyze.analyze(problem, Y, calc_second_order=second, num_resamples=resamples,
                                   conf_level=conf_level, seed=seed)
    table = pd.DataFrame({"parameter": problem["names"], "S1": si["S1"], "S1_conf": si["S1_conf"],
                          "ST": si["ST"], "ST_conf": si["ST_conf"]})
    pairs = None
    if second:
        names = problem["names"]
        pairs = pd.DataFrame([
            {"parameter": names[i], "other": names[j], "S2": si["S2"][i, j], "S2_conf": si["S2_conf"][i, j]}
            for i in range(len(names)) for j in range(i + 1, len(names))
        ])
    return table, pairs


def _sobol_convergence(problem, Y, second, samples, seed) -> pd.DataFrame:
    from SALib.analyze import sobol as sobol_analyze
    d = problem["num_vars"]
    block = 2 * d + 2 if second else d + 2
    rows = []
    n = 4
    sizes = []
    while n < samples:
        sizes.append(n)
        n *= 2
    sizes.append(samples)
    for n in sizes:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            si = sobol_analyze.analyze(problem, Y[: n * block], calc_second_order=second,
                                       num_resamples=100, seed=seed)
        for k, name in enumerate(problem["names"]):
            for index in ("S1", "ST"):
                rows.append({"size": n, "parameter": name, "index": index,
                             "value": si[index][k], "conf": si[f"{index}_conf"][k]})
    return pd.DataFrame(rows)


def _ofat(frame, runs, design):
    """Point 0 is the base scenario; then each parameter's points in turn (their counts are
    the design settings' ``counts``)."""
    parameters = design["parameters"]
    counts = design["settings"].get("counts") or []
    if len(counts) != len(parameters):
        raise InputError("the sweep's ofat design records no point counts per parameter")
    points = frame[["point_id", *parameters]].drop_duplicates("point_id").set_index("point_id")
    responses, table = [], []
    start = 1
    for name, count in zip(parameters, counts):
        means = []
        for point_id in range(start, start + count):
            mean, half, n = t_interval(runs.loc[runs["point_id"] == point_id, "value"])
            means.append(mean)
            value = points.loc[point_id, name] if point_id in points.index else math.nan
            responses.append({"parameter": name, "value": value, "point_id": point_id,
                              "mean": mean, "half": half, "n": n})
        start += count
        finite = [m for m in means if np.isfinite(m)]
        table.append({"parameter": name, "levels": count,
                      "range": (max(finite) - min(finite)) if finite else math.nan})
    table = pd.DataFrame(table).sort_values("range", ascending=False, kind="stable").reset_index(drop=True)
    return table, pd.DataFrame(responses)


# ---------------------------------------------------------------------------
# Figures


def morris_figure(result: dict[str, Any]) -> Figure:
    """mu* against sigma, each key a point with mu*'s interval; the lines sigma/mu* = 0.1
    and 1 separate near-linear effects from non-linear or interacting ones."""
    table = result["indices"]
    figure = Figure(figsize=(8, 6), layout="constrained")
    ax = figure.subplots()
    ax.errorbar(table["mu_star"], table["sigma"], xerr=table["mu_star_conf"], fmt="o", color="#1f4e79",
                ecolor="0.6", capsize=3)
    top = float(max(table["mu_star"].max() + table["mu_star_conf"].max(), table["sigma"].max(), 1e-12)) * 1.1
    # Label boxes as shares of the axes (8-point text on an 8-inch figure: about 0.0095 per
    # character, 0.03 per line). Keys near each other (the unimportant ones crowd the
    # origin) get their labels stacked upwards, a line at a time, with a leader line,
    # instead of printed over each other.
    placed: list[tuple[float, float, float]] = []  # (left, bottom, right)
    for _, row in table.sort_values("sigma", kind="stable").iterrows():
        left = row["mu_star"] / top + 0.008
        bottom = row["sigma"] / top + 0.008
        right = left + 0.0095 * len(row["parameter"])
        lift = 0
        while any(left < r and l < right and abs(bottom + 0.03 * lift - b) < 0.03 for l, b, r in placed):
            lift += 1
        placed.append((left, bottom + 0.03 * lift, right))
        ax.annotate(row["parameter"], (row["mu_star"], row["sigma"]), textcoords="offset points",
                    xytext=(4, 4 + 14.5 * lift), fontsize=8,
                    arrowprops={"arrowstyle": "-", "color": "0.6", "linewidth": 0.5, "shrinkA": 0,
                                "shrinkB": 3} if lift else None)
    for ratio, style in ((1.0, "--"), (0.1, ":")):
        ax.plot([0, top], [0, ratio * top], style, color="0.5", linewidth=1, label=f"sigma = {ratio:g} mu*")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_xlabel("mu* (mean |elementary effect|, per unit of each key's range)")
    ax.set_ylabel("sigma (sd of the elementary effects)")
    ax.legend(loc="upper left", frameon=False, fontsize=8)
    ax.set_title(_title(result, "Morris screening"), loc="left", fontsize=10)
    ax.grid(True, alpha=0.3)
    return figure


def sobol_figure(result: dict[str, Any]) -> Figure:
    """S1 and ST per key, with their bootstrap intervals."""
    table = result["indices"]
    figure = Figure(figsize=(max(6, 1.1 * len(table) + 3), 5), layout="constrained")
    ax = figure.subplots()
    x = np.arange(len(table))
    ax.bar(x - 0.2, table["S1"], 0.4, yerr=table["S1_conf"], capsize=3, label="S1 (first order)", color="#1f4e79")
    ax.bar(x + 0.2, table["ST"], 0.4, yerr=table["ST_conf"], capsize=3, label="ST (total)", color="#d08c2f")
    ax.set_xticks(x, table["parameter"], rotation=20, ha="right")
    ax.axhline(0, color="0.3", linewidth=0.8)
    ax.set_ylabel("share of the variance of the replicate mean")
    ax.legend(frameon=False)
    ax.set_title(_title(result, "Sobol indices"), loc="left", fontsize=10)
    ax.grid(True, axis="y", alpha=0.3)
    return figure


def convergence_figure(result: dict[str, Any]) -> Figure:
    """Each index against the number of base samples (Saltelli) or trajectories (Morris)
    it was computed from, with its bootstrap interval."""
    data = result["convergence"]
    indices = list(dict.fromkeys(data["index"]))
    figure = Figure(figsize=(6 * len(indices), 4.5), layout="constrained")
    axes = np.atleast_1d(figure.subplots(1, len(indices)))
    for ax, index in zip(axes, indices):
        part = data[data["index"] == index]
        for name, rows in part.groupby("parameter", sort=False):
            ax.errorbar(rows["size"], rows["value"], yerr=rows["conf"], marker="o", capsize=2, label=name)
        ax.set_xscale("log", base=2)
        ax.set_xlabel("base samples N" if result["method"] == "saltelli" else "trajectories")
        ax.set_ylabel(index)
        if result["method"] == "saltelli":  # a small sample's interval can be huge: keep the index scale
            ax.set_ylim(-0.25, 1.25)
        ax.grid(True, alpha=0.3)
    axes[-1].legend(frameon=False, fontsize=8, loc="best")
    figure.suptitle(_title(result, "Convergence of the indices"), fontsize=10)
    return figure


def ofat_figure(result: dict[str, Any]) -> Figure:
    responses = result["responses"]
    names = list(dict.fromkeys(responses["parameter"])) or ["none"]
    columns = min(3, len(names))
    rows_n = math.ceil(len(names) / columns)
    figure = Figure(figsize=(4.5 * columns, 3.5 * rows_n), layout="constrained")
    axes = np.atleast_1d(figure.subplots(rows_n, columns)).ravel()
    for ax, name in zip(axes, names):
        part = responses[responses["parameter"] == name]
        try:
            x = pd.to_numeric(part["value"])
        except (ValueError, TypeError):
            x = range(len(part))
        ax.errorbar(x, part["mean"], yerr=part["half"].fillna(0), marker="o", capsize=3, color="#1f4e79")
        ax.set_xlabel(name)
        ax.grid(True, alpha=0.3)
    for ax in axes[len(names):]:
        ax.set_visible(False)
    figure.suptitle(_title(result, "One factor at a time (others at the base scenario)"), fontsize=10)
    return figure


def _title(result: dict[str, Any], what: str) -> str:
    noise = result["noise"]
    share = noise["noise_share"]
    noise_text = (f"replicate noise {share:.1%} of the runs' variance" if np.isfinite(share)
                  else "one replicate: noise not measured")
    return (f"{what}: {result['metric']}, mean over each run's last {result['last']} steps, "
            f"replicate mean of {noise['replicates_per_point']}\n{noise['runs']} runs; {noise_text}")


# ---------------------------------------------------------------------------
# Output


def write_outputs(result: dict[str, Any], out_dir: Path, stem: str) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    base = out_dir / f"{stem}_{result['metric']}"
    written = []
    long = result["indices"].melt(id_vars=["parameter"], var_name="index", value_name="value")
    if result["S2"] is not None:
        s2 = result["S2"].assign(parameter=result["S2"]["parameter"] + " x " + result["S2"]["other"])
        long = pd.concat([long, s2[["parameter", "S2", "S2_conf"]].melt(
            id_vars=["parameter"], var_name="index", value_name="value")])
    csv_path = base.with_name(base.name + "_sa.csv")
    long.to_csv(csv_path, index=False)
    written.append(csv_path)
    payload = {key: value for key, value in result.items() if key not in ("indices", "S2", "convergence", "responses")}
    payload["indices"] = result["indices"].to_dict(orient="records")
    for key in ("S2", "convergence", "responses"):
        if result.get(key) is not None:
            payload[key] = result[key].to_dict(orient="records")
    json_path = base.with_name(base.name + "_sa.json")
    json_path.write_text(json.dumps(payload, indent=2, default=_json_default, allow_nan=True) + "\n")
    written.append(json_path)
    figures = []
    if result["method"] == "morris":
        figures = [("morris", morris_figure(result)), ("convergence", convergence_figure(result))]
    elif result["method"] == "saltelli":
        figures = [("sobol", sobol_figure(result)), ("convergence", convergence_figure(result))]
    else:
        figures = [("ofat", ofat_figure(result))]
    for name, figure in figures:
        written += fig_util.save_figure(figure, base.with_name(f"{base.name}_{name}.png"))
    return written


def _json_default(value: Any) -> Any:
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)


def report(result: dict[str, Any]) -> str:
    """The indices as text."""
    lines = [f"{result['method']} analysis of {result['metric']} (mean over each run's last "
             f"{result['last']} steps; indices of the replicate mean)"]
    with pd.option_context("display.width", 160, "display.max_columns", 20,
                           "display.float_format", "{:.4g}".format):
        lines.append(result["indices"].to_string(index=False))
        if result["S2"] is not None:
            lines.append("second order:")
            lines.append(result["S2"].to_string(index=False))
    noise = result["noise"]
    if np.isfinite(noise["noise_share"]):
        lines.append(f"replicate noise: {noise['noise_share']:.1%} of the variance of the runs' values "
                     f"(within-point variance {noise['within_point_variance']:.4g} / total "
                     f"{noise['total_variance']:.4g}; {noise['replicates_per_point']} replicates per point, "
                     f"so about {noise['noise_variance_of_point_mean']:.3g} of noise variance in each point mean)")
    else:
        lines.append("replicate noise: not measured (one replicate per point)")
    return "\n".join(lines)


def _design_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="scsim-sa design",
                                     description="Write a Morris or Saltelli sweep's design file with SALib.")
    parser.add_argument("sweep", help="the sweep file (design: {method: morris|saltelli, ...})")
    parser.add_argument("--out", help="the design file (default: the sweep's design.file, else STEM.design.csv beside it)")
    args = parser.parse_args(argv)
    path = write_design(args.sweep, args.out)
    header, rows = read_design(path)
    print(f"{path}: {len(rows)} rows x {rows.shape[1] if rows.size else 0} parameters "
          f"({header['method']}, SALib {header['salib']})")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv[:1] == ["design"]:
            return _design_main(argv[1:])
        parser = argparse.ArgumentParser(
            prog="scsim-sa", description="Sensitivity indices (SALib) of a sweep database; "
            "`scsim-sa design SWEEP.yaml` writes a sweep's design file.")
        parser.add_argument("db", help="the sweep database (scsim sweep)")
        parser.add_argument("--metric", required=True, help="a metric of the database (scsim-plot's list, derived ones included)")
        parser.add_argument("--last", type=int, default=LAST_STEPS, help="average each run over its last STEPS steps (default 52)")
        parser.add_argument("--out", help="folder for the CSV, JSON and figures (default: beside the database)")
        parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (default 1000)")
        parser.add_argument("--seed", type=int, default=1, help="the bootstrap's seed (default 1)")
        args = parser.parse_args(argv)
        if args.resamples < 1:
            raise InputError(f"--resamples must be at least 1, got {args.resamples}")
        result = analyse(args.db, args.metric, args.last, args.resamples, args.seed)
        print(report(result))
        db = Path(args.db)
        written = write_outputs(result, Path(args.out) if args.out else db.parent, db.stem)
        print("wrote " + ", ".join(str(p) for p in written))
        return 0
    except InputError as error:
        print(f"scsim-sa: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
