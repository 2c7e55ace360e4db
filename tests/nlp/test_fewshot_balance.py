"""Model 2.4.0 fits a few-shot taxonomy's logistic head with class balance 0.75 and cuts the blend at 0.35;
models before it keep 1 and 0.4. Model 2.5.0 also splits an example listed under several themes into the clause
that speaks of each, and 2.6.0 blends a TF-IDF twin into its logistic head: nothing but taxonomies with examples
changes. Model 2.7.0 blends a head fitted on the descriptions into the matcher for taxonomies without examples."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.artifacts.folder import read_artifact
from nlp.artifacts.registry_file import resolve_model_path
from nlp.pipeline import Analyzer
from tests.nlp.test_fewshot_encoder import SHOP, TEXTS, ZERO


@pytest.fixture(scope="module")
def pair() -> tuple[Analyzer, Analyzer]:
    return Analyzer.load("2.3.0", threads=2), Analyzer.load("2.4.0", threads=2)  # both ship in models/


def test_the_settings_are_read_from_the_model_and_default_to_the_old_rule(pair: tuple[Analyzer, Analyzer]) -> None:
    old, new = pair
    assert (read_artifact(resolve_model_path("2.3.0")).config.fewshot_balance,
            read_artifact(resolve_model_path("2.3.0")).config.fewshot_threshold) == (1.0, 0.4)  # unset: defaults
    assert (old.matcher.fewshot_balance, old.matcher.fewshot_threshold) == (1.0, 0.4)
    assert (new.matcher.fewshot_balance, new.matcher.fewshot_threshold) == (0.75, 0.35)


def test_only_taxonomies_with_examples_change(pair: tuple[Analyzer, Analyzer]) -> None:
    old, new = pair
    assert old.analyze(TEXTS) == new.analyze(TEXTS)
    assert old.analyze(TEXTS, taxonomy=ZERO) == new.analyze(TEXTS, taxonomy=ZERO)
    a, b = old.analyze(TEXTS, taxonomy=SHOP), new.analyze(TEXTS, taxonomy=SHOP)
    conf_a = np.array([h.confidence for r in a for h in r.themes])
    conf_b = np.array([h.confidence for r in b for h in r.themes])
    assert conf_a.shape != conf_b.shape or not np.allclose(conf_a, conf_b)  # less balance: other probabilities
    assert {h.id for h in b[0].themes} >= {"speed", "app"}
    assert "price" in {h.id for h in b[1].themes} and "price" in {h.id for h in b[2].themes}
    for r in b:
        assert all(h.confidence >= 0.35 for h in r.themes[1:])  # only the top theme may come from the fallback


MIXED = SHOP.model_copy(update={"themes": tuple(
    t.model_copy(update={"examples": (*t.examples, "the line barely moved and the app kept crashing")})
    if t.id in ("speed", "app") else t for t in SHOP.themes)})


def test_model_2_5_0_splits_multi_theme_examples_and_changes_nothing_else(pair: tuple[Analyzer, Analyzer]) -> None:
    _, v24 = pair
    v25 = Analyzer.load("2.5.0", threads=2)
    assert (v24.matcher.fewshot_split, v25.matcher.fewshot_split) == (False, True)
    assert v24.analyze(TEXTS) == v25.analyze(TEXTS)
    assert v24.analyze(TEXTS, taxonomy=ZERO) == v25.analyze(TEXTS, taxonomy=ZERO)
    assert v24.analyze(TEXTS, taxonomy=SHOP) == v25.analyze(TEXTS, taxonomy=SHOP)  # no example under two themes
    a, b = v24._encoded_taxonomy(MIXED).logistic, v25._encoded_taxonomy(MIXED).logistic
    assert a is not None and b is not None and not np.allclose(a.weights, b.weights)
    got = v25.analyze(TEXTS, taxonomy=MIXED)
    assert {h.id for h in got[0].themes} >= {"speed", "app"}


def test_model_2_6_0_blends_a_lexical_twin_and_changes_nothing_else() -> None:
    v25, v26 = Analyzer.load("2.5.0", threads=2), Analyzer.load("2.6.0", threads=2)
    assert (v25.matcher.fewshot_lexical, v26.matcher.fewshot_lexical) == (0.0, 0.3)
    assert read_artifact(resolve_model_path("2.5.0")).config.fewshot_lexical == 0.0  # unset: the default
    assert v25.analyze(TEXTS) == v26.analyze(TEXTS)
    assert v25.analyze(TEXTS, taxonomy=ZERO) == v26.analyze(TEXTS, taxonomy=ZERO)
    assert v25._encoded_taxonomy(SHOP).lexical is None and v26._encoded_taxonomy(SHOP).lexical is not None
    a, b = v25.analyze(TEXTS, taxonomy=SHOP), v26.analyze(TEXTS, taxonomy=SHOP)
    assert a != b  # the twin moves the few-shot probabilities
    assert {h.id for h in b[0].themes} >= {"speed", "app"}
    assert "price" in {h.id for h in b[1].themes} and "price" in {h.id for h in b[2].themes}


def test_model_2_7_0_blends_a_description_head_for_description_only_taxonomies() -> None:
    v26, v27 = Analyzer.load("2.6.0", threads=2), Analyzer.load("2.7.0", threads=2)
    assert (v26.matcher.zeroshot_blend, v26.matcher.zeroshot_threshold) == (1.0, None)  # unset: the old rule
    assert (v27.matcher.zeroshot_blend, v27.matcher.zeroshot_threshold) == (0.8, 0.3)
    assert v26._encoded_taxonomy(ZERO).description_head is None  # it would not blend it: not fitted
    assert v27._encoded_taxonomy(ZERO).description_head is not None
    assert v26.analyze(TEXTS) == v27.analyze(TEXTS)
    assert v26.analyze(TEXTS, taxonomy=SHOP) == v27.analyze(TEXTS, taxonomy=SHOP)
    a, b = v26.analyze(TEXTS, taxonomy=ZERO), v27.analyze(TEXTS, taxonomy=ZERO)
    assert a != b
    assert {h.id for h in b[0].themes} >= {"speed", "app"}
    assert "price" in {h.id for h in b[1].themes} and "price" in {h.id for h in b[2].themes}
    for r in b:
        assert all(h.confidence >= 0.3 for h in r.themes[1:])  # only the top theme may come from the fallback
