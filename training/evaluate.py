"""Metrics (from :mod:`nlp.metrics`) and the challenger-vs-base comparison written into metrics.json."""

from __future__ import annotations

from typing import Any

from nlp.metrics import (
    HEADLINE,
    evaluate,
    expected_calibration_error,
    headline,
    mixed_metrics,
    sentiment_metrics,
    theme_metrics,
)

__all__ = ["HEADLINE", "compare", "evaluate", "expected_calibration_error", "headline", "mixed_metrics",
           "sentiment_metrics", "theme_metrics"]


def compare(new: dict[str, Any], base: dict[str, Any]) -> dict[str, dict[str, float | None]]:
    """Headline metrics of ``new`` and ``base`` (same eval data) and their difference, per metric."""
    a, b = headline(new), headline(base)
    return {k: {"new": a[k], "base": b[k],
                "delta": None if a[k] is None or b[k] is None else round(a[k] - b[k], 4)}  # type: ignore[operator]
            for k in HEADLINE}
