"""Issue 13's acceptance run: the planted story survey, exported the way Qualtrics exports it (three header rows,
columns named by question text), analysed end to end with the shipped model.

The story (scripts/make_story_survey.py): NPS breaks in 2026-05, app complaints spike after a release in
2026-05, one city (Lyon) worsens from 2026-05 and late delivery is a top cost.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STORY = REPO / "tests" / "fixtures" / "story_survey.csv"

pytestmark = pytest.mark.slow


def _as_qualtrics(src: Path, dst: Path) -> int:
    rows = list(csv.DictReader(src.open(encoding="utf-8")))
    ids = ["_recordId", "QID1", "QID2_TEXT", "QID3", "QID4", "QID5_TEXT"]
    with dst.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["ResponseId", "Q1", "Q2", "Q3", "Q4", "Q5"])
        w.writerow(["Response ID", "How likely are you to recommend us?", "Why did you give this score?",
                    "Which city do you order in?", "Channel", "Order date"])
        w.writerow([json.dumps({"ImportId": i}) for i in ids])
        for r in rows:
            w.writerow([r["id"], r["score"], r["comment"], r["city"], r["channel"], r["date"]])
    return len(rows)


def test_story_survey_from_a_qualtrics_export_names_the_planted_facts(tmp_path: Path) -> None:
    n = _as_qualtrics(STORY, tmp_path / "export.csv")
    out = tmp_path / "out"
    p = subprocess.run([sys.executable, "-m", "cli.main", "analyze", str(tmp_path / "export.csv"),
                        "--text-column", "Why did you give this score?", "--score-column", "Q1",
                        "--id-column", "ResponseId", "--segment-column", "Which city do you order in?",
                        "--segment-column", "Q4", "--date-column", "Q5", "--output-dir", str(out)],
                       cwd=REPO, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    # every row accounted for: the two extra header rows are neither data nor rejects
    with (out / "comments.csv").open(encoding="utf-8") as f:
        comments = list(csv.DictReader(f))
    with (out / "rejects.csv").open(encoding="utf-8") as f:
        rejects = list(csv.DictReader(f))
    assert len(comments) + len(rejects) == n and not rejects
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    findings = report["findings"]
    kinds = {f["kind"] for f in findings}
    assert {"nps_break", "cost", "theme_change", "segment_change"} <= kinds
    (brk,) = [f for f in findings if f["kind"] == "nps_break"]
    assert brk["period"] == "2026-05" and brk["value"] < -25
    assert any(f["kind"] == "cost" and f["theme"] == "delivery" for f in findings)
    assert any(f["kind"] == "theme_change" and f["theme"] == "digital" and f["period"] == "2026-05"
               for f in findings)
    assert any(f["kind"] == "segment_change" and f["segment_value"] == "Lyon" and f["period"] == "2026-05"
               for f in findings)
    # ids carried: drill-down rows and quotes cite respondent ids, not row numbers
    text = json.dumps(report)
    assert '"id": "R1' in text
