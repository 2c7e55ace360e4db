"""The walkthrough notebook runs top to bottom (nbmake), on the real encoder, in a temporary models folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "notebooks" / "walkthrough.ipynb"


@pytest.mark.slow
def test_walkthrough_notebook_executes():
    pytest.importorskip("nbmake")
    registry = (REPO / "models" / "registry.json").read_bytes()
    p = subprocess.run([sys.executable, "-m", "pytest", "--nbmake", "--nbmake-timeout=300", "-q", "-p",
                        "no:cacheprovider", str(NOTEBOOK)], cwd=NOTEBOOK.parent, capture_output=True, text=True,
                       timeout=400)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-2000:]
    assert (REPO / "models" / "registry.json").read_bytes() == registry  # the repo's registry is untouched
