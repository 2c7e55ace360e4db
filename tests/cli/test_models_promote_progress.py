"""``npslens models promote``: a progress bar of the gate's evaluation on stderr (none with --quiet)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from lifecycle.registry import promote, register, update_registry
from nlp.artifacts.registry_file import EvalSet, load_registry
from nlp.digest import file_sha256

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def root(tmp_path, monkeypatch, tiny_model_dir) -> Path:
    """tiny 0.0.1 as the champion, with the 40-comment fixture corpus as the fixed evaluation set."""
    r = tmp_path / "models"
    r.mkdir()
    monkeypatch.setenv("NPSLENS_MODELS_DIR", str(r))
    shutil.copytree(tiny_model_dir, r / "tiny-0.0.1")
    register(r / "tiny-0.0.1")
    promote("0.0.1")
    shutil.copy(FIXTURES / "tiny_corpus.jsonl", r / "fixed.jsonl")
    update_registry(lambda reg: setattr(reg, "eval_set", EvalSet(path="fixed.jsonl",
                                                                   sha256=file_sha256(r / "fixed.jsonl"))))
    return r


def test_promote_shows_the_gate_evaluation_progress(root):
    r = CliRunner().invoke(app, ["models", "promote", "0.0.1"])  # the champion against itself: it passes
    assert r.exit_code == 0, r.output
    assert "promote gate: examples evaluated" in r.stderr and "80/80" in r.stderr  # 2 models x 40 examples
    assert "champion is now 0.0.1" in r.stdout and load_registry().champion == "0.0.1"
    quiet = CliRunner().invoke(app, ["models", "promote", "0.0.1", "--quiet"])
    assert quiet.exit_code == 0 and "examples evaluated" not in quiet.stderr
