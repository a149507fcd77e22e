#!/usr/bin/env python3
"""The policing-and-resisting study (issue 16): replicate runs of the shipped scenarios and
the tables and figure of docs/POLICING.md.

    scripts/policing-study.py [--replicates 10] [--jobs 2] [--out runs/policing-study]

Runs, each with seeds 1..R (the scenario's other settings as shipped):
- detection.yaml, peeling (as shipped) and --set detection.method=sybilrank: precision,
  recall, F1, AUC and innocents per round, averaged over the 20 rounds and the replicates;
- informants.yaml cut to its first 260 steps (the timeline's event at 260 dropped) in four
  arms: no penalty tier and no informants, the penalty tier, informants from step 0, both;
  dissent share, falsification gap and dissent posts per citizen over the last 52 steps;
- refusal.yaml: resister share at the end, the step the share first passed one half, and
  the score-reliability correlation before the seeds and at the end;
- private-scores.yaml against ostracism.yaml (public scores) and score.visibility=friends.
Then `scsim validate --only refusal.watts` for the cascade window, drawn as
docs/figures/cascade-window.png (matplotlib). Prints Markdown; the scsim binary is
$SCSIM_BIN, else .build/release/scsim.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def binary() -> str:
    path = Path(os.environ.get("SCSIM_BIN") or REPO / ".build" / "release" / "scsim")
    if not path.is_file():
        sys.exit(f"policing-study: no scsim binary at {path}")
    return str(path)


def run(scenario: str, seed: int, out: Path, extra: list[str]) -> list[dict]:
    folder = out / f"{Path(scenario).stem}-{'-'.join(a.replace('=', '_').replace('.', '_') for a in extra if not a.startswith('--')) or 'as-shipped'}-{seed}"
    csv_path = folder / "timeseries.csv"
    if not csv_path.exists():
        subprocess.run([binary(), "run", scenario, "--seed", str(seed), "--out", str(folder), "--quiet", "--force",
                        "--threads", "1", *extra], check=True, cwd=REPO, stderr=subprocess.DEVNULL)
    with open(csv_path) as f:
        return list(csv.DictReader(f))


def mean(xs):
    xs = [x for x in xs if x is not None and not math.isnan(x)]
    return sum(xs) / len(xs) if xs else float("nan")


def sd(xs):
    xs = [x for x in xs if x is not None and not math.isnan(x)]
    if len(xs) < 2:
        return float("nan")
    m = mean(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def num(row, key):
    v = row.get(key, "")
    return float(v) if v not in ("", None) else None


def fmt(xs, digits=3):
    return f"{mean(xs):.{digits}f} ± {sd(xs) / math.sqrt(len(xs)):.{digits}f}"


def replicate(pool, scenario, seeds, out, extra):
    return list(pool.map(lambda s: run(scenario, s, out, extra), seeds))


def detection(pool, seeds, out):
    lines = ["| detector | precision | recall | F1 | AUC | flagged per round | innocents per round | innocents in score deciles 1-3 | innocents with 0-4 friends |",
             "|---|---|---|---|---|---|---|---|---|"]
    for label, extra in [("peeling, FRAUDAR weights (as shipped)", []), ("SybilRank, 4% flagged", ["--set", "detection.method=sybilrank"])]:
        runs = replicate(pool, "scenarios/detection.yaml", seeds, out, extra)
        per_run = {k: [] for k in ["p", "r", "f1", "auc", "flagged", "innocents", "low", "few"]}
        for rows in runs:
            rounds = [row for row in rows if row.get("detection_flagged")]
            per_run["p"].append(mean([num(r, "detection_precision") for r in rounds]))
            per_run["r"].append(mean([num(r, "detection_recall") for r in rounds]))
            per_run["f1"].append(mean([num(r, "detection_f1") for r in rounds]))
            per_run["auc"].append(mean([num(r, "detection_auc") for r in rounds]))
            per_run["flagged"].append(mean([num(r, "detection_flagged") for r in rounds]))
            per_run["innocents"].append(mean([num(r, "detection_innocents") for r in rounds]))
            penalised = sum(num(r, "detection_innocents_penalised") or 0 for r in rounds)
            low = sum(sum(num(r, f"detection_innocents_score_d{d}") or 0 for d in (1, 2, 3)) for r in rounds)
            per_run["low"].append(low / penalised if penalised else float("nan"))
            innocents = sum(num(r, "detection_innocents") or 0 for r in rounds)
            few = sum((num(r, "detection_innocents_deg0") or 0) + (num(r, "detection_innocents_deg1_4") or 0) for r in rounds)
            per_run["few"].append(few / innocents if innocents else float("nan"))
        lines.append(f"| {label} | {fmt(per_run['p'])} | {fmt(per_run['r'])} | {fmt(per_run['f1'])} | {fmt(per_run['auc'])} | "
                     f"{fmt(per_run['flagged'], 1)} | {fmt(per_run['innocents'], 1)} | {fmt(per_run['low'])} | {fmt(per_run['few'])} |")
    return lines


def informants(pool, seeds, out):
    arms = [("none (mandatory, no penalty tier)", []),
            ("penalty tier", ["--set", "penalties=true"]),
            ("informants (0.2, 0.2% false)", ["--set", "informants.reportRate=0.2", "--set", "informants.falseReportRate=0.002"]),
            ("both", ["--set", "penalties=true", "--set", "informants.reportRate=0.2", "--set", "informants.falseReportRate=0.002"])]
    lines = ["| arm | dissent share of posts | falsification gap (opinion - share) | dissent posts per citizen | genuine posts per citizen | penalty tier share | dissenters reported |",
             "|---|---|---|---|---|---|---|"]
    for label, extra in arms:
        runs = replicate(pool, "scenarios/informants.yaml", seeds, out, ["--steps", "260", *extra])
        vals = {k: [] for k in ["share", "gap", "dissent", "posts", "penalty", "reported"]}
        for rows in runs:
            last = rows[-52:]
            n = 10_000
            vals["share"].append(mean([num(r, "dissent_post_frac") for r in last]))
            vals["gap"].append(mean([num(r, "falsification_gap") for r in last]))
            vals["dissent"].append(mean([num(r, "dissent_post_frac") * num(r, "genuine_posts") for r in last]) / n)
            vals["posts"].append(mean([num(r, "genuine_posts") for r in last]) / n)
            vals["penalty"].append(mean([num(r, "penalty_frac") for r in last]))
            vals["reported"].append(mean([num(r, "dissenters_reported_frac") for r in last]) if "dissenters_reported_frac" in last[0] else float("nan"))
        lines.append(f"| {label} | {fmt(vals['share'])} | {fmt(vals['gap'])} | {fmt(vals['dissent'])} | {fmt(vals['posts'])} | "
                     f"{fmt(vals['penalty'])} | {fmt(vals['reported']) if not math.isnan(mean(vals['reported'])) else '-'} |")
    return lines


def refusal(pool, seeds, out):
    lines = ["| setting | resister share at step 520 | runs with a cascade (> 50%) | step the share passed 50% | score-reliability r at step 259 | at step 520 |",
             "|---|---|---|---|---|---|"]
    for label, extra in [("as shipped (theta ~ N(0.2, 0.05))", []), ("theta ~ N(0.3, 0.05)", ["--set", "refusal.threshold.mean=0.3"])]:
        runs = replicate(pool, "scenarios/refusal.yaml", seeds, out, extra)
        final, half, before, after, cascades = [], [], [], [], 0
        for rows in runs:
            final.append(num(rows[-1], "resister_frac"))
            steps = [int(r["step"]) for r in rows if (num(r, "resister_frac") or 0) > 0.5]
            if steps:
                cascades += 1
                half.append(steps[0])
            before.append(num(rows[259], "score_reliability_corr"))
            after.append(num(rows[-1], "score_reliability_corr"))
        lines.append(f"| {label} | {fmt(final)} | {cascades} of {len(runs)} | {fmt(half, 1) if half else '-'} | {fmt(before)} | {fmt(after)} |")
    return lines


def visibility(pool, seeds, out):
    arms = [("public (ostracism.yaml)", "scenarios/ostracism.yaml", []),
            ("friends", "scenarios/private-scores.yaml", ["--set", "score.visibility=friends"]),
            ("private (private-scores.yaml)", "scenarios/private-scores.yaml", [])]
    lines = ["| scores | low-decile isolated share | score assortativity | ties removed per step | giant component |",
             "|---|---|---|---|---|"]
    for label, scenario, extra in arms:
        runs = replicate(pool, scenario, seeds, out, extra)
        iso, assort, removed, giant = [], [], [], []
        for rows in runs:
            last = rows[-52:]
            iso.append(mean([num(r, "low_isolated_frac") for r in last]))
            assort.append(mean([num(r, "score_assortativity") for r in last]))
            removed.append(mean([num(r, "ties_removed") for r in last]))
            giant.append(mean([num(r, "giant_frac") for r in last]))
        lines.append(f"| {label} | {fmt(iso)} | {fmt(assort)} | {fmt(removed, 1)} | {fmt(giant)} |")
    return lines


def cascade_window(figure: Path):
    report = subprocess.run([binary(), "validate", "--only", "refusal", "--markdown"], check=True, cwd=REPO,
                            capture_output=True, text=True).stdout
    rows = re.findall(r"^\| ([0-9.]+) \| ([0-9.]+) ± ([0-9.]+) \| ([0-9.]+|-) \|$", report, re.M)
    z = [float(r[0]) for r in rows]
    freq = [float(r[1]) for r in rows]
    se = [float(r[2]) for r in rows]
    size = [float(r[3]) if r[3] != "-" else float("nan") for r in rows]
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 3.6))
    ax.errorbar(z, freq, yerr=[2 * s for s in se], marker="o", label="frequency of global cascades")
    ax.plot(z, size, marker="s", linestyle="--", label="mean size of global cascades")
    ax.axvspan(1, 5.8, color="0.9", label="Watts's window (infinite n)")
    ax.set_xlabel("mean degree z")
    ax.set_ylabel("frequency / share of nodes")
    ax.set_title("Threshold rule, phi = 0.18, n = 10,000 (cf. Watts 2002, Fig. 1)", fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(figure, dpi=120)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replicates", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", default="runs/policing-study")
    parser.add_argument("--only", choices=["detection", "informants", "refusal", "visibility", "cascades"], action="append")
    args = parser.parse_args()
    out = REPO / args.out
    out.mkdir(parents=True, exist_ok=True)
    seeds = range(1, args.replicates + 1)
    started = time.time()
    with ThreadPoolExecutor(args.jobs) as pool:
        for name, body in [("detection", detection), ("informants", informants), ("refusal", refusal), ("visibility", visibility)]:
            if args.only and name not in args.only:
                continue
            t0 = time.time()
            print(f"### {name} ({args.replicates} replicates)\n")
            print("\n".join(body(pool, seeds, out)))
            print(f"\n({time.time() - t0:.0f} s)\n", flush=True)
    if not args.only or "cascades" in args.only:
        report = cascade_window(REPO / "docs" / "figures" / "cascade-window.png")
        print("### cascade window\n")
        print("\n".join(line for line in report.splitlines() if line.startswith("| ") and re.match(r"^\| [0-9.]+ \|", line)))
    print(f"\ntotal {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
