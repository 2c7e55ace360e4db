"""``npslens classify --engine ray``: same output as the local engine, row for row; clear errors without Ray."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from batch.ray_engine import _probe, classify_with_ray, slice_batches
from batch.results.writer import CHUNK_ROWS, ResultWriter
from batch.tables import read_table
from cli.main import app
from nlp.errors import DistributedError, NPSLensError

TEXTS = [
    "waited 40 minutes on hold and nobody could fix my broadband",
    "the app is brilliant, paid my bill in seconds",
    "",
    "   ",
    "12345",
    "staff in the shop were friendly but the price went up again",
    "Le personnel était très aimable",
    'she said "no refunds", then hung up',
    "ok",
]


def run(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ray") / "survey.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["response_id", "comment"])
        for i in range(43):
            text = TEXTS[i % len(TEXTS)]
            w.writerow(["" if i % 11 == 5 else f"id{i}", f"{text} #{i}" if text.strip() and i % 3 else text])
    return path


def classify(survey: Path, out: Path, model: Path, *extra: str) -> list[str]:
    res = run("classify", str(survey), "--text-column", "comment", "--id-column", "response_id", "--model",
              str(model), "--batch-size", "8", "-q", "-o", str(out), *extra)
    assert res.exit_code == 0, res.output
    return out.read_text(encoding="utf-8").splitlines() if out.suffix == ".jsonl" else []


def test_ray_output_equals_local_row_for_row(ray_cluster, survey, tiny_model_dir, tmp_path):
    local = classify(survey, tmp_path / "local.jsonl", tiny_model_dir)
    distributed = classify(survey, tmp_path / "ray.jsonl", tiny_model_dir, "--engine", "ray", "--num-workers", "2")
    assert distributed == local  # byte for byte
    rows = [json.loads(line) for line in distributed]
    assert [r["row"] for r in rows] == list(range(43))
    assert rows[5]["id"] == "" and rows[6]["id"] == "id6"
    assert rows[2]["skipped"] == "empty" and rows[3]["skipped"] == "empty" and rows[4]["skipped"] == "not_text"
    assert rows[0]["sentiment"]["label"] and not list(tmp_path.glob(".*partial"))


def test_ray_jsonl_input_parquet_output_equals_local(ray_cluster, tiny_model_dir, tmp_path):
    src = tmp_path / "in.jsonl"  # raw cells that are not strings must reach the analyzer unchanged
    cells: list[object] = [*TEXTS, None, 42, 3.5, "the engineer never turned up"]
    src.write_text("".join(json.dumps({"id": i if i % 4 else None, "text": t}) + "\n" for i, t in enumerate(cells)))
    for engine in ("local", "ray"):
        res = run("classify", str(src), "--text-column", "text", "--id-column", "id", "--model", str(tiny_model_dir),
                  "--batch-size", "3", "-q", "-o", str(tmp_path / f"{engine}.parquet"), "--engine", engine)
        assert res.exit_code == 0, res.output
    local, distributed = pq.read_table(tmp_path / "local.parquet"), pq.read_table(tmp_path / "ray.parquet")
    assert distributed.equals(local) and local.num_rows == len(cells)
    rows = local.to_pylist()
    assert rows[len(TEXTS) + 1]["skipped"] == "not_text" and rows[0]["id"] is None
    assert rows[1]["id"] == "1.0"  # pandas reads an int column with nulls as floats; both engines say so


def test_worker_failure_is_one_line(ray_cluster, survey, tmp_path):
    """A model the workers cannot load (here: not checked on the driver, as with a remote cluster)."""
    (tmp_path / "empty-model").mkdir()
    with pytest.raises(NPSLensError) as err:
        classify_with_ray(str(survey), str(tmp_path / "o.jsonl"), text_column="comment",
                          model=str(tmp_path / "empty-model"), address="auto", num_workers=1)
    assert str(err.value).startswith("a Ray worker failed: no NPS Lens model at") and "\n" not in str(err.value)
    assert not (tmp_path / "o.jsonl").exists() and not list(tmp_path.glob(".*partial"))


def test_unreachable_address_fails_fast():
    with pytest.raises(DistributedError, match="does not answer"):
        _probe("ray://127.0.0.1:1")


def test_batches_are_the_local_engines(tmp_path):
    """Scores depend on which comments share a batch, so Ray gets exactly the local engine's batches:
    each read_table chunk cut into batch_size slices from its own start."""
    path = tmp_path / "big.csv"
    path.write_text("comment\n" + "".join(f"comment {i}\n" for i in range(2 * CHUNK_ROWS + 100)))
    chunks = read_table(str(path), ["comment"], chunksize=max(256, CHUNK_ROWS))
    batches = list(slice_batches(chunks, "comment", None, 256))
    starts = [row for _, row, _, _ in batches]
    assert starts == [0, 256, 512, 768, 1000, 1256, 1512, 1768, 2000]
    assert [k for k, *_ in batches] == list(range(len(batches)))
    assert [t for _, _, texts, _ in batches for t in texts] == [f"comment {i}" for i in range(2100)]


def test_csv_output_nests_json(tmp_path):
    line = json.dumps({"row": 0, "id": None, "sentiment": {"label": "neutral", "scores": {}, "mixed": False},
                       "themes": [{"id": "t"}], "language": "en", "skipped": None})
    with ResultWriter.open(str(tmp_path / "out.csv")) as out:
        out.write([line])
    rows = list(csv.DictReader((tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()))
    assert rows == [{"row": "0", "id": "", "sentiment": json.dumps({"label": "neutral", "scores": {}, "mixed": False}),
                     "themes": '[{"id": "t"}]', "language": "en", "skipped": ""}]


def test_missing_ray_is_one_clear_line(survey, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError
    res = run("classify", str(survey), "--text-column", "comment", "-o", str(tmp_path / "o.jsonl"), "--engine", "ray")
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --engine ray needs Ray Data")
    assert "pip install 'npslens[ray]'" in lines[0] and not (tmp_path / "o.jsonl").exists()


@pytest.mark.parametrize("option", [["--num-workers", "2"], ["--ray-address", "auto"], ["--gpu"]])
def test_ray_options_need_the_ray_engine(survey, tmp_path, option):
    res = run("classify", str(survey), "--text-column", "comment", "-o", str(tmp_path / "o.jsonl"), *option)
    assert res.exit_code == 2 and "needs --engine ray" in res.output


def test_unreadable_uri_is_one_line(tmp_path):
    res = run("classify", "memory:///nowhere.csv", "--text-column", "comment", "-o", str(tmp_path / "o.jsonl"))
    assert res.exit_code == 2
    assert res.output.strip().startswith("error: cannot read memory:///nowhere.csv")
    assert len(res.output.strip().splitlines()) == 1
