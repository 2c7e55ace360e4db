"""The planted-story survey: the pure report functions, fed results faked from the planted labels (no model),
must tell the story the generator planted."""

import csv
import importlib.util
from pathlib import Path

import pandas as pd
import pytest
from report_fakes import result

from nlp.report.build import build_report
from nlp.report.collect import Collector
from nlp.report.trends import period_start

REPO = Path(__file__).resolve().parents[3]
LABELS = {"delivery": "Delivery", "digital": "App and website", "staff_attitude": "Staff attitude",
          "product_quality": "Product quality", "price_value": "Price and value"}


def _script():
    spec = importlib.util.spec_from_file_location("make_story_survey", REPO / "scripts" / "make_story_survey.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def story():
    mod = _script()
    rows = mod.build()
    col = Collector(LABELS, ["city", "channel"])
    for start in range(0, len(rows), 500):  # in chunks, as the CLI does
        part = rows[start:start + 500]
        col.add(rows=list(range(start, start + len(part))), scores=[r["score"] for r in part],
                results=[result(r["sentiment"], r["themes"]) for r in part], texts=[r["comment"] for r in part],
                periods=period_start(pd.Series(pd.to_datetime([r["date"] for r in part])), "month"),
                segments=pd.DataFrame({"city": [r["city"] for r in part], "channel": [r["channel"] for r in part]}),
                ids=[r["id"] for r in part])
    report = build_report(col.data(), model={}, taxonomy={}, rejected={}, total_rows=len(rows), period="month",
                          quote_candidates=col.quote_candidates(), contradiction_examples=col.contradictions())
    return mod, rows, report


def _kind(report, kind):
    return [f for f in report["findings"] if f["kind"] == kind]


def test_generator_is_deterministic_and_matches_the_fixture(tmp_path):
    mod = _script()
    a, b = mod.build(), mod.build()
    assert a == b and len(a) == 1200
    assert mod.build(seed=1) != a
    mod.write(a, tmp_path / "s.csv")
    assert (tmp_path / "s.csv").read_text(encoding="utf-8") == \
        (REPO / "tests" / "fixtures" / "story_survey.csv").read_text(encoding="utf-8")
    with (tmp_path / "s.csv").open(newline="", encoding="utf-8") as f:
        got = list(csv.DictReader(f))
    assert list(got[0]) == ["id", "score", "comment", "city", "channel", "date"]
    assert len({r["id"] for r in got}) == 1200


def test_findings_name_the_top_negative_driver(story):
    _, _, report = story
    costs = _kind(report, "cost")
    assert costs[0]["theme"] == "delivery" and costs[0]["value"] < -10
    assert costs[0]["interval"][1] < 0 and "crosses 0" not in costs[0]["text"]
    assert "Delivery" in costs[0]["text"]


def test_findings_date_the_nps_break(story):
    _, _, report = story
    (brk,) = _kind(report, "nps_break")
    assert brk["period"] == "2026-05"
    assert -50 < brk["value"] < -25 and brk["q_value"] < 0.05


def test_findings_name_the_release_spike(story):
    _, _, report = story
    spikes = [f for f in _kind(report, "theme_change") if f["theme"] == "digital"]
    assert spikes and spikes[0]["period"] == "2026-05" and spikes[0]["value"] > 20


def test_findings_name_the_city_worsening(story):
    _, _, report = story
    city = [f for f in _kind(report, "segment_change") if f["segment"] == "city"]
    assert any(f["segment_value"] == "Lyon" and f["theme"] == "delivery" and f["period"] == "2026-05"
               for f in city), city
    assert "In city “Lyon”, complaints about Delivery went from" in report_texts(report)


def report_texts(report):
    return "\n".join(f["text"] for f in report["findings"])


def test_friendly_drivers_are_the_top_lift_and_no_lift_has_rising_complaints(story):
    _, _, report = story
    lifts = _kind(report, "lift")
    assert lifts[0]["theme"] == "staff_attitude"
    assert not {f["theme"] for f in lifts} & {"delivery", "digital"}


def test_quotes_carry_ids_and_contradictions_are_counted(story):
    _, rows, report = story
    by_id = {r["id"]: r for r in rows}
    delivery = next(t for t in report["themes"] if t["id"] == "delivery")
    for q in delivery["quotes"] + delivery["strongest_quotes"]:
        assert q["id"] in by_id and by_id[q["id"]]["comment"] == q["text"]
    assert delivery["strongest_quotes"] and all(q["sentiment"] == "negative" for q in delivery["strongest_quotes"])
    assert min(q["score"] for q in delivery["strongest_quotes"]) == 0
    want_low = sum(r["score"] <= 3 and r["sentiment"] == "positive" for r in rows)
    want_high = sum(r["score"] >= 9 and r["sentiment"] == "negative" for r in rows)
    con = report["data_quality"]["contradictions"]
    assert (con["low_score_positive"], con["high_score_negative"]) == (want_low, want_high)
    assert want_low >= 5 and con["examples"]
    assert all(by_id[e["id"]]["score"] == e["score"] for e in con["examples"])
