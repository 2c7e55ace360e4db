"""Assemble the report dict (the ``report.json`` contract) from the compact per-row data.

All numbers are on the NPS scale (−100…100) or in percent (0–100), rounded to 2 decimals; missing
values are ``None``. The HTML report and the CSV tables are rendered from this dict only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, cast

import numpy as np
import pandas as pd

from nlp.report.change_report import change_detection
from nlp.report.drivers import MIN_MENTIONS, key_drivers, leave_one_out
from nlp.report.findings import key_findings
from nlp.report.frame import TONES, ReportData
from nlp.report.nps import nps_summary
from nlp.report.quotes import mask_pii, select_quotes, shorten, strongest_quotes
from nlp.report.segment_trends import segment_trends
from nlp.report.segments import segment_table
from nlp.report.trends import period_changes, trend_table

N_TREND_THEMES = 5
N_STRONGEST_THEMES = 3
DEFINITIONS: dict[str, str] = {
    "nps": "Net Promoter Score = % promoters (score 9–10) − % detractors (0–6), over every row with a valid "
           "0–10 score, with or without a comment. Passives score 7–8. Range −100 to 100.",
    "ci95": "95% interval of the NPS: adjusted Wald for a net score (Rocks 2016): add 3 respondents, ¾ of them "
            "promoters and ¾ detractors, then ±1.96 standard errors of the difference of the two shares.",
    "share": "Share of a theme: % of analysed comments (non-empty text) that mention it.",
    "impact": "Impact of a theme = NPS(all) − NPS(all rows except those mentioning the theme): the points NPS "
              "would change if the theme's mentions vanished. Negative: the theme costs NPS points.",
    "impact_by_sentiment": "Impact of negative mentions = NPS(all) − NPS(all rows except those mentioning the "
                           "theme negatively): the points NPS would gain if the complaints vanished (a negative number "
                           "is a cost). Impact of positive mentions: the same for praise. Same interval, p- and "
                           "q-values as the overall impact, each over its own mentions.",
    "change_detection": "Change point: the split of a series (NPS, a theme's share or its complaints) into before / "
                        "after that differs most, tested against 2,000 simulated series with no change (so searching "
                        "every split is accounted for); each side is searched again when significant. Baseline: "
                        "each period against all the periods before it. q-values control false discoveries.",
    "contradictions": "Comments whose overall sentiment contradicts the score: positive with a score of 0–3, or "
                      "negative with 9–10 (a misread score scale, a sarcastic comment, or a model error).",
    "impact_ci95": "Bootstrap 95% interval of the impact (2,000 resamples of respondents, percentile method).",
    "p_value": "Two-sided permutation p-value (2,000 random re-assignments of which respondents mention the "
               "theme): how often chance alone gives an impact this far from 0. q_value: Benjamini–Hochberg "
               "adjusted over the ranked themes (false discovery rate).",
    "low_mentions": "Themes with fewer than the minimum mentions are shown but not ranked: their impact is too "
                    "uncertain.",
    "key_driver_impact": "Key-driver view: all themes jointly in one L2-regularised multinomial logistic "
                         "regression of the NPS group on theme mentions (negative / positive / neutral). The "
                         "adjusted impact is the change in predicted NPS when the theme's mentions are removed "
                         "and every other theme stays as observed, so overlapping themes are not double counted.",
    "detractor_share": "% of detractors with a comment who mention the theme (promoter_share: same for promoters).",
    "primary_concern": "The theme most often mentioned negatively by a segment value's respondents; the "
                       "distinctive concern is the one most over-represented compared with everyone.",
    "emerging": "Comments with no confident theme (a seeded sample of at most 2,000) are embedded, clustered "
                "(agglomerative, cosine distance) and each cluster is named by its c-TF-IDF keywords; generic "
                "clusters are only overall sentiment. Built from a classified file, TF-IDF/LSA vectors stand in "
                "for the sentence embeddings.",
    "quotes": "Representative and diverse (maximal marginal relevance over a seeded sample of 40 mentions per "
              "theme), in proportion to the theme's sentiment; e-mails, phone and card-like numbers are masked.",
}


def _r(x: Any, nd: int = 2) -> float | None:
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) or math.isinf(f) else round(f, nd)


def _str(x: Any) -> str | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else str(x)


def _pct(k: float, n: float) -> float | None:
    return _r(100.0 * k / n) if n else None


GLOSSARY: dict[str, str] = {
    "Impact": "How many NPS points a theme moves the score: the NPS of everyone minus the NPS without the people "
              "who mention it. −5 means the theme costs 5 points.",
    "Interval": "The range the true number very likely lies in (95%), given how many people answered. If it "
                "crosses 0, the effect could be chance.",
    "p and q": "p: how often chance alone would give a result this strong (small = unlikely to be chance). q: the "
               "same, corrected for looking at many themes at once; we call a result significant when q < 0.05.",
    "Key driver": "A theme's impact when all themes are considered together, so two themes that are often "
                  "mentioned together are not both credited with the same points.",
    "Change point": "The period from which a number moved to a new level and stayed there.",
}


def _quote(q: Mapping[str, Any]) -> dict[str, Any]:
    qid = q.get("id")
    return {"row": int(q["row"]), "id": None if qid is None or (isinstance(qid, float) and math.isnan(qid))
            else str(qid), "text": q["text"], "sentiment": q["sentiment"], "score": int(q["score"]),
            "evidence": mask_pii(str(q.get("evidence", "")))}


def _quotes_for(theme: str, candidates: pd.DataFrame, embeddings: np.ndarray | None,
                tone_counts: Mapping[str, int], k: int) -> list[dict[str, Any]]:
    if candidates.empty:
        return []
    mask = (candidates["theme"] == theme).to_numpy()
    cand = candidates[mask].reset_index(drop=True)
    if cand.empty:
        return []
    cand["text"] = [shorten(mask_pii(str(t))) for t in cand["text"]]
    emb = embeddings[mask] if embeddings is not None else None
    picked = select_quotes(cand, k=k, embeddings=emb, tone_counts=tone_counts)
    return [_quote(q) for _, q in picked.iterrows()]


def _strongest_for(theme: str, candidates: pd.DataFrame, k: int) -> list[dict[str, Any]]:
    if candidates.empty:
        return []
    cand = candidates[(candidates["theme"] == theme).to_numpy()].reset_index(drop=True)
    cand["text"] = [shorten(mask_pii(str(t))) for t in cand["text"]]
    return [_quote(q) for _, q in strongest_quotes(cand, k=k).iterrows()]


def _tone_block(rec: pd.Series, k_det: int, n_det: int) -> dict[str, Any]:
    return {"mentions": int(rec["mentions"]), "nps": _r(rec["nps_with"]), "impact": _r(rec["impact"]),
            "impact_ci95": [_r(rec["ci_low"]), _r(rec["ci_high"])], "p_value": _r(rec["p_value"], 4),
            "q_value": _r(rec["q_value"], 4), "low_mentions": bool(rec["low_mentions"]),
            "detractor_share": _pct(k_det, n_det)}


def theme_rows(data: ReportData, *, quote_candidates: pd.DataFrame | None = None,
               quote_embeddings: np.ndarray | None = None, min_mentions: int = MIN_MENTIONS, n_quotes: int = 3,
               seed: int = 0) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The ``themes`` list (ranked themes by impact, most costly first; then low-mention themes; then unmentioned
    ones) and the key-driver model info."""
    groups = data.rows["group"]
    mentions = data.mentions
    loo = leave_one_out(groups, mentions, min_mentions=min_mentions, seed=seed)
    by_tone = {"negative": (data.negative, leave_one_out(groups, data.negative, min_mentions=min_mentions,
                                                         seed=seed + 1)),
               "positive": (data.positive, leave_one_out(groups, data.positive, min_mentions=min_mentions,
                                                         seed=seed + 2))}
    kd, kd_info = key_drivers(groups, data.tone)
    has_text = data.rows["has_text"].to_numpy(dtype=bool)
    n_text = int(has_text.sum())
    det = ((groups == "detractor").to_numpy() & has_text)
    pro = ((groups == "promoter").to_numpy() & has_text)
    tone = data.tone.to_numpy()
    cands = quote_candidates if quote_candidates is not None else pd.DataFrame(columns=["theme"])
    out: list[dict[str, Any]] = []
    for j, t in enumerate(data.theme_ids):
        m = tone[:, j] > 0
        k = int(m.sum())
        counts = {name: int((tone[:, j] == code).sum()) for code, name in enumerate(TONES) if name}
        rec = loo.loc[t]
        out.append({
            "id": t, "label": data.labels[t], "mentions": k, "share": _pct(k, n_text),
            "sentiment": counts,
            "nps": _r(rec["nps_with"]), "nps_without": _r(rec["nps_without"]),
            "impact": _r(rec["impact"]), "impact_ci95": [_r(rec["ci_low"]), _r(rec["ci_high"])],
            "p_value": _r(rec["p_value"], 4), "q_value": _r(rec["q_value"], 4),
            "low_mentions": bool(rec["low_mentions"]),
            "key_driver_impact": _r(kd.loc[t, "adjusted_impact"]),
            "detractor_odds_ratio": _r(kd.loc[t, "detractor_odds_ratio"]),
            "detractor_share": _pct(int((m & det).sum()), int(det.sum())),
            "promoter_share": _pct(int((m & pro).sum()), int(pro.sum())),
            "by_sentiment": {name: _tone_block(table.loc[t], int((flags[t].to_numpy() & det).sum()), int(det.sum()))
                             for name, (flags, table) in by_tone.items()},
            "quotes": _quotes_for(t, cands, quote_embeddings, counts, n_quotes) if k else [],
            "strongest_quotes": [],
        })

    def order(r: dict[str, Any]) -> tuple[int, float]:
        if r["mentions"] == 0:
            return 2, 0.0
        return (1 if r["low_mentions"] else 0), (r["impact"] if r["impact"] is not None else 0.0)

    out.sort(key=order)
    costs = sorted([r for r in out if not r["by_sentiment"]["negative"]["low_mentions"]
                    and (r["by_sentiment"]["negative"]["impact"] or 0) < 0],
                   key=lambda r: r["by_sentiment"]["negative"]["impact"])
    for r in costs[:N_STRONGEST_THEMES]:  # the strongest verbatims of the top costs
        r["strongest_quotes"] = _strongest_for(r["id"], cands, n_quotes)
    return out, kd_info


def segment_blocks(data: ReportData) -> dict[str, list[dict[str, Any]]]:
    """``segments``: per column, per value NPS, interval, concerns and per-theme shares (%)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for col in data.segments.columns:
        summary, share, neg = segment_table(data, col)
        items: list[dict[str, Any]] = []
        for _, s in summary.iterrows():
            v = s["value"]
            themes: list[dict[str, Any]] = [{"id": t, "share": _pct(float(share.loc[v, t]), 1),
                       "negative_share": _pct(float(neg.loc[v, t]), 1)}
                      for t in data.theme_ids if share.loc[v, t] > 0]
            themes.sort(key=lambda r: -(r["negative_share"] or 0.0))
            items.append({"value": v, "n": int(s["n"]), "comments": int(s["comments"]), "nps": _r(s["nps"]),
                          "ci95": [_r(s["ci_low"]), _r(s["ci_high"])], "promoters": int(s["promoters"]),
                          "passives": int(s["passives"]), "detractors": int(s["detractors"]),
                          "primary_concern": _str(s["primary_concern"]),
                          "primary_concern_share": _pct(s["primary_concern_share"], 1)
                          if _str(s["primary_concern"]) else None,
                          "distinctive_concern": _str(s["distinctive_concern"]),
                          "distinctive_lift": _r(s["distinctive_lift"]),
                          "themes": themes})
        out[str(col)] = items
    return out


def trend_rows(data: ReportData, period: str) -> list[dict[str, Any]]:
    """``trends``: one entry per period with NPS, interval and every theme's share / negative share (%)."""
    table = trend_table(data, period, data.theme_ids)
    out = []
    for _, r in table.iterrows():
        out.append({"period": r["period"], "start": r["start"].date().isoformat(), "n": int(r["n"]),
                    "comments": int(r["comments"]), "nps": _r(r["nps"]), "ci95": [_r(r["ci_low"]), _r(r["ci_high"])],
                    "promoters": int(r["promoters"]), "passives": int(r["passives"]),
                    "detractors": int(r["detractors"]), "low_n": bool(r["low_n"]),
                    "themes": {t: {"share": _r(100 * r[f"share:{t}"]), "negative_share": _r(100 * r[f"negative:{t}"])}
                               for t in data.theme_ids}})
    return out


def build_report(data: ReportData, *, model: Mapping[str, str], taxonomy: Mapping[str, Any],
                 rejected: Mapping[str, int], total_rows: int, skipped: Mapping[str, int] | None = None,
                 period: str | None = None, quote_candidates: pd.DataFrame | None = None,
                 quote_embeddings: np.ndarray | None = None, emerging: Sequence[Mapping[str, Any]] = (),
                 emerging_pool: int = 0, min_mentions: int = MIN_MENTIONS, meta: Mapping[str, Any] | None = None,
                 contradiction_examples: pd.DataFrame | None = None, seed: int = 0) -> dict[str, Any]:
    """The whole report as a JSON-ready dict.

    Args:
        data: per-respondent results of the rows with a valid score.
        model: ``{"name", "version"}`` of the analyser.
        taxonomy: a description of the taxonomy used (name, number of themes, fingerprint …).
        rejected: reject reason → count; ``total_rows`` counts every input data row.
        skipped: why kept rows had no analysable comment (``empty``, ``not_text``) → count.
        period: ``month``, ``quarter`` or ``week`` when the data has dates.
        quote_candidates, quote_embeddings: from :class:`nlp.report.collect.Collector` (embeddings optional).
        emerging: clusters from :func:`nlp.report.emerging.find_emerging`; ``emerging_pool`` = unthemed comments.
        contradiction_examples: from :meth:`nlp.report.collect.Collector.contradictions` (listed in data quality).

    Raises:
        ValueError: the rows do not add up (``len(data) + sum(rejected) != total_rows``).
    """
    n_rej = int(sum(rejected.values()))
    if data.n + n_rej != total_rows:
        raise ValueError(f"{data.n} analysed + {n_rej} rejected != {total_rows} input rows")
    themes, kd_info = theme_rows(data, quote_candidates=quote_candidates, quote_embeddings=quote_embeddings,
                                 min_mentions=min_mentions, seed=seed)
    ranked = [t for t in themes if not t["low_mentions"] and t["mentions"] > 0 and t["impact"] is not None]
    trends = trend_rows(data, period) if period and data.has_dates else []
    changes = period_changes(data, period) if trends and period else None
    # trend lines (negative shares): the 3 costliest complaints, then themes whose negative share moved
    # significantly last period, then the biggest drivers
    costly = sorted([t for t in themes if not t["by_sentiment"]["negative"]["low_mentions"]
                     and (t["by_sentiment"]["negative"]["impact"] or 0) < 0],
                    key=lambda t: t["by_sentiment"]["negative"]["impact"])
    trend_themes = [t["id"] for t in costly[:3]]
    for ch in cast(list[dict[str, Any]], (changes or {}).get("themes", [])):
        if ch["significant"] and ch["id"] not in trend_themes and len(trend_themes) < N_TREND_THEMES:
            trend_themes.append(ch["id"])
    for t in sorted(ranked, key=lambda t: -abs(t["impact"]))[3:]:
        if len(trend_themes) >= N_TREND_THEMES:
            break
        if t["id"] not in trend_themes:
            trend_themes.append(t["id"])
    n_text = int(data.rows["has_text"].sum())
    report: dict[str, Any] = {
        "meta": {**(meta or {}), "period": period if trends else None, "segment_columns": list(data.segments.columns),
                 "min_mentions": min_mentions, "trend_themes": trend_themes, "units": "NPS points (−100…100); "
                 "shares in % (0–100)"},
        "nps": nps_summary(data.rows["group"]),
        "themes": themes,
        "key_driver_model": kd_info,
        "segments": segment_blocks(data),
        "trends": trends,
        "changes": changes,
        "change_detection": change_detection(data, period, seed=seed) if trends and period else None,
        "segment_trends": segment_trends(data, period) if trends and period else {},
        "emerging": [dict(c) for c in emerging],
        "rejected": {"count": n_rej, "by_reason": {k: int(v) for k, v in rejected.items() if v}},
        "data_quality": {"rows": total_rows, "analysed": data.n, "with_comment": n_text,
                         "without_comment": data.n - n_text, "skipped": {k: int(v) for k, v in (skipped or {}).items()},
                         "unthemed": emerging_pool, "rejected": n_rej, "languages": dict(data.languages),
                         "contradictions": contradiction_block(data, contradiction_examples)},
        "model": {"name": str(model.get("name", "unknown")), "version": str(model.get("version", "0"))},
        "taxonomy": dict(taxonomy),
        "definitions": DEFINITIONS,
        "glossary": GLOSSARY,
    }
    report["findings"] = key_findings(report)
    return report


def contradiction_block(data: ReportData, examples: pd.DataFrame | None) -> dict[str, Any]:
    """``data_quality.contradictions``: counts of comments whose sentiment contradicts the score, and examples
    (PII-masked, with the respondent id when there is one)."""
    scores = data.rows["score"].to_numpy()
    sent = data.rows["sentiment"].astype(object).to_numpy()
    low = int(((scores <= 3) & (sent == "positive")).sum())
    high = int(((scores >= 9) & (sent == "negative")).sum())
    listed = []
    for _, e in (examples if examples is not None else pd.DataFrame()).iterrows():
        listed.append({"row": int(e["row"]), "id": None if e["id"] is None else str(e["id"]),
                       "score": int(e["score"]), "sentiment": str(e["sentiment"]),
                       "text": shorten(mask_pii(str(e["text"])))})
    return {"count": low + high, "low_score_positive": low, "high_score_negative": high, "examples": listed}
