"""Analysis tooling for scsim: loaders for notebooks and the `scsim-plot` figures.

>>> from scsim_analysis import load_run
>>> df = load_run("runs/baseline-42")
>>> df.attrs["events"]        # [(260, "mandatory=true, penalties=true"), ...]

File formats are documented in `scsim_analysis.loaders`.
"""

from .loaders import (
    load_events,
    load_manifest,
    load_panel,
    load_run,
    load_snapshot,
    load_sweep,
    run_label,
    timeline_events,
)

__all__ = [
    "load_events",
    "load_panel",
    "load_manifest",
    "load_run",
    "load_snapshot",
    "load_sweep",
    "run_label",
    "timeline_events",
]
__version__ = "0.1.0"
