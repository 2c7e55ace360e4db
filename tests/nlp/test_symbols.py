"""Emoji, emoticons and ratings read as words (nlp/symbols.py), the skip rule and the unit layout that use them."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from nlp.pipeline import Analyzer
from nlp.symbols import GLOSSES, gloss_symbols, has_symbol_content, read_as_words
from nlp.text import skip_reason

MODEL_2_8 = Path(__file__).resolve().parents[2] / "models" / "npslens-default-2.8.0"


@pytest.mark.parametrize(("text", "read"), [
    ("👍", "thumbs up"),
    ("😡😡", "angry angry"),
    ("👍🏽 thanks", "thumbs up thanks"),  # skin tone dropped
    ("❤️ it", "love it"),  # variation selector dropped
    ("late again 😡", "late again angry"),
    ("great app 👩‍💻", "great app"),  # an emoji outside the table is removed
    ("10/10", "10/10 excellent"),
    ("9.5/10 would buy again", "9.5/10 excellent would buy again"),
    ("Food 2/10, never again", "Food 2/10 terrible, never again"),
    ("3 out of 5", "3 out of 5 average"),
    ("1 star, avoid", "1 star terrible, avoid"),
    ("5*", "5* excellent"),
    ("⭐⭐⭐⭐", "4 stars very good"),
    ("nice :)", "nice happy"),
    (":( so slow", "sad so slow"),
])
def test_gloss(text: str, read: str) -> None:
    assert gloss_symbols(text) == read


@pytest.mark.parametrize("text", [
    "plain text, nothing to gloss",
    "see https://example.com/help",  # ':/' inside a URL is not an emoticon
    "open 24/7",  # not a rating scale
    "12/10",  # above the scale
    "waited 3/4 of an hour",
    "🦒",  # would leave no letters: kept as written
])
def test_left_alone(text: str) -> None:
    assert gloss_symbols(text) is text


def test_gloss_is_idempotent() -> None:
    for text in ("10/10", "👍 5 stars", "late again 😡 2/5", ":) 8/10"):
        once = gloss_symbols(text)
        assert gloss_symbols(once) == once


def test_every_gloss_has_letters() -> None:
    assert all(any(c.isalpha() for c in g) for g in GLOSSES.values())


@pytest.mark.parametrize(("value", "with_symbols", "letters_only"), [
    ("👍", None, "not_text"), ("10/10", None, "not_text"), (":(", None, "not_text"), ("⭐⭐⭐", None, "not_text"),
    ("🦒", "not_text", "not_text"), ("12345", "not_text", "not_text"), ("...", "not_text", "not_text"),
    ("ok", None, None),
])
def test_skip_reason_reads_symbols_only_when_asked(value: str, with_symbols: str | None,
                                                   letters_only: str | None) -> None:
    assert skip_reason(value) == with_symbols
    assert skip_reason(value, symbols=False) == letters_only
    assert has_symbol_content(value) == (with_symbols is None and value != "ok")


def test_only_comments_of_symbols_only_are_read_as_words() -> None:
    assert read_as_words("👍👍") == "thumbs up thumbs up" and read_as_words("10/10!") == "10/10 excellent!"
    for text in ("late again 😡", "10/10 would recommend", "🦒"):
        assert read_as_words(text) is text


def test_symbol_only_comments_get_a_sentiment_and_no_theme(tiny_analyzer: Analyzer) -> None:
    assert tiny_analyzer.gloss_symbols  # TrainConfig.gloss_symbols defaults to on
    res = tiny_analyzer.analyze(["👍👍", "10/10", "🦒", "the app keeps crashing 😡"])
    assert [r.skipped for r in res] == [None, None, "not_text", None]
    assert res[0].sentiment is not None and res[0].themes == () and res[1].themes == ()
    assert all("😡" in h.evidence for h in res[3].themes)  # a comment with letters is read as written


def test_a_model_without_glossing_skips_symbol_only_comments(tiny_analyzer: Analyzer) -> None:
    old = copy.copy(tiny_analyzer)
    old.gloss_symbols = False
    assert [r.skipped for r in old.analyze(["👍👍", "10/10", "ok 👍"])] == ["not_text", "not_text", None]


@pytest.fixture(scope="module")
def shipped() -> Analyzer:
    return Analyzer.load(MODEL_2_8)


def test_the_shipped_model_reads_comments_of_symbols_only(shipped: Analyzer) -> None:
    cases = {"👍": "positive", "👍👍👍": "positive", "😡😡": "negative", "👎": "negative", "🤬": "negative",
             "💩": "negative", "😀": "positive", "😍": "positive", "❤️❤️": "positive", "🙁": "negative",
             ":)": "positive", ":(": "negative", "10/10": "positive", "2/10": "negative", "5/5": "positive",
             "1/5": "negative", "⭐⭐⭐⭐⭐": "positive", "⭐": "negative", "😐": "neutral", "🤔": "neutral"}
    texts, want = list(cases), list(cases.values())
    got = [r.sentiment.label if r.sentiment else None for r in shipped.analyze(texts)]
    assert got == want
    assert all(r.themes == () for r in shipped.analyze(texts))


def test_the_shipped_model_reads_text_with_symbols_as_written(shipped: Analyzer) -> None:
    base = Analyzer.load(MODEL_2_8.parent / "npslens-default-2.7.0", encoder=shipped.encoder)
    texts = ["late again 😡", "Staff were lovely 😍 but 2/10 for the food", "thanks :)"]
    assert [r.to_dict() for r in shipped.analyze(texts)] == [r.to_dict() for r in base.analyze(texts)]
