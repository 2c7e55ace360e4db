"""``POST /v1/classify``: comments in, one CLI-identical result object per comment out."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints


def _whole_number(value: Any) -> Any:
    """JSON Schema counts ``5.0`` (and ``1e1``) as the integer it equals, so the API does too; ``5.5`` stays an
    error, and so do strings and booleans (the models are strict)."""
    return int(value) if type(value) is float and value.is_integer() else value


WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
Score = Annotated[int, Field(ge=0, le=10), BeforeValidator(_whole_number)]  # bounds first: they reach the schema
TaxonomyName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")]
CommentId = Annotated[str, StringConstraints(max_length=200)] | WholeNumber
HARD_MAX_CHARS = 1_000_000  # schema bound; the configured limit (GET /info) is enforced with 422
HARD_MAX_COMMENTS = 100_000  # schema bound; the configured limit (GET /info) is enforced with 413


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={
        "examples": [{"id": "c1", "text": "Friendly staff but the queue took forever.", "score": 4}]})

    id: CommentId | None = Field(None, description="Your id for the comment; copied to the result.")
    text: str = Field(max_length=HARD_MAX_CHARS, description="The comment. Blank text, and text with no letter "
                      "and no emoji, emoticon or rating the model reads (\"👍\", \"10/10\"; models from 2.8.0), "
                      "comes back with 'skipped' set.")
    score: Score | None = Field(None, description="0–10 likelihood-to-recommend; 0–6 is a detractor "
                  "(sent to the webhook when one is configured).")


class ClassifyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={"examples": [{
        "comments": [{"id": "c1", "text": "Friendly staff but the queue took forever.", "score": 4},
                     {"id": "c2", "text": "Cheap and quick, love the app", "score": 10}]}]})

    comments: list[CommentIn] = Field(min_length=1, max_length=HARD_MAX_COMMENTS,
                                      description="At least 1; at most max_comments_per_request (GET /info).")
    taxonomy: TaxonomyName | None = Field(None, description="A registered taxonomy (PUT /v1/taxonomies/{name}); "
                                          "default: the model's own.")


class SentimentOut(BaseModel):
    label: Literal["negative", "neutral", "positive"]
    scores: dict[str, float]
    mixed: bool


class ThemeOut(BaseModel):
    id: str
    label: str
    confidence: float
    sentiment: Literal["positive", "neutral", "negative", "conflict"]
    evidence: str


class CommentResultOut(BaseModel):
    """The same object as one line of ``npslens classify`` output."""

    row: int = Field(description="0-based position in the request.")
    id: str | int | None
    sentiment: SentimentOut | None
    themes: list[ThemeOut]
    language: str | None = Field(None, description="ISO 639-1 code of the comment's language (en, fr, de …); null "
                                 "when skipped, too short (under 4 letters) or unclear.")
    skipped: str | None = Field(description="Why the comment was not analysed (empty, not_text …), else null.")


class ModelRef(BaseModel):
    name: str
    version: str


class TaxonomyRef(BaseModel):
    name: str
    fingerprint: str
    source: Literal["model", "registered"]
    fit: str | None = Field(None, description="The taxonomy fit (`npslens taxonomy fit`) its few-shot head reads: "
                            "the fit folder's name under <models dir>/fits; null: none (a taxonomy without "
                            "examples, or not fitted).")


class ClassifyResponse(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "model": {"name": "npslens-default", "version": "1.0.0"},
        "taxonomy": {"name": "cx-default", "fingerprint": "3f2a9c0d1e2b4a5c", "source": "model"},
        "results": [{"row": 0, "id": "c1", "sentiment": {"label": "negative", "scores": {
            "negative": 0.71, "neutral": 0.12, "positive": 0.17}, "mixed": True}, "themes": [{
                "id": "wait_time", "label": "Wait time", "confidence": 0.93, "sentiment": "negative",
                "evidence": "the queue took forever"}], "language": "en", "skipped": None}]}]})

    model: ModelRef
    taxonomy: TaxonomyRef
    results: list[CommentResultOut]
