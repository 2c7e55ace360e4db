"""Render the report dict as ONE self-contained HTML file (inline CSS, SVG and one inline script, no network).

Jinja2 autoescaping is on for the whole template, so every comment, label and segment value is
HTML-escaped; charts are built in :mod:`nlp.render.charts`, which escapes its own text. A
Content-Security-Policy meta tag forbids any network fetch at view time and every script but the drill-down's
own (allowed by its SHA-256 hash; its data is an inert JSON block, its rows are built with ``textContent``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from nlp.render import charts
from nlp.render.small_multiples import segment_small_multiples
from nlp.report.findings import key_findings

DEFINITION_TITLES = {
    "nps": "Net Promoter Score (NPS)", "ci95": "95% interval of the NPS", "share": "Share of a theme",
    "impact": "Impact on NPS", "impact_ci95": "95% interval of the impact", "p_value": "p-value and q-value",
    "low_mentions": "Too few mentions", "key_driver_impact": "Key-driver view", "detractor_share":
    "% of detractors / promoters", "primary_concern": "Main concern and stands out", "emerging": "Emerging themes",
    "quotes": "Quotes", "impact_by_sentiment": "Impact of negative and positive mentions",
    "change_detection": "Change points and baselines", "contradictions": "Comments that contradict the score",
}
N_CHANGE_ROWS = 12
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
    """The key findings' texts, from ``report["findings"]`` (built by :func:`nlp.report.findings.key_findings`;
    computed here only for a report dict that predates the list)."""
    found = report.get("findings")
    if found is None:
        found = key_findings(report)
    return [str(f["text"]) for f in found]


def change_rows(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Significant change points (overall, then per segment), largest change first, with readable names."""
    cd = report.get("change_detection") or {}
    labels = {t["id"]: t["label"] for t in report["themes"]}
    what = {"nps": "NPS", "share": "mentions of", "negative_share": "complaints about"}
    rows = []
    for c in [*(cd.get("change_points") or []), *(cd.get("segment_change_points") or [])]:
        if not c.get("significant"):
            continue
        name = what[c["metric"]] + (f" {labels.get(c['theme'], c['theme'])}" if c["theme"] else "")
        where = f"{c['segment']} “{c['segment_value']}”" if c["segment"] else "all respondents"
        rows.append({**c, "name": name, "where": where})
    rows.sort(key=lambda r: (r["segment"] is not None, -abs(r["change"] or 0.0)))
    return rows[:N_CHANGE_ROWS * 2]


@lru_cache(maxsize=1)
def _drill_js() -> str:
    from importlib.resources import files

    return files("nlp.render").joinpath("templates/drilldown.js").read_text(encoding="utf-8").strip()


def json_for_script(value: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: ``<``, ``>`` and ``&`` as ``\\u`` escapes, so a
    comment holding ``</script>`` cannot close the block."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def drill_context(report: Mapping[str, Any]) -> dict[str, Any]:
    """Template values of the drill-down: data, script and the CSP ``script-src`` that allows only that script."""
    drill = report.get("drilldown")
    if not drill or not drill.get("themes"):
        return {"drill": None, "drill_json": "", "drill_js": "", "drill_periods": False, "csp_script": ""}
    js = _drill_js()
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    periods = any(c.get("period") for t in drill["themes"] for c in t["comments"])
    return {"drill": drill, "drill_json": json_for_script(drill), "drill_js": Markup(js), "drill_periods": periods,
            "csp_script": Markup(f"; script-src 'sha256-{digest}'")}


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
        "findings": report.get("findings") or [],
        "costs": sorted([t for t in report["themes"] if t.get("by_sentiment") and t["mentions"]],
                        key=lambda t: t["by_sentiment"]["negative"]["impact"] or 0.0),
        "strongest": sorted([t for t in report["themes"] if t.get("strongest_quotes")],
                            key=lambda t: t["by_sentiment"]["negative"]["impact"] or 0.0),
        "change_rows": change_rows(report),
        "small_multiples": {col: segment_small_multiples(items, str(col))
                            for col, items in (report.get("segment_trends") or {}).items() if items},
        "glossary": list((report.get("glossary") or {}).items()),
        "definitions": [(DEFINITION_TITLES.get(k, k), v) for k, v in report["definitions"].items()],
        **drill_context(report),
    }
    return _env().get_template("report.html.j2").render(**ctx)
