"""NPS and theme shares per period (month, quarter or ISO week), and what changed since the previous period."""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist

import numpy as np
import pandas as pd

from nlp.report.frame import NEGATIVE_CODES, ReportData, sums_by
from nlp.report.nps import GROUPS, Counts, nps_diff_test

PERIODS: tuple[str, ...] = ("month", "quarter", "week")
LOW_N = 30


def _check(period: str) -> None:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {list(PERIODS)}, got {period!r}")


def period_start(dates: pd.Series, period: str) -> pd.Series:
    """First day of each date's period (weeks start on Monday, ISO 8601); NaT stays NaT.

    Raises:
        ValueError: unknown ``period``.
    """
    _check(period)
    d = pd.to_datetime(dates).dt.normalize()
    if period == "week":
        return d - pd.to_timedelta(d.dt.day_of_week, unit="D")
    if period == "month":
        return d - pd.to_timedelta(d.dt.day - 1, unit="D")
    month0 = (d.dt.month - 1) // 3 * 3 + 1
    return pd.to_datetime({"year": d.dt.year, "month": month0, "day": 1}, errors="coerce")


def period_label(start: pd.Timestamp, period: str) -> str:
    """``2026-03`` (month), ``2026-Q1`` (quarter) or ``2026-W09`` (ISO week)."""
    _check(period)
    if period == "month":
        return f"{start.year:04d}-{start.month:02d}"
    if period == "quarter":
        return f"{start.year:04d}-Q{(start.month - 1) // 3 + 1}"
    iso = start.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def trend_table(data: ReportData, period: str, themes: Sequence[str]) -> pd.DataFrame:
    """One row per period with data, oldest first.

    Returns:
        ``period, start, n, comments, promoters, passives, detractors, nps, ci_low, ci_high, low_n`` plus
        ``share:<theme>`` and ``negative:<theme>`` (fractions of the period's analysed comments) for each of
        ``themes``. Empty when the data has no dates.
    """
    _check(period)
    if not data.has_dates:
        return pd.DataFrame()
    starts = data.rows["period"]
    keep = starts.notna().to_numpy()
    key = starts[keep].to_numpy()
    cols = [data.theme_ids.index(t) for t in themes]
    tone = data.tone.to_numpy()[keep][:, cols]
    group = data.rows["group"]
    parts = [data.rows["has_text"].to_numpy(dtype=bool)[keep][:, None],
             *[(group == g).to_numpy(dtype=bool)[keep][:, None] for g in GROUPS],
             tone > 0, np.isin(tone, NEGATIVE_CODES)]
    names = ["has_text", *GROUPS, *[f"share:{t}" for t in themes], *[f"negative:{t}" for t in themes]]
    codes, uniques = pd.factorize(key, sort=True)
    sums = pd.DataFrame(sums_by(codes, len(uniques), np.hstack(parts)), index=uniques, columns=names)
    rows = []
    for start, r in sums.iterrows():  # one row per period (one vectorised pass above), not per respondent
        c = Counts(int(r["promoter"]), int(r["passive"]), int(r["detractor"]))
        ci = c.ci95()
        n_text = int(r["has_text"])
        rec: dict[str, object] = {"period": period_label(pd.Timestamp(start), period), "start": pd.Timestamp(start),
                                  "n": c.n, "comments": n_text, "promoters": c.promoters, "passives": c.passives,
                                  "detractors": c.detractors, "nps": c.nps, "ci_low": ci[0] if ci else None,
                                  "ci_high": ci[1] if ci else None, "low_n": c.n < LOW_N}
        for t in themes:
            rec[f"share:{t}"] = float(r[f"share:{t}"]) / n_text if n_text else 0.0
            rec[f"negative:{t}"] = float(r[f"negative:{t}"]) / n_text if n_text else 0.0
        rows.append(rec)
    return pd.DataFrame(rows).sort_values("start", kind="stable").reset_index(drop=True)


def two_proportion_test(k1: int, n1: int, k2: int, n2: int) -> float | None:
    """Two-sided p-value of a pooled two-proportion z-test; ``None`` when a sample is empty."""
    if n1 == 0 or n2 == 0:
        return None
    pooled = (k1 + k2) / (n1 + n2)
    var = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if var <= 0:
        return 1.0
    z = (k2 / n2 - k1 / n1) / math.sqrt(var)
    return 2.0 * (1.0 - NormalDist().cdf(abs(z)))


def period_changes(data: ReportData, period: str, *, alpha: float = 0.05) -> dict[str, object] | None:
    """What changed between the last two periods with data: NPS and every theme's negative share.

    Returns:
        ``None`` without two periods; else ``{"from", "to", "nps_change", "nps_p_value", "themes": [...]}``
        where ``themes`` lists ``{"id", "share_from", "share_to", "change", "p_value", "significant"}`` for
        themes whose negative-mention share moved, largest absolute change first.
    """
    _check(period)
    if not data.has_dates:
        return None
    starts = data.rows["period"]
    periods = sorted(starts.dropna().unique())
    if len(periods) < 2:
        return None
    prev, last = pd.Timestamp(periods[-2]), pd.Timestamp(periods[-1])
    in_prev, in_last = (starts == prev).to_numpy(), (starts == last).to_numpy()
    groups = data.rows["group"]
    a, b = Counts.of(groups[in_prev]), Counts.of(groups[in_last])
    diff, p = nps_diff_test(a, b)
    has_text = data.rows["has_text"].to_numpy(dtype=bool)
    n1, n2 = int(has_text[in_prev].sum()), int(has_text[in_last].sum())
    neg = data.negative.to_numpy()
    k1s, k2s = neg[in_prev].sum(axis=0), neg[in_last].sum(axis=0)
    themes = []
    for j, t in enumerate(data.theme_ids):
        k1, k2 = int(k1s[j]), int(k2s[j])
        if k1 == 0 and k2 == 0:
            continue
        s1, s2 = (k1 / n1 if n1 else 0.0), (k2 / n2 if n2 else 0.0)
        pv = two_proportion_test(k1, n1, k2, n2)
        themes.append({"id": t, "share_from": round(100 * s1, 2), "share_to": round(100 * s2, 2),
                       "change": round(100 * (s2 - s1), 2), "p_value": None if pv is None else round(pv, 4),
                       "significant": bool(pv is not None and pv < alpha)})
    themes.sort(key=lambda r: -abs(float(r["change"])))  # type: ignore[arg-type]
    return {"from": period_label(prev, period), "to": period_label(last, period),
            "nps_from": _r(a.nps), "nps_to": _r(b.nps), "nps_change": _r(diff),
            "nps_p_value": None if p is None else round(p, 4), "n_from": a.n, "n_to": b.n, "themes": themes}


def _r(x: float | None) -> float | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else round(float(x), 2)
