"""``npslens classify`` (local engine): streaming order and counts across chunks, ``--backend`` errors."""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from batch.results.writer import CHUNK_ROWS
from cli.main import app

WORDS = ["waited", "on hold", "friendly staff", "price went up", "app crashed", "great value", "refund"]


def _survey(path: Path, n: int) -> dict[int, str]:
    """n rows; every 7th comment blank and every 11th without letters, ids ``r<i>``; returns the expected skips."""
    skipped: dict[int, str] = {}
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["response_id", "comment"])
        for i in range(n):
            if i % 7 == 3:
                text, skipped[i] = "", "empty"
            elif i % 11 == 5:
                text, skipped[i] = "### !!!", "not_text"
            else:
                text = f"{WORDS[i % len(WORDS)]} and {WORDS[(i * 3) % len(WORDS)]}, visit {i}"
            w.writerow([f"r{i}", text])
    return skipped


def test_streaming_keeps_order_count_and_skips_across_chunks(tmp_path: Path, tiny_model_dir: Path) -> None:
    n = CHUNK_ROWS * 2 + 357  # three chunks, the last one partial
    src, out = tmp_path / "survey.csv", tmp_path / "out.jsonl"
    skipped = _survey(src, n)
    res = CliRunner().invoke(app, ["classify", str(src), "--text-column", "comment", "--id-column", "response_id",
                                   "--model", str(tiny_model_dir), "--batch-size", "64", "--output", str(out),
                                   "--quiet"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == n
    assert [r["row"] for r in lines] == list(range(n))
    assert [r["id"] for r in lines] == [f"r{i}" for i in range(n)]
    assert {i: r["skipped"] for i, r in enumerate(lines) if r["skipped"]} == skipped
    assert all(r["sentiment"] is None for r in lines if r["skipped"])
    assert all(r["sentiment"]["label"] in {"positive", "neutral", "negative"} for r in lines if not r["skipped"])


def test_same_comment_same_result_whatever_the_batch_size(tmp_path: Path, tiny_model_dir: Path) -> None:
    src = tmp_path / "survey.csv"
    _survey(src, 300)
    outs = []
    for bs in ("7", "256"):
        out = tmp_path / f"out-{bs}.jsonl"
        res = CliRunner().invoke(app, ["classify", str(src), "--text-column", "comment", "--model",
                                       str(tiny_model_dir), "--batch-size", bs, "--output", str(out), "--quiet"])
        assert res.exit_code == 0, res.output
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1]


def test_backend_the_model_cannot_run_is_one_error_line(tmp_path: Path, tiny_model_dir: Path) -> None:
    src = tmp_path / "survey.csv"
    _survey(src, 5)
    res = CliRunner().invoke(app, ["classify", str(src), "--text-column", "comment", "--model", str(tiny_model_dir),
                                   "--backend", "onnx-int8", "--output", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 2
    assert res.output.strip().startswith("error: ") and len(res.output.strip().splitlines()) == 1
    assert "hashing.v1" in res.output and "numpy" in res.output


def test_missing_torch_for_the_torch_backend_is_one_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    src = tmp_path / "survey.csv"
    _survey(src, 5)
    res = CliRunner().invoke(app, ["classify", str(src), "--text-column", "comment", "--backend", "torch",
                                   "--output", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and "pip install 'npslens[torch]'" in lines[0]
