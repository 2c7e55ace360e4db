"""Which themes move NPS, and by how many points.

Two views, side by side in the report:

* :func:`leave_one_out` — *impact* = NPS(all) − NPS(all rows except those mentioning the theme): the
  points NPS would change if the theme's mentions vanished. A bootstrap 95% interval (resampling
  respondents) and a two-sided permutation p-value (shuffling which respondents mention the theme);
  themes with fewer than ``min_mentions`` mentions are flagged instead of ranked.
* :func:`key_drivers` — all themes jointly: an L2-regularised multinomial logistic regression of the NPS
  group (detractor / passive / promoter) on theme mentions split by their sentiment. Its *adjusted
  impact* is the change in predicted NPS when a theme's mentions are removed while every other theme
  stays as observed, so overlapping themes do not double count.

Both work on counts, so their cost does not grow with the respondents: a bootstrap over 100k respondents is
a multinomial draw over 6 cells, not a resample of rows, and the regression is fitted on the distinct
(theme-pattern, NPS group) cells weighted by their counts (exactly the per-respondent objective).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from nlp.report.frame import NEGATIVE_CODES, POSITIVE_CODES, TONE_CODE

MIN_MENTIONS = 20
_CODE = {"promoter": 0, "passive": 1, "detractor": 2}


def _group_codes(groups: pd.Series) -> np.ndarray:
    """0 promoter, 1 passive, 2 detractor; vectorised comparisons (no Python string per row)."""
    s = pd.Series(groups)
    codes = np.full(len(s), -1, dtype=np.int64)
    for name, code in _CODE.items():
        codes[(s == name).to_numpy(dtype=bool, na_value=False)] = code
    if (codes < 0).any():
        bad = sorted(set(s[codes < 0].astype(str)))[:3]
        raise ValueError(f"groups must be promoter/passive/detractor, got {bad}")
    return codes


def _impact(with_t: np.ndarray, without_t: np.ndarray) -> np.ndarray:
    """Impact for count arrays of shape (..., 3) ordered promoter, passive, detractor."""
    total = with_t + without_t
    n_all = total.sum(axis=-1)
    n_rest = without_t.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        nps_all = (total[..., 0] - total[..., 2]) / n_all
        nps_rest = (without_t[..., 0] - without_t[..., 2]) / n_rest
    return 100.0 * (nps_all - nps_rest)


def leave_one_out(groups: pd.Series, mentions: pd.DataFrame, *, min_mentions: int = MIN_MENTIONS,
                  n_boot: int = 2000, n_perm: int = 2000, level: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Leave-one-out impact of every theme on NPS.

    Args:
        groups: NPS group per respondent (promoter/passive/detractor), length n.
        mentions: bool ``(n, T)``, columns = theme ids.
        min_mentions: themes mentioned fewer times get ``low_mentions = True`` (shown, not ranked).
        n_boot, n_perm: bootstrap and permutation draws.

    Returns:
        One row per theme (index = theme id): ``mentions, nps_with, nps_without, impact, ci_low, ci_high,
        p_value, q_value, low_mentions``. ``impact`` is ``NaN`` when every respondent mentions the theme.
        ``q_value`` is the Benjamini–Hochberg adjusted p-value over the ranked themes.
    """
    codes = _group_codes(groups)
    if len(codes) != len(mentions):
        raise ValueError(f"groups has {len(codes)} rows but mentions has {len(mentions)}")
    rng = np.random.default_rng(seed)
    totals = np.bincount(codes, minlength=3)
    n = int(totals.sum())
    alpha = (1.0 - level) / 2
    out = []
    for theme in mentions.columns:
        m = mentions[theme].to_numpy(dtype=bool)
        a = np.bincount(codes[m], minlength=3)
        b = totals - a
        k = int(a.sum())
        rec: dict[str, object] = {"theme": theme, "mentions": k, "nps_with": _nps(a), "nps_without": _nps(b),
                                  "low_mentions": k < min_mentions}
        if k == 0:
            rec.update(impact=0.0, ci_low=0.0, ci_high=0.0, p_value=1.0)
        elif k == n:
            rec.update(impact=math.nan, ci_low=math.nan, ci_high=math.nan, p_value=math.nan)
        else:
            obs = float(_impact(a, b))
            cells = rng.multinomial(n, np.concatenate([a, b]) / n, size=n_boot)
            boot = _impact(cells[:, :3], cells[:, 3:])
            boot = boot[np.isfinite(boot)]
            perm_a = rng.multivariate_hypergeometric(totals, k, size=n_perm)
            perm = _impact(perm_a, totals - perm_a)
            extreme = int(np.sum(np.abs(perm) >= abs(obs) - 1e-9))
            rec.update(impact=obs, ci_low=float(np.quantile(boot, alpha)), ci_high=float(np.quantile(boot, 1 - alpha)),
                       p_value=(1 + extreme) / (1 + n_perm))
        out.append(rec)
    df = pd.DataFrame(out, columns=["theme", "mentions", "nps_with", "nps_without", "impact", "ci_low", "ci_high",
                                    "p_value", "low_mentions"]).set_index("theme")
    ranked = ~df["low_mentions"] & df["p_value"].notna()
    df["q_value"] = np.nan
    df.loc[ranked, "q_value"] = benjamini_hochberg(df.loc[ranked, "p_value"].to_numpy(dtype=float))
    return df


def _nps(counts: np.ndarray) -> float:
    n = counts.sum()
    return math.nan if n == 0 else 100.0 * (counts[0] - counts[2]) / n


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (false discovery rate), same order as ``p``."""
    p = np.asarray(p, dtype=float)
    m = len(p)
    if m == 0:
        return p
    order = np.argsort(p)
    ranked = p[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(ranked, 1.0)
    return out


def _patterns(tone: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of an int8 tone matrix and, per respondent, the index of its row (vectorised).

    Up to 27 themes a row is packed into one base-5 integer (8 bytes a row, column by column); beyond that
    the rows are compared as raw bytes."""
    n, n_t = tone.shape
    if n_t == 0:
        return np.zeros((1, 0), dtype=np.int8), np.zeros(n, dtype=np.int64)
    if n_t <= 27:  # 5**27 < 2**63
        key = np.zeros(n, dtype=np.int64)
        for j in range(n_t):
            key *= 5
            key += tone[:, j]
        uniq, inverse = np.unique(key, return_inverse=True)  # a sort: less memory than a hash table of n
        digits = np.zeros((len(uniq), n_t), dtype=np.int8)
        rest = np.asarray(uniq, dtype=np.int64)
        for j in range(n_t - 1, -1, -1):
            rest, digits[:, j] = np.divmod(rest, 5)
        return digits, inverse.astype(np.int64)
    t = np.ascontiguousarray(tone, dtype=np.int8)
    _, first, inverse = np.unique(t.view(np.dtype((np.void, n_t))).ravel(), return_index=True, return_inverse=True)
    return t[first], inverse.ravel().astype(np.int64)


def key_drivers(groups: pd.Series, tone: pd.DataFrame, *, c: float = 1.0) -> tuple[pd.DataFrame, dict[str, object]]:
    """Joint key-driver view: regularised multinomial logistic regression of the NPS group on theme mentions.

    Features per theme: mentioned negatively, positively, neutrally (conflict counts as both negative
    and positive). The *adjusted impact* of a theme is ``100 × (mean predicted (P(promoter) − P(detractor))
    as observed − the same with that theme's features set to 0)``, in NPS points, same sign convention as
    :func:`leave_one_out`.

    Args:
        groups: NPS group per respondent, length n.
        tone: int8 theme tone codes ``(n, T)`` (see :data:`nlp.report.frame.TONES`).
        c: inverse L2 regularisation strength (scikit-learn's ``C``).

    Returns:
        ``(table, info)``: one row per theme (index = theme id) with ``adjusted_impact`` and
        ``detractor_odds_ratio`` (odds of detractor vs promoter when the theme is mentioned negatively);
        ``info`` has ``fitted`` (bool), ``n``, ``pseudo_r2`` (McFadden) or a ``reason`` it was not fitted.
    """
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    codes = _group_codes(groups)
    themes = list(tone.columns)
    table = pd.DataFrame({"adjusted_impact": np.nan, "detractor_odds_ratio": np.nan},
                         index=pd.Index(themes, name="theme"))
    n = len(codes)
    classes = np.unique(codes)
    if n < 10 or len(classes) < 2:
        return table, {"fitted": False, "n": n, "reason": "needs at least 10 respondents in 2 or more NPS groups"}
    # Respondents with the same tone pattern and NPS group are interchangeable: fit on the distinct
    # (pattern, group) cells weighted by their counts — the same objective as one row per respondent, but
    # bounded by the number of distinct patterns (a few thousand), not by n.
    t, inverse = _patterns(tone.to_numpy())
    cells = np.bincount(inverse * 3 + codes, minlength=3 * len(t)).reshape(len(t), 3)
    pat, cls = np.nonzero(cells)
    weight = cells[pat, cls].astype(float)
    per_pattern = cells.sum(axis=1).astype(float)
    blocks = [np.isin(t, NEGATIVE_CODES), np.isin(t, POSITIVE_CODES), t == TONE_CODE["neutral"]]
    x = sparse.csr_matrix(np.hstack(blocks).astype(np.float32))  # columns: neg_0..neg_T, pos_0.., neu_0..
    if x.nnz == 0:
        return table, {"fitted": False, "n": n, "reason": "no theme mentions"}
    model = LogisticRegression(C=c, max_iter=2000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter on tiny tables; the fit is still usable
        model.fit(x[pat], cls, sample_weight=weight)
    proba = model.predict_proba(x)
    col = {int(k): i for i, k in enumerate(model.classes_)}

    def net(p: np.ndarray) -> np.ndarray:
        zero = np.zeros(len(p))
        pro = p[:, col[0]] if 0 in col else zero
        det = p[:, col[2]] if 2 in col else zero
        return np.asarray(pro - det)

    base = net(proba)
    n_t = len(themes)
    for j, theme in enumerate(themes):
        rows = np.flatnonzero(t[:, j] > 0)
        if len(rows) == 0:
            table.loc[theme, "adjusted_impact"] = 0.0
            continue
        xz = x[rows].tolil()
        for blk in range(3):
            xz[:, blk * n_t + j] = 0
        delta = base[rows] - net(model.predict_proba(xz.tocsr()))
        table.loc[theme, "adjusted_impact"] = 100.0 * float((delta * per_pattern[rows]).sum()) / n
        if len(model.classes_) > 2 and x[:, j].nnz > 0:  # column j = "mentioned negatively"
            coef = model.coef_
            table.loc[theme, "detractor_odds_ratio"] = float(np.exp(coef[col[2], j] - coef[col[0], j]))
    ll_model = float((weight * np.log(np.clip(proba[pat, [col[int(k)] for k in cls]], 1e-12, 1))).sum())
    freq = np.bincount(codes, minlength=3) / n
    ll_null = float(sum(cnt * np.log(f) for cnt, f in zip(np.bincount(codes, minlength=3), freq, strict=True)
                        if cnt > 0))
    r2 = 1.0 - ll_model / ll_null if ll_null < 0 else 0.0
    return table, {"fitted": True, "n": n, "pseudo_r2": round(r2, 4), "c": c,
                   "features": "theme mentioned negatively / positively / neutrally"}
