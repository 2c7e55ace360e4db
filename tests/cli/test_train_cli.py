"""``npslens train`` / ``python -m training``, ``npslens models …`` and ``npslens suggest-labels`` end to end."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from train_helpers import PARKING, parking_rows, small_taxonomy, write_yaml
from typer.testing import CliRunner

from cli.main import app
from nlp.artifacts.registry_file import load_registry
from nlp.labelled import read_labelled

CONFIG = """dev_fraction = 0.2
test_fraction = 0.2
min_examples_warn = 5
base_public_sets = false
"""


def run(*args: str):
    return CliRunner().invoke(app, list(map(str, args)))


@pytest.fixture
def config(tmp_path):
    p = tmp_path / "retrain.toml"
    p.write_text(CONFIG)
    return p


def test_invalid_data_prints_a_report_and_exits_2(models, labelled, config):
    bad = labelled([{"text": "", "sentiment": "negative"}, {"text": "fine", "themes": {"nope": "negative"}},
                    {"text": "Slow queue", "sentiment": "negative"}, {"text": "slow queue", "sentiment": "positive"}])
    r = run("train", "--data", bad, "--config", config, "--quiet")
    assert r.exit_code == 2
    err = r.stderr if hasattr(r, "stderr") else r.output
    for code in ("empty_text", "unknown_theme", "conflicting_duplicate", "nothing was trained"):
        assert code in err, err
    assert "data.jsonl:1" in err


def test_train_then_models_list_show_promote_rollback(models, labelled, config, tmp_path):
    tax = write_yaml(tmp_path / "parking.yaml", small_taxonomy([PARKING]))
    r = run("train", "--data", labelled(parking_rows()), "--taxonomy", tax, "--config", config)
    assert r.exit_code == 0, r.output
    assert str(models / "small-2.0.0") in r.stdout
    assert "registered small 2.0.0" in r.stderr and "theme micro-F1" in r.stderr
    r = run("models", "list")
    assert r.exit_code == 0 and "2.0.0" in r.stdout and "★" in r.stdout
    r = run("models", "show", "2.0.0")
    assert r.exit_code == 0 and "retrained from 1.0.0" in r.stdout and "register" in r.stdout
    r = run("models", "promote", "2.0.0", "--eval-data", labelled(parking_rows()[:6], "ev.jsonl"), "--tolerance",
            "1")
    assert r.exit_code == 0, r.output
    assert "champion is now 2.0.0" in r.stdout and load_registry().champion == "2.0.0"
    r = run("models", "rollback")
    assert r.exit_code == 0 and "champion is now 1.0.0 (was 2.0.0)" in r.stdout
    r = run("models", "rollback")
    assert r.exit_code == 2 and "nothing to roll back" in r.stderr


def test_promote_refusal_exits_1_and_says_why(models, labelled, config, tmp_path, monkeypatch):
    import lifecycle.registry
    from lifecycle.gate import GateResult

    tax = write_yaml(tmp_path / "parking.yaml", small_taxonomy([PARKING]))
    assert run("train", "--data", labelled(parking_rows()), "--taxonomy", tax, "--config", config,
               "--quiet").exit_code == 0
    worse = GateResult(False, "2.0.0", "1.0.0", 0.01, "fixed.jsonl", 50, rows=[("theme_micro_f1", 0.8, 0.6, -0.2)],
                       reasons=["theme_micro_f1 0.600 vs champion 1.0.0 0.800 (-0.200, tolerance 0.01)"])
    monkeypatch.setattr(lifecycle.registry, "gate_check", lambda *a, **k: worse)
    r = run("models", "promote", "2.0.0")
    assert r.exit_code == 1 and "refusing to promote 2.0.0: theme_micro_f1" in r.stderr and "--force" in r.stderr
    assert load_registry().champion == "1.0.0"
    r = run("models", "promote", "2.0.0", "--force")
    assert r.exit_code == 0 and "forced" in r.stderr and load_registry().champion == "2.0.0"
    assert load_registry().history[-1].forced


def test_python_m_training_is_the_same_command(models, labelled, config, tmp_path):
    out = tmp_path / "elsewhere" / "m"
    bad = labelled([*parking_rows()[:4], {"text": "queue was short", "sentiment": "positive", "themes": ["wait_time"]}])
    p = subprocess.run([sys.executable, "-m", "training", "--data", str(bad), "--config", str(config), "--output",
                        str(out), "--quiet"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 2 and "unknown_theme" in p.stderr  # parking is not in the base taxonomy
    rows = [{"text": f"queue number {i} was short", "sentiment": "positive", "themes": {"wait_time": "positive"}}
            for i in range(6)]
    p = subprocess.run([sys.executable, "-m", "training", "--data", str(labelled(rows, "ok.jsonl")), "--config",
                        str(config), "--output", str(out), "--quiet"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == str(out) and (out / "checksums.sha256").exists()
    assert json.loads((out / "meta.json").read_text())["version"] == "1.1.0"
    assert "1.1.0" not in [e.version for e in load_registry().models]  # outside the models folder


def test_suggest_labels_writes_the_training_format(models, tmp_path):
    texts = ["the queue was long", "great staff", "app crashed twice", "too expensive", "parcel never arrived",
             "ok", "", "the queue was long", "parking was awful", "fine I guess", "loved it", "meh"] * 3
    texts += [f"random remark number {i} about the weather" for i in range(30)]
    src = tmp_path / "survey.csv"
    pd.DataFrame({"id": range(len(texts)), "comment": texts}).to_csv(src, index=False)
    out = tmp_path / "to_label.jsonl"
    r = run("suggest-labels", src, "--text-column", "comment", "--n", 10, "--output", out, "--id-column", "id",
            "--quiet")
    assert r.exit_code == 0, r.output
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(recs) == 10 and len({x["text"] for x in recs}) == 10
    assert all(x["sentiment"] is None and x["themes"] is None and x["why"] and x["suggested"] for x in recs)
    assert [x["priority"] for x in recs] == list(range(1, 11))
    df = read_labelled(out)  # ready to be labelled: the training reader takes it as is
    assert len(df) == 10 and not df["themes_known"].any()
    csv_out = tmp_path / "to_label.csv"
    assert run("suggest-labels", src, "--text-column", "comment", "--n", 5, "--output", csv_out,
               "--quiet").exit_code == 0
    df = pd.read_csv(csv_out, keep_default_na=False)
    assert {"text", "sentiment", "themes", "suggested_sentiment", "why"} <= set(df.columns) and len(df) == 5


def test_suggest_labels_bad_column(models, tmp_path):
    src = tmp_path / "s.csv"
    src.write_text("a,b\n1,2\n")
    r = run("suggest-labels", src, "--text-column", "comment", "--output", tmp_path / "o.jsonl")
    assert r.exit_code == 2 and "comment" in r.stderr
