"""Registry: versions, the promote gate (refuses a worse model, says why), --force, rollback, atomic writes."""

from __future__ import annotations

import json
import random
import shutil
import threading
from pathlib import Path

import pytest
from train_helpers import write_jsonl

from lifecycle.registry import GateRefusedError, gate_check, next_version, promote, register, rollback, update_registry
from nlp.artifacts.registry_file import EvalSet, HistoryEvent, Registry, load_registry
from nlp.digest import file_sha256
from nlp.errors import ArtifactError, ModelNotFoundError
from training.build import train_model
from training.config import TrainConfig
from training.datasets import read_seed_corpus

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FLIP = {"negative": "positive", "positive": "negative", "neutral": "neutral"}


@pytest.fixture(scope="module")
def worse_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny model trained on the fixture corpus with flipped sentiments and shuffled themes: clearly worse."""
    d = tmp_path_factory.mktemp("worse")
    rows = read_seed_corpus(FIXTURES)
    themes = list(rows["themes"])
    random.Random(0).shuffle(themes)
    (d / "corpus").mkdir()
    write_jsonl(d / "corpus" / "bad.jsonl", [{"text": t, "sentiment": FLIP[s], "themes": th, "mixed": False}
                                             for t, s, th in zip(rows["text"], rows["sentiment"], themes,
                                                                 strict=True)])
    cfg = TrainConfig(name="tiny", version="0.0.2", encoder="hashing.v1", seed_corpus=str(d / "corpus"),
                      dev_fraction=0.2, test_fraction=0.2, matcher_episodes=4, matcher_hidden=0,
                      eval_cross_domain=False)
    return train_model(cfg, d / "tiny-0.0.2", log=lambda _: None)


@pytest.fixture
def root(tmp_path, monkeypatch, tiny_model_dir, worse_model_dir) -> Path:
    """tiny 0.0.1 (champion) and its worse twin 0.0.2, with the fixture corpus as the fixed evaluation set."""
    r = tmp_path / "models"
    r.mkdir()
    monkeypatch.setenv("NPSLENS_MODELS_DIR", str(r))
    for src in (tiny_model_dir, worse_model_dir):
        shutil.copytree(src, r / src.name)
        register(r / src.name)
    (r / "eval").mkdir()
    shutil.copy(FIXTURES / "tiny_corpus.jsonl", r / "eval" / "fixed.jsonl")
    update_registry(lambda reg: setattr(reg, "eval_set", EvalSet(path="eval/fixed.jsonl",
                                                                   sha256=file_sha256(r / "eval" / "fixed.jsonl"))))
    promote("0.0.1")
    return r


def test_register_records_metadata_and_is_idempotent(root):
    reg = load_registry()
    e = reg.entry("0.0.2")
    assert e.path == "tiny-0.0.2" and e.themes == 18 and e.headline["theme_micro_f1"] is not None
    assert register(root / "tiny-0.0.2") == e and len(load_registry().models) == 2
    with pytest.raises(ModelNotFoundError, match=r"known: \['0.0.1', '0.0.2'\]"):
        reg.entry("9.9.9")


def test_gate_refuses_a_worse_model_and_says_why(root):
    with pytest.raises(GateRefusedError) as exc:
        promote("0.0.2")
    msg = str(exc.value)
    assert "refusing to promote 0.0.2" in msg and "sentiment_macro_f1" in msg and "tolerance 0.01" in msg
    assert "fixed evaluation set eval/fixed.jsonl" in msg and "force" in msg
    assert load_registry().champion == "0.0.1"
    result = exc.value.result
    assert not result.ok and result.n == 40 and {r[0] for r in result.rows} >= {"theme_micro_f1"}


def test_force_promotes_and_records_it(root):
    result = promote("0.0.2", force=True)
    assert not result.ok
    reg = load_registry()
    assert reg.champion == "0.0.2"
    last = reg.history[-1]
    assert last.action == "promote" and last.forced and last.previous == "0.0.1" and "sentiment" in last.note


def test_a_huge_tolerance_lets_it_through(root):
    assert promote("0.0.2", tolerance=1.0).ok and load_registry().champion == "0.0.2"


def test_rollback_restores_and_walks_back(root):
    promote("0.0.2", force=True)
    assert rollback() == ("0.0.1", "0.0.2")
    assert load_registry().champion == "0.0.1"
    with pytest.raises(ModelNotFoundError, match="nothing to roll back"):
        rollback()


def test_an_equal_model_passes_the_gate(root):
    shutil.copytree(root / "tiny-0.0.1", root / "copy")
    meta = json.loads((root / "copy" / "meta.json").read_text())
    assert meta["version"] == "0.0.1"  # same version → refused as a duplicate registration
    with pytest.raises(ArtifactError, match="already registered"):
        register(root / "copy")


def test_a_modified_fixed_evaluation_set_is_refused(root):
    (root / "eval" / "fixed.jsonl").write_text('{"text": "tampered", "sentiment": "negative"}\n')
    with pytest.raises(ArtifactError, match="modified"):
        gate_check("0.0.2")


def test_without_an_evaluation_set_the_gate_needs_a_comparison(root):
    update_registry(lambda reg: setattr(reg, "eval_set", None))
    result = gate_check("0.0.2")
    assert not result.ok and "no common evaluation" in result.reasons[0]
    assert gate_check("0.0.2", eval_data=FIXTURES / "tiny_corpus.jsonl").ok is False


def test_next_version():
    reg = Registry(models=[])
    assert next_version(reg, None, major=False) == "1.0.0"
    reg = Registry.model_validate({"models": [{"name": "m", "version": v, "path": v}
                                              for v in ("1.0.0", "1.1.0", "2.0.0")]})
    assert next_version(reg, "1.0.0", major=False) == "1.2.0"
    assert next_version(reg, "2.0.0", major=False) == "2.1.0"
    assert next_version(reg, "1.1.0", major=True) == "3.0.0"


def test_writes_are_atomic_and_never_lose_an_update(tmp_path):
    def add(i: int) -> None:
        update_registry(lambda reg: reg.history.append(HistoryEvent(action="register", version=f"0.0.{i}",
                                                                    at="now")), tmp_path)

    threads = [threading.Thread(target=add, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(load_registry(tmp_path).history) == 20
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_failed_update_leaves_the_file_as_it_was(tmp_path):
    update_registry(lambda reg: setattr(reg, "champion", "1.0.0"), tmp_path)
    before = (tmp_path / "registry.json").read_text()

    def boom(reg: Registry) -> None:
        reg.champion = "2.0.0"
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        update_registry(boom, tmp_path)
    assert (tmp_path / "registry.json").read_text() == before


def test_the_shipped_registry_is_valid():
    reg = load_registry(Path(__file__).resolve().parents[2] / "models")
    assert reg.champion is not None and reg.entry(reg.champion)
