"""The progress bar of ``classify`` / ``analyze``: rows, rate, and time left when the total is known."""

from pathlib import Path

from batch.tables import count_rows
from cli.progress import progress_bar


def test_bar_shows_rate_and_eta_and_ends_at_the_rows_done(capsys):
    with progress_bar("analysing", False, total=12) as advance:  # an over-estimate (a CSV line count)
        advance(5)
        advance(5)
    err = capsys.readouterr().err
    assert "10/10" in err and "rows/s" in err and "ETA" in err


def test_bar_without_total_and_quiet(capsys):
    with progress_bar("analysing", False) as advance:
        advance(3)
    assert "3/?" in capsys.readouterr().err
    with progress_bar("analysing", True, total=5) as advance:
        advance(5)
    assert capsys.readouterr().err == ""


def test_count_rows(tmp_path: Path):
    (tmp_path / "a.csv").write_text("x,y\n1,2\n3,4")  # no final line break
    (tmp_path / "b.jsonl").write_text('{"x": 1}\n{"x": 2}\n{"x": 3}\n')
    assert count_rows(str(tmp_path / "a.csv")) == 2 and count_rows(str(tmp_path / "b.jsonl")) == 3
    assert count_rows("-") is None and count_rows(str(tmp_path / "missing.csv")) is None
