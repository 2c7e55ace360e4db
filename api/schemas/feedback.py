"""Corrections of classify results (``POST /v1/feedback``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from api.schemas.classify import HARD_MAX_CHARS, TaxonomyName

ThemeId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Sentiment = Literal["negative", "neutral", "positive"]
ThemeSentiment = Literal["positive", "neutral", "negative", "conflict"]


EXAMPLE = {"text": "Friendly staff but the queue took forever.", "sentiment": "negative",
           "themes": {"wait_time": "negative", "staff_attitude": "positive"}, "model_version": "1.0.0",
           "comment_id": "c1", "user": "analyst@example.com", "reason": "mixed comment, queue dominates"}


def _needs_a_correction(schema: dict[str, Any]) -> None:
    """State :meth:`FeedbackIn._something_corrected` in the schema: a non-null ``sentiment`` or ``themes``."""
    schema["examples"] = [EXAMPLE]
    props = schema["properties"]
    for branch in props["themes"]["anyOf"]:
        if "patternProperties" in branch:  # the keys are theme ids: no other key is allowed
            branch["additionalProperties"] = False
    schema["anyOf"] = [{"required": [name], "properties": {name: next(
        b for b in props[name]["anyOf"] if b.get("type") != "null")}} for name in ("sentiment", "themes")]


class FeedbackIn(BaseModel):
    """A correction: the right sentiment and/or themes (with their sentiment) for one comment."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_needs_a_correction)

    text: str = Field(min_length=1, max_length=HARD_MAX_CHARS)
    sentiment: Sentiment | None = None
    themes: dict[ThemeId, ThemeSentiment | None] | None = Field(
        None, max_length=200, description="Theme id → its sentiment (null: unknown); {} means no theme applies.")
    taxonomy: TaxonomyName | None = Field(None, description="Registered taxonomy the theme ids belong to; "
                                          "default: the model's own.")
    model_version: Annotated[str, StringConstraints(max_length=100)] | None = None
    comment_id: Annotated[str, StringConstraints(max_length=200)] | None = None
    user: Annotated[str, StringConstraints(max_length=200)] | None = None
    reason: Annotated[str, StringConstraints(max_length=2000)] | None = None

    @model_validator(mode="after")
    def _something_corrected(self) -> Self:
        if self.sentiment is None and self.themes is None:
            raise ValueError("give the corrected 'sentiment', 'themes' or both")
        return self


class FeedbackOut(BaseModel):
    id: int
    created_at: datetime
