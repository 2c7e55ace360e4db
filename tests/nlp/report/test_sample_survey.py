"""The bundled sample survey and the script that builds it."""

import csv
import importlib.util
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO / "nlp" / "resources" / "sample_survey.csv"


def _script():
    spec = importlib.util.spec_from_file_location("make_sample_survey", REPO / "scripts" / "make_sample_survey.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_bundled_sample_is_meaningful():
    with SAMPLE.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 1200
    assert set(rows[0]) == {"response_id", "date", "score", "comment", "channel", "region", "journey_stage"}
    months = {r["date"][:7] for r in rows if len(r["date"]) == 10}
    assert len(months) >= 6
    assert sum(not r["comment"] for r in rows) > 50  # empty comments still count for NPS
    bad = [r for r in rows if not (r["score"].isdigit() and 0 <= int(r["score"]) <= 10)]
    assert 5 <= len(bad) <= 30
    assert len({r["channel"] for r in rows}) >= 4 and len({r["region"] for r in rows}) == 4


def _write_seed(d: Path, industry: str, n: int) -> None:
    with (d / f"{industry}.jsonl").open("w", encoding="utf-8") as f:
        for i in range(n):
            themes = {"reliability": "negative"} if i % 3 == 0 else {"digital": "positive"}
            f.write(json.dumps({"text": f"{industry} comment number {i} about the service", "score": i % 11,
                                "industry": industry, "channel": ["web", "app", "phone"][i % 3],
                                "themes": themes}) + "\n")


@pytest.mark.parametrize("files", [{"telecom": 150, "ecommerce": 40}, {"travel": 30}])
def test_script_is_reproducible_with_any_seed_files(tmp_path, files):
    for industry, n in files.items():
        _write_seed(tmp_path, industry, n)
    mod = _script()
    business_a, rows_a = mod.build(300, 3, tmp_path)
    business_b, rows_b = mod.build(300, 3, tmp_path)
    assert rows_a == rows_b and business_a == business_b
    assert len(rows_a) == 300
    assert ("telecom" in business_a) == ("telecom" in files)
    assert {r["date"][:7] for r in rows_a if len(r["date"]) == 10} >= set(mod.MONTHS[:6])
