"""The corpus supplement negation-v1 (training/corpus/supplement.py): determinism, committed file, label rules;
the committed-file and split checks also cover support-v1 (its rules: test_corpus_support_posts.py)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from training.corpus import support_posts
from training.corpus.compose import sentiment_of, themes_of
from training.corpus.model import HELDOUT_INDUSTRIES, industries
from training.corpus.supplement import (
    NAME,
    NO_TROUBLE,
    STYLE_ROWS,
    SUPPLEMENT,
    UNMET,
    Supplement,
    generate,
    write,
)
from training.datasets import load_corpus

GEN = Path(__file__).resolve().parents[2] / "training" / "corpus" / "generated"


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    with (GEN / f"corpus-{NAME}.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.mark.parametrize("sup", [SUPPLEMENT, support_posts.SUPPLEMENT], ids=lambda s: s.name)
def test_rebuild_matches_the_committed_file_byte_for_byte(sup: Supplement, tmp_path: Path):
    """Every committed supplement is what its command writes (``python -m training.corpus.<module>``)."""
    assert sup.main(["--out", str(tmp_path)]) == 0
    for name in (f"corpus-{sup.name}.jsonl", f"stats-{sup.name}.json"):
        assert (tmp_path / name).read_bytes() == (GEN / name).read_bytes(), name


def test_each_command_names_its_module_and_supplement(capsys: pytest.CaptureFixture[str]):
    for sup, prog in ((SUPPLEMENT, "training.corpus.supplement"), (support_posts.SUPPLEMENT,
                                                                 "training.corpus.support_posts")):
        with pytest.raises(SystemExit) as e:
            sup.main(["--help"])
        out = " ".join(capsys.readouterr().out.split())
        assert e.value.code == 0 and f"python -m {prog}" in out and sup.name in out, out


def test_same_seed_same_rows_other_seed_other_rows():
    small = {"unmet": 30, "no_trouble": 30, "negated_adj": 30, "mixed_unmet": 30, "short_fact": 30}
    a = generate(seed=3, rows=small)
    assert a == generate(seed=3, rows=small)
    assert [r["text"] for r in a] != [r["text"] for r in generate(seed=4, rows=small)]


def test_every_requested_row_is_written_once(rows: list[dict], tmp_path: Path):
    assert Counter(r["style"] for r in rows) == Counter(STYLE_ROWS)
    assert len({r["text"] for r in rows}) == len(rows)
    st = json.loads((GEN / f"stats-{NAME}.json").read_text())
    assert st["rows"] == len(rows) == sum(STYLE_ROWS.values())


def test_labels_follow_the_style_and_the_corpus_rules(rows: list[dict]):
    want = {"unmet": {"negative"}, "no_trouble": {"positive"}, "mixed_unmet": {"negative"},
            "short_fact": {"neutral"}, "negated_adj": {"positive", "negative"}}
    for r in rows:
        assert r["sentiment"] in want[r["style"]], r
        assert (r["sentiment"], r["mixed"]) == sentiment_of(r["clauses"]), r
        assert r["themes"] == themes_of(r["clauses"]), r
        assert all(c["text"] in r["text"] for c in r["clauses"]), r
        assert r["mixed"] == (r["style"] == "mixed_unmet"), r
    # both polarities of a negated adjective, so "wasn't" alone cannot decide the label
    neg_adj = Counter(r["sentiment"] for r in rows if r["style"] == "negated_adj")
    assert min(neg_adj.values()) > 0.25 * sum(neg_adj.values())


def test_never_is_on_both_sides(rows: list[dict]):
    """'never …' opens complaints (unmet) and praise (no_trouble) alike: the word itself carries no label."""
    never = Counter(r["sentiment"] for r in rows if re.search(r"\bnever\b", r["text"], re.I)
                    and r["style"] in ("unmet", "no_trouble"))
    assert never["negative"] > 200 and never["positive"] > 200, never


def test_theme_ids_exist_and_banks_fill_for_every_industry():
    ids = {t.id for ind in industries() for t in ind.themes}
    rows = generate(seed=1, rows={"unmet": 200, "no_trouble": 200, "negated_adj": 100, "mixed_unmet": 100,
                                  "short_fact": 100})
    assert {t for r in rows for t in r["themes"]} <= ids
    assert set(UNMET) == set(NO_TROUBLE)  # every theme with complaints of this kind has the praise side too


@pytest.mark.parametrize("sup", [SUPPLEMENT, support_posts.SUPPLEMENT], ids=lambda s: s.name)
def test_splits_follow_corpus_v1(sup: Supplement):
    """Held-out industries → ``heldout_industry``, and a frozen dev split of every style, in each committed file."""
    with (GEN / f"corpus-{sup.name}.jsonl").open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    for r in rows:
        assert (r["split"] == "heldout_industry") == (r["industry"] in HELDOUT_INDUSTRIES), r
    dev = Counter(r["style"] for r in rows if r["split"] == "dev")
    assert set(dev) == set(sup.rows) and all(k > 10 for k in dev.values())


def test_the_trainer_reads_it(tmp_path: Path):
    write(tmp_path, seed=1)
    d = load_corpus(tmp_path / f"corpus-{NAME}.jsonl", ["train"])
    assert len(d) > 2500 and set(d["sentiment"]) == {"positive", "negative", "neutral"}
