"""``npslens analyze --classified`` (classify once, report many times) and streaming in chunks.

Uses the tiny hashing-encoder model of ``tests/conftest.py``: classify → analyze --classified must give the
same report numbers and the same comments.csv as analyze running the model itself.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from contextlib import nullcontext
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import batch.results.reader
from batch.analyze import run_analyze
from cli.main import app

REPO = Path(__file__).resolve().parents[2]
COMMENTS = [
    "waited forty minutes in the queue, ridiculous",
    "the lady at the desk was rude and dismissive",
    "",
    "super quick checkout today and friendly staff",
    "   ",
    "way too expensive for what you get",
    "the app keeps crashing when I pay",
    "12345",
    "parcel arrived late and damaged",
    "nothing to add really, it was fine overall",
]
N = 61
BAD_SCORES = {5: "ten", 18: "", 40: "11"}


def _survey(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["rid", "score", "comment", "channel", "date"])
        for i in range(N):
            w.writerow([f"r{i}", BAD_SCORES.get(i, str((i * 7) % 11)), COMMENTS[i % len(COMMENTS)],
                        ["web", "app", "=phone"][i % 3], f"2026-{1 + i % 3:02d}-{1 + i % 27:02d}"])
    return path


def run(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


def _analyze_args(survey: Path, out: Path, model: Path, *extra: str) -> list[str]:
    return ["analyze", str(survey), "--text-column", "comment", "--score-column", "score", "--segment-column",
            "channel", "--date-column", "date", "--output-dir", str(out), "--model", str(model), "--quiet", *extra]


def _numbers(report_dir: Path) -> dict[str, object]:
    """report.json without what legitimately differs: run metadata, quotes and emerging (vectors differ)."""
    rep = json.loads((report_dir / "report.json").read_text())
    for k in ("generated_at", "classified", "join"):
        rep["meta"].pop(k, None)
    for t in rep["themes"]:
        t.pop("quotes")
        for q in t.get("strongest_quotes", []):
            q.pop("id")  # respondent ids exist only with --id-column
    for e in rep["data_quality"].get("contradictions", {}).get("examples", []):
        e.pop("id")
    for t in rep.get("drilldown", {}).get("themes", []):
        for c in t["comments"]:
            c.pop("id")
    rep.pop("emerging")
    return rep


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("classified")
    survey = _survey(d / "survey.csv")
    for name, extra in (("rows.jsonl", []), ("ids.jsonl", ["--id-column", "rid"]), ("ids.csv", ["--id-column", "rid"])):
        res = run("classify", str(survey), "--text-column", "comment", "-o", str(d / name), "--model",
                  str(tiny_model_dir), "--quiet", *extra)
        assert res.exit_code == 0, res.output
    table = pa.Table.from_pylist([json.loads(line) for line in (d / "ids.jsonl").open()])
    pq.write_table(table, d / "ids.parquet")
    direct = d / "direct"
    res = run(*_analyze_args(survey, direct, tiny_model_dir, "--id-column", "rid"))
    assert res.exit_code == 0, res.output
    return {"dir": d, "survey": survey, "direct": direct, "model": tiny_model_dir}


@pytest.mark.parametrize(("classified", "extra"), [("rows.jsonl", []), ("ids.jsonl", ["--id-column", "rid"]),
                                                   ("ids.parquet", ["--id-column", "rid"]),
                                                   ("ids.csv", ["--id-column", "rid"]),
                                                   ("ids.jsonl", [])])
def test_round_trip_gives_the_same_report(files, tmp_path, classified, extra):
    out = tmp_path / "out"
    res = run(*_analyze_args(files["survey"], out, files["model"], "--classified",
                             str(files["dir"] / classified), *extra))
    assert res.exit_code == 0, res.output
    want, got = _numbers(files["direct"]), _numbers(out)
    assert got == want
    kept = [COMMENTS[i % len(COMMENTS)] for i in range(N) if i not in BAD_SCORES]
    assert got["nps"]["n"] == N - len(BAD_SCORES) == len(kept)
    assert got["data_quality"]["skipped"] == {"empty": sum(not c.strip() for c in kept),
                                              "not_text": sum(c == "12345" for c in kept)}
    assert any(t["mentions"] for t in got["themes"])
    if extra:
        for name in ("comments.csv", "rejects.csv", "themes.csv", "segments.csv", "trends.csv"):
            assert (out / name).read_bytes() == (files["direct"] / name).read_bytes(), name
    rep = json.loads((out / "report.json").read_text())
    assert rep["meta"]["classified"] == classified
    assert rep["model"] == {"name": "tiny", "version": "0.0.1"}


def test_classified_does_not_load_the_model(files, tmp_path):
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom cli.main import app\n"
        f"args = {_analyze_args(files['survey'], tmp_path / 'o', files['model'])!r}\n"
        f"res = CliRunner().invoke(app, args + ['--classified', {str(files['dir'] / 'rows.jsonl')!r}])\n"
        "assert res.exit_code == 0, res.output\n"
        "print(sorted(m for m in sys.modules\n"
        "             if m in ('nlp.encoders.factory', 'nlp.pipeline', 'nlp.classifiers.heads')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def _write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def _records(files: dict[str, Path], name: str = "ids.jsonl") -> list[dict[str, object]]:
    return [json.loads(line) for line in (files["dir"] / name).open()]


@pytest.mark.parametrize(("mutate", "by_id", "message"), [
    (lambda r: r[:-1], False, "has 60 rows but the survey has more"),
    (lambda r: [*r, {**r[-1], "row": N}], False, "has more rows than the survey (row 61"),
    (lambda r: [r[1], r[0], *r[2:]], False, "line 1 has row 1, expected 0"),
    (lambda r: [{**x, "id": "zz"} if x["row"] == 30 else x for x in r], True, "id 'r30', which is not in"),
    (lambda r: [r[1], r[0], *r[2:]], True, None),  # by id, the order does not matter
    (lambda r: [*r, {**r[-1], "row": N, "id": "extra"}], True, "has 1 rows whose id is not in the survey"),
    (lambda r: [*r, r[-1]], True, "appears more than once"),
    (lambda r: [{**x, "themes": [{**x["themes"][0], "id": "parking"}]} if x["themes"] else x for x in r], False,
     "which is not in the report's taxonomy"),
    (lambda r: [{**x, "skipped": None, "sentiment": {"label": "positive", "mixed": False}} if x["skipped"] == "empty"
                else x for x in r], False, "the comment is empty but it has an analysis"),
])
def test_mismatched_classified_file_is_one_clear_error(files, tmp_path, mutate, by_id, message):
    bad = _write_jsonl(tmp_path / "bad.jsonl", mutate(_records(files)))
    res = run(*_analyze_args(files["survey"], tmp_path / "o", files["model"], "--classified", str(bad),
                             *(["--id-column", "rid"] if by_id else [])))
    if message is None:
        assert res.exit_code == 0, res.output
        assert _numbers(tmp_path / "o") == _numbers(files["direct"])
        return
    assert res.exit_code == 2, res.output
    assert res.stderr.startswith("error: ") and message in res.stderr and res.stderr.count("\n") == 1, res.stderr
    assert not (tmp_path / "o" / "comments.csv").exists() and not list((tmp_path / "o").glob(".*partial"))


def test_not_a_classified_file(files, tmp_path):
    survey_jsonl = _write_jsonl(tmp_path / "survey.jsonl", [{"comment": "hi", "score": 9}])
    for path, message in ((survey_jsonl, "is not a classified file"), (files["survey"], "is not a classified file"),
                          (tmp_path / "missing.jsonl", "classified file not found")):
        res = run(*_analyze_args(files["survey"], tmp_path / "o", files["model"], "--classified", str(path)))
        assert res.exit_code == 2 and message in res.stderr, res.output
    res = run(*_analyze_args(files["survey"], tmp_path / "o", files["model"], "--classified",
                             str(files["dir"] / "rows.jsonl"), "--id-column", "rid"))
    assert res.exit_code == 2 and "line 1 has no id" in res.stderr


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("classified", [None, "rows.jsonl", "ids.parquet"])
def test_streaming_keeps_row_order_and_count(files, tmp_path, monkeypatch, classified):
    """A file of many chunks (7 rows each; the classified JSONL parsed in ~300-byte blocks that do not line up
    with them) gives the same outputs as one chunk, every row once, in input order, blank rows included."""
    monkeypatch.setattr(batch.results.reader, "BLOCK_BYTES", 300)
    kw = dict(text_column="comment", score_column="score", id_column="rid" if classified == "ids.parquet" else None,
              segment_columns=["channel"], date_column="date", period="month", taxonomy=None,
              model=str(files["model"]),
              classified=str(files["dir"] / classified) if classified else None)
    steps: list[int] = []
    small = run_analyze(str(files["survey"]), output_dir=tmp_path / "small", chunk_rows=7,
                        progress=lambda: nullcontext(steps.append), **kw)
    big = run_analyze(str(files["survey"]), output_dir=tmp_path / "big", chunk_rows=10_000, **kw)
    assert steps == [7] * (N // 7) + [N % 7]
    com, rej = _read(tmp_path / "small" / "comments.csv"), _read(tmp_path / "small" / "rejects.csv")
    assert [int(r["row"]) for r in com] == [i for i in range(N) if i not in BAD_SCORES]
    assert [int(r["row"]) for r in rej] == sorted(BAD_SCORES)
    blank = [i for i in range(N) if i not in BAD_SCORES and not COMMENTS[i % len(COMMENTS)].strip()]
    assert [int(r["row"]) for r in com if r["skipped"] == "empty"] == blank
    assert small["data_quality"]["skipped"]["empty"] == len(blank) and small["data_quality"]["rows"] == N
    for name in ("comments.csv", "rejects.csv", "themes.csv", "segments.csv", "trends.csv"):
        assert (tmp_path / "small" / name).read_bytes() == (tmp_path / "big" / name).read_bytes(), name
    for rep in (small, big):
        rep["meta"].pop("generated_at")
    assert small == big
