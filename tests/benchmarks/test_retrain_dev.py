"""benchmarks/retrain_dev.py: variant names become TrainConfig settings (or a clear exit)."""

from __future__ import annotations

import pytest

from tests.benchmarks.bench_scripts import load


def test_a_variant_sets_finetuning_shrink_and_any_key() -> None:
    cfg = load("retrain_dev").config("always+shrink20+themes_lex_weight=0.5+themes_lex_weight_grid=0.2/0.7")
    assert cfg.encoder_finetune == "always"
    assert cfg.threshold_shrink == 20.0
    assert cfg.themes_lex_weight == 0.5
    assert cfg.themes_lex_weight_grid == [0.2, 0.7]
    # a path setting keeps its slashes (only list settings split on "/")
    path = load("retrain_dev").config("never+encoder_weights=models/encoders/use-m3-ft-1.0.0")
    assert path.encoder_weights == "models/encoders/use-m3-ft-1.0.0"
    plain = load("retrain_dev").config("never")
    assert (plain.encoder_finetune, plain.threshold_shrink, plain.themes_lex_weight_grid) == ("never", 0.0, [])


@pytest.mark.parametrize(("variant", "message"), [("sometimes", "start with never|always|auto"),
                                                  ("never+fast", "use shrinkN or key=value"),
                                                  ("never+themes_lex_weight=2", "themes_lex_weight")])
def test_bad_variants_exit_with_the_fix(variant: str, message: str) -> None:
    with pytest.raises(SystemExit, match=message):
        load("retrain_dev").config(variant)
