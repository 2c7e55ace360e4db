"""Multi-label theme scoring: supervised heads for a trained taxonomy, a learned matcher for any other.

Both score *units* (the whole comment and each of its clauses) and pool per comment with a max,
so every detected theme can point at the clause that triggered it.

* :class:`SupervisedThemes` — one sigmoid output per theme, trained on labelled comments,
  with per-theme thresholds stored in the model.
* :class:`TaxonomyMatcher` — zero-/few-shot for a customer's YAML taxonomy: taxonomy-agnostic
  features of (unit, theme) pairs (similarity to the label, description and examples, how the
  theme ranks against the others, keyword overlap) go through a small head meta-trained on many
  sampled taxonomies, so no training step is needed for a new taxonomy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from nlp.classifiers.fewshot import LOGISTIC_BALANCE, FewShotHead, FewShotLogistic, fit_fewshot, fit_logistic
from nlp.classifiers.heads import Head
from nlp.classifiers.tfidf import TfidfFeatures
from nlp.encoders.base import Encoder
from nlp.errors import ArtifactError, NotFittedError
from nlp.taxonomy import Taxonomy, theme_keywords
from nlp.text import normalize
from nlp.units import Units

MAX_SHOTS = 8
MAX_LOGISTIC_SHOTS = 32  # examples per theme the per-taxonomy logistic head is fitted on
MATCHER_FEATURES_V1 = (
    "cos_desc", "cos_label", "z_desc", "margin_desc",
    "has_examples", "ex_max", "ex_centroid", "z_ex", "margin_ex",
    "kw_hits", "label_hit", "n_examples",
    "phrase_max", "z_phrase", "margin_phrase", "knn_share",
)  # fmt: skip
# The per-taxonomy few-shot head (:mod:`nlp.classifiers.fewshot`): its score, softmax probability, margin over the best
# other theme and score minus its LOO threshold; all 0 when the taxonomy has no examples.
FEWSHOT_FEATURES = ("fs_score", "fs_proba", "fs_margin", "fs_over_threshold")
MATCHER_FEATURES = MATCHER_FEATURES_V1 + FEWSHOT_FEATURES
# Feature sets by the matcher head's input size: models trained before the few-shot head have 16 inputs.
FEATURE_SETS: dict[int, tuple[str, ...]] = {len(MATCHER_FEATURES_V1): MATCHER_FEATURES_V1,
                                            len(MATCHER_FEATURES): MATCHER_FEATURES}
KNN = 5
# A taxonomy with examples: matcher probability blended with the per-taxonomy logistic head
# (:func:`nlp.classifiers.fewshot.fit_logistic`) as ``BLEND * matcher + (1 - BLEND) * logistic``, decoded with
# its own cut and top-1 fallback (chosen on dev data with the head; see nlp/classifiers/fewshot.py). ``BLEND`` and
# ``THRESHOLD`` are the defaults of :class:`TaxonomyMatcher`'s ``blend`` and ``fewshot_threshold`` (a model's
# ``fewshot_blend`` and ``fewshot_threshold`` set its own; models before 2.2.0 / 2.4.0 use these).
FEWSHOT_BLEND = 0.5
FEWSHOT_THRESHOLD = 0.4
FEWSHOT_FALLBACK = 0.2
_PHRASE_SPLIT = re.compile(r"\s*(?:[,;:()/]|\s-\s|\s–\s|\bor\b|\band\b)\s*")
_TOKEN = re.compile(r"[a-z][a-z']+")


def _stem(word: str) -> str:
    return word[:5] if len(word) > 5 else word


def _stems(text: str) -> set[str]:
    return {_stem(w) for w in _TOKEN.findall(text.lower()) if len(w) > 2}


def segment_max(x: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Max over consecutive row groups that begin at ``starts`` (axis 0)."""
    if len(starts) == 0:
        return np.zeros((0, *x.shape[1:]), dtype=x.dtype)
    return np.maximum.reduceat(x, starts, axis=0)


@dataclass(frozen=True)
class EncodedTaxonomy:
    """A taxonomy's themes turned into vectors and keyword sets, once per (taxonomy, encoder)."""

    taxonomy: Taxonomy
    label_emb: np.ndarray  # (T, d)
    desc_emb: np.ndarray  # (T, d)
    example_emb: tuple[np.ndarray, ...]  # T arrays of shape (k_t, d), k_t ≤ MAX_SHOTS
    keyword_stems: tuple[frozenset[str], ...]
    label_stems: tuple[frozenset[str], ...]
    phrase_emb: tuple[np.ndarray, ...]  # T arrays (p_t, d): the label and each phrase of the description
    fewshot: FewShotHead | None = None  # fitted on examples + descriptions + labels; None without examples
    logistic: FewShotLogistic | None = None  # blended with the matcher; None without examples
    # without examples: a logistic head on the "label: description" rows and the description's phrases (the
    # matcher's own embeddings of them), blended with the matcher by its ``zeroshot_blend``; None with examples
    description_head: FewShotLogistic | None = None
    # the logistic head reads another encoder's embeddings (``fewshot_encoder`` of :meth:`build`): the caller
    # passes that encoder's unit embeddings to :meth:`TaxonomyMatcher.score` as ``fewshot_units``
    own_space: bool = False
    # the logistic head's lexical twin (``lexical`` of :meth:`build`); None: none
    lexical: LexicalTwin | None = None

    @classmethod
    def build(
        cls, taxonomy: Taxonomy, encoder: Encoder, examples: Sequence[Sequence[str]] | None = None,
        *, logistic: bool = True, fewshot_encoder: Encoder | None = None, balance: float = LOGISTIC_BALANCE,
        splitter: TaxonomyMatcher | None = None, lexical: TfidfFeatures | None = None, describe: bool = True,
    ) -> EncodedTaxonomy:
        """Encode labels, descriptions and up to :data:`MAX_SHOTS` examples per theme; when any theme has
        examples, also fit the per-taxonomy few-shot heads (:func:`nlp.classifiers.fewshot.fit_fewshot`, the
        matcher's input, and, unless ``logistic`` is false, :func:`nlp.classifiers.fewshot.fit_logistic`, blended
        with the matcher's output).

        ``examples`` overrides the taxonomy's own examples (used when meta-training, with ``logistic=False``:
        the matcher learns from its own features only). ``fewshot_encoder`` (default: ``encoder``) is the encoder
        whose embeddings the logistic head is fitted on; when it is another encoder, ``own_space`` is set and
        scoring needs that encoder's unit embeddings too. ``balance``: the logistic head's class balance
        (:func:`nlp.classifiers.fewshot.fit_logistic`; a model's :attr:`TaxonomyMatcher.fewshot_balance`).
        ``splitter``: a matcher that splits, for the logistic head, each example listed under several themes
        into its clauses: every such theme learns from the clause this matcher scores highest for it on the
        descriptions alone (:func:`_split_examples`); ``None`` (models before 2.5.0): examples are used whole.
        ``lexical``: the model's TF-IDF features; when given, a lexical twin of the logistic head is fitted on the
        whole examples and descriptions (:func:`_fit_lexical`), which :meth:`TaxonomyMatcher.score` blends in by the
        matcher's ``fewshot_lexical``; ``None`` (models before 2.6.0): no lexical twin. ``describe``: a taxonomy
        without examples gets a description head (:func:`_fit_descriptions`) unless ``logistic`` or this is false
        (a matcher that does not blend it, models before 2.7.0, need not pay for it).
        """
        themes = taxonomy.themes
        n = len(themes)
        own_space = fewshot_encoder is not None and fewshot_encoder is not encoder
        # the logistic head learns from up to MAX_LOGISTIC_SHOTS examples per theme, the matcher's features from the
        # first MAX_SHOTS (what it was meta-trained with)
        fit_lists = [list(e)[:MAX_LOGISTIC_SHOTS] for e in (examples or [t.examples for t in themes])]
        ex_lists = [e[:MAX_SHOTS] for e in fit_lists]
        enc_lists = ex_lists if own_space or not logistic else fit_lists  # what the matcher's encoder embeds
        phrases = [description_phrases(t.label, t.description) for t in themes]
        described = [f"{t.label}: {t.description}" for t in themes]
        flat = [t.label for t in themes] + described
        flat += [e for ex in enc_lists for e in ex] + [p for ph in phrases for p in ph]
        emb = encoder.encode(flat)
        label_emb, desc_emb, rest = emb[:n], emb[n : 2 * n], emb[2 * n :]
        enc_embs, pos = [], 0
        for ex in enc_lists:
            enc_embs.append(rest[pos : pos + len(ex)])
            pos += len(ex)
        ph_embs = []
        for ph in phrases:
            ph_embs.append(rest[pos : pos + len(ph)])
            pos += len(ph)
        ex_embs = [e[:MAX_SHOTS] for e in enc_embs]
        label_stems = tuple(frozenset(_stems(t.label)) for t in themes)
        kw = tuple(frozenset(_stem(w) for w in theme_keywords(t)) for t in themes)
        head = fit_fewshot(ex_embs, [np.stack([desc_emb[j], label_emb[j]]) for j in range(n)])
        twin = None
        if logistic and head is not None:
            parts: dict[str, list[tuple[np.ndarray, set[int]]]] = {}
            if splitter is not None:
                no_examples = tuple(np.zeros((0, emb.shape[1]), np.float32) for _ in themes)
                zero = cls(taxonomy, label_emb, desc_emb, no_examples, kw, label_stems, tuple(ph_embs))
                parts = _split_examples(fit_lists, zero, splitter, encoder, fewshot_encoder or encoder)
            if own_space and fewshot_encoder is not None:
                fs_emb = fewshot_encoder.encode(described + [e for ex in fit_lists for e in ex])
                fs_ex = np.split(fs_emb[n:], np.cumsum([len(ex) for ex in fit_lists])[:-1])
                twin = _fit_logistic(fit_lists, fs_ex, fs_emb[:n], balance, parts)
            else:
                twin = _fit_logistic(fit_lists, enc_embs, desc_emb, balance, parts)
        lex_twin = (_fit_lexical(fit_lists, described, lexical, balance)
                    if lexical is not None and twin is not None else None)
        described_head = (_fit_descriptions(desc_emb, ph_embs, balance)
                          if logistic and describe and head is None else None)
        return cls(taxonomy, label_emb, desc_emb, tuple(ex_embs), kw, label_stems, tuple(ph_embs), head, twin,
                   own_space=own_space and twin is not None, lexical=lex_twin, description_head=described_head)


def _distinct_examples(ex_lists: Sequence[Sequence[str]]) -> dict[str, tuple[str, tuple[int, int], set[int]]]:
    """Each distinct example text (case and outer spaces ignored) → its first spelling, its first place
    ``(theme, position)`` in ``ex_lists`` and every theme that lists it."""
    out: dict[str, tuple[str, tuple[int, int], set[int]]] = {}
    for j, texts in enumerate(ex_lists):
        for i, text in enumerate(texts):
            out.setdefault(text.strip().lower(), (text, (j, i), set()))[2].add(j)
    return out


def _fit_logistic(ex_lists: Sequence[Sequence[str]], ex_embs: Sequence[np.ndarray],
                  desc_emb: np.ndarray, balance: float = LOGISTIC_BALANCE,
                  parts: dict[str, list[tuple[np.ndarray, set[int]]]] | None = None) -> FewShotLogistic | None:
    """The logistic head on each distinct example text (positive for every theme that lists it) plus each
    theme's "label: description" row. ``parts`` replaces an example's row by clause rows (:func:`_split_examples`,
    keyed as :func:`_distinct_examples` keys)."""
    n = len(ex_lists)
    pairs = [p for key, (_, (j, i), owners) in _distinct_examples(ex_lists).items()
             for p in (parts or {}).get(key, [(ex_embs[j][i], owners)])]
    x = np.vstack([e for e, _ in pairs] + [desc_emb])
    return fit_logistic(x, _example_targets([owners for _, owners in pairs], n), balance=balance)


def _example_targets(owners: Sequence[set[int]], n: int) -> np.ndarray:
    """0/1 targets ``(len(owners) + n, n)`` of the few-shot heads' rows: each example row positive for every theme
    in its ``owners``, then one "label: description" row per theme, positive for that theme."""
    y = np.zeros((len(owners) + n, n), dtype=np.int8)
    for i, own in enumerate(owners):
        y[i, sorted(own)] = 1
    y[len(owners) + np.arange(n), np.arange(n)] = 1
    return y


@dataclass(frozen=True)
class LexicalTwin:
    """A taxonomy's few-shot logistic head on TF-IDF features instead of embeddings (:func:`_fit_lexical`), over
    the vocabulary ``columns`` its training rows use."""

    head: FewShotLogistic
    columns: np.ndarray  # (V,) column indices into the model's TF-IDF vocabulary

    def proba(self, lex: sparse.spmatrix) -> np.ndarray:
        """``(n, T)`` probabilities of the rows of ``lex`` (the model's TF-IDF features of the units)."""
        return self.head.proba(np.asarray(sparse.csr_matrix(lex)[:, self.columns].toarray(), dtype=np.float32))


def _fit_descriptions(desc_emb: np.ndarray, phrase_emb: Sequence[np.ndarray], balance: float) -> FewShotLogistic | None:
    """A taxonomy without examples: one logistic regression per theme on its "label: description" row and its
    label and description phrases (:func:`description_phrases`), each positive for its theme only, with the class
    balance of the few-shot head."""
    n = len(desc_emb)
    owner = np.concatenate([np.arange(n), *[np.full(len(p), j) for j, p in enumerate(phrase_emb)]]).astype(np.int64)
    x = np.vstack([desc_emb, *phrase_emb])
    return fit_logistic(x, np.eye(n, dtype=np.int8)[owner], balance=balance)


def _fit_lexical(ex_lists: Sequence[Sequence[str]], described: Sequence[str], tfidf: TfidfFeatures,
                 balance: float) -> LexicalTwin | None:
    """The logistic head's lexical twin: the same rows as :func:`_fit_logistic` (each distinct example text,
    positive for every theme that lists it, whole; each theme's "label: description") as ``tfidf`` features, on the
    vocabulary columns those rows use (a column no row uses keeps weight 0 under the L2 penalty, so dropping it
    changes nothing). ``None`` when no row has a word of the vocabulary."""
    distinct = list(_distinct_examples(ex_lists).values())
    x = tfidf.transform([text for text, _, _ in distinct] + list(described))
    cols = np.unique(x.indices)
    if len(cols) == 0:
        return None
    y = _example_targets([owners for _, _, owners in distinct], len(ex_lists))
    head = fit_logistic(x[:, cols].toarray(), y, balance=balance)
    return LexicalTwin(head, cols) if head is not None else None


def _split_examples(ex_lists: Sequence[Sequence[str]], zero: EncodedTaxonomy, splitter: TaxonomyMatcher,
                    encoder: Encoder, fewshot_encoder: Encoder) -> dict[str, list[tuple[np.ndarray, set[int]]]]:
    """Clause rows for the examples listed under several themes that have several clauses ("food good, service
    lousy" under food and service): each of its themes gets the clause ``splitter`` scores highest for it on the
    taxonomy's descriptions alone (``zero``), a clause chosen by two themes is one row positive for both. Keyed as
    :func:`_distinct_examples` keys; the rows are ``fewshot_encoder`` embeddings. An example listed under one theme
    stays whole: that is all the user said about it.
    """
    multi = [(key, text, own) for key, (text, _, own) in _distinct_examples(ex_lists).items() if len(own) > 1]
    if not multi:
        return {}
    units = Units.build([normalize(text) for _, text, _ in multi])
    emb = units.embed(encoder)
    fs = emb if fewshot_encoder is encoder else units.embed(fewshot_encoder)
    proba = splitter.pair_proba(matcher_features(emb, units.texts, zero, splitter.features))
    out: dict[str, list[tuple[np.ndarray, set[int]]]] = {}
    for i, (key, _, own) in enumerate(multi):
        start, count = int(units.starts[i]), int(units.n_units[i])
        if count == 1:  # one clause: the example is its own best evidence for every theme
            continue
        clauses = np.arange(start + 1, start + count)
        chosen: dict[int, set[int]] = {}
        for j in sorted(own):
            chosen.setdefault(int(clauses[int(proba[clauses, j].argmax())]), set()).add(j)
        out[key] = [(fs[c], themes) for c, themes in chosen.items()]
    return out


def description_phrases(label: str, description: str) -> list[str]:
    """The label plus each comma/dash/"or"-separated phrase of the description (≥1 word)."""
    parts = [p.strip(" .") for p in _PHRASE_SPLIT.split(description)]
    out = [label] + [p for p in parts if len(p) > 2]
    return list(dict.fromkeys(out))


def matcher_feature_names(n_features: int) -> tuple[str, ...]:
    """The feature set a matcher head with ``n_features`` inputs was trained on.

    Raises:
        ArtifactError: no known feature set has that size (a corrupt or newer model).
    """
    if n_features not in FEATURE_SETS:
        raise ArtifactError(f"the matcher head takes {n_features} features; this version of NPS Lens knows "
                            f"feature sets of {sorted(FEATURE_SETS)}: upgrade NPS Lens or retrain the model")
    return FEATURE_SETS[n_features]


def matcher_features(units: np.ndarray, unit_texts: Sequence[str], enc: EncodedTaxonomy,
                     names: Sequence[str] = MATCHER_FEATURES) -> np.ndarray:
    """Features of every (unit, theme) pair, shape ``(n_units, n_themes, len(names))``.

    ``names`` is :data:`MATCHER_FEATURES_V1` (models before the few-shot head: the same values as then)
    or :data:`MATCHER_FEATURES`.
    """
    n, t = units.shape[0], enc.label_emb.shape[0]
    f = np.zeros((n, t, len(names)), dtype=np.float32)
    if n == 0:
        return f
    if len(names) > len(MATCHER_FEATURES_V1) and enc.fewshot is not None:
        f[..., len(MATCHER_FEATURES_V1):] = fewshot_features(units, enc.fewshot)
    cos_desc = units @ enc.desc_emb.T
    cos_label = units @ enc.label_emb.T
    f[..., 0] = cos_desc
    f[..., 1] = cos_label
    f[..., 2] = _zscore(cos_desc)
    f[..., 3] = _margin(cos_desc)
    n_ex = np.array([len(e) for e in enc.example_emb], dtype=np.float32)
    has = n_ex > 0
    if has.any():
        ex_max = np.zeros((n, t), dtype=np.float32)
        ex_cent = np.zeros((n, t), dtype=np.float32)
        for j, e in enumerate(enc.example_emb):
            if len(e):
                sims = units @ e.T
                ex_max[:, j] = sims.max(axis=1)
                c = e.mean(axis=0)
                ex_cent[:, j] = units @ (c / max(float(np.linalg.norm(c)), 1e-9))
        f[..., 4] = has
        f[..., 5] = ex_max
        f[..., 6] = ex_cent
        f[..., 7] = np.where(has, _zscore(np.where(has, ex_max, ex_max[:, has].mean(axis=1, keepdims=True))), 0)
        f[..., 8] = np.where(has, _margin(np.where(has, ex_max, -1.0)), 0)
        f[..., 11] = n_ex / MAX_SHOTS
    ph = np.stack([(units @ e.T).max(axis=1) for e in enc.phrase_emb], axis=1)
    f[..., 12] = ph
    f[..., 13] = _zscore(ph)
    f[..., 14] = _margin(ph)
    if has.any():
        all_ex = np.vstack([e for e in enc.example_emb if len(e)])
        owner = np.concatenate([np.full(len(e), j) for j, e in enumerate(enc.example_emb) if len(e)])
        k = min(KNN, len(owner))
        top = np.argpartition(-(units @ all_ex.T), k - 1, axis=1)[:, :k]
        votes = owner[top]
        for j in map(int, np.flatnonzero(has)):
            f[:, j, 15] = (votes == j).mean(axis=1)
    stems = [_stems(u) for u in unit_texts]
    for j in range(t):
        kw, lab = enc.keyword_stems[j], enc.label_stems[j]
        f[:, j, 9] = [min(len(s & kw), 3) / 3 for s in stems]
        f[:, j, 10] = [1.0 if s & lab else 0.0 for s in stems]
    return f


def fewshot_features(units: np.ndarray, head: FewShotHead) -> np.ndarray:
    """:data:`FEWSHOT_FEATURES` of every (unit, theme) pair, shape ``(n_units, n_themes, 4)``."""
    s = head.scores(units)
    return np.stack([s, head.proba(s), _margin(s), s - head.thresholds[None, :]], axis=-1).astype(np.float32)


def _zscore(x: np.ndarray) -> np.ndarray:
    if x.shape[1] < 2:
        return np.zeros_like(x)
    return (x - x.mean(axis=1, keepdims=True)) / (x.std(axis=1, keepdims=True) + 1e-3)


def _margin(x: np.ndarray) -> np.ndarray:
    """Each column minus the best *other* column of the same row."""
    if x.shape[1] < 2:
        return np.zeros_like(x)
    top2 = np.partition(x, -2, axis=1)[:, -2:]
    best, second = top2[:, 1:2], top2[:, 0:1]
    other = np.where(x >= best, second, best)
    return x - other


@dataclass
class ThemeScores:
    """Per-comment and per-unit theme probabilities plus the thresholds to decode them."""

    comment: np.ndarray  # (n_comments, T)
    unit: np.ndarray  # (n_units, T)
    thresholds: np.ndarray  # (T,)
    selected: np.ndarray  # (n_comments, T) bool: the themes each comment is tagged with


class SupervisedThemes:
    """Per-theme sigmoid head over unit embeddings with per-theme thresholds (trained taxonomy)."""

    def __init__(self, taxonomy: Taxonomy, head: Head | None = None, thresholds: np.ndarray | None = None,
                 lex_head: Head | None = None, lex_weight: float = 0.0, fallback: float = 0.0,
                 lex_features: TfidfFeatures | None = None) -> None:
        self.taxonomy = taxonomy
        self.head = head
        self.thresholds = thresholds
        self.lex_head = lex_head
        self.lex_weight = lex_weight
        # the twin's own TF-IDF vocabulary (a retrained model whose sentiment heads, and so the shared vocabulary,
        # came from its base): :meth:`score` reads the unit texts with it instead of the shared features
        self.lex_features = lex_features
        # a comment with no theme over its threshold keeps the theme closest to its own threshold when that
        # theme's probability reaches ``fallback`` × the threshold (0: off)
        self.fallback = fallback

    def unit_proba(self, units: np.ndarray, lex: sparse.spmatrix | None = None) -> np.ndarray:
        """``(n_units, T)`` probabilities, blended with the TF-IDF twin when it and ``lex`` are given."""
        if self.head is None:
            raise NotFittedError("SupervisedThemes is not fitted; train it or load a model folder")
        p = self.head.predict_proba(units)
        if self.lex_head is not None and lex is not None and self.lex_weight > 0:
            p = (1 - self.lex_weight) * p + self.lex_weight * self.lex_head.predict_proba(lex)
        return p

    def score(self, units: np.ndarray, unit_texts: Sequence[str], starts: np.ndarray,
              lex: sparse.spmatrix | None = None) -> ThemeScores:
        if self.thresholds is None:
            raise NotFittedError("SupervisedThemes has no thresholds; train it or load a model folder")
        if self.lex_features is not None and self.lex_head is not None and self.lex_weight > 0:
            lex = self.lex_features.transform(unit_texts)
        unit = self.unit_proba(units, lex)
        comment = segment_max(unit, starts)
        return ThemeScores(comment, unit, self.thresholds, self.select(comment))

    def select(self, comment: np.ndarray) -> np.ndarray:
        """Themes at or over their thresholds, plus the :attr:`fallback` rule for comments with none."""
        assert self.thresholds is not None
        chosen = comment >= self.thresholds
        if self.fallback > 0 and len(comment):
            ratio = comment / np.maximum(self.thresholds, 1e-6)[None, :]
            top = ratio.argmax(axis=1)
            rows = np.flatnonzero(~chosen.any(axis=1) & (ratio[np.arange(len(comment)), top] >= self.fallback))
            chosen[rows, top[rows]] = True
        return chosen


class TaxonomyMatcher:
    """Zero-/few-shot themes for any taxonomy through a meta-trained (unit, theme) matcher head.

    ``threshold`` is tuned on sampled taxonomies at training time; ``fallback`` is the lower bar for
    a comment's single best theme when no theme passes ``threshold``.
    """

    def __init__(self, head: Head | None = None, threshold: float = 0.5, fallback: float = 0.0,
                 features: Sequence[str] | None = None, blend: float = FEWSHOT_BLEND,
                 fewshot_threshold: float = FEWSHOT_THRESHOLD, fewshot_balance: float = LOGISTIC_BALANCE,
                 fewshot_split: bool = False, fewshot_lexical: float = 0.0, zeroshot_blend: float = 1.0,
                 zeroshot_threshold: float | None = None) -> None:
        self.head = head
        self.threshold = threshold
        self.fallback = fallback
        self.blend = blend  # weight of the matcher against a few-shot taxonomy's logistic head
        self.fewshot_threshold = fewshot_threshold  # the blend's cut (a taxonomy with examples)
        self.fewshot_balance = fewshot_balance  # class balance of the logistic head (EncodedTaxonomy.build)
        self.fewshot_split = fewshot_split  # split multi-theme examples into clauses for it (EncodedTaxonomy.build)
        if not 0.0 <= fewshot_lexical <= 1.0:
            raise ValueError(f"fewshot_lexical must be in [0, 1], got {fewshot_lexical}")
        # weight of the logistic head's TF-IDF twin within the head's probability (0: off, models before 2.6.0)
        self.fewshot_lexical = fewshot_lexical
        if not 0.0 <= zeroshot_blend <= 1.0:
            raise ValueError(f"zeroshot_blend must be in [0, 1], got {zeroshot_blend}")
        # a taxonomy without examples: the matcher's weight against the taxonomy's description head (1: matcher
        # only, models before 2.7.0), and the blend's cut (None: ``threshold``)
        self.zeroshot_blend = zeroshot_blend
        self.zeroshot_threshold = zeroshot_threshold
        # the head's feature set; by default read off its input size (old 16-feature models keep working)
        self.features = tuple(features) if features is not None else (
            matcher_feature_names(head.n_features) if head is not None else MATCHER_FEATURES)

    def pair_proba(self, feats: np.ndarray) -> np.ndarray:
        """Probabilities for a ``(..., n_features)`` feature array, shape ``(...)``."""
        if self.head is None:
            raise NotFittedError("TaxonomyMatcher is not fitted; train it or load a model folder")
        flat = feats.reshape(-1, feats.shape[-1])
        return self.head.predict_proba(flat)[:, 0].reshape(feats.shape[:-1])

    def score(
        self, units: np.ndarray, unit_texts: Sequence[str], starts: np.ndarray, enc: EncodedTaxonomy,
        fewshot_units: np.ndarray | None = None, lex: sparse.spmatrix | None = None,
    ) -> ThemeScores:
        """Theme scores of every unit and comment. ``fewshot_units``: the units embedded by the encoder the
        taxonomy's logistic head was fitted on, required when that is not the matcher's (``enc.own_space``).
        ``lex``: the units' TF-IDF features (the model's), required when the taxonomy has a lexical twin
        (``enc.lexical``) and :attr:`fewshot_lexical` is above 0: the head's probability is then
        ``(1 - fewshot_lexical) * head + fewshot_lexical * twin``. A taxonomy without examples blends the matcher
        with its description head (``enc.description_head``) by :attr:`zeroshot_blend` and cuts at
        :attr:`zeroshot_threshold` when they are set.

        Raises:
            ValueError: ``enc.own_space`` and no ``fewshot_units``, or a lexical twin to blend and no ``lex``.
        """
        if enc.own_space and fewshot_units is None:
            raise ValueError("this taxonomy's few-shot head reads another encoder's embeddings: pass fewshot_units "
                             "(Analyzer.analyze does)")
        lexical = enc.lexical if self.fewshot_lexical > 0 else None
        if lexical is not None and lex is None:
            raise ValueError("this taxonomy's few-shot head has a lexical twin: pass lex, the units' TF-IDF features "
                             "(Analyzer.analyze does)")
        feats = matcher_features(units, unit_texts, enc, self.features)
        unit = self.pair_proba(feats)
        comment = self.pair_proba(segment_max(feats, starts)) if len(starts) else unit[:0]
        t = len(enc.taxonomy.themes)
        threshold, fallback = self.threshold, self.fallback
        if enc.logistic is not None:  # a taxonomy with examples: blend in its logistic head
            twin = enc.logistic.proba(fewshot_units if enc.own_space and fewshot_units is not None else units)
            if lexical is not None and lex is not None:
                twin = (1 - self.fewshot_lexical) * twin + self.fewshot_lexical * lexical.proba(lex)
            w = self.blend
            unit = w * unit + (1 - w) * twin
            if len(starts):
                comment = w * comment + (1 - w) * segment_max(twin, starts)
            threshold, fallback = self.fewshot_threshold, FEWSHOT_FALLBACK
        elif enc.fewshot is None:  # descriptions only: blend in their head, cut at the zero-shot threshold
            if enc.description_head is not None and self.zeroshot_blend < 1:
                desc = enc.description_head.proba(units)
                w = self.zeroshot_blend
                unit = w * unit + (1 - w) * desc
                if len(starts):
                    comment = w * comment + (1 - w) * segment_max(desc, starts)
            if self.zeroshot_threshold is not None:
                threshold = self.zeroshot_threshold
        return ThemeScores(comment, unit, np.full(t, threshold, dtype=np.float32),
                           self.select(comment, threshold, fallback))

    def select(self, comment: np.ndarray, threshold: float | None = None,
               fallback: float | None = None) -> np.ndarray:
        """Themes at or above the threshold; a comment with none keeps its best theme if that reaches
        ``fallback`` (a new taxonomy's themes are often coarser than the ones the matcher learnt from,
        so the global threshold under-tags: measured +0.07 micro-F1 on SemEval-2016 categories).
        Defaults: the matcher's own ``threshold`` and ``fallback``."""
        threshold = self.threshold if threshold is None else threshold
        fallback = self.fallback if fallback is None else fallback
        chosen = comment >= threshold
        if fallback > 0 and len(comment):
            none = ~chosen.any(axis=1)
            top = comment.argmax(axis=1)
            rows = np.flatnonzero(none & (comment[np.arange(len(comment)), top] >= fallback))
            chosen[rows, top[rows]] = True
        return chosen
