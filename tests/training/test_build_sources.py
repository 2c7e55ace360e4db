"""training.build sources: the generated corpus (path, weight, splits; optional) and a fine-tuned encoder folder
whose weights the build encodes with and copies into the artefact (and that retraining keeps)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import save_file
from train_helpers import small_taxonomy, tiny_config, write_yaml

from nlp.artifacts.folder import read_artifact
from nlp.artifacts.names import ENCODER_DENSE, ENCODER_ONNX
from nlp.encoders.factory import make_encoder
from nlp.encoders.use.encoder import _numpy_backend, dense_arrays
from nlp.errors import ConfigError, InputFileError
from training.build import train_model
from training.config import CorpusSource, TrainConfig
from training.datasets import load_corpus

# rows written for these tests in the corpus format
CORPUS = [
    {"text": "can you send me the link?", "style": "question", "sentiment": "neutral", "split": "train"},
    {"text": "not bad at all", "style": "negation", "sentiment": "positive", "split": "train"},
    {"text": "love waiting an hour, great job", "style": "sarcasm", "sentiment": "negative", "split": "train"},
    {"text": "please call me back", "style": "request", "sentiment": "neutral", "split": "dev"},
    {"text": "brilliant team", "style": "short", "sentiment": "positive", "split": "heldout_industry"},
    {"text": "no label here", "style": "plain", "sentiment": None, "split": "train"},
]


def write_corpus(path: Path) -> Path:
    path.write_text("".join(json.dumps({"lang": "en", "industry": "retail", "mixed": False, "themes": {},
                                        "clauses": [], **r}) + "\n" for r in CORPUS))
    return path


def quiet(_: str) -> None:
    pass


def test_corpus_rows_by_split(tmp_path: Path) -> None:
    path = write_corpus(tmp_path / "c.jsonl")
    train = load_corpus(path, ["train"])
    assert train["text"].tolist() == ["can you send me the link?", "not bad at all", "love waiting an hour, great job"]
    assert set(train["source"]) == {"corpus"} and all(t == {} for t in train["themes"])
    assert len(load_corpus(path)) == 5
    (tmp_path / "bad.jsonl").write_text('{"text": "x", "sentiment": "neutral", "split": "train"}\nnot json\n')
    with pytest.raises(InputFileError, match=r"bad\.jsonl:2: not JSON"):
        load_corpus(tmp_path / "bad.jsonl")
    with pytest.raises(InputFileError, match="not found"):
        load_corpus(tmp_path / "missing.jsonl")


def test_build_trains_on_the_corpus_and_records_it(tmp_path: Path) -> None:
    path = write_corpus(tmp_path / "c.jsonl")
    logs: list[str] = []
    out = train_model(tiny_config(corpus=[CorpusSource(path=str(path), weight=2.0)]), tmp_path / "m", log=logs.append)
    art = read_artifact(out)
    src = [s for s in art.meta.data_sources if s["name"].startswith("NPS Lens generated corpus")]
    assert src == [{"name": src[0]["name"], "licence": "Apache-2.0", "rows": 3, "path": str(path),
                    "sha256": hashlib.sha256(path.read_bytes()).hexdigest()[:16], "splits": ["train"]}]
    assert art.metrics["corpus_dev"]["all"]["n"] == 1 and art.metrics["corpus_dev"]["request"]["n"] == 1
    assert any("c.jsonl (train): 3 texts" in m for m in logs)


def test_missing_optional_sources_are_skipped_and_required_ones_stop(tmp_path: Path) -> None:
    cfg = tiny_config(corpus=[CorpusSource(path=str(tmp_path / "none.jsonl"), required=False)],
                      encoder_weights=str(tmp_path / "no-encoder"), encoder_weights_required=False)
    logs: list[str] = []
    out = train_model(cfg, tmp_path / "m", log=logs.append)
    assert not (out / ENCODER_DENSE).exists() and read_artifact(out).config.encoder_weights is None
    assert any("not found (optional)" in m for m in logs) and any("no-encoder not found" in m for m in logs)
    with pytest.raises(InputFileError, match=r"corpus file .* not found"):
        train_model(tiny_config(corpus=[CorpusSource(path=str(tmp_path / "none.jsonl"))]), tmp_path / "m2", log=quiet)
    with pytest.raises(InputFileError, match="encoder_weights_required = false"):
        train_model(tiny_config(encoder_weights=str(tmp_path / "no-encoder")), tmp_path / "m3", log=quiet)
    folder = tmp_path / "enc"
    folder.mkdir()
    (folder / "dense.safetensors").write_bytes(b"")
    with pytest.raises(ConfigError, match=r"the config's encoder is 'hashing\.v1'"):
        train_model(tiny_config(encoder_weights=str(folder)), tmp_path / "m4", log=quiet)


@pytest.fixture(scope="module")
def ft_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = np.random.default_rng(3)
    folder = tmp_path_factory.mktemp("enc") / "use-m3-test-ft"
    folder.mkdir()
    arrays = {k: (v * (1 + 0.05 * rng.standard_normal(v.shape))).astype(np.float32)
              for k, v in dense_arrays(_numpy_backend(1)).items()}
    save_file(arrays, str(folder / "dense.safetensors"))
    (folder / "config.json").write_text(json.dumps({"name": "use-m3-test-ft"}))
    return folder


@pytest.mark.slow
def test_build_with_an_encoder_folder_and_retrain_keeps_it(ft_folder: Path, tmp_path: Path) -> None:
    from training.retrain import retrain

    cfg = tiny_config(encoder="use-m3.v1", backend="onnx-int8", encoder_weights=str(ft_folder))
    out = train_model(cfg, tmp_path / "m", log=quiet)
    dense = (ft_folder / "dense.safetensors").read_bytes()
    art = read_artifact(out)
    assert (out / ENCODER_DENSE).read_bytes() == dense
    assert art.config.encoder_weights == "use-m3-test-ft"
    assert art.config.encoder_weights_sha256 == hashlib.sha256(dense).hexdigest()
    ft = make_encoder("use-m3.v1", threads=1, backend="onnx-int8", dense_path=ft_folder / "dense.safetensors")
    assert (out / ENCODER_ONNX).read_bytes() == ft.int8_model()  # trained on the embeddings it serves

    rows = [{"text": f"{w} parking at the {p}", "sentiment": s, "themes": {}}
            for w, s in (("great", "positive"), ("awful", "negative"), ("some", "neutral"))
            for p in ("store", "branch", "office", "mall", "airport", "station", "depot", "centre", "park", "bank",
                      "clinic")]
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    tax = write_yaml(tmp_path / "small.yaml", small_taxonomy())  # the themes the tiny corpus has
    res = retrain([data], base_model=out, output=tmp_path / "r", register_model=False, log=quiet, taxonomy=tax,
                  config=TrainConfig(base_public_sets=False, base_data="always", min_examples_error=1,
                                     min_examples_warn=1, dev_fraction=0.2, test_fraction=0.2, matcher_episodes=4,
                                     matcher_hidden=0))
    assert res.path is not None and (res.path / ENCODER_DENSE).read_bytes() == dense
    assert read_artifact(res.path).config.encoder_weights_sha256 == art.config.encoder_weights_sha256
    with pytest.raises(ConfigError, match="keeps the base model's encoder weights"):
        retrain([data], base_model=out, output=tmp_path / "r2", log=quiet,
                config=TrainConfig(encoder_weights=str(ft_folder)))


def test_mlp_sentiment_head_round_trips(tmp_path: Path) -> None:
    from nlp.pipeline import Analyzer

    out = train_model(tiny_config(sentiment_head="mlp", sentiment_hidden=16), tmp_path / "m", log=quiet)
    art = read_artifact(out)
    assert art.config.sentiment.layers == 2 and art.tensors["sentiment.w0"].shape[1] == 16
    texts = ["the staff were lovely", "waited an hour and nobody came"]
    before = Analyzer.load(out).analyze(texts)
    again = Analyzer.load(out).analyze(texts)
    assert [r.sentiment.scores for r in before] == [r.sentiment.scores for r in again]
    assert all(abs(sum(r.sentiment.scores.values()) - 1) < 1e-3 for r in before)


def test_retraining_keeps_the_base_sentiment_head_kind(tmp_path: Path) -> None:
    from training.retrain import retrain

    base = train_model(tiny_config(sentiment_head="mlp", sentiment_hidden=16), tmp_path / "b", log=quiet)
    rows = [{"text": f"{w} service at the {p}", "sentiment": s, "themes": {}}
            for w, s in (("great", "positive"), ("awful", "negative"), ("some", "neutral"))
            for p in ("store", "branch", "office", "mall", "airport", "station", "depot", "centre", "park", "bank",
                      "clinic", "shop")]
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    tax = write_yaml(tmp_path / "small.yaml", small_taxonomy())
    res = retrain([data], base_model=base, output=tmp_path / "r", register_model=False, log=quiet, taxonomy=tax,
                  config=TrainConfig(base_public_sets=False, base_data="always", min_examples_error=1,
                                     min_examples_warn=1, retrain_sentiment="always", dev_fraction=0.2,
                                     test_fraction=0.2, matcher_episodes=4, matcher_hidden=0))
    assert res.path is not None
    art = read_artifact(res.path)
    assert "sentiment" not in res.metrics["kept_heads"]
    assert art.config.sentiment.layers == 2 and art.tensors["sentiment.w0"].shape[1] == 16
