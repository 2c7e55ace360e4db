"""Tables are read strictly: rows with more fields than the header are errors (never shifted), duplicate column
names are errors, and scores are integer literals."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from batch.tables import read_table
from nlp.errors import InputFileError
from nlp.report.validate import SCORE_INVALID, SCORE_MISSING, parse_scores

SHIFTED = "id,score,comment\nr1,9,great,,\nr2,3,slow delivery\nr3,10,love it\n"


def write(tmp_path: Path, text: str, name: str = "s.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def read_all(path: str, chunksize: int = 2000) -> pd.DataFrame:
    return pd.concat(list(read_table(path, ["id", "score", "comment"], chunksize=chunksize)))


def test_extra_fields_in_the_first_row_are_an_error_not_a_shift(tmp_path: Path) -> None:
    # pandas alone reads this with ids as the index and every cell moved one column to the left
    assert pd.read_csv(io.StringIO(SHIFTED), dtype=str).index[0] == ("r1", "9")
    with pytest.raises(InputFileError, match=r"line 2 has 5 fields but the header has 3 columns \(extra_fields\)"):
        read_all(write(tmp_path, SHIFTED))


@pytest.mark.parametrize("chunksize", [1, 2, 1000])
def test_extra_fields_in_a_later_row_name_its_line(tmp_path: Path, chunksize: int) -> None:
    text = "id,score,comment\nr1,9,great\nr2,3,slow\nr3,10,ok,x\n"
    with pytest.raises(InputFileError, match=r"line 4 has 4 fields but the header has 3 columns"):
        read_all(write(tmp_path, text), chunksize)


def test_stdin_python_engine_is_strict_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SHIFTED.encode())))
    with pytest.raises(InputFileError, match=r"stdin: line 2 has 5 fields .*extra_fields"):
        read_all("-")


def test_good_file_reads_unchanged_with_a_running_index(tmp_path: Path) -> None:
    text = 'id,score,comment\nr1,9,great\nr2,3,"slow, late\nand cold"\n\nr3,10,\nr4,7,x\nr5,8\n'
    chunks = list(read_table(write(tmp_path, text), ["id"], chunksize=2))
    assert [len(c) for c in chunks] == [2, 2, 1]
    assert [list(c.index) for c in chunks] == [[0, 1], [2, 3], [4]]
    df = pd.concat(chunks)
    assert df["id"].tolist() == ["r1", "r2", "r3", "r4", "r5"]
    assert df["comment"].tolist()[:4] == ["great", "slow, late\nand cold", "", "x"]
    assert df["score"].tolist() == ["9", "3", "10", "7", "8"]


def test_header_only_and_one_column_files(tmp_path: Path) -> None:
    (chunk,) = read_table(write(tmp_path, "id,score,comment\n"), ["id"])
    assert chunk.empty and list(chunk.columns) == ["id", "score", "comment"]
    one = pd.concat(list(read_table(write(tmp_path, "comment\nhello\n\nworld\n", "one.csv"), ["comment"])))
    assert one["comment"].tolist() == ["hello", "world"]


def test_duplicate_column_names_are_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"duplicate column names 'score'"):
        read_all(write(tmp_path, "id,score,comment,score\nr1,9,ok,3\n"))


def test_duplicate_parquet_columns_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "d.parquet"
    pq.write_table(pa.table([pa.array(["r1"]), pa.array(["9"]), pa.array(["1"])], names=["id", "score", "score"]),
                   path)
    with pytest.raises(InputFileError, match=r"duplicate column names 'score'"):
        list(read_table(str(path), ["id", "score"]))


def test_scores_are_integer_literals() -> None:
    values = pd.Series(["9", " 9 ", "9.0", "09", "10", "1e1", "+9", "9.5", "0x9", "11", "-1", "", "n/a"],
                       dtype=object)
    scores, reasons = parse_scores(values)
    assert scores.tolist() == [9, 9, 9, 9, 10, -1, -1, -1, -1, -1, -1, -1, -1]
    assert reasons.tolist() == [None] * 5 + [SCORE_INVALID] * 6 + [SCORE_MISSING] * 2
    num_scores, num_reasons = parse_scores(pd.Series([9, 10.0, 9.5]))
    assert num_scores.tolist() == [9, 10, -1] and num_reasons.tolist() == [None, None, SCORE_INVALID]
