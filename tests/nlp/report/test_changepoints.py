"""Change detection: the statistics recomputed by hand on toy series, and the report-level assembly."""

import math
from statistics import NormalDist

import numpy as np
import pytest

from nlp.report.change_report import change_detection
from nlp.report.changepoints import (
    NET_VALUES,
    SHARE_VALUES,
    baseline_tests,
    best_split,
    change_points,
    split_statistics,
)
from nlp.report.frame import ReportData


def test_split_statistic_by_hand():
    cells = np.array([[30, 70], [30, 70], [60, 40]])
    z = split_statistics(cells, SHARE_VALUES)
    # k=2: before 60/200 = 0.3, after 60/100 = 0.6, pooled 120/300 = 0.4, variance 0.24
    assert z[1] == pytest.approx(0.3 / math.sqrt(0.24 * (1 / 200 + 1 / 100)))  # = 5.0
    assert z[1] == pytest.approx(5.0)
    # k=1: before 0.3 (100), after 90/200 = 0.45
    assert z[0] == pytest.approx(0.15 / math.sqrt(0.24 * (1 / 100 + 1 / 200)))


def test_best_split_finds_the_break_and_is_significant():
    cells = np.array([[60, 20, 20]] * 4 + [[20, 20, 60]] * 3)  # NPS +40 for 4 periods, then −40
    cp = best_split(cells, NET_VALUES, seed=1)
    assert cp.at == 4 and cp.before == pytest.approx(40.0) and cp.after == pytest.approx(-40.0)
    assert cp.change == pytest.approx(-80.0) and cp.n_before == 400 and cp.n_after == 300
    # no simulated series comes close: the Bonferroni bound of the normal tail over the 6 splits
    assert cp.p_value == pytest.approx(6 * 2 * NormalDist().cdf(-cp.z)) and cp.p_value < 1e-20


def test_no_change_is_not_significant_and_constant_series_has_no_split():
    rng = np.random.default_rng(5)
    cells = rng.multinomial(200, [0.4, 0.3, 0.3], size=8)
    ps = [best_split(rng.multinomial(200, [0.4, 0.3, 0.3], size=8), NET_VALUES, seed=s).p_value for s in range(20)]
    assert sum(p < 0.05 for p in ps) <= 3  # about 1 in 20 by chance
    assert best_split(cells, NET_VALUES).p_value > 0.0
    assert best_split(np.array([[5, 0], [7, 0], [3, 0]]), SHARE_VALUES) is None  # constant: no variance
    assert best_split(np.array([[5, 5]]), SHARE_VALUES) is None


def test_binary_segmentation_finds_two_breaks():
    cells = np.array([[50, 50]] * 3 + [[90, 10]] * 3 + [[10, 90]] * 3) * 2
    cps = change_points(cells, SHARE_VALUES, seed=3)
    assert sorted(c.at for c in cps if c.p_value < 0.05) == [3, 6]


def test_baseline_by_hand():
    cells = np.array([[30, 70], [30, 70], [60, 40]])
    b = baseline_tests(cells, SHARE_VALUES)
    assert [r["index"] for r in b] == [1, 2]
    assert b[0]["change"] == pytest.approx(0.0) and b[0]["p_value"] == pytest.approx(1.0)
    last = b[1]
    assert (last["value"], last["baseline"], last["n"], last["n_baseline"]) == pytest.approx((60.0, 30.0, 100, 200))
    z = 0.3 / math.sqrt(0.21 / 200 + 0.24 / 100)
    assert last["p_value"] == pytest.approx(2 * (1 - NormalDist().cdf(z)))


def _toy(n_per=60, months=6, break_at=3):
    scores, themes, periods, city = [], [], [], []
    for m in range(months):
        for i in range(n_per):
            late = (m >= break_at and i % 2 == 0) or i % 10 == 0
            scores.append(2 if late else (10 if i % 3 else 8))
            themes.append({"delivery": "negative"} if late else {"staff": "positive"})
            periods.append(f"2026-{m + 1:02d}-01")
            city.append("A" if i % 2 == 0 else "B")
    return ReportData.from_records(scores, themes, periods=periods, segments={"city": city})


def test_change_detection_on_a_toy_report():
    out = change_detection(_toy(), "month", seed=0)
    assert out["periods"] == [f"2026-0{m}" for m in range(1, 7)]
    nps = next(c for c in out["change_points"] if c["metric"] == "nps")
    assert nps["period"] == "2026-04" and nps["significant"] and nps["change"] < -40
    neg = next(c for c in out["change_points"] if c["metric"] == "negative_share" and c["theme"] == "delivery")
    assert neg["period"] == "2026-04" and neg["before"] == pytest.approx(10.0)
    # city A: 1 in 5 late before (i % 10 == 0 among even i), all late after
    seg = [c for c in out["segment_change_points"] if c["segment_value"] == "A" and c["theme"] == "delivery"]
    assert seg and seg[0]["before"] == pytest.approx(20.0) and seg[0]["after"] == pytest.approx(100.0)
    assert all(c["segment_value"] != "B" or c["metric"] != "negative_share" for c in out["segment_change_points"])
    assert all(c["q_value"] >= c["p_value"] for c in out["change_points"])


def test_change_detection_needs_two_periods():
    assert change_detection(_toy(months=1), "month") is None
    assert change_detection(ReportData.from_records([9, 3], [{}, {}]), "month") is None


def test_sequential_bootstrap_stops_early_for_null_series():
    from nlp.report.changepoints import _bootstrap_p

    cells = np.array([[50, 50]] * 6)
    # every draw reaches 0: stops at the 20th draw, p = 20 / 20
    assert _bootstrap_p(cells, SHARE_VALUES, 0.0, 2000, np.random.default_rng(0)) == 1.0
    # nothing reaches infinity: all 2,000 draws, p = 1 / 2001
    assert _bootstrap_p(cells, SHARE_VALUES, float("inf"), 2000, np.random.default_rng(0)) == pytest.approx(1 / 2001)
    # a middling statistic: p = 20 / L with L the draw that gave the 20th exceedance, close to the full estimate
    seq = _bootstrap_p(cells, SHARE_VALUES, 2.0, 2000, np.random.default_rng(1))
    full = _bootstrap_p(cells, SHARE_VALUES, 2.0, 20000, np.random.default_rng(2), stop_at=10**9)
    assert seq >= 20 / 2000 and abs(seq - full) < 0.1
