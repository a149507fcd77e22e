"""One measured whole run of the Mesa port at the full baseline (10,000 citizens x 520
steps), between two scsim runs of the same, with `uptime` before and after: a check on
compare.py's extrapolation from 52 steps (one round only: a round takes ten minutes).

Run:  python3 full_baseline.py --bin PATH [--json results/timing-full-baseline.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from compare import time_mesa, time_scsim, uptime  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", type=Path, required=True)
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--steps", type=int, default=520)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--json", type=Path, default=HERE / "results" / "timing-full-baseline.json")
    a = ap.parse_args(argv)
    rec = {"size": a.size, "steps": a.steps, "seed": a.seed, "binary": str(a.bin), "uptime": [uptime()]}
    rec["scsim_before"] = time_scsim(a.bin, a.size, a.steps, a.seed)
    rec["mesa"] = time_mesa(a.size, a.steps, a.seed)
    rec["scsim_after"] = time_scsim(a.bin, a.size, a.steps, a.seed)
    rec["uptime"].append(uptime())
    rec["ratio"] = rec["mesa"] / ((rec["scsim_before"] + rec["scsim_after"]) / 2)
    print(json.dumps(rec, indent=1))
    a.json.write_text(json.dumps(rec, indent=1))


if __name__ == "__main__":
    main()
