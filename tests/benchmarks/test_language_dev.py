"""benchmarks/language_dev.py: every reading rule answers as detect_languages's preparation and floors say."""

from __future__ import annotations

import pytest

from tests.benchmarks.bench_scripts import load

pytest.importorskip("fasttext")


def test_the_mean_rule_is_what_detect_languages_does() -> None:
    from nlp.language import _model, detect_languages

    ld = load("language_dev")
    texts = ["Can you add Apple Pay?", "Ordered On Monday, Still Nothing", "Muy bien", "Geen klachten", "ok",
             "THE DELIVERY WAS LATE AGAIN AND NOBODY CALLED ME", "Le livreur était très aimable"]
    model = _model()
    assert [ld.detect(model, t, ld.RULES["mean of both"]) for t in texts] == detect_languages(texts)
    assert ld.detect(model, "Can you add Apple Pay?", ld.RULES["as written"]) == "ru"  # the old reading
    assert ld.detect(model, "Can you add Apple Pay?", ld.RULES["lower-cased"]) == "en"
    assert ld.detect(model, "ok", ld.RULES["max of both"]) is None  # too few letters for every rule
