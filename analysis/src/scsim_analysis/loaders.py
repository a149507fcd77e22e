"""Load scsim outputs into pandas (and networkx) for notebooks and plots.

File contracts
==============

Run folder (written by ``scsim run SCENARIO --out DIR``)
    ``DIR/timeseries.csv``
        A header, then one row per observed step. Columns, in this order, are those of
        docs/MODEL.md section 7.11: ``step, enrolled_frac, score_mean, ..., network_metrics,
        adopted, visible_purchases, genuine_posts``. Empty cells are missing values (the
        network columns on rows whose ``network_metrics`` is ``skipped``, a mean over nobody).
        ``network_metrics`` is text; every other column is numeric. Newer versions may
        append columns: readers keep them and never fail on them.
    ``DIR/manifest.json``
        What made the run: ``scsim_version``, ``git_commit``, ``scenario_file``,
        ``overrides`` (the ``--set`` list), ``seed``, ``steps``, ``name``,
        ``population_size``, ``threads``, ``wall_seconds``, ``agent_steps_per_second``,
        ``columns`` (the CSV header) and ``scenario``: the resolved scenario, whose
        ``timeline`` is a list of ``{"at": STEP, "set": {"key.path": value, ...}}``.

Sweep database (SQLite; a contract for the sweep runner, not written by scsim yet)
    ``runs``: one row per run::

        run_id       INTEGER PRIMARY KEY
        point_id     INTEGER   -- the parameter point; replicates of a point share it
        <parameter>  ...       -- one column per varied parameter, named by its scenario
                               -- key path (e.g. "score.eta"), holding that run's value
        seed         INTEGER
        replicate    INTEGER   -- 0, 1, ... within the point
        status       TEXT      -- "ok" when the run finished; anything else otherwise
                               -- ("failed", "running", ...)
        wall_seconds REAL
        scsim_version TEXT
        scenario_json TEXT     -- the resolved scenario, as in manifest.json "scenario"

    ``timeseries``: ``run_id INTEGER`` followed by every time-series column (same names
    as timeseries.csv; missing values are NULL), one row per run and observed step.

    Every ``runs`` column other than ``run_id, point_id, seed, replicate, status,
    wall_seconds, scsim_version, scenario_json`` is a parameter.

Network snapshot folder (written by ``scsim run --snapshot-every K``)
    ``edges.csv``: header ``source,target``; one undirected friendship tie per row,
    citizen ids in 0 ... N-1, each tie once.
    ``citizens.csv``: header ``id,score,dissent,strategy,enrolled,tier,degree``; one row per
    citizen: ``score`` in points (empty for a citizen never enrolled), ``dissent`` the
    private opinion o_i in [0, 1], ``strategy`` one of ``honest, padder, evader, colluder``,
    ``enrolled`` 0/1 (``true``/``false`` also read), ``tier`` one of ``none, benefit,
    penalty``, ``degree`` the number of friends; scsim adds ``ring`` (collusion ring id,
    empty outside a ring). ``network.graphml`` holds the same network for Gephi.
    ``manifest.json`` (optional): the run's manifest plus ``"step"``, the step after which
    the snapshot was taken.
"""

from __future__ import annotations

import json
import sqlite3
import warnings
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from .columns import TEXT_COLUMNS

__all__ = [
    "load_run",
    "load_manifest",
    "load_sweep",
    "load_snapshot",
    "timeline_events",
    "run_label",
    "SWEEP_RUN_COLUMNS",
]

TIMESERIES_FILE = "timeseries.csv"
MANIFEST_FILE = "manifest.json"
EDGES_FILE = "edges.csv"
CITIZENS_FILE = "citizens.csv"

# The `runs` columns that are not parameters.
SWEEP_RUN_COLUMNS = (
    "run_id",
    "point_id",
    "seed",
    "replicate",
    "status",
    "wall_seconds",
    "scsim_version",
    "scenario_json",
)


def load_manifest(run_dir: str | Path) -> dict[str, Any]:
    """The run's manifest.json as a dict."""
    path = Path(run_dir) / MANIFEST_FILE
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def load_run(run_dir: str | Path) -> pd.DataFrame:
    """One run's time series, one row per observed step.

    Every column of timeseries.csv is kept (including ones this package does not know);
    numeric columns are float or int, missing cells NaN, ``network_metrics`` text.
    ``df.attrs["manifest"]`` holds the manifest ({} when manifest.json is absent) and
    ``df.attrs["events"]`` the timeline's policy events as ``[(step, label), ...]``.
    """
    run_dir = Path(run_dir)
    path = run_dir / TIMESERIES_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{run_dir} has no {TIMESERIES_FILE}")
    frame = _coerce_numeric(pd.read_csv(path))
    manifest_path = run_dir / MANIFEST_FILE
    manifest = load_manifest(run_dir) if manifest_path.is_file() else {}
    missing = [c for c in manifest.get("columns", []) if c not in frame.columns]
    if missing:
        warnings.warn(f"{path}: manifest lists columns missing from the CSV: {missing}")
    frame.attrs["manifest"] = manifest
    frame.attrs["events"] = timeline_events(manifest)
    frame.attrs["run_dir"] = str(run_dir)
    return frame


def timeline_events(manifest: dict[str, Any]) -> list[tuple[int, str]]:
    """The policy events of a manifest's resolved scenario, as (step, label), by step.

    A label lists the event's assignments in the order written: booleans read
    ``mandatory on``, other values ``audit.rate=0.1``.
    """
    timeline = (manifest.get("scenario") or {}).get("timeline") or []
    events = []
    for event in timeline:
        assignments = _flatten(event.get("set") or {})
        parts = []
        for key, value in assignments.items():
            if isinstance(value, bool):
                parts.append(f"{key} {'on' if value else 'off'}")
            else:
                parts.append(f"{key}={value}")
        events.append((int(event["at"]), ", ".join(parts) or "event"))
    return sorted(events, key=lambda item: item[0])


def run_label(frame_or_manifest: pd.DataFrame | dict[str, Any]) -> str:
    """A short name for a run: scenario name and seed, e.g. ``baseline seed 42``."""
    manifest = (
        frame_or_manifest.attrs.get("manifest", {})
        if isinstance(frame_or_manifest, pd.DataFrame)
        else frame_or_manifest
    )
    name = manifest.get("name", "run")
    seed = manifest.get("seed")
    return f"{name} seed {seed}" if seed is not None else str(name)


def load_sweep(db_path: str | Path, only_ok: bool = True) -> pd.DataFrame:
    """A sweep's time series joined with its runs (see the module docstring's contract).

    One row per run and step: the ``runs`` columns (without ``scenario_json``) followed by
    the time-series columns. With ``only_ok`` (the default) only runs whose status is
    ``ok`` are kept. ``attrs``: ``"runs"`` is the full runs table (with scenario_json),
    ``"parameters"`` the parameter columns, ``"varied"`` those taking more than one value.
    """
    db_path = Path(db_path)
    if not db_path.is_file():
        raise FileNotFoundError(f"no such sweep database: {db_path}")
    uri = f"file:{db_path.resolve().as_posix()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as connection:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        for table in ("runs", "timeseries"):
            if table not in tables:
                raise ValueError(f"{db_path}: no table `{table}` (not a sweep database)")
        runs = pd.read_sql_query("SELECT * FROM runs ORDER BY run_id", connection)
        series = pd.read_sql_query("SELECT * FROM timeseries", connection)
    series = _coerce_numeric(series)
    parameters = [c for c in runs.columns if c not in SWEEP_RUN_COLUMNS]
    kept = runs[runs["status"] == "ok"] if only_ok else runs
    merged = kept.drop(columns=["scenario_json"], errors="ignore").merge(
        series, on="run_id", how="inner"
    )
    merged = merged.sort_values(["run_id", "step"], kind="stable").reset_index(drop=True)
    merged.attrs["runs"] = runs
    merged.attrs["parameters"] = parameters
    merged.attrs["varied"] = [p for p in parameters if kept[p].nunique(dropna=False) > 1]
    merged.attrs["db_path"] = str(db_path)
    return merged


def load_snapshot(snapshot_dir: str | Path) -> tuple[pd.DataFrame, nx.Graph]:
    """A network snapshot: (citizens, friendship graph).

    The citizens frame has the columns of citizens.csv (``enrolled`` as bool), sorted by
    id. The graph has one node per citizen, with the citizen's columns as node
    attributes, and one edge per row of edges.csv. ``citizens.attrs["manifest"]`` holds
    the optional manifest.json ({} when absent).
    """
    snapshot_dir = Path(snapshot_dir)
    citizens = pd.read_csv(snapshot_dir / CITIZENS_FILE)
    edges = pd.read_csv(snapshot_dir / EDGES_FILE)
    for needed, frame, name in (
        (("id", "score"), citizens, CITIZENS_FILE),
        (("source", "target"), edges, EDGES_FILE),
    ):
        absent = [c for c in needed if c not in frame.columns]
        if absent:
            raise ValueError(f"{snapshot_dir / name}: missing columns {absent}")
    if "enrolled" in citizens:
        citizens["enrolled"] = _parse_bool(citizens["enrolled"])
    citizens = citizens.sort_values("id", kind="stable").reset_index(drop=True)

    graph = nx.Graph()
    graph.add_nodes_from(
        (int(row["id"]), row) for row in citizens.to_dict(orient="records")
    )
    unknown = set(edges["source"]).union(edges["target"]) - set(graph.nodes)
    if unknown:
        raise ValueError(f"{snapshot_dir / EDGES_FILE}: ids not in {CITIZENS_FILE}: "
                         f"{sorted(unknown)[:5]}")
    graph.add_edges_from(zip(edges["source"].astype(int), edges["target"].astype(int)))
    if "degree" not in citizens:
        citizens["degree"] = [graph.degree(i) for i in citizens["id"]]

    manifest_path = snapshot_dir / MANIFEST_FILE
    citizens.attrs["manifest"] = load_manifest(snapshot_dir) if manifest_path.is_file() else {}
    citizens.attrs["snapshot_dir"] = str(snapshot_dir)
    return citizens, graph


def _coerce_numeric(frame: pd.DataFrame) -> pd.DataFrame:
    """Numeric dtypes for every column that parses as numbers; text columns stay text."""
    for column in frame.columns:
        if column in TEXT_COLUMNS:
            frame[column] = frame[column].astype("string")
            continue
        if pd.api.types.is_numeric_dtype(frame[column]):
            continue
        try:
            frame[column] = pd.to_numeric(frame[column])
        except (ValueError, TypeError):
            pass  # an unknown text column from a newer scsim: keep it as it is
    return frame


def _parse_bool(values: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(values):
        return values
    text = values.astype(str).str.strip().str.lower()
    mapping = {"1": True, "0": False, "true": True, "false": False, "1.0": True, "0.0": False}
    parsed = text.map(mapping)
    if parsed.isna().any():
        bad = values[parsed.isna()].iloc[0]
        raise ValueError(f"enrolled must be 0/1 or true/false, got {bad!r}")
    return parsed.astype(bool)


def _flatten(mapping: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """{"audit": {"rate": 0.1}} -> {"audit.rate": 0.1}; flat keys pass through."""
    flat: dict[str, Any] = {}
    for key, value in mapping.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{path}."))
        else:
            flat[path] = value
    return flat
