"""Taxonomy fit folders (nlp.artifacts.fit): naming, verification and lookup, without training anything."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nlp.artifacts.fit import FIT_META, FitMeta, find_fit, fit_key, fit_path, fits_root, list_fits, read_fit
from nlp.artifacts.folder import write_checksums
from nlp.artifacts.names import ENCODER_DENSE
from nlp.errors import ArtifactError, ModelNotFoundError
from nlp.taxonomy import Taxonomy

NAMES = (FIT_META, "taxonomy.yaml", ENCODER_DENSE, "README.md")
TAX = Taxonomy.model_validate({"name": "shop", "themes": [
    {"id": "delivery", "label": "Delivery", "description": "How orders arrive.", "examples": ["came late"]},
    {"id": "price", "label": "Price", "description": "Value for money.", "examples": ["too dear"]}]})


def write_fit(root: Path, tax: Taxonomy = TAX, start: str = "wheel",
              created: str = "2026-12-07T10:00:00+00:00") -> Path:
    """A fit folder as ``training.taxonomy_fit`` writes it (the dense file's bytes are not read here)."""
    path = root / fit_key(tax.fingerprint(), "use-m3.v1", start)
    path.mkdir(parents=True)
    meta = FitMeta(taxonomy_name=tax.name, taxonomy_fingerprint=tax.fingerprint(), encoder="use-m3.v1", start=start,
                   base_model={"name": "npslens-default", "version": "9.9.9"}, created=created,
                   config={"steps": 3}, record={"steps": 3, "seconds": 0.1, "examples": 2})
    (path / FIT_META).write_text(meta.model_dump_json())
    (path / "taxonomy.yaml").write_text(tax.to_yaml())
    (path / ENCODER_DENSE).write_bytes(b"weights")
    (path / "README.md").write_text("card\n")
    write_checksums(path, NAMES)
    return path


def test_the_key_names_the_taxonomy_and_the_starting_weights() -> None:
    key = fit_key(TAX.fingerprint(), "use-m3.v1", "wheel")
    assert key.startswith(TAX.fingerprint() + "-") and key == fit_key(TAX.fingerprint(), "use-m3.v1", "wheel")
    assert key != fit_key(TAX.fingerprint(), "use-m3.v1", "ab" * 32)  # fine-tuned starting weights: another fit


def test_default_root_follows_the_models_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NPSLENS_MODELS_DIR", str(tmp_path))
    assert fits_root() == tmp_path / "fits"


def test_a_fit_is_found_for_the_same_taxonomy_only(tmp_path: Path) -> None:
    path = write_fit(tmp_path)
    fit = find_fit(TAX, "use-m3.v1", "wheel", tmp_path)
    assert fit is not None and fit.path == path and fit.dense_path == path / ENCODER_DENSE
    assert fit.meta.base_model["version"] == "9.9.9" and fit.taxonomy == TAX
    edited = Taxonomy.model_validate(json.loads(TAX.model_dump_json()) | {"name": "shop-2"})
    assert fit_path(edited, "use-m3.v1", "wheel", tmp_path) is None  # any change: a new taxonomy, no fit
    assert find_fit(TAX, "use-m3.v1", "cd" * 32, tmp_path) is None  # another starting encoder
    assert find_fit(TAX, "use-m3.v1", "wheel", tmp_path / "none") is None


def test_a_modified_fit_is_refused(tmp_path: Path) -> None:
    path = write_fit(tmp_path)
    (path / ENCODER_DENSE).write_bytes(b"other weights")
    with pytest.raises(ArtifactError, match="checksum mismatch"):
        find_fit(TAX, "use-m3.v1", "wheel", tmp_path)
    with pytest.raises(ModelNotFoundError, match="npslens taxonomy fit"):
        read_fit(tmp_path / "nothing")


def test_a_taxonomy_that_does_not_match_its_fingerprint_is_refused(tmp_path: Path) -> None:
    path = write_fit(tmp_path)
    other = Taxonomy.model_validate(json.loads(TAX.model_dump_json()) | {"name": "other"})
    (path / "taxonomy.yaml").write_text(other.to_yaml())
    write_checksums(path, NAMES)
    with pytest.raises(ArtifactError, match="does not match the fingerprint"):
        read_fit(path)


def test_listing_is_newest_first_and_skips_broken_folders(tmp_path: Path) -> None:
    old = write_fit(tmp_path, created="2026-12-01T10:00:00+00:00")
    other = Taxonomy.model_validate(json.loads(TAX.model_dump_json()) | {"name": "other"})
    new = write_fit(tmp_path, other, created="2026-12-05T10:00:00+00:00")
    broken = write_fit(tmp_path, Taxonomy.model_validate(json.loads(TAX.model_dump_json()) | {"name": "x"}))
    (broken / "README.md").unlink()
    shutil.copytree(new, tmp_path / f".{new.name}.old-1")  # a complete fit being replaced is not listed twice
    assert [f.path for f in list_fits(tmp_path)] == [new, old]
    assert list_fits(tmp_path / "none") == []
