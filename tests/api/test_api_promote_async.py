"""``POST /v1/models/{version}/promote?wait=false`` (and rollback): 202, an operation to poll with stage and progress,
one change at a time (409 naming the running one), failures with the synchronous call's problem code."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
import test_api_promote
from conftest import AUTH, running_app, wait_for
from test_api_classify import assert_problem
from test_api_promote import ADMIN_AUTH, settings_for

from api.services.operations import Operation, OperationStore
from lifecycle import registry as lifecycle_registry
from lifecycle.gate import GateResult
from nlp.artifacts.registry_file import load_registry

registry = test_api_promote.registry  # the fixture: tiny 0.0.1 champion, 0.0.2 its twin, a fixed evaluation set
N_EVAL = 40  # tests/fixtures/tiny_corpus.jsonl, the registry fixture's fixed evaluation set
ASYNC = {"wait": "false"}


def poll(c: Any, location: str, timeout: float = 30.0) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Poll until the operation has finished: its last state and every state seen."""
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = c.get(location, headers=ADMIN_AUTH)
        assert r.status_code == 200, r.text
        seen.append(r.json())
        if seen[-1]["status"] in ("succeeded", "failed"):
            return seen[-1], seen
        time.sleep(0.01)
    raise AssertionError(f"{location} did not finish: {seen[-1]}")


def slow_gate(monkeypatch: pytest.MonkeyPatch, pause: float = 0.0, gate: threading.Event | None = None) -> None:
    """The real gate, in batches of 8 examples, pausing after each batch (and first waiting for ``gate``)."""
    import lifecycle.gate

    real = lifecycle_registry.gate_check
    monkeypatch.setattr(lifecycle.gate, "DEFAULT_BATCH", 8)

    def checked(*args: Any, progress: Any = None, **kwargs: Any) -> GateResult:
        if gate is not None:
            assert gate.wait(30)

        def report(done: int, total: int) -> None:
            progress(done, total)
            time.sleep(pause)

        return real(*args, progress=report, **kwargs)

    monkeypatch.setattr("api.routes.models_admin.gate_check", checked)


def test_async_promote_answers_202_then_progresses_to_succeeded(registry, tmp_path, monkeypatch):
    slow_gate(monkeypatch, pause=0.05)
    with running_app(settings_for(tmp_path, registry), runner=None) as c:
        r = c.post("/v1/models/0.0.2/promote", headers=ADMIN_AUTH, params=ASYNC)
        assert r.status_code == 202, r.text
        op = r.json()
        assert r.headers["location"] == f"/v1/models/operations/{op['id']}"
        assert op["kind"] == "promote" and op["version"] == "0.0.2" and op["status"] in ("queued", "running")
        assert op["result"] is None and op["error"] is None and 0 <= op["progress"] < 1
        final, seen = poll(c, r.headers["location"])
        assert final["status"] == "succeeded" and final["progress"] == 1.0 and final["stage"] == "swap"
        assert final["examples_done"] == final["examples_total"] == 2 * N_EVAL
        result = final["result"]
        assert result["champion"] == "0.0.2" and result["previous"] == "0.0.1" and result["gate"]["ok"] is True
        assert result["loaded"]["version"] == "0.0.2" and result["gate"]["n"] == N_EVAL
        progress = [s["progress"] for s in seen]
        assert progress == sorted(progress), progress  # never backwards
        gate_states = [s for s in seen if s["stage"] == "gate" and s["examples_total"]]
        assert len({s["examples_done"] for s in gate_states}) >= 3, gate_states  # batches of 8, seen as they run
        assert any(0 < s["progress"] < 0.9 for s in gate_states)
        assert all(abs(s["progress"] - 0.9 * s["examples_done"] / s["examples_total"]) < 1e-3 for s in gate_states)
        assert c.get("/v1/models", headers=AUTH).json()["loaded"]["version"] == "0.0.2"
        assert load_registry().champion == "0.0.2"


def test_gate_refusal_fails_the_operation_with_the_reasons(registry, tmp_path, monkeypatch):
    bad = GateResult(False, "0.0.2", "0.0.1", 0.01, "fixed.jsonl", N_EVAL, rows=[("theme_micro_f1", 0.8, 0.5, -0.3)],
                     reasons=["theme_micro_f1 0.500 vs champion 0.0.1 0.800 (-0.300, tolerance 0.01)"])
    monkeypatch.setattr("api.routes.models_admin.gate_check", lambda *a, **k: bad)
    with running_app(settings_for(tmp_path, registry), runner=None) as c:
        r = c.post("/v1/models/0.0.2/promote", headers=ADMIN_AUTH, params=ASYNC)
        assert r.status_code == 202, r.text
        final, _ = poll(c, r.headers["location"])
        assert final["status"] == "failed" and final["stage"] == "gate" and final["result"] is None
        error = final["error"]
        assert error["code"] == "promote_refused"  # what the synchronous call answers (409)
        assert error["reasons"] == bad.reasons and "force" in error["detail"]
        assert error["gate"]["ok"] is False and error["gate"]["metrics"][0]["delta"] == -0.3
        assert load_registry().champion == "0.0.1"
        assert c.get("/v1/models", headers=AUTH).json()["loaded"]["version"] == "0.0.1"


def test_a_second_change_while_one_runs_is_409_naming_it(registry, tmp_path, monkeypatch):
    release = threading.Event()
    slow_gate(monkeypatch, gate=release)
    with running_app(settings_for(tmp_path, registry), runner=None) as c:
        first = c.post("/v1/models/0.0.2/promote", headers=ADMIN_AUTH, params=ASYNC)
        assert first.status_code == 202, first.text
        op_id = first.json()["id"]
        wait_for(lambda: c.get(f"/v1/models/operations/{op_id}", headers=ADMIN_AUTH).json()["stage"] == "gate")
        for second in (c.post("/v1/models/0.0.2/promote", headers=ADMIN_AUTH, params=ASYNC),
                       c.post("/v1/models/rollback", headers=ADMIN_AUTH, params=ASYNC)):
            problem = assert_problem(second, 409, "operation_in_progress")
            assert op_id in problem["detail"] and "running" in problem["detail"]
            assert second.headers["location"] == f"/v1/models/operations/{op_id}"
        release.set()
        final, _ = poll(c, f"/v1/models/operations/{op_id}")
        assert final["status"] == "succeeded" and load_registry().champion == "0.0.2"
        back = c.post("/v1/models/rollback", headers=ADMIN_AUTH, params=ASYNC)  # free again
        assert back.status_code == 202 and back.json()["kind"] == "rollback" and back.json()["version"] == "0.0.1"
        final, seen = poll(c, back.headers["location"])
        assert final["status"] == "succeeded" and final["result"]["champion"] == "0.0.1"
        assert final["examples_total"] == 0 and "gate" not in {s["stage"] for s in seen}
        assert c.get("/v1/models", headers=AUTH).json()["loaded"]["version"] == "0.0.1"


def test_unknown_operation_version_and_nothing_to_roll_back(registry, tmp_path):
    with running_app(settings_for(tmp_path, registry), runner=None) as c:
        problem = assert_problem(c.get(f"/v1/models/operations/{'0' * 32}", headers=ADMIN_AUTH), 404,
                                 "operation_not_found")
        assert "restart" in problem["detail"]
        assert_problem(c.get("/v1/models/operations/not-an-id", headers=ADMIN_AUTH), 422, "validation_error")
        problem = assert_problem(c.post("/v1/models/9.9.9/promote", headers=ADMIN_AUTH, params=ASYNC), 404,
                                 "model_not_found")  # before any 202: nothing was queued
        assert "0.0.2" in problem["detail"]
        assert_problem(c.post("/v1/models/rollback", headers=ADMIN_AUTH, params=ASYNC), 409, "nothing_to_roll_back")


def test_operations_need_an_admin_key(registry, tmp_path):
    with running_app(settings_for(tmp_path, registry), runner=None) as c:
        r = c.post("/v1/models/0.0.2/promote", headers=ADMIN_AUTH, params=ASYNC)
        assert r.status_code == 202
        location = r.headers["location"]
        assert_problem(c.get(location), 401, "unauthorized")
        assert_problem(c.get(location, headers=AUTH), 403, "forbidden")  # a plain API key
        assert_problem(c.post("/v1/models/0.0.2/promote", headers=AUTH, params=ASYNC), 403, "forbidden")
        assert poll(c, location)[0]["status"] == "succeeded"


def test_a_synchronous_promote_is_unchanged_tracked_and_waits_its_turn(registry, tmp_path, monkeypatch):
    """wait=true (the default) answers the ModelChange as before; the change is an operation too (what a 409
    names), and it waits for a running change instead of being refused."""
    release = threading.Event()
    slow_gate(monkeypatch, gate=release)
    with running_app(settings_for(tmp_path, registry), runner=None) as c:
        first = c.post("/v1/models/0.0.2/promote", headers=ADMIN_AUTH, params=ASYNC)
        op_id = first.json()["id"]
        wait_for(lambda: c.get(f"/v1/models/operations/{op_id}", headers=ADMIN_AUTH).json()["stage"] == "gate")
        answers: list[Any] = []
        waiting = threading.Thread(target=lambda: answers.append(c.post("/v1/models/0.0.2/promote",
                                                                        headers=ADMIN_AUTH)))
        waiting.start()
        store: OperationStore = c.app.state.model_operations  # type: ignore[attr-defined]
        wait_for(lambda: len(store._ops) == 2)
        queued = store.get(list(store._ops)[-1])
        assert queued is not None and queued.status == "queued" and waiting.is_alive()
        release.set()
        waiting.join(30)
        (r,) = answers
        assert r.status_code == 200 and "location" not in r.headers
        assert set(r.json()) == {"champion", "previous", "loaded", "forced", "gate", "reload_seconds", "pinned"}
        assert r.json()["champion"] == "0.0.2" and r.json()["gate"]["ok"] is True
        assert c.get(f"/v1/models/operations/{op_id}", headers=ADMIN_AUTH).json()["status"] == "succeeded"
        assert queued.status == "succeeded" and queued.result is not None and queued.progress == 1.0
        assert queued.result.model_dump() == r.json()


def test_the_store_keeps_the_last_operations_and_never_drops_a_running_one():
    store = OperationStore(keep=3)
    running = store.create("promote", "1.0.0")
    running.status = "running"
    done = []
    for i in range(5):
        op = store.create("rollback", f"0.0.{i}")
        op.status = "succeeded"
        done.append(op.id)
    assert store.get(running.id) is running and store.active() is running
    kept = [k for k in store._ops if k != running.id]
    assert kept == done[-2:]  # keep=3 in all, the running one included


def test_operation_progress_follows_examples_and_never_decreases():
    op = Operation(id="x", kind="promote", version="1.0.0")
    op.enter("gate")
    assert op.progress == 0.0
    op.examples(0, 100)
    op.examples(50, 100)
    assert op.progress == pytest.approx(0.45) and op.examples_done == 50
    op.examples(10, 100)  # a late, smaller report does not move it back
    assert op.progress == pytest.approx(0.45)
    op.examples(100, 100)
    for stage, at in (("load", 0.90), ("warm", 0.93), ("register", 0.96), ("swap", 0.98)):
        op.enter(stage)  # type: ignore[arg-type]
        assert op.progress == pytest.approx(at) and op.stage == stage


def test_the_openapi_schema_declares_the_202_its_link_and_the_poll(registry, tmp_path):
    with running_app(settings_for(tmp_path, registry), runner=None) as c:
        spec = c.get("/openapi.json").json()
    for path in ("/v1/models/{version}/promote", "/v1/models/rollback"):
        op = spec["paths"][path]["post"]
        accepted = op["responses"]["202"]
        assert accepted["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/OperationOut"}
        assert "Location" in accepted["headers"] and {"200", "409"} <= set(op["responses"])
        assert accepted["links"]["GetModelOperation"] == {
            "operationRef": "#/paths/~1v1~1models~1operations~1{operation_id}/get",
            "parameters": {"operation_id": "$response.body#/id"},
            "description": "Poll the model change: status, stage, progress, result or error."}
        assert next(p for p in op["parameters"] if p["name"] == "wait")["schema"]["default"] is True
    poll_op = spec["paths"]["/v1/models/operations/{operation_id}"]["get"]
    assert poll_op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/OperationOut")
    stages = spec["components"]["schemas"]["OperationOut"]["properties"]["stage"]["anyOf"][0]["enum"]
    assert stages == ["gate", "load", "warm", "register", "swap"]
