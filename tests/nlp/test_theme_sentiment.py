"""Theme sentiment comes from the theme's own evidence (its clauses, weighted by how much each is about the theme),
against the shipped model (hand-written cases).

Each case names a phrase of one clause and the sentiment every theme whose evidence is that clause must get.
The cases marked ``xfail(strict=True)`` still fail with the shipped model (2.0.0 to 2.15.0: no theme's evidence is
the "support never replied" clause of either, 1.1.0 also read it as positive). Short "never + what did not happen"
complaints were read positive up to 2.12.0 (docs/benchmarks.md P); "Customer service never called me back." passes
since 2.13.0's negation features (section X), "Never got my refund." since 2.14.0 (section Y). When a model gets
the marked cases right, the mark has to go.
"""

from __future__ import annotations

import pytest

from nlp.pipeline import Analyzer

pytestmark = pytest.mark.slow

PASSING = [
    ("The staff were friendly but the wait was long", {"staff were friendly": "positive", "wait was long": "negative"}),
    ("Fast delivery but the app keeps crashing", {"Fast delivery": "positive", "app keeps crashing": "negative"}),
    ("The food arrived hot and on time but support never replied to my email.",
     {"support never replied": "negative"}),
    ("Love the app and delivery is quick, but the support team never replied to my emails.",
     {"Love the app": "positive", "never replied": "negative"}),
    ("Nobody ever called me back about my broken router, although the technician was polite.",
     {"called me back": "negative", "technician was polite": "positive"}),
    ("Checkout was easy, though the refund took three weeks and nobody answered the phone.",
     {"Checkout was easy": "positive", "refund took three weeks": "negative"}),
    ("Customer service never called me back.", {"never called me back": "negative"}),  # since 2.13.0
    ("Never got my refund.", {"Never got my refund": "negative"}),  # since 2.14.0
    ("The room was spotless and the breakfast was lovely, but check-in took an hour.",
     {"room was spotless": "positive", "check-in took an hour": "negative"}),
]
KNOWN_FAILURES = [
    ("Great prices. Support never replied.", {"Great prices": "positive", "Support never replied": "negative"}),
    ("Support never replied, but the driver was lovely and the food was great.",
     {"Support never replied": "negative", "driver was lovely": "positive"}),
]


def _check(analyzer: Analyzer, text: str, want: dict[str, str]) -> None:
    (res,) = analyzer.analyze([text])
    for phrase, sentiment in want.items():
        hits = [h for h in res.themes if phrase in h.evidence]
        assert hits, f"no theme found with evidence containing {phrase!r}: {res.themes}"
        assert {h.sentiment for h in hits} == {sentiment}, [(h.id, h.sentiment, h.evidence) for h in hits]


@pytest.mark.parametrize(("text", "want"), PASSING)
def test_each_theme_takes_the_sentiment_of_its_own_clause(default_analyzer: Analyzer, text: str,
                                                           want: dict[str, str]) -> None:
    _check(default_analyzer, text, want)


@pytest.mark.parametrize(("text", "want"), KNOWN_FAILURES)
@pytest.mark.xfail(strict=True, reason="2.0.0 to 2.15.0 find no theme on the 'support never replied' clause (1.1.0 "
                   "also read it as positive)")
def test_known_failures_of_the_shipped_model(default_analyzer: Analyzer, text: str, want: dict[str, str]) -> None:
    _check(default_analyzer, text, want)
