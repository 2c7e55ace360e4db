"""POST /v1/models/{version}/promote and /v1/models/rollback: admin only, the gate, hot reload without errors."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from conftest import AUTH, make_settings, running_app, wait_for
from test_api_classify import assert_problem

from lifecycle.registry import promote, register, update_registry
from nlp.artifacts.folder import write_artifact
from nlp.artifacts.registry_file import EvalSet, load_registry
from nlp.digest import file_sha256

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ADMIN = "admin-key-0123456789"
ADMIN_AUTH = {"Authorization": f"Bearer {ADMIN}"}


def copy_as(src: Path, dst: Path, version: str) -> Path:
    """``src`` re-written under a new version (same weights)."""
    from nlp.artifacts.folder import read_artifact

    art = read_artifact(src)
    meta = art.meta.model_copy(update={"version": version})
    tc = (src / "training_config.json").read_text()
    import json

    return write_artifact(dst, meta=meta, config=art.config, training_config=json.loads(tc), taxonomy=art.taxonomy,
                          thresholds=art.thresholds, tensors=art.tensors, vocabulary=art.vocabulary,
                          metrics=art.metrics, card="copy")


@pytest.fixture
def registry(tmp_path, monkeypatch, tiny_model_dir) -> Path:
    root = tmp_path / "models"
    root.mkdir()
    monkeypatch.setenv("NPSLENS_MODELS_DIR", str(root))
    monkeypatch.setenv("NPSLENS_ADMIN_KEYS", f"other-key,{ADMIN}")
    shutil.copytree(tiny_model_dir, root / "tiny-0.0.1")
    register(root / "tiny-0.0.1")
    promote("0.0.1")
    register(copy_as(tiny_model_dir, root / "tiny-0.0.2", "0.0.2"))
    shutil.copy(FIXTURES / "tiny_corpus.jsonl", root / "fixed-eval.jsonl")
    update_registry(lambda reg: setattr(reg, "eval_set", EvalSet(path="fixed-eval.jsonl",
                                                                   sha256=file_sha256(root / "fixed-eval.jsonl"))))
    yield root


def settings_for(tmp_path: Path, root: Path):
    return make_settings(tmp_path / "data", root / "tiny-0.0.1", model=None)


def test_admin_key_is_required(registry, tmp_path, monkeypatch):
    with running_app(settings_for(tmp_path, registry), runner=None) as c:
        assert_problem(c.post("/v1/models/0.0.2/promote"), 401, "unauthorized")
        assert_problem(c.post("/v1/models/0.0.2/promote", headers=AUTH), 403, "forbidden")  # a plain API key
    monkeypatch.setenv("NPSLENS_ADMIN_KEYS", "")
    with running_app(settings_for(tmp_path, registry), runner=None) as c:
        problem = assert_problem(c.post("/v1/models/0.0.2/promote", headers=ADMIN_AUTH), 403, "admin_disabled")
        assert "NPSLENS_ADMIN_KEYS" in problem["detail"]


def test_unknown_version_is_404(registry, tmp_path):
    with running_app(settings_for(tmp_path, registry), runner=None) as c:
        problem = assert_problem(c.post("/v1/models/9.9.9/promote", headers=ADMIN_AUTH), 404, "model_not_found")
        assert "0.0.2" in problem["detail"]


def test_gate_refusal_is_409_and_force_overrides(registry, tmp_path, monkeypatch):
    import lifecycle.registry as reg_mod
    from lifecycle.gate import GateResult

    bad = GateResult(False, "0.0.2", "0.0.1", 0.01, "fixed.jsonl", 40,
                     rows=[("theme_micro_f1", 0.8, 0.5, -0.3)], reasons=["theme_micro_f1 0.500 vs champion 0.0.1 "
                                                                         "0.800 (-0.300, tolerance 0.01)"])
    monkeypatch.setattr(reg_mod, "gate_check", lambda *a, **k: bad)
    monkeypatch.setattr("api.routes.models_admin.gate_check", lambda *a, **k: bad)
    with running_app(settings_for(tmp_path, registry), runner=None) as c:
        problem = assert_problem(c.post("/v1/models/0.0.2/promote", headers=ADMIN_AUTH), 409, "promote_refused")
        assert "theme_micro_f1" in problem["detail"] and "force" in problem["detail"]
        assert load_registry().champion == "0.0.1"
        forced = c.post("/v1/models/0.0.2/promote", headers=ADMIN_AUTH, params={"force": "true"})
        assert forced.status_code == 200, forced.text
        assert forced.json()["forced"] is True and load_registry().history[-1].forced


def test_hot_reload_under_concurrent_requests_never_errors(registry, tmp_path):
    with running_app(settings_for(tmp_path, registry), runner=None) as c:
        assert c.get("/v1/models", headers=AUTH).json()["loaded"]["version"] == "0.0.1"
        stop = threading.Event()
        seen: list[tuple[int, str]] = []
        errors: list[str] = []

        def hammer() -> None:
            while not stop.is_set() and len(seen) < 5000:
                r = c.post("/v1/classify", headers=AUTH, json={"comments": [{"text": "the wait was long"},
                                                                            {"text": "lovely staff"}]})
                if r.status_code != 200 or len(r.json()["results"]) != 2:
                    errors.append(f"{r.status_code} {r.text[:200]}")
                seen.append((r.status_code, r.json()["model"]["version"] if r.status_code == 200 else "-"))

        workers = [threading.Thread(target=hammer) for _ in range(4)]
        for w in workers:
            w.start()
        try:
            r = c.post("/v1/models/0.0.2/promote", headers=ADMIN_AUTH)
            assert r.status_code == 200, r.text
            body = r.json()
            assert body["champion"] == "0.0.2" and body["previous"] == "0.0.1"
            assert body["loaded"]["version"] == "0.0.2" and body["gate"]["ok"] is True
            n_after_promote = len(seen)
            wait_for(lambda: len(seen) >= n_after_promote + 20)
            back = c.post("/v1/models/rollback", headers=ADMIN_AUTH)
            assert back.status_code == 200 and back.json()["loaded"]["version"] == "0.0.1"
            n_after_rollback = len(seen)
            wait_for(lambda: len(seen) >= n_after_rollback + 20)
        finally:
            stop.set()
            for w in workers:
                w.join()
        assert not errors, errors[:3]
        versions = [v for _, v in seen]
        assert versions.count("0.0.2") >= 20 and versions.count("0.0.1") >= 20 and versions[-1] == "0.0.1"
        assert c.get("/v1/models", headers=AUTH).json()["loaded"]["version"] == "0.0.1"
        assert load_registry().champion == "0.0.1"
        metrics = c.get("/metrics", headers=AUTH).text
        assert 'npslens_model_info{name="tiny",version="0.0.1"} 1.0' in metrics


def test_models_list_reflects_the_new_champion(registry, tmp_path):
    with running_app(settings_for(tmp_path, registry), runner=None) as c:
        assert c.post("/v1/models/0.0.2/promote", headers=ADMIN_AUTH).status_code == 200
        listed = c.get("/v1/models", headers=AUTH).json()
        assert listed["loaded"]["version"] == "0.0.2"
        champ = [m for m in listed["available"] if m["champion"]]
        assert [m["version"] for m in champ] == ["0.0.2"] and champ[0]["loaded"]
        assert c.post("/v1/models/rollback", headers=ADMIN_AUTH).status_code == 200
        problem = assert_problem(c.post("/v1/models/rollback", headers=ADMIN_AUTH), 409, "nothing_to_roll_back")
        assert "earlier champion" in problem["detail"]
