"""Load a script of ``benchmarks/`` as a module (they are scripts, not a package; their folder goes on sys.path
so their own ``_common``-style imports resolve)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "benchmarks"
SHARED_DATA = REPO.parent / "shared" / "data"


def load(name: str) -> ModuleType:
    """A fresh module object for ``benchmarks/<name>.py``."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
