"""End to end: ``npslens analyze`` with the shipped default model on a tiny survey written here."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app

COMMENTS = [
    "waited 40 minutes on hold and nobody could fix my broadband",
    "the app is brilliant, paid my bill in seconds",
    "staff in the shop were friendly and helpful",
    "price went up again with no warning, too expensive now",
    "internet keeps dropping every evening",
    "=HYPERLINK(\"http://evil\",\"click\") terrible billing, charged twice",
    "<script>alert(1)</script> the engineer never turned up",
    "",
    "great value and fast delivery of the router",
    "ok I guess",
]
N = 50
BAD = {7: ("ten", "score not an integer 0–10"), 19: ("", "score missing"), 33: ("11", "score not an integer 0–10")}
BAD_DATE = {41: "2026-02-30"}


def nps(scores: list[int]) -> float:
    return 100.0 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[int]]:
    d = tmp_path_factory.mktemp("survey")
    rows, valid = [], []
    for i in range(N):
        score = str((i * 7) % 11)
        if i in BAD:
            score = BAD[i][0]
        date = BAD_DATE.get(i, f"2026-{1 + i % 4:02d}-{1 + i % 27:02d}")
        if i not in BAD and i not in BAD_DATE:
            valid.append(int(score))
        rows.append([f"id{i}", score, COMMENTS[i % len(COMMENTS)], ["web", "app", "phone"][i % 3],
                     ["=North", "South"][i % 2], date])
    path = d / "survey.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["response_id", "score", "comment", "channel", "region", "date"])
        w.writerows(rows)
    return path, valid


def run(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def report_dir(survey, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path, _ = survey
    out = tmp_path_factory.mktemp("out") / "report"
    res = run("analyze", str(path), "--text-column", "comment", "--score-column", "score", "--id-column",
              "response_id", "--segment-column", "channel", "--segment-column", "region", "--date-column", "date",
              "--period", "month", "--output-dir", str(out))
    assert res.exit_code == 0, res.output
    assert "Net Promoter Score" in res.stdout and ("Top drivers" in res.stdout or "no theme" in res.stdout)
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_all_outputs_written(report_dir):
    for name in ("report.html", "report.json", "comments.csv", "themes.csv", "segments.csv", "trends.csv",
                 "rejects.csv"):
        assert (report_dir / name).is_file(), name
    assert not list(report_dir.glob(".*partial"))


def test_every_row_accounted_for(report_dir, survey):
    _, valid = survey
    com, rej = read_csv(report_dir / "comments.csv"), read_csv(report_dir / "rejects.csv")
    assert len(com) + len(rej) == N and len(com) == len(valid)
    assert sorted(int(r["row"]) for r in com + rej) == list(range(N))
    reasons = {int(r["row"]): r["reason"] for r in rej}
    assert reasons == {**{i: why for i, (_, why) in BAD.items()}, 41: "date unparsable"}
    rep = json.loads((report_dir / "report.json").read_text())
    assert rep["rejected"]["count"] == len(rej)
    assert rep["rejected"]["by_reason"] == {"score not an integer 0–10": 2, "score missing": 1, "date unparsable": 1}
    assert rep["data_quality"]["rows"] == N


def test_nps_counts_rows_without_comment(report_dir, survey):
    _, valid = survey
    rep = json.loads((report_dir / "report.json").read_text())
    assert rep["nps"]["score"] == pytest.approx(nps(valid), abs=0.01) and rep["nps"]["n"] == len(valid)
    lo, hi = rep["nps"]["ci95"]
    assert lo <= rep["nps"]["score"] <= hi
    com = read_csv(report_dir / "comments.csv")
    empty = [r for r in com if r["skipped"] == "empty"]
    assert empty and all(r["themes"] == "" and r["sentiment"] == "" for r in empty)


def test_impact_matches_comments_csv(report_dir):
    rep = json.loads((report_dir / "report.json").read_text())
    com = read_csv(report_dir / "comments.csv")
    scores = [int(r["score"]) for r in com]
    sets = [set(filter(None, r["themes"].split(";"))) for r in com]
    for t in rep["themes"]:
        rest = [s for s, ids in zip(scores, sets, strict=True) if t["id"] not in ids]
        assert t["mentions"] == len(scores) - len(rest)
        if t["mentions"]:
            assert t["impact"] == pytest.approx(nps(scores) - nps(rest), abs=0.01)
            lo, hi = t["impact_ci95"]
            assert lo - 1e-6 <= t["impact"] <= hi + 1e-6


def test_segments_trends_and_csv_safety(report_dir):
    rep = json.loads((report_dir / "report.json").read_text())
    assert {s["value"] for s in rep["segments"]["channel"]} == {"web", "app", "phone"}
    assert [p["period"] for p in rep["trends"]] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    com = read_csv(report_dir / "comments.csv")
    assert {"row", "id", "score", "nps_group", "sentiment", "mixed", "themes", "theme_sentiments", "channel",
            "region", "date", "period"} <= set(com[0])
    assert {r["region"] for r in com} == {"'=North", "South"}  # formula neutralised
    assert any(r["text"].startswith("'=HYPERLINK") for r in com)
    seg = read_csv(report_dir / "segments.csv")
    assert "'=North" in {r["value"] for r in seg}


def test_html_escapes_comments(report_dir):
    html = (report_dir / "report.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "<h2>What drives NPS</h2>" in html


def test_quiet_prints_nothing(survey, tmp_path):
    path, _ = survey
    res = run("analyze", str(path), "--text-column", "comment", "--score-column", "score", "--output-dir",
              str(tmp_path / "q"), "--quiet")
    assert res.exit_code == 0 and res.stdout == ""
    rep = json.loads((tmp_path / "q" / "report.json").read_text())
    assert rep["trends"] == [] and rep["segments"] == {}
    assert len(read_csv(tmp_path / "q" / "rejects.csv")) == len(BAD)  # no date column: only score rejects


def test_customer_taxonomy(survey, tmp_path):
    path, _ = survey
    tax = tmp_path / "tax.yaml"
    tax.write_text("name: telco\nthemes:\n"
                   "  - id: waiting\n    label: Waiting\n    description: Queues, hold times and waiting.\n"
                   "  - id: price\n    label: Price\n    description: Price and value for money.\n")
    res = run("analyze", str(path), "--text-column", "comment", "--score-column", "score", "--taxonomy", str(tax),
              "--output-dir", str(tmp_path / "t"), "--quiet")
    assert res.exit_code == 0, res.output
    rep = json.loads((tmp_path / "t" / "report.json").read_text())
    assert {t["id"] for t in rep["themes"]} == {"waiting", "price"}
    assert rep["taxonomy"]["name"] == "telco" and rep["taxonomy"]["source"] == "file"


@pytest.mark.parametrize(("extra", "message"), [
    (["--text-column", "nope", "--score-column", "score"], "no column 'nope'"),
    (["--text-column", "comment", "--score-column", "score", "--period", "year", "--date-column", "date"],
     "--period must be one of"),
    (["--text-column", "comment", "--score-column", "score", "--period", "week"], "--period needs --date-column"),
    (["--text-column", "comment", "--score-column", "score", "--segment-column", "segment"], "no column 'segment'"),
])
def test_errors_are_one_line_exit_2(survey, tmp_path, extra, message):
    path, _ = survey
    res = run("analyze", str(path), *extra, "--output-dir", str(tmp_path / "x"))
    assert res.exit_code == 2
    assert res.stderr.startswith("error: ") and message in res.stderr and res.stderr.count("\n") == 1
    assert "Traceback" not in res.output


def test_error_cases_on_files(tmp_path):
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    header_only = tmp_path / "empty.csv"
    header_only.write_text("comment,score\n")
    base = ["--text-column", "comment", "--score-column", "score"]
    for args, message in (([str(tmp_path / "missing.csv"), *base, "--output-dir", str(tmp_path / "o")], "not found"),
                          ([str(header_only), *base, "--output-dir", str(tmp_path / "o")], "no data rows"),
                          ([str(header_only), *base, "--output-dir", str(a_file)], "is a file")):
        res = run("analyze", *args)
        assert res.exit_code == 2 and message in res.stderr and "Traceback" not in res.output, res.output
