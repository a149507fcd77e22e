#!/usr/bin/env python3
"""The looking-inside study (issue 14): the three research questions answered from the
event log and the citizen panel, and the size and time overhead of each output.

    scripts/looking-inside.py run      [--seeds 42,43,44] [--jobs 2] [--out runs/looking-inside]
    scripts/looking-inside.py report   [--seeds 42,43,44] [--out runs/looking-inside] [--figures docs/figures]
    scripts/looking-inside.py overhead [--rounds 3] [--out runs/looking-inside/overhead]

`run` makes, for each seed, 10,000 citizens x 520 steps at one thread each, with
`--set output.events=all --set output.panel.every=13 --metrics all`:
mandatory.yaml (Q1), crackdown.yaml (Q2), baseline.yaml (eta 0.3: the control for both and
the middle of Q3), no-friend-weight.yaml (eta 0) and baseline.yaml --set score.eta=0.6.
`report` prints docs/LOOKING_INSIDE.md's tables (mean and the range over seeds) and
draws its figures from the first seed (scsim-plot --inside, and a --compare of the eta
runs). `overhead` runs baseline.yaml with each output on alone and all together,
alternating the configurations in every round, and prints the medians of wall time and
run.sqlite size. The scsim binary is $SCSIM_BIN, else .build/release/scsim; the analysis
package is imported from analysis/src.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "analysis" / "src"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from scsim_analysis import load_events, load_panel, load_run  # noqa: E402
from scsim_analysis.compare import compare  # noqa: E402
from scsim_analysis.inside import inside, strategy_outcomes, unfriending_by_decile  # noqa: E402

OUTPUTS = ["--set", "output.events=all", "--set", "output.panel.every=13", "--metrics", "all"]
ARMS = {  # name: (scenario, extra arguments)
    "mandatory": ("mandatory.yaml", []),
    "crackdown": ("crackdown.yaml", []),
    "baseline": ("baseline.yaml", []),
    "eta-0": ("no-friend-weight.yaml", []),
    "eta-0.6": ("baseline.yaml", ["--set", "score.eta=0.6"]),
}
OVERHEAD = {  # configuration: arguments on top of baseline.yaml
    "none": [],
    "metrics all": ["--metrics", "all"],
    "events all": ["--set", "output.events=all"],
    "panel every 13": ["--set", "output.panel.every=13"],
    "panel every step": ["--set", "output.panel.every=1"],
    "all on, panel every 13": ["--metrics", "all", "--set", "output.events=all",
                               "--set", "output.panel.every=13"],
    "all on, panel every step": ["--metrics", "all", "--set", "output.events=all",
                                 "--set", "output.panel.every=1"],
}


def binary() -> str:
    path = Path(os.environ.get("SCSIM_BIN") or REPO / ".build" / "release" / "scsim")
    if not path.is_file():
        sys.exit(f"looking-inside: no scsim binary at {path}")
    return str(path)


def scsim_run(scenario: str, out: Path, arguments: list[str]) -> dict:
    """Runs scsim; the manifest, plus ``cpu_seconds`` (the child's user + system time,
    which other tenants of a shared machine disturb less than wall time)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([binary(), "run", str(REPO / "scenarios" / scenario), "--out", str(out),
                    "--threads", "1", "--quiet", "--force", *arguments], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["cpu_seconds"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return manifest


def run(args) -> None:
    jobs = [(name, seed) for seed in args.seeds for name in ARMS]

    def one(job):
        name, seed = job
        scenario, extra = ARMS[name]
        out = args.out / f"{name}-{seed}"
        manifest = scsim_run(scenario, out, [*OUTPUTS, "--seed", str(seed), *extra])
        print(f"{out}: {manifest['wall_seconds']:.1f} s", flush=True)

    with ThreadPoolExecutor(args.jobs) as pool:
        list(pool.map(one, jobs))


def spread(values: list[float], digits: int = 3) -> str:
    """mean (min to max) over the seeds."""
    values = [v for v in values if v == v]
    if not values:
        return "-"
    mean = sum(values) / len(values)
    if len(values) == 1:
        return f"{mean:.{digits}f}"
    return f"{mean:.{digits}f} ({min(values):.{digits}f} to {max(values):.{digits}f})"


def table(rows: dict[str, dict[str, str]], first: str) -> str:
    columns = list(next(iter(rows.values())))
    lines = [f"| {first} | " + " | ".join(columns) + " |",
             "|---|" + "---|" * len(columns)]
    lines += [f"| {name} | " + " | ".join(row[c] for c in columns) + " |" for name, row in rows.items()]
    return "\n".join(lines)


def question_one(args) -> str:
    """Unfriendings received by decile, decile-1 degree and isolation, the friendless'
    penalty share: mandatory against the baseline (no timeline), split at 260."""
    measures: dict[str, dict[str, list[float]]] = {}
    for arm in ("mandatory", "baseline"):
        found = measures.setdefault(arm, {})
        for seed in args.seeds:
            folder = args.out / f"{arm}-{seed}"
            events = load_events(folder, kinds=["tie_removed"])
            panel = load_panel(folder)
            rates = unfriending_by_decile(events, panel, 260) * 1000
            series = load_run(folder).set_index("step")
            last = series.loc[468:519]
            values = {
                "d1 cut /1000 cw, 0-259": rates.at[1, "before"],
                "d1 cut /1000 cw, 260-519": rates.at[1, "after"],
                "d10 cut /1000 cw, 260-519": rates.at[10, "after"],
                "d1 degree at 259": series.at[259, "decile1_degree_mean"],
                "d1 degree, last year": last["decile1_degree_mean"].mean(),
                "d10 degree, last year": last["decile10_degree_mean"].mean(),
                "d1 / all enrolled degree (low_degree_ratio), last year": last["low_degree_ratio"].mean(),
                "d1 friendless share, last year": last["decile1_isolated_frac"].mean(),
                "friendless enrolled, last year": last["friendless_enrolled"].mean(),
                "friendless share of the enrolled, last year":
                    (last["friendless_enrolled"] / (last["enrolled_frac"] * panel["citizen"].nunique())).mean(),
                "their penalty share, last year": last["friendless_penalty_frac"].mean(),
                "all enrolled penalty share, last year": last["penalty_frac"].mean(),
            }
            for key, value in values.items():
                found.setdefault(key, []).append(float(value))
    keys = list(measures["mandatory"])
    rows = {key: {arm: spread(measures[arm][key], 3 if "share" in key else 0 if "enrolled," in key else 2)
                  for arm in ("mandatory", "baseline")} for key in keys}
    return table(rows, "measure")


def question_two(args) -> str:
    """Payoff premium of each gaming strategy over honest, audit outcomes, gamer share:
    crackdown (audits x5 at 260) against the baseline."""
    measures: dict[str, dict[str, list[float]]] = {}
    for arm in ("crackdown", "baseline"):
        found = measures.setdefault(arm, {})
        for seed in args.seeds:
            folder = args.out / f"{arm}-{seed}"
            panel = load_panel(folder)
            payoff = strategy_outcomes(panel)["payoff_mean"].unstack()
            events = load_events(folder, kinds=["audit", "strategy"])
            series = load_run(folder).set_index("step")
            gamers = series[["padder_frac", "evader_frac", "colluder_frac"]].sum(axis=1)
            values = {}
            for lo, hi in ((104, 259), (416, 519)):
                window = payoff.loc[lo:hi].mean()
                for strategy in ("padder", "evader", "colluder"):
                    values[f"{strategy} payoff - honest, {lo}-{hi}"] = window[strategy] - window["honest"]
            for lo, hi in ((0, 259), (260, 519)):
                audits = events[(events["kind"] == "audit") & events["step"].between(lo, hi)]
                reasons = audits["reason"].astype(str).value_counts()
                gamed = sum(reasons.get(r, 0) for r in ("missed", "caught", "reformed"))
                values[f"audits, {lo}-{hi}"] = len(audits)
                values[f"caught share of audited who gamed, {lo}-{hi}"] = \
                    (reasons.get("caught", 0) + reasons.get("reformed", 0)) / max(gamed, 1)
                changes = events[(events["kind"] == "strategy") & events["step"].between(lo, hi)]
                text = changes["reason"].astype(str)
                values[f"gamers turned honest, {lo}-{hi}"] = int(text.str.endswith("->honest").sum())
                values[f"honest turned gamer, {lo}-{hi}"] = int(text.str.startswith("honest->").sum())
            # Audits after the split by the audited citizen's strategy at the last panel
            # step before (the log's audit rows carry no strategy).
            audits = events[(events["kind"] == "audit") & (events["step"] >= 260)].sort_values("step", kind="stable")
            state = panel[["step", "citizen", "strategy"]].rename(columns={"step": "panel_step"})
            joined = pd.merge_asof(audits, state.sort_values("panel_step", kind="stable"), left_on="step",
                                   right_on="panel_step", by="citizen", allow_exact_matches=False)
            for strategy in ("padder", "evader", "colluder"):
                mine = joined[joined["strategy"] == strategy]["reason"].astype(str)
                values[f"caught share of all audits of {strategy}s, 260-519"] = \
                    mine.isin(["caught", "reformed"]).mean() if len(mine) else float("nan")
                values[f"clean share of all audits of {strategy}s, 260-519"] = \
                    (mine == "clean").mean() if len(mine) else float("nan")
            values["gamer share at 259"] = gamers[259]
            values["gamer share at 519"] = gamers[519]
            for key, value in values.items():
                found.setdefault(key, []).append(float(value))
    keys = list(measures["crackdown"])
    rows = {key: {arm: spread(measures[arm][key], 3 if "share" in key else 1 if "payoff" in key else 0)
                  for arm in ("crackdown", "baseline")} for key in keys}
    return table(rows, "measure")


def question_three(args) -> str:
    """Clustering and fragmentation over the last year, and the tie events behind them,
    for eta 0, 0.3 (baseline) and 0.6."""
    arms = {"eta 0": "eta-0", "eta 0.3": "baseline", "eta 0.6": "eta-0.6"}
    columns = ["clustering_avg", "clustering_avg_noring", "transitivity", "transitivity_noring",
               "mean_degree", "giant_frac", "components", "component_second",
               "component_singletons", "score_assortativity"]
    measures: dict[str, dict[str, list[float]]] = {}
    for label, arm in arms.items():
        found = measures.setdefault(label, {})
        for seed in args.seeds:
            folder = args.out / f"{arm}-{seed}"
            last = load_run(folder).set_index("step").loc[468:519, columns].mean()
            events = load_events(folder, kinds=["tie_removed", "tie_added"])
            cuts = events[events["reason"] == "unfriend"]
            values = {f"{c} (last year)": last[c] for c in columns}
            values["ties removed by unfriending (520 steps)"] = len(cuts)
            values["ties removed by drift"] = int((events["reason"] == "drift").sum())
            values["ties added"] = int((events["kind"] == "tie_added").sum())
            values["mean score gap of an unfriending (points)"] = cuts["value"].mean() if len(cuts) else float("nan")
            for key, value in values.items():
                found.setdefault(key, []).append(float(value))
    keys = list(measures["eta 0"])
    rows = {key: {label: spread(measures[label][key], 0 if "ties" in key else 3)
                  for label in arms} for key in keys}
    return table(rows, "measure")


def report(args) -> None:
    first = args.seeds[0]
    args.figures.mkdir(parents=True, exist_ok=True)
    for arm in ("mandatory", "crackdown"):
        for path in inside(args.out / f"{arm}-{first}", args.figures / f"inside-{arm}.png"):
            print(f"wrote {path}", file=sys.stderr)
    for path in compare([args.out / f"{arm}-{first}" for arm in ("eta-0", "baseline", "eta-0.6")],
                        args.figures / "eta-structure.png",
                        ["clustering_avg_noring", "transitivity_noring", "giant_frac",
                         "component_singletons", "ties_removed", "score_assortativity"], 5):
        print(f"wrote {path}", file=sys.stderr)
    print(f"Seeds {', '.join(map(str, args.seeds))}; mean (min to max) over the seeds.\n")
    print("### Q1: mandatory against baseline (cw: citizen-weeks)\n")
    print(question_one(args))
    print("\n### Q2: crackdown against baseline\n")
    print(question_two(args))
    print("\n### Q3: eta\n")
    print(question_three(args))


def overhead(args) -> None:
    results: dict[str, list[tuple[float, int, int, int, float]]] = {name: [] for name in OVERHEAD}
    for round_number in range(args.rounds):
        names = list(OVERHEAD)
        # Alternate: each round starts one configuration later.
        names = names[round_number % len(names):] + names[:round_number % len(names)]
        for name in names:
            out = args.out / name.replace(" ", "-").replace(",", "")
            manifest = scsim_run("baseline.yaml", out, OVERHEAD[name])
            database = out / "run.sqlite"
            size = database.stat().st_size if database.is_file() else 0
            events = panel = 0
            if database.is_file():
                import sqlite3
                with sqlite3.connect(database) as db:
                    events = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
                    panel = db.execute("SELECT COUNT(*) FROM panel").fetchone()[0]
            results[name].append((manifest["wall_seconds"], size, events, panel, manifest["cpu_seconds"]))
            print(f"round {round_number + 1} {name}: {manifest['wall_seconds']:.2f} s wall, "
                  f"{manifest['cpu_seconds']:.2f} s CPU, {size / 1e6:.1f} MB", file=sys.stderr, flush=True)
    base_wall = statistics.median(r[0] for r in results["none"])
    base_cpu = statistics.median(r[4] for r in results["none"])
    print(f"baseline.yaml, 10,000 citizens x 520 steps, 1 thread, {args.rounds} rounds "
          "(configurations alternated); medians.\n")
    print("| outputs | CPU s (median) | x none | wall s (median) | x none | wall s each round | "
          "run.sqlite MB | event rows | panel rows | bytes/row |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, rows in results.items():
        wall = statistics.median(r[0] for r in rows)
        cpu = statistics.median(r[4] for r in rows)
        size, events, panel = rows[-1][1:4]
        per_row = f"{size / (events + panel):.0f}" if events + panel else "-"
        each = ", ".join(f"{r[0]:.1f}" for r in rows)
        print(f"| {name} | {cpu:.2f} | {cpu / base_cpu:.2f} | {wall:.2f} | {wall / base_wall:.2f} | "
              f"{each} | {size / 1e6:.1f} | {events:,} | {panel:,} | {per_row} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("run", "report", "overhead"))
    parser.add_argument("--seeds", default="42,43,44",
                        type=lambda text: [int(s) for s in text.split(",")])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--figures", type=Path, default=REPO / "docs" / "figures")
    args = parser.parse_args()
    if args.out is None:
        args.out = REPO / "runs" / ("looking-inside/overhead" if args.command == "overhead"
                                    else "looking-inside")
    started = time.time()
    {"run": run, "report": report, "overhead": overhead}[args.command](args)
    print(f"looking-inside {args.command}: {time.time() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
