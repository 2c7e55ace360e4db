import numpy as np
import pandas as pd
import pytest

from nlp.report.drivers import benjamini_hochberg, key_drivers, leave_one_out
from nlp.report.frame import ReportData

# 10 respondents: 4 promoters, 2 passives, 4 detractors -> NPS 0
GROUPS = pd.Series(["promoter"] * 4 + ["passive"] * 2 + ["detractor"] * 4)
MENTIONS = pd.DataFrame({
    "wait": [True, False, False, False, False, False, True, True, True, False],  # 1 P + 3 D
    "app": [True, True, True, False, False, False, False, False, False, False],  # 3 P
    "none": [False] * 10,
    "all": [True] * 10,
})


def test_leave_one_out_exact_impact():
    t = leave_one_out(GROUPS, MENTIONS, min_mentions=1)
    # without "wait": rows 1-5 and 9 -> P,P,P,Pa,Pa,D -> (3-1)/6 = 33.33; impact = 0 - 33.33
    assert t.loc["wait", "impact"] == pytest.approx(-100 / 3)
    assert t.loc["wait", "nps_with"] == pytest.approx(-50.0)
    assert t.loc["wait", "nps_without"] == pytest.approx(100 / 3)
    # without "app": P,Pa,Pa,D,D,D,D -> (1-4)/7; impact = 0 - (-42.86) = +42.86
    assert t.loc["app", "impact"] == pytest.approx(300 / 7)
    assert t.loc["wait", "mentions"] == 4 and t.loc["app", "mentions"] == 3
    assert t.loc["none", "impact"] == 0.0 and t.loc["none", "p_value"] == 1.0
    assert np.isnan(t.loc["all", "impact"])


def test_interval_contains_estimate_and_p_value_range():
    t = leave_one_out(GROUPS, MENTIONS, min_mentions=1, seed=3)
    for theme in ("wait", "app"):
        lo, hi, est = t.loc[theme, ["ci_low", "ci_high", "impact"]]
        assert lo <= est <= hi
        assert 0 < t.loc[theme, "p_value"] <= 1


def test_low_mentions_flag():
    t = leave_one_out(GROUPS, MENTIONS, min_mentions=4)
    assert not t.loc["wait", "low_mentions"]  # 4 mentions
    assert t.loc["app", "low_mentions"]  # 3 mentions
    assert np.isnan(t.loc["app", "q_value"])


def test_permutation_p_value_separates_signal_from_noise():
    rng = np.random.default_rng(0)
    n = 2000
    groups = pd.Series(rng.choice(["promoter", "passive", "detractor"], n))
    signal = (groups == "detractor") & (rng.random(n) < 0.5)
    noise = pd.Series(rng.random(n) < 0.2)
    t = leave_one_out(groups, pd.DataFrame({"signal": signal, "noise": noise}))
    assert t.loc["signal", "impact"] < -10 and t.loc["signal", "p_value"] < 0.01
    assert t.loc["signal", "ci_high"] < 0
    assert t.loc["noise", "p_value"] > 0.01
    assert t.loc["noise", "ci_low"] < 0 < t.loc["noise", "ci_high"] or abs(t.loc["noise", "impact"]) < 2


def test_deterministic_for_a_seed():
    a = leave_one_out(GROUPS, MENTIONS, min_mentions=1, seed=7)
    b = leave_one_out(GROUPS, MENTIONS, min_mentions=1, seed=7)
    pd.testing.assert_frame_equal(a, b)


def test_rejects_bad_groups():
    with pytest.raises(ValueError, match="promoter/passive/detractor"):
        leave_one_out(pd.Series(["good", "bad"]), pd.DataFrame({"x": [True, False]}))


def test_benjamini_hochberg():
    # sorted p 0.01, 0.03, 0.04, 0.5 -> p*m/rank 0.04, 0.06, 0.0533, 0.5 -> running min from the top
    q = benjamini_hochberg(np.array([0.01, 0.04, 0.03, 0.5]))
    assert q.tolist() == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.5])
    assert (q >= np.array([0.01, 0.04, 0.03, 0.5])).all()


def test_key_driver_view_signs():
    rng = np.random.default_rng(1)
    n = 600
    scores, themes = [], []
    for _ in range(n):
        r = rng.random()
        if r < 0.3:
            scores.append(int(rng.integers(0, 5)))
            themes.append({"outage": "negative"})
        elif r < 0.55:
            scores.append(int(rng.integers(9, 11)))
            themes.append({"app": "positive"})
        else:
            scores.append(int(rng.integers(0, 11)))
            themes.append({})
    data = ReportData.from_records(scores, themes, labels={"outage": "Outage", "app": "App", "rare": "Rare"})
    table, info = key_drivers(data.rows["group"], data.tone)
    assert info["fitted"] and 0 < info["pseudo_r2"] < 1
    assert table.loc["outage", "adjusted_impact"] < -5
    assert table.loc["app", "adjusted_impact"] > 5
    assert table.loc["rare", "adjusted_impact"] == 0.0
    assert table.loc["outage", "detractor_odds_ratio"] > 5
    assert np.isnan(table.loc["app", "detractor_odds_ratio"])  # never mentioned negatively


def test_key_driver_view_not_fitted_on_tiny_data():
    data = ReportData.from_records([10, 9], [{"a": "positive"}, {}])
    table, info = key_drivers(data.rows["group"], data.tone)
    assert not info["fitted"] and "reason" in info
    assert table["adjusted_impact"].isna().all()
