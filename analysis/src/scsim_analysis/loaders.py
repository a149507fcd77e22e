"""Load scsim outputs into pandas (and networkx) for notebooks and plots.

File contracts
==============

Run folder (written by ``scsim run SCENARIO --out DIR``)
    ``DIR/timeseries.csv``
        A header, then one row per observed step. The columns, in order, are the model's
        (``manifest.json`` lists them, with their definitions; see below). Empty cells are
        missing values (the network columns on rows whose ``network_metrics`` is
        ``skipped``, a mean over nobody). Columns defined as ``text`` (``network_metrics``)
        are read as text, every other column as numbers. Newer versions may append
        columns: readers keep them and never fail on them.
    ``DIR/manifest.json``
        What made the run: ``scsim_version``, ``git_commit``, ``scenario_file``,
        ``overrides`` (the ``--set`` list, e.g. ``["score.friendless=400"]``), ``seed``,
        ``steps``, ``name``, ``population_size``, ``threads``, ``wall_seconds``,
        ``agent_steps_per_second``, ``model`` (``reference`` or ``adaptive_voter``),
        ``columns`` (the CSV header), ``column_definitions`` (one object per column, in
        CSV order: ``name, label, unit, definition, cost, type``; see
        `scsim_analysis.columns`) and ``scenario``: the resolved scenario, whose
        ``timeline`` is a list of ``{"at": STEP, "set": {"key.path": value, ...}}``.
        Manifests of older versions lack ``model`` and ``column_definitions``: the model
        is then read from ``scenario.model`` (else from the columns), and each column's
        label falls back to its name.

Sweep database (SQLite, written by ``scsim sweep`` and ``scsim merge``; other tools may
write the same contract)
    ``runs``: one row per run::

        run_id       INTEGER PRIMARY KEY
        point_id     INTEGER   -- the parameter point; replicates of a point share it
        <parameter>  ...       -- one column per varied parameter, named by its scenario
                               -- key path (e.g. "score.eta"), holding that run's value;
                               -- a boolean key holds 0/1, a word-valued key text (a key
                               -- such as score.friendless may mix words and numbers)
        seed         INTEGER
        replicate    INTEGER   -- 0, 1, ... within the point
        status       TEXT      -- "ok" when the run finished; anything else otherwise
                               -- ("failed", "running", ...)
        wall_seconds REAL
        scsim_version TEXT
        scenario_json TEXT     -- the resolved scenario, as in manifest.json "scenario"

    ``timeseries``: ``run_id INTEGER`` followed by every time-series column (same names
    as timeseries.csv; missing values are NULL), one row per run and observed step.

    ``columns`` (optional; newer databases): one row per time-series column, with the
    fields of a manifest's ``column_definitions`` (``name, label, unit, definition, cost,
    type``) and ``position INTEGER`` (its place in the CSV order).

    ``events`` and ``panel`` (optional; only when the sweep's ``set:`` block or a
    parameter sets ``output.events`` or ``output.panel.every``): the run database's tables
    below with a leading ``run_id INTEGER``, written with the run in one transaction;
    `load_events` and `load_panel` read them given the database's path.

    ``sweep`` (``key``, ``value``): what the database belongs to (``name``,
    ``parameters``, ``scenario_file``, ...; a ``model`` key is read when present, but
    scsim does not write one: the model is each run's ``scenario_json`` ``model``).
    ``points``: every point's values.

    Every ``runs`` column other than ``run_id, point_id, seed, replicate, status,
    wall_seconds, scsim_version, scenario_json`` is a parameter. Parameter names contain
    dots, so in ``DataFrame.query`` they need backticks: ``df.query("`score.eta` == 0.3")``;
    or load with ``load_sweep(path, safe_names=True)`` to get ``score_eta``.

Run database (``DIR/run.sqlite``, SQLite, written by ``scsim run`` when the scenario asks
for an event log, ``output.events``, or a citizen panel, ``output.panel.every`` > 0; the
manifest's ``files`` then lists ``"run": "run.sqlite"``; schema: scsim's
``Sources/SCOutput/RunDatabase.swift``)
    ``events``: one row per event, in the order they happened within a step::

        step     INTEGER  -- the step (from 0) in which it happened
        kind     TEXT     -- enrolment, tier, tie_removed, tie_added, audit, strategy, ring,
                          -- trade, theft, sybil
        citizen  INTEGER  -- who: the one who cut or proposed the tie, was audited, ...
        other    INTEGER  -- the other end of a tie, whom a strategy change imitated;
                          -- NULL where there is none
        reason   TEXT     -- tie_removed: drift, unfriend, ended (a bought tie's contract),
                          -- caught (a sybil's ties when it is closed);
                          -- tie_added: proposal, triadic, ring_join, bought, sold (a
                          -- sybil's friendship);
                          -- trade: bought, renewed, ended; theft: taken, recovered;
                          -- sybil: created, sold, caught (citizen: the sybil's slot id,
                          -- other: the buyer);
                          -- audit: clean, missed, caught, reformed;
                          -- enrolment: voluntary, mandatory, withdrawn; ring: join,
                          -- leave; strategy and tier: FROM->TO (honest->evader,
                          -- none->penalty)
        value    REAL     -- unfriend: the score gap, citizen's score minus the score it
                          -- saw of other (points); audit: the penalty (points); ring
                          -- join/leave and ring_join ties: the ring id; trade: the
                          -- price; theft taken: the score, recovered: the score lost;
                          -- sybil created and caught: its score, sold: the price;
                          -- NULL otherwise

    A step's tie events, applied to the edge list after the step before, give the edge
    list after it. ``panel``: the chosen citizens after every ``output.panel.every``-th
    step and the last::

        step, citizen         INTEGER
        score                 REAL     -- NULL outside the system (never enrolled)
        dissent               REAL     -- private opinion o_i in [0, 1]
        strategy              TEXT     -- honest, padder, evader, colluder, resister
        enrolled              INTEGER  -- 0/1
        tier                  TEXT     -- none, benefit, penalty
        degree                INTEGER  -- number of friends
        ring                  INTEGER  -- collusion ring id; NULL outside a ring
        payoff                REAL     -- score minus gaming costs this step; NULL
                                       -- outside the system
        friends_mean_score    REAL     -- NULL with no enrolled friend

    A panel row at step t equals the citizen's row of a snapshot taken after step t.

Network snapshot folder (written by ``scsim run --snapshot-every K`` as
``DIR/snapshots/step-NNNNNN``, the step zero-padded to six digits, e.g. ``step-000519``)
    ``edges.csv``: header ``source,target``; one undirected friendship tie per row,
    citizen ids in 0 ... N-1, each tie once.
    ``citizens.csv``: header ``id,score,dissent,strategy,enrolled,tier,degree``; one row per
    citizen: ``score`` in points (empty for a citizen never enrolled), ``dissent`` the
    private opinion o_i in [0, 1], ``strategy`` one of ``honest, padder, evader, colluder, resister``,
    ``enrolled`` 0/1 (``true``/``false`` also read), ``tier`` one of ``none, benefit,
    penalty``, ``degree`` the number of friends; scsim adds ``ring`` (collusion ring id,
    empty outside a ring). `load_snapshot` reads ``ring`` as pandas' nullable integer
    (dtype ``"Int64"``, ``<NA>`` outside a ring), not as float with NaN.
    ``network.graphml`` holds the same network for Gephi.
    ``manifest.json`` (optional): the run's manifest plus ``"step"``, the step after which
    the snapshot was taken.
"""

from __future__ import annotations

import gc
import json
import re
import sqlite3
import warnings
from pathlib import Path
from typing import Any, Sequence

import networkx as nx
import numpy as np
import pandas as pd

from . import columns as column_defs
from .columns import Columns

__all__ = [
    "load_run",
    "load_manifest",
    "load_sweep",
    "load_snapshot",
    "load_events",
    "load_panel",
    "timeline_events",
    "run_label",
    "run_model",
    "format_value",
    "safe_name",
    "SWEEP_RUN_COLUMNS",
]

TIMESERIES_FILE = "timeseries.csv"
MANIFEST_FILE = "manifest.json"
EDGES_FILE = "edges.csv"
CITIZENS_FILE = "citizens.csv"
RUN_DATABASE_FILE = "run.sqlite"

# The run database's categories, in the model's order (Sources/SCModel/Recording/EventLog.swift).
EVENT_KINDS = ("enrolment", "tier", "tie_removed", "tie_added", "audit", "strategy", "ring", "trade", "theft",
               "sybil")
STRATEGIES = ("honest", "padder", "evader", "colluder", "resister")
TIERS = ("none", "benefit", "penalty")
EVENT_COLUMNS = ("step", "kind", "citizen", "other", "reason", "value")
PANEL_COLUMNS = ("step", "citizen", "score", "dissent", "strategy", "enrolled", "tier",
                 "degree", "ring", "payoff", "friends_mean_score")
MODELS = ("reference", "adaptive_voter")

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
    try:
        with path.open(encoding="utf-8") as handle:
            manifest = json.load(handle)
    except json.JSONDecodeError as error:
        raise ValueError(f"{path} is not valid JSON: {error}") from None
    if not isinstance(manifest, dict):
        raise ValueError(f"{path} is not a JSON object")
    return manifest


def format_value(value: Any) -> str:
    """A value as people read it: booleans ``true``/``false``, numbers in short form
    (``400``, ``0.3``), anything else as text."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "true" if value else "false"
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        return f"{float(value):g}"
    return str(value)


def run_model(manifest: dict[str, Any], columns: list[str] | None = None) -> str:
    """The model that made a run: the manifest's ``model``, else its scenario's, else
    ``adaptive_voter`` when the columns are the voter model's, else ``reference``."""
    model = manifest.get("model") or (manifest.get("scenario") or {}).get("model")
    if model:
        return str(model)
    if columns is not None and "discordant_frac" in columns:
        return "adaptive_voter"
    return "reference"


def load_run(run_dir: str | Path) -> pd.DataFrame:
    """One run's time series, one row per observed step.

    Every column of timeseries.csv is kept (including ones this package does not know);
    numeric columns are float or int, missing cells NaN, text columns (``network_metrics``)
    pandas strings. ``attrs``: ``"manifest"`` (``{}`` when manifest.json is absent),
    ``"events"`` (the timeline's policy events as ``[(step, label), ...]``), ``"model"``,
    ``"column_definitions"`` (the manifest's, ``[]`` for an older run) and ``"run_dir"``.
    """
    run_dir = Path(run_dir)
    path = run_dir / TIMESERIES_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{run_dir} has no {TIMESERIES_FILE}")
    manifest_path = run_dir / MANIFEST_FILE
    manifest = load_manifest(run_dir) if manifest_path.is_file() else {}
    definitions = column_defs.from_manifest(manifest)
    try:
        frame = pd.read_csv(path)
    except pd.errors.EmptyDataError:
        raise ValueError(f"{path} is empty") from None
    frame = _coerce_columns(frame, definitions, source=str(path))
    if "step" not in frame:
        raise ValueError(f"{path} has no step column")
    missing = [c for c in manifest.get("columns", []) if c not in frame.columns]
    if missing:
        warnings.warn(f"{path}: manifest lists columns missing from the CSV: {missing}")
    frame.attrs["manifest"] = manifest
    frame.attrs["events"] = timeline_events(manifest)
    frame.attrs["model"] = run_model(manifest, list(frame.columns))
    frame.attrs["column_definitions"] = definitions.as_records()
    frame.attrs["run_dir"] = str(run_dir)
    return frame


def timeline_events(manifest: dict[str, Any]) -> list[tuple[int, str]]:
    """The policy events of a manifest's resolved scenario, as (step, label), by step.

    A label lists the event's assignments in the order written, ``key=value``, with
    booleans as ``true``/``false``: ``mandatory=true, audit.rate=0.1``.
    """
    timeline = (manifest.get("scenario") or {}).get("timeline") or []
    events = []
    for event in timeline:
        assignments = _flatten(event.get("set") or {})
        parts = [f"{key}={format_value(value)}" for key, value in assignments.items()]
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


def safe_name(name: str) -> str:
    """An identifier-safe column name: every character other than a letter, digit or
    underscore becomes ``_`` (``score.eta`` -> ``score_eta``)."""
    safe = re.sub(r"\W", "_", name)
    return f"_{safe}" if safe[:1].isdigit() or not safe else safe


def load_sweep(db_path: str | Path, only_ok: bool = True, safe_names: bool = False) -> pd.DataFrame:
    """A sweep's time series joined with its runs (see the module docstring's contract).

    One row per run and step: the ``runs`` columns (without ``scenario_json``) followed by
    the time-series columns. With ``only_ok`` (the default) only runs whose status is
    ``ok`` are kept. Boolean parameters (0/1 in the database) are read as booleans.
    Parameter columns keep their key paths as names (``score.eta``; query them as
    ``df.query("`score.eta` == 0.3")``); ``safe_names=True`` renames them to identifiers
    (``score_eta``) so that ``df.query("score_eta == 0.3")`` and ``df.score_eta`` work.

    ``attrs``: ``"runs"`` the full runs table (with scenario_json), ``"parameters"`` the
    parameter columns, ``"varied"`` those taking more than one value, ``"model"``,
    ``"column_definitions"`` (from the optional ``columns`` table, else ``[]``) and
    ``"timeseries_columns"``.
    """
    db_path = Path(db_path)
    if not db_path.is_file():
        raise FileNotFoundError(f"no such sweep database: {db_path}")
    uri = f"file:{db_path.resolve().as_posix()}?mode=ro"
    connection = sqlite3.connect(uri, uri=True)
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        for table in ("runs", "timeseries"):
            if table not in tables:
                raise ValueError(f"{db_path}: no table `{table}` (not a sweep database)")
        runs = pd.read_sql_query("SELECT * FROM runs ORDER BY run_id", connection)
        series = pd.read_sql_query("SELECT * FROM timeseries", connection)
        declared = {row[1]: str(row[2] or "").upper()
                    for row in connection.execute("PRAGMA table_info(timeseries)")}
        definitions = _column_table(connection) if "columns" in tables else Columns()
        metadata = (dict(connection.execute("SELECT key, value FROM sweep").fetchall())
                    if "sweep" in tables else {})
    finally:
        connection.close()
    if not definitions:
        # An older database: the declared SQLite types tell text from numbers.
        definitions = Columns(
            {"name": name, "type": "text" if kind == "TEXT" else ""}
            for name, kind in declared.items() if name != "run_id"
        )
        stored_definitions: list[dict[str, str]] = []
    else:
        stored_definitions = definitions.as_records()
    series = _coerce_columns(series, definitions, source=f"{db_path} (timeseries)")
    missing = [c for c in ("run_id", "point_id", "status") if c not in runs]
    if missing:
        raise ValueError(f"{db_path}: table `runs` has no column {', '.join(missing)}")
    parameters = [c for c in runs.columns if c not in SWEEP_RUN_COLUMNS]
    scenarios = [_parse_json(text) for text in runs.get("scenario_json", pd.Series(dtype=str))]
    for parameter in parameters:
        runs[parameter] = _typed_parameter(runs[parameter], parameter, scenarios)
    if safe_names:
        renames = {p: safe_name(p) for p in parameters}
        clashes = sorted({new for new in renames.values()
                          if list(renames.values()).count(new) > 1
                          or (new in runs.columns and new not in renames)
                          or new in series.columns})
        if clashes:
            raise ValueError(f"{db_path}: identifier-safe names clash: {', '.join(clashes)}")
        runs = runs.rename(columns=renames)
        parameters = [renames[p] for p in parameters]
    kept = runs[runs["status"] == "ok"] if only_ok else runs
    merged = kept.drop(columns=["scenario_json"], errors="ignore").merge(
        series, on="run_id", how="inner"
    )
    merged = merged.sort_values(["run_id", "step"], kind="stable").reset_index(drop=True)
    merged.attrs["runs"] = runs
    merged.attrs["parameters"] = parameters
    merged.attrs["varied"] = [p for p in parameters if kept[p].nunique(dropna=False) > 1]
    merged.attrs["model"] = _sweep_model(metadata, scenarios, list(series.columns))
    merged.attrs["column_definitions"] = stored_definitions
    merged.attrs["timeseries_columns"] = [c for c in series.columns if c != "run_id"]
    merged.attrs["sweep"] = metadata
    merged.attrs["db_path"] = str(db_path)
    return merged


def load_snapshot(snapshot_dir: str | Path) -> tuple[pd.DataFrame, nx.Graph]:
    """A network snapshot: (citizens, friendship graph).

    The citizens frame has the columns of citizens.csv, sorted by id: ``enrolled`` as
    bool, ``ring`` as pandas' nullable integer (dtype ``"Int64"``: the ring id, ``<NA>``
    for a citizen outside every ring). The graph has one node per citizen, with the
    citizen's columns as node attributes, and one edge per row of edges.csv.
    ``citizens.attrs["manifest"]`` holds the optional manifest.json ({} when absent).
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
    if "ring" in citizens:
        try:
            citizens["ring"] = citizens["ring"].astype("Int64")
        except (TypeError, ValueError):
            raise ValueError(f"{snapshot_dir / CITIZENS_FILE}: ring must be an integer id "
                             "or empty") from None
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


def load_events(run_dir: str | Path, kinds: Sequence[str] | None = None,
                steps: tuple[int, int] | None = None,
                run_ids: Sequence[int] | None = None) -> pd.DataFrame:
    """A run's event log (``run.sqlite`` table ``events``), one row per event, in the order
    they happened.

    ``run_dir`` may also be a sweep database whose runs stored their logs (the sweep's
    ``set:`` has ``output.events``): the frame then starts with ``run_id`` (rows by run,
    then in order), and ``run_ids`` keeps only those runs.

    Columns (see the module docstring): ``step`` and ``citizen`` int64, ``other`` nullable
    Int64 (``<NA>`` where there is no other citizen), ``kind`` and ``reason`` categoricals
    (``kind``'s categories are every kind in the model's order, so frames of several runs
    concatenate), ``value`` float64 (NaN where it does not apply). ``kinds`` keeps only
    those kinds (e.g. ``["tie_removed"]``) and ``steps=(first, last)`` only those steps
    (inclusive); both are applied in SQL, so a large log is not read whole.

    ``attrs``: ``"manifest"``, ``"run_dir"`` and ``"logged"``, the event categories the
    run logged (``output.events``: ties, audits, strategies, enrolment, tiers, market, theft, sybils). Raises
    FileNotFoundError for a folder without run.sqlite and ValueError when the run logged
    no events (``output.events`` empty) or ``kinds`` names an unknown kind.
    """
    run_dir = Path(run_dir)
    sweep = _is_sweep_database(run_dir)
    manifest = {} if sweep else _run_database_manifest(run_dir)
    logged = _logged_categories(manifest)
    if manifest and not logged:
        raise ValueError(f"{run_dir} logged no events: run with --set output.events=all "
                         "(or a list of ties, audits, strategies, enrolment, tiers)")
    where, arguments = [], []
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else list(kinds)
        unknown = [k for k in kinds if k not in EVENT_KINDS]
        if unknown:
            raise ValueError(f"unknown event kind {', '.join(unknown)}; kinds are "
                             f"{', '.join(EVENT_KINDS)}")
        where.append(f"kind IN ({', '.join('?' * len(kinds))})")
        arguments += kinds
    _step_range(steps, where, arguments)
    if sweep:
        _run_range(run_ids, where, arguments)
        frame = _read_table(run_dir, "events", ("run_id", *EVENT_COLUMNS), where, arguments,
                            ("run_id", "rowid"), sweep=True)
        frame = typed_events(frame)
        frame["run_id"] = frame["run_id"].astype("int64")
        frame.attrs.update(db_path=str(run_dir))
        return frame
    if run_ids is not None:
        raise ValueError("run_ids applies to a sweep database, not a run folder")
    frame = _read_table(run_dir, "events", EVENT_COLUMNS, where, arguments, ("rowid",))
    frame = typed_events(frame)
    frame.attrs.update(manifest=manifest, run_dir=str(run_dir), logged=logged)
    return frame


def load_panel(run_dir: str | Path, citizens: Sequence[int] | None = None,
               steps: tuple[int, int] | None = None,
               run_ids: Sequence[int] | None = None) -> pd.DataFrame:
    """A run's citizen panel (``run.sqlite`` table ``panel``), one row per panel step and
    citizen, sorted by step then citizen.

    ``run_dir`` may also be a sweep database whose runs stored panels (the sweep's
    ``set:`` has ``output.panel.every``): the frame then starts with ``run_id`` (sorted by
    run, step, citizen), and ``run_ids`` keeps only those runs.

    Columns (see the module docstring): ``step``, ``citizen``, ``degree`` int64;
    ``score``, ``dissent``, ``payoff``, ``friends_mean_score`` float64 (NaN outside the
    system or with no enrolled friend); ``strategy`` and ``tier`` categoricals with every
    value in the model's order; ``enrolled`` bool; ``ring`` nullable Int64 (``<NA>``
    outside a ring). ``citizens`` keeps only those ids and ``steps=(first, last)`` only
    those steps (inclusive), applied in SQL.

    ``attrs``: ``"manifest"``, ``"run_dir"``, ``"every"`` (``output.panel.every``).
    Raises FileNotFoundError for a folder without run.sqlite and ValueError when the run
    kept no panel (``output.panel.every`` 0).
    """
    run_dir = Path(run_dir)
    sweep = _is_sweep_database(run_dir)
    manifest = {} if sweep else _run_database_manifest(run_dir)
    every = _panel_every(manifest)
    if manifest and not every:
        raise ValueError(f"{run_dir} kept no citizen panel: run with --set "
                         "output.panel.every=K (and optionally output.panel.sample=N)")
    where, arguments = [], []
    if citizens is not None:
        ids = [int(c) for c in citizens]
        where.append(f"citizen IN ({', '.join('?' * len(ids))})")
        arguments += ids
    _step_range(steps, where, arguments)
    if sweep:
        _run_range(run_ids, where, arguments)
        frame = _read_table(run_dir, "panel", ("run_id", *PANEL_COLUMNS), where, arguments,
                            ("run_id", "step", "citizen"), sweep=True)
        frame = typed_panel(frame)
        frame["run_id"] = frame["run_id"].astype("int64")
        frame.attrs.update(db_path=str(run_dir))
        return frame
    if run_ids is not None:
        raise ValueError("run_ids applies to a sweep database, not a run folder")
    frame = _read_table(run_dir, "panel", PANEL_COLUMNS, where, arguments, ("step", "citizen"))
    frame = typed_panel(frame)
    frame.attrs.update(manifest=manifest, run_dir=str(run_dir), every=every)
    return frame


def typed_events(frame: pd.DataFrame) -> pd.DataFrame:
    """The events table's columns as `load_events` gives them."""
    frame = frame.reset_index(drop=True)
    frame["step"] = frame["step"].astype("int64")
    frame["citizen"] = frame["citizen"].astype("int64")
    frame["other"] = frame["other"].astype("Int64")
    frame["kind"] = pd.Categorical(frame["kind"], categories=EVENT_KINDS)
    frame["reason"] = frame["reason"].astype("category")
    frame["value"] = frame["value"].astype("float64")
    return frame


def typed_panel(frame: pd.DataFrame) -> pd.DataFrame:
    """The panel table's columns as `load_panel` gives them."""
    frame = frame.reset_index(drop=True)
    for column in ("step", "citizen", "degree"):
        frame[column] = frame[column].astype("int64")
    for column in ("score", "dissent", "payoff", "friends_mean_score"):
        frame[column] = frame[column].astype("float64")
    frame["strategy"] = pd.Categorical(frame["strategy"], categories=STRATEGIES)
    frame["tier"] = pd.Categorical(frame["tier"], categories=TIERS)
    frame["enrolled"] = frame["enrolled"].astype(bool)
    frame["ring"] = frame["ring"].astype("Int64")
    return frame


def run_database(run_dir: str | Path) -> Path:
    """The path of a run folder's run.sqlite; FileNotFoundError with what to do when the
    folder has none."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise FileNotFoundError(f"{run_dir} is not a run folder")
    path = run_dir / RUN_DATABASE_FILE
    if not path.is_file():
        raise FileNotFoundError(
            f"{run_dir} has no {RUN_DATABASE_FILE}: it is written only when the run logs "
            "events or keeps a panel (--set output.events=all, --set output.panel.every=K)"
        )
    return path


def _is_sweep_database(path: Path) -> bool:
    """A file (not a run folder) is read as a sweep database."""
    return path.is_file()


def _run_range(run_ids: Sequence[int] | None, where: list[str], arguments: list[Any]) -> None:
    if run_ids is None:
        return
    ids = [int(r) for r in run_ids]
    where.append(f"run_id IN ({', '.join('?' * len(ids))})")
    arguments += ids


def _run_database_manifest(run_dir: Path) -> dict[str, Any]:
    run_database(run_dir)
    return load_manifest(run_dir) if (run_dir / MANIFEST_FILE).is_file() else {}


def _output_settings(manifest: dict[str, Any]) -> dict[str, Any]:
    return ((manifest.get("scenario") or {}).get("output")) or {}


def _logged_categories(manifest: dict[str, Any]) -> list[str]:
    events = _output_settings(manifest).get("events") or ""
    if isinstance(events, list):
        return [str(e) for e in events]
    return [part.strip() for part in str(events).split(",") if part.strip()]


def _panel_every(manifest: dict[str, Any]) -> int:
    return int((_output_settings(manifest).get("panel") or {}).get("every") or 0)


def _step_range(steps: tuple[int, int] | None, where: list[str], arguments: list[Any]) -> None:
    if steps is None:
        return
    first, last = steps
    where.append("step BETWEEN ? AND ?")
    arguments += [int(first), int(last)]


# How `_read_table` builds each column of the events and panel tables: straight into
# NumPy arrays of the final dtype, without pandas' inference over Python objects.
_INTEGER_COLUMNS = {"run_id", "step", "citizen", "degree", "enrolled"}
_NULLABLE_INTEGER_COLUMNS = {"other", "ring"}
_TEXT_COLUMNS = {"kind", "reason", "strategy", "tier"}


def _typed_column(name: str, values: tuple) -> Any:
    """One column of fetched values as an array: int64, nullable Int64, float64 (NULL as
    NaN) or a categorical (text). A value of another type than the schema's (a file not
    written by scsim) falls back to pandas' own inference."""
    try:
        if name in _TEXT_COLUMNS:
            return pd.Categorical(values)
        if name in _INTEGER_COLUMNS:
            return np.array(values, dtype=np.int64)
        if name in _NULLABLE_INTEGER_COLUMNS:
            as_float = np.array(values, dtype=np.float64)  # ids are far below 2**53
            missing = np.isnan(as_float)
            data = np.where(missing, 0, as_float).astype(np.int64)
            if not np.array_equal(data[~missing], as_float[~missing]):
                raise ValueError("not integers")
            return pd.arrays.IntegerArray(data, missing)
        return np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        return pd.array(list(values))


def _read_table(run_dir: Path, table: str, columns: Sequence[str], where: list[str],
                arguments: list[Any], order: Sequence[str], sweep: bool = False) -> pd.DataFrame:
    """Rows of ``table``, sorted by the ``order`` columns (``rowid``: as stored).

    Fast path: rows are read in stored order, turned into typed arrays column by column,
    and sorted in pandas only when the stored order is not already that order (scsim
    writes run.sqlite's panel by step and citizen, so the usual read sorts nothing).
    """
    path = run_dir if sweep else run_dir / RUN_DATABASE_FILE
    connection = sqlite3.connect(f"file:{path.resolve().as_posix()}?mode=ro", uri=True)
    # Millions of fetched tuples would set off the cyclic garbage collector again and
    # again (each pass walks every live object); none of them forms a cycle.
    collecting = gc.isenabled()
    gc.disable()
    try:
        found = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        if not found and sweep:
            key = "output.events" if table == "events" else "output.panel.every"
            raise ValueError(f"{path} has no table `{table}`: a sweep stores it only when its "
                             f"set: block (or a parameter) sets {key}")
        if not found:
            raise ValueError(f"{path} has no table `{table}` (not a run database)")
        missing = [c for c in columns if c not in found]
        if missing:
            raise ValueError(f"{path}: table `{table}` has no column {', '.join(missing)}")
        condition = f" WHERE {' AND '.join(where)}" if where else ""
        sql = f"SELECT {', '.join(columns)} FROM {table}{condition} ORDER BY rowid"
        rows = connection.execute(sql, arguments).fetchall()
        values = list(zip(*rows)) if rows else [()] * len(columns)
        del rows
        frame = pd.DataFrame({name: _typed_column(name, column) for name, column in zip(columns, values)})
        del values
    except sqlite3.DatabaseError as error:
        raise ValueError(f"{path}: {error}") from None
    finally:
        connection.close()
        if collecting:
            gc.enable()
    keys = [c for c in order if c != "rowid"]
    if keys and len(frame) > 1:
        key_arrays = [frame[k].to_numpy() for k in keys]
        ordered = np.lexsort(key_arrays[::-1])
        if not np.array_equal(ordered, np.arange(len(frame))):
            frame = frame.iloc[ordered].reset_index(drop=True)
    return frame


def _column_table(connection: sqlite3.Connection) -> Columns:
    """The sweep database's ``columns`` table, in position order."""
    table = pd.read_sql_query("SELECT * FROM columns", connection)
    if "name" not in table:
        return Columns()
    if "position" in table:
        table = table.sort_values("position", kind="stable")
    table = table.astype(object).where(table.notna(), "")
    return Columns(table.to_dict(orient="records"))


def _coerce_columns(frame: pd.DataFrame, definitions: Columns, source: str) -> pd.DataFrame:
    """Text columns as pandas strings, every other column as numbers.

    A column's type is its definition's; a column without one is numeric when all its
    values parse as numbers and text otherwise (an unknown column of a newer scsim).
    """
    for column in frame.columns:
        text = definitions.is_text(column)
        if text:
            frame[column] = frame[column].astype("string")
            continue
        if pd.api.types.is_numeric_dtype(frame[column]):
            continue
        try:
            frame[column] = pd.to_numeric(frame[column])
        except (ValueError, TypeError):
            if text is False:
                raise ValueError(f"{source}: column {column} is defined as a number but "
                                 "holds text") from None
            frame[column] = frame[column].astype("string")
    return frame


def _parse_json(text: Any) -> dict[str, Any]:
    if not isinstance(text, str):
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _lookup(scenario: dict[str, Any], path: str) -> Any:
    """The value at a dotted key path of a resolved scenario (KeyError when absent)."""
    if path in scenario:
        return scenario[path]
    node: Any = scenario
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(path)
        node = node[part]
    return node


def _typed_parameter(values: pd.Series, name: str, scenarios: list[dict[str, Any]]) -> pd.Series:
    """A parameter column as booleans when the resolved scenarios hold booleans there (the
    database stores them as 0/1); otherwise unchanged."""
    found = []
    for scenario in scenarios:
        try:
            found.append(_lookup(scenario, name))
        except KeyError:
            continue
    if not found or not all(isinstance(v, bool) for v in found):
        return values
    mapping = {1: True, 0: False, "1": True, "0": False, "true": True, "false": False,
               True: True, False: False}
    parsed = values.map(lambda v: mapping.get(v.lower() if isinstance(v, str) else v))
    if parsed[values.notna()].isna().any():
        return values
    return parsed.astype("boolean") if parsed.isna().any() else parsed.astype(bool)


def _sweep_model(metadata: dict[str, str], scenarios: list[dict[str, Any]], columns: list[str]) -> str:
    if metadata.get("model"):
        return str(metadata["model"])
    models = {s.get("model") for s in scenarios if s.get("model")}
    if len(models) == 1:
        return str(models.pop())
    return run_model({}, columns)


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
