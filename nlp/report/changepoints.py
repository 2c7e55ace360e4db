"""When did things change? Change detection over the whole period, on per-period counts.

Every series is a sequence of per-period category counts with a value per category: NPS is
promoter / passive / detractor counts valued +1 / 0 / −1 (the mean × 100 is the NPS); a theme's share is
mentions / other comments valued 1 / 0 (the mean × 100 is the share in %). Two views:

* :func:`baseline_tests` — each period against the pooled preceding periods (its *baseline*): the
  difference of means with a two-sided z-test (unpooled variances; for NPS this is
  :func:`nlp.report.nps.nps_diff_test`).
* :func:`change_points` — binary segmentation: the split of the series into *before* / *after* that
  maximises the standardised difference of means (a CUSUM statistic), tested by a parametric bootstrap
  under "no change" (every period's counts redrawn from the pooled proportions, the maximum over all
  splits recomputed each time, so the search over splits is accounted for; drawn sequentially, stopping
  once 20 draws reach the observed statistic (Besag & Clifford 1991: p = 20 / draws so far); when no simulated series
  reaches the observed statistic, the p-value is the Bonferroni bound over the splits of the normal tail,
  ``(P − 1) · 2 · Φ(−z)``, if it is below ``1 / (n_sim + 1)``, so that strong breaks still survive the
  multiple-testing control of large families); when the split is
  significant, each side is searched again (at most ``max_points`` breaks per series).

Both work on counts, so their cost does not grow with the respondents. Multiple testing is controlled
by the caller with Benjamini–Hochberg over a family of series (:func:`nlp.report.drivers.benjamini_hochberg`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

NET_VALUES = np.array([1.0, 0.0, -1.0])  # promoter, passive, detractor
SHARE_VALUES = np.array([1.0, 0.0])  # mentions, other comments
SEQUENTIAL_H = 20  # stop simulating once this many draws reach the observed statistic (Besag–Clifford)


@dataclass(frozen=True)
class ChangePoint:
    """A break in a series: periods ``[start, at)`` are *before*, ``[at, end)`` are *after*.

    ``before`` / ``after`` are the pooled means (× 100: NPS points or % of comments); ``z`` the
    standardised difference; ``p_value`` the bootstrap p-value of the largest split of that stretch.
    """

    start: int
    at: int
    end: int
    before: float
    after: float
    n_before: int
    n_after: int
    z: float
    p_value: float

    @property
    def change(self) -> float:
        return self.after - self.before


def _means(cells: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sum of values and count per period, for ``cells`` of shape (..., P, C)."""
    return cells @ values, cells.sum(axis=-1)


def _split_z(s: np.ndarray, s2: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Standardised before/after difference for every split, from per-period sums ``s``, sums of squares ``s2``
    and counts ``n`` (all (..., P), ``n`` may be (P,)). Returns (..., P−1)."""
    n = np.broadcast_to(n, s.shape).astype(float)
    cs, cn = np.cumsum(s, axis=-1)[..., :-1], np.cumsum(n, axis=-1)[..., :-1]
    ts, tn, ts2 = s.sum(axis=-1, keepdims=True), n.sum(axis=-1, keepdims=True), s2.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = ts2 / tn - (ts / tn) ** 2
        m1, m2 = cs / cn, (ts - cs) / (tn - cn)
        z = np.abs(m2 - m1) / np.sqrt(var * (1.0 / cn + 1.0 / (tn - cn)))
    return np.where((cn > 0) & (tn - cn > 0) & (var > 1e-12), z, np.nan)


def split_statistics(cells: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Standardised difference of means for every split ``k`` = 1 … P−1 (before = periods < k).

    ``cells``: counts (..., P, C). Returns (..., P−1); NaN where a side is empty or the series is constant.
    The variance is the pooled variance of the whole stretch (a CUSUM statistic)."""
    c = cells.astype(float)
    return _split_z(c @ values, c @ values**2, c.sum(axis=-1))


def _simulate(cells: np.ndarray, values: np.ndarray, n_sim: int,
              rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Per-period sums and sums of squares of ``n_sim`` copies of ``cells`` (P, C) redrawn under "no change":
    each period multinomial(n_p, pooled proportions), drawn as conditional binomials (vectorised over
    periods). Returns two (n_sim, P) arrays."""
    n = cells.sum(axis=1)
    pooled = cells.sum(axis=0) / max(int(n.sum()), 1)
    left = np.broadcast_to(n, (n_sim, len(n))).astype(np.int64)
    mass = 1.0
    s = np.zeros((n_sim, len(n)))
    s2 = np.zeros((n_sim, len(n)))
    for c in range(cells.shape[1]):
        if c == cells.shape[1] - 1:
            x = left
        else:
            prob = min(max(pooled[c] / mass, 0.0), 1.0) if mass > 0 else 0.0
            x = rng.binomial(left, prob)
            left = left - x
            mass -= pooled[c]
        s += x * values[c]
        s2 += x * values[c] ** 2
    return s, s2


def _bootstrap_p(cells: np.ndarray, values: np.ndarray, obs: float, n_sim: int, rng: np.random.Generator,
                 *, batch: int = 250, stop_at: int = SEQUENTIAL_H) -> float:
    """Share of "no change" series whose largest split statistic reaches ``obs``: ``(1 + g) / (1 + n_sim)``
    after all ``n_sim`` draws, or, sequentially (Besag & Clifford 1991), ``h / L`` as soon as ``h = stop_at``
    draws out of ``L`` reached it — a clearly null series stops after a few hundred draws."""
    n = cells.sum(axis=1)
    done = extreme = 0
    while done < n_sim:
        k = min(batch, n_sim - done)
        sim_s, sim_s2 = _simulate(cells, values, k, rng)
        sims = _split_z(sim_s, sim_s2, n)
        sim_max = np.max(np.where(np.isfinite(sims), sims, -np.inf), axis=-1)
        hits = np.flatnonzero(sim_max >= obs - 1e-9)
        if extreme + len(hits) >= stop_at:
            return stop_at / (done + int(hits[stop_at - extreme - 1]) + 1)
        extreme += len(hits)
        done += k
    return (1 + extreme) / (1 + n_sim)


def best_split(cells: np.ndarray, values: np.ndarray, *, n_sim: int = 2000, seed: int = 0,
               offset: int = 0) -> ChangePoint | None:
    """The most likely single break in ``cells`` (P, C) and its bootstrap p-value; ``None`` with < 2 periods
    or a constant series."""
    if cells.shape[0] < 2:
        return None
    z = split_statistics(cells, values)
    if not np.isfinite(z).any():
        return None
    k = int(np.nanargmax(z)) + 1
    obs = float(z[k - 1])
    p = _bootstrap_p(cells, values, obs, n_sim, np.random.default_rng(seed))
    if p <= 1.0 / (1 + n_sim):  # beyond the simulation's resolution: the Bonferroni bound (normal tail)
        p = min(p, (cells.shape[0] - 1) * 2.0 * NormalDist().cdf(-obs))
    s, n = _means(cells.astype(float), values)
    nb, na = int(n[:k].sum()), int(n[k:].sum())
    return ChangePoint(start=offset, at=offset + k, end=offset + cells.shape[0],
                       before=100.0 * float(s[:k].sum()) / nb, after=100.0 * float(s[k:].sum()) / na,
                       n_before=nb, n_after=na, z=obs, p_value=p)


def change_points(cells: np.ndarray, values: np.ndarray, *, alpha: float = 0.05, max_points: int = 3,
                  n_sim: int = 2000, seed: int = 0) -> list[ChangePoint]:
    """Binary segmentation: the best split of the whole series (always returned, significant or not), then,
    while a split has ``p_value < alpha``, the best split of each side, up to ``max_points`` breaks.
    Returned strongest first (the first one is the break of the whole series)."""
    cells = np.asarray(cells, dtype=np.int64)
    found: list[ChangePoint] = []
    stack = [(0, cells.shape[0])]
    while stack and len(found) < max_points:
        lo, hi = stack.pop(0)
        cp = best_split(cells[lo:hi], values, n_sim=n_sim, seed=seed + len(found), offset=lo)
        if cp is None:
            continue
        if found and cp.p_value >= alpha:
            continue
        found.append(cp)
        if cp.p_value < alpha:
            stack += [(lo, cp.at), (cp.at, hi)]
    return found


def z_test(s1: float, ss1: float, n1: int, s2: float, ss2: float, n2: int) -> float | None:
    """Two-sided z-test p-value of mean2 − mean1 from sums, sums of squares and counts (unpooled variances)."""
    if n1 == 0 or n2 == 0:
        return None
    m1, m2 = s1 / n1, s2 / n2
    var = (ss1 / n1 - m1**2) / n1 + (ss2 / n2 - m2**2) / n2
    if var <= 1e-15:
        return 1.0 if abs(m2 - m1) < 1e-12 else 0.0
    return 2.0 * (1.0 - NormalDist().cdf(abs(m2 - m1) / math.sqrt(var)))


def baseline_tests(cells: np.ndarray, values: np.ndarray) -> list[dict[str, float | int | None]]:
    """Each period ``i`` ≥ 1 against the pooled periods ``0 … i−1``.

    Returns one dict per period ``i`` ≥ 1: ``index, value, baseline, change`` (× 100), ``n, n_baseline,
    p_value`` (``None`` when a side is empty)."""
    cells = np.asarray(cells, dtype=float)
    s, n = _means(cells, values)
    ss, _ = _means(cells, values**2)
    out: list[dict[str, float | int | None]] = []
    for i in range(1, cells.shape[0]):
        s1, ss1, n1 = float(s[:i].sum()), float(ss[:i].sum()), int(n[:i].sum())
        s2, ss2, n2 = float(s[i]), float(ss[i]), int(n[i])
        p = z_test(s1, ss1, n1, s2, ss2, n2)
        value = 100.0 * s2 / n2 if n2 else None
        base = 100.0 * s1 / n1 if n1 else None
        out.append({"index": i, "value": value, "baseline": base,
                    "change": None if value is None or base is None else value - base,
                    "n": n2, "n_baseline": n1, "p_value": p})
    return out
