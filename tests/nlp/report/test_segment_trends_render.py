"""NPS per segment value × period by hand; trends.csv segment rows; small multiples; themes.csv tone columns."""

import pytest

from nlp.render.small_multiples import segment_small_multiples
from nlp.render.tables import theme_table, trend_rows
from nlp.report.build import build_report
from nlp.report.frame import ReportData
from nlp.report.segment_trends import segment_trends

HOSTILE = "<script>x</script>"


def _data():
    # city A: Jan 3 promoters + 1 detractor (NPS +50), Feb 1 promoter + 3 detractors (−50); city B: Jan only
    scores = [10, 9, 9, 2, 10, 1, 2, 3, 7, 8]
    periods = ["2026-01-01"] * 4 + ["2026-02-01"] * 4 + ["2026-01-01"] * 2  # period starts, as collected
    city = ["A"] * 8 + [HOSTILE] * 2
    themes = [{"t": "positive"}] * 3 + [{"t": "negative"}] + [{}] * 6
    return ReportData.from_records(scores, themes, texts=[True] * 10, periods=periods, segments={"city": city})


def test_segment_trends_by_hand():
    out = segment_trends(_data(), "month")
    a, b = out["city"]
    assert (a["value"], a["n"], b["value"], b["n"]) == ("A", 8, HOSTILE, 2)
    assert [(p["period"], p["n"], p["nps"]) for p in a["periods"]] == [("2026-01", 4, 50.0), ("2026-02", 4, -50.0)]
    assert [(p["period"], p["nps"]) for p in b["periods"]] == [("2026-01", 0.0)]  # no empty February
    lo, hi = a["periods"][0]["ci95"]
    assert lo < 50.0 < hi and all(p["low_n"] for p in a["periods"])
    assert segment_trends(ReportData.from_records([9], [{}]), "month") == {}


def test_trends_csv_has_overall_then_segment_rows_and_themes_csv_has_tone_impacts():
    rep = build_report(_data(), model={}, taxonomy={}, rejected={}, total_rows=10, period="month", min_mentions=1)
    header, rows = trend_rows(rep)
    assert header[:5] == ["segment", "value", "period", "start", "n"]
    overall = [r for r in rows if not r.get("segment")]
    seg = [r for r in rows if r.get("segment")]
    assert [(r["period"], r["n"]) for r in overall] == [("2026-01", 6), ("2026-02", 4)]
    assert [(r["value"], r["period"], r["n"], r["nps"]) for r in seg] == [
        ("A", "2026-01", 4, 50.0), ("A", "2026-02", 4, -50.0), (HOSTILE, "2026-01", 2, 0.0)]
    header, rows = theme_table(rep)
    assert {"negative_impact", "negative_impact_ci_low", "positive_impact", "positive_q_value"} <= set(header)
    (t,) = rows
    # all: 4 promoters, 4 detractors of 10 → NPS 0; without the 1 negative mention (a detractor): 4 and 3 of 9
    assert t["negative_mentions"] == 1 and t["negative_impact"] == pytest.approx(0 - 100 / 9, abs=0.01)
    assert t["positive_mentions"] == 3


def test_small_multiples_share_scales_and_escape_values():
    svg = str(segment_small_multiples(segment_trends(_data(), "month")["city"], "city"))
    assert svg.count("<polyline") == 2 and "<script>" not in svg and "&lt;script&gt;" in svg
    assert "2026-01" in svg and "2026-02" in svg and "n=8" in svg
    assert str(segment_small_multiples([], "city")) == ""
