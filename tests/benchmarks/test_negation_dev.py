"""benchmarks/negation_dev.py: scoring (sentiment, theme sentiment through the taxonomy map) and its dev sets."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from tests.benchmarks.bench_scripts import SHARED_DATA, load


class StubAnalyzer:
    """Answers fixed results per text, in the shape of ``Analyzer.analyze``."""

    def __init__(self, answers: dict[str, tuple[str | None, dict[str, str]]]) -> None:
        self.answers = answers

    def analyze(self, texts: list[str]) -> list[SimpleNamespace]:
        out = []
        for t in texts:
            label, themes = self.answers[t]
            out.append(SimpleNamespace(sentiment=SimpleNamespace(label=label) if label else None,
                                       themes=[SimpleNamespace(id=k, sentiment=v) for k, v in themes.items()]))
        return out


def test_score_counts_skipped_as_neutral_and_maps_corpus_themes() -> None:
    nd = load("negation_dev")
    d = pd.DataFrame({
        "text": ["a", "b", "c"],
        "sentiment": ["negative", "positive", "neutral"],
        "clauses": [[{"text": "a", "theme": "bank.support", "polarity": "negative"}],
                    [{"text": "b", "theme": "bank.billing", "polarity": "positive"}],
                    [{"text": "c", "theme": None, "polarity": "neutral"}]],
    })
    an = StubAnalyzer({"a": ("negative", {"issue_resolution": "positive"}),  # support → issue_resolution: wrong
                       "b": ("negative", {"billing": "positive"}),  # billing found and right
                       "c": (None, {})})  # skipped: counts as neutral, right
    s = nd.score(an, d)
    assert s["n"] == 3 and s["accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert s["theme_hits"] == 2 and s["theme_sentiment"] == 0.5


def test_public_rows_have_no_theme_column_to_score() -> None:
    nd = load("negation_dev")
    d = pd.DataFrame({"text": ["x", "y"], "sentiment": ["positive", "negative"]})
    s = nd.score(StubAnalyzer({"x": ("positive", {}), "y": ("positive", {})}), d)
    assert s["accuracy"] == 0.5 and "theme_sentiment" not in s


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="needs ../shared/data")
def test_dev_sets_are_dev_parts_only() -> None:
    nd = load("negation_dev")
    sets = nd.dev_sets(SHARED_DATA)
    assert {"corpus-v1 dev", "negation-v1 dev", "skytrax-dev", "clothing-dev*"} <= set(sets)
    assert set(sets["negation-v1 dev"]["split"]) == {"dev"}
    assert all(nd.is_dev(t) for t in sets["skytrax-dev"]["text"])  # benchmarks/sentiment_dev.is_dev
    assert set(sets["skytrax-dev"]["sentiment"]) == {"positive", "negative"}
