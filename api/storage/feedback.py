"""Corrections of results, exported as training data in the retraining input format.

One exported JSONL line per distinct comment text (its newest correction wins)::

    {"text": "...", "sentiment": "negative", "themes": {"wait_time": "negative", "staff": null}}

which :func:`training.datasets.read_labelled` reads as is (``sentiment`` may be null; a theme's sentiment
may be null when the correction did not say it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select

from api.storage.engine import Database
from api.storage.tables import FeedbackRow, utcnow
from nlp.digest import text_sha256


def text_hash(text: str) -> str:
    return text_sha256(text)


def add(db: Database, *, text: str, sentiment: str | None, themes: Mapping[str, str | None] | None,
        taxonomy: str | None, model_version: str | None, comment_id: str | None, user: str | None,
        reason: str | None) -> FeedbackRow:
    with db.session() as s:
        row = FeedbackRow(text=text, text_hash=text_hash(text), sentiment=sentiment, themes=themes,
                          taxonomy=taxonomy, model_version=model_version, comment_id=comment_id, user=user,
                          reason=reason, created_at=utcnow())
        s.add(row)
        s.flush()
        return row


def training_record(row: FeedbackRow) -> dict[str, Any]:
    # themes None = "not corrected": null, so training treats theme labels as unknown, not as "no theme"
    return {"text": row.text, "sentiment": row.sentiment,
            "themes": dict(row.themes) if row.themes is not None else None}


def export_lines(db: Database, *, since: datetime | None = None, taxonomy: str | None = None,
                 chunk: int = 500) -> Iterator[bytes]:
    """Stream JSONL lines (bytes), newest correction per text, in batches of ``chunk`` rows from the DB.

    Rows are read ordered by (text hash, newest first) so duplicates are adjacent and memory stays flat.
    """
    stmt = select(FeedbackRow).order_by(FeedbackRow.text_hash, FeedbackRow.created_at.desc(),
                                        FeedbackRow.id.desc())
    if since is not None:
        stmt = stmt.where(FeedbackRow.created_at >= since)
    if taxonomy is not None:
        stmt = stmt.where(FeedbackRow.taxonomy == taxonomy)
    last: str | None = None
    with db.session() as s:
        for row in s.scalars(stmt.execution_options(yield_per=chunk)):
            if row.text_hash == last:
                continue
            last = row.text_hash
            yield (json.dumps(training_record(row), ensure_ascii=False) + "\n").encode("utf-8")
