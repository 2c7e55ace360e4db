"""``npslens taxonomy fit``: fine-tune the encoder on one few-shot taxonomy's examples (issue 12, item 4).

A taxonomy with examples is classified by the matcher blended with a logistic head fitted, when the taxonomy is
encoded, on the examples' embeddings (milliseconds, no training step). A *fit* goes one step further, as SetFit
does: the encoder that logistic head reads is fine-tuned on the examples first (contrastively: each example
against its themes, shown by their ``label: description`` or, half of the time, by another example of the theme,
with the taxonomy's other themes as negatives; a distillation term keeps it near the starting encoder), ≈40 s on
2 cores. The fit is stored as an immutable folder (:mod:`nlp.artifacts.fit`) that every analyzer whose few-shot
head reads the same starting encoder finds and uses for that taxonomy; the matcher and the blend are unchanged.

Dev measurement that set the defaults (``python benchmarks/taxonomy_fit_dev.py``; train files of SemEval-14/-16
restaurants, SemEval-15/-16 laptops and MAMS, 3 shot draws; no test split read): mean 8-shot micro-F1 0.691 →
0.702, all five sets up (see docs/benchmarks.md, section AA).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from nlp.artifacts.fit import (
    FIT_META,
    FitMeta,
    TaxonomyFit,
    check_fittable,
    fit_key,
    fits_root,
    read_fit,
    start_id,
)
from nlp.artifacts.folder import library_versions, write_checksums
from nlp.artifacts.names import ENCODER_DENSE
from nlp.errors import ArtifactError, ConfigError, MissingDependencyError
from nlp.taxonomy import Taxonomy

Log = Callable[[str], None]


class FitConfig(BaseModel):
    """How a taxonomy fit trains (typed; unknown keys are errors; saved in ``fit.json``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    steps: int = Field(150, ge=1, le=5000, description="Training steps (one sampled set of up to 48 examples and "
                       "16 themes each).")
    learning_rate: float = Field(3e-4, gt=0, le=1e-2, description="Encoder learning rate (AdamW, warm-up + cosine).")
    example_as_theme: float = Field(0.5, ge=0, le=1, description="Chance a theme is shown by another of its "
                                    "examples instead of its description.")
    distill: float = Field(0.5, ge=0, description="Weight of staying close to the starting encoder on the "
                           "taxonomy's texts.")
    seed: int = 13
    threads: int = Field(2, ge=1, description="torch threads.")
    max_seconds: float = Field(120.0, gt=0, description="Stop at this wall time (the steps done so far are kept).")


def _card(meta: FitMeta) -> str:
    r = meta.record
    return (f"# Taxonomy fit `{meta.taxonomy_name}` ({meta.taxonomy_fingerprint})\n\n"
            f"The `{meta.encoder}` encoder ({meta.start} weights) fine-tuned on this taxonomy's {r['examples']} "
            f"examples of {r['themes_with_examples']} themes for {r['steps']} steps ({r['seconds']} s), with "
            f"`{meta.base_model['name']}` {meta.base_model['version']}. NPS Lens's few-shot logistic head reads it "
            "whenever this exact taxonomy (same themes, descriptions and examples) is classified by a model whose "
            "few-shot head reads the same starting encoder; the matcher and the blend are the model's own.\n\n"
            "Made by `npslens taxonomy fit` (training/taxonomy_fit.py); config and record in `fit.json`. Measured on "
            "public dev data: docs/benchmarks.md, section AA. Delete the folder to stop using it.\n")


def fit_taxonomy(analyzer: Any, taxonomy: Taxonomy, config: FitConfig | None = None, *, root: Path | None = None,
                 overwrite: bool = False, log: Log = print,
                 on_step: Callable[[int], None] | None = None) -> TaxonomyFit:
    """Fine-tune the encoder ``analyzer``'s few-shot head reads on ``taxonomy``'s examples and store the fit under
    ``root`` (default ``<models dir>/fits``), where ``analyzer`` (and any model with the same few-shot encoder)
    finds it.

    Raises:
        InvalidInputError: the taxonomy has too few examples (:func:`check_fittable`).
        ArtifactError: a fit of this taxonomy and encoder exists and ``overwrite`` is false.
        ConfigError: the few-shot encoder cannot be fine-tuned (only ``use-m3.v1`` can).
        MissingDependencyError: torch is not installed.
    """
    cfg = config or FitConfig()
    n_examples = check_fittable(taxonomy)
    fs = analyzer.fewshot_encoder
    from nlp.encoders.use.encoder import USEEncoder

    if fs.name != USEEncoder.name:
        raise ConfigError(f"a taxonomy fit fine-tunes the {USEEncoder.name!r} encoder; this model's few-shot head "
                          f"reads {fs.name!r}")
    try:
        import torch
    except ImportError:
        raise MissingDependencyError("a taxonomy fit needs torch: pip install -e '.[torch]'") from None
    start = start_id(fs)
    out = (root or fits_root()) / fit_key(taxonomy.fingerprint(), fs.name, start)
    if out.exists() and not overwrite:
        raise ArtifactError(f"{out} already holds a fit of this taxonomy; pass --overwrite (overwrite=True) to refit")

    from nlp.encoders.use.encoder import _numpy_backend, _tokenizer
    from training.finetune.artifact import dense_bytes
    from training.finetune.config import FinetuneConfig
    from training.finetune.data import Builder
    from training.finetune.model import export
    from training.finetune.tasks import TRAIN
    from training.finetune.trainer import train

    torch.set_num_threads(cfg.threads)
    bld = Builder()
    tid = {t.id: bld.theme(t.id, "taxonomy", t.label, t.description, t.examples) for t in taxonomy.themes}
    owners: dict[str, list[str]] = {}
    for t in taxonomy.themes:
        for e in t.examples:
            owners.setdefault(e, []).append(t.id)
    for text, themes in owners.items():
        u = bld.text(text)
        bld.match.extend((u, tid[th], TRAIN) for th in dict.fromkeys(themes))
    b = _numpy_backend(cfg.threads, getattr(fs, "dense_path", None))
    data = bld.tokenise(_tokenizer(), b, 96, 2000, cfg.seed)
    fcfg = FinetuneConfig.model_validate({
        "version": "0.0.0", "seed": cfg.seed, "threads": cfg.threads, "loss": {"distill": cfg.distill},
        "optim": {"steps": cfg.steps, "encoder_lr": cfg.learning_rate, "warmup_steps": max(1, cfg.steps // 10),
                  "sentiment_batch": 32, "match_units": 48, "match_themes": 16, "episodes": 1,
                  "example_as_theme": cfg.example_as_theme, "polarity_batch": 32, "distill_batch": 24,
                  "eval_every": cfg.steps, "patience": 4, "log_every": max(1, min(50, cfg.steps))}})
    themes_with = sum(1 for t in taxonomy.themes if t.examples)
    log(f"fitting {fs.name} ({start} weights) on {n_examples} examples of {themes_with} themes: {cfg.steps} steps "
        f"at learning rate {cfg.learning_rate:g}")
    t0 = time.time()
    res = train(data, b, fcfg, max_seconds=cfg.max_seconds, log=lambda m: log(f"  {m}"), on_step=on_step)
    seconds = round(time.time() - t0, 1)
    record = {"steps": res.steps, "seconds": seconds, "examples": n_examples, "themes_with_examples": themes_with,
              "themes": len(taxonomy.themes), "texts_per_s": round(res.texts_per_s),
              "threads": cfg.threads, "torch": torch.__version__}
    meta = FitMeta(taxonomy_name=taxonomy.name, taxonomy_fingerprint=taxonomy.fingerprint(), encoder=fs.name,
                   start=start, base_model=dict(analyzer.model_info),
                   created=datetime.now(UTC).isoformat(timespec="seconds"), config=cfg.model_dump(), record=record,
                   libraries=library_versions())
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        (tmp / ENCODER_DENSE).write_bytes(dense_bytes(export(res.module, b)))
        (tmp / FIT_META).write_text(meta.model_dump_json(indent=2) + "\n", encoding="utf-8")
        (tmp / "taxonomy.yaml").write_text(taxonomy.to_yaml(), encoding="utf-8")
        (tmp / "README.md").write_text(_card(meta), encoding="utf-8")
        write_checksums(tmp, (FIT_META, "taxonomy.yaml", ENCODER_DENSE, "README.md"))
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        if out.exists():  # two renames: analyzers reading fits see the old folder or the new one, for all but µs
            os.replace(out, old)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log(f"taxonomy fit written to {out} ({seconds} s); classify with this taxonomy to use it")
    return read_fit(out)


def describe(fit: TaxonomyFit) -> dict[str, Any]:
    """A JSON-able summary of a fit (``npslens taxonomy fits``)."""
    m = fit.meta
    return {"path": str(fit.path), "taxonomy": m.taxonomy_name, "fingerprint": m.taxonomy_fingerprint,
            "encoder": m.encoder, "start": m.start, "base_model": m.base_model, "created": m.created,
            "steps": m.record.get("steps"), "seconds": m.record.get("seconds"), "examples": m.record.get("examples")}
