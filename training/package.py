"""Package an existing model for another encoder backend, as a new immutable version.

``python -m training.package --model 1.0.0 --backend onnx-int8 --version 1.1.0``

The heads are kept as they are; the encoder's backend changes (e.g. the int8 ONNX file is built
from the encoder wheel and shipped, checksummed, in the new folder). The new version is evaluated
with its backend on the registry's fixed evaluation set next to the source model, so the accuracy
cost of the faster backend is measured and recorded in its metrics.json and model card.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from lifecycle.gate import load_eval_set
from lifecycle.registry import register
from nlp.artifacts.folder import make_meta, read_artifact, write_artifact
from nlp.artifacts.registry_file import load_registry, models_root, resolve_model_path
from nlp.encoders.backends import BACKENDS
from nlp.encoders.factory import artifact_files, make_artifact_encoder
from nlp.errors import ArtifactError, NPSLensError
from nlp.metrics import evaluate, headline
from nlp.pipeline import Analyzer

Log = Callable[[str], None]


def _eval(analyzer: Analyzer, path: Path) -> dict[str, Any]:
    texts, sentiments, themes = load_eval_set(path)
    return evaluate(analyzer.analyze(texts), sentiments, themes, analyzer.taxonomy.ids)


def package(model: str | Path, *, backend: str, version: str, output: str | Path | None = None,
            register_model: bool = True, log: Log = print) -> Path:
    """Write ``model`` as a new ``version`` running on ``backend``; returns the new folder.

    Raises:
        ModelNotFoundError, ArtifactError: the source model is missing/invalid or the output exists.
        ConfigError, MissingDependencyError: the backend cannot run the model's encoder.
    """
    t0 = time.time()
    art = read_artifact(resolve_model_path(model))
    if version == art.meta.version:
        raise ArtifactError(f"version {version} is the source model's; model folders are immutable, pick a new one")
    encoder = make_artifact_encoder(art, backend=backend)
    new = Analyzer.from_artifact(art, encoder=encoder)
    source = Analyzer.from_artifact(art)
    reg = load_registry()
    ev_path = models_root() / reg.eval_set.path if reg.eval_set is not None else None
    metrics = dict(art.metrics)
    pack: dict[str, Any] = {"source": {"name": art.meta.name, "version": art.meta.version,
                                       "backend": art.config.backend}, "backend": backend}
    if ev_path is not None and ev_path.exists():
        log(f"evaluating {art.meta.version} ({art.config.backend}) and the {backend} package on {ev_path.name} …")
        before, after = _eval(source, ev_path), _eval(new, ev_path)
        metrics.update({k: after[k] for k in ("sentiment", "themes")})
        pack["eval"] = {"name": str(reg.eval_set.path if reg.eval_set else ev_path), "source": headline(before),
                        "packaged": headline(after)}
        log(f"  {art.config.backend}: {headline(before)}\n  {backend}: {headline(after)}")
    metrics["package"] = pack
    meta = make_meta(name=art.meta.name, version=version, encoder=art.config.encoder, taxonomy=art.taxonomy,
                     data_sources=art.meta.data_sources,
                     description=f"{art.meta.description} Packaged from {art.meta.version} for the {backend} backend.")
    config = art.config.model_copy(update={"backend": backend})
    training_config = json.loads((art.path / "training_config.json").read_text())
    training_config["package"] = {"source_version": art.meta.version, "backend": backend}
    card = (art.path / "README.md").read_text() + _card_section(pack, art.meta.version, backend)
    out = Path(output) if output else models_root() / f"{art.meta.name}-{version}"
    path = write_artifact(out, meta=meta, config=config, training_config=training_config, taxonomy=art.taxonomy,
                          thresholds=art.thresholds, tensors=art.tensors, vocabulary=art.vocabulary, metrics=metrics,
                          card=card, extra_files=artifact_files(encoder))
    if register_model and path.resolve().parent == models_root().resolve():
        register(path, base=art.meta.version)
    log(f"wrote {path} in {time.time() - t0:.1f} s")
    return path


def _card_section(pack: dict[str, Any], source: str, backend: str) -> str:
    lines = [f"\n## Packaging\n\nSame heads as {source}; the encoder runs on the `{backend}` backend "
             "(`encoder.int8.onnx` is the encoder's dense part with int8 per-token MatMuls, built from the "
             "encoder wheel by `python -m training.package`)." if backend == "onnx-int8" else
             f"\n## Packaging\n\nSame heads as {source}; the encoder runs on the `{backend}` backend."]
    ev = pack.get("eval")
    if ev:
        lines.append(f"\n\nOn the fixed evaluation set `{ev['name']}`:\n\n| metric | {pack['source']['backend']} | "
                     f"{backend} |\n|---|---|---|")
        lines += [f"| {k} | {ev['source'][k]} | {ev['packaged'][k]} |" for k in ev["source"]]
    return "\n".join(lines) + "\n"


def _stderr(message: str) -> None:
    sys.stderr.write(message + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.package", description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="default", help="source model: folder, registry version or 'default'")
    ap.add_argument("--backend", required=True, choices=BACKENDS)
    ap.add_argument("--version", required=True, help="version of the new model folder")
    ap.add_argument("--output", help="new model folder (default: <models>/<name>-<version>)")
    ap.add_argument("--no-register", dest="register", action="store_false")
    a = ap.parse_args(argv)
    try:
        path = package(a.model, backend=a.backend, version=a.version, output=a.output, register_model=a.register,
                       log=_stderr)
    except NPSLensError as err:
        sys.stderr.write(f"error: {err}\n")
        return 2
    sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
