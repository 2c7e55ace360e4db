"""benchmarks/fewshot_blend_dev.py: the two ways of listing drawn shots as a taxonomy's examples, and the options
that compare class balances and cuts."""

from __future__ import annotations

import pytest

from nlp.taxonomy import Taxonomy, Theme
from tests.benchmarks.bench_scripts import load

TAX = Taxonomy(name="t", themes=(Theme(id="food", label="Food", description="taste"),
                                 Theme(id="staff", label="Staff", description="waiters"),
                                 Theme(id="price", label="Price", description="bill")))
SHOTS = {"food": [("cold pizza, rude waiter", ["food", "staff"]), ("tasty", ["food"])],
         "staff": [("kind staff", ["staff"])], "price": []}



def test_single_listing_keeps_each_shot_under_the_category_it_was_drawn_for() -> None:
    ex = {t.id: t.examples for t in load("fewshot_blend_dev").single_listing(TAX, SHOTS).themes}
    assert ex == {"food": ("cold pizza, rude waiter", "tasty"), "staff": ("kind staff",), "price": ()}


def test_all_listing_puts_a_shot_under_every_category_it_carries() -> None:
    ex = {t.id: t.examples for t in load("fewshot_blend_dev").LISTINGS["all"](TAX, SHOTS).themes}
    assert ex["staff"] == ("kind staff", "cold pizza, rude waiter")
    assert ex["food"] == ("cold pizza, rude waiter", "tasty")


def test_unknown_listing_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        load("fewshot_blend_dev").main(["--listing", "twice"])
    assert "invalid choice: 'twice'" in capsys.readouterr().err


def test_mix_out_of_range_is_refused_before_any_data_is_read(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        load("fewshot_blend_dev").main(["--mix", "1.2"])
    assert "--mix takes weights in [0, 1]" in capsys.readouterr().err
