"""Net Promoter Score arithmetic: groups, score, 95% interval, and a test for two independent samples.

NPS = % promoters (9–10) − % detractors (0–6), on a −100…100 scale, over every row with a valid score.

The interval is Rocks' (2016) *adjusted Wald* interval for a trinomial net score: add 3 to ``n`` and ¾ to the
promoter and detractor counts, then use the variance of the difference of the two (dependent) proportions.
It keeps its coverage for small samples and extreme scores, where the plain Wald interval collapses to a
point (e.g. 5 promoters out of 5 gives 100 ± 0). The interval always contains the observed NPS (for a
single respondent the shrinkage alone would leave ±100 just outside).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

GROUPS: tuple[str, ...] = ("promoter", "passive", "detractor")
NET: dict[str, int] = {"promoter": 1, "passive": 0, "detractor": -1}


def nps_group(score: int) -> str:
    """``promoter`` for 9–10, ``passive`` for 7–8, ``detractor`` for 0–6."""
    if score >= 9:
        return "promoter"
    return "passive" if score >= 7 else "detractor"


def nps_groups(scores: pd.Series | Sequence[int] | np.ndarray) -> pd.Series:
    """Vectorised :func:`nps_group` for a column of valid integer scores (0–10)."""
    s = np.asarray(scores, dtype=np.int64)
    out = np.array(GROUPS, dtype=object)[np.where(s >= 9, 0, np.where(s >= 7, 1, 2))]  # 3 shared str objects
    index = scores.index if isinstance(scores, pd.Series) else None
    return pd.Series(out, index=index, dtype=object, name="nps_group")


@dataclass(frozen=True, slots=True)
class Counts:
    """Promoter, passive and detractor counts of one group of respondents."""

    promoters: int
    passives: int
    detractors: int

    @property
    def n(self) -> int:
        return self.promoters + self.passives + self.detractors

    @classmethod
    def of(cls, groups: pd.Series | Sequence[str]) -> Counts:
        vc = pd.Series(groups).value_counts()  # no object copy: a str/categorical column counts natively
        return cls(int(vc.get("promoter", 0)), int(vc.get("passive", 0)), int(vc.get("detractor", 0)))

    @property
    def nps(self) -> float | None:
        """NPS on the −100…100 scale; ``None`` for an empty group."""
        return nps_from_counts(self.promoters, self.passives, self.detractors)

    def ci95(self) -> tuple[float, float] | None:
        return nps_ci(self.promoters, self.passives, self.detractors)


def nps_from_counts(promoters: int, passives: int, detractors: int) -> float | None:
    """NPS = 100 × (promoters − detractors) / n; ``None`` when n is 0.

    >>> nps_from_counts(5, 3, 2)
    30.0
    """
    n = promoters + passives + detractors
    return None if n == 0 else 100.0 * (promoters - detractors) / n


def nps_ci(promoters: int, passives: int, detractors: int, level: float = 0.95) -> tuple[float, float] | None:
    """Adjusted-Wald interval for the NPS (Rocks 2016), clipped to [−100, 100]; ``None`` when n is 0.

    Raises:
        ValueError: ``level`` outside (0, 1).
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    n = promoters + passives + detractors
    if n == 0:
        return None
    n_adj = n + 3.0
    p_pro = (promoters + 0.75) / n_adj
    p_det = (detractors + 0.75) / n_adj
    centre = p_pro - p_det
    var = (p_pro + p_det - centre**2) / n_adj
    z = NormalDist().inv_cdf(0.5 + level / 2)
    half = z * math.sqrt(max(var, 0.0))
    lo, hi = max(-1.0, centre - half), min(1.0, centre + half)
    est = (promoters - detractors) / n
    # the shrinkage towards 0 can leave a single respondent's ±100 just outside; keep the estimate inside
    return 100.0 * min(lo, est), 100.0 * max(hi, est)


def nps_diff_test(a: Counts, b: Counts) -> tuple[float | None, float | None]:
    """Difference ``NPS(b) − NPS(a)`` between two independent samples and its two-sided z-test p-value.

    Each respondent contributes +1, 0 or −1; the test compares the two means with their (unpooled)
    variances. Returns ``(None, None)`` when a group is empty.
    """
    if a.n == 0 or b.n == 0:
        return None, None
    diff = (b.nps or 0.0) - (a.nps or 0.0)
    var = _net_variance(a) / a.n + _net_variance(b) / b.n
    if var <= 0:
        return diff, (1.0 if diff == 0 else 0.0)
    z = (diff / 100.0) / math.sqrt(var)
    return diff, 2.0 * (1.0 - NormalDist().cdf(abs(z)))


def _net_variance(c: Counts) -> float:
    p, d = c.promoters / c.n, c.detractors / c.n
    return p + d - (p - d) ** 2


def nps_summary(groups: pd.Series | Sequence[str]) -> dict[str, object]:
    """The headline block of the report: score, 95% interval, counts and shares (%)."""
    c = Counts.of(groups)
    ci = c.ci95()
    return {
        "score": _r(c.nps),
        "ci95": [_r(ci[0]), _r(ci[1])] if ci else None,
        "n": c.n,
        "promoters": c.promoters,
        "passives": c.passives,
        "detractors": c.detractors,
        "promoter_pct": _r(100.0 * c.promoters / c.n) if c.n else None,
        "passive_pct": _r(100.0 * c.passives / c.n) if c.n else None,
        "detractor_pct": _r(100.0 * c.detractors / c.n) if c.n else None,
    }


def nps_table(groups: pd.Series, by: pd.Series) -> pd.DataFrame:
    """NPS per value of ``by`` (same index as ``groups``).

    Returns:
        One row per value (order of first appearance sorted by value): ``value, n, promoters, passives,
        detractors, nps, ci_low, ci_high``.
    """
    table = pd.crosstab(by, groups).reindex(columns=list(GROUPS), fill_value=0)
    rows = []
    for value, r in table.iterrows():
        c = Counts(int(r["promoter"]), int(r["passive"]), int(r["detractor"]))
        ci = c.ci95()
        rows.append({"value": value, "n": c.n, "promoters": c.promoters, "passives": c.passives,
                     "detractors": c.detractors, "nps": c.nps, "ci_low": ci[0] if ci else None,
                     "ci_high": ci[1] if ci else None})
    return pd.DataFrame(rows, columns=["value", "n", "promoters", "passives", "detractors", "nps", "ci_low",
                                       "ci_high"])


def _r(x: float | None, nd: int = 2) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(float(x), nd)
