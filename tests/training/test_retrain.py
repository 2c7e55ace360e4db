"""Retraining on new labelled data: a loadable artefact, a learnt new theme, no forgetting, versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from train_helpers import PARKING, parking_rows, retrain_config, small_taxonomy, write_yaml

from nlp.artifacts.registry_file import load_registry
from nlp.errors import ArtifactError
from nlp.pipeline import Analyzer
from training.checks import DataValidationError
from training.retrain import retrain

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PROBES = ["could not find anywhere to park", "the parking was free and easy", "waited an hour in the queue",
          "the app keeps crashing", "staff were rude"]


def quiet(_: str) -> None:
    pass


@pytest.fixture
def parking_tax(tmp_path):
    return write_yaml(tmp_path / "parking.yaml", small_taxonomy([PARKING]))


def test_new_theme_with_few_examples_is_learnt_without_forgetting(models, labelled, parking_tax):
    res = retrain([labelled(parking_rows())], taxonomy=parking_tax, config=retrain_config(), log=quiet)
    assert res.version == "2.0.0"  # a new theme changes the output contract: major bump
    assert res.path == models / "small-2.0.0" and res.registered
    m = json.loads((res.path / "metrics.json").read_text())
    assert m["base_model"]["version"] == "1.0.0" and m["data"]["base_train"] > 0  # warm start
    assert set(m["comparison"]) >= {"theme_micro_f1", "sentiment_macro_f1", "theme_sentiment_accuracy"}
    assert set(m["themes"]["per_theme"]["parking"]) == {"precision", "recall", "f1", "support"}
    assert "ece" in m["sentiment"] and m["train_seconds"] > 0 and m["peak_rss_mb"] > 0
    forget = m["base_test"]  # the base model's held-out seed test split, scored by both
    assert forget["n"] > 0 and set(forget["new"]) == set(forget["base"]) >= {"theme_micro_f1"}
    corpus = [json.loads(x)["text"] for x in (FIXTURES / "tiny_corpus.jsonl").read_text().splitlines()]
    before = [{h.id for h in r.themes} for r in Analyzer.load(models / "small-1.0.0").analyze(corpus)]
    after = [{h.id for h in r.themes} - {"parking"} for r in res.analyzer.analyze(corpus)]
    assert sum(a == b for a, b in zip(before, after, strict=True)) >= 0.8 * len(corpus)  # nothing forgotten
    hits = [{h.id for h in r.themes} for r in res.analyzer.analyze(PROBES)]
    assert "parking" in hits[0] | hits[1]
    assert "| theme_micro_f1 |" in (res.path / "README.md").read_text()
    reg = load_registry()
    assert reg.champion == "1.0.0" and reg.entry("2.0.0").base == "1.0.0"  # a challenger, not promoted


def test_predictions_match_after_reload(models, labelled, parking_tax):
    res = retrain([labelled(parking_rows())], taxonomy=parking_tax, config=retrain_config(), log=quiet)
    again = Analyzer.load(res.path)
    assert [r.to_dict() for r in again.analyze(PROBES)] == [r.to_dict() for r in res.analyzer.analyze(PROBES)]
    assert Analyzer.load("2.0.0").model_info == {"name": "small", "version": "2.0.0"}


def test_same_taxonomy_is_a_minor_bump_and_corrections_override_base_labels(models, labelled):
    rows = [{"text": "the queue was long but the staff were lovely", "sentiment": "positive",
             "themes": {"wait_time": "negative", "staff_attitude": "positive"}},
            *({"text": f"delivery came on day {i}", "sentiment": "neutral", "themes": {"delivery": "neutral"}}
              for i in range(6))]
    res = retrain([labelled(rows)], config=retrain_config(), eval_data=labelled(rows[:3], "ev.jsonl"), log=quiet)
    assert res.version == "1.1.0"
    m = res.metrics
    assert m["data"]["dropped_in_eval_set"] == 3 and m["eval"]["n"] == 3


def test_invalid_data_stops_before_training_and_writes_nothing(models, labelled):
    bad = labelled([{"text": "", "sentiment": "negative"}, {"text": "ok", "sentiment": "furious"},
                    {"text": "ok then", "themes": {"parking": "negative"}}])
    seen = []
    with pytest.raises(DataValidationError) as exc:
        retrain([bad], config=retrain_config(), log=quiet, on_validated=seen.append)
    assert {i.code for i in exc.value.report.errors} >= {"empty_text", "unknown_sentiment", "unknown_theme"}
    assert seen and "data.jsonl:1" in str(exc.value)
    assert sorted(p.name for p in models.iterdir() if not p.name.startswith(".")) == ["registry.json", "small-1.0.0"]


def test_existing_output_is_refused_and_stale_temp_folders_are_cleaned(models, labelled, parking_tax):
    (models / "small-2.0.0").mkdir()
    with pytest.raises(ArtifactError, match="immutable"):
        retrain([labelled(parking_rows())], taxonomy=parking_tax, config=retrain_config(), log=quiet)
    (models / "small-2.0.0").rmdir()
    (models / ".small-2.0.0.tmp-crashed").mkdir()  # what a crash mid-write leaves
    res = retrain([labelled(parking_rows())], taxonomy=parking_tax, config=retrain_config(), log=quiet)
    assert res.path.exists() and not (models / ".small-2.0.0.tmp-crashed").exists()


def test_validate_only_trains_nothing(models, labelled, parking_tax):
    res = retrain([labelled(parking_rows())], taxonomy=parking_tax, config=retrain_config(), log=quiet,
                  validate_only=True)
    assert res.path is None and not res.report.errors and not (models / "small-2.0.0").exists()


def test_kept_sentiment_gives_the_theme_twin_its_own_vocabulary(models, labelled, parking_tax):
    base = Analyzer.load(models / "small-1.0.0")
    res = retrain([labelled(parking_rows())], taxonomy=parking_tax, log=quiet,
                  config=retrain_config(retrain_sentiment="never", min_examples_error=1,
                                        themes_own_vocabulary=True))
    an = res.analyzer
    assert an.tfidf is not None and an.tfidf.vocabulary == base.tfidf.vocabulary  # sentiment's vocabulary kept
    own = an.themes.lex_features
    assert own is not None and own is not an.tfidf
    assert an.themes.lex_weight == 0.5  # themes_own_lex_weight: the twin weighs more with the domain's own words
    assert "car park" in own.vocabulary and "car park" not in base.tfidf.vocabulary  # the new domain's words
    cfg = json.loads((res.path / "config.json").read_text())
    assert cfg["themes_tfidf"] is True and cfg["themes_tfidf_negation"] is True
    assert (res.path / "themes_vocabulary.json").exists()
    assert "themes_vocabulary.json" in (res.path / "checksums.sha256").read_text()
    again = Analyzer.load(res.path)  # the folder carries it: the reloaded model reads the same features
    assert again.themes.lex_features is not None and again.themes.lex_features.vocabulary == own.vocabulary
    assert [r.to_dict() for r in again.analyze(PROBES)] == [r.to_dict() for r in an.analyze(PROBES)]


def test_by_default_the_theme_twin_keeps_the_shared_vocabulary(models, labelled, parking_tax):
    res = retrain([labelled(parking_rows())], taxonomy=parking_tax, log=quiet,
                  config=retrain_config(retrain_sentiment="never", min_examples_error=1))
    assert res.analyzer.themes.lex_features is None and res.analyzer.themes.lex_weight == 0.3
    assert json.loads((res.path / "config.json").read_text())["themes_tfidf"] is False
    assert not (res.path / "themes_vocabulary.json").exists()


def test_retraining_a_model_with_its_own_theme_vocabulary_on_the_shared_one(models, labelled, parking_tax):
    first = retrain([labelled(parking_rows())], taxonomy=parking_tax, log=quiet,
                    config=retrain_config(retrain_sentiment="never", min_examples_error=1, themes_own_vocabulary=True))
    again = retrain([labelled(parking_rows(), "again.jsonl")], taxonomy=parking_tax, base_model=str(first.path),
                    log=quiet, config=retrain_config(retrain_sentiment="never", min_examples_error=1))
    themes = again.analyzer.themes
    assert themes.lex_features is None and themes.lex_head is not None
    assert again.analyzer.tfidf is not None
    assert themes.lex_head.weights[0].shape[0] == len(again.analyzer.tfidf.vocabulary)  # the shared vocabulary's
    assert len(again.analyzer.analyze(PROBES)) == len(PROBES)
