"""Headless Chromium for the report's browser tests: one invocation, one check of the console."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (Debian: apt-get install -y "
                                                             "chromium); CI installs it in .ci/run")


def dump_dom(html: str, tmp_path: Path, console_markers: tuple[str, ...] = ("CONSOLE",)) -> str:
    """Render ``html`` from a file in headless Chromium and return the DOM after its scripts ran (2 s of virtual
    time). Fails when Chromium fails or logs a line containing one of ``console_markers`` (JS errors, CSP
    violations, anything blocked)."""
    assert CHROMIUM is not None
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                           "--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000", "--dump-dom",
                           path.as_uri()], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    console = [line for line in proc.stderr.splitlines() if any(m in line for m in console_markers)]
    assert not console, console
    return proc.stdout
