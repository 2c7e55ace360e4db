"""``POST /v1/feedback`` (a correction) and ``GET /v1/feedback/export`` (training data, streamed)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from pydantic import BeforeValidator

from api.core.problems import ApiProblem, problem_responses
from api.core.security import Authenticated
from api.deps import AnalyzerDep, DbDep, SettingsDep
from api.schemas.classify import TaxonomyName
from api.schemas.feedback import FeedbackIn, FeedbackOut
from api.storage import feedback as store
from api.storage import taxonomies as tax_store

router = APIRouter(prefix="/v1/feedback", tags=["feedback"], dependencies=[Authenticated])
_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def _iso_only(value: Any) -> Any:
    """``since`` is an ISO 8601 date or date-time; pydantic would also take a number as Unix seconds (0.5)."""
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        raise ValueError(f"since must be an ISO 8601 date-time such as 2026-05-01T00:00:00Z, not the number {value!r}")
    return value


Since = Annotated[datetime, BeforeValidator(_iso_only)]


@router.post("", status_code=201, response_model=FeedbackOut, responses=problem_responses(401, 413, 422, 503),
             summary="Record a correction of a result")
def post_feedback(body: FeedbackIn, db: DbDep, analyzer: AnalyzerDep, settings: SettingsDep) -> FeedbackOut:
    """Theme ids are checked against the taxonomy they belong to (a registered one, or the model's own); the
    text has classify's per-comment limit (``NPSLENS_MAX_COMMENT_CHARS``), so corrections stay trainable input."""
    if len(body.text) > settings.max_comment_chars:
        raise ApiProblem(422, "comment_too_long", f"the text is {len(body.text)} characters, longer than "
                         f"{settings.max_comment_chars} (NPSLENS_MAX_COMMENT_CHARS, the same limit as /v1/classify); "
                         "shorten it")
    if body.taxonomy is None:
        known = set(analyzer.taxonomy.ids)
    else:
        with db.session() as s:
            row = tax_store.get(s, name=body.taxonomy)
            if row is None:
                raise ApiProblem(422, "unknown_taxonomy", f"no taxonomy named {body.taxonomy!r} is registered")
            known = set(tax_store.as_taxonomy(row).ids)
    unknown = sorted(set(body.themes or {}) - known)
    if unknown:
        raise ApiProblem(422, "unknown_theme", f"theme ids {unknown[:10]} are not in the taxonomy "
                         f"({len(known)} themes, e.g. {sorted(known)[:5]}); see GET /info or /v1/taxonomies")
    saved = store.add(db, text=body.text, sentiment=body.sentiment, themes=body.themes, taxonomy=body.taxonomy,
                      model_version=body.model_version, comment_id=body.comment_id, user=body.user, reason=body.reason)
    return FeedbackOut(id=saved.id, created_at=saved.created_at)


@router.get("/export", response_class=StreamingResponse, summary="Stream corrections as training JSONL",
            responses={200: {"description": "One JSON object per line: {text, sentiment, themes}",
                             "content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
                       **problem_responses(401, 422)})
def export_feedback(db: DbDep,
                    since: Annotated[Since | None, Query(description="Only corrections from this time on (ISO 8601, "
                                                         "e.g. 2026-05-01T00:00:00Z).")] = None,
                    taxonomy: Annotated[TaxonomyName | None, Query(description="Only this taxonomy's.")] = None,
                    ) -> StreamingResponse:
    """The retraining input format (see ``training/datasets.py``), newest correction per distinct text:
    ``{"text": "...", "sentiment": "negative", "themes": {"wait_time": "negative"}}``."""
    return StreamingResponse(store.export_lines(db, since=since, taxonomy=taxonomy),
                             media_type="application/x-ndjson",
                             headers={"Content-Disposition": 'attachment; filename="feedback.jsonl"'})
