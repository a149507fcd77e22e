"""Whole-run timing: scsim against the Mesa port (scsim_mesa.py), alternating.

Each round runs, for every configuration (citizens x steps), scsim then the Mesa port
(the order flips every round):

- scsim: `scsim run scenarios/baseline.yaml --set population.size=N --steps S --seed K
  --threads 1 --quiet --out TMP`, the wall time of the process (start-up, initialisation,
  every step, every output column, writing timeseries.csv and manifest.json);
- Mesa: `python3 scsim_mesa.py --size N --steps S --seed K --time-json` in a fresh process,
  the wall time of model construction + all steps + data collection (the DataCollector's
  table), measured inside the process (Python start-up and imports left out, which favours
  Mesa by about a second).

Both compute every default column every step, network columns included (exact).
`uptime` is recorded before every round and at the end. A configuration listed in
--scsim-only is run by scsim alone, and the Mesa time for it is extrapolated from the
Mesa configuration with the same size and fewest steps, linearly in steps (stated in the
table). Results go to JSON.

Run:  python3 compare.py [--bin PATH] [--rounds 3] [--configs 1000x520,10000x52]
                         [--scsim-only 10000x520] [--json results/timing.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def time_scsim(binary: Path, size: int, steps: int, seed: int) -> float:
    tmp = Path(tempfile.mkdtemp(prefix="scsim-compare-"))
    try:
        t0 = time.perf_counter()
        subprocess.run([str(binary), "run", str(REPO / "scenarios" / "baseline.yaml"),
                        "--set", f"population.size={size}", "--steps", str(steps), "--seed", str(seed),
                        "--threads", "1", "--quiet", "--out", str(tmp / "run")],
                       check=True, capture_output=True)
        return time.perf_counter() - t0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def time_mesa(size: int, steps: int, seed: int) -> float:
    out = subprocess.run([sys.executable, str(HERE / "scsim_mesa.py"), "--size", str(size), "--steps", str(steps),
                          "--seed", str(seed), "--time-json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])["wall"]


def parse_configs(text: str):
    return [tuple(int(x) for x in c.split("x")) for c in text.split(",") if c]


def main(argv=None):
    ap = argparse.ArgumentParser(description="Time whole runs of scsim and the Mesa port")
    ap.add_argument("--bin", type=Path, default=Path(os.environ.get("SCSIM_BIN", REPO / ".build/release/scsim")))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--configs", default="1000x520,10000x52")
    ap.add_argument("--scsim-only", default="10000x520")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--json", type=Path, default=HERE / "results" / "timing.json")
    a = ap.parse_args(argv)
    configs, scsim_only = parse_configs(a.configs), parse_configs(a.scsim_only)
    times = {c: {"scsim": [], "mesa": []} for c in configs + scsim_only}
    loads = []
    for r in range(a.rounds):
        loads.append(uptime())
        print(f"round {r + 1}: {loads[-1]}", file=sys.stderr, flush=True)
        for c in configs + scsim_only:
            order = ("scsim", "mesa") if r % 2 == 0 else ("mesa", "scsim")
            for who in order:
                if who == "mesa" and c in scsim_only:
                    continue
                t = time_scsim(a.bin, *c, a.seed) if who == "scsim" else time_mesa(*c, a.seed)
                times[c][who].append(t)
                print(f"  {c[0]} x {c[1]} {who}: {t:.2f} s", file=sys.stderr, flush=True)
    loads.append(uptime())

    rows = []
    for c in configs + scsim_only:
        s, m = times[c]["scsim"], times[c]["mesa"]
        row = {"size": c[0], "steps": c[1], "scsim_s": s, "scsim_median": statistics.median(s)}
        if m:
            row.update(mesa_s=m, mesa_median=statistics.median(m), mesa_extrapolated=False)
        else:
            base = min((b for b in configs if b[0] == c[0]), key=lambda b: b[1], default=None)
            if base is None:
                continue
            per_step = [t / base[1] for t in times[base]["mesa"]]
            row.update(mesa_s=[p * c[1] for p in per_step], mesa_median=statistics.median(per_step) * c[1],
                       mesa_extrapolated=True, extrapolated_from=f"{base[0]}x{base[1]}")
        row["ratio"] = row["mesa_median"] / row["scsim_median"]
        rows.append(row)

    print("| citizens | steps | scsim median (s) | Mesa median (s) | Mesa / scsim | scsim rounds (s) | Mesa rounds (s) |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        note = f" (extrapolated from {row['extrapolated_from']}, x{row['steps'] // int(row['extrapolated_from'].split('x')[1])})" \
            if row.get("mesa_extrapolated") else ""
        print(f"| {row['size']:,} | {row['steps']} | {row['scsim_median']:.3f} | {row['mesa_median']:.1f}{note} | "
              f"{row['ratio']:.0f}x | {', '.join(f'{t:.3f}' for t in row['scsim_s'])} | "
              f"{', '.join(f'{t:.1f}' for t in row['mesa_s'])} |")
    print("\nuptime before each round and at the end:")
    for l in loads:
        print("  " + l)
    a.json.parent.mkdir(parents=True, exist_ok=True)
    a.json.write_text(json.dumps({"binary": str(a.bin), "seed": a.seed, "rounds": a.rounds, "rows": rows,
                                  "uptime": loads, "python": sys.version.split()[0],
                                  "mesa": __import__("mesa").__version__,
                                  "networkx": __import__("networkx").__version__}, indent=1))


if __name__ == "__main__":
    main()
