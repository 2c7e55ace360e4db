"""Validation catches each bad-input case with a clear message (and a file:line), before any training."""

from __future__ import annotations

import pandas as pd
import pytest
from train_helpers import small_taxonomy, write_jsonl

from nlp.labelled import read_labelled
from nlp.taxonomy import taxonomy_from_dict
from training.checks import validate
from training.config import TrainConfig

TAX = taxonomy_from_dict(small_taxonomy())
CFG = TrainConfig(min_examples_warn=3, min_examples_error=1, max_other_language=0.2)


def good(n: int = 3) -> list[dict]:
    rows = []
    for tid in TAX.ids:
        for i in range(n):
            rows.append({"text": f"comment number {i} about {tid} and nothing else here",
                         "sentiment": ["negative", "neutral", "positive"][i % 3], "themes": {tid: "negative"}})
    return rows


def run(tmp_path, rows, cfg=CFG, **kw):
    df = read_labelled(write_jsonl(tmp_path / "d.jsonl", rows))
    return validate(df, TAX, cfg, **kw)


def codes(report, level=None):
    return {i.code for i in report.issues if level is None or i.level == level}


def test_clean_data_passes(tmp_path):
    clean, rep = run(tmp_path, good())
    assert not rep.errors and len(clean) == 15
    assert rep.summary["themes_new_data"]["wait_time"] == 3


@pytest.mark.parametrize("row, code, fragment", [
    ({"sentiment": "negative"}, "missing_text", "no text"),
    ({"text": None, "sentiment": "negative"}, "missing_text", "no text"),
    ({"text": "   ", "sentiment": "negative"}, "empty_text", "empty"),
    ({"text": 42, "sentiment": "negative"}, "not_text", "not a string"),
    ({"text": "fine thanks", "sentiment": "angry"}, "unknown_sentiment", "'angry'"),
    ({"text": "fine thanks", "themes": {"parking": "negative"}}, "unknown_theme", "parking"),
    ({"text": "fine thanks", "themes": ["wait_time", "not_a_theme"]}, "unknown_theme", "not_a_theme"),
    ({"text": "fine thanks", "themes": {"wait_time": "furious"}}, "unknown_theme_sentiment", "furious"),
])
def test_each_bad_row_is_an_error_with_its_line(tmp_path, row, code, fragment):
    _, rep = run(tmp_path, [*good(), row])
    err = next(i for i in rep.errors if i.code == code)
    assert fragment in err.message
    assert err.where == ["d.jsonl:16"]


def test_conflicting_duplicates_are_an_error_exact_ones_a_warning(tmp_path):
    rows = [*good(), {"text": "Slow queue", "sentiment": "negative"}, {"text": "slow  queue", "sentiment": "positive"},
            {"text": "nice staff", "sentiment": "positive"}, {"text": "nice staff", "sentiment": "positive"}]
    clean, rep = run(tmp_path, rows)
    conflict = next(i for i in rep.errors if i.code == "conflicting_duplicate")
    assert "different labels" in conflict.message and conflict.where == ["d.jsonl:16", "d.jsonl:17"]
    assert "duplicate" in codes(rep, "warning")
    assert (clean["text"] == "nice staff").sum() == 1


def test_unlabelled_rows_are_dropped_with_a_warning(tmp_path):
    clean, rep = run(tmp_path, [*good(), {"text": "to label", "sentiment": None, "themes": None}])
    assert "unlabelled" in codes(rep, "warning") and "to label" not in set(clean["text"])


def test_too_few_examples_warn_and_error(tmp_path):
    cfg = TrainConfig(min_examples_warn=4, min_examples_error=3)
    rows = [r for r in good() if "delivery" not in r["themes"]] + [r for r in good(2) if "delivery" in r["themes"]]
    _, rep = run(tmp_path, rows, cfg)
    err = next(i for i in rep.errors if i.code == "too_few_examples")
    assert "'delivery': 2" in err.message and "min_examples_error" in err.message
    assert "few_examples" in codes(rep, "warning")  # the others have 3 < 4


def test_base_data_counts_towards_the_minimum(tmp_path):
    cfg = TrainConfig(min_examples_warn=4, min_examples_error=3)
    _, rep = run(tmp_path, good(), cfg, base_counts={t: 5 for t in TAX.ids})
    assert not rep.errors and "few_examples" not in codes(rep)


def test_other_language_error_above_the_limit_warning_below(tmp_path):
    fr = {"text": "Le personnel était très gentil mais l'attente était beaucoup trop longue", "sentiment": "neutral"}
    _, rep = run(tmp_path, [*good(), fr])
    assert "other_language" in codes(rep, "warning") and "fr" in rep.warnings[-1].message
    _, rep = run(tmp_path, [*good(), *[dict(fr, text=fr["text"] + f" {i}") for i in range(6)]])
    assert "other_language" in codes(rep, "error")


def test_imbalance_is_summarised(tmp_path):
    rows = good() + [{"text": f"all good number {i}", "sentiment": "positive"} for i in range(120)]
    _, rep = run(tmp_path, rows)
    warn = next(i for i in rep.warnings if i.code == "imbalance")
    assert "'positive'" in warn.message


def test_no_usable_rows(tmp_path):
    _, rep = run(tmp_path, [{"text": "x y z", "sentiment": None}])
    assert "no_data" in codes(rep, "error")


def test_csv_formats_and_the_feedback_export_read_as_training_data(tmp_path):
    p = tmp_path / "d.csv"
    pd.DataFrame({"text": ["slow queue, rude staff", "cheap", "unlabelled one"],
                  "sentiment": ["negative", "positive", ""],
                  "themes": ["wait_time:negative;staff_attitude", "price_value", ""]}).to_csv(p, index=False)
    df = read_labelled(p)
    assert df["themes"][0] == {"wait_time": "negative", "staff_attitude": None}
    assert list(df["themes_known"]) == [True, True, False] and df["line"].tolist() == [2, 3, 4]
    export = write_jsonl(tmp_path / "feedback.jsonl", [
        {"text": "the queue was endless", "sentiment": "negative", "themes": {"wait_time": "negative"}},
        {"text": "Café staff were lovely", "sentiment": None, "themes": {"staff_attitude": None}}])
    clean, rep = validate(read_labelled(export), TAX, CFG, check_counts=False)
    assert not rep.errors and len(clean) == 2


@pytest.mark.parametrize(("gloss", "lines"), [(True, ["d.jsonl:18"]),
                                              (False, ["d.jsonl:16", "d.jsonl:17", "d.jsonl:18"])])
def test_a_row_of_symbols_only_is_text_when_the_model_reads_symbols(tmp_path, gloss, lines):
    rows = [*good(), {"text": "👍👍", "sentiment": "positive"}, {"text": "10/10", "sentiment": "positive"},
            {"text": "###", "sentiment": "neutral"}]
    _, rep = run(tmp_path, rows, TrainConfig(min_examples_warn=3, min_examples_error=1, max_other_language=0.2,
                                             gloss_symbols=gloss))
    err = next(i for i in rep.errors if i.code == "not_text")
    assert err.where == lines
    assert ("no emoji, emoticon or rating" in err.message) == gloss
