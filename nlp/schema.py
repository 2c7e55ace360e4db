"""Result types of the one predict path. Plain dataclasses; ``to_dict`` gives the JSON contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SENTIMENTS: tuple[str, ...] = ("negative", "neutral", "positive")
THEME_SENTIMENTS: tuple[str, ...] = ("positive", "neutral", "negative", "conflict")

SentimentLabel = Literal["negative", "neutral", "positive"]
ThemeSentimentLabel = Literal["positive", "neutral", "negative", "conflict"]


@dataclass(frozen=True, slots=True)
class SentimentResult:
    """Overall sentiment: an exclusive label, calibrated scores summing to 1, and a mixed flag."""

    label: SentimentLabel
    scores: dict[str, float]
    mixed: bool

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "scores": dict(self.scores), "mixed": self.mixed}


@dataclass(frozen=True, slots=True)
class ThemeHit:
    """One detected theme with its confidence, its own sentiment and the clause that triggered it."""

    id: str
    label: str
    confidence: float
    sentiment: ThemeSentimentLabel
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "confidence": self.confidence,
            "sentiment": self.sentiment,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class CommentResult:
    """Everything NPS Lens says about one comment. ``skipped`` holds a reason when it was not analysed;
    ``language`` is its ISO 639-1 code, or ``None`` when too short or unclear (see :mod:`nlp.language`)."""

    sentiment: SentimentResult | None
    themes: tuple[ThemeHit, ...] = field(default=())
    skipped: str | None = None
    language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentiment": self.sentiment.to_dict() if self.sentiment else None,
            "themes": [t.to_dict() for t in self.themes],
            "language": self.language,
            "skipped": self.skipped,
        }

    @classmethod
    def skip(cls, reason: str) -> CommentResult:
        return cls(sentiment=None, themes=(), skipped=reason)
