"""Qualtrics / SurveyMonkey exports (CSV and XLSX) read as they come: extra header rows skipped, question texts as
column names, row numbers and ids right, in the reader and in ``npslens analyze``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from batch.tables import count_rows, read_table
from cli.main import app
from nlp.errors import InputFileError
from nlp.survey_exports import detect_layout

FIXTURES = Path(__file__).parents[1] / "fixtures" / "survey_exports"
QUALTRICS, MONKEY = FIXTURES / "qualtrics.csv", FIXTURES / "surveymonkey.csv"
QUALTRICS_IDS = ["R_7aXq1", "R_2bLm9", "R_9cTz4", "R_4dRw2", "R_1eKp7"]


def _read(path: Path, required: list[str], **kw: object) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for chunk in read_table(str(path), required, chunksize=2, **kw):  # type: ignore[arg-type]
        rows.extend(chunk.to_dict("records"))
    return rows


def test_qualtrics_csv_skips_question_and_import_id_rows() -> None:
    rows = _read(QUALTRICS, ["Q1", "Q2", "ResponseId"])
    assert [r["ResponseId"] for r in rows] == QUALTRICS_IDS
    assert [r["Q1"] for r in rows] == ["10", "3", "8", "0", "9"]
    assert not any("ImportId" in v for r in rows for v in r.values())


def test_qualtrics_columns_named_by_question_text_line_breaks_as_spaces() -> None:
    rows = _read(QUALTRICS, ["Why did you give this score?", "Which city do you order in?"])
    assert [r["Why did you give this score?"] for r in rows] == [r["Q2"] for r in rows]
    assert rows[1]["Why did you give this score?"].startswith("Forty minutes late")
    assert [r["Which city do you order in?"] for r in rows] == ["Leeds", "York", "Leeds", "York", "Leeds"]


def test_surveymonkey_csv_skips_sub_label_row_and_names_options() -> None:
    rows = _read(MONKEY, ["Respondent ID", "What is the main reason for your score?"])
    assert [r["Respondent ID"] for r in rows] == ["11873001", "11873002", "11873003", "11873004"]
    assert rows[3]["Which of these did you use? - Other (please specify)"] == "phone order"
    assert rows[1]["Which of these did you use? - Website"] == "Website"


def test_question_with_several_columns_asks_for_one() -> None:
    with pytest.raises(InputFileError, match=r"'Which of these did you use\?' has 3 columns"):
        _read(MONKEY, ["Which of these did you use?"])


def test_missing_column_says_which_export_was_detected() -> None:
    with pytest.raises(InputFileError, match=r"no column 'comment' \(read as a Qualtrics export with 3 header rows\)"):
        _read(QUALTRICS, ["comment"])


def test_plain_csv_with_a_response_word_is_not_surveymonkey() -> None:
    for row2 in (["r1", "9", "Response"], ["r1", "", "Response"], ["", "nine", "Response"], ["", "Response", "7"]):
        layout = detect_layout(["id", "score", "comment"], row2, None)
        assert layout.kind == "plain" and layout.extra_rows == 0, row2
    assert detect_layout(["Respondent ID", "Q"], ["", "Response"], None).kind == "surveymonkey"


def test_count_rows_leaves_out_header_rows(tmp_path: Path) -> None:
    assert count_rows(str(MONKEY)) == 4
    flat = tmp_path / "q.csv"  # no line break inside a header cell: the count is exact
    flat.write_text(QUALTRICS.read_text(encoding="utf-8").replace("do you\norder", "do you order"), encoding="utf-8")
    assert count_rows(str(flat)) == 5


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _qualtrics_rows() -> list[list[object]]:
    with QUALTRICS.open(encoding="utf-8", newline="") as fh:
        rows: list[list[object]] = [list(r) for r in csv.reader(fh)]
    for r in rows[3:]:
        r[3] = int(str(r[3]))  # scores as numbers, as a spreadsheet holds them
    return rows


def test_xlsx_qualtrics_export_reads_like_the_csv(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "export.xlsx", [*_qualtrics_rows(), [None] * 7])  # a trailing blank row
    rows = _read(path, ["Why did you give this score?", "Q1", "ResponseId"])
    assert rows == _read(QUALTRICS, ["Why did you give this score?", "Q1", "ResponseId"])
    assert count_rows(str(path)) == 6  # the sheet's formatted blank row counts; it is not read as data


def test_xlsx_format_flag_and_binary_hint(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "export.bin", [["id", "score"], ["a", 9.0]])
    with pytest.raises(InputFileError, match="--format xlsx"):
        _read(path, ["id"])
    assert _read(path, ["id", "score"], fmt="xlsx") == [{"id": "a", "score": "9"}]


def test_xlsx_value_right_of_last_column_is_an_error(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "bad.xlsx", [["id", "score"], ["a", 9, "stray"]])
    with pytest.raises(InputFileError, match="row 2 has a value right of the last named column"):
        _read(path, ["id"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_analyze_qualtrics_export_accounts_for_every_row(tmp_path: Path, tiny_model_dir: Path, fmt: str) -> None:
    src = QUALTRICS if fmt == "csv" else _xlsx(tmp_path / "export.xlsx", _qualtrics_rows())
    out = tmp_path / "out"
    res = CliRunner().invoke(app, [
        "analyze", str(src), "--text-column", "Why did you give this score?", "--score-column", "Q1",
        "--id-column", "ResponseId", "--segment-column", "Which city do you order in?", "--date-column", "Q4",
        "--format", fmt, "--model", str(tiny_model_dir), "--output-dir", str(out), "--quiet"])
    assert res.exit_code == 0, res.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["data_quality"]["rows"] == 5 and report["rejected"]["count"] == 0
    assert report["nps"]["n"] == 5 and report["nps"]["promoters"] == 2 and report["nps"]["detractors"] == 2
    with (out / "comments.csv").open(encoding="utf-8", newline="") as fh:
        comments = list(csv.DictReader(fh))
    assert [(c["row"], c["id"]) for c in comments] == list(zip(map(str, range(5)), QUALTRICS_IDS, strict=True))
    assert comments[3]["text"].startswith("The app crashed")


def test_classify_reads_an_xlsx_export_by_question_text(tmp_path: Path, tiny_model_dir: Path) -> None:
    src, out = _xlsx(tmp_path / "export.xlsx", _qualtrics_rows()), tmp_path / "out.jsonl"
    res = CliRunner().invoke(app, ["classify", str(src), "--text-column", "Why did you give this score?",
                                   "--id-column", "ResponseId", "--model", str(tiny_model_dir), "--output", str(out),
                                   "--quiet"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["row"], r["id"]) for r in lines] == list(enumerate(QUALTRICS_IDS))
    assert lines[2]["skipped"] == "empty"  # R_9cTz4 left the question blank
