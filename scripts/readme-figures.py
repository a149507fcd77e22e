#!/usr/bin/env python3
"""Regenerates the figures README.md quotes from the shipped scenarios, and checks them.

Runs the README's own commands (section "Figures": the five shipped scenarios, 10,000
citizens x 520 weeks, seed 42), computes each figure from the time series, and writes the
text between the markers ``<!-- figures:NAME -->`` and ``<!-- /figures -->`` in README.md.

    scripts/readme-figures.py            # rewrite README.md's figures
    scripts/readme-figures.py --check    # exit 1, with a diff, if README.md is not current

The scsim binary is $SCSIM_BIN, else .build/release/scsim (a release build: the five runs
take a few seconds each there, minutes in a debug build). Only the standard library is used.
Benchmark and profile figures (README "Performance") and the sweep ratios of "Sweeps" are
measurements, marked as such in the README, and are not regenerated here.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
SCENARIOS = ["baseline", "no-friend-weight", "ostracism", "mandatory", "crackdown"]
MARKER = re.compile(r"(<!-- figures:(?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- /figures -->)", re.S)


def binary() -> Path:
    path = Path(os.environ.get("SCSIM_BIN") or REPO / ".build" / "release" / "scsim")
    if not path.is_file():
        sys.exit(f"readme-figures: no scsim binary at {path}; run `swift build -c release` or set SCSIM_BIN")
    return path


def run_all(scsim: Path, folder: Path) -> dict[str, list[dict[str, str]]]:
    """`scsim run scenarios/S.yaml --out runs/S` for each scenario, two at a time."""
    def one(name: str) -> None:
        subprocess.run([str(scsim), "run", f"scenarios/{name}.yaml", "--out", str(folder / name), "--quiet",
                        "--threads", "1"], cwd=REPO, check=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(one, SCENARIOS))
    return {name: list(csv.DictReader(open(folder / name / "timeseries.csv", newline=""))) for name in SCENARIOS}


def value(row: dict[str, str], column: str) -> float | None:
    return float(row[column]) if row[column] != "" else None


def mean(rows: list[dict[str, str]], column: str) -> float:
    values = [v for v in (value(r, column) for r in rows) if v is not None]
    return sum(values) / len(values)


def at_step(rows: list[dict[str, str]], step: int) -> dict[str, str]:
    return next(r for r in rows if int(r["step"]) == step)


def gamers(row: dict[str, str]) -> float:
    """Share of citizens who game (padders + evaders + colluders), as `gamer_frac`."""
    return sum(value(row, c) for c in ("padder_frac", "evader_frac", "colluder_frac"))


def pct(x: float, digits: int = 0) -> str:
    return f"{100 * x:.{digits}f}%"


def figures(series: dict[str, list[dict[str, str]]]) -> dict[str, str]:
    """The text of each marked block."""
    last = {name: rows[-52:] for name, rows in series.items()}     # the last 52 weeks
    first = {name: rows[:52] for name, rows in series.items()}     # the first 52 weeks
    gaps = [mean(last[n], "falsification_gap") for n in SCENARIOS]
    opinions = [mean(last[n], "opinion_mean") for n in SCENARIOS]
    gap_range = f"{min(gaps):.2f}-{max(gaps):.2f}" if f"{min(gaps):.2f}" != f"{max(gaps):.2f}" else f"{min(gaps):.2f}"
    opinion_range = f"{min(opinions):.2f}-{max(opinions):.2f}" if f"{min(opinions):.2f}" != f"{max(opinions):.2f}" else f"{min(opinions):.2f}"
    base = series["baseline"]
    text = f"""\
What they show (means over the last 52 weeks unless a week is named): without the friend
term (eta = 0) friends' scores are uncorrelated (score assortativity
{mean(last["no-friend-weight"], "score_assortativity"):.3f}); at the default eta = 0.3 they sort by score
({mean(last["baseline"], "score_assortativity"):.2f}); at eta = 0.6 with the scheme mandatory from week 104 they sort strongly
({mean(last["ostracism"], "score_assortativity"):.2f}) and the network fragments: the giant component falls from
{pct(mean(last["baseline"], "giant_frac"))} of citizens (baseline) to {pct(mean(last["ostracism"], "giant_frac"))}. Public dissent falls from
{pct(mean(first["baseline"], "dissent_post_frac"))} of posts in the first year to {pct(mean(last["baseline"], "dissent_post_frac"))} in the voluntary pilot and
{pct(mean(last["mandatory"], "dissent_post_frac"))} once enrolment is mandatory, while private dissent stays at {opinion_range}
(all five scenarios): the falsification gap (private minus public) grows from
{mean(first["baseline"], "falsification_gap"):.2f} in the first year to {gap_range}. Gaming declines everywhere by audits and
imitation ({pct(gamers(at_step(base, 259)), 1)} of citizens at week 259 to {pct(gamers(at_step(base, 519)), 1)} at week 519 in the
baseline); the crackdown (audits 0.02 -> 0.1, detection 0.5 -> 0.8 at week 260) brings it
to {pct(gamers(at_step(series["crackdown"], 519)), 1)} at week 519.
"""
    return {"scenarios": text}


def substitute(readme: str, blocks: dict[str, str]) -> str:
    seen = set()

    def replace(match: re.Match) -> str:
        name = match["name"]
        if name not in blocks:
            sys.exit(f"readme-figures: README.md has a block '{name}' this script does not make")
        seen.add(name)
        return match.group(1) + blocks[name] + match.group(4)

    out = MARKER.sub(replace, readme)
    missing = set(blocks) - seen
    if missing:
        sys.exit(f"readme-figures: README.md lacks the markers for {', '.join(sorted(missing))}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 with a diff if README.md is not current")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="readme-figures-") as folder:
        series = run_all(binary(), Path(folder))
    current = README.read_text()
    updated = substitute(current, figures(series))
    if args.check:
        if updated != current:
            sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), updated.splitlines(True),
                                                       "README.md", "README.md (regenerated)"))
            print("readme-figures: README.md's figures are out of date; run scripts/readme-figures.py", file=sys.stderr)
            return 1
        return 0
    if updated != current:
        README.write_text(updated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
