"""Helpers for report tests: fake analyser results (no model)."""

from __future__ import annotations

from nlp.schema import CommentResult, SentimentResult, ThemeHit

LABELS = {"wait_time": "Waiting time", "app": "App and website", "price": "Price"}


def result(label: str | None, themes: dict[str, str] | None = None, conf: float = 0.9) -> CommentResult:
    """A CommentResult as the analyser would return it; ``label=None`` means skipped (empty comment)."""
    if label is None:
        return CommentResult.skip("empty")
    scores = {"negative": 0.1, "neutral": 0.1, "positive": 0.1}
    scores[label] = 0.8
    hits = tuple(ThemeHit(t, LABELS.get(t, t), conf, s, f"evidence for {t}") for t, s in (themes or {}).items())
    return CommentResult(SentimentResult(label, scores, False), hits)  # type: ignore[arg-type]
