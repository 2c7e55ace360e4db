"""Impact by sentiment recomputed by hand, and the rules of the key findings."""

import copy

import pytest

from nlp.render.html import render_report
from nlp.report.build import build_report
from nlp.report.findings import finding, key_findings, overall_change
from nlp.report.frame import ReportData

SCORES = [10, 10, 9, 8, 3, 2, 0, 5, 9, 10]
THEMES = [{"delivery": "positive"}, {}, {}, {}, {"delivery": "negative"}, {"delivery": "negative"},
          {"delivery": "conflict"}, {}, {}, {}]


def _report(**kw):
    data = ReportData.from_records(SCORES, THEMES, texts=[True] * 10)
    return build_report(data, model={}, taxonomy={}, rejected={}, total_rows=10, min_mentions=2, **kw)


def test_impact_of_negative_and_positive_mentions_by_hand():
    t = _report()["themes"][0]
    # all: 5 promoters, 4 detractors of 10 → NPS +10
    # without negative mentions (rows 4, 5, 6): 5 promoters, 1 detractor of 7 → +57.14
    neg = t["by_sentiment"]["negative"]
    assert neg["mentions"] == 3 and neg["impact"] == pytest.approx(10 - 100 * 4 / 7, abs=0.01)
    assert neg["nps"] == pytest.approx(-100.0) and neg["detractor_share"] == pytest.approx(75.0)
    # without positive mentions (rows 0, 6): 4 promoters, 3 detractors of 8 → +12.5
    pos = t["by_sentiment"]["positive"]
    assert pos["mentions"] == 2 and pos["impact"] == pytest.approx(-2.5)
    # overall (rows 0, 4, 5, 6): 4 promoters, 1 detractor of 6 → +50
    assert t["impact"] == pytest.approx(-40.0)
    lo, hi = neg["impact_ci95"]
    assert lo <= neg["impact"] <= hi and 0 < neg["p_value"] <= 1 and neg["q_value"] >= neg["p_value"]


def test_cost_caveat_when_the_interval_crosses_zero():
    rep = _report()
    rep["themes"][0]["by_sentiment"]["negative"]["impact_ci95"] = [-60.0, 3.0]
    (cost,) = [f for f in key_findings(rep) if f["kind"] == "cost"]
    assert cost["theme"] == "delivery" and "crosses 0" in cost["text"] and cost["interval"] == [-60.0, 3.0]
    rep["themes"][0]["by_sentiment"]["negative"]["impact_ci95"] = [-60.0, -3.0]
    (cost,) = [f for f in key_findings(rep) if f["kind"] == "cost"]
    assert "crosses 0" not in cost["text"]


def test_no_lift_for_a_theme_whose_complaints_rise():
    rep = _report()
    blk = rep["themes"][0]["by_sentiment"]["positive"]
    blk.update(impact=5.0, impact_ci95=[1.0, 9.0])
    assert [f["theme"] for f in key_findings(rep) if f["kind"] == "lift"] == ["delivery"]
    rising = copy.deepcopy(rep)
    rising["changes"] = {"from": "a", "to": "b", "nps_from": 0, "nps_to": 0, "nps_change": 0.0, "nps_p_value": 0.9,
                         "n_from": 5, "n_to": 5, "themes": [{"id": "delivery", "share_from": 1.0, "share_to": 9.0,
                                                              "change": 8.0, "p_value": 0.01, "significant": True}]}
    assert not [f for f in key_findings(rising) if f["kind"] == "lift"]
    cp = copy.deepcopy(rep)
    cp["change_detection"] = {"change_points": [{"metric": "negative_share", "theme": "delivery", "significant": True,
                                                 "change": 20.0, "before": 5.0, "after": 25.0, "period": "2026-05",
                                                 "p_value": 0.001, "q_value": 0.002}], "baseline": []}
    assert not [f for f in key_findings(cp) if f["kind"] == "lift"]


def test_findings_have_every_field_and_the_html_renders_them():
    rep = _report()
    keys = {"kind", "text", "theme", "theme_label", "segment", "segment_value", "period", "value", "interval",
            "p_value", "q_value"}
    assert rep["findings"] and all(set(f) == keys for f in rep["findings"])
    rep["findings"].append(finding("rejected", "A finding written <only> in the list"))
    page = render_report(rep)
    assert "A finding written &lt;only&gt; in the list" in page
    with pytest.raises(ValueError, match="unknown finding fields"):
        finding("nps", "x", colour="red")


def _cp(metric, theme, change, segment=None, value=None, period="2026-05"):
    return {"metric": metric, "theme": theme, "segment": segment, "segment_value": value, "period": period,
            "before": 10.0, "after": 10.0 + change, "change": change, "p_value": 0.001, "q_value": 0.002,
            "significant": True}


def test_segment_findings_prefer_what_is_specific_to_the_segment():
    rep = _report()
    rep["trends"] = [{"period": p, "n": 100, "comments": 80, "nps": nps,
                      "themes": {"app": {"share": a, "negative_share": a}, "delivery": {"negative_share": 10.0}}}
                     for p, nps, a in (("2026-03", 30.0, 5.0), ("2026-04", 20.0, 5.0), ("2026-05", 0.0, 35.0))]
    assert overall_change(rep["trends"], "negative_share", "app", "2026-05") == pytest.approx(30.0)
    assert overall_change(rep["trends"], "nps", None, "2026-04") == pytest.approx(10.0 - 30.0)
    assert overall_change(rep["trends"], "nps", None, "2026-09") == 0.0
    rep["change_detection"] = {
        "change_points": [_cp("negative_share", "app", 30.0)], "baseline": [],
        "segment_change_points": [_cp("negative_share", "app", 35.0, "city", "Graz"),
                                  _cp("negative_share", "app", 20.0, "channel", "web"),  # less than everyone
                                  _cp("negative_share", "delivery", 25.0, "city", "Lyon")]}
    seg = [f for f in key_findings(rep) if f["kind"] == "segment_change"]
    # Lyon: +25 beyond everyone (delivery did not move overall); Graz: +5 beyond everyone's +30; web: below
    assert [(f["segment_value"], f["theme"]) for f in seg] == [("Lyon", "delivery"), ("Graz", "app")]
    assert seg[0]["text"] == ("In city “Lyon”, complaints about delivery went from 10% to 35% of comments from "
                              "2026-05 (p = 0.001, q = 0.002).")
    # delivery's complaints rise in Lyon: no lift for delivery even with praise that earns points
    rep["themes"][0]["by_sentiment"]["positive"].update(impact=5.0, impact_ci95=[1.0, 9.0])
    assert not [f for f in key_findings(rep) if f["kind"] == "lift"]
