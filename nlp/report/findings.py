"""Key findings: what a CX lead should read first, as structured objects (``report.json`` ``findings``).

Built from the report dict only (no data access), in a fixed order: the NPS, the period where NPS broke,
the biggest costs from negative mentions (always named; a plain caveat when the interval crosses 0),
complaints that rose over the whole period, overall and per segment value, the lifts from positive
mentions (never a theme whose complaints rise), the last-period change, the lowest segment, contradicting
comments, a possible missing theme and rejected rows. Every finding has the same keys: ``kind, text,
theme, theme_label, segment, segment_value, period, value, interval, p_value, q_value`` (``None`` when
not applicable); ``text`` is plain text (the HTML escapes it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

N_COSTS = 3
N_LIFTS = 3
N_THEME_CHANGES = 3
N_SEGMENT_CHANGES = 3
MIN_SEGMENT_N = 30

KINDS = ("nps", "nps_break", "cost", "theme_change", "segment_change", "lift", "last_change", "lowest_segment",
         "contradictions", "emerging", "rejected")


def signed(x: float | None, nd: int = 1) -> str:
    """``+3.4`` / ``−2.0`` (true minus sign) / ``0.0``; ``–`` for ``None``."""
    if x is None:
        return "–"
    v = round(float(x), nd)
    return f"{0:.{nd}f}" if v == 0 else f"{v:+.{nd}f}".replace("-", "−")


def pct(x: float | None) -> str:
    return "–" if x is None else f"{float(x):.0f}%"


def pvalue(p: float | None) -> str:
    return "–" if p is None else ("p < 0.001" if p < 0.001 else f"p = {p:.3f}")


def qvalue(q: float | None) -> str:
    return "–" if q is None else ("q < 0.001" if q < 0.001 else f"q = {q:.3f}")


def finding(kind: str, text: str, **fields: Any) -> dict[str, Any]:
    """One finding with every key present (``None`` when not given)."""
    base: dict[str, Any] = {"kind": kind, "text": text, "theme": None, "theme_label": None, "segment": None,
                            "segment_value": None, "period": None, "value": None, "interval": None,
                            "p_value": None, "q_value": None}
    unknown = set(fields) - set(base)
    if unknown:
        raise ValueError(f"unknown finding fields {sorted(unknown)}")
    return {**base, **fields}


def _labels(report: Mapping[str, Any]) -> dict[str, str]:
    return {t["id"]: t["label"] for t in report["themes"]}


def _nps(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    nps = report["nps"]
    if nps["score"] is None:
        return []
    lo, hi = nps["ci95"]
    return [finding("nps", f"NPS is {signed(nps['score'])} (95% interval {signed(lo)} to {signed(hi)}) from "
                           f"{nps['n']:,} respondents with a valid score.", value=nps["score"], interval=[lo, hi])]


def _cps(report: Mapping[str, Any], key: str = "change_points") -> list[dict[str, Any]]:
    return list((report.get("change_detection") or {}).get(key) or [])


def _nps_break(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    cps = [c for c in _cps(report) if c["metric"] == "nps" and c["significant"]]
    if not cps:
        return []
    c = max(cps, key=lambda c: abs(c["change"] or 0.0))
    verb = "fell" if (c["change"] or 0) < 0 else "rose"
    return [finding("nps_break", f"NPS {verb} {signed(c['change'])} points from {c['period']}: {signed(c['before'])} "
                                 f"({c['before_from']} to {c['before_to']}) → {signed(c['after'])} ({c['period']} to "
                                 f"{c['after_to']}); {pvalue(c['p_value'])}, {qvalue(c['q_value'])}.",
                    period=c["period"], value=c["change"], p_value=c["p_value"], q_value=c["q_value"])]


def rising_complaints(report: Mapping[str, Any]) -> set[str]:
    """Themes whose negative share rose significantly: a change point over the whole period (overall or in a
    segment value), the last period against its baseline, or last period vs the one before."""
    out = {c["theme"] for c in [*_cps(report), *_cps(report, "segment_change_points")]
           if c["metric"] == "negative_share" and c["significant"] and (c["change"] or 0) > 0}
    base = _cps(report, "baseline")
    last = max((b["period"] for b in base), default=None)
    out |= {b["theme"] for b in base if b["metric"] == "negative_share" and b["period"] == last
            and b["significant"] and (b["change"] or 0) > 0}
    ch = report.get("changes") or {}
    out |= {t["id"] for t in ch.get("themes", []) if t["significant"] and t["change"] > 0}
    return out


def _tone_ranked(report: Mapping[str, Any], tone: str) -> list[Mapping[str, Any]]:
    out = []
    for t in report["themes"]:
        s = (t.get("by_sentiment") or {}).get(tone)
        if s and not s["low_mentions"] and s["mentions"] and s["impact"] is not None:
            out.append(t)
    return out


def _costs(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    ranked = [t for t in _tone_ranked(report, "negative") if t["by_sentiment"]["negative"]["impact"] < 0]
    ranked.sort(key=lambda t: t["by_sentiment"]["negative"]["impact"])
    out = []
    for t in ranked[:N_COSTS]:
        s = t["by_sentiment"]["negative"]
        lo, hi = s["impact_ci95"]
        caveat = ("" if hi is not None and hi < 0 else
                  " The interval crosses 0, so this cost could be chance; treat it as a lead to check.")
        det = f"; {pct(s['detractor_share'])} of detractors complain about it" if s.get("detractor_share") else ""
        out.append(finding("cost", f"Complaints about {t['label']} cost {signed(s['impact'])} NPS points (95% "
                                   f"interval {signed(lo)} to {signed(hi)}; {s['mentions']:,} negative mentions"
                                   f"{det}).{caveat}",
                           theme=t["id"], theme_label=t["label"], value=s["impact"], interval=[lo, hi],
                           p_value=s["p_value"], q_value=s["q_value"]))
    return out


def _theme_changes(report: Mapping[str, Any], labels: Mapping[str, str]) -> list[dict[str, Any]]:
    cps = [c for c in _cps(report) if c["metric"] == "negative_share" and c["significant"] and (c["change"] or 0) > 0]
    cps.sort(key=lambda c: -(c["change"] or 0.0))
    return [finding("theme_change", f"Complaints about {labels.get(c['theme'], c['theme'])} went from "
                                    f"{pct(c['before'])} to {pct(c['after'])} of comments from {c['period']} "
                                    f"({pvalue(c['p_value'])}, {qvalue(c['q_value'])}).",
                    theme=c["theme"], theme_label=labels.get(c["theme"]), period=c["period"], value=c["after"],
                    interval=None, p_value=c["p_value"], q_value=c["q_value"]) for c in cps[:N_THEME_CHANGES]]


def overall_change(trends: Sequence[Mapping[str, Any]], metric: str, theme: str | None, period: str) -> float:
    """Everyone's change at the same split: the pooled value from ``period`` on minus the pooled value before it,
    from the per-period ``trends`` (NPS weighted by respondents, shares by analysed comments); 0 when a side
    is empty."""
    sums = {True: [0.0, 0.0], False: [0.0, 0.0]}
    for p in trends:
        if metric == "nps":
            value, weight = p.get("nps"), p["n"]
        else:
            value, weight = (p["themes"].get(theme or "") or {}).get(metric), p["comments"]
        if value is None or not weight:
            continue
        side = sums[p["period"] >= period]
        side[0] += float(value) * weight
        side[1] += weight
    if not sums[True][1] or not sums[False][1]:
        return 0.0
    return sums[True][0] / sums[True][1] - sums[False][0] / sums[False][1]


def _excess(c: Mapping[str, Any], trends: Sequence[Mapping[str, Any]]) -> float:
    """How much worse a segment value's series moved than everyone's did at the same split (complaints rising
    more, NPS falling more): a change all segments share is already told once, overall."""
    diff = (c["change"] or 0.0) - overall_change(trends, c["metric"], c["theme"], c["period"])
    return -diff if c["metric"] == "nps" else diff


def _segment_changes(report: Mapping[str, Any], labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """Significant segment × period breaks (complaints rising, or NPS), the most segment-specific first (the
    change beyond everyone's change at that period); at most one per theme and metric."""
    trends = report.get("trends") or []
    cps = [c for c in _cps(report, "segment_change_points") if c["significant"]
           and ((c["metric"] == "negative_share" and (c["change"] or 0) > 0) or c["metric"] == "nps")]
    cps = [c for c in cps if _excess(c, trends) > 0]
    cps.sort(key=lambda c: -_excess(c, trends) * (1.0 if c["metric"] == "negative_share" else 0.5))
    picked, seen = [], set()
    for c in cps:
        if (c["metric"], c["theme"]) not in seen:
            seen.add((c["metric"], c["theme"]))
            picked.append(c)
    out = []
    for c in picked[:N_SEGMENT_CHANGES]:
        where = f"In {c['segment']} “{c['segment_value']}”"
        if c["metric"] == "nps":
            text = (f"{where}, NPS went from {signed(c['before'])} to {signed(c['after'])} from {c['period']} "
                    f"({pvalue(c['p_value'])}, {qvalue(c['q_value'])}).")
        else:
            text = (f"{where}, complaints about {labels.get(c['theme'], c['theme'])} went from {pct(c['before'])} "
                    f"to {pct(c['after'])} of comments from {c['period']} ({pvalue(c['p_value'])}, "
                    f"{qvalue(c['q_value'])}).")
        out.append(finding("segment_change", text, theme=c["theme"], theme_label=labels.get(c["theme"] or ""),
                           segment=c["segment"], segment_value=c["segment_value"], period=c["period"],
                           value=c["after"], p_value=c["p_value"], q_value=c["q_value"]))
    return out


def _lifts(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    rising = rising_complaints(report)
    ranked = [t for t in _tone_ranked(report, "positive") if t["id"] not in rising
              and (t["by_sentiment"]["positive"]["impact_ci95"][0] or 0) > 0]
    ranked.sort(key=lambda t: -t["by_sentiment"]["positive"]["impact"])
    out = []
    for t in ranked[:N_LIFTS]:
        s = t["by_sentiment"]["positive"]
        lo, hi = s["impact_ci95"]
        out.append(finding("lift", f"Praise for {t['label']} earns {signed(s['impact'])} NPS points (95% interval "
                                   f"{signed(lo)} to {signed(hi)}; {s['mentions']:,} positive mentions).",
                           theme=t["id"], theme_label=t["label"], value=s["impact"], interval=[lo, hi],
                           p_value=s["p_value"], q_value=s["q_value"]))
    return out


def _last_change(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    ch = report.get("changes")
    if not ch or ch.get("nps_change") is None:
        return []
    sig = "statistically significant" if (ch["nps_p_value"] or 1) < 0.05 else "within sampling noise"
    return [finding("last_change", f"From {ch['from']} to {ch['to']} NPS moved {signed(ch['nps_change'])} points "
                                   f"({signed(ch['nps_from'])} → {signed(ch['nps_to'])}; {sig}, "
                                   f"{pvalue(ch['nps_p_value'])}).",
                    period=ch["to"], value=ch["nps_change"], p_value=ch["nps_p_value"])]


def _lowest_segment(report: Mapping[str, Any], labels: Mapping[str, str]) -> list[dict[str, Any]]:
    worst = [(col, s) for col, items in report["segments"].items() for s in items
             if s["n"] >= MIN_SEGMENT_N and s["nps"] is not None]
    if len(worst) < 2:
        return []
    col, s = min(worst, key=lambda cs: cs[1]["nps"])
    concern = f"; its main concern is {labels[s['primary_concern']]}" if s["primary_concern"] in labels else ""
    return [finding("lowest_segment", f"Lowest NPS among segments with {MIN_SEGMENT_N}+ respondents: {col} "
                                      f"“{s['value']}” at {signed(s['nps'], 0)} (n = {s['n']:,}){concern}.",
                    theme=s["primary_concern"], theme_label=labels.get(s["primary_concern"] or ""), segment=col,
                    segment_value=s["value"], value=s["nps"], interval=s["ci95"])]


def _quality(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    dq = report["data_quality"]
    con = dq.get("contradictions") or {}
    if con.get("count"):
        out.append(finding("contradictions", f"{con['count']:,} comments contradict their score "
                                             f"({con['low_score_positive']:,} positive with a score of 0–3, "
                                             f"{con['high_score_negative']:,} negative with 9–10): check them in "
                                             "Data quality.", value=con["count"]))
    specific = [c for c in report.get("emerging", []) if not c.get("generic")]
    if specific:
        out.append(finding("emerging", f"Possible missing theme: “{specific[0]['label']}” (≈{specific[0]['size']:,} "
                                       f"comments no theme covers).", value=specific[0]["size"]))
    rej = report["rejected"]["count"]
    if rej:
        out.append(finding("rejected", f"{rej:,} of {dq['rows']:,} input rows were rejected (see Data quality).",
                           value=rej))
    return out


def key_findings(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The key findings of a report dict (everything but ``findings`` itself), in reading order."""
    labels = _labels(report)
    parts: Sequence[list[dict[str, Any]]] = (
        _nps(report), _nps_break(report), _costs(report), _theme_changes(report, labels),
        _segment_changes(report, labels), _lifts(report), _last_change(report), _lowest_segment(report, labels),
        _quality(report))
    return [f for part in parts for f in part]
