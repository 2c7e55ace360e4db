"""The per-taxonomy few-shot head (nlp.classifiers.fewshot) and the matcher's feature sets (old 16-feature
models still load)."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.classifiers.fewshot import fit_fewshot, fit_logistic, ridge_loo
from nlp.classifiers.heads import Head
from nlp.classifiers.tfidf import TfidfFeatures
from nlp.classifiers.themes import (
    FEWSHOT_BLEND,
    FEWSHOT_FEATURES,
    FEWSHOT_THRESHOLD,
    MATCHER_FEATURES,
    MATCHER_FEATURES_V1,
    EncodedTaxonomy,
    TaxonomyMatcher,
    matcher_feature_names,
    matcher_features,
)
from nlp.errors import ArtifactError
from nlp.taxonomy import Taxonomy, Theme


def _clusters(rng: np.random.Generator, n_themes: int, k: int, d: int = 24, noise: float = 0.6
              ) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
    centres = rng.normal(size=(n_themes, d))
    ex = [centres[j] + noise * rng.normal(size=(k, d)) for j in range(n_themes)]
    anchors = [centres[j] + noise * rng.normal(size=(2, d)) for j in range(n_themes)]
    return ex, anchors, centres


def _ridge(x: np.ndarray, y: np.ndarray, lam: float) -> tuple[np.ndarray, np.ndarray]:
    """Reference ridge with an unpenalised intercept, by the normal equations."""
    xm, ym = x.mean(axis=0), y.mean(axis=0)
    xc = x - xm
    w = np.linalg.solve(xc.T @ xc + lam * np.eye(x.shape[1]), xc.T @ (y - ym))
    return w, ym - xm @ w


@pytest.mark.parametrize("shape", [(30, 8), (10, 40)])  # more rows than dims, and fewer (both SVD branches)
def test_closed_form_loo_equals_refitting_without_each_row(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(0)
    n, d = shape
    x = rng.normal(size=(n, d))
    owner = rng.integers(0, 3, size=n)
    y = np.eye(3)[owner]
    n_ex = n - 4
    _, lam, loo, w, b = ridge_loo(x, y, n_ex, [0.7], owner[:n_ex])
    w_ref, b_ref = _ridge(x, y, 0.7)
    np.testing.assert_allclose(w, w_ref, atol=1e-8)
    np.testing.assert_allclose(b, b_ref, atol=1e-8)
    for i in range(n_ex):
        keep = np.arange(n) != i
        wi, bi = _ridge(x[keep], y[keep], lam)
        np.testing.assert_allclose(loo[i], x[i] @ wi + bi, atol=1e-8)


def test_head_separates_themes_and_thresholds_come_from_loo() -> None:
    rng = np.random.default_rng(1)
    ex, anchors, centres = _clusters(rng, 5, 8)
    head = fit_fewshot(ex, anchors)
    assert head is not None
    assert head.loo_accuracy >= 0.9
    fresh = centres[[0, 3]] + 0.6 * rng.normal(size=(2, centres.shape[1]))
    s = head.scores(fresh)
    assert s.argmax(axis=1).tolist() == [0, 3]
    assert (s[[0, 1], [0, 3]] >= head.thresholds[[0, 3]]).all()
    assert head.thresholds.shape == (5,) and (head.thresholds >= -0.2).all() and (head.thresholds <= 1).all()
    p = head.proba(s)
    np.testing.assert_allclose(p.sum(axis=1), 1, rtol=1e-5)


def test_no_examples_means_no_head() -> None:
    rng = np.random.default_rng(2)
    _, anchors, _ = _clusters(rng, 4, 0)
    assert fit_fewshot([np.zeros((0, 24))] * 4, anchors) is None
    assert fit_fewshot([np.ones((3, 24))], [np.ones((2, 24))]) is None  # one theme: nothing to tell apart


class _Enc:
    """A deterministic stand-in encoder: a hash of each word into 32 dims, L2-normalised."""

    dim = 32
    name = "test"

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, sum(map(ord, w)) % self.dim] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


TAX = Taxonomy(name="t", themes=(
    Theme(id="food", label="Food", description="taste of the dishes", examples=("tasty food", "cold pizza")),
    Theme(id="staff", label="Staff", description="waiters and their manners", examples=("rude waiter",)),
    Theme(id="price", label="Price", description="bill and value for money", examples=("too expensive",)),
))


def test_feature_sets_old_columns_unchanged_and_new_ones_only_with_examples() -> None:
    enc = _Enc()
    units = enc.encode(["the pizza was cold", "waiter was rude"])
    texts = ["the pizza was cold", "waiter was rude"]
    few = EncodedTaxonomy.build(TAX, enc)  # type: ignore[arg-type]
    assert few.fewshot is not None
    new = matcher_features(units, texts, few)
    old = matcher_features(units, texts, few, MATCHER_FEATURES_V1)
    assert new.shape[-1] == len(MATCHER_FEATURES) == len(MATCHER_FEATURES_V1) + len(FEWSHOT_FEATURES)
    np.testing.assert_array_equal(new[..., : len(MATCHER_FEATURES_V1)], old)
    assert np.abs(new[..., len(MATCHER_FEATURES_V1):]).sum() > 0
    zero = EncodedTaxonomy.build(TAX.model_copy(update={"themes": tuple(t.model_copy(update={"examples": ()})
                                                                        for t in TAX.themes)}), enc)  # type: ignore[arg-type]
    assert zero.fewshot is None
    assert not matcher_features(units, texts, zero)[..., len(MATCHER_FEATURES_V1):].any()


def _head(n_in: int) -> Head:
    rng = np.random.default_rng(3)
    return Head((rng.normal(size=(n_in, 1)).astype(np.float32),), (np.zeros(1, np.float32),), "sigmoid")


def test_matcher_reads_its_feature_set_off_the_head_size() -> None:
    assert TaxonomyMatcher(_head(16)).features == MATCHER_FEATURES_V1
    assert TaxonomyMatcher(_head(20)).features == MATCHER_FEATURES
    enc = _Enc()
    units = enc.encode(["cold pizza", "rude waiter"])
    et = EncodedTaxonomy.build(TAX, enc)  # type: ignore[arg-type]
    out = TaxonomyMatcher(_head(16)).score(units, ["cold pizza", "rude waiter"], np.array([0, 1]), et)
    assert out.comment.shape == (2, 3)
    with pytest.raises(ArtifactError, match="retrain the model"):
        matcher_feature_names(17)


def test_logistic_head_is_sklearns_balanced_logistic_regression_per_theme() -> None:
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(5)
    ex, anchors, _ = _clusters(rng, 4, 8)
    x = np.vstack(ex + anchors)
    owner = np.concatenate([np.full(8, j) for j in range(4)] + [np.full(2, j) for j in range(4)])
    y = (owner[:, None] == np.arange(4)[None, :]).astype(int)
    y[0, 1] = 1  # one row listed under two themes: positive for both
    head = fit_logistic(x, y, c=1.0)
    assert head is not None and head.fitted.all()
    ref = np.stack([LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000, tol=1e-9)
                    .fit(x, y[:, j]).predict_proba(x)[:, 1] for j in range(4)], axis=1)
    np.testing.assert_allclose(head.proba(x.astype(np.float32)), ref, atol=5e-3)
    assert ((head.proba(x.astype(np.float32)) >= 0.5) == y.astype(bool)).mean() > 0.95


@pytest.mark.parametrize("balance", [0.0, 0.75])
def test_logistic_head_partial_balance_is_sklearn_with_powered_class_weights(balance: float) -> None:
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(6)
    ex, anchors, _ = _clusters(rng, 5, 8, noise=1.2)
    x = np.vstack(ex + anchors)
    owner = np.concatenate([np.full(8, j) for j in range(5)] + [np.full(2, j) for j in range(5)])
    y = (owner[:, None] == np.arange(5)[None, :]).astype(int)
    head = fit_logistic(x, y, c=1.0, balance=balance)
    assert head is not None
    n = len(x)
    ref = []
    for j in range(5):
        p = y[:, j].sum()
        w = np.where(y[:, j] > 0, (n / (2 * p)) ** balance, (n / (2 * (n - p))) ** balance)
        ref.append(LogisticRegression(C=1.0, max_iter=5000, tol=1e-9).fit(x, y[:, j], sample_weight=w)
                   .predict_proba(x)[:, 1])
    np.testing.assert_allclose(head.proba(x.astype(np.float32)), np.stack(ref, axis=1), atol=5e-3)
    # less balance, less weight on the few positives: every theme's positives score lower than when fully balanced
    full = fit_logistic(x, y, c=1.0, balance=1.0)
    assert full is not None
    pos = y.astype(bool)
    assert head.proba(x.astype(np.float32))[pos].mean() < full.proba(x.astype(np.float32))[pos].mean()


@pytest.mark.parametrize("balance", [-0.1, 1.5])
def test_logistic_head_balance_outside_0_1_is_an_error(balance: float) -> None:
    with pytest.raises(ValueError, match="balance must be in"):
        fit_logistic(np.eye(4, 6), np.array([[1, 0], [0, 1], [1, 0], [0, 1]]), balance=balance)


def test_logistic_head_leaves_unfittable_themes_at_zero() -> None:
    x = np.eye(4, 6)
    y = np.array([[1, 0, 1], [1, 0, 0], [0, 0, 1], [0, 0, 0]])  # theme 1 has no positive row
    head = fit_logistic(x, y)
    assert head is not None and head.fitted.tolist() == [True, False, True]
    assert not head.proba(x.astype(np.float32))[:, 1].any()
    assert fit_logistic(x, np.zeros((4, 2), int)) is None
    assert fit_logistic(x, np.ones((4, 2), int)) is None


def test_examples_turn_on_the_blend_and_its_decode_rule() -> None:
    enc = _Enc()
    texts = ["the pizza was cold", "waiter was rude", "nothing to add"]
    units = enc.encode(texts)
    starts = np.arange(3)
    matcher = TaxonomyMatcher(_head(20), threshold=0.9, fallback=0.0)
    few = EncodedTaxonomy.build(TAX, enc)  # type: ignore[arg-type]
    assert few.logistic is not None
    off = EncodedTaxonomy.build(TAX, enc, logistic=False)  # type: ignore[arg-type]
    assert off.logistic is None
    plain = matcher.score(units, texts, starts, off)
    blended = matcher.score(units, texts, starts, few)
    assert (plain.thresholds == 0.9).all() and (blended.thresholds == FEWSHOT_THRESHOLD).all()
    twin = few.logistic.proba(units)
    np.testing.assert_allclose(blended.comment, FEWSHOT_BLEND * plain.comment + (1 - FEWSHOT_BLEND) * twin, atol=1e-6)
    assert (blended.selected == matcher.select(blended.comment, FEWSHOT_THRESHOLD, 0.2)).all()
    zero = TAX.model_copy(update={"themes": tuple(t.model_copy(update={"examples": ()}) for t in TAX.themes)})
    assert EncodedTaxonomy.build(zero, enc).logistic is None  # type: ignore[arg-type]


def test_a_matchers_fewshot_cut_and_balance_are_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp.classifiers.themes as themes

    balances: list[float] = []

    def spy(x: np.ndarray, y: np.ndarray, balance: float = 1.0) -> object:
        balances.append(balance)
        return fit_logistic(x, y, balance=balance)

    monkeypatch.setattr(themes, "fit_logistic", spy)
    enc = _Enc()
    texts = ["the pizza was cold", "waiter was rude", "nothing to add"]
    units = enc.encode(texts)
    matcher = TaxonomyMatcher(_head(20), threshold=0.9, fallback=0.0, fewshot_threshold=0.35, fewshot_balance=0.75)
    few = EncodedTaxonomy.build(TAX, enc, balance=matcher.fewshot_balance)  # type: ignore[arg-type]
    assert balances == [0.75]
    scored = matcher.score(units, texts, np.arange(3), few)
    assert (scored.thresholds == 0.35).all()
    assert (scored.selected == matcher.select(scored.comment, 0.35, 0.2)).all()
    assert EncodedTaxonomy.build(TAX, enc) and balances == [0.75, 1.0]  # type: ignore[arg-type]  # default: balanced


def test_an_example_listed_under_two_themes_is_positive_for_both(monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp.classifiers.themes as themes

    seen: list[np.ndarray] = []

    def spy(x: np.ndarray, y: np.ndarray, balance: float = 1.0) -> object:
        seen.append(y)
        return fit_logistic(x, y, balance=balance)

    monkeypatch.setattr(themes, "fit_logistic", spy)
    enc = _Enc()
    tax = Taxonomy(name="t", themes=(
        Theme(id="food", label="Food", description="taste", examples=("cold pizza rude waiter", "tasty food")),
        Theme(id="staff", label="Staff", description="waiters", examples=(" Cold pizza rude waiter", "rude staff")),
        Theme(id="price", label="Price", description="bill", examples=("too expensive",)),
    ))
    et = EncodedTaxonomy.build(tax, enc)  # type: ignore[arg-type]
    assert et.logistic is not None
    # 4 distinct example texts (case and spaces ignored) + 3 description rows; the shared one is positive twice
    assert seen[0].tolist() == [[1, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]
    p = et.logistic.proba(enc.encode(["cold pizza rude waiter"]))[0]
    assert p[0] > 0.5 and p[1] > 0.5 and p[2] < 0.5


class _OtherEnc(_Enc):
    """Another embedding space (a different hash), standing in for the wheel's original encoder."""

    dim = 40
    name = "other"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, (7 * sum(map(ord, w)) + len(w)) % self.dim] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def test_the_logistic_head_can_read_another_encoders_space() -> None:
    enc, other = _Enc(), _OtherEnc()
    texts = ["the pizza was cold", "waiter was rude", "nothing to add"]
    units, starts = enc.encode(texts), np.arange(3)
    et = EncodedTaxonomy.build(TAX, enc, fewshot_encoder=other)  # type: ignore[arg-type]
    assert et.own_space and et.logistic is not None and et.logistic.weights.shape == (other.dim, 3)
    # the other encoder embeds each theme's "label: description" row and the examples, nothing else
    assert other.calls == [[f"{t.label}: {t.description}" for t in TAX.themes] + [e for t in TAX.themes
                                                                                 for e in t.examples]]
    matcher = TaxonomyMatcher(_head(20), threshold=0.9, blend=0.3)
    with pytest.raises(ValueError, match="pass fewshot_units"):
        matcher.score(units, texts, starts, et)
    fs_units = other.encode(texts)
    got = matcher.score(units, texts, starts, et, fs_units)
    plain = matcher.score(units, texts, starts, EncodedTaxonomy.build(TAX, enc, logistic=False))  # type: ignore[arg-type]
    np.testing.assert_allclose(got.comment, 0.3 * plain.comment + 0.7 * et.logistic.proba(fs_units), atol=1e-6)
    # the same encoder given twice is one space; without examples there is no head and no other space
    assert not EncodedTaxonomy.build(TAX, enc, fewshot_encoder=enc).own_space  # type: ignore[arg-type]
    zero = TAX.model_copy(update={"themes": tuple(t.model_copy(update={"examples": ()}) for t in TAX.themes)})
    assert not EncodedTaxonomy.build(zero, enc, fewshot_encoder=other).own_space  # type: ignore[arg-type]


def test_the_logistic_head_learns_from_more_examples_than_the_matcher_reads(monkeypatch: pytest.MonkeyPatch
                                                                              ) -> None:
    import nlp.classifiers.themes as themes

    seen: list[np.ndarray] = []

    def spy(x: np.ndarray, y: np.ndarray, balance: float = 1.0) -> object:
        seen.append(y)
        return fit_logistic(x, y, balance=balance)

    monkeypatch.setattr(themes, "fit_logistic", spy)
    many = tuple(f"tasty dish number {i}" for i in range(40))
    tax = TAX.model_copy(update={"themes": (TAX.themes[0].model_copy(update={"examples": many}), *TAX.themes[1:])})
    et = EncodedTaxonomy.build(tax, _Enc())  # type: ignore[arg-type]
    assert len(et.example_emb[0]) == themes.MAX_SHOTS  # the matcher's features: the first 8
    # the head: the first MAX_LOGISTIC_SHOTS of food's 40 + staff's 1 + price's 1 + 3 description rows
    assert seen[0].shape == (themes.MAX_LOGISTIC_SHOTS + 2 + 3, 3)
    assert seen[0][:, 0].sum() == themes.MAX_LOGISTIC_SHOTS + 1


class _DescriptionMatcher(TaxonomyMatcher):
    """A matcher whose probability is the unit's cosine to the theme's "label: description" (feature 0)."""

    def __init__(self) -> None:
        super().__init__(None, fewshot_split=True)
        self.features = MATCHER_FEATURES

    def pair_proba(self, feats: np.ndarray) -> np.ndarray:
        return feats[..., 0]


SPLIT_TAX = Taxonomy(name="t", themes=(
    Theme(id="food", label="Food", description="pizza dishes", examples=("cold pizza, rude waiter", "tasty pizza")),
    Theme(id="staff", label="Service", description="waiter manners",
          examples=("Cold pizza, rude waiter ", "kind waiter")),
    Theme(id="price", label="Price", description="bill value", examples=("too expensive bill",)),
))


def test_split_gives_each_theme_of_a_multi_theme_example_its_own_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp.classifiers.themes as themes

    seen: list[tuple[np.ndarray, np.ndarray]] = []

    def spy(x: np.ndarray, y: np.ndarray, balance: float = 1.0) -> object:
        seen.append((x, y))
        return fit_logistic(x, y, balance=balance)

    monkeypatch.setattr(themes, "fit_logistic", spy)
    enc = _Enc()
    whole = EncodedTaxonomy.build(SPLIT_TAX, enc)  # type: ignore[arg-type]
    split = EncodedTaxonomy.build(SPLIT_TAX, enc, splitter=_DescriptionMatcher())  # type: ignore[arg-type]
    assert whole.logistic is not None and split.logistic is not None
    (xw, yw), (xs, ys) = seen
    # whole: the shared example is one row positive for food and staff (4 distinct examples + 3 descriptions)
    assert yw.tolist() == [[1, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]
    # split: "cold pizza" teaches food, "rude waiter" staff; the other examples stay as they were
    assert ys.tolist() == [[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]
    np.testing.assert_allclose(xs[0], enc.encode(["cold pizza"])[0], atol=1e-6)
    np.testing.assert_allclose(xs[1], enc.encode(["rude waiter"])[0], atol=1e-6)
    np.testing.assert_array_equal(xs[2:], xw[1:])
    p = split.logistic.proba(enc.encode(["rude waiter"]))[0]
    assert p[1] > p[0]  # the waiter clause now reads as staff, not food


def test_split_leaves_single_theme_and_one_clause_examples_whole() -> None:
    enc = _Enc()
    single = Taxonomy(name="t", themes=tuple(t.model_copy(update={"examples": t.examples[1:]})
                                             if t.id != "price" else t for t in SPLIT_TAX.themes))
    a = EncodedTaxonomy.build(single, enc)  # type: ignore[arg-type]
    b = EncodedTaxonomy.build(single, enc, splitter=_DescriptionMatcher())  # type: ignore[arg-type]
    assert a.logistic is not None and b.logistic is not None
    np.testing.assert_array_equal(a.logistic.weights, b.logistic.weights)
    one_clause = Taxonomy(name="t", themes=(
        Theme(id="food", label="Food", description="pizza", examples=("pizza waiter",)),
        Theme(id="staff", label="Staff", description="waiter", examples=("pizza waiter",)),
    ))
    c = EncodedTaxonomy.build(one_clause, enc)  # type: ignore[arg-type]
    d = EncodedTaxonomy.build(one_clause, enc, splitter=_DescriptionMatcher())  # type: ignore[arg-type]
    assert c.logistic is not None and d.logistic is not None
    np.testing.assert_array_equal(c.logistic.weights, d.logistic.weights)


LEX_CORPUS = ["tasty food", "cold pizza", "rude waiter", "too expensive", "the bill was high", "friendly waiter",
              "pizza and pasta", "food was cold", "waiter was slow", "expensive wine"]


def _tfidf() -> TfidfFeatures:
    return TfidfFeatures.fit(LEX_CORPUS, min_df=1)


def test_the_lexical_twin_is_a_logistic_head_on_the_examples_tfidf_columns() -> None:
    enc, tf = _Enc(), _tfidf()
    et = EncodedTaxonomy.build(TAX, enc, balance=0.75, lexical=tf)  # type: ignore[arg-type]
    assert et.lexical is not None
    rows = ["tasty food", "cold pizza", "rude waiter", "too expensive"]
    described = [f"{t.label}: {t.description}" for t in TAX.themes]
    x = tf.transform(rows + described)
    np.testing.assert_array_equal(et.lexical.columns, np.unique(x.indices))  # only the words the rows use
    y = np.array([[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    ref = fit_logistic(x[:, et.lexical.columns].toarray(), y, balance=0.75)
    assert ref is not None
    np.testing.assert_allclose(et.lexical.head.weights, ref.weights, atol=1e-6)
    assert EncodedTaxonomy.build(TAX, enc).lexical is None  # type: ignore[arg-type]  # not asked for
    zero = TAX.model_copy(update={"themes": tuple(t.model_copy(update={"examples": ()}) for t in TAX.themes)})
    assert EncodedTaxonomy.build(zero, enc, lexical=tf).lexical is None  # type: ignore[arg-type]  # no examples
    unknown = TfidfFeatures(["zzz"], np.ones(1))  # no row has a word it knows
    assert EncodedTaxonomy.build(TAX, enc, lexical=unknown).lexical is None  # type: ignore[arg-type]


def test_the_matcher_blends_the_lexical_twin_into_the_head_by_its_weight() -> None:
    enc, tf = _Enc(), _tfidf()
    texts = ["the pizza was cold", "waiter was rude", "too expensive"]
    units, starts, lex = enc.encode(texts), np.arange(3), tf.transform(texts)
    et = EncodedTaxonomy.build(TAX, enc, lexical=tf)  # type: ignore[arg-type]
    assert et.logistic is not None and et.lexical is not None
    off = TaxonomyMatcher(_head(20), fewshot_threshold=0.35)
    on = TaxonomyMatcher(_head(20), fewshot_threshold=0.35, fewshot_lexical=0.3)
    plain = off.score(units, texts, starts, EncodedTaxonomy.build(TAX, enc, logistic=False))  # type: ignore[arg-type]
    twin = 0.7 * et.logistic.proba(units) + 0.3 * et.lexical.head.proba(lex[:, et.lexical.columns].toarray())
    got = on.score(units, texts, starts, et, lex=lex)
    np.testing.assert_allclose(got.comment, FEWSHOT_BLEND * plain.comment + (1 - FEWSHOT_BLEND) * twin, atol=1e-6)
    assert (got.selected == on.select(got.comment, 0.35, 0.2)).all()
    # weight 0 (models before 2.6.0) ignores the twin and needs no TF-IDF features
    np.testing.assert_allclose(off.score(units, texts, starts, et).comment,
                               off.score(units, texts, starts, EncodedTaxonomy.build(TAX, enc)).comment)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="pass lex"):
        on.score(units, texts, starts, et)
    with pytest.raises(ValueError, match="fewshot_lexical must be in"):
        TaxonomyMatcher(_head(20), fewshot_lexical=1.5)


def test_a_taxonomy_without_examples_gets_a_description_head_and_the_matcher_blends_it() -> None:
    enc = _Enc()
    zero = TAX.model_copy(update={"themes": tuple(t.model_copy(update={"examples": ()}) for t in TAX.themes)})
    et = EncodedTaxonomy.build(zero, enc, balance=0.75)  # type: ignore[arg-type]
    assert et.description_head is not None and et.logistic is None
    # rows: each "label: description", then each theme's label and description phrases, positive for that theme
    x = np.vstack([et.desc_emb, *et.phrase_emb])
    owner = np.concatenate([np.arange(3), *[np.full(len(p), j) for j, p in enumerate(et.phrase_emb)]])
    ref = fit_logistic(x, np.eye(3, dtype=np.int8)[owner], balance=0.75)
    assert ref is not None
    np.testing.assert_allclose(et.description_head.weights, ref.weights, atol=1e-6)
    assert EncodedTaxonomy.build(TAX, enc).description_head is None  # type: ignore[arg-type]  # with examples
    assert EncodedTaxonomy.build(zero, enc, logistic=False).description_head is None  # type: ignore[arg-type]
    assert EncodedTaxonomy.build(zero, enc, describe=False).description_head is None  # type: ignore[arg-type]

    texts = ["the pizza was cold", "waiter was rude", "too expensive"]
    units, starts = enc.encode(texts), np.arange(3)
    plain = TaxonomyMatcher(_head(20), threshold=0.4, fallback=0.1).score(units, texts, starts, et)
    blended = TaxonomyMatcher(_head(20), threshold=0.4, fallback=0.1, zeroshot_blend=0.8,
                              zeroshot_threshold=0.3).score(units, texts, starts, et)
    desc = et.description_head.proba(units)
    np.testing.assert_allclose(blended.comment, 0.8 * plain.comment + 0.2 * desc, atol=1e-6)
    assert (plain.thresholds == 0.4).all() and (blended.thresholds == 0.3).all()
    assert (blended.selected == TaxonomyMatcher(_head(20)).select(blended.comment, 0.3, 0.1)).all()
    # the cut applies to the matcher alone too; a taxonomy with examples keeps the few-shot rule
    cut_only = TaxonomyMatcher(_head(20), threshold=0.4, fallback=0.1, zeroshot_threshold=0.3)
    got = cut_only.score(units, texts, starts, et)
    np.testing.assert_allclose(got.comment, plain.comment)
    assert (got.thresholds == 0.3).all()
    few = EncodedTaxonomy.build(TAX, enc)  # type: ignore[arg-type]
    assert (cut_only.score(units, texts, starts, few).thresholds == FEWSHOT_THRESHOLD).all()
    matcher_only = EncodedTaxonomy.build(TAX, enc, logistic=False)  # type: ignore[arg-type]  # examples, no heads
    assert (cut_only.score(units, texts, starts, matcher_only).thresholds == 0.4).all()
    with pytest.raises(ValueError, match="zeroshot_blend must be in"):
        TaxonomyMatcher(_head(20), zeroshot_blend=-0.1)
