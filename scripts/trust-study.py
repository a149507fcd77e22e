#!/usr/bin/env python3
"""The buying-the-score study (issue 15): replicate runs of scenarios/trust-for-sale.yaml and
the table and figure of docs/TRUST.md.

    scripts/trust-study.py [--replicates 10] [--jobs 2] [--out runs/trust-study]

Each replicate runs trust-for-sale.yaml with seed 1..R (10,000 citizens, 520 weeks, the
market, sybil farms and theft from step 0, mandatory with penalties from step 260), and
sybil-farm.yaml with the same seeds. Prints Markdown: the correlations of score with
reliability and with wealth by year, who buys and what it gains by wealth quintile,
victims' losses, the market's size, and the sybil farms by year; draws
docs/figures/trust-for-sale.png and docs/figures/sybil-farm.png (matplotlib). The binary
is $SCSIM_BIN, else .build/release/scsim.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def binary() -> str:
    path = Path(os.environ.get("SCSIM_BIN") or REPO / ".build" / "release" / "scsim")
    if not path.is_file():
        sys.exit(f"trust-study: no scsim binary at {path}")
    return str(path)


def run(seed: int, out: Path, scenario: str = "trust-for-sale") -> list[dict]:
    folder = out / f"{scenario}-{seed}"
    if not (folder / "timeseries.csv").exists():
        subprocess.run([binary(), "run", f"scenarios/{scenario}.yaml", "--seed", str(seed), "--out", str(folder),
                        "--quiet", "--force", "--threads", "1"], check=True, cwd=REPO, stderr=subprocess.DEVNULL)
    with open(folder / "timeseries.csv") as f:
        return list(csv.DictReader(f))


def num(row, key):
    v = row.get(key, "")
    return float(v) if v not in ("", None) else float("nan")


def mean(xs):
    xs = [x for x in xs if not math.isnan(x)]
    return sum(xs) / len(xs) if xs else float("nan")


def se(xs):
    xs = [x for x in xs if not math.isnan(x)]
    if len(xs) < 2:
        return float("nan")
    m = mean(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1) / len(xs))


def fmt(xs, digits=3):
    return f"{mean(xs):.{digits}f} ± {se(xs):.{digits}f}"


def window(rows, start, end, key):
    return mean([num(r, key) for r in rows[start:end]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replicates", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", default="runs/trust-study")
    args = parser.parse_args()
    out = REPO / args.out
    out.mkdir(parents=True, exist_ok=True)
    started = time.time()
    with ThreadPoolExecutor(args.jobs) as pool:
        runs = list(pool.map(lambda s: run(s, out), range(1, args.replicates + 1)))
    print(f"{len(runs)} replicates, {time.time() - started:.0f} s\n")

    print("| weeks | score-reliability r | score-wealth r | wealth Gini | share of ties bought | open contracts | penalty tier share |")
    print("|---|---|---|---|---|---|---|")
    for start in range(0, 520, 52):
        end = start + 52
        cells = [fmt([window(r, start, end, k) for r in runs]) for k in
                 ("score_reliability_corr", "score_wealth_corr", "wealth_gini", "bought_tie_frac")]
        contracts = fmt([window(r, start, end, "market_contracts") for r in runs], 0)
        penalty = fmt([window(r, start, end, "penalty_frac") for r in runs])
        print(f"| {start}-{end - 1} | " + " | ".join(cells) + f" | {contracts} | {penalty} |")

    print("\nWho buys, by wealth quintile (enrolled citizens; weeks 260-519, mandatory with penalties):\n")
    print("| wealth quintile | share holding a bought tie | their score premium over honest non-buyers (points) |")
    print("|---|---|---|")
    for q in range(1, 6):
        share = [window(r, 260, 520, f"buyer_share_w{q}") for r in runs]
        premium = [window(r, 260, 520, f"buyer_premium_w{q}") for r in runs]
        print(f"| {q} {'(poorest)' if q == 1 else '(richest)' if q == 5 else ''} | {fmt(share)} | {fmt(premium, 1)} |")

    losses = [mean([num(row, "victim_score_loss_mean") for row in r]) for r in runs]
    held = [window(r, 0, 520, "accounts_compromised") for r in runs]
    thefts = [sum(num(row, "thefts") for row in r) for r in runs]
    taken = [sum(num(row, "paid_to_thieves") for row in r) for r in runs]
    trades = [sum(num(row, "market_trades") for row in r) for r in runs]
    price = [window(r, 0, 520, "market_price_mean") for r in runs]
    forgone = [window(r, 0, 520, "purchases_forgone") for r in runs]
    print(f"\nThefts per run {fmt(thefts, 1)}; accounts held at a time {fmt(held, 1)}; victims' mean score loss "
          f"between theft and recovery {fmt(losses, 1)} points; money thieves took per run {fmt(taken, 1)}.")
    print(f"Trades per run {fmt(trades, 0)} at a mean price of {fmt(price, 2)}; purchases forgone for want of money "
          f"per week {fmt(forgone, 0)}.")

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    steps = list(range(520))
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    for key, label in (("score_reliability_corr", "score vs reliability"), ("score_wealth_corr", "score vs wealth"),
                       ("bought_tie_frac", "share of ties bought")):
        ys = [mean([num(r[t], key) for r in runs]) for t in steps]
        ax.plot(steps, ys, label=label)
    ax.axvline(260, color="0.5", linestyle=":", label="mandatory, penalties")
    ax.set_xlabel("week")
    ax.set_ylabel("Pearson r / share")
    ax.set_title(f"trust-for-sale.yaml, mean of {len(runs)} replicates", fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(REPO / "docs" / "figures" / "trust-for-sale.png", dpi=120)

    sybil_table("trust-for-sale.yaml (all three mechanics)", runs)
    with ThreadPoolExecutor(args.jobs) as pool:
        farms = list(pool.map(lambda s: run(s, out, "sybil-farm"), range(1, args.replicates + 1)))
    sybil_table("sybil-farm.yaml (money and sybils only)", farms)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.4, 5.4), sharex=True)
    for key, label in (("sybils_alive", "sybils alive"), ("sybil_ties", "ties to sybils")):
        top.plot(steps, [mean([num(r[t], key) for r in farms]) for t in steps], label=label)
    for key, label in (("sybils_sold", "sold (cumulative)"), ("sybils_caught", "caught (cumulative)")):
        totals = [mean([sum(num(row, key) for row in r[:t + 1]) for r in farms]) for t in steps]
        top.plot(steps, totals, label=label, linestyle="--")
    top.set_ylabel("count")
    top.legend(fontsize=8)
    top.set_title(f"sybil-farm.yaml, mean of {len(farms)} replicates", fontsize=9)
    bottom.plot(steps, [mean([num(r[t], "sybil_buyer_premium") for r in farms]) for t in steps],
                label="sybil buyers' score premium over honest non-buyers")
    bottom.axhline(0, color="0.7", linewidth=0.5)
    for axis in (top, bottom):
        axis.axvline(260, color="0.5", linestyle=":")
    bottom.set_xlabel("week")
    bottom.set_ylabel("points")
    bottom.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(REPO / "docs" / "figures" / "sybil-farm.png", dpi=120)
    print(f"\ntotal {time.time() - started:.0f} s")


def sybil_table(title: str, runs: list[list[dict]]) -> None:
    """Sybils by year: alive, sold and caught per week, ties to citizens, citizens with a
    sybil friend, mean sybil score, and the sybil buyers' score premium."""
    print(f"\nSybil farms in {title}, by year (weekly means):\n")
    print("| weeks | sybils alive | sold / week | caught / week | ties to sybils | citizens with a sybil friend "
          "| mean sybil score | buyers' premium (points) |")
    print("|---|---|---|---|---|---|---|---|")
    for start in range(0, 520, 52):
        end = start + 52
        cells = [fmt([window(r, start, end, k) for r in runs], d) for k, d in
                 (("sybils_alive", 0), ("sybils_sold", 1), ("sybils_caught", 2), ("sybil_ties", 0),
                  ("sybil_friend_frac", 3), ("sybil_score_mean", 0), ("sybil_buyer_premium", 1))]
        print(f"| {start}-{end - 1} | " + " | ".join(cells) + " |")
    sold = [sum(num(row, "sybils_sold") for row in r) for r in runs]
    caught = [sum(num(row, "sybils_caught") for row in r) for r in runs]
    created = [sum(num(row, "sybils_created") for row in r) for r in runs]
    paid = [sum(num(row, "sybil_revenue") for row in r) for r in runs]
    print(f"\nPer run: sybils created {fmt(created, 0)}, caught {fmt(caught, 0)}, friendships sold {fmt(sold, 0)}, "
          f"money paid to vendors {fmt(paid, 0)}.")


if __name__ == "__main__":
    main()
