"""``npslens analyze --engine ray``: partial aggregates from Ray workers merged on the driver give the local engine's
report numbers (NPS, theme counts and impacts, segments, trends) and the same comments.csv / rejects.csv."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from batch.analyze import run_analyze
from cli.main import app

TEXTS = ["waited 40 minutes on hold and nobody could fix my broadband", "the app is brilliant, paid my bill fast",
         "", "staff in the shop were friendly but the price went up again", "delivery was late and the box damaged",
         "great value for money, cheaper than the others", "billing is a mess, charged twice this month", "ok"]
SAMPLED = ("quotes", "strongest_quotes", "emerging", "drilldown", "contradictions", "generated_at", "examples")


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
    assert res.exit_code == 2 and "reads a classify folder output or a Parquet file" in res.output
    res = CliRunner().invoke(app, [*base[:3], "nope", *base[4:], "--output-dir", str(tmp_path / "d"), "--engine",
                                   "ray"])
    assert res.exit_code == 2 and "no column 'nope'" in res.output and not (tmp_path / "d" / "report.json").exists()


def split_into_folder(table_path: Path, folder: Path, rows_per_part: int) -> None:
    """A classify folder output made from a one-file output: parts of ``rows_per_part`` rows and a manifest."""
    import pyarrow.parquet as pq

    from batch.ray_sink import MANIFEST, manifest, part_name

    table = pq.read_table(table_path)
    folder.mkdir()
    parts = []
    for first in range(0, table.num_rows, rows_per_part):
        part = table.slice(first, rows_per_part)
        pq.write_table(part, folder / part_name(first, "parquet"))
        parts.append({"path": part_name(first, "parquet"), "first_row": first, "rows": part.num_rows})
    doc = manifest(parts=parts, fmt="parquet", model={"name": "tiny", "version": "0.0.1"}, input_path="s",
                   inputs=1, taxonomy=None)
    (folder / MANIFEST).write_text(json.dumps(doc))


def test_report_from_classified_folder_equals_local(ray_cluster, survey, tiny_model_dir, tmp_path):
    res = CliRunner().invoke(app, ["classify", str(survey), "--text-column", "comment", "--id-column", "response_id",
                                   "--model", str(tiny_model_dir), "-q", "-o", str(tmp_path / "c.parquet")])
    assert res.exit_code == 0, res.output
    split_into_folder(tmp_path / "c.parquet", tmp_path / "parts", 70)  # chunks of 40 rows straddle the parts
    local = analyse(survey, tmp_path / "local", tiny_model_dir, classified=str(tmp_path / "c.parquet"))
    for name in ("parts", "c.parquet"):
        dist = analyse(survey, tmp_path / f"ray-{name}", tiny_model_dir, classified=str(tmp_path / name),
                       engine="ray", num_workers=2)
        assert dist["meta"].pop("join") == "id (row by row)" and local["meta"]["join"] == "id"
        dist["meta"]["classified"] = local["meta"]["classified"]
        assert strip_samples({**dist, "meta": {**dist["meta"], "join": "id"}}) == strip_samples(local)
        assert (tmp_path / f"ray-{name}" / "comments.csv").read_bytes() == \
            (tmp_path / "local" / "comments.csv").read_bytes()
    short = tmp_path / "short"
    split_into_folder(tmp_path / "c.parquet", tmp_path / "all", 70)
    man = json.loads((tmp_path / "all" / "_manifest.json").read_text())
    man["files"], man["rows"] = man["files"][:-1], 210  # the last part left out: fewer rows than the survey
    (tmp_path / "all" / "_manifest.json").write_text(json.dumps(man))
    with pytest.raises(Exception, match="rows but the survey has"):
        analyse(survey, short, tiny_model_dir, classified=str(tmp_path / "all"), engine="ray", num_workers=2)
    assert not (short / "report.json").exists() and not (short / "comments.csv").exists()


def test_date_orders_inferred_by_different_chunks_must_agree(ray_cluster, tiny_model_dir, tmp_path):
    survey = tmp_path / "dates.csv"  # chunk 0 reads day-first only (25/04), chunk 1 month-first only (04/26)
    with survey.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["response_id", "date", "score", "comment", "channel"])
        for i in range(80):
            w.writerow([f"r{i}", "25/04/2026" if i < 40 else "04/26/2026", "9", TEXTS[1], "web"])
    from nlp.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match=r"mixes day-first dates \('25/04/2026'\) and month-first dates "
                                                r"\('04/26/2026'\)"):
        analyse(survey, tmp_path / "mixed", tiny_model_dir, engine="ray", num_workers=2)
    assert not (tmp_path / "mixed" / "report.json").exists()
    report = analyse(survey, tmp_path / "day", tiny_model_dir, engine="ray", num_workers=2, date_order="day-first")
    assert report["nps"]["n"] == 40  # the month-first half is rejected as unparsable
