"""benchmarks/speed.py: the ``--words`` band parses, is validated and picks comments of that length."""

from __future__ import annotations

import argparse

import pytest

from tests.benchmarks.bench_scripts import SHARED_DATA, load


def test_words_band_parses() -> None:
    assert load("speed").parse_words("13-23") == (13, 23)
    assert load("speed").parse_words("18-18") == (18, 18)


@pytest.mark.parametrize("bad", ["18", "a-b", "20-10", "0-5", "1-2-3"])
def test_bad_words_band_is_a_usage_error(bad: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="--words wants"):
        load("speed").parse_words(bad)


@pytest.mark.skipif(not (SHARED_DATA / "womens-ecommerce-clothing-reviews").is_dir(), reason="needs ../shared/data")
def test_comments_come_from_the_band_and_are_reproducible() -> None:
    sp = load("speed")
    texts = sp.load_comments(SHARED_DATA, 300, (13, 23))
    assert len(texts) == len(set(texts)) == 300
    assert all(13 <= len(t.split()) <= 23 for t in texts)
    assert texts == sp.load_comments(SHARED_DATA, 300, (13, 23))


@pytest.mark.skipif(not (SHARED_DATA / "womens-ecommerce-clothing-reviews").is_dir(), reason="needs ../shared/data")
def test_too_narrow_a_band_names_the_fix() -> None:
    with pytest.raises(SystemExit, match="widen --words"):
        load("speed").load_comments(SHARED_DATA, 2000, (18, 18))
