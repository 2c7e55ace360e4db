"""Change detection over the whole period for the report: NPS, theme shares and negative shares, overall and
per segment value × period (see :mod:`nlp.report.changepoints` for the statistics).

Families for the Benjamini–Hochberg control (false discovery rate, as for the theme impacts): overall change
points, overall baseline tests, per-segment change points, per-segment baseline tests. ``significant``
means ``q_value < alpha``. Per-segment results are listed only when significant (the tests run on every
segment value with at least ``min_n`` respondents and, for a theme, ``min_negative`` negative mentions).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from nlp.report.changepoints import NET_VALUES, SHARE_VALUES, baseline_tests, change_points
from nlp.report.drivers import benjamini_hochberg
from nlp.report.frame import ReportData, sums_by
from nlp.report.segments import segment_values
from nlp.report.trends import period_label

MIN_SEGMENT_N = 30
MIN_NEGATIVE = 5
METHOD = ("change points: binary segmentation of each series (largest standardised before/after difference, "
          "parametric bootstrap p-value under no change, 2,000 draws); baseline: each period vs the pooled "
          "preceding periods (two-sided z-test); q-values: Benjamini–Hochberg per family")


def _r(x: float | None, nd: int = 2) -> float | None:
    return None if x is None or not np.isfinite(x) else round(float(x), nd)


def _group_codes(data: ReportData) -> np.ndarray:
    g = data.rows["group"].astype(object).to_numpy()
    return np.select([g == "promoter", g == "passive"], [0, 1], 2).astype(np.int64)


def _series(data: ReportData, key: np.ndarray, n_keys: int, *,
            themes: bool = True) -> Iterator[tuple[str, str | None, np.ndarray, np.ndarray]]:
    """``(metric, theme, cells (n_keys, C), values)`` for NPS and every theme's share / negative share,
    counts per key (``key`` = period code, or value × period code; −1 = not counted)."""
    ok = key >= 0
    k = key[ok]
    nps_cells = np.bincount(k * 3 + _group_codes(data)[ok], minlength=3 * n_keys).reshape(n_keys, 3)
    yield "nps", None, nps_cells, NET_VALUES
    if not themes:
        return
    has_text = data.rows["has_text"].to_numpy(dtype=bool)[ok]
    n_text = np.bincount(k, weights=has_text, minlength=n_keys).round().astype(np.int64)
    tone = data.tone.to_numpy()[ok]
    men = sums_by(k, n_keys, tone > 0)
    neg = sums_by(k, n_keys, data.negative.to_numpy()[ok])
    for j, t in enumerate(data.theme_ids):
        for metric, counts in (("share", men[:, j]), ("negative_share", neg[:, j])):
            if counts.sum() == 0:
                continue
            yield metric, t, np.column_stack([counts, n_text - counts]), SHARE_VALUES


def _period_codes(data: ReportData) -> tuple[np.ndarray, list[pd.Timestamp]]:
    starts = data.rows["period"]
    codes, uniques = pd.factorize(starts, sort=True)
    return codes.astype(np.int64), [pd.Timestamp(u) for u in uniques]


def _cp_records(cells: np.ndarray, values: np.ndarray, labels: list[str], base: dict[str, Any],
                seed: int, alpha: float) -> list[dict[str, Any]]:
    out = []
    for cp in change_points(cells, values, alpha=alpha, seed=seed):
        out.append({**base, "period": labels[cp.at], "before_from": labels[cp.start],
                    "before_to": labels[cp.at - 1], "after_to": labels[cp.end - 1], "before": _r(cp.before),
                    "after": _r(cp.after), "change": _r(cp.change), "n_before": cp.n_before,
                    "n_after": cp.n_after, "p_value": _r(cp.p_value, 4)})
    return out


def _baseline_records(cells: np.ndarray, values: np.ndarray, labels: list[str],
                      base: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for b in baseline_tests(cells, values):
        if b["p_value"] is None:
            continue
        out.append({**base, "period": labels[int(b["index"])], "current": _r(b["value"]),  # type: ignore[arg-type]
                    "baseline": _r(b["baseline"]), "change": _r(b["change"]), "n": b["n"],
                    "n_baseline": b["n_baseline"], "p_value": _r(b["p_value"], 4)})
    return out


def _adjust(records: list[dict[str, Any]], alpha: float) -> list[dict[str, Any]]:
    p = np.array([r["p_value"] for r in records], dtype=float)
    q = benjamini_hochberg(p) if len(p) else p
    for r, qv in zip(records, q, strict=True):
        r["q_value"] = _r(float(qv), 4)
        r["significant"] = bool(qv < alpha)
    return records


def change_detection(data: ReportData, period: str, *, alpha: float = 0.05, min_n: int = MIN_SEGMENT_N,
                     min_negative: int = MIN_NEGATIVE, seed: int = 0) -> dict[str, Any] | None:
    """Change points and baseline tests over all periods, overall and per segment value.

    Returns ``None`` without at least 2 periods, else ``{"method", "alpha", "periods", "change_points",
    "baseline", "segment_change_points", "segment_baseline"}``. Each record has ``metric`` (``nps``,
    ``share``, ``negative_share``), ``theme`` (or ``None``), ``segment`` / ``segment_value`` (``None``
    overall), ``period`` (the first period after the break, or the period tested), the numbers (NPS points
    or % of comments) and ``p_value``, ``q_value``, ``significant``. Overall records are all listed (change
    points strongest first per series); per-segment records only when significant."""
    if not data.has_dates:
        return None
    codes, starts = _period_codes(data)
    n_p = len(starts)
    if n_p < 2:
        return None
    labels = [period_label(s, period) for s in starts]
    cps: list[dict[str, Any]] = []
    bases: list[dict[str, Any]] = []
    for i, (metric, theme, cells, values) in enumerate(_series(data, codes, n_p)):
        base = {"metric": metric, "theme": theme, "segment": None, "segment_value": None}
        cps += _cp_records(cells, values, labels, base, seed + 7919 * i, alpha)
        bases += _baseline_records(cells, values, labels, base)
    seg_cps: list[dict[str, Any]] = []
    seg_bases: list[dict[str, Any]] = []
    series_no = 0
    for col in data.segments.columns:
        values_s = segment_values(data.segments[col])
        vcodes, vuniq = pd.factorize(values_s)
        key = np.where(codes >= 0, vcodes * n_p + codes, -1)
        n_by_value = np.bincount(vcodes, minlength=len(vuniq))
        for metric, theme, cells, vals in _series(data, key, len(vuniq) * n_p):
            per_value = cells.reshape(len(vuniq), n_p, -1)
            for v, value in enumerate(vuniq):
                c = per_value[v]
                if n_by_value[v] < min_n or (theme is not None and (metric != "negative_share"
                                                                     or c[:, 0].sum() < min_negative)):
                    continue
                if (c.sum(axis=1) > 0).sum() < 2:
                    continue
                base = {"metric": metric, "theme": theme, "segment": str(col), "segment_value": str(value)}
                series_no += 1
                seg_cps += _cp_records(c, vals, labels, base, seed + 104729 + 7919 * series_no, alpha)
                seg_bases += _baseline_records(c, vals, labels, base)
    _adjust(cps, alpha)
    _adjust(bases, alpha)
    seg_cps = [r for r in _adjust(seg_cps, alpha) if r["significant"]]
    seg_bases = [r for r in _adjust(seg_bases, alpha) if r["significant"]]
    seg_cps.sort(key=lambda r: -abs(r["change"] or 0.0))
    seg_bases.sort(key=lambda r: -abs(r["change"] or 0.0))
    return {"method": METHOD, "alpha": alpha, "periods": labels, "change_points": cps, "baseline": bases,
            "segment_change_points": seg_cps, "segment_baseline": seg_bases}
