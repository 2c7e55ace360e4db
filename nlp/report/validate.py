"""Row validation for the report: which input rows count, and why the others are rejected.

A row counts for NPS when its score is an integer 0–10 (``"7"``, ``" 7 "``, ``7``, ``"7.0"``; not ``"1e1"``,
``"+7"`` or ``"7.5"``) and, when a date column is given, its date parses. The comment may be empty: such rows
still count for NPS.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SCORE_MISSING = "score missing"
SCORE_INVALID = "score not an integer 0–10"
DATE_MISSING = "date missing"
DATE_INVALID = "date unparsable"
REASONS: tuple[str, ...] = (SCORE_MISSING, SCORE_INVALID, DATE_MISSING, DATE_INVALID)

_INTEGER_LITERAL = r"[0-9]+(?:\.0+)?"  # "9", "09", "9.0" (spreadsheet/pandas float export); not "1e1", "9.5"
_MISSING_TOKENS = frozenset({"", "na", "n/a", "nan", "null", "none", "-", "–", "—", "#n/a"})


def _missing(values: pd.Series) -> np.ndarray:
    text = values.astype(object).where(values.notna(), "").astype(str).str.strip().str.lower()
    return (values.isna() | text.isin(_MISSING_TOKENS)).to_numpy(dtype=bool)


def parse_scores(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Parse a score column.

    Returns:
        ``(scores, reasons)``: int64 scores (−1 where invalid) and, per row, ``None`` or the reject
        reason (:data:`SCORE_MISSING` or :data:`SCORE_INVALID`), both aligned with ``values``.
    """
    missing = _missing(values)
    if values.dtype == bool:
        num = pd.Series(np.nan, index=values.index)
    else:
        raw = values if pd.api.types.is_numeric_dtype(values) else values.astype(object).astype(str).str.strip()
        if not pd.api.types.is_numeric_dtype(values):  # text: integer literals only, never 1e1, 0x9 or +9
            raw = raw.where(raw.str.fullmatch(_INTEGER_LITERAL), None)
        num = pd.to_numeric(raw.where(~missing, None), errors="coerce").astype(float)
    arr = num.to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(arr) & (arr == np.round(arr)) & (arr >= 0) & (arr <= 10) & ~missing
    reasons = np.where(missing, SCORE_MISSING, np.where(ok, None, SCORE_INVALID))  # type: ignore[call-overload]
    scores = np.where(ok, np.nan_to_num(arr, nan=-1), -1).astype(np.int64)
    return scores, pd.Series(reasons, index=values.index, dtype=object)


def parse_dates(values: pd.Series, order: str | None = "month-first") -> tuple[pd.Series, pd.Series]:
    """Parse a date column with one day/month order (see :class:`nlp.dates.DateReader`, the one date parser):
    ISO 8601 first (``2026-03-14``, with or without time/zone), then numeric and written-out dates read in
    ``order`` (``"month-first"``: ``03/04/2026`` is 4 March; ``None``: infer, an ambiguous date is an error).
    Time zones are converted to UTC.

    Returns:
        ``(dates, reasons)``: naive ``datetime64`` (NaT where invalid) and ``None`` / :data:`DATE_MISSING` /
        :data:`DATE_INVALID` per row, aligned with ``values``.
    """
    from nlp.dates import DateReader  # it builds on this module's reasons

    return DateReader(str(values.name or "date"), order).parse(values)
