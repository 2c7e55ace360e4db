import numpy as np
import pandas as pd
import pytest

from nlp.report.quotes import allocate, mask_pii, mmr, select_quotes, shorten


@pytest.mark.parametrize(("text", "want"), [
    ("mail me at jo.smith+nps@example.co.uk please", "mail me at [email] please"),
    ("call 07700 900123 or +44 (0)161 496 0000", "call [phone] or [phone]"),
    ("US number (555) 123-4567 tonight", "US number [phone] tonight"),
    ("charged on 4111 1111 1111 1111 twice", "charged on [card number] twice"),
    ("card 4111-1111-1111-1111 and 5500000000000004", "card [card number] and [card number]"),
])
def test_pii_is_masked(text, want):
    assert mask_pii(text) == want


@pytest.mark.parametrize("text", ["waited 55 minutes on 2026-03-14", "paid £1,234.56 for 12 months",
                                  "order 12345 arrived 03/04/2026", "3 out of 10, 2 stars"])
def test_ordinary_numbers_are_kept(text):
    assert mask_pii(text) == text


def test_shorten_at_word_boundary():
    assert shorten("a" * 10, 20) == "a" * 10
    out = shorten("one two three four five six", 14)
    assert out == "one two three…"


def test_allocate_slots_in_proportion():
    assert allocate({"negative": 70, "positive": 25, "neutral": 5}, 3) == {"negative": 2, "positive": 1}
    assert allocate({"negative": 10}, 3) == {"negative": 3}
    assert sum(allocate({"a": 1, "b": 1, "c": 1, "d": 1}, 3).values()) == 3
    assert allocate({}, 3) == {}


def test_mmr_prefers_diverse_picks():
    v = np.array([[1, 0], [0.99, 0.141], [0, 1]], dtype=float)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    rel = np.array([1.0, 0.99, 0.5])
    assert mmr(v, rel, 2, lam=0.5) == [0, 2]  # the near-duplicate of 0 loses to the different one
    assert mmr(v, rel, 2, lam=1.0) == [0, 1]  # pure relevance


def test_select_quotes_dedupes_mixes_sentiment_and_diversifies():
    cand = pd.DataFrame({
        "row": range(7),
        "text": ["the queue was so long", "The queue was SO long!", "queue was long today and slow",
                 "waited an hour on the phone line", "quick service today, no queue", "queue ok", "the queue was long"],
        "sentiment": ["negative", "negative", "negative", "negative", "positive", "neutral", "negative"],
        "confidence": [0.9, 0.9, 0.8, 0.7, 0.9, 0.6, 0.9],
        "score": [2, 2, 3, 1, 9, 7, 2],
    })
    got = select_quotes(cand, k=3, tone_counts={"negative": 75, "positive": 20, "neutral": 5})
    assert len(got) == 3
    assert got["sentiment"].tolist().count("negative") == 2 and "positive" in got["sentiment"].tolist()
    keys = got["text"].str.lower().str.replace(r"\W+", " ", regex=True).str.strip()
    assert keys.is_unique  # near-identical "so long" duplicates never both appear
    assert select_quotes(cand.iloc[:0], k=3).empty


def test_select_quotes_with_embeddings():
    cand = pd.DataFrame({"row": [1, 2, 3], "text": ["a", "b", "c"], "sentiment": ["negative"] * 3})
    emb = np.eye(3, dtype=np.float32)
    assert len(select_quotes(cand, k=2, embeddings=emb)) == 2
