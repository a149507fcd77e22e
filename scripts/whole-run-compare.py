#!/usr/bin/env python3
"""Whole runs of two scsim builds, alternated, for speed claims on a noisy machine.

Each round runs every (size, threads) configuration once with each build, the builds'
order alternating from round to round, and times the whole process (set-up, network
generation, every step, observation and writing timeseries.csv, as a user waits for it)
plus its CPU seconds. Prints every round, the medians and the ratio old/new of the median
wall times, and checks that both builds wrote the same timeseries.csv.

    scripts/whole-run-compare.py OLD NEW [--scenario scenarios/baseline.yaml]
        [--runs 10000:520:1,10000:520:2,1000000:20:1] [--rounds 5] [--json out.json]

A run is SIZE:STEPS:THREADS; every other key comes from the scenario.
"""
import argparse
import filecmp
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(binary, scenario, size, steps, threads, folder):
    shutil.rmtree(folder, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([binary, "run", scenario, "--set", f"population.size={size}", "--steps", str(steps),
                    "--threads", str(threads), "--out", folder, "--quiet"], check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--scenario", default="scenarios/baseline.yaml")
    parser.add_argument("--runs", default="10000:520:1,10000:520:2,100000:52:1,100000:52:2,1000000:20:1,1000000:20:2")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json")
    args = parser.parse_args()
    runs = [tuple(int(x) for x in r.split(":")) for r in args.runs.split(",")]
    work = tempfile.mkdtemp(prefix="whole-run-")
    builds = {"old": args.old, "new": args.new}
    results = {f"{s}:{n}:{t}": {"old": [], "new": [], "old_cpu": [], "new_cpu": []} for s, n, t in runs}
    try:
        for r in range(args.rounds):
            order = ["old", "new"] if r % 2 == 0 else ["new", "old"]
            load = os.getloadavg()[0]
            for size, steps, threads in runs:
                key = f"{size}:{steps}:{threads}"
                for which in order:
                    wall, cpu = run_once(builds[which], args.scenario, size, steps, threads, os.path.join(work, which))
                    results[key][which].append(wall)
                    results[key][which + "_cpu"].append(cpu)
                same = filecmp.cmp(os.path.join(work, "old", "timeseries.csv"), os.path.join(work, "new", "timeseries.csv"), shallow=False)
                if not same:
                    print(f"DIFFERENT timeseries.csv for {key}", file=sys.stderr)
                    sys.exit(1)
                print(f"round {r + 1} (load {load:.1f}) {key}: old {results[key]['old'][-1]:.2f} s, new {results[key]['new'][-1]:.2f} s", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\n| citizens | steps | threads | old s (median) | new s (median) | old/new | old CPU s | new CPU s | rounds old | rounds new |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size, steps, threads in runs:
        v = results[f"{size}:{steps}:{threads}"]
        mo, mn = statistics.median(v["old"]), statistics.median(v["new"])
        print(f"| {size:,} | {steps} | {threads} | {mo:.2f} | {mn:.2f} | {mo / mn:.2f} | {statistics.median(v['old_cpu']):.2f} | "
              f"{statistics.median(v['new_cpu']):.2f} | {', '.join(f'{x:.2f}' for x in v['old'])} | {', '.join(f'{x:.2f}' for x in v['new'])} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
