"""Run an scsim sweep beyond one machine: its shards as Dask tasks, then one merge.

scsim itself runs a sweep on one machine (``scsim sweep --jobs N``). For more, this
launcher hands the work to an existing distributed engine, ``dask.distributed``, instead of
one of our own: the sweep is cut into N shards (``scsim sweep SWEEP --shard K/N``), each
shard is one Dask task that runs the ``scsim`` binary on whichever worker takes it and
writes its own SQLite file, and once every shard is done ``scsim merge`` combines them
into one database (which refuses shards of a different sweep file).

The cluster is a ``LocalCluster`` by default (worker processes on this machine), or any
running scheduler given by address, for example one started on a Slurm allocation with
dask-jobqueue (analysis/README.md has the recipe). Workers need the ``scsim`` binary at
the same path and a file system shared with the launcher (the shard databases are written
where the launcher can read them); they do not need this package, since a task is a plain
``subprocess.run``.

A shard task that fails is retried once by Dask; because a sweep resumes, the retry only
runs what the first attempt left unfinished. Running the launcher again after an
interruption likewise resumes every shard.

Exit codes of ``scsim-dask``: 0 success, 2 bad input (the sweep file, an argument, or
dask missing), 1 a failure while running.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

__all__ = ["ShardResult", "SweepResult", "LauncherError", "run_sweep", "shard_command", "main"]


class LauncherError(Exception):
    """A failure with scsim's exit code: 2 for bad input, 1 for a failure while running."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


@dataclass
class ShardResult:
    """One shard as its task reported it."""

    index: int
    count: int
    database: Path
    seconds: float  # from the launcher's start to this shard's end
    summary: str  # scsim's one-line summary (stderr)


@dataclass
class SweepResult:
    """The merged database and what made it."""

    database: Path
    shards: list[ShardResult] = field(default_factory=list)
    seconds: float = 0.0
    merge_summary: str = ""


def find_scsim(explicit: str | os.PathLike[str] | None = None) -> str:
    """The scsim binary: `explicit`, else $SCSIM_BIN, else `scsim` on PATH."""
    candidate = explicit or os.environ.get("SCSIM_BIN") or shutil.which("scsim")
    if not candidate:
        raise LauncherError(
            "cannot find the scsim binary: pass --scsim PATH or set SCSIM_BIN "
            "(swift build -c release puts it in .build/release/scsim)",
            code=2,
        )
    path = Path(candidate).expanduser()
    if not path.is_file():
        raise LauncherError(f"no scsim binary at {path}", code=2)
    return str(path.resolve())


def shard_command(scsim: str, sweep: Path, index: int, count: int, database: Path,
                  jobs: int) -> list[str]:
    """The command one shard task runs."""
    return [scsim, "sweep", str(sweep), "--shard", f"{index}/{count}", "--db", str(database),
            "--jobs", str(jobs)]


def run_sweep(
    sweep: str | os.PathLike[str],
    *,
    shards: int,
    out: str | os.PathLike[str],
    client: Any = None,
    scheduler: str | None = None,
    workers: int = 2,
    jobs_per_shard: int = 1,
    scsim: str | os.PathLike[str] | None = None,
    shard_dir: str | os.PathLike[str] | None = None,
    progress: Any = None,
) -> SweepResult:
    """Runs `sweep` as `shards` Dask tasks and merges their databases into `out`.

    The cluster is `client` when given (any ``dask.distributed.Client``, for example on a
    dask-jobqueue ``SLURMCluster``), else a client of the scheduler at `scheduler`, else a
    ``LocalCluster`` of `workers` single-threaded worker processes, closed afterwards.
    Each task runs ``scsim sweep --shard K/N --jobs jobs_per_shard`` into
    ``shard_dir/shard-K-of-N.sqlite`` (default: a folder beside `out` named
    ``OUT.shards``). `progress`, if given, is called with each finished ShardResult.

    Raises LauncherError (code 2 for bad input, 1 for a failure) when a shard or the
    merge fails; the shards that finished keep their runs, so calling again resumes.
    """
    if shards < 1:
        raise LauncherError(f"shards must be at least 1, got {shards}", code=2)
    if jobs_per_shard < 1:
        raise LauncherError(f"jobs per shard must be at least 1, got {jobs_per_shard}", code=2)
    binary = find_scsim(scsim)
    sweep_path = Path(sweep).expanduser().resolve()
    out_path = Path(out).expanduser().resolve()
    shard_folder = (Path(shard_dir).expanduser().resolve() if shard_dir
                    else out_path.with_name(out_path.name + ".shards"))

    # Check the sweep file here, once, before any worker starts: bad input is exit 2.
    check = subprocess.run([binary, "sweep", str(sweep_path), "--dry-run"],
                           capture_output=True, text=True)
    if check.returncode != 0:
        raise LauncherError(check.stderr.strip() or f"scsim sweep --dry-run failed ({check.returncode})",
                            code=2 if check.returncode == 2 else 1)
    shard_folder.mkdir(parents=True, exist_ok=True)

    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise LauncherError(
            f"dask.distributed is not installed ({error}); pip install 'scsim-analysis[dask]'",
            code=2,
        ) from error

    start = time.perf_counter()
    owned: list[Any] = []
    if client is None:
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            owned.append(cluster)
            client = Client(cluster)
        owned.insert(0, client)
    try:
        futures = {}
        for index in range(1, shards + 1):
            database = shard_folder / f"shard-{index}-of-{shards}.sqlite"
            command = shard_command(binary, sweep_path, index, shards, database, jobs_per_shard)
            # A plain subprocess.run: workers need the binary, not this package.
            future = client.submit(subprocess.run, command, capture_output=True, text=True,
                                   check=True, pure=False, retries=1,
                                   key=f"scsim-shard-{index}-of-{shards}-{time.time_ns()}")
            futures[future] = (index, database)
        results: list[ShardResult] = []
        failures: list[tuple[int, BaseException]] = []
        for future in as_completed(list(futures)):
            index, database = futures[future]
            try:
                completed = future.result()
            except BaseException as error:  # noqa: BLE001 - reported together below
                failures.append((index, error))
                continue
            result = ShardResult(index, shards, database, time.perf_counter() - start,
                                 completed.stderr.strip())
            results.append(result)
            if progress:
                progress(result)
        if failures:
            lines = [f"shard {index}/{shards}: {_describe(error)}" for index, error in sorted(failures)]
            bad_input = all(_exit_code(error) == 2 for _, error in failures)
            raise LauncherError("\n".join(lines), code=2 if bad_input else 1)
    finally:
        for resource in owned:
            resource.close()

    databases = [str(r.database) for r in sorted(results, key=lambda r: r.index)]
    merge = subprocess.run([binary, "merge", *databases, "--into", str(out_path)],
                           capture_output=True, text=True)
    if merge.returncode != 0:
        raise LauncherError(merge.stderr.strip() or "scsim merge failed", code=merge.returncode)
    return SweepResult(database=out_path, shards=sorted(results, key=lambda r: r.index),
                       seconds=time.perf_counter() - start, merge_summary=merge.stderr.strip())


def _exit_code(error: BaseException) -> int:
    return error.returncode if isinstance(error, subprocess.CalledProcessError) else 1


def _describe(error: BaseException) -> str:
    if isinstance(error, subprocess.CalledProcessError):
        detail = (error.stderr or "").strip() or f"exit code {error.returncode}"
        return f"scsim exited with {error.returncode}: {detail}"
    return f"{type(error).__name__}: {error}"


def main(argv: Sequence[str] | None = None) -> int:
    """The ``scsim-dask`` command."""
    parser = argparse.ArgumentParser(
        prog="scsim-dask",
        description="Run an scsim sweep's shards on a Dask cluster (a LocalCluster unless "
                    "--scheduler is given), then merge them into one database.",
    )
    parser.add_argument("sweep", help="sweep file (YAML)")
    parser.add_argument("--out", required=True, help="merged database to write (SQLite)")
    parser.add_argument("--shards", type=int, default=None,
                        help="number of shards, one Dask task each (default: --workers)")
    parser.add_argument("--scheduler", default=None,
                        help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 "
                             "(default: start a LocalCluster)")
    parser.add_argument("--workers", type=int, default=2,
                        help="LocalCluster worker processes (default 2)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="runs at the same time within one shard (scsim sweep --jobs)")
    parser.add_argument("--scsim", default=None,
                        help="the scsim binary (default: $SCSIM_BIN, else scsim on PATH)")
    parser.add_argument("--shard-dir", default=None,
                        help="folder for the shard databases (default: OUT.shards beside OUT)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error(f"--workers must be at least 1, got {args.workers}")
    shards = args.shards if args.shards is not None else args.workers

    def report(result: ShardResult) -> None:
        if not args.quiet:
            print(f"[{result.seconds:.1f} s] {result.summary or result.database}", file=sys.stderr)

    try:
        result = run_sweep(args.sweep, shards=shards, out=args.out, scheduler=args.scheduler,
                           workers=args.workers, jobs_per_shard=args.jobs, scsim=args.scsim,
                           shard_dir=args.shard_dir, progress=report)
    except LauncherError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.code
    if not args.quiet:
        print(f"{result.merge_summary}\nswept in {result.seconds:.1f} s -> {result.database}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
