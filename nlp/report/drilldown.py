"""Drill-down sample: per theme, a bounded seeded sample of the comments that mention it.

The HTML report embeds it as JSON and filters it client-side by segment, sentiment and period
(:mod:`nlp.render.html`). Memory and file size stay bounded: at most ``per_theme`` comments per theme (a
uniform sample: the ``per_theme`` smallest of one random key per mention, so the sample does not depend on the
chunk size), texts PII-masked and cut like quotes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from nlp.report.batch import ResultBatch
from nlp.report.frame import TONES
from nlp.report.quotes import mask_pii, shorten

PER_THEME = 200
TEXT_CHARS = 320


class DrilldownSampler:
    """Keeps up to ``per_theme`` mentions per theme (row, id, text, theme sentiment, segments, period)."""

    def __init__(self, theme_ids: Sequence[str], segments: Sequence[str], per_theme: int = PER_THEME,
                 seed: int = 0) -> None:
        self.theme_ids, self.segments, self.per_theme = list(theme_ids), list(segments), per_theme
        self._rng = np.random.default_rng([seed, 7])
        self._kept: dict[int, list[tuple[float, dict[str, Any]]]] = {}
        self.mentions = np.zeros(len(self.theme_ids), dtype=np.int64)

    def add(self, *, rows: np.ndarray, batch: ResultBatch, texts: pd.Series, ids: pd.Series | None,
            segments: pd.DataFrame | None, periods: Sequence[str | None] | None) -> None:
        """Offer the mentions of one chunk's analysed rows (all arguments aligned with ``batch``'s rows)."""
        if not batch.n_hits:
            return
        hit_rows, themes = batch.hit_rows, batch.theme.astype(np.int64)
        keys = self._rng.random(len(themes))
        self.mentions += np.bincount(themes, minlength=len(self.theme_ids))
        for j in np.unique(themes):
            kept = self._kept.setdefault(int(j), [])
            bar = kept[-1][0] if len(kept) >= self.per_theme else 2.0
            sel = np.flatnonzero((themes == j) & (keys < bar))
            if not len(sel):
                continue
            sel = sel[np.argsort(keys[sel], kind="stable")[: self.per_theme]]
            for h in sel:
                r = int(hit_rows[h])
                kept.append((float(keys[h]), self._item(r, int(rows[r]), TONES[int(batch.tone[h])], texts, ids,
                                                         segments, periods)))
            kept.sort(key=lambda kv: kv[0])
            del kept[self.per_theme:]

    def merge(self, other: DrilldownSampler) -> None:
        """Append ``other``, the sampler of the rows that come after this one's (same themes, segments and
        ``per_theme``), as the distributed engine does with its workers' samplers: mentions are summed exactly, and
        per theme the ``per_theme`` smallest keys of both samples are kept (keys from ``other``'s own random stream,
        so the sample is reproducible for a given split, not the one sampler's draw).

        Raises:
            ValueError: the samplers have different themes, segments or ``per_theme``.
        """
        if (other.theme_ids, other.segments, other.per_theme) != (self.theme_ids, self.segments, self.per_theme):
            raise ValueError("only drill-down samplers with the same themes, segments and per_theme can be merged")
        self.mentions += other.mentions
        for j, items in other._kept.items():
            kept = self._kept.setdefault(j, [])
            kept += items
            kept.sort(key=lambda kv: kv[0])
            del kept[self.per_theme:]

    def _item(self, r: int, row: int, tone: str, texts: pd.Series, ids: pd.Series | None,
              segments: pd.DataFrame | None, periods: Sequence[str | None] | None) -> dict[str, Any]:
        def cell(v: Any) -> str | None:
            return None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)

        return {"row": row, "id": None if ids is None else cell(ids.iloc[r]),
                "text": shorten(mask_pii(str(texts.iloc[r])), TEXT_CHARS), "sentiment": tone,
                "segments": {c: cell(segments[c].iloc[r]) for c in self.segments} if segments is not None else {},
                "period": None if periods is None else periods[r]}

    def data(self, labels: Mapping[str, str]) -> dict[str, Any]:
        """``{"per_theme", "segments", "themes": [{"id", "label", "mentions", "comments": [...]}]}``, themes by
        mentions (most first), comments in input order."""
        themes = []
        for j in sorted(self._kept, key=lambda k: (-int(self.mentions[k]), k)):
            tid = self.theme_ids[j]
            comments = sorted((item for _, item in self._kept[j]), key=lambda c: int(c["row"]))
            themes.append({"id": tid, "label": labels.get(tid, tid), "mentions": int(self.mentions[j]),
                           "comments": comments})
        return {"per_theme": self.per_theme, "segments": self.segments, "themes": themes}
