"""Render the report dict as ONE self-contained HTML file (inline CSS and SVG, no JavaScript, no network).

Jinja2 autoescaping is on for the whole template, so every comment, label and segment value is
HTML-escaped; charts are built in :mod:`nlp.render.charts`, which escapes its own text. A
Content-Security-Policy meta tag forbids scripts and any network fetch at view time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from nlp.render import charts

DEFINITION_TITLES = {
    "nps": "Net Promoter Score (NPS)", "ci95": "95% interval of the NPS", "share": "Share of a theme",
    "impact": "Impact on NPS", "impact_ci95": "95% interval of the impact", "p_value": "p-value and q-value",
    "low_mentions": "Too few mentions", "key_driver_impact": "Key-driver view", "detractor_share":
    "% of detractors / promoters", "primary_concern": "Main concern and stands out", "emerging": "Emerging themes",
    "quotes": "Quotes",
}
HEAT_THEMES = 6
MIN_SEGMENT_N = 30
HEAT_FULL = 25.0  # % negative share shown in full colour (or the table's maximum when larger)


def _num(x: Any, nd: int = 1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{float(x):,.{nd}f}"


def _signed(x: Any, nd: int = 1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return charts.signed(x, nd)


def _int(x: Any) -> str:
    return "–" if x is None else f"{int(x):,}"


def _pvalue(p: Any) -> str:
    if p is None:
        return "–"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=PackageLoader("nlp.render", "templates"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(num=_num, signed=_signed, int=_int, pvalue=_pvalue)
    return env


def _heat(alpha: float) -> str:
    """Background for a heat-map cell: transparent → red as the negative share grows."""
    return f"background-color: rgba(215, 48, 39, {alpha:.2f})"


def heatmaps(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per segment column: the themes most mentioned negatively overall, and one row of cells per value."""
    neg_total = {t["id"]: t["sentiment"].get("negative", 0) + t["sentiment"].get("conflict", 0)
                 for t in report["themes"]}
    top = [t for t, v in sorted(neg_total.items(), key=lambda kv: -kv[1]) if v > 0][:HEAT_THEMES]
    labels = {t["id"]: t["label"] for t in report["themes"]}
    out = []
    for col, items in report["segments"].items():
        peak = max([th["negative_share"] or 0.0 for s in items for th in s["themes"] if th["id"] in top] or [0.0])
        rows = []
        for s in items:
            neg = {th["id"]: th["negative_share"] or 0.0 for th in s["themes"]}
            scale = max(peak, HEAT_FULL)  # a 5% cell stays pale even when it is the largest of the table
            cells = [{"value": neg.get(t, 0.0), "style": _heat(0.9 * min(1.0, neg.get(t, 0.0) / scale)),
                      "dark": neg.get(t, 0.0) / scale > 0.5} for t in top]
            rows.append({**s, "cells": cells, "primary_label": labels.get(s["primary_concern"] or "", ""),
                         "distinctive_label": labels.get(s["distinctive_concern"] or "", "")})
        out.append({"column": col, "themes": [{"id": t, "label": labels[t]} for t in top], "rows": rows})
    return out


def highlights(report: Mapping[str, Any]) -> list[str]:
    """Plain-language key findings for the top of the report (plain text; the template escapes it)."""
    out = []
    nps = report["nps"]
    if nps["score"] is not None:
        lo, hi = nps["ci95"]
        out.append(f"NPS is {_signed(nps['score'])} (95% interval {_signed(lo)} to {_signed(hi)}) from "
                   f"{nps['n']:,} respondents with a valid score.")
    ranked = [t for t in report["themes"] if not t["low_mentions"] and t["impact"] is not None and t["mentions"]]
    costs = [t for t in ranked if t["impact_ci95"][1] is not None and t["impact_ci95"][1] < 0]
    gains = sorted([t for t in ranked if t["impact_ci95"][0] is not None and t["impact_ci95"][0] > 0],
                   key=lambda t: -t["impact"])
    if costs:
        names = ", ".join(f"{t['label']} ({_signed(t['impact'])})" for t in costs[:3])
        out.append(f"Biggest costs to NPS, in points: {names}.")
    if gains:
        names = ", ".join(f"{t['label']} ({_signed(t['impact'])})" for t in gains[:3])
        out.append(f"Biggest lifts to NPS, in points: {names}.")
    ch = report.get("changes")
    if ch and ch.get("nps_change") is not None:
        sig = "statistically significant" if (ch["nps_p_value"] or 1) < 0.05 else "within sampling noise"
        out.append(f"From {ch['from']} to {ch['to']} NPS moved {_signed(ch['nps_change'])} points "
                   f"({_signed(ch['nps_from'])} → {_signed(ch['nps_to'])}; {sig}, p = {_pvalue(ch['nps_p_value'])}).")
        labels = {t["id"]: t["label"] for t in report["themes"]}
        rising = [t for t in ch["themes"] if t["significant"] and t["change"] > 0][:2]
        for t in rising:
            out.append(f"Negative mentions of {labels.get(t['id'], t['id'])} rose from {_num(t['share_from'])}% "
                       f"to {_num(t['share_to'])}% of comments in {ch['to']}.")
    labels = {t["id"]: t["label"] for t in report["themes"]}
    worst = [(col, s) for col, items in report["segments"].items() for s in items
             if s["n"] >= MIN_SEGMENT_N and s["nps"] is not None]
    if len(worst) > 1:
        col, s = min(worst, key=lambda cs: cs[1]["nps"])
        concern = f"; its main concern is {labels[s['primary_concern']]}" if s["primary_concern"] in labels else ""
        out.append(f"Lowest NPS among segments with {MIN_SEGMENT_N}+ respondents: {col} “{s['value']}” at "
                   f"{_signed(s['nps'], 0)} (n = {s['n']:,}){concern}.")
    specific = [c for c in report.get("emerging", []) if not c.get("generic")]
    if specific:
        out.append(f"Possible missing theme: “{specific[0]['label']}” (≈{specific[0]['size']:,} comments no theme "
                   f"covers).")
    rej = report["rejected"]["count"]
    if rej:
        out.append(f"{rej:,} of {report['data_quality']['rows']:,} input rows were rejected (see Data quality).")
    return out


def render_report(report: Mapping[str, Any], *, title: str = "NPS theme report") -> str:
    """The report as one HTML document (a string)."""
    labels = {t["id"]: t["label"] for t in report["themes"]}
    trend_themes = report["meta"].get("trend_themes") or []
    nps = report["nps"]
    ctx = {
        "title": title,
        "r": report,
        "labels": labels,
        "highlights": highlights(report),
        "ppd": charts.ppd_bar(nps.get("promoter_pct") or 0, nps.get("passive_pct") or 0,
                              nps.get("detractor_pct") or 0),
        "drivers": charts.driver_chart([t for t in report["themes"] if not t["low_mentions"] and t["mentions"]]),
        "low_themes": [t for t in report["themes"] if t["low_mentions"] and t["mentions"]],
        "unmentioned": [t for t in report["themes"] if not t["mentions"]],
        "heatmaps": heatmaps(report),
        "nps_trend": charts.nps_trend_chart(report["trends"]),
        "theme_trend": charts.theme_trend_chart(report["trends"], trend_themes, labels, key="negative_share"),
        "quoted": [t for t in report["themes"] if t["quotes"]],
        "changes": report.get("changes"),
        "definitions": [(DEFINITION_TITLES.get(k, k), v) for k, v in report["definitions"].items()],
    }
    return _env().get_template("report.html.j2").render(**ctx)
