"""Helpers shared by the figures: saving, policy-event lines, gap-tolerant lines, titles.

Figures are built with matplotlib's object API (`matplotlib.figure.Figure`), never pyplot,
so nothing here selects a backend or keeps global state: the same functions serve the CLI
(saved files) and notebooks (a returned Figure displays inline).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

FORMATS = (".png", ".svg", ".pdf")
PNG_DPI = 130
EVENT_COLOUR = "0.25"
STEP_LABEL = "step (weeks)"
# For outputs without column definitions: the step's unit by model.
STEP_LABELS = {"adaptive_voter": "step (sweeps of N vertex updates)"}


def output_paths(out: str | Path) -> list[Path]:
    """`x.png` -> [x.png]; a stem `x` (or `x.anything-else`) -> [x.png, x.svg]."""
    out = Path(out)
    if out.suffix.lower() in FORMATS:
        return [out]
    return [out.with_name(out.name + ".png"), out.with_name(out.name + ".svg")]


def save_figure(figure: Figure, out: str | Path) -> list[Path]:
    """Write the figure to every path `output_paths(out)` names; returns them."""
    paths = output_paths(out)
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, dpi=PNG_DPI)
    return paths


def plot_line(ax: Axes, steps: pd.Series, values: pd.Series, **style: Any):
    """Plot the available points of a series, joining across missing (NaN) cells.

    Network columns are empty on skipped rows; plotting them raw would break the line
    at every gap (and show nothing at all when every other row is empty). A series with
    gaps, or with under 20 points, also gets markers, so a reader sees where the
    measurements are.
    """
    keep = values.notna().to_numpy()
    x = np.asarray(steps)[keep]
    y = np.asarray(values, dtype=float)[keep]
    gappy = 0 < len(x) < len(keep) and len(x) <= 200
    if (gappy or 0 < len(x) < 20) and "marker" not in style:
        style = {**style, "marker": "o", "markersize": 3}
    (line,) = ax.plot(x, y, **style)
    return line


def draw_events(
    ax: Axes,
    events: Iterable[tuple[int, str]],
    x_range: tuple[float, float],
    *,
    colour: str = EVENT_COLOUR,
    labelled: bool = True,
    prefix: str = "",
    line: bool = True,
) -> None:
    """Dashed vertical lines at policy events, with their labels inside the top of the panel
    (`line=False`: the labels only).

    Labels sit to the right of the line, or to its left in the last quarter of the step
    range; successive events step down so neighbours do not overprint each other.
    """
    low, high = x_range
    span = max(high - low, 1)
    for index, (step, text) in enumerate(e for e in events if low <= e[0] <= high):
        if line:
            ax.axvline(step, color=colour, linestyle="--", linewidth=1.1, zorder=1.5)
        if not labelled:
            continue
        right_side = (step - low) / span < 0.75
        ax.annotate(
            f"{prefix}{text}",
            xy=(step, 0.97 - 0.11 * (index % 3)),
            xycoords=("data", "axes fraction"),
            xytext=(4 if right_side else -4, 0),
            textcoords="offset points",
            ha="left" if right_side else "right",
            va="top",
            fontsize=8,
            color=colour,
            bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none", alpha=0.8),
            zorder=5,
        )


def run_title(manifest: dict[str, Any], fallback: str) -> str:
    """`name - seed S, N = n, T steps - scsim v (commit)`, plus any --set overrides."""
    name = manifest.get("name", fallback)
    parts = []
    if "seed" in manifest:
        parts.append(f"seed {manifest['seed']}")
    if "population_size" in manifest:
        model = manifest.get("model") or (manifest.get("scenario") or {}).get("model")
        who = "people" if model == "adaptive_voter" else "citizens"
        parts.append(f"N = {manifest['population_size']:,} {who}")
    if "steps" in manifest:
        parts.append(f"{manifest['steps']} steps")
    version = manifest.get("scsim_version")
    if version:
        commit = str(manifest.get("git_commit") or "")[:8]
        parts.append(f"scsim {version}" + (f" ({commit})" if commit else ""))
    title = f"{name}  —  " + ", ".join(parts) if parts else str(name)
    overrides = manifest.get("overrides") or []
    if overrides:
        title += "\noverrides: " + ", ".join(str(o) for o in overrides)
    return title


def step_label(names: Any, model: str | None) -> str:
    """The step axis label: the ``step`` column's label and unit from the output's
    definitions (`columns.Columns`), else the model's (``step (weeks)`` for reference)."""
    if names.get("step") is not None and names.unit("step"):
        return names.axis_label("step")
    return STEP_LABELS.get(model or "reference", STEP_LABEL)


def step_range(steps: pd.Series) -> tuple[float, float]:
    """The first and last observed step (0, 1 for an empty series)."""
    if len(steps) == 0:
        return (0.0, 1.0)
    return (float(steps.min()), float(steps.max()))
