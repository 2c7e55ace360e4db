"""One day/month order per file: ambiguous slash dates are one clear error naming --day-first / --month-first;
with a flag every date reads the same way; ISO dates need no flag."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli.main import app
from nlp.dates import DAY_FIRST, MONTH_FIRST, DateReader
from nlp.errors import InvalidInputError

MONKEY = Path(__file__).parents[1] / "fixtures" / "survey_exports" / "surveymonkey.csv"


def _iso(values: list[str], order: str | None) -> list[str | None]:
    dates, _ = DateReader("d", order).parse(pd.Series(values))
    return [None if pd.isna(d) else d.strftime("%Y-%m-%d %H:%M") for d in dates]


def test_ambiguous_column_is_one_error_naming_both_readings_and_flags() -> None:
    with pytest.raises(InvalidInputError) as err:
        _iso(["05/04/2026", "25/04/2026"], None)
    msg = str(err.value)
    assert "'05/04/2026' reads as 5 April (day first) or 4 May (month first)" in msg
    assert "'25/04/2026', which reads day-first only" in msg and "--day-first or --month-first" in msg


@pytest.mark.parametrize("order, expected", [
    (DAY_FIRST, ["2026-04-05 00:00", "2026-04-25 00:00", None, "2026-12-01 09:30"]),
    (MONTH_FIRST, ["2026-05-04 00:00", None, "2026-04-25 00:00", "2026-01-12 09:30"]),
])
def test_a_flag_reads_every_date_the_same_way(order: str, expected: list[str | None]) -> None:
    values = ["05/04/2026", "25/04/2026", "04/25/2026", "01.12.26 09:30"]
    assert _iso(values, order) == expected
    _, reasons = DateReader("d", order).parse(pd.Series(values))
    assert reasons.tolist() == [None if e else "date unparsable" for e in expected]


def test_iso_and_written_months_and_one_order_only_need_no_flag() -> None:
    assert _iso(["2026-03-14", "2026-03-14T23:30:00-02:00", "14 March 2026", "25/04/2026", "04/04/2026"], None) == [
        "2026-03-14 00:00", "2026-03-15 01:30", "2026-03-14 00:00", "2026-04-25 00:00", "2026-04-04 00:00"]


def test_orders_mixed_across_chunks_is_an_error() -> None:
    reader = DateReader("d")
    assert _iso(["25/04/2026"], None) == ["2026-04-25 00:00"]
    reader.parse(pd.Series(["25/04/2026"]))
    with pytest.raises(InvalidInputError, match=r"mixes day-first dates \('25/04/2026'\) and month-first dates"):
        reader.parse(pd.Series(["04/26/2026"]))


def _analyze(tmp_path: Path, model: Path, *flags: str) -> object:
    return CliRunner().invoke(app, [
        "analyze", str(MONKEY), "--text-column", "What is the main reason for your score?", "--score-column",
        "How likely is it that you would recommend Parcelo to a friend or colleague?", "--id-column",
        "Respondent ID", "--date-column", "Start Date", *flags, "--model", str(model), "--output-dir",
        str(tmp_path / "out"), "--quiet"])


def test_analyze_ambiguous_dates_fail_then_month_first_reads_may(tmp_path: Path, tiny_model_dir: Path) -> None:
    res = _analyze(tmp_path, tiny_model_dir)
    assert res.exit_code == 2 and "--day-first or --month-first" in " ".join(res.output.split())
    assert not (tmp_path / "out" / "report.json").exists()
    res = _analyze(tmp_path, tiny_model_dir, "--month-first")
    assert res.exit_code == 0, res.output
    with (tmp_path / "out" / "comments.csv").open(encoding="utf-8", newline="") as fh:
        assert {r["period"] for r in csv.DictReader(fh)} == {"2026-05"}
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["rejected"]["count"] == 0 and report["nps"]["n"] == 4


def test_analyze_refuses_both_flags(tmp_path: Path, tiny_model_dir: Path) -> None:
    res = _analyze(tmp_path, tiny_model_dir, "--day-first", "--month-first")
    assert res.exit_code == 2 and "not both" in res.output
