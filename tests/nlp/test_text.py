import math

import pytest

from nlp.text import MAX_CHARS, normalize, skip_reason, split_clauses


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        ("food great, wait awful", ["food great", "wait awful"]),
        ("Loved the room but the breakfast was cold", ["Loved the room", "but the breakfast was cold"]),
        ("Although the price went up, the service is excellent", ["Although the price went up",
                                                                   "the service is excellent"]),
        ("quick and easy", ["quick and easy"]),
        ("fast, friendly and helpful staff", ["fast, friendly and helpful staff"]),
        ("Great app!Easy to use", ["Great app!", "Easy to use"]),
        ("ok", ["ok"]),
    ],
)
def test_split_clauses(text, clauses):
    got = split_clauses(text)
    assert [c.text for c in got] == clauses
    for c in got:  # spans point back into the original text
        assert text[c.start : c.end] == c.text


def test_split_empty():
    assert split_clauses("   ") == []


@pytest.mark.parametrize(
    ("value", "reason"),
    [(None, "empty"), (float("nan"), "empty"), ("", "empty"), ("   ", "empty"), ("12345", "not_text"),
     ("...", "not_text"), (42, "not_text"), ("ok", None), ("très bien", None), ("😀 good", None)],
)
def test_skip_reason(value, reason):
    assert skip_reason(value) == reason


def test_normalize_collapses_whitespace_and_caps_length():
    assert normalize("  a \n\t b  ") == "a b"
    assert len(normalize("x" * (MAX_CHARS + 10))) == MAX_CHARS
    assert not math.isnan(len(normalize("ﬁne")))
    assert normalize("ﬁne") == "fine"  # NFKC
