"""A model with a fine-tuned encoder and ``fewshot_encoder: base`` fits a few-shot taxonomy's logistic head on
the encoder wheel's original embeddings (built on first use), and nothing else changes."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.artifacts.folder import read_artifact
from nlp.artifacts.registry_file import resolve_model_path
from nlp.encoders.factory import encoder_weights
from nlp.pipeline import Analyzer
from nlp.taxonomy import parse_taxonomy

SHOP = parse_taxonomy("""
name: store-visits
themes:
  - id: speed
    label: Waiting
    description: Time spent in lines and at the till before being served.
    examples: ["waited forty minutes in the queue", "served in no time", "the line barely moved"]
  - id: app
    label: Mobile app
    description: The app and website, crashes and login.
    examples: ["app crashed again", "website is easy to use", "cannot log in on my phone"]
  - id: price
    label: Price
    description: Prices, value for money, discounts.
    examples: ["far too expensive", "great value for the money", "the discount code did not work"]
""")
ZERO = SHOP.model_copy(update={"themes": tuple(t.model_copy(update={"examples": ()}) for t in SHOP.themes)})
TEXTS = ["The queue was endless and the app logged me out twice.", "Good value.", "Fast service, fair prices!"]


@pytest.fixture(scope="module")
def pair() -> tuple[Analyzer, Analyzer]:
    return Analyzer.load("2.1.0", threads=2), Analyzer.load("2.2.0", threads=2)  # both ship in models/


def test_model_2_2_0_reads_the_wheels_encoder_for_few_shot_heads_only(pair: tuple[Analyzer, Analyzer]) -> None:
    old, new = pair
    cfg = read_artifact(resolve_model_path("2.2.0")).config
    assert (cfg.fewshot_encoder, cfg.fewshot_blend) == ("base", 0.3)
    assert old.fewshot_encoder is old.encoder  # 2.1.0: one space, as before
    assert new._fewshot is None  # not built until a few-shot taxonomy needs it
    # the default taxonomy and a description-only taxonomy give exactly 2.1.0's results
    assert old.analyze(TEXTS) == new.analyze(TEXTS)
    assert old.analyze(TEXTS, taxonomy=ZERO) == new.analyze(TEXTS, taxonomy=ZERO)
    assert new._fewshot is None
    got = new.analyze(TEXTS, taxonomy=SHOP)
    base = new.fewshot_encoder
    assert base is not new.encoder and encoder_weights(base) == (None, None)
    assert encoder_weights(new.encoder)[1] is not None  # the model's own encoder is the fine-tuned one
    assert new.fewshot_encoder is base  # built once
    a, b = base.encode(["the app crashed"]), new.encoder.encode(["the app crashed"])
    assert not np.allclose(a, b, atol=1e-3)
    assert {h.id for h in got[0].themes} >= {"speed", "app"}
    assert "price" in {h.id for h in got[1].themes} and "price" in {h.id for h in got[2].themes}
