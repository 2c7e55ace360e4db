import pandas as pd
import pytest

from nlp.report.frame import ReportData
from nlp.report.segments import MISSING, OTHER, segment_table, segment_values
from nlp.report.trends import period_changes, period_label, period_start, trend_table, two_proportion_test


def _data():
    scores = [10, 9, 0, 2, 8, 10, 3, 1]
    themes = [{"app": "positive"}, {}, {"wait": "negative"}, {"wait": "negative", "price": "negative"},
              {"price": "neutral"}, {"app": "positive"}, {"price": "negative"}, {"wait": "conflict"}]
    return ReportData.from_records(
        scores, themes, labels={"wait": "Waiting", "price": "Price", "app": "App"}, texts=[True] * 8,
        periods=["2026-01-01"] * 4 + ["2026-02-01"] * 4,
        segments={"channel": ["web", "web", "phone", "phone", "web", "app", "app", ""]})


def test_segment_nps_and_primary_concern():
    summary, share, neg = segment_table(_data(), "channel")
    s = summary.set_index("value")
    assert list(summary["value"]) == ["web", "phone", "app", MISSING]
    assert s.loc["web", "n"] == 3 and s.loc["web", "nps"] == pytest.approx(100 * 2 / 3)
    assert s.loc["phone", "nps"] == -100.0
    assert s.loc["phone", "primary_concern"] == "wait"  # 2 of 2 comments mention waiting negatively
    assert neg.loc["phone", "wait"] == 1.0 and neg.loc["phone", "price"] == 0.5
    assert s.loc["app", "primary_concern"] == "price"
    assert s.loc["web", "primary_concern"] is None  # no negative mention at all
    assert share.loc["web", "app"] == pytest.approx(1 / 3)
    with pytest.raises(KeyError, match="no segment column"):
        segment_table(_data(), "region")


def test_segment_values_cap_and_missing():
    s = segment_values(pd.Series(["a", "a", "b", "c", None, " "]), max_values=3)
    assert s.tolist() == ["a", "a", OTHER, OTHER, MISSING, MISSING]


@pytest.mark.parametrize(("date", "period", "start", "label"), [
    ("2026-03-14", "month", "2026-03-01", "2026-03"),
    ("2026-05-20", "quarter", "2026-04-01", "2026-Q2"),
    ("2026-01-01", "week", "2025-12-29", "2026-W01"),
    ("2026-03-15", "week", "2026-03-09", "2026-W11"),
])
def test_period_start_and_label(date, period, start, label):
    got = period_start(pd.Series(pd.to_datetime([date])), period).iloc[0]
    assert got == pd.Timestamp(start)
    assert period_label(got, period) == label


def test_unknown_period():
    with pytest.raises(ValueError, match="period must be one of"):
        period_start(pd.Series(pd.to_datetime(["2026-01-01"])), "year")


def test_trend_table_per_period():
    t = trend_table(_data(), "month", ["wait", "price"])
    assert t["period"].tolist() == ["2026-01", "2026-02"]
    assert t["n"].tolist() == [4, 4]
    assert t["nps"].tolist() == [0.0, -25.0]  # (2-2)/4 ; (1-2)/4
    assert t["share:wait"].tolist() == [0.5, 0.25]
    assert t["negative:price"].tolist() == [0.25, 0.25]
    assert t["low_n"].all()


def test_no_dates_no_trends():
    data = ReportData.from_records([10, 0], [{}, {}])
    assert trend_table(data, "month", []).empty
    assert period_changes(data, "month") is None


def test_period_changes():
    ch = period_changes(_data(), "month")
    assert (ch["from"], ch["to"]) == ("2026-01", "2026-02")
    assert ch["nps_change"] == -25.0 and 0 < ch["nps_p_value"] <= 1
    wait = next(t for t in ch["themes"] if t["id"] == "wait")
    assert (wait["share_from"], wait["share_to"], wait["change"]) == (50.0, 25.0, -25.0)


def test_two_proportion_test():
    assert two_proportion_test(10, 100, 40, 100) < 0.001
    assert two_proportion_test(10, 100, 10, 100) == pytest.approx(1.0)
    assert two_proportion_test(0, 0, 1, 10) is None
