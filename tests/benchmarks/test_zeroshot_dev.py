"""benchmarks/zeroshot_dev.py: which dev sets count as our own text, and its option checks."""

from __future__ import annotations

import pytest

from tests.benchmarks.bench_scripts import load


def test_own_text_is_the_seed_and_generated_corpora_only() -> None:
    own = load("zeroshot_dev")._own
    assert own("seed corpus test split") and own("corpus heldout: cinema")
    assert not own("SemEval-14 rest train") and not own("MAMS-ACSA train")


@pytest.mark.parametrize(("args", "message"), [(["--blend", "1.5"], "--blend takes weights in [0, 1]"),
                                               (["--share", "0"], "--share shares in (0, 1]")])
def test_out_of_range_options_are_refused(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        load("zeroshot_dev").main(args)
    assert message in capsys.readouterr().err
