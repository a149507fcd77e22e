"""What each time-series column means, read from the output itself, and the list of metrics.

scsim describes its columns where it writes them: a run's ``manifest.json`` has
``"column_definitions"`` (one object per CSV column, in CSV order) and a sweep database
has a table ``columns`` with the same fields plus ``position``. Each definition is::

    {"name": str, "label": str, "unit": str, "definition": str,
     "cost": "every_step" | "network" | "sampled", "type": "integer" | "real" | "text"}

This package keeps no copy of that list. Outputs of an older scsim, which carry no
definitions, fall back to the column's own name as its label, no unit, and the type the
data shows (a column that does not parse as numbers is text).

A *metric* is what a figure or `scsim summarize` can average: every numeric time-series
column except ``step``, plus the derived metrics below when the columns they add up are
there. It is one list for ``scsim-plot --metric``, ``--metrics`` and `scsim summarize`
(whose rule, in Sources/SCExperiments/SweepSummary.swift, is the same).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

TYPES = ("integer", "real", "text")

# Metrics computed from several columns; scsim summarize offers the same ones
# (SweepSummary.derivedMetrics): name -> (columns added up, label, unit).
DERIVED_METRICS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "gamer_frac": (
        ("padder_frac", "evader_frac", "colluder_frac"),
        "gamers (padders + evaders + colluders)",
        "share of all citizens",
    ),
}


@dataclass(frozen=True)
class ColumnInfo:
    """One column's definition (the manifest's or the sweep database's)."""

    name: str
    label: str = ""
    unit: str = ""
    definition: str = ""
    cost: str = ""
    type: str = ""

    @classmethod
    def from_mapping(cls, entry: Mapping[str, Any]) -> "ColumnInfo":
        name = str(entry.get("name", ""))
        if not name:
            raise ValueError(f"a column definition without a name: {dict(entry)!r}")
        text = {key: entry.get(key) for key in ("label", "unit", "definition", "cost", "type")}
        return cls(name=name, **{k: "" if v is None else str(v) for k, v in text.items()})


class Columns:
    """The definitions of one output's columns, with fallbacks for columns it lacks.

    ``Columns(definitions)`` takes ColumnInfo objects or dicts; an empty list (an older
    output) makes every lookup fall back to the column name.
    """

    def __init__(self, definitions: Iterable[ColumnInfo | Mapping[str, Any]] = ()):
        infos = [d if isinstance(d, ColumnInfo) else ColumnInfo.from_mapping(d) for d in definitions]
        self._by_name = {info.name: info for info in infos}
        self.names = [info.name for info in infos]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __bool__(self) -> bool:
        return bool(self._by_name)

    def get(self, name: str) -> ColumnInfo | None:
        return self._by_name.get(name)

    def label(self, name: str) -> str:
        """The legend text for a column (its own name when the output does not define it)."""
        info = self._by_name.get(name)
        if info is not None and info.label:
            return info.label
        if name in DERIVED_METRICS:
            return DERIVED_METRICS[name][1]
        return name

    def unit(self, name: str) -> str:
        """The axis unit for a column ("" when the output does not give one)."""
        info = self._by_name.get(name)
        if info is not None:
            return info.unit
        if name in DERIVED_METRICS:
            return DERIVED_METRICS[name][2]
        return ""

    def axis_label(self, name: str) -> str:
        """``label (unit)``, for a single-metric axis."""
        text, unit = self.label(name), self.unit(name)
        return f"{text} ({unit})" if unit else text

    def is_text(self, name: str) -> bool | None:
        """True or False when the output says the column's type; None when it does not."""
        info = self._by_name.get(name)
        if info is None or info.type not in TYPES:
            return None
        return info.type == "text"

    def as_records(self) -> list[dict[str, str]]:
        """Plain dicts (what ``DataFrame.attrs["column_definitions"]`` holds)."""
        return [asdict(self._by_name[name]) for name in self.names]


def from_manifest(manifest: Mapping[str, Any]) -> Columns:
    """The manifest's ``column_definitions`` (none in an older manifest)."""
    entries = manifest.get("column_definitions") or []
    if not isinstance(entries, list):
        raise ValueError("manifest.json: column_definitions must be a list")
    return Columns(e for e in entries if isinstance(e, Mapping))


def of(frame: pd.DataFrame) -> Columns:
    """The definitions a loader stored on the frame (``attrs["column_definitions"]``)."""
    return Columns(frame.attrs.get("column_definitions") or [])


def timeseries_columns(frame: pd.DataFrame) -> list[str]:
    """The frame's time-series columns: ``attrs["timeseries_columns"]`` when a loader set
    it (a sweep frame also has the runs table's columns), else every column."""
    names = frame.attrs.get("timeseries_columns")
    return [c for c in names if c in frame] if names else list(frame.columns)


def available_metrics(frame: pd.DataFrame) -> list[str]:
    """Every metric of a frame from `load_run` or `load_sweep`: its numeric time-series
    columns except ``step``, in column order, then the derived metrics whose columns are
    all there. Identifiers and text (``run_id``, ``seed``, ``status``, ``network_metrics``,
    the parameters) are not metrics."""
    series = timeseries_columns(frame)
    numeric = [
        c for c in series
        if c not in ("step", "run_id") and pd.api.types.is_numeric_dtype(frame[c])
        and not pd.api.types.is_bool_dtype(frame[c])
    ]
    derived = [
        name for name, (parts, _, _) in DERIVED_METRICS.items()
        if name not in numeric and all(p in numeric for p in parts)
    ]
    return numeric + derived


def metric_values(frame: pd.DataFrame, metric: str) -> pd.Series:
    """The metric's values, one per row; a derived metric is the sum of its columns (missing
    when any of them is, as in `scsim summarize`). ValueError names the metrics there are."""
    known = available_metrics(frame)
    if metric not in known:
        raise ValueError(f"unknown metric {metric!r}; the metrics are: {', '.join(known)}")
    if metric in frame:
        return frame[metric]
    parts = DERIVED_METRICS[metric][0]
    return frame[list(parts)].sum(axis=1, skipna=False).rename(metric)


def with_metrics(frame: pd.DataFrame, metrics: Sequence[str]) -> pd.DataFrame:
    """The frame with every derived metric in `metrics` added as a column (attrs kept)."""
    missing = [m for m in metrics if m not in frame]
    if not missing:
        return frame
    extra = {m: metric_values(frame, m) for m in missing}
    result = frame.assign(**extra)
    result.attrs = dict(frame.attrs)
    if frame.attrs.get("timeseries_columns"):
        result.attrs["timeseries_columns"] = [*frame.attrs["timeseries_columns"], *missing]
    return result
