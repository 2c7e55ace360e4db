"""``npslens analyze --engine ray``: partial aggregates from Ray workers merged on the driver give the local engine's
report numbers (NPS, theme counts and impacts, segments, trends) and the same comments.csv / rejects.csv."""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from batch.analyze import run_analyze
from batch.ray_engine import import_ray
from cli.main import app

TEXTS = ["waited 40 minutes on hold and nobody could fix my broadband", "the app is brilliant, paid my bill fast",
         "", "staff in the shop were friendly but the price went up again", "delivery was late and the box damaged",
         "great value for money, cheaper than the others", "billing is a mess, charged twice this month", "ok"]
SAMPLED = ("quotes", "strongest_quotes", "emerging", "drilldown", "contradictions", "generated_at", "examples")


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[None]:
    pytest.importorskip("ray.data")
    ray = import_ray()
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ray-analyze") / "survey.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["response_id", "date", "score", "comment", "channel"])
        for i in range(230):
            score = "eleven" if i % 37 == 0 else str((i * 7) % 11)
            text = TEXTS[i % len(TEXTS)]
            w.writerow([f"r{i}", f"2026-{1 + i % 6:02d}-{1 + i % 27:02d}", score, f"{text} ({i})" if text else "",
                        ["web", "app", "phone"][i % 3]])
    return path


def strip_samples(value: Any) -> Any:
    """The report without its sampled parts (quotes, emerging themes, drill-down, examples) and timestamps."""
    if isinstance(value, dict):
        return {k: strip_samples(v) for k, v in value.items() if k not in SAMPLED}
    if isinstance(value, list):
        return [strip_samples(v) for v in value]
    return value


def analyse(survey: Path, out: Path, model: Path, **engine: Any) -> dict[str, Any]:
    return run_analyze(str(survey), text_column="comment", score_column="score", id_column="response_id",
                       segment_columns=["channel"], date_column="date", period="month", taxonomy=None,
                       model=str(model), output_dir=out, chunk_rows=40, **engine)


def test_report_numbers_equal_local(ray_cluster, survey, tiny_model_dir, tmp_path):
    local = analyse(survey, tmp_path / "local", tiny_model_dir)
    dist = analyse(survey, tmp_path / "ray", tiny_model_dir, engine="ray", num_workers=2)
    assert dist["nps"] == local["nps"] and local["nps"]["n"] > 200
    assert strip_samples(dist["themes"]) == strip_samples(local["themes"])
    assert any(t["mentions"] for t in local["themes"])
    assert strip_samples(dist["segments"]) == strip_samples(local["segments"]) and local["segments"]
    assert strip_samples(dist["trends"]) == strip_samples(local["trends"]) and local["trends"]
    assert strip_samples(dist) == strip_samples(local)  # every other number too
    for name in ("comments.csv", "rejects.csv", "themes.csv", "segments.csv", "trends.csv"):
        assert (tmp_path / "ray" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    assert len(dist["drilldown"]["themes"]) == len(local["drilldown"]["themes"])
    mentions = {t["id"]: t["mentions"] for t in local["drilldown"]["themes"]}
    assert {t["id"]: t["mentions"] for t in dist["drilldown"]["themes"]} == mentions
    again = analyse(survey, tmp_path / "ray2", tiny_model_dir, engine="ray", num_workers=2)
    assert json.dumps(again["drilldown"]) == json.dumps(dist["drilldown"])  # seeded per chunk: reproducible


def test_cli_engine_ray_and_option_errors(ray_cluster, survey, tiny_model_dir, tmp_path):
    base = ["analyze", str(survey), "--text-column", "comment", "--score-column", "score", "--model",
            str(tiny_model_dir), "-q"]
    res = CliRunner().invoke(app, [*base, "--output-dir", str(tmp_path / "a"), "--engine", "ray"])
    assert res.exit_code == 0, res.output
    assert json.loads((tmp_path / "a" / "report.json").read_text())["nps"]["n"] > 200
    res = CliRunner().invoke(app, [*base, "--output-dir", str(tmp_path / "b"), "--num-workers", "2"])
    assert res.exit_code == 2 and "needs --engine ray" in res.output
    res = CliRunner().invoke(app, [*base, "--output-dir", str(tmp_path / "c"), "--engine", "ray", "--classified",
                                   str(survey)])
    assert res.exit_code == 2 and "--classified runs on the local engine" in res.output
    res = CliRunner().invoke(app, [*base[:3], "nope", *base[4:], "--output-dir", str(tmp_path / "d"), "--engine",
                                   "ray"])
    assert res.exit_code == 2 and "no column 'nope'" in res.output and not (tmp_path / "d" / "report.json").exists()
