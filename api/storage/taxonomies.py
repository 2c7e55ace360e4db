"""Registered customer taxonomies: validated once on PUT, used by name afterwards."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.storage.tables import TaxonomyRow, utcnow
from nlp.taxonomy import Taxonomy, parse_taxonomy


def put(session: Session, *, name: str, taxonomy: Taxonomy) -> tuple[TaxonomyRow, bool]:
    """Create or replace ``name``; returns the row and whether it was created."""
    row = session.get(TaxonomyRow, name)
    created = row is None
    now = utcnow()
    if row is None:
        row = TaxonomyRow(name=name, created_at=now)
        session.add(row)
    row.body = taxonomy.to_yaml()
    row.fingerprint = taxonomy.fingerprint()
    row.updated_at = now
    session.flush()
    return row, created


def get(session: Session, *, name: str) -> TaxonomyRow | None:
    return session.get(TaxonomyRow, name)


def names(session: Session, *, limit: int = 1000) -> list[str]:
    return list(session.scalars(select(TaxonomyRow.name).order_by(TaxonomyRow.name).limit(limit)))


def all_rows(session: Session) -> list[TaxonomyRow]:
    return list(session.scalars(select(TaxonomyRow).order_by(TaxonomyRow.name)))


@lru_cache(maxsize=64)
def _parsed(body: str, fingerprint: str) -> Taxonomy:
    return parse_taxonomy(body, f"<stored taxonomy {fingerprint}>")


def as_taxonomy(row: TaxonomyRow) -> Taxonomy:
    """The validated taxonomy of a stored row (parsed once per content)."""
    return _parsed(row.body, row.fingerprint)
