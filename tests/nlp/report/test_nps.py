import math

import pandas as pd
import pytest

from nlp.report.nps import Counts, nps_ci, nps_diff_test, nps_from_counts, nps_group, nps_groups, nps_summary, nps_table


@pytest.mark.parametrize(("score", "group"), [(0, "detractor"), (6, "detractor"), (7, "passive"), (8, "passive"),
                                              (9, "promoter"), (10, "promoter")])
def test_group_boundaries(score, group):
    assert nps_group(score) == group
    assert nps_groups([score]).tolist() == [group]


def test_nps_exact_arithmetic():
    # 5 promoters, 3 passives, 2 detractors: 50% - 20% = 30
    assert nps_from_counts(5, 3, 2) == 30.0
    assert nps_from_counts(0, 4, 0) == 0.0
    assert nps_from_counts(0, 0, 3) == -100.0
    assert nps_from_counts(0, 0, 0) is None
    scores = [10, 9, 9, 10, 9, 8, 7, 7, 3, 0]
    assert Counts.of(nps_groups(scores)).nps == 30.0


def test_adjusted_wald_interval_by_hand():
    # n' = 13, p+ = 5.75/13, p- = 2.75/13, centre = 3/13, var = (p+ + p- - centre²)/13
    p_pro, p_det = 5.75 / 13, 2.75 / 13
    centre = p_pro - p_det
    half = 1.959963984540054 * math.sqrt((p_pro + p_det - centre**2) / 13)
    lo, hi = nps_ci(5, 3, 2)
    assert lo == pytest.approx(100 * (centre - half), abs=1e-6)
    assert hi == pytest.approx(100 * (centre + half), abs=1e-6)
    assert (round(lo, 2), round(hi, 2)) == (-19.05, 65.2)


@pytest.mark.parametrize("counts", [(5, 3, 2), (1, 0, 0), (0, 0, 1), (0, 7, 0), (40, 0, 0), (3, 1, 90),
                                    (500, 300, 200), (1, 1, 1), (2, 0, 0)])
def test_interval_contains_estimate_and_stays_in_range(counts):
    lo, hi = nps_ci(*counts)
    est = nps_from_counts(*counts)
    assert -100 <= lo <= est <= hi <= 100


def test_interval_narrows_with_more_respondents():
    small = nps_ci(5, 3, 2)
    big = nps_ci(500, 300, 200)
    assert (big[1] - big[0]) < (small[1] - small[0]) / 5
    assert nps_ci(0, 0, 0) is None
    with pytest.raises(ValueError, match="level"):
        nps_ci(1, 1, 1, level=1.5)


def test_summary_counts_and_shares():
    s = nps_summary(nps_groups([10, 9, 8, 0]))
    assert s["score"] == 25.0 and s["n"] == 4
    assert (s["promoters"], s["passives"], s["detractors"]) == (2, 1, 1)
    assert (s["promoter_pct"], s["passive_pct"], s["detractor_pct"]) == (50.0, 25.0, 25.0)
    assert s["ci95"][0] <= 25.0 <= s["ci95"][1]
    assert nps_summary(pd.Series([], dtype=object))["score"] is None


def test_table_per_value():
    groups = nps_groups([10, 10, 0, 8, 9, 3])
    by = pd.Series(["a", "a", "a", "b", "b", "b"])
    t = nps_table(groups, by).set_index("value")
    assert t.loc["a", "nps"] == pytest.approx(100 / 3)
    assert t.loc["b", "nps"] == 0.0
    assert t.loc["a", "n"] == 3


def test_diff_test():
    a, b = Counts(10, 10, 80), Counts(80, 10, 10)
    diff, p = nps_diff_test(a, b)
    assert diff == 140.0 and p < 1e-6
    diff, p = nps_diff_test(Counts(5, 5, 5), Counts(5, 5, 5))
    assert diff == 0.0 and p == pytest.approx(1.0)
    assert nps_diff_test(Counts(0, 0, 0), b) == (None, None)
