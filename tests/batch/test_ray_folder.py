"""``npslens classify --engine ray`` into a folder: workers read and write, the driver writes the manifest; the
rows are the local engine's, the folder joins back to the survey, and a failed run leaves nothing complete."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from batch.ray_io import InputFile, list_inputs
from batch.ray_sink import MANIFEST, check_tiling, read_manifest
from batch.results.reader import read_classified
from cli.main import app
from nlp.errors import DistributedError, InputFileError

TEXTS = ["waited 40 minutes on hold and nobody could fix my broadband", "the app is brilliant, paid my bill",
         "", "12345", "staff in the shop were friendly but the price went up again", "ok"]


def run(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


def write_survey(path: Path, n: int, start: int = 0) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["response_id", "comment", "score"])
        for i in range(start, start + n):
            text = TEXTS[i % len(TEXTS)]
            w.writerow([f"id{i}", f"{text} #{i}" if text.strip() and i % 3 else text, i % 11])
    return path


def classify(src: str, out: str, model: Path, *extra: str) -> None:
    res = run("classify", src, "--text-column", "comment", "--id-column", "response_id", "--model", str(model),
              "--batch-size", "8", "-q", "-o", out, *extra)
    assert res.exit_code == 0, res.output


def folder_rows(folder: Path) -> pa.Table:
    man = read_manifest(str(folder))
    return pa.concat_tables([pq.read_table(folder / p["path"]) for p in man["files"]])


def test_folder_output_equals_local_and_joins(ray_cluster, tiny_model_dir, tmp_path):
    src = write_survey(tmp_path / "survey.csv", 70)
    classify(str(src), str(tmp_path / "local.parquet"), tiny_model_dir)
    out = tmp_path / "out"
    classify(str(src), f"{out}/", tiny_model_dir, "--engine", "ray", "--num-workers", "2")
    assert folder_rows(out).equals(pq.read_table(tmp_path / "local.parquet"))  # row for row, value for value
    man = json.loads((out / MANIFEST).read_text())
    assert man["rows"] == 70 and man["format"] == "parquet" and man["schema_version"] == 1
    assert man["model"]["name"] and man["input"] == str(src) and man["input_files"] == 1
    assert [p["first_row"] for p in man["files"]] == sorted(p["first_row"] for p in man["files"])
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging folder left
    rows = [int(r) for c in read_classified(str(out), _theme_ids(tiny_model_dir)) for r in c.rows]
    assert rows == list(range(70))
    res = run("analyze", str(src), "--text-column", "comment", "--score-column", "score", "--model",
              str(tiny_model_dir), "--classified", str(out), "--output-dir", str(tmp_path / "rep"), "-q")
    assert res.exit_code == 0, res.output
    assert json.loads((tmp_path / "rep" / "report.json").read_text())["nps"]["n"] == 70


def _theme_ids(model: Path) -> list[str]:
    from nlp.artifacts.folder import model_identity

    return model_identity(str(model))[1].ids


def test_many_files_jsonl_parts_numbered_in_path_order(ray_cluster, tiny_model_dir, tmp_path):
    (tmp_path / "in").mkdir()
    write_survey(tmp_path / "in" / "b.csv", 9, start=30)
    write_survey(tmp_path / "in" / "a.csv", 30)
    (tmp_path / "in" / "_SUCCESS").write_text("")  # marker files are skipped
    write_survey(tmp_path / "all.csv", 39)
    classify(str(tmp_path / "all.csv"), str(tmp_path / "local.jsonl"), tiny_model_dir)
    out = tmp_path / "out"
    classify(str(tmp_path / "in"), str(out), tiny_model_dir, "--engine", "ray", "--output-format", "jsonl-dir")
    man = read_manifest(str(out))
    lines = [ln for p in man["files"] for ln in (out / p["path"]).read_text().splitlines()]
    assert lines == (tmp_path / "local.jsonl").read_text().splitlines()  # byte for byte, numbered a.csv then b.csv
    assert man["input_files"] == 2 and man["rows"] == 39


def test_rerun_replaces_and_failure_leaves_previous(ray_cluster, tiny_model_dir, tmp_path):
    src = write_survey(tmp_path / "s.csv", 12)
    out = tmp_path / "out"
    classify(str(src), f"{out}/", tiny_model_dir, "--engine", "ray")
    first = (out / MANIFEST).read_text()
    res = run("classify", str(src), "--text-column", "nope", "--model", str(tiny_model_dir), "-q", "-o", f"{out}/",
              "--engine", "ray")
    assert res.exit_code == 2 and "no column 'nope'" in res.output
    (tmp_path / "empty-model").mkdir()  # the workers cannot load it: fails inside the pipeline
    res = run("classify", str(src), "--text-column", "comment", "--model", str(tmp_path / "empty-model"), "-q",
              "-o", f"{out}/", "--engine", "ray", "--ray-address", "auto")
    assert res.exit_code == 2 and "error:" in res.output
    assert (out / MANIFEST).read_text() == first  # the previous complete output is untouched
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_folder_needs_ray_engine_and_refuses_foreign_folder(ray_cluster, tiny_model_dir, tmp_path):
    src = write_survey(tmp_path / "s.csv", 5)
    res = run("classify", str(src), "--text-column", "comment", "-o", f"{tmp_path}/o/", "-q")
    assert res.exit_code == 2 and "--engine ray" in res.output
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    res = run("classify", str(src), "--text-column", "comment", "--model", str(tiny_model_dir), "-q",
              "-o", str(tmp_path / "mine"), "--engine", "ray")
    assert res.exit_code == 2 and "not an `npslens classify` output" in res.output
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_reader_refuses_folder_without_manifest(tmp_path):
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "part-000000000000.parquet").write_bytes(b"")
    with pytest.raises(InputFileError, match=r"without _manifest\.json"):
        list(read_classified(str(tmp_path / "half"), ["t"]))


def test_tiling_gap_is_an_error():
    parts = [{"path": "b", "first_row": 5, "rows": 5}, {"path": "a", "first_row": 0, "rows": 4}]
    with pytest.raises(DistributedError, match="starts at row 5, expected 4"):
        check_tiling(parts, None)
    assert [p["path"] for p in check_tiling([{"path": "a", "first_row": 0, "rows": 4}], 4)] == ["a"]
    with pytest.raises(DistributedError, match="wrote 4 rows, the input has 5"):
        check_tiling([{"path": "a", "first_row": 0, "rows": 4}], 5)


def test_list_inputs_glob_folder_and_errors(tmp_path):
    for name in ("b.csv", "a.csv", ".hidden.csv", "notes.md"):
        (tmp_path / name).write_text("comment\nx\n")
    assert [Path(f.path).name for f in list_inputs(str(tmp_path))] == ["a.csv", "b.csv"]
    assert list_inputs(str(tmp_path / "b*.csv")) == [InputFile(str(tmp_path / "b.csv"), "csv")]
    with pytest.raises(InputFileError, match="no input file matches"):
        list_inputs(str(tmp_path / "z*.csv"))
    (tmp_path / "c.jsonl").write_text('{"comment": "x"}\n')
    with pytest.raises(InputFileError, match="several formats"):
        list_inputs(str(tmp_path))
    with pytest.raises(InputFileError, match="cannot be stdin"):
        list_inputs("-")


def test_uri_listing_glob_and_folder(tmp_path):
    """The URI branch (s3://, gs:// … in production), run here on file:// URIs through pyarrow's filesystem."""
    from batch.ray_io import _list_uri

    (tmp_path / "sub").mkdir()
    for name in ("b.csv", "a.csv", "_SUCCESS", "sub/c.csv", "notes.md"):
        (tmp_path / name).write_text("comment\nx\n")
    base = f"file://{tmp_path}"
    assert _list_uri(base, None) == [f"{base}/a.csv", f"{base}/b.csv", f"{base}/sub/c.csv"]
    assert _list_uri(f"{base}/b*.csv", None) == [f"{base}/b.csv"]
    assert _list_uri(f"{base}/a.csv", None) == [f"{base}/a.csv"]
    with pytest.raises(InputFileError, match="input file not found"):
        _list_uri(f"{base}/nothing.csv", None)


def test_object_store_commit_protocol(tmp_path, monkeypatch):
    """On an object store (no rename): an old manifest is deleted first, parts go to the prefix, the manifest is
    written last; a failed run deletes its parts and leaves no manifest."""
    import batch.ray_sink as sink

    monkeypatch.setattr(sink, "_is_uri", lambda path: True)
    out = tmp_path / "bucket" / "classified"
    out.mkdir(parents=True)
    (out / MANIFEST).write_text("{}")
    staging = sink.Staging(f"file://{out}/")
    assert not (out / MANIFEST).exists()  # the earlier result is no longer presented as complete
    fs, where = sink._fs(staging.where)
    part = sink.write_part(fs, where, [0, 1], ['{"row": 0}', '{"row": 1}'], "jsonl")
    assert (out / "part-000000000000.jsonl").read_text() == '{"row": 0}\n{"row": 1}\n'
    staging.commit({"rows": 2, "files": [part]})
    assert json.loads((out / MANIFEST).read_text())["files"] == [{"path": "part-000000000000.jsonl",
                                                                 "first_row": 0, "rows": 2}]
    again = sink.Staging(f"file://{out}")
    again.abort()  # a failed rerun: its parts are removed, no manifest is left
    assert sorted(p.name for p in out.iterdir()) == []
