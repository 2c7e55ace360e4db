"""Segments (channel, region, journey stage …): NPS per value and what each value suffers from.

Per segment value: NPS with its interval, and per theme the share of the value's comments that mention
it and that mention it negatively. The *primary concern* is the theme most often mentioned negatively
in that value; the *distinctive concern* is the one most over-represented compared with all respondents
(negative share ÷ overall negative share), among themes with enough negative mentions to matter.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nlp.report.frame import NEGATIVE_CODES, ReportData, sums_by
from nlp.report.nps import GROUPS, Counts

MISSING = "(missing)"
OTHER = "(other)"
MIN_CONCERN_MENTIONS = 3


def segment_values(values: pd.Series, max_values: int = 30) -> pd.Series:
    """Clean segment labels: blanks become ``(missing)``; beyond the ``max_values`` most frequent, ``(other)``."""
    if isinstance(values.dtype, pd.CategoricalDtype):  # clean the categories once, not every row
        cats = pd.Series(values.cat.categories.astype(object)).astype(str).str.strip()
        labels = np.append(cats.where(cats != "", MISSING).to_numpy(dtype=object), MISSING)
        s = pd.Series(labels[values.cat.codes.to_numpy()], index=values.index, dtype=object)  # code −1 → MISSING
    else:
        s = values.astype(object).where(values.notna(), MISSING).astype(str).str.strip()
        s = s.where(s != "", MISSING)
    counts = s.value_counts()
    if len(counts) > max_values:
        keep = set(counts.index[: max_values - 1])
        s = s.where(s.isin(keep), OTHER)
    return s


def segment_table(data: ReportData, column: str, *, max_values: int = 30) -> tuple[pd.DataFrame, pd.DataFrame,
                                                                                  pd.DataFrame]:
    """NPS and theme concerns per value of one segment column.

    Returns:
        ``(summary, share, negative_share)``. ``summary`` has one row per value (largest first):
        ``value, n, comments, promoters, passives, detractors, nps, ci_low, ci_high, primary_concern,
        primary_concern_share, distinctive_concern, distinctive_lift``. ``share`` and ``negative_share`` are
        ``(values × themes)`` fractions of the value's analysed comments (0 when it has none).

    Raises:
        KeyError: ``column`` is not one of ``data.segments``.
    """
    if column not in data.segments:
        raise KeyError(f"no segment column {column!r}; have {list(data.segments.columns)}")
    values = segment_values(data.segments[column], max_values)
    has_text = data.rows["has_text"].to_numpy(dtype=bool)
    order = values.value_counts().index.tolist()
    if OTHER in order:
        order = [v for v in order if v != OTHER] + [OTHER]
    codes, uniques = pd.factorize(values)
    k = len(uniques)

    def per_value(matrix: np.ndarray, columns: list[str]) -> pd.DataFrame:
        return pd.DataFrame(sums_by(codes, k, matrix), index=pd.Index(uniques, dtype=object),
                            columns=columns).reindex(order).fillna(0)

    tone = data.tone.to_numpy()
    negative = np.isin(tone, NEGATIVE_CODES)
    comments = per_value(has_text[:, None], ["comments"])["comments"]
    share = per_value(tone > 0, data.theme_ids)
    neg_count = per_value(negative, data.theme_ids)
    denom = comments.replace(0, np.nan)
    share = share.div(denom, axis=0).fillna(0.0)
    neg_share = neg_count.div(denom, axis=0).fillna(0.0)
    overall_neg = pd.Series(negative.sum(axis=0), index=data.theme_ids) / max(int(has_text.sum()), 1)
    group = data.rows["group"]
    groups = per_value(np.column_stack([(group == g).to_numpy(dtype=bool) for g in GROUPS]), list(GROUPS))
    rows = []
    for value in order:  # one row per segment value (≤ max_values), not per respondent
        c = Counts(*(int(groups.loc[value, g]) for g in GROUPS))
        ci = c.ci95()
        primary, primary_share = _primary(neg_count.loc[value], neg_share.loc[value])
        distinct, lift = _distinctive(neg_count.loc[value], neg_share.loc[value], overall_neg)
        rows.append({"value": value, "n": c.n, "comments": int(comments.loc[value]), "promoters": c.promoters,
                     "passives": c.passives, "detractors": c.detractors, "nps": c.nps,
                     "ci_low": ci[0] if ci else None, "ci_high": ci[1] if ci else None,
                     "primary_concern": primary, "primary_concern_share": primary_share,
                     "distinctive_concern": distinct, "distinctive_lift": lift})
    summary = pd.DataFrame(rows, columns=["value", "n", "comments", "promoters", "passives", "detractors", "nps",
                                          "ci_low", "ci_high", "primary_concern", "primary_concern_share",
                                          "distinctive_concern", "distinctive_lift"])
    for col in ("primary_concern", "distinctive_concern"):
        summary[col] = summary[col].astype(object).where(summary[col].notna(), None)
    share.index.name = neg_share.index.name = column
    return summary, share, neg_share


def _primary(neg_count: pd.Series, neg_share: pd.Series) -> tuple[str | None, float | None]:
    if neg_count.max() <= 0:
        return None, None
    best = neg_count.sort_values(ascending=False, kind="stable").index[0]
    return str(best), float(neg_share[best])


def _distinctive(neg_count: pd.Series, neg_share: pd.Series, overall: pd.Series) -> tuple[str | None, float | None]:
    eligible = (neg_count >= MIN_CONCERN_MENTIONS) & (overall > 0)
    if not eligible.any():
        return None, None
    lift = (neg_share[eligible] / overall[eligible]).sort_values(ascending=False, kind="stable")
    if lift.iloc[0] <= 1.0:
        return None, None
    return str(lift.index[0]), float(lift.iloc[0])
