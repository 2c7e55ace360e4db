"""``npslens models promote``: a progress bar of the gate's evaluation on stderr (none with --quiet)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from nlp.artifacts.registry_file import load_registry

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def root(tiny_champion_root: Path) -> Path:
    return tiny_champion_root


def test_promote_shows_the_gate_evaluation_progress(root):
    r = CliRunner().invoke(app, ["models", "promote", "0.0.1"])  # the champion against itself: it passes
    assert r.exit_code == 0, r.output
    assert "promote gate: examples evaluated" in r.stderr and "80/80" in r.stderr  # 2 models x 40 examples
    assert "champion is now 0.0.1" in r.stdout and load_registry().champion == "0.0.1"
    quiet = CliRunner().invoke(app, ["models", "promote", "0.0.1", "--quiet"])
    assert quiet.exit_code == 0 and "examples evaluated" not in quiet.stderr
