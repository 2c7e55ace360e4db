"""Small multiples: one small NPS-per-period chart per segment value, all on the same scales (inline SVG, no
JavaScript). Text from data (values, periods) is escaped with :func:`markupsafe.escape`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from nlp.render.charts import GRID, INK, MUTED, RED, _f, _svg, nice_ticks, signed

PANEL_W, PANEL_H, COLS = 210.0, 130.0, 4


def segment_small_multiples(items: Sequence[Mapping[str, Any]], column: str) -> Markup:
    """A grid of panels (``COLS`` a row): NPS per period of each segment value with its 95% interval band.

    ``items`` are the ``segment_trends[column]`` entries of the report. All panels share the period axis
    (every period of any value) and the NPS axis, so they can be compared at a glance."""
    items = [it for it in items if any(p.get("nps") is not None for p in it["periods"])]
    if not items:
        return Markup("")
    periods = sorted({p["period"] for it in items for p in it["periods"]})
    pos = {p: i for i, p in enumerate(periods)}
    lows = [p["ci95"][0] if p["ci95"][0] is not None else p["nps"] for it in items for p in it["periods"]]
    highs = [p["ci95"][1] if p["ci95"][1] is not None else p["nps"] for it in items for p in it["periods"]]
    ticks = nice_ticks(min(lows), max(highs), 4)
    lo, hi = ticks[0], ticks[-1]
    left, top, bottom, right = 34.0, 22.0, 20.0, 18.0
    plot_w, plot_h = PANEL_W - left - right, PANEL_H - top - bottom

    def sx(i: int) -> float:
        return left + (plot_w * i / (len(periods) - 1) if len(periods) > 1 else plot_w / 2)

    def sy(v: float) -> float:
        return top + (hi - v) / (hi - lo) * plot_h

    body = []
    for k, it in enumerate(items):
        ox, oy = (k % COLS) * PANEL_W, (k // COLS) * PANEL_H
        g = [f"<g transform='translate({_f(ox)},{_f(oy)})'>",
             f"<text x='{left}' y='13' fill='{INK}' font-weight='600'>{escape(str(it['value']))} · "
             f"n={int(it['n']):,}</text>"]
        for tk in (ticks[0], 0.0 if lo < 0 < hi else None, ticks[-1]):
            if tk is None:
                continue
            g.append(f"<line x1='{left}' x2='{_f(left + plot_w)}' y1='{_f(sy(tk))}' y2='{_f(sy(tk))}' "
                     f"stroke='{INK if tk == 0 else GRID}' stroke-width='{0.8 if tk == 0 else 1}'/>"
                     f"<text x='{left - 4}' y='{_f(sy(tk) + 4)}' text-anchor='end' fill='{MUTED}' "
                     f"font-size='10'>{tk:g}</text>")
        pts = [p for p in it["periods"] if p.get("nps") is not None]
        band_hi = [f"{_f(sx(pos[p['period']]))},{_f(sy(p['ci95'][1] if p['ci95'][1] is not None else p['nps']))}"
                   for p in pts]
        band_lo = [f"{_f(sx(pos[p['period']]))},{_f(sy(p['ci95'][0] if p['ci95'][0] is not None else p['nps']))}"
                   for p in reversed(pts)]
        g.append(f"<polygon points='{' '.join(band_hi + band_lo)}' fill='#3366cc' fill-opacity='0.12'/>")
        line = " ".join(f"{_f(sx(pos[p['period']]))},{_f(sy(p['nps']))}" for p in pts)
        g.append(f"<polyline points='{line}' fill='none' stroke='#3366cc' stroke-width='1.8'/>")
        for p in pts:
            fill = "#fff" if p.get("low_n") else "#3366cc"
            tip = escape(f"{it['value']} {p['period']}: NPS {signed(p['nps'])}, n={p['n']}")
            g.append(f"<circle cx='{_f(sx(pos[p['period']]))}' cy='{_f(sy(p['nps']))}' r='2.6' fill='{fill}' "
                     f"stroke='#3366cc'><title>{tip}</title></circle>")
        last = pts[-1]
        colour = RED if last["nps"] < 0 else INK
        g.append(f"<text x='{_f(left + plot_w)}' y='13' text-anchor='end' fill='{colour}' font-size='11'>"
                 f"{signed(last['nps'], 0)}</text>")
        for i, anchor in ((0, "start"), (len(periods) - 1, "end")):
            g.append(f"<text x='{_f(sx(i))}' y='{_f(PANEL_H - 6)}' text-anchor='{anchor}' fill='{MUTED}' "
                     f"font-size='9.5'>{escape(periods[i])}</text>")
        g.append("</g>")
        body.append("".join(g))
    rows = (len(items) + COLS - 1) // COLS
    return _svg(PANEL_W * COLS, PANEL_H * rows, "".join(body),  # same panel size whatever the count
                f"NPS per period for each {column}")
