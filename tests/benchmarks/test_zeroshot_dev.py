"""benchmarks/zeroshot_dev.py: which dev sets count as our own text, and its option checks."""

from __future__ import annotations

import pytest

from nlp.taxonomy import Taxonomy, Theme
from tests.benchmarks.bench_scripts import load


def test_own_text_is_the_seed_and_generated_corpora_only() -> None:
    own = load("zeroshot_dev")._own
    assert own("seed corpus test split") and own("corpus heldout: cinema")
    assert not own("SemEval-14 rest train") and not own("MAMS-ACSA train")


def test_laptop_files_are_a_group_of_their_own() -> None:
    group = load("zeroshot_dev")._group
    assert group("SemEval-15 laptops train (entity)") == "public laptops train files"
    assert group("SemEval-16 rest train (E#A)") == group("MAMS-ACSA train") == "public train files"
    assert group("corpus heldout: cinema") == "our own text"


def test_descriptions_are_cut_to_their_first_phrases() -> None:
    tax = Taxonomy(name="t", themes=(Theme(id="food", label="Food", description="Taste, freshness and portion size"),
                                     Theme(id="wait", label="Waiting", description="in line")))
    cut = load("zeroshot_dev").cut_descriptions
    assert [t.description for t in cut(tax, 0).themes] == ["Food", "Waiting"]
    assert [t.description for t in cut(tax, 2).themes] == ["Taste, freshness", "in line"]
    assert cut(tax, 9).themes[0].description == "Taste, freshness, portion size"
    assert [t.id for t in cut(tax, 1).themes] == ["food", "wait"] and cut(tax, 1).themes[0].label == "Food"


@pytest.mark.parametrize(("args", "message"), [(["--blend", "1.5"], "--blend takes weights in [0, 1]"),
                                               (["--share", "0"], "--share shares in (0, 2]"),
                                               (["--share", "2.5"], "--share shares in (0, 2]"),
                                               (["--description-phrases", "-1"], "takes a count ≥ 0")])
def test_out_of_range_options_are_refused(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        load("zeroshot_dev").main(args)
    assert message in capsys.readouterr().err
