"""`scsim-export`: a run's time series, event log and citizen panel as Parquet files.

    scsim-export runs/mandatory --parquet out/mandatory

writes ``timeseries.parquet`` (always), ``events.parquet`` (when the run logged events)
and ``panel.parquet`` (when it kept a panel) into the ``--parquet`` folder, typed as the
loaders type them (categoricals as Parquet dictionaries, nullable integers as nullable
int64). Each column's Parquet field metadata carries its ``label``, ``unit`` and
``definition`` (the time series' from the manifest's ``column_definitions``, the run
database's from `EVENT_FIELDS` and `PANEL_FIELDS`); each file's schema metadata carries
``scsim.manifest`` (the run's manifest.json) and ``scsim.table``. pandas
(``pd.read_parquet``), polars, R's arrow and DuckDB read them as they are.

The event log and the panel are read from run.sqlite and written a row group at a time
(``chunk_rows`` rows), so a panel of millions of rows never sits whole in memory. Each
file is written under a temporary name and renamed into place when complete. Exit codes:
0, and 2 for any failure, reported on one line.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any, Iterator, Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .loaders import (
    EVENT_COLUMNS,
    PANEL_COLUMNS,
    RUN_DATABASE_FILE,
    _logged_categories,
    _panel_every,
    load_manifest,
    load_run,
    run_database,
    typed_events,
    typed_panel,
)

__all__ = ["export_parquet", "EVENT_FIELDS", "PANEL_FIELDS", "TABLES", "main"]

TABLES = ("timeseries", "events", "panel")

# (label, unit, definition) of each run-database column; the loaders' docstring has the
# same contract.
EVENT_FIELDS: dict[str, tuple[str, str, str]] = {
    "step": ("step", "weeks", "The step (from 0) in which the event happened."),
    "kind": ("kind", "", "enrolment, tier, tie_removed, tie_added, audit, strategy or ring."),
    "citizen": ("citizen", "id", "Who: the citizen who cut or proposed the tie, was audited, "
                "changed strategy or tier, enrolled, joined or left a ring."),
    "other": ("other citizen", "id", "The other end of a tie, or whom a strategy change "
              "imitated; null where there is none."),
    "reason": ("reason", "", "tie_removed: drift, unfriend; tie_added: proposal, triadic, "
               "ring_join; audit: clean, missed, caught, reformed; enrolment: voluntary, "
               "mandatory, withdrawn; ring: join, leave; strategy and tier: FROM->TO."),
    "value": ("value", "points or ring id", "unfriend: citizen's score minus the score it "
              "saw of other; audit: the penalty; ring events and ring_join ties: the ring "
              "id; null otherwise."),
}
PANEL_FIELDS: dict[str, tuple[str, str, str]] = {
    "step": ("step", "weeks", "The step (from 0) after which the row was taken."),
    "citizen": ("citizen", "id", "The citizen."),
    "score": ("score", "points", "Social credit score S_i; null outside the system."),
    "dissent": ("private opinion", "[0, 1]", "Private opinion o_i."),
    "strategy": ("strategy", "", "honest, padder, evader, colluder or resister."),
    "enrolled": ("enrolled", "bool", "In the score system."),
    "tier": ("tier", "", "none, benefit or penalty."),
    "degree": ("degree", "friends", "Number of friendship ties."),
    "ring": ("ring", "id", "Collusion ring id; null outside a ring."),
    "payoff": ("payoff", "points", "Score minus gaming costs this step (MODEL.md 7.10); "
               "null outside the system."),
    "friends_mean_score": ("friends' mean score", "points", "Mean score of enrolled "
                           "friends; null with none."),
}


def export_parquet(run_dir: str | Path, out_dir: str | Path,
                   tables: Sequence[str] | None = None,
                   chunk_rows: int = 1_000_000) -> list[Path]:
    """Write the run's tables as ``OUT/TABLE.parquet``; returns the files written.

    ``tables`` (default: every table the run has) chooses among ``timeseries``,
    ``events``, ``panel``; asking for one the run did not record is a ValueError.
    """
    run_dir, out_dir = Path(run_dir), Path(out_dir)
    if not (run_dir / "timeseries.csv").is_file():
        raise FileNotFoundError(f"{run_dir} is not a run folder (no timeseries.csv)")
    if chunk_rows < 1:
        raise ValueError("chunk_rows must be at least 1")
    manifest = load_manifest(run_dir) if (run_dir / "manifest.json").is_file() else {}
    has_database = (run_dir / RUN_DATABASE_FILE).is_file()
    recorded = {
        "timeseries": True,
        "events": has_database and bool(_logged_categories(manifest)),
        "panel": has_database and bool(_panel_every(manifest)),
    }
    if tables is None:
        chosen = [t for t in TABLES if recorded[t]]
    else:
        chosen = list(tables)
        unknown = [t for t in chosen if t not in TABLES]
        if unknown:
            raise ValueError(f"unknown table {', '.join(unknown)}; tables are {', '.join(TABLES)}")
        for table in chosen:
            if not recorded[table]:
                if not has_database:
                    run_database(run_dir)  # raises with what to do
                raise ValueError(f"{run_dir} did not record {table} "
                                 f"({'output.events' if table == 'events' else 'output.panel.every'} was off)")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for table in chosen:
        path = out_dir / f"{table}.parquet"
        if table == "timeseries":
            frame = load_run(run_dir)
            fields = {d["name"]: (d.get("label", ""), d.get("unit", ""), d.get("definition", ""))
                      for d in frame.attrs["column_definitions"]}
            _write(path, iter([frame]), fields, manifest, table)
        elif table == "events":
            _write(path, _chunks(run_dir, "events", EVENT_COLUMNS, "rowid", chunk_rows,
                                 typed_events), EVENT_FIELDS, manifest, table)
        else:
            _write(path, _chunks(run_dir, "panel", PANEL_COLUMNS, "step, citizen", chunk_rows,
                                 typed_panel), PANEL_FIELDS, manifest, table)
        written.append(path)
    return written


def _chunks(run_dir: Path, table: str, columns: Sequence[str], order: str, chunk_rows: int,
            typed) -> Iterator[pd.DataFrame]:
    """The table's rows, typed, ``chunk_rows`` at a time; the ``reason`` categories are
    the table's whole set, so every chunk has the same Parquet dictionary type."""
    path = run_dir / RUN_DATABASE_FILE
    connection = sqlite3.connect(f"file:{path.resolve().as_posix()}?mode=ro", uri=True)
    try:
        reasons = None
        if table == "events":
            reasons = sorted(r for (r,) in connection.execute(
                "SELECT DISTINCT reason FROM events WHERE reason IS NOT NULL"))
        sql = f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}"
        empty = True
        for chunk in pd.read_sql_query(sql, connection, chunksize=chunk_rows):
            empty = False
            chunk = typed(chunk)
            if reasons is not None:
                chunk["reason"] = pd.Categorical(chunk["reason"].astype(object), categories=reasons)
            yield chunk
        if empty:
            chunk = typed(pd.DataFrame({c: [] for c in columns}))
            if reasons is not None:
                chunk["reason"] = pd.Categorical([], categories=reasons)
            yield chunk
    except sqlite3.DatabaseError as error:
        raise ValueError(f"{path}: {error}") from None
    finally:
        connection.close()


def _write(path: Path, chunks: Iterator[pd.DataFrame], fields: dict[str, tuple[str, str, str]],
           manifest: dict[str, Any], table: str) -> None:
    temporary = path.with_name(f".{path.name}.partial")
    writer = None
    try:
        for chunk in chunks:
            batch = pa.Table.from_pandas(chunk, preserve_index=False)
            if writer is None:
                schema = _with_metadata(batch.schema, fields, manifest, table)
                writer = pq.ParquetWriter(temporary, schema)
            writer.write_table(batch.cast(schema))
        writer.close()
        writer = None
        os.replace(temporary, path)
    finally:
        if writer is not None:
            writer.close()
        if temporary.exists():
            temporary.unlink()


def _with_metadata(schema: pa.Schema, fields: dict[str, tuple[str, str, str]],
                   manifest: dict[str, Any], table: str) -> pa.Schema:
    annotated = []
    for field in schema:
        label, unit, definition = fields.get(field.name, ("", "", ""))
        annotated.append(field.with_metadata(
            {"label": label or field.name, "unit": unit, "definition": definition}))
    metadata = dict(schema.metadata or {})
    metadata[b"scsim.table"] = table.encode()
    metadata[b"scsim.manifest"] = json.dumps(manifest).encode()
    return pa.schema(annotated, metadata=metadata)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scsim-export",
        description="Write a run's time series, event log and citizen panel as Parquet "
                    "files (TABLE.parquet in the --parquet folder).",
    )
    parser.add_argument("run_dir", metavar="RUN_DIR", help="a run folder (scsim run --out)")
    parser.add_argument("--parquet", metavar="OUT_DIR", required=True,
                        help="folder for timeseries.parquet, events.parquet, panel.parquet")
    parser.add_argument("--tables", metavar="T1,T2",
                        help="only these of timeseries, events, panel (default: every "
                             "table the run recorded)")
    parser.add_argument("--chunk-rows", type=int, default=1_000_000, metavar="N",
                        help="rows per Parquet row group (default 1000000)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    tables = [t.strip() for t in args.tables.split(",") if t.strip()] if args.tables else None
    try:
        written = export_parquet(args.run_dir, args.parquet, tables, args.chunk_rows)
    except Exception as error:  # any failure: one line, exit 2
        text = " ".join(str(error).split()) or type(error).__name__
        print(f"scsim-export: error: {text}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
