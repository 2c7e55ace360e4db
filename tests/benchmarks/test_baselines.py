"""benchmarks/baselines.py: the quick run's JSON shape and numbers, the metrics, the missing-data exit code."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.benchmarks.bench_scripts import SHARED_DATA, load


def test_missing_shared_data_exits_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    bl = load("baselines")
    monkeypatch.setattr(bl, "DATA", tmp_path / "nowhere")
    assert bl.main(["--quick", "--out", str(tmp_path / "x.json")]) == 2
    assert "../shared/data" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_unknown_task_is_a_usage_error() -> None:
    bl = load("baselines")
    with pytest.raises(SystemExit) as e:
        bl.parse_args(["--tasks", "sentiment,nope"])
    assert e.value.code == 2


def test_retrain_also_settings_are_parsed_and_checked_against_train_config(
        capsys: pytest.CaptureFixture[str]) -> None:
    bl = load("baselines")
    args = bl.parse_args(["--tasks", "retrain", "--retrain-also", "encoder_finetune=never, threshold_shrink=0",
                          "--retrain-also", "threshold_shrink=5"])
    assert args.retrain_also == [{"encoder_finetune": "never", "threshold_shrink": "0"}, {"threshold_shrink": "5"}]
    for bad, says in (("no_such_key=1", "no_such_key"), ("threshold_shrink", "KEY=VALUE"),
                      ("encoder_finetune=sometimes", "encoder_finetune")):
        with pytest.raises(SystemExit) as e:
            bl.parse_args(["--retrain-also", bad])
        assert e.value.code == 2 and says in capsys.readouterr().err
    report = load("_baseline_report")
    assert report.is_ours("npslens [encoder_finetune=never]") and report.is_ours("npslens:m-1.0.0 [x=1]")
    assert not report.is_ours("minilm_lr")


def test_micro_f1_counts_predictions_on_sentences_without_opinions() -> None:
    m = load("_baseline_methods")
    gold = [{"food"}, set(), {"food", "service"}]
    pred = [{"food"}, {"price"}, {"food"}]
    out = m.micro_prf(gold, pred)  # tp 2, fp 1, fn 1
    assert out == {"micro_precision": 0.6667, "micro_recall": 0.6667, "micro_f1": 0.6667}
    scores = np.array([[0.2, 0.7, 0.6], [0.1, 0.2, 0.3]])
    assert m.decode_top1_plus(scores, ["a", "b", "c"], 0.5) == [{"b", "c"}, {"c"}]
    assert m.decode_threshold(scores, ["a", "b", "c"], 0.5) == [{"b", "c"}, set()]


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data is not present")
def test_quick_run_cheap_methods(tmp_path: Path) -> None:
    bl = load("baselines")
    out = tmp_path / "baselines.json"
    assert bl.main(["--quick", "--tasks", "sentiment,taxonomy", "--methods", "majority,tfidf_lr",
                    "--out", str(out)]) == 0
    res = json.loads(out.read_text())
    assert res["complete"] is True and res["quick"] is True and res["seeds"] == [13]
    assert set(res["tasks"]) == {"sentiment", "taxonomy"}
    assert len(res["tasks"]["sentiment"]) == 4 and len(res["tasks"]["taxonomy"]) == 10
    for task in res["tasks"].values():
        for name, rec in task.items():
            assert rec["n"] > 0, name
            assert rec["primary"] in ("macro_f1", "micro_f1")
            assert rec["margin"] == {}  # no NPS Lens row was asked for
            for method, r in rec["methods"].items():
                assert set(r) >= {"metrics", "n", "seeds", "seconds"}, (name, method)
                assert r["n"] == rec["n"] and r["seconds"] >= 0
                vals = [v for k, v in r["metrics"].items() if isinstance(v, float)]
                assert vals and all(0.0 <= v <= 1.0 for v in vals), (name, method, r["metrics"])
            if name.endswith("zero-shot"):
                assert rec["methods"] == {}  # neither majority nor TF-IDF has a zero-shot form
            else:
                assert set(rec["methods"]) == {"majority", "tfidf_lr"}, name
    for name, rec in res["tasks"]["sentiment"].items():
        maj = rec["methods"]["majority"]
        share = max(rec["gold_dist"].values()) / rec["n"]
        assert maj["metrics"]["accuracy"] == pytest.approx(share, abs=1e-4), name
        assert maj["metrics"]["label"] == max(rec["gold_dist"], key=rec["gold_dist"].get)
    md = out.with_suffix(".md").read_text()
    assert "### 1. Cross-domain sentiment" in md and "| TripAdvisor hotels |" in md


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data is not present")
def test_quick_retrain_rows_cover_three_sets_with_balanced_baselines(tmp_path: Path) -> None:
    bl = load("baselines")
    out = tmp_path / "retrain.json"
    assert bl.main(["--quick", "--tasks", "retrain", "--methods", "tfidf_lr", "--out", str(out)]) == 0
    rows = json.loads(out.read_text())["tasks"]["retrain"]
    assert list(rows) == [f"{name} · retrained" for name in load("_baseline_tasks").RETRAIN_SETS]
    for name, rec in rows.items():
        assert rec["n"] > 0 and rec["train"] > 0 and rec["note"].startswith("train split → "), name
        f1 = rec["methods"]["tfidf_lr"]["metrics"]["micro_f1"]
        assert 0.0 < f1 <= 1.0, (name, f1)


def test_margin_against_a_baseline_run_on_fewer_shot_draws_uses_those_draws_only() -> None:
    rep = load("_baseline_report")
    record = {"primary": "micro_f1", "n": 10, "methods": {
        "setfit": {"metrics": {"micro_f1": 0.50}, "seeds": [13]},
        "minilm_lr": {"metrics": {"micro_f1": 0.45}, "seeds": [13, 14, 15],
                      "by_seed": {"13": 0.46, "14": 0.44, "15": 0.45}},
        "npslens": {"metrics": {"micro_f1": 0.48}, "seeds": [13, 14, 15],
                    "by_seed": {"13": 0.53, "14": 0.45, "15": 0.46}},
        "npslens:old": {"metrics": {"micro_f1": 0.47}, "seeds": [13, 14, 15]},  # no per-draw figures: the mean
    }}
    rep.add_margins(record)
    assert record["best_baseline"] == "setfit"
    assert record["margin"]["npslens"] == pytest.approx(0.03)  # 0.53 on seed 13, not the 3-draw mean 0.48
    assert record["margin_seeds"] == {"npslens": [13]}
    assert record["margin"]["npslens:old"] == pytest.approx(-0.03)
    assert "+0.030 (seed 13)" in rep.task_table("taxonomy", {"x · 8-shot": record})
    record["methods"]["setfit"]["seeds"] = [13, 14, 15]  # the same draws: the plain means
    rep.add_margins(record)
    assert record["margin"]["npslens"] == pytest.approx(-0.02) and record["margin_seeds"] == {}
