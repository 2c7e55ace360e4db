"""Report uploads: the header row's width and column count are checked on the first bytes, before the rest."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from conftest import AUTH, SURVEY_CSV, fast_runner, make_settings, running_app

from api.core.problems import ApiProblem
from api.services.jobs.upload import HeaderCheck, save_upload

FORM = {"text_column": "comment", "score_column": "score"}


class CountingReader(io.BytesIO):
    """A file object that remembers how many bytes were read from it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.read_bytes = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.read_bytes += len(chunk)
        return chunk


def test_a_million_column_header_is_refused_after_reading_only_its_start(tmp_path: Path) -> None:
    data = (",".join(f"c{i}" for i in range(1_000_000)) + "\n1,2\n").encode()
    src = CountingReader(data)
    with pytest.raises(ApiProblem) as err:
        save_upload(src, tmp_path / "in.csv", max_bytes=100 * 2**20,
                    header=HeaderCheck(max_bytes=256 * 1024, max_columns=2000))
    assert (err.value.status, err.value.code) == (413, "header_too_wide")
    assert "NPSLENS_MAX_HEADER_BYTES" in err.value.detail
    assert src.read_bytes < 400 * 1024 < len(data)


def test_too_many_columns_names_the_limit_and_quoted_line_breaks_stay_in_the_header(tmp_path: Path) -> None:
    ok = b'id,"multi\nline question",score,comment\n1,x,9,great\n'
    check = HeaderCheck(max_bytes=1024, max_columns=4)
    save_upload(io.BytesIO(ok), tmp_path / "ok.csv", max_bytes=10_000, header=check)
    assert check.done
    wide = (",".join(f"c{i}" for i in range(5)) + "\n").encode()
    with pytest.raises(ApiProblem) as err:
        save_upload(io.BytesIO(wide), tmp_path / "wide.csv", max_bytes=10_000,
                    header=HeaderCheck(max_bytes=1024, max_columns=4))
    assert (err.value.status, err.value.code) == (413, "too_many_columns")
    assert "5 columns" in err.value.detail and "NPSLENS_MAX_COLUMNS" in err.value.detail


def test_http_upload_with_a_huge_header_is_413_fast_and_a_normal_one_is_accepted(tmp_path: Path,
                                                                                  tiny_model_dir: Path) -> None:
    huge = ",".join(f"c{i}" for i in range(1_000_000)) + "\n" + ",".join("1" * 3) + "\n"
    with running_app(make_settings(tmp_path, tiny_model_dir), runner=fast_runner) as client:
        t0 = time.perf_counter()
        resp = client.post("/v1/reports", files={"file": ("wide.csv", huge.encode(), "text/csv")}, data=FORM,
                           headers=AUTH)
        took = time.perf_counter() - t0
        assert resp.status_code == 413, resp.text
        assert resp.json()["code"] == "header_too_wide"
        assert took < 10  # was 45-81 s
        good = client.post("/v1/reports", files={"file": ("s.csv", SURVEY_CSV.encode(), "text/csv")}, data=FORM,
                           headers=AUTH)
        assert good.status_code == 202, good.text
