"""The compact per-row table every report function reads: one row per respondent with a valid score.

It holds what aggregation needs and nothing more (no raw results, no comment text), so a 100k-row
survey fits in a few MB: scores, NPS groups, overall sentiment, theme mentions with their sentiment
(int8 codes), the period and the segment values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from nlp.report.nps import nps_groups

# Theme tone codes in ``ReportData.tone``: 0 = not mentioned.
TONES: tuple[str, ...] = ("", "positive", "neutral", "negative", "conflict")
TONE_CODE: dict[str, int] = {t: i for i, t in enumerate(TONES) if t}
NEGATIVE_CODES = (TONE_CODE["negative"], TONE_CODE["conflict"])
POSITIVE_CODES = (TONE_CODE["positive"], TONE_CODE["conflict"])


def sums_by(codes: np.ndarray, n_groups: int, values: np.ndarray) -> np.ndarray:
    """Column sums of ``values`` (rows × columns, bool or int) per group, ``codes`` = group of each row
    (0 … ``n_groups`` − 1): an int64 ``(n_groups, columns)`` array. One ``bincount`` per column, so no
    (rows × columns) int64 copy is made (a pandas ``groupby().sum()`` of a bool frame makes one)."""
    out = np.zeros((n_groups, values.shape[1]), dtype=np.int64)
    for j in range(values.shape[1]):
        out[:, j] = np.bincount(codes, weights=values[:, j], minlength=n_groups).round().astype(np.int64)
    return out


@dataclass
class ReportData:
    """Aligned per-respondent tables (same ``RangeIndex`` 0..n-1).

    Attributes:
        rows: ``row`` (input row number), ``score`` (0–10), ``group`` (promoter/passive/detractor),
            ``has_text`` (the comment was analysed), ``sentiment`` (overall label or ""), ``mixed`` (bool),
            ``period`` (period start as Timestamp, or NaT when there is no date column).
        tone: int8 codes (see :data:`TONES`), shape ``(n, T)``, columns = theme ids in taxonomy order.
        labels: theme id → human label, in taxonomy order.
        segments: segment values (strings), shape ``(n, S)``, columns = the input column names.
        languages: analysed comments per language (ISO 639-1 code, ``unknown`` when too short or unclear);
            empty when the results carry no languages (e.g. a classified file written before they existed).
    """

    rows: pd.DataFrame
    tone: pd.DataFrame
    labels: dict[str, str]
    segments: pd.DataFrame = field(default_factory=pd.DataFrame)
    languages: dict[str, int] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.rows)

    @property
    def theme_ids(self) -> list[str]:
        return list(self.labels)

    @property
    def mentions(self) -> pd.DataFrame:
        """Bool ``(n, T)``: the comment mentions the theme."""
        return self.tone > 0

    @property
    def negative(self) -> pd.DataFrame:
        """Bool ``(n, T)``: the theme is mentioned negatively (or with conflicting sentiment)."""
        return self.tone.isin(NEGATIVE_CODES)

    @property
    def positive(self) -> pd.DataFrame:
        """Bool ``(n, T)``: the theme is mentioned positively (or with conflicting sentiment)."""
        return self.tone.isin(POSITIVE_CODES)

    @property
    def has_dates(self) -> bool:
        return "period" in self.rows and bool(self.rows["period"].notna().any())

    @classmethod
    def from_records(cls, scores: Sequence[int], themes: Sequence[Mapping[str, str]] | None = None, *,
                     labels: Mapping[str, str] | None = None, texts: Sequence[bool] | None = None,
                     periods: Sequence[object] | None = None,
                     segments: Mapping[str, Sequence[str]] | None = None) -> ReportData:
        """Build from plain Python values (tests, notebooks).

        Args:
            scores: valid 0–10 scores.
            themes: per row ``{theme_id: tone}`` (tone one of positive/neutral/negative/conflict).
            labels: theme id → label; defaults to the ids seen in ``themes`` (sorted).
            texts: per row whether a comment was analysed; defaults to "has at least one theme".
            periods: per row period start (anything ``pd.Timestamp`` accepts).
            segments: column name → per row values.
        """
        n = len(scores)
        themes = list(themes) if themes is not None else [{} for _ in range(n)]
        if labels is None:
            labels = {t: t for t in sorted({t for row in themes for t in row})}
        tone = np.zeros((n, len(labels)), dtype=np.int8)
        col = {t: j for j, t in enumerate(labels)}
        for i, row in enumerate(themes):
            for t, s in row.items():
                tone[i, col[t]] = TONE_CODE[s]
        rows = pd.DataFrame({
            "row": np.arange(n),
            "score": np.asarray(scores, dtype=np.int64),
            "group": nps_groups(list(scores)).to_numpy(),
            "has_text": np.asarray(texts if texts is not None else [bool(t) for t in themes], dtype=bool),
            "sentiment": [""] * n,
            "mixed": np.zeros(n, dtype=bool),
            "period": pd.to_datetime(pd.Series(periods if periods is not None else [pd.NaT] * n)),
        })
        seg = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in (segments or {}).items()}, index=rows.index)
        return cls(rows, pd.DataFrame(tone, columns=list(labels)), dict(labels), seg)
