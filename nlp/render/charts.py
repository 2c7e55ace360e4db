"""Static inline SVG charts for the HTML report (no JavaScript, no network).

Every chart returns :class:`markupsafe.Markup`; every piece of text that comes from data (theme labels,
segment values, periods) goes through :func:`markupsafe.escape`, so a hostile label cannot break out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

GREEN, GREY, RED = "#1a9850", "#b8b8b8", "#d73027"
INK, MUTED, GRID = "#1f2933", "#6b7785", "#e4e7eb"
SERIES = ("#3366cc", "#dc3912", "#ff9900", "#109618", "#990099", "#0099c6", "#dd4477")
FONT = "font-family='system-ui,-apple-system,Segoe UI,Roboto,sans-serif'"


def _f(x: float) -> str:
    return f"{x:.1f}"


def _svg(width: float, height: float, body: str, title: str) -> Markup:
    return Markup(
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {_f(width)} {_f(height)}' width='100%' "
        f"role='img' aria-label='{escape(title)}' {FONT} font-size='12'><title>{escape(title)}</title>{body}</svg>"
    )


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (1, 2, 2.5 or 5 × 10^k steps)."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step + 1e-9) * step
    ticks = [round(start, 10)]
    while ticks[-1] < hi - step * 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def signed(x: float, nd: int = 1) -> str:
    """``+3.4`` / ``−2.0`` (true minus sign) / ``0.0`` (never ``-0.0``)."""
    v = round(float(x), nd)
    if v == 0:
        return f"{0:.{nd}f}"
    return f"{v:+.{nd}f}".replace("-", "−")


def ppd_bar(promoters: float, passives: float, detractors: float, width: float = 900) -> Markup:
    """One stacked bar: detractors (red), passives (grey), promoters (green), in % of respondents."""
    h = 46
    body, x = [], 0.0
    for pct, colour, name in ((detractors, RED, "Detractors"), (passives, GREY, "Passives"),
                              (promoters, GREEN, "Promoters")):
        w = width * (pct or 0) / 100.0
        if w <= 0:
            continue
        body.append(f"<rect x='{_f(x)}' y='0' width='{_f(w)}' height='28' fill='{colour}'>"
                    f"<title>{name}: {pct:.1f}%</title></rect>")
        if w > 70:
            fill = "#fff" if colour != GREY else INK
            body.append(f"<text x='{_f(x + 8)}' y='19' fill='{fill}' font-weight='600'>{name} {pct:.0f}%</text>")
        elif w > 28:
            body.append(f"<text x='{_f(x + 4)}' y='19' fill='#fff' font-weight='600'>{pct:.0f}%</text>")
        x += w
    body.append(f"<text x='0' y='{h - 4}' fill='{MUTED}'>0–6 detractors · 7–8 passives · 9–10 promoters</text>")
    return _svg(width, h, "".join(body), "Promoters, passives and detractors")


def driver_chart(themes: Sequence[Mapping[str, Any]], width: float = 900) -> Markup:
    """Horizontal bars of theme impact on NPS with 95% interval whiskers, most costly first.

    A hollow diamond marks the key-driver (joint model) impact. Bars are red when the theme costs points
    and green when it earns them; pale when the interval includes 0.
    """
    rows = [t for t in themes if t.get("impact") is not None and t.get("impact_ci95")
            and None not in t["impact_ci95"]]
    if not rows:
        return Markup("")
    label_w, right_pad, row_h, top = 250.0, 56.0, 26.0, 26.0
    values = [v for t in rows for v in (t["impact"], *t["impact_ci95"], t.get("key_driver_impact") or 0.0)]
    lo, hi = min(0.0, *values), max(0.0, *values)
    ticks = nice_ticks(lo, hi, 6)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])
    plot_w = width - label_w - right_pad

    def sx(v: float) -> float:
        return label_w + (v - lo) / (hi - lo) * plot_w

    height = top + row_h * len(rows) + 30
    body = []
    for tk in ticks:
        x = sx(tk)
        body.append(f"<line x1='{_f(x)}' x2='{_f(x)}' y1='{top - 6}' y2='{_f(height - 24)}' stroke='{GRID}'/>")
        tick = signed(tk, 0 if tk == int(tk) else 1)
        body.append(f"<text x='{_f(x)}' y='{_f(height - 8)}' text-anchor='middle' fill='{MUTED}'>{tick}</text>")
    body.append(f"<text x='{label_w}' y='12' fill='{MUTED}'>← costs NPS points</text>")
    body.append(f"<text x='{_f(width - right_pad)}' y='12' text-anchor='end' fill='{MUTED}'>earns NPS points →</text>")
    zero = sx(0.0)
    for i, t in enumerate(rows):
        y = top + i * row_h
        imp, (c_lo, c_hi) = float(t["impact"]), (float(t["impact_ci95"][0]), float(t["impact_ci95"][1]))
        significant = c_lo > 0 or c_hi < 0
        colour = RED if imp < 0 else GREEN
        opacity = "1" if significant else "0.35"
        label = escape(str(t.get("label") or t.get("id")))
        tip = escape(f"{t.get('label')}: impact {signed(imp)} pts (95% CI {signed(c_lo)} to {signed(c_hi)}), "
                     f"{t.get('mentions')} mentions")
        body.append(f"<g><title>{tip}</title>")
        body.append(f"<text x='{label_w - 10}' y='{_f(y + 16)}' text-anchor='end' fill='{INK}'>{label}</text>")
        x0, x1 = sorted((zero, sx(imp)))
        body.append(f"<rect x='{_f(x0)}' y='{_f(y + 5)}' width='{_f(max(x1 - x0, 1))}' height='{row_h - 10}' "
                    f"fill='{colour}' fill-opacity='{opacity}' rx='2'/>")
        ya = y + row_h / 2
        body.append(f"<line x1='{_f(sx(c_lo))}' x2='{_f(sx(c_hi))}' y1='{_f(ya)}' y2='{_f(ya)}' stroke='{INK}' "
                    f"stroke-width='1.4'/>")
        for c in (c_lo, c_hi):
            body.append(f"<line x1='{_f(sx(c))}' x2='{_f(sx(c))}' y1='{_f(ya - 5)}' y2='{_f(ya + 5)}' "
                        f"stroke='{INK}' stroke-width='1.4'/>")
        kd = t.get("key_driver_impact")
        if kd is not None:
            kx = sx(float(kd))
            body.append(f"<path d='M{_f(kx)} {_f(ya - 6)} L{_f(kx + 6)} {_f(ya)} L{_f(kx)} {_f(ya + 6)} "
                        f"L{_f(kx - 6)} {_f(ya)} Z' fill='#fff' stroke='#3366cc' stroke-width='1.6'/>")
        body.append(f"<text x='{_f(width - right_pad + 6)}' y='{_f(y + 16)}' fill='{INK}' "
                    f"font-weight='600'>{signed(imp)}</text></g>")
    body.append(f"<line x1='{_f(zero)}' x2='{_f(zero)}' y1='{top - 6}' y2='{_f(height - 24)}' stroke='{INK}'/>")
    return _svg(width, height, "".join(body), "Theme impact on NPS with 95% intervals")


def _x_positions(n: int, left: float, plot_w: float) -> list[float]:
    if n == 1:
        return [left + plot_w / 2]
    return [left + plot_w * i / (n - 1) for i in range(n)]


def nps_trend_chart(trends: Sequence[Mapping[str, Any]], width: float = 900, height: float = 260) -> Markup:
    """NPS per period with its 95% interval as a band; hollow points mark periods with few responses."""
    pts = [t for t in trends if t.get("nps") is not None]
    if not pts:
        return Markup("")
    left, right, top, bottom = 48.0, 20.0, 16.0, 34.0
    lows = [t["ci95"][0] if t["ci95"][0] is not None else t["nps"] for t in pts]
    highs = [t["ci95"][1] if t["ci95"][1] is not None else t["nps"] for t in pts]
    ticks = nice_ticks(min(lows), max(highs), 5)
    lo, hi = ticks[0], ticks[-1]
    plot_w, plot_h = width - left - right, height - top - bottom
    xs = _x_positions(len(pts), left + 20, plot_w - 40)

    def sy(v: float) -> float:
        return top + (hi - v) / (hi - lo) * plot_h

    body = []
    for tk in ticks:
        body.append(f"<line x1='{left}' x2='{_f(width - right)}' y1='{_f(sy(tk))}' y2='{_f(sy(tk))}' "
                    f"stroke='{INK if tk == 0 else GRID}' stroke-width='{1.2 if tk == 0 else 1}'/>")
        body.append(f"<text x='{left - 6}' y='{_f(sy(tk) + 4)}' text-anchor='end' fill='{MUTED}'>{tk:g}</text>")
    band = [f"{_f(x)},{_f(sy(h))}" for x, h in zip(xs, highs, strict=True)]
    band += [f"{_f(x)},{_f(sy(lw))}" for x, lw in reversed(list(zip(xs, lows, strict=True)))]
    body.append(f"<polygon points='{' '.join(band)}' fill='#3366cc' fill-opacity='0.12'/>")
    line = " ".join(f"{_f(x)},{_f(sy(t['nps']))}" for x, t in zip(xs, pts, strict=True))
    body.append(f"<polyline points='{line}' fill='none' stroke='#3366cc' stroke-width='2.5'/>")
    for k, (x, t) in enumerate(zip(xs, pts, strict=True)):
        fill = "#fff" if t.get("low_n") else "#3366cc"
        tip = escape(f"{t['period']}: NPS {signed(t['nps'])} (95% CI {signed(lows[k])} to {signed(highs[k])}), "
                     f"n={t['n']}")
        body.append(f"<g><title>{tip}</title><circle cx='{_f(x)}' cy='{_f(sy(t['nps']))}' r='4.5' fill='{fill}' "
                    f"stroke='#3366cc' stroke-width='2'/>"
                    f"<text x='{_f(x)}' y='{_f(sy(t['nps']) - 9)}' text-anchor='middle' fill='{INK}' "
                    f"font-weight='600'>{signed(t['nps'], 0)}</text></g>")
        body.append(f"<text x='{_f(x)}' y='{_f(height - 14)}' text-anchor='middle' fill='{MUTED}'>"
                    f"{escape(str(t['period']))}</text>")
        body.append(f"<text x='{_f(x)}' y='{_f(height - 1)}' text-anchor='middle' fill='{MUTED}' "
                    f"font-size='10'>n={t['n']}</text>")
    return _svg(width, height, "".join(body), "NPS per period with 95% interval")


def theme_trend_chart(trends: Sequence[Mapping[str, Any]], themes: Sequence[str], labels: Mapping[str, str],
                      key: str = "negative_share", width: float = 900, height: float = 240) -> Markup:
    """Lines of each theme's share of comments per period (``key``: ``share`` or ``negative_share``)."""
    if not trends or not themes:
        return Markup("")
    left, right, top, bottom = 48.0, 250.0, 14.0, 26.0
    series = {t: [float(p["themes"].get(t, {}).get(key) or 0.0) for p in trends] for t in themes}
    ticks = nice_ticks(0.0, max(max(v) for v in series.values()) or 1.0, 4)
    hi = ticks[-1]
    plot_w, plot_h = width - left - right, height - top - bottom
    xs = _x_positions(len(trends), left + 20, plot_w - 40)

    def sy(v: float) -> float:
        return top + (hi - v) / hi * plot_h

    body = []
    for tk in ticks:
        body.append(f"<line x1='{left}' x2='{_f(left + plot_w)}' y1='{_f(sy(tk))}' y2='{_f(sy(tk))}' "
                    f"stroke='{GRID}'/><text x='{left - 6}' y='{_f(sy(tk) + 4)}' text-anchor='end' "
                    f"fill='{MUTED}'>{tk:g}%</text>")
    for x, p in zip(xs, trends, strict=True):
        body.append(f"<text x='{_f(x)}' y='{_f(height - 6)}' text-anchor='middle' fill='{MUTED}'>"
                    f"{escape(str(p['period']))}</text>")
    for i, (t, vals) in enumerate(series.items()):
        colour = SERIES[i % len(SERIES)]
        pts = " ".join(f"{_f(x)},{_f(sy(v))}" for x, v in zip(xs, vals, strict=True))
        name = escape(str(labels.get(t, t)))
        body.append(f"<g><title>{name}</title><polyline points='{pts}' fill='none' stroke='{colour}' "
                    f"stroke-width='2'/>")
        body += [f"<circle cx='{_f(x)}' cy='{_f(sy(v))}' r='3' fill='{colour}'><title>{name} "
                 f"{escape(str(p['period']))}: {v:.1f}%</title></circle>"
                 for x, v, p in zip(xs, vals, trends, strict=True)]
        ly = top + 8 + i * 20
        body.append(f"<rect x='{_f(width - right + 14)}' y='{_f(ly - 8)}' width='12' height='12' fill='{colour}'/>"
                    f"<text x='{_f(width - right + 32)}' y='{_f(ly + 2)}' fill='{INK}'>{name}</text></g>")
    return _svg(width, height, "".join(body), "Theme share per period")
