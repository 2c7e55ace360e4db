"""The corpus supplement support-v1 (training/corpus/support_posts.py): determinism and label rules (the committed
file and its splits are checked with negation-v1's in tests/training/test_corpus_supplement.py)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from training.config import load_config
from training.corpus.compose import sentiment_of, themes_of
from training.corpus.model import industries
from training.corpus.support_posts import ASKS, NAME, PROBLEMS, STYLE_ROWS, THANKS, generate, write
from training.datasets import load_corpus

ROOT = Path(__file__).resolve().parents[2]
GEN = ROOT / "training" / "corpus" / "generated"


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    with (GEN / f"corpus-{NAME}.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_same_seed_same_rows_other_seed_other_rows():
    small = {"problem_help": 40, "thanks_resolved": 20}
    a = generate(seed=3, rows=small)
    assert a == generate(seed=3, rows=small)
    assert [r["text"] for r in a] != [r["text"] for r in generate(seed=4, rows=small)]
    assert [r["id"] for r in a[:2]] == ["s000001", "s000002"]


def test_every_requested_row_is_written_once(rows: list[dict]):
    assert Counter(r["style"] for r in rows) == Counter(STYLE_ROWS)
    assert len({r["text"] for r in rows}) == len(rows)


def test_a_reported_problem_is_negative_and_the_request_carries_no_theme(rows: list[dict]):
    for r in rows:
        assert (r["sentiment"], r["mixed"]) == sentiment_of(r["clauses"]), r
        assert r["themes"] == themes_of(r["clauses"]), r
        assert all(c["text"] in r["text"] for c in r["clauses"]), r
        if r["style"] == "problem_help":
            assert r["sentiment"] == "negative" and set(r["themes"].values()) == {"negative"}, r
            asks = [c for c in r["clauses"] if c["theme"] is None]
            assert len(asks) == 1 and asks[0]["polarity"] == "neutral", r
            assert asks[0]["text"].lower() in {a.lower() for a in ASKS}, r
        else:
            assert r["sentiment"] == "positive" and set(r["themes"].values()) == {"positive"}, r
            assert "thank" in r["text"].lower() or "cheers" in r["text"].lower(), r


def test_requests_come_before_and_after_the_problem(rows: list[dict]):
    first = Counter(r["clauses"][0]["theme"] is None for r in rows if r["style"] == "problem_help")
    assert first[True] > 200 and first[False] > 800, first


def test_theme_ids_exist_and_banks_fill_for_every_industry():
    ids = {t.id for ind in industries() for t in ind.themes}
    rows = generate(seed=1, rows={"problem_help": 300, "thanks_resolved": 300})
    assert {t for r in rows for t in r["themes"]} <= ids
    assert {r["industry"] for r in rows} == {ind.id for ind in industries()}
    assert set(THANKS) <= set(PROBLEMS)  # thanks only for what a post can report as a problem


def test_the_trainer_reads_it_and_the_default_build_uses_it(tmp_path: Path):
    write(tmp_path, seed=1)
    d = load_corpus(tmp_path / f"corpus-{NAME}.jsonl", ["train"])
    assert len(d) > 1500 and set(d["sentiment"]) == {"positive", "negative"}
    cfg = load_config(ROOT / "training" / "configs" / "default.toml")
    src = [c for c in cfg.corpus if Path(c.path).name == f"corpus-{NAME}.jsonl"]
    assert len(src) == 1 and src[0].weight == 0.5 and src[0].splits == ["train"]
