"""benchmarks/social_dev.py: which posts the setting changes, and the tweets scored as the harness scores them."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from tests.benchmarks.bench_scripts import SHARED_DATA, load


class StubAnalyzer:
    def __init__(self, labels: dict[str, str | None]) -> None:
        self.labels = labels

    def analyze(self, texts: list[str]) -> list[SimpleNamespace]:
        return [SimpleNamespace(sentiment=SimpleNamespace(label=self.labels[t]) if self.labels[t] else None,
                                themes=[]) for t in texts]


def test_changed_keeps_the_posts_with_addressing_or_links() -> None:
    sd = load("social_dev")
    d = pd.DataFrame({"text": ["@Acme  thanks", "no handle here", "late again https://t.co/x", "mail a@b.example"],
                      "sentiment": ["positive", "neutral", "negative", "neutral"]})
    assert list(sd.changed(d)["text"]) == ["@Acme  thanks", "late again https://t.co/x"]


def test_tweets_are_scored_complaint_if_negative_else_other() -> None:
    sd = load("social_dev")
    d = pd.DataFrame({"text": ["a", "b", "c", "d"], "sentiment": ["negative", "other", "other", "negative"]})
    an = StubAnalyzer({"a": "negative", "b": "positive", "c": None, "d": "neutral"})  # skipped → other
    s = sd.binary(d, an)
    assert s["n"] == 4 and s["accuracy"] == 0.75
    # complaint: P 1, R 0.5 → F1 2/3; other: P 2/3, R 1 → F1 0.8
    assert s["macro_f1"] == pytest.approx((2 / 3 + 0.8) / 2, abs=1e-4)


@pytest.mark.skipif(not (SHARED_DATA / "complaints-social-media-tweets").is_dir(), reason="needs ../shared/data")
def test_dev_and_rest_split_the_tweets_without_overlap() -> None:
    sd = load("social_dev")
    sets = sd.dev_sets(SHARED_DATA)
    dev, rest = set(sets["complaint tweets dev"]["text"]), set(sets["complaint tweets rest"]["text"])
    assert dev and rest and not dev & rest
    assert 0.15 < len(sets["complaint tweets dev"]) / (len(dev) + len(rest)) < 0.25
    assert set(sets["complaint tweets dev"]["sentiment"]) == {"negative", "other"}
