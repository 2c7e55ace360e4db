"""``npslens classify --text "…"``: comments from the command line, one JSON line each on stdout."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app
from nlp.pipeline import Analyzer


def test_text_prints_one_json_line_per_comment_same_as_the_analyzer(tiny_model_dir: Path) -> None:
    texts = ["The driver was lovely and early.", "Cold food, forty minutes late.", ""]
    args = ["classify", "--model", str(tiny_model_dir)]
    for t in texts:
        args += ["--text", t]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    expected = [r.to_dict() for r in Analyzer.load(tiny_model_dir).pipe(texts)]
    assert [line["row"] for line in lines] == [0, 1, 2] and all(line["id"] is None for line in lines)
    assert [{k: v for k, v in line.items() if k not in ("row", "id")} for line in lines] == expected
    assert lines[2]["skipped"] == "empty" and lines[2]["sentiment"] is None
    assert lines[1]["sentiment"]["label"] in {"positive", "neutral", "negative"}


def test_text_with_an_input_file_is_refused(tmp_path: Path, tiny_model_dir: Path) -> None:
    res = CliRunner().invoke(app, ["classify", str(tmp_path / "x.csv"), "--text", "hi", "--model",
                                   str(tiny_model_dir)])
    assert res.exit_code == 2 and "--text classifies the given comments" in " ".join(res.output.split())


def test_without_text_input_and_columns_are_needed(tiny_model_dir: Path) -> None:
    res = CliRunner().invoke(app, ["classify", "--model", str(tiny_model_dir), "--output", "-"])
    assert res.exit_code == 2 and "INPUT is needed" in " ".join(res.output.split())
