"""`scsim-plot`: draw a run's dashboard, compare runs, or draw a sweep or a network snapshot.

The command reads what PATH is:
  a folder with timeseries.csv   -> the dashboard of that run (by its model)
  a .sqlite / .sqlite3 / .db file -> the sweep figure (replicate bands, phase diagram)
  a folder with edges.csv        -> the friendship-network drawing
with --inside, a run folder's event log and panel (run.sqlite) -> the looking-inside figure,
and with --compare, overlays several run folders. It only parses arguments and calls
the library. Exit codes: 0 success, 2 for any failure (a path or option it cannot use, an
unreadable file), reported as one line on stderr; warnings are lines on stderr too.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import Sequence

SWEEP_SUFFIXES = (".sqlite", ".sqlite3", ".db")

EPILOG = """examples:
  scsim-plot runs/baseline-42                       dashboard.png/.svg in the run folder
  scsim-plot runs/baseline-42 --out figs/baseline   figs/baseline.png and .svg
  scsim-plot --compare runs/baseline-42 runs/no-friend-weight-42 --out figs/eta
  scsim-plot --compare A B --metrics score_mean,giant_frac --smooth 5
  scsim-plot sweep.sqlite --metric score_assortativity
  scsim-plot sweep.sqlite --metric gamer_frac       derived metrics too (as scsim summarize)
  scsim-plot runs/baseline-42/snapshots/step-000519 network.png/.svg in the folder
  scsim-plot runs/mandatory --inside                inside.png/.svg from run.sqlite
  scsim-plot runs/mandatory --inside --group friendless --at 259

Snapshot folders are named by the step, zero-padded to six digits: step-000519.

--out FILE: a name ending in .png, .svg or .pdf writes that file only; any other name is
a stem and writes STEM.png and STEM.svg."""


class InputError(Exception):
    """A path or option the command cannot use (exit code 2)."""


def path_kind(path: Path) -> str | None:
    """"run", "sweep", "snapshot", or None for a path that is none of them."""
    if path.is_dir():
        if (path / "timeseries.csv").is_file():
            return "run"
        if (path / "edges.csv").is_file():
            return "snapshot"
        return None
    if path.is_file() and path.suffix.lower() in SWEEP_SUFFIXES:
        return "sweep"
    return None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scsim-plot",
        description="Plot scsim outputs: a run's dashboard, several runs compared, "
                    "a sweep database, or a network snapshot.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="run folder, sweep database (.sqlite/.db) or snapshot folder; "
                             "several run folders with --compare")
    parser.add_argument("--compare", action="store_true",
                        help="overlay the given run folders on a grid of key metrics")
    parser.add_argument("--metrics", metavar="M1,M2,...",
                        help="with --compare: the time-series columns to plot "
                             "(default, reference runs: score_mean, dissent_post_frac, "
                             "falsification_gap, giant_frac, score_assortativity, "
                             "ties_removed, colluder_frac, enrolled_frac; adaptive voter "
                             "runs: discordant_frac, communities, largest_community_frac, "
                             "tie_moves, adoptions, giant_frac)")
    parser.add_argument("--smooth", type=int, default=1, metavar="STEPS",
                        help="with --compare: rolling mean over this many steps (default 1: raw)")
    parser.add_argument("--metric", metavar="M",
                        help="for a sweep: the metric to plot (default score_mean, for an "
                             "adaptive voter sweep discordant_frac): any numeric "
                             "time-series column, or gamer_frac; an unknown one lists them")
    parser.add_argument("--max-nodes", type=int, default=2000, metavar="N",
                        help="for a snapshot: draw at most this many citizens (default 2000)")
    parser.add_argument("--inside", action="store_true",
                        help="for a run with run.sqlite (output.events=all and "
                             "output.panel.every=K): who is unfriended, degree by score "
                             "decile, payoff by strategy, audits, rings, a group's score fan")
    parser.add_argument("--group", default="bottom-decile",
                        help="with --inside: the fan's group, fixed at --at: bottom-decile "
                             "(default), friendless, honest, padder, evader, colluder")
    parser.add_argument("--at", type=int, metavar="STEP",
                        help="with --inside: the before/after split and the group's step "
                             "(default: the first timeline event, else mid-run)")
    parser.add_argument("--out", metavar="FILE",
                        help="output file or stem (see below; default beside the input, "
                             "./compare for --compare)")
    return parser


def run(args: argparse.Namespace) -> list[Path]:
    """Dispatch on the paths; raises InputError for anything the user must fix."""
    paths = [Path(p) for p in args.paths]
    kinds = [path_kind(p) for p in paths]
    for path, kind in zip(paths, kinds):
        if kind is None:
            raise InputError(
                f"{path} is not a run folder (with timeseries.csv), a sweep database "
                f"({'/'.join(SWEEP_SUFFIXES)}) or a snapshot folder (with edges.csv)"
            )
    if args.smooth < 1:
        raise InputError("--smooth must be at least 1")
    if args.max_nodes < 1:
        raise InputError("--max-nodes must be at least 1")

    if args.compare:
        if args.inside:
            raise InputError("--inside draws one run; it does not combine with --compare")
        not_runs = [str(p) for p, k in zip(paths, kinds) if k != "run"]
        if not_runs:
            raise InputError(f"--compare takes run folders only, not {', '.join(not_runs)}")
        from .compare import compare

        metrics = [m.strip() for m in args.metrics.split(",") if m.strip()] if args.metrics else None
        return compare(paths, args.out, metrics, args.smooth)

    if len(paths) != 1:
        raise InputError("give one PATH, or use --compare for several run folders")
    if args.inside:
        if kinds[0] != "run":
            raise InputError(f"--inside takes a run folder, not {paths[0]}")
        from .inside import GROUPS, inside

        if args.group not in GROUPS:
            raise InputError(f"unknown --group {args.group}; groups are {', '.join(GROUPS)}")
        return inside(paths[0], args.out, args.group, args.at)
    if args.group != "bottom-decile" or args.at is not None:
        raise InputError("--group and --at apply with --inside only")
    if args.metrics:
        raise InputError("--metrics is for --compare; a sweep takes --metric")
    path, kind = paths[0], kinds[0]
    if args.metric and kind != "sweep":
        raise InputError("--metric applies to a sweep database only")
    if kind == "run":
        from .dashboard import dashboard

        return dashboard(path, args.out)
    if kind == "sweep":
        from .sweep import sweep

        return sweep(path, args.out, args.metric)
    from .snapshot import snapshot

    return snapshot(path, args.out, args.max_nodes)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)
            written = run(args)
    except Exception as error:  # any failure: one line, exit 2, no traceback
        print(f"scsim-plot: error: {_one_line(error)}", file=sys.stderr)
        return 2
    shown: set[str] = set()
    for warning in caught:
        if not issubclass(warning.category, UserWarning):
            continue
        text = " ".join(str(warning.message).split())
        if text not in shown:
            shown.add(text)
            print(f"scsim-plot: warning: {text}", file=sys.stderr)
    for path in written:
        print(path)
    return 0


def _one_line(error: BaseException) -> str:
    """The error's message on one line; the exception's kind when it has no message or is
    not one of the expected ones."""
    text = " ".join(str(error).split())
    if isinstance(error, FileNotFoundError) and error.filename and error.strerror is not None:
        text = f"{error.filename}: {error.strerror}"
    expected = (InputError, FileNotFoundError, ValueError, OSError)
    if not text:
        return type(error).__name__
    if isinstance(error, expected) or type(error).__module__ == "sqlite3":
        return text
    return f"{type(error).__name__}: {text}"


if __name__ == "__main__":
    sys.exit(main())
