"""benchmarks/hard_cases.py: the hand-written set's shape, the scoring, and a run on the tiny model."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.benchmarks.bench_scripts import load


def test_the_set_has_every_category_with_valid_labels() -> None:
    rows = load("hard_cases").load_cases()
    assert len(rows) == 92
    counts = Counter(r["category"] for r in rows)
    assert counts == {"negated_negative": 14, "no_complaints": 10, "negated_positive": 12, "questions_requests": 12,
                      "facts": 12, "sarcasm": 12, "symbols_only": 12, "plain": 8}
    assert len({r["text"] for r in rows}) == len(rows)
    assert {r["sentiment"] for r in rows if r["category"] in ("questions_requests", "facts")} == {"neutral"}
    assert {r["sentiment"] for r in rows if r["category"] == "sarcasm"} == {"negative"}


def test_the_social_set_has_its_categories_and_reads_with_cases(tiny_model_dir: Path, tmp_path: Path) -> None:
    hc = load("hard_cases")
    social = hc.CASES.with_name("hard-cases-social-v1.jsonl")
    rows = hc.load_cases(social)
    assert Counter(r["category"] for r in rows) == {"gratitude": 12, "sarcastic_thanks": 8, "polite_requests": 8,
                                                    "addressed": 12}
    assert len({r["text"] for r in rows}) == len(rows)
    assert {r["sentiment"] for r in rows if r["category"] == "gratitude"} == {"positive"}
    assert {r["sentiment"] for r in rows if r["category"] == "sarcastic_thanks"} == {"negative"}
    assert {r["sentiment"] for r in rows if r["category"] == "polite_requests"} == {"neutral"}
    out = tmp_path / "social.json"
    assert hc.main(["--cases", str(social), "--model", str(tiny_model_dir), "--no-trained", "--json", str(out)]) == 0
    got = json.loads(out.read_text(encoding="utf-8"))
    assert got["cases"] == "hard-cases-social-v1.jsonl" and len(got["rows"]) == 40


def test_summary_counts_a_skipped_comment_as_wrong() -> None:
    rows = [{"text": "a", "sentiment": "positive", "category": "x"}, {"text": "b", "sentiment": "negative",
                                                                      "category": "x"},
            {"text": "c", "sentiment": "neutral", "category": "y"}]
    s = load("hard_cases").summarise(rows, ["positive", None, "neutral"])
    assert s["accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert s["per_category"] == {"x": 0.5, "y": 1.0}
    assert s["predicted"] == {"positive": 1, "skipped": 1, "neutral": 1}
    assert s["macro_f1"] == pytest.approx(round((1 + 0 + 1) / 3, 4))


def test_a_row_without_a_valid_label_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "cases.jsonl"
    bad.write_text(json.dumps({"text": "x", "sentiment": "mixed", "category": "c"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="sentiment in"):
        load("hard_cases").load_cases(bad)


def test_a_run_on_the_tiny_model_writes_every_row(tiny_model_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "hard.json"
    assert load("hard_cases").main(["--model", str(tiny_model_dir), "--no-trained", "--json", str(out)]) == 0
    res = json.loads(out.read_text(encoding="utf-8"))
    assert len(res["rows"]) == 92 and set(res["results"]) == {tiny_model_dir.name, "vader"}
    assert set(res["results"]["vader"]["per_category"]) == {r["category"] for r in res["rows"]}


def test_the_multilingual_set_has_its_languages_and_no_english() -> None:
    hc = load("hard_cases")
    rows = hc.load_cases(hc.CASES.with_name("hard-cases-multilingual-v1.jsonl"))
    assert Counter(r["category"] for r in rows) == {"fr": 6, "de": 6, "es": 6, "it": 6, "pt": 6, "nl": 6, "other": 8}
    assert len({r["text"] for r in rows}) == len(rows)
    for lang in ("fr", "de", "es", "it", "pt", "nl"):  # two praised, three complaints, one question each
        assert Counter(r["sentiment"] for r in rows if r["category"] == lang) == {"negative": 3, "positive": 2,
                                                                                "neutral": 1}
    pytest.importorskip("fasttext")
    from nlp.language import detect_languages

    assert "en" not in detect_languages([r["text"] for r in rows])
