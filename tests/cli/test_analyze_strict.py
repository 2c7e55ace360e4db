"""``npslens analyze`` / ``classify`` fail loudly on tables they cannot read as meant: rows with more fields than the
header (never shifted into other columns) and duplicate column names."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app

SHIFTED = "id,score,comment\nr1,9,great,,\nr2,3,slow delivery\nr3,10,love it\n"


def analyze(src: Path, out: Path, model: Path, score_column: str = "score") -> object:
    return CliRunner().invoke(app, ["analyze", str(src), "--text-column", "comment", "--score-column", score_column,
                                    "--id-column", "id", "--model", str(model), "--output-dir", str(out), "--quiet"])


@pytest.mark.parametrize("text, fragment", [
    (SHIFTED, "line 2 has 5 fields but the header has 3 columns (extra_fields)"),
    ("id,score,comment\nr1,9,great\nr2,3,slow,,\n", "line 3 has 5 fields but the header has 3 columns"),
    ("id,score,comment,score\nr1,9,great,1\n", "duplicate column names 'score'"),
])
def test_analyze_refuses_instead_of_shifting(tmp_path: Path, tiny_model_dir: Path, text: str, fragment: str) -> None:
    src = tmp_path / "s.csv"
    src.write_text(text, encoding="utf-8")
    res = analyze(src, tmp_path / "out", tiny_model_dir)
    assert res.exit_code == 2, res.output
    assert fragment in " ".join(res.output.split()) and "Traceback" not in res.output
    assert not (tmp_path / "out" / "report.json").exists()


def test_classify_refuses_instead_of_shifting(tmp_path: Path, tiny_model_dir: Path) -> None:
    src = tmp_path / "s.csv"
    src.write_text(SHIFTED, encoding="utf-8")
    out = tmp_path / "c.jsonl"
    res = CliRunner().invoke(app, ["classify", str(src), "--text-column", "comment", "--id-column", "id", "--model",
                                   str(tiny_model_dir), "--output", str(out), "--quiet"])
    assert res.exit_code == 2, res.output
    assert "(extra_fields)" in " ".join(res.output.split())
    assert not out.exists() or out.read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("column, values, fragment", [
    ("Q1_NPS_GROUP", ["Promoter", "Detractor", "Passive"], '(values: "Promoter", "Detractor", "Passive")'),
    ("empty", ["", " ", ""], "(values: every cell is empty)"),
    ("sci", ["1e1", "9.5", "+9"], '(values: "1e1", "9.5", "+9")'),
])
def test_score_column_without_a_valid_score_is_an_error(tmp_path: Path, tiny_model_dir: Path, column: str,
                                                        values: list[str], fragment: str) -> None:
    src = tmp_path / "s.csv"
    rows = [f"r{i},{values[i % 3]},comment {i}" for i in range(7)]
    src.write_text(f"id,{column},comment\n" + "\n".join(rows) + "\n", encoding="utf-8")
    res = analyze(src, tmp_path / "out", tiny_model_dir, score_column=column)
    assert res.exit_code == 2, res.output
    line = " ".join(res.output.split())
    assert f"score column '{column}' has no valid 0–10 score in 7 rows" in line and fragment in line
    assert "--score-column" in line
    assert not (tmp_path / "out" / "report.json").exists() and not (tmp_path / "out" / "rejects.csv").exists()


def test_one_valid_score_is_enough(tmp_path: Path, tiny_model_dir: Path) -> None:
    src = tmp_path / "s.csv"
    src.write_text("id,score,comment\nr1,Promoter,great\nr2,9,great\n", encoding="utf-8")
    res = analyze(src, tmp_path / "out", tiny_model_dir)
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out" / "report.json").exists()


@pytest.mark.parametrize("taxonomy, fragment", [
    ("name: x\nthemes: " + "[" * 5000 + "]" * 5000, "nested deeper than 20 levels"),
    ("name: x\nversion: " + "9" * 5000 + "\nthemes: []\n", "a number with more than 4,300 digits"),
])
def test_hostile_taxonomy_file_is_one_error_line(tmp_path: Path, tiny_model_dir: Path, taxonomy: str,
                                                 fragment: str) -> None:
    src, tax = tmp_path / "s.csv", tmp_path / "t.yaml"
    src.write_text("id,score,comment\nr1,9,great\n", encoding="utf-8")
    tax.write_text(taxonomy, encoding="utf-8")
    res = CliRunner().invoke(app, ["analyze", str(src), "--text-column", "comment", "--score-column", "score",
                                   "--taxonomy", str(tax), "--model", str(tiny_model_dir), "--output-dir",
                                   str(tmp_path / "out"), "--quiet"])
    assert res.exit_code == 2, res.output
    line = " ".join(res.output.split())
    assert line.startswith("error: invalid taxonomy") and fragment in line and "unexpected" not in line
