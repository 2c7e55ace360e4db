"""The generated feedback corpus (training/corpus): determinism, schema, label rules, coverage, splits."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from training.corpus import VERSION
from training.corpus.__main__ import main
from training.corpus.compose import sentiment_of, themes_of
from training.corpus.generate import STYLE_SHARES, generate, stats, write
from training.corpus.model import HELDOUT_INDUSTRIES

GEN = Path(__file__).resolve().parents[2] / "training" / "corpus" / "generated"
KEYS = ["id", "text", "lang", "industry", "style", "sentiment", "mixed", "themes", "clauses", "split"]
POLS = {"positive", "neutral", "negative"}


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    with (GEN / f"corpus-{VERSION}.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture(scope="module")
def themes() -> list[dict]:
    with (GEN / f"themes-{VERSION}.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_same_seed_same_rows_other_seed_other_rows():
    a = generate(seed=5, rows=2600, per_lang=40)
    assert a == generate(seed=5, rows=2600, per_lang=40)
    b = generate(seed=6, rows=2600, per_lang=40)
    assert [r["text"] for r in a] != [r["text"] for r in b]


def test_rebuild_matches_committed_files_byte_for_byte(tmp_path: Path):
    assert main(["--seed", "1", "--out", str(tmp_path), "--quiet"]) == 0
    for name in (f"corpus-{VERSION}.jsonl", f"themes-{VERSION}.jsonl", f"stats-{VERSION}.json"):
        assert (tmp_path / name).read_bytes() == (GEN / name).read_bytes(), f"{name} differs: rebuild and commit it"


def test_small_write_is_deterministic(tmp_path: Path):
    write(tmp_path / "a", seed=3, rows=2400, per_lang=30)
    write(tmp_path / "b", seed=3, rows=2400, per_lang=30)
    for name in (f"corpus-{VERSION}.jsonl", f"stats-{VERSION}.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_too_few_rows_is_a_clear_error():
    with pytest.raises(ValueError, match="raise --rows"):
        generate(seed=1, rows=100, per_lang=330)


def test_help_exits_cleanly(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0
    assert "--seed" in capsys.readouterr().out


def test_every_row_matches_the_schema(rows: list[dict], themes: list[dict]):
    ids = {t["id"] for t in themes}
    for i, r in enumerate(rows, 1):
        assert list(r) == KEYS, r["id"]
        assert r["id"] == f"c{i:06d}"
        assert isinstance(r["text"], str) and r["text"].strip() == r["text"] and r["text"]
        assert re.fullmatch(r"[a-z]{2}", r["lang"])
        assert r["style"] in STYLE_SHARES
        assert r["sentiment"] in POLS and isinstance(r["mixed"], bool)
        assert r["split"] in {"train", "dev", "heldout_industry"}
        assert r["clauses"], r["id"]
        for c in r["clauses"]:
            assert list(c) == ["text", "theme", "polarity"]
            assert c["polarity"] in POLS and c["text"] and c["text"] in r["text"], r["id"]
            assert c["theme"] is None or (c["theme"] in ids and c["theme"].startswith(r["industry"] + "."))
        for tid, pol in r["themes"].items():
            assert tid in ids and pol in POLS | {"conflict"}


def test_labels_follow_the_documented_rules(rows: list[dict]):
    for r in rows:
        assert sentiment_of(r["clauses"]) == (r["sentiment"], r["mixed"]), r["id"]
        assert themes_of(r["clauses"]) == r["themes"], r["id"]


def test_sentiment_rule_examples():
    def c(pol: str, theme: str | None = "x.a") -> dict:
        return {"text": "t", "theme": theme, "polarity": pol}

    assert sentiment_of([c("positive"), c("neutral")]) == ("positive", False)
    assert sentiment_of([c("neutral"), c("neutral", None)]) == ("neutral", False)
    assert sentiment_of([c("positive"), c("negative")]) == ("negative", True)
    assert sentiment_of([c("negative"), c("positive", None), c("neutral")]) == ("positive", True)
    assert themes_of([c("positive"), c("negative"), c("neutral", "x.b")]) == {"x.a": "conflict", "x.b": "neutral"}
    assert themes_of([c("neutral"), c("negative")]) == {"x.a": "negative"}


def test_style_conventions(rows: list[dict]):
    for r in rows:
        if r["style"] in ("question", "request", "fact"):
            assert r["sentiment"] == "neutral", r["id"]
        if r["style"] == "sarcasm":
            assert r["sentiment"] == "negative", r["id"]
        if r["style"] == "mixed":
            assert r["mixed"], r["id"]
        if r["style"] == "no_theme":
            assert r["themes"] == {}, r["id"]
        if r["style"] == "short":
            assert len(r["clauses"]) == 1 and len(r["clauses"][0]["text"].split()) <= 3, r["id"]
    neg = Counter(r["sentiment"] for r in rows if r["style"] == "negation")
    assert neg["positive"] > neg["negative"] > 0


def test_coverage_thresholds(rows: list[dict], themes: list[dict]):
    assert len(rows) >= 20000
    assert len({r["industry"] for r in rows}) >= 25
    assert len(themes) >= 150 and len({t for r in rows for t in r["themes"]}) >= 150
    langs = Counter(r["lang"] for r in rows)
    assert len([k for k in langs if k != "en"]) >= 6 and all(v >= 300 for v in langs.values())
    styles = Counter(r["style"] for r in rows)
    assert set(styles) == set(STYLE_SHARES) and all(v / len(rows) >= 0.05 for v in styles.values())
    assert sum(r["mixed"] for r in rows) / len(rows) >= 0.1
    assert (GEN / f"corpus-{VERSION}.jsonl").stat().st_size < 15_000_000


def test_theme_definitions(themes: list[dict]):
    assert len({t["id"] for t in themes}) == len(themes)
    for t in themes:
        assert list(t) == ["id", "industry", "label", "description", "examples"]
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", t["id"]) and t["id"].startswith(t["industry"] + ".")
        assert "{" not in t["description"] and 1 <= t["description"].count(". ") + 1 <= 2, t["id"]
        assert 3 <= len(t["examples"]) <= 8 and all("{" not in e and "~" not in e for e in t["examples"]), t["id"]


def test_splits(rows: list[dict]):
    assert len(HELDOUT_INDUSTRIES) == 3
    for r in rows:
        assert (r["industry"] in HELDOUT_INDUSTRIES) == (r["split"] == "heldout_industry"), r["id"]
    for style in STYLE_SHARES:
        seen = [r for r in rows if r["style"] == style and r["split"] != "heldout_industry"]
        share = sum(r["split"] == "dev" for r in seen) / len(seen)
        assert 0.09 <= share <= 0.11, style


def test_distinct_texts_and_stats_file(rows: list[dict]):
    assert len({r["text"] for r in rows}) / len(rows) >= 0.97
    committed = json.loads((GEN / f"stats-{VERSION}.json").read_text(encoding="utf-8"))
    assert committed == stats(rows, seed=1)
    assert committed["version"] == "v1"
