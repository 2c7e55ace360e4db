"""Taxonomy fits: an encoder fine-tuned on one few-shot taxonomy's examples, read by its logistic head.

``npslens taxonomy fit`` (``training.taxonomy_fit``) writes one immutable folder per (taxonomy, starting encoder)::

    fit.json                    FitMeta: the taxonomy's fingerprint, the encoder it started from, the run's config
                                and record (steps, seconds, examples)
    taxonomy.yaml               the taxonomy it was fitted on (descriptions and examples)
    encoder.dense.safetensors   the fine-tuned dense weights
    README.md                   a short card
    checksums.sha256            sha256 of every file above

The folder's name is :func:`fit_key` of the taxonomy's fingerprint and the starting encoder, under
``<models dir>/fits/``, so an analyzer finds the fit of a taxonomy with one ``stat`` (:func:`fit_path`) and every
model whose few-shot head reads the same encoder (all ``fewshot_encoder: base`` models read the wheel's) uses it.
A changed example changes the fingerprint: the old fit is then simply not found.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nlp.artifacts.folder import verify_checksums
from nlp.artifacts.names import ENCODER_DENSE
from nlp.artifacts.registry_file import models_root
from nlp.digest import bytes_sha256
from nlp.errors import ArtifactError, InvalidInputError, ModelNotFoundError
from nlp.taxonomy import Taxonomy, parse_taxonomy

FIT_META = "fit.json"
FIT_FORMAT = 1
FITS_DIR = "fits"
MIN_THEMES_WITH_EXAMPLES = 2


class FitMeta(BaseModel):
    """What a fit folder is: the taxonomy it serves, the encoder it started from and how it was made."""

    model_config = ConfigDict(extra="forbid")

    format_version: int = FIT_FORMAT
    taxonomy_name: str
    taxonomy_fingerprint: str
    encoder: str = Field(description="registered encoder name, e.g. use-m3.v1")
    start: str = Field(description="the weights it started from: 'wheel' or the sha256 of fine-tuned dense weights")
    base_model: dict[str, str] = Field(description="name and version of the model it was fitted with")
    created: str
    config: dict[str, Any]
    record: dict[str, Any]
    libraries: dict[str, str] = {}


def check_fittable(taxonomy: Taxonomy) -> int:
    """The number of distinct examples of ``taxonomy``.

    Raises:
        InvalidInputError: fewer than two themes have examples (nothing to contrast); the message names the fix.
    """
    with_examples = [t.id for t in taxonomy.themes if t.examples]
    if len(with_examples) < MIN_THEMES_WITH_EXAMPLES:
        raise InvalidInputError(
            f"taxonomy {taxonomy.name!r} has examples for {len(with_examples)} theme(s); a fit needs examples for at "
            f"least {MIN_THEMES_WITH_EXAMPLES} themes (add 'examples: [...]' under each theme, ideally 8 or more)")
    return len({e for t in taxonomy.themes for e in t.examples})


def start_id(encoder: Any) -> str:
    """The identity of the weights an encoder runs: ``wheel`` or the sha256 of its fine-tuned dense weights."""
    return str(getattr(encoder, "weights_sha256", None) or "wheel")


def fit_key(fingerprint: str, encoder_name: str, start: str) -> str:
    """The folder name of the fit of a taxonomy (by fingerprint) started from ``encoder_name``'s ``start`` weights."""
    return f"{fingerprint}-{bytes_sha256(f'{encoder_name}|{start}'.encode())[:8]}"


def fits_root(root: Path | None = None) -> Path:
    """Where fits live: ``<models dir>/fits`` (``NPSLENS_MODELS_DIR`` or the repo's ``models/``)."""
    return (root or models_root()) / FITS_DIR


class TaxonomyFit(BaseModel):
    """A verified fit folder."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    path: Path
    meta: FitMeta
    taxonomy: Taxonomy

    @property
    def dense_path(self) -> Path:
        return self.path / ENCODER_DENSE

    @property
    def weights_name(self) -> str:
        return f"fit-{self.path.name}"


def read_fit(path: str | Path) -> TaxonomyFit:
    """Load and verify a fit folder.

    Raises:
        ModelNotFoundError: no fit at ``path``.
        ArtifactError: missing files, bad checksums, an unknown format or a taxonomy that does not match its meta.
    """
    p = Path(path)
    if not (p / FIT_META).exists():
        raise ModelNotFoundError(f"no taxonomy fit at {p} (expected {p / FIT_META}); make one with "
                                 "npslens taxonomy fit TAXONOMY.yaml")
    verify_checksums(p)
    try:
        meta = FitMeta.model_validate_json((p / FIT_META).read_text(encoding="utf-8"))
        tax = parse_taxonomy((p / "taxonomy.yaml").read_text(encoding="utf-8"), str(p / "taxonomy.yaml"))
    except (ValidationError, OSError, ValueError) as err:
        raise ArtifactError(f"{p}: malformed taxonomy fit: {str(err)[:300]}") from None
    if meta.format_version != FIT_FORMAT:
        raise ArtifactError(f"{p}: taxonomy fit format {meta.format_version}, this NPS Lens reads {FIT_FORMAT}")
    if tax.fingerprint() != meta.taxonomy_fingerprint:
        raise ArtifactError(f"{p}: taxonomy.yaml does not match the fingerprint in {FIT_META}")
    return TaxonomyFit(path=p, meta=meta, taxonomy=tax)


def fit_path(taxonomy: Taxonomy, encoder_name: str, start: str, root: Path | None = None, *,
             fingerprint: str | None = None) -> Path | None:
    """The folder of ``taxonomy``'s fit started from ``encoder_name``'s ``start`` weights under ``root`` (default
    :func:`fits_root`) when there is one (one ``stat``; nothing is read or verified), else ``None``.
    ``fingerprint``: ``taxonomy.fingerprint()`` when the caller has it (per batch, it need not be hashed again)."""
    path = (root or fits_root()) / fit_key(fingerprint or taxonomy.fingerprint(), encoder_name, start)
    return path if (path / FIT_META).exists() else None


def find_fit(taxonomy: Taxonomy, encoder_name: str, start: str, root: Path | None = None) -> TaxonomyFit | None:
    """The verified fit of ``taxonomy`` started from ``encoder_name``'s ``start`` weights under ``root`` (default
    :func:`fits_root`), or ``None``.

    Raises:
        ArtifactError: a fit folder is there but broken (modified, partly deleted): refit or delete it.
    """
    path = fit_path(taxonomy, encoder_name, start, root)
    if path is None:
        return None
    fit = read_fit(path)
    if fit.meta.encoder != encoder_name or fit.meta.start != start:
        raise ArtifactError(f"{path}: fitted from {fit.meta.encoder} ({fit.meta.start}), not {encoder_name} "
                            f"({start}); delete the folder and refit")
    return fit


def list_fits(root: Path | None = None) -> list[TaxonomyFit]:
    """Every readable fit under ``root`` (default :func:`fits_root`), newest first; broken folders are skipped."""
    base = root or fits_root()
    out: list[TaxonomyFit] = []
    for p in sorted(base.glob(f"*/{FIT_META}")) if base.is_dir() else []:
        if p.parent.name.startswith("."):  # a fit being written or replaced
            continue
        try:
            out.append(read_fit(p.parent))
        except (ArtifactError, ModelNotFoundError):
            continue
    return sorted(out, key=lambda f: f.meta.created, reverse=True)
