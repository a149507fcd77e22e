"""README.md's figures are current: scripts/readme-figures.py --check reruns the README's
commands (five shipped scenarios, 10,000 citizens x 520 weeks) and fails on any difference.

Needs a release binary (`scsim_bin`: $SCSIM_BIN, as `.ci/test` sets it); about 15 s of CPU.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

from conftest import REPO


def test_readme_figures_are_current(scsim_bin):
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "readme-figures.py"), "--check"],
        cwd=REPO, capture_output=True, text=True, env={**os.environ, "SCSIM_BIN": str(scsim_bin)}, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_figures_check_finds_a_stale_number():
    """The substitution replaces exactly the marked text, so a stale README differs."""
    spec = importlib.util.spec_from_file_location("readme_figures", REPO / "scripts" / "readme-figures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    readme = "intro 6.9%\n<!-- figures:scenarios -->\nold 6.9%\n<!-- /figures -->\nafter 4.1%\n"
    assert module.substitute(readme, {"scenarios": "new 7.5%\n"}) == \
        "intro 6.9%\n<!-- figures:scenarios -->\nnew 7.5%\n<!-- /figures -->\nafter 4.1%\n"
