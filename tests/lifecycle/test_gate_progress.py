"""The gate's ``progress(done, total)`` callback: examples evaluated, batch by batch, with unchanged results."""

from __future__ import annotations

from pathlib import Path

import pytest

import lifecycle.gate
from lifecycle.gate import compare_on_eval_set
from lifecycle.registry import gate_check, promote
from nlp.artifacts.registry_file import load_registry

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EVAL = FIXTURES / "tiny_corpus.jsonl"  # 40 labelled comments


def test_progress_counts_both_models_examples_batch_by_batch(tiny_analyzer, monkeypatch):
    plain = compare_on_eval_set(tiny_analyzer, tiny_analyzer, EVAL)
    monkeypatch.setattr(lifecycle.gate, "DEFAULT_BATCH", 16)
    calls: list[tuple[int, int]] = []
    reported = compare_on_eval_set(tiny_analyzer, tiny_analyzer, EVAL, progress=lambda d, t: calls.append((d, t)))
    # champion: 16, 32, 40; then challenger: 56, 72, 80 (2 x 40 examples)
    assert calls == [(0, 80), (16, 80), (32, 80), (40, 80), (56, 80), (72, 80), (80, 80)]
    assert reported.to_dict() == plain.to_dict() and plain.n == 40


def test_no_champion_reports_nothing(tiny_analyzer):
    calls: list[tuple[int, int]] = []
    result = compare_on_eval_set(tiny_analyzer, None, EVAL, progress=lambda d, t: calls.append((d, t)))
    assert result.ok and calls == []


@pytest.fixture
def root(tiny_champion_root: Path) -> Path:
    return tiny_champion_root


def test_gate_check_and_promote_pass_progress_through(root):
    calls: list[tuple[int, int]] = []
    assert gate_check("0.0.1", progress=lambda d, t: calls.append((d, t))).ok  # the champion against itself
    assert calls[0] == (0, 80) and calls[-1] == (80, 80)
    calls.clear()
    assert promote("0.0.1", progress=lambda d, t: calls.append((d, t))).ok
    assert calls[-1] == (80, 80) and load_registry().champion == "0.0.1"
