"""Fit every head of a model on labelled comments: the shared core of the default build and of retraining.

Input rows (``data``) carry ``text``, ``sentiment`` (label or None), ``themes`` (``{id: sentiment|None}``),
``themes_known`` (False: the row says nothing about themes), ``weight`` (sentiment sample weight) and
``mixed`` (bool or None). Public sentiment sets (``pub``: text, sentiment, weight) join the sentiment heads.
A ``base`` analyzer can lend its sentiment heads (with its TF-IDF vocabulary) and its taxonomy matcher.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from nlp.artifacts.folder import HeadSpec, ModelConfig
from nlp.classifiers.heads import Head
from nlp.classifiers.sentiment import (
    SentimentClassifier,
    lexicon_features,
    sentiment_features,
    theme_sentiment_features,
)
from nlp.classifiers.tfidf import TfidfFeatures
from nlp.classifiers.themes import SupervisedThemes
from nlp.encoders.base import Encoder
from nlp.encoders.factory import encoder_backend, encoder_weights
from nlp.errors import InputFileError
from nlp.metrics import mixed_metrics
from nlp.pipeline import Analyzer, configured_matcher
from nlp.schema import SENTIMENTS
from nlp.symbols import read_as_words
from nlp.taxonomy import Taxonomy
from training import estimators
from training.config import TrainConfig
from training.matcher import Encoded, train_matcher
from training.split import theme_matrix

Log = Callable[[str], None]
# A comment with no theme above the matcher threshold keeps its best theme above this share of it.
MATCHER_FALLBACK = 0.3  # share of the matcher threshold a lone best theme must reach


@dataclass
class Fitted:
    """A trained model in memory: the analyzer plus what :func:`nlp.artifacts.folder.write_artifact` needs."""

    analyzer: Analyzer
    config: ModelConfig
    tensors: dict[str, np.ndarray]
    thresholds: dict[str, float]
    vocabulary: list[str]
    kept: list[str]  # heads copied from the base model unchanged
    themes_vocabulary: list[str] = field(default_factory=list)  # the theme twin's own vocabulary (or none)


def read_frame(df: pd.DataFrame, cfg: TrainConfig) -> pd.DataFrame:
    """``df`` with its ``text`` (and the ``text`` of each of its ``clauses``) as the model reads them when
    ``cfg.gloss_symbols`` is on: a text of symbols only glossed as words (nlp.symbols.read_as_words).

    ``cfg.strip_social`` is not applied here: the model drops a post's addressing when it predicts, but its heads
    learn from posts as written — stripping the training texts too was measured worse on public tweets (dev fifth
    macro-F1 0.630 → 0.618) and cost the seed test split 0.013 zero-shot micro-F1 (docs/benchmarks.md R)."""
    if not cfg.gloss_symbols or df.empty or "text" not in df.columns:
        return df
    out = df.copy()
    out["text"] = [read_as_words(str(t)) for t in out["text"]]
    if "clauses" in out.columns:
        out["clauses"] = [[{**c, "text": read_as_words(str(c.get("text", "")))} if isinstance(c, dict) else c
                           for c in cl] if isinstance(cl, list) else cl for cl in out["clauses"]]
    return out


def _labelled(rows: np.ndarray, mask: np.ndarray) -> np.ndarray:
    return rows[mask[rows]] if len(rows) else rows


def _tune_theme_blend(cfg: TrainConfig, tax: Taxonomy, head: Head, lex_head: Head | None,
                      dev: tuple[np.ndarray, list[str], np.ndarray, Any], y_dev: np.ndarray,
                      log: Log, own_vocabulary: bool = False) -> tuple[float, np.ndarray]:
    """The theme head's TF-IDF twin weight and per-theme thresholds, tuned on the dev rows.

    ``cfg.themes_lex_weight`` (``cfg.themes_own_lex_weight`` when the twin has its ``own_vocabulary``) unless
    ``cfg.themes_lex_weight_grid`` names candidates and the dev rows hold at least ``SHARED_MIN_POSITIVES`` theme
    positives: then each candidate gets its own dev-tuned thresholds and the one with the best dev micro-F1 wins
    (a tie keeps the first).
    """
    weight = cfg.themes_own_lex_weight if own_vocabulary else cfg.themes_lex_weight
    if lex_head is None:
        candidates = [0.0]
    else:
        candidates = [weight]
        if y_dev.sum() >= estimators.SHARED_MIN_POSITIVES:
            candidates += [w for w in cfg.themes_lex_weight_grid if w not in candidates]
        elif cfg.themes_lex_weight_grid:
            log(f"theme TF-IDF twin weight kept at {weight}: the dev split has {int(y_dev.sum())} "
                f"theme positives (< {estimators.SHARED_MIN_POSITIVES}) to choose from the grid")
    best: tuple[float, float, np.ndarray] | None = None
    tried = []
    for w in candidates:
        scores = SupervisedThemes(tax, head, np.full(len(tax.ids), 0.5, np.float32), lex_head, w).score(*dev)
        th = estimators.tune_thresholds(scores.comment, y_dev, cfg.threshold_floor, cfg.threshold_ceiling,
                                        cfg.threshold_shrink)
        f1 = estimators.micro_f1(scores.comment >= th, y_dev == 1)
        tried.append(f"{w}: {f1:.4f}")
        if best is None or f1 > best[1]:
            best = (w, f1, th)
    assert best is not None
    if len(candidates) > 1:
        log(f"theme TF-IDF twin weight {best[0]} (dev micro-F1 by weight: {', '.join(tried)})")
    return best[0], best[2]


def fit_heads(cfg: TrainConfig, tax: Taxonomy, data: pd.DataFrame, enc: Encoded, tr: np.ndarray, dv: np.ndarray,
              pub: pd.DataFrame, encoder: Encoder, log: Log, *, rng: np.random.Generator,
              base: Analyzer | None = None, keep_sentiment: bool = False, keep_matcher: bool = False) -> Fitted:
    """Train sentiment (+ TF-IDF twin, temperature), theme heads (+ twin, per-theme thresholds), theme
    sentiment, and the matcher (or keep the base model's), then assemble the :class:`Analyzer`.

    Raises:
        InputFileError: the data cannot train a head (e.g. a sentiment class never appears) and no base
            model can lend one.
    """
    texts = data["text"].astype(str).tolist()
    has_sent = data["sentiment"].isin(SENTIMENTS).to_numpy()
    known = data["themes_known"].to_numpy(dtype=bool)
    weights = data["weight"].to_numpy(dtype=float)
    whole = enc.whole()
    kept: list[str] = []

    # ---- sentiment (+ TF-IDF twin)
    s_lex: Head | None = None
    tfidf: TfidfFeatures | None = None
    if keep_sentiment and base is not None:
        sent = base.sentiment
        if sent.head is None:
            raise InputFileError("the base model has no sentiment head to keep")
        s_head, s_lex, tfidf, use_lexicon = sent.head, sent.lex_head, base.tfidf, sent.use_lexicon
        s_lex_weight = sent.lex_weight
        kept.append("sentiment")
        log("sentiment heads kept from the base model")
    enc_pub: Encoded | None = None
    if not (keep_sentiment and base is not None):
        use_lexicon = cfg.use_lexicon
        st, sd = _labelled(tr, has_sent), _labelled(dv, has_sent)
        x_all = sentiment_features(whole, texts, use_lexicon)
        enc_pub = Encoded(pub["text"].astype(str).tolist(), encoder) if len(pub) else None
        xs, ys = [x_all[st]], list(data["sentiment"].iloc[st])
        ws = [weights[st]]
        if enc_pub is not None:
            xs.append(sentiment_features(enc_pub.whole(), enc_pub.texts, use_lexicon))
            ys += list(pub["sentiment"])
            ws.append(pub["weight"].to_numpy(dtype=float))
        try:
            s_head = fit_sentiment_head(cfg, np.vstack(xs), ys, np.concatenate(ws),
                                        init=base.sentiment.head if base is not None else None)
        except ValueError as err:
            raise InputFileError(f"cannot train the sentiment head: {err}") from None
        if len(sd):
            s_head = estimators.calibrate_temperature(s_head, x_all[sd], list(data["sentiment"].iloc[sd]))
        log(f"sentiment head fitted on {len(ys)} texts (temperature {s_head.temperature})")
        if cfg.lexical:
            pub_texts = enc_pub.texts if enc_pub is not None else []
            tfidf = TfidfFeatures.fit([texts[i] for i in tr] + pub_texts, min_df=cfg.lexical_min_df,
                                       negation=cfg.lexical_negation)
            lex_all = tfidf.transform(texts)
            x_lex = sparse.vstack([lex_all[st]] + ([tfidf.transform(pub_texts)] if pub_texts else []))
            s_lex = estimators.fit_sentiment(x_lex, ys, np.concatenate(ws), cfg.lexical_C, cfg.seed)
            if len(sd):
                s_lex = estimators.calibrate_temperature(s_lex, lex_all[sd], list(data["sentiment"].iloc[sd]))
            log(f"TF-IDF sentiment twin fitted on {len(tfidf.vocabulary)} n-grams (temperature {s_lex.temperature})")
        s_lex_weight = cfg.sentiment_lex_weight if s_lex else 0.0

    # ---- supervised themes (+ TF-IDF twin), per-theme thresholds on dev
    tk, dk = _labelled(tr, known), _labelled(dv, known)
    y = theme_matrix(list(data["themes"]), tax.ids)
    # warm start: columns of themes the base model knows begin at its weights (same optimum, far fewer iterations)
    base_cols = [base.taxonomy.ids.index(t) if t in base.taxonomy.ids else None for t in tax.ids] \
        if base is not None else None
    same_vocab = base is not None and tfidf is not None and base.tfidf is tfidf
    t_head = estimators.fit_themes(whole[tk], y[tk], cfg.themes_C, cfg.seed, init=base.themes.head if base else None,
                            init_cols=base_cols)
    u, ut, st_ = enc.subset(dk)
    t_tfidf = tfidf  # the theme twin's features: the shared vocabulary, or its own when that came from the base
    if tfidf is not None and "sentiment" in kept and cfg.themes_own_vocabulary:
        t_tfidf = TfidfFeatures.fit([texts[i] for i in tr], min_df=cfg.lexical_min_df, negation=cfg.lexical_negation)
        log(f"theme TF-IDF twin: own vocabulary of {len(t_tfidf.vocabulary)} n-grams from the training texts")
    own_vocab = t_tfidf is not tfidf
    lex = t_tfidf.transform([texts[i] for i in tk]) if t_tfidf is not None else None
    # warm start only from a base twin that read the same (shared) vocabulary, not one with its own
    lex_init = (base.themes.lex_head if same_vocab and base and not own_vocab and base.themes.lex_features is None
                else None)
    t_lex = (estimators.fit_themes(lex, y[tk], cfg.lexical_C, cfg.seed, init=lex_init, init_cols=base_cols)
             if lex is not None else None)
    dev_lex = t_tfidf.transform(ut) if t_lex is not None and t_tfidf is not None else None
    t_lex_weight, thresholds = _tune_theme_blend(cfg, tax, t_head, t_lex, (u, ut, st_, dev_lex), y[dk], log,
                                                 own_vocabulary=own_vocab)
    log(f"theme head fitted on {len(tk)} comments; thresholds {np.round(thresholds, 2).tolist()}")

    # ---- theme sentiment
    extra = corpus_theme_sentiment_pairs(pub, encoder, pub_whole=enc_pub.whole() if enc_pub is not None else None)
    if extra is not None:
        log(f"theme-sentiment head: {len(extra[1])} clause pairs from the generated corpus")
    ts_head = train_theme_sentiment(cfg, tax, data, enc, t_head, tk, init=base.theme_sentiment if base else None,
                                    extra=extra)
    if ts_head is None:
        if base is None:
            raise InputFileError("cannot train the theme-sentiment head: the data needs theme sentiments of all "
                                 "three classes (positive, neutral, negative)")
        ts_head = base.theme_sentiment
        kept.append("theme_sentiment")
        log("theme-sentiment head kept from the base model (too few theme sentiments of each class)")
    else:
        log("theme-sentiment head fitted")
    ts_lex = None
    ts_lex_weight = cfg.theme_sentiment_lex_weight
    if tfidf is not None and "theme_sentiment" not in kept:
        ts_lex = train_theme_sentiment_lex(cfg, tax, data, enc, t_head, tk, tfidf,
                                           init=base.theme_sentiment_lex if same_vocab and base else None)
    elif base is not None and base.tfidf is tfidf:  # kept head: its twin only fits the same vocabulary
        ts_lex, ts_lex_weight = base.theme_sentiment_lex, base.theme_sentiment_lex_weight
    ts_lex_weight = ts_lex_weight if ts_lex is not None else 0.0

    # ---- taxonomy matcher
    if keep_matcher and base is not None and base.matcher.head is not None:
        m_head, m_threshold, m_fallback = base.matcher.head, base.matcher.threshold, base.matcher.fallback
        kept.append("matcher")
    else:
        m_head, m_threshold = train_matcher(cfg, rng, tax, data, enc, encoder, tr, dv, log)
        m_fallback = round(MATCHER_FALLBACK * m_threshold, 4)
    blend = base.theme_sentiment_blend if base is not None else 0.0

    weights_name, weights_sha = encoder_weights(encoder)
    config = ModelConfig(encoder=encoder.name, backend=encoder_backend(encoder), use_lexicon=use_lexicon,
                         encoder_weights=weights_name, encoder_weights_sha256=weights_sha,
                         mixed_threshold=0.6, matcher_threshold=m_threshold, matcher_fallback=m_fallback,
                         theme_sentiment_blend=blend, sentiment=HeadSpec(**s_head.spec()),
                         themes=HeadSpec(**t_head.spec()), matcher=HeadSpec(**m_head.spec()),
                         theme_sentiment=HeadSpec(**ts_head.spec()),
                         sentiment_lex=HeadSpec(**s_lex.spec()) if s_lex else None,
                         themes_lex=HeadSpec(**t_lex.spec()) if t_lex else None,
                         sentiment_lex_weight=s_lex_weight, themes_lex_weight=t_lex_weight,
                         themes_fallback=cfg.themes_fallback, fewshot_blend=cfg.fewshot_blend,
                         fewshot_encoder=cfg.fewshot_encoder, conflict_threshold=cfg.conflict_threshold,
                         fewshot_threshold=cfg.fewshot_threshold, fewshot_balance=cfg.fewshot_balance,
                         fewshot_split=cfg.fewshot_split, fewshot_lexical=cfg.fewshot_lexical,
                         zeroshot_blend=cfg.zeroshot_blend,
                         zeroshot_threshold=round(cfg.zeroshot_threshold_share * m_threshold, 4),
                         theme_sentiment_lex=HeadSpec(**ts_lex.spec()) if ts_lex else None,
                         theme_sentiment_lex_weight=ts_lex_weight, gloss_symbols=cfg.gloss_symbols,
                         strip_social=cfg.strip_social,
                         tfidf_negation=tfidf is not None and tfidf.negation,
                         themes_tfidf=own_vocab and t_lex is not None,
                         themes_tfidf_negation=own_vocab and t_tfidf is not None and t_tfidf.negation,
                         theme_overall_weight=cfg.theme_overall_weight,
                         theme_evidence_temperature=cfg.theme_evidence_temperature)
    analyzer = Analyzer(encoder=encoder, sentiment=SentimentClassifier(s_head, use_lexicon, s_lex, s_lex_weight),
                        themes=SupervisedThemes(tax, t_head, thresholds, t_lex, t_lex_weight, cfg.themes_fallback,
                                                        lex_features=t_tfidf if own_vocab else None),
                        matcher=configured_matcher(m_head, config),
                        theme_sentiment=ts_head, tfidf=tfidf,
                        theme_sentiment_blend=blend, theme_sentiment_lex=ts_lex,
                        theme_sentiment_lex_weight=ts_lex_weight, conflict_threshold=config.conflict_cut,
                        gloss_symbols=cfg.gloss_symbols, strip_social=cfg.strip_social,
                        theme_overall_weight=cfg.theme_overall_weight,
                        theme_evidence_temperature=cfg.theme_evidence_temperature)
    if keep_sentiment and base is not None:
        config.mixed_threshold = base.mixed_threshold
    else:
        config.mixed_threshold = tune_mixed(analyzer, [texts[i] for i in dv], list(data["mixed"].iloc[dv]))
    analyzer.mixed_threshold = config.mixed_threshold

    tensors = {**s_head.to_tensors("sentiment"), **t_head.to_tensors("themes"), **m_head.to_tensors("matcher"),
               **ts_head.to_tensors("theme_sentiment")}
    if ts_lex is not None:
        tensors.update(ts_lex.to_tensors("theme_sentiment_lex"))
    if tfidf is not None and s_lex is not None and t_lex is not None:
        tensors.update({**s_lex.to_tensors("sentiment_lex"), **t_lex.to_tensors("themes_lex"),
                        "tfidf.idf": tfidf.idf.astype(np.float32)})
        if own_vocab and t_tfidf is not None:
            tensors["themes_tfidf.idf"] = t_tfidf.idf.astype(np.float32)
    elif s_lex is not None or t_lex is not None:  # a twin without its pair: drop both (the loader needs both)
        raise InputFileError("internal: TF-IDF twins must be trained together")
    return Fitted(analyzer, config, tensors, {t: float(v) for t, v in zip(tax.ids, thresholds, strict=True)},
                  tfidf.vocabulary if tfidf is not None and s_lex is not None else [], kept,
                  list(t_tfidf.vocabulary) if config.themes_tfidf and t_tfidf is not None else [])


def fit_sentiment_head(cfg: TrainConfig, x: np.ndarray, y: list[str], weights: np.ndarray,
                       init: Head | None = None) -> Head:
    """The overall-sentiment head the config asks for: multinomial LR (``sentiment_head = "lr"``, warm-started
    from ``init``) or a one-hidden-layer MLP (``"mlp"``, ``sentiment_hidden`` ReLU units, early stopping);
    both with balanced class weights.

    Raises:
        ValueError: a sentiment class is missing.
    """
    if cfg.sentiment_head == "lr":
        return estimators.fit_sentiment(x, y, weights, cfg.sentiment_C, cfg.seed, init=init)
    from sklearn.neural_network import MLPClassifier

    yi = np.array([SENTIMENTS.index(s) for s in y])
    counts = np.bincount(yi, minlength=len(SENTIMENTS))
    if (counts == 0).any():
        lacking = [SENTIMENTS[i] for i in np.flatnonzero(counts == 0)]
        raise ValueError(f"sentiment training data lacks classes {lacking}")
    w = weights * (len(yi) / (len(SENTIMENTS) * counts))[yi]
    clf = MLPClassifier(hidden_layer_sizes=(cfg.sentiment_hidden,), alpha=cfg.sentiment_alpha, max_iter=200,
                        early_stopping=True, n_iter_no_change=8, random_state=cfg.seed)
    clf.fit(x, yi, sample_weight=w / w.mean())
    return Head.from_sklearn(clf, "softmax")


def _theme_sentiment_pairs(tax: Taxonomy, data: pd.DataFrame, enc: Encoded, t_head: Head, idx: np.ndarray,
                           alone: bool = False) -> tuple[list[int], list[int], list[str]]:
    """(evidence unit, comment unit, label) for every labelled theme sentiment of the rows ``idx``;
    the evidence is the clause the theme head scores highest for that theme.

    ``alone``: each evidence clause of a multi-clause comment also comes as (clause, clause, label), the input a
    one-clause comment gives, so the head learns to read the clause itself rather than copy the whole comment's
    tone ("great prices. support never replied": support is negative). Theme-sentiment accuracy on found themes,
    dev data, 1.1.0 encoder (``python benchmarks/theme_sentiment_dev.py --retrain``): SemEval-16 restaurants
    train 0.710 → 0.730, MAMS train 0.465 → 0.468, seed dev split 0.846 → 0.846."""
    pos = {t: i for i, t in enumerate(tax.ids)}
    clause_rows, whole_rows, labels = [], [], []
    for i in idx:
        s, n = int(enc.units.starts[i]), int(enc.units.n_units[i])
        ids = list(range(s + 1, s + n)) if n > 1 else [s]
        probs = t_head.predict_proba(enc.emb[ids]) if n > 1 else None
        for t, lab in data["themes"].iloc[i].items():
            if lab not in ("positive", "neutral", "negative") or t not in pos:
                continue
            best = ids[int(probs[:, pos[t]].argmax())] if probs is not None else s
            clause_rows.append(best)
            whole_rows.append(s)
            labels.append(lab)
            if alone and best != s:
                clause_rows.append(best)
                whole_rows.append(best)
                labels.append(lab)
    return clause_rows, whole_rows, labels


TsPairs = tuple[np.ndarray, list[str], np.ndarray]  # theme-sentiment features, labels, sample weights


def corpus_theme_sentiment_pairs(pub: pd.DataFrame, encoder: Encoder,
                                 pub_whole: np.ndarray | None = None) -> TsPairs | None:
    """Theme-sentiment training pairs from the generated corpus's clause labels: every clause about a theme
    gives (clause, whole comment, polarity) and (clause, clause, polarity) — the inputs the predict path builds
    for a multi-clause and a one-clause comment — weighted by its source's ``theme_sentiment_weight``.

    The features are taxonomy-agnostic, so the corpus's 260 themes teach how a clause speaks of *any* theme
    (questions and requests are neutral, "support never replied" is negative). ``None`` when no row of ``pub``
    carries clauses with a positive weight. ``pub_whole``: the whole-comment rows of ``pub`` when the caller
    has encoded it already (the sentiment heads do), so the corpus is not encoded twice.
    """
    if "clauses" not in pub.columns or "ts_weight" not in pub.columns:
        return None
    mask = pub["ts_weight"].fillna(0).astype(float).gt(0).to_numpy()
    rows = pub[mask]
    clauses: list[str] = []
    owner: list[int] = []
    labels: list[str] = []
    weights: list[float] = []
    texts = rows["text"].astype(str).tolist()
    for i, (cl, w) in enumerate(zip(rows["clauses"], rows["ts_weight"].astype(float), strict=True)):
        if not isinstance(cl, list):
            continue
        for c in cl:
            if c.get("theme") and c.get("polarity") in SENTIMENTS and str(c.get("text", "")).strip():
                clauses.append(str(c["text"]))
                owner.append(i)
                labels.append(str(c["polarity"]))
                weights.append(w)
    if not clauses or set(labels) != set(SENTIMENTS):
        return None
    # the whole-comment row exactly as the predict path pools it
    whole = pub_whole[mask] if pub_whole is not None else Encoded(texts, encoder).whole()
    clause_emb = encoder.encode(clauses)  # a clause row equals the clause encoded alone
    lex = lexicon_features(clauses)
    w = np.asarray(weights, dtype=float)
    x = np.vstack([theme_sentiment_features(clause_emb, whole[np.asarray(owner)], lex),
                   theme_sentiment_features(clause_emb, clause_emb, lex)])
    return x, labels + labels, np.concatenate([w, w])


def train_theme_sentiment(cfg: TrainConfig, tax: Taxonomy, data: pd.DataFrame, enc: Encoded, t_head: Head,
                          idx: np.ndarray, init: Head | None = None, extra: TsPairs | None = None) -> Head | None:
    """Sentiment towards a theme from its evidence clause (picked by the theme head) and the whole comment.

    ``extra``: further (features, labels, weights), e.g. :func:`corpus_theme_sentiment_pairs`.
    Returns ``None`` when the rows ``idx`` lack one of the three classes.
    """
    clause_rows, whole_rows, labels = _theme_sentiment_pairs(tax, data, enc, t_head, idx, alone=True)
    if set(labels) != set(SENTIMENTS):
        return None
    x = theme_sentiment_features(enc.emb[clause_rows], enc.emb[whole_rows],
                                 lexicon_features([enc.units.texts[u] for u in clause_rows]))
    w = np.ones(len(labels))
    if extra is not None:
        x = np.vstack([x, extra[0]])
        labels = labels + extra[1]
        w = np.concatenate([w, extra[2]])
    return estimators.fit_sentiment(x, labels, w, cfg.sentiment_C, cfg.seed, init=init)


def train_theme_sentiment_lex(cfg: TrainConfig, tax: Taxonomy, data: pd.DataFrame, enc: Encoded, t_head: Head,
                              idx: np.ndarray, tfidf: TfidfFeatures, init: Head | None = None) -> Head | None:
    """TF-IDF twin of the theme-sentiment head, on the evidence clause's words (measured on the seed
    corpus: 0.806 → 0.841 theme-sentiment accuracy blended 50/50)."""
    clause_rows, _, labels = _theme_sentiment_pairs(tax, data, enc, t_head, idx)
    if set(labels) != set(SENTIMENTS):
        return None
    x = tfidf.transform([enc.units.texts[u] for u in clause_rows])
    return estimators.fit_sentiment(x, labels, np.ones(len(labels)), cfg.lexical_C, cfg.seed, init=init)


def tune_mixed(analyzer: Analyzer, texts: list[str], gold: list[Any]) -> float:
    """The clause-sentiment threshold for ``mixed`` that maximises dev F1 (0.6 without mixed labels)."""
    if not any(isinstance(g, bool) and g for g in gold):
        return 0.6
    best, best_f1 = 0.6, -1.0
    for t in np.arange(0.4, 0.91, 0.05):
        analyzer.mixed_threshold = float(t)
        f1 = mixed_metrics([g if isinstance(g, bool) else None for g in gold], analyzer.analyze(texts))["f1"]
        if f1 > best_f1:
            best, best_f1 = float(round(t, 2)), f1
    return best
