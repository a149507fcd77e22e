"""Docking check: scsim's CLI against the Mesa port (scsim_mesa.py), same rules, different
random streams, so they are compared in distribution over replicate seeds.

For each seed, scsim runs the baseline scenario with `--set population.size=N --steps S
--seed K` (reading DIR/timeseries.csv) and the Mesa port runs in-process with the same
size, steps and seed. Each replicate is summarised per column by two statistics: the mean
over the whole run (every step) and the value at the last step. For each column and
statistic, the replicate means of the two implementations are compared:

    |mean_scsim - mean_mesa| <= 3 x SE + floor,   SE = sqrt(var_scsim / R + var_mesa / R)

(sample variances over the R replicates; `floor` a small absolute tolerance per column,
for columns whose replicate spread is near zero). A column passes when both statistics do.

Run:  python3 dock.py [--bin PATH] [--size 1000] [--steps 52] [--seeds 1-8] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
import scsim_mesa  # noqa: E402

# Columns compared, with their absolute floor (units of the column). The "key" ones are
# the brief's: mean score, enrolled share, tier shares, dissent and approved shares,
# edges, clustering; the others are the rest of the default numeric columns.
FLOORS = {
    "score_mean": 0.5, "enrolled_frac": 0.002, "benefit_frac": 0.003, "penalty_frac": 0.001,
    "dissent_post_frac": 0.002, "approved_purchase_frac": 0.002, "edges": 5.0,
    "clustering_avg": 0.002, "transitivity": 0.002,
    "score_sd": 0.3, "score_p10": 0.5, "score_p50": 0.5, "score_p90": 0.5, "score_gini": 0.0005,
    "disapproved_purchase_frac": 0.002, "hidden_purchases": 0.1, "fake_purchases": 0.3,
    "fake_posts": 0.3, "opinion_mean": 0.001, "falsification_gap": 0.002, "mean_degree": 0.01,
    "score_assortativity": 0.005, "components": 0.5, "giant_frac": 0.001, "isolated_frac": 0.001,
    "low_isolated_frac": 0.002, "low_degree_ratio": 0.005, "ties_added": 0.3, "ties_removed": 0.3,
    "padder_frac": 0.001, "evader_frac": 0.001, "colluder_frac": 0.001, "audits": 0.05,
    "caught": 0.05, "gamer_score_premium": 1.0, "adopted": 0.05, "visible_purchases": 5.0,
    "genuine_posts": 5.0,
}
KEY = ["score_mean", "enrolled_frac", "benefit_frac", "penalty_frac", "dissent_post_frac",
       "approved_purchase_frac", "edges", "clustering_avg", "transitivity"]


def default_binary() -> Path:
    env = os.environ.get("SCSIM_BIN")
    if env:
        return Path(env)
    return REPO / ".build" / "release" / "scsim"


def run_scsim(binary: Path, size: int, steps: int, seed: int, workdir: Path | None = None) -> pd.DataFrame:
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        out = Path(tmp) / "run"
        subprocess.run([str(binary), "run", str(REPO / "scenarios" / "baseline.yaml"),
                        "--set", f"population.size={size}", "--steps", str(steps), "--seed", str(seed),
                        "--out", str(out), "--quiet", "--threads", "1"],
                       check=True, capture_output=True, text=True)
        return pd.read_csv(out / "timeseries.csv")


def run_mesa(size: int, steps: int, seed: int, **overrides) -> pd.DataFrame:
    return scsim_mesa.run(size, steps, seed, **overrides)


def summarise(df: pd.DataFrame, columns) -> dict:
    """Per column: (mean over the run, last step's value)."""
    out = {}
    for c in columns:
        x = pd.to_numeric(df[c], errors="coerce")
        out[c] = (float(x.mean()), float(x.iloc[-1]))
    return out


def compare(scsim_reps: list[dict], mesa_reps: list[dict], columns=None, k: float = 3.0) -> list[dict]:
    columns = columns or list(FLOORS)
    rows = []
    for c in columns:
        row = {"column": c, "key": c in KEY, "floor": FLOORS.get(c, 0.0)}
        ok_all = True
        for s, label in ((0, "run_mean"), (1, "final")):
            a = np.array([r[c][s] for r in scsim_reps], dtype=float)
            b = np.array([r[c][s] for r in mesa_reps], dtype=float)
            a, b = a[~np.isnan(a)], b[~np.isnan(b)]
            if len(a) < 2 or len(b) < 2:
                row[label] = None
                continue
            diff = a.mean() - b.mean()
            se = math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
            tol = k * se + row["floor"]
            ok = abs(diff) <= tol
            ok_all &= ok
            row[label] = {"scsim": a.mean(), "mesa": b.mean(), "diff": diff, "se": se, "tolerance": tol,
                          "z": diff / se if se > 0 else (0.0 if diff == 0 else math.inf), "agrees": bool(ok)}
        row["agrees"] = bool(ok_all)
        rows.append(row)
    return rows


def dock(binary: Path, size: int, steps: int, seeds, verbose: bool = True, **overrides):
    scsim_reps, mesa_reps = [], []
    for seed in seeds:
        scsim_reps.append(summarise(run_scsim(binary, size, steps, seed), FLOORS))
        mesa_reps.append(summarise(run_mesa(size, steps, seed, **overrides), FLOORS))
        if verbose:
            print(f"seed {seed} done", file=sys.stderr, flush=True)
    return compare(scsim_reps, mesa_reps), scsim_reps, mesa_reps


def fmt(x: float) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    ax = abs(x)
    if ax >= 100:
        return f"{x:.1f}"
    if ax >= 1:
        return f"{x:.3f}"
    return f"{x:.4f}"


def table(rows: list[dict]) -> str:
    lines = ["| column | stat | scsim | Mesa | diff | SE | tolerance | agrees |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        for label in ("run_mean", "final"):
            s = r.get(label)
            if s is None:
                continue
            name = f"**{r['column']}**" if r["key"] else r["column"]
            lines.append(f"| {name} | {label} | {fmt(s['scsim'])} | {fmt(s['mesa'])} | {fmt(s['diff'])} | "
                         f"{fmt(s['se'])} | {fmt(s['tolerance'])} | {'yes' if s['agrees'] else '**no**'} |")
    return "\n".join(lines)


def parse_seeds(text: str):
    if "-" in text:
        a, b = text.split("-")
        return list(range(int(a), int(b) + 1))
    return [int(x) for x in text.split(",")]


def main(argv=None):
    ap = argparse.ArgumentParser(description="Dock scsim against the Mesa port")
    ap.add_argument("--bin", type=Path, default=default_binary())
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--steps", type=int, default=52)
    ap.add_argument("--seeds", default="1-8")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--from-json", type=Path, help="recompute the table from a saved --json (no runs)")
    ap.add_argument("--mesa-set", action="append", default=[], metavar="KEY=VALUE",
                    help="change a parameter of the Mesa port only (a deliberate porting error, "
                         "to check that the docking notices it), e.g. adoption_peer=0")
    a = ap.parse_args(argv)
    seeds = parse_seeds(a.seeds)
    overrides = {k: float(v) for k, v in (kv.split("=", 1) for kv in a.mesa_set)}
    if a.from_json:
        saved = json.loads(a.from_json.read_text())
        sr, mr = saved["scsim"], saved["mesa"]
        a.size, a.steps, seeds, overrides = saved["size"], saved["steps"], saved["seeds"], saved.get("mesa_overrides", {})
        a.seeds = f"{seeds[0]}-{seeds[-1]}"
        rows = compare(sr, mr)
    else:
        rows, sr, mr = dock(a.bin, a.size, a.steps, seeds, **overrides)
    print(f"{a.size} citizens x {a.steps} steps, seeds {a.seeds} ({len(seeds)} replicates each); "
          f"tolerance 3 SE of the difference + floor" + (f"; Mesa port changed: {overrides}" if overrides else ""))
    print(table(rows))
    bad = [r["column"] for r in rows if not r["agrees"]]
    print(f"\n{len(rows) - len(bad)} of {len(rows)} columns agree; disagree: {', '.join(bad) or 'none'}")
    if a.json:
        a.json.write_text(json.dumps({"size": a.size, "steps": a.steps, "seeds": seeds, "binary": str(a.bin), "mesa_overrides": overrides,
                                      "rows": rows, "scsim": sr, "mesa": mr}, indent=1))


if __name__ == "__main__":
    main()
