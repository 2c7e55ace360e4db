"""Model-change operations (promote, rollback), kept in memory: status, stage and progress for a poller.

One change runs at a time per server (:attr:`OperationStore.lock`). Every change, synchronous or not, is an
:class:`Operation`, so a refusal can name the one running. The store keeps the last :data:`KEEP` operations; a
restart loses them (the registry, which records every promote and rollback, is durable).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from api.core.problems import ApiProblem
from api.schemas.operations import (
    GateOut,
    ModelChange,
    OperationError,
    OperationKind,
    OperationOut,
    OperationStage,
    OperationStatus,
)

log = logging.getLogger("npslens.api")
KEEP = 50
FINAL = ("succeeded", "failed")
# where each stage starts on the 0..1 progress scale; the gate's evaluation fills [gate, next stage)
STAGES: dict[OperationKind, dict[OperationStage, float]] = {
    "promote": {"gate": 0.0, "load": 0.90, "warm": 0.93, "register": 0.96, "swap": 0.98},
    "rollback": {"load": 0.0, "warm": 0.50, "register": 0.80, "swap": 0.90},
}


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Operation:
    """One model change. Its progress methods may be called from a worker thread."""

    id: str
    kind: OperationKind
    version: str | None
    status: OperationStatus = "queued"
    stage: OperationStage | None = None
    progress: float = 0.0
    examples_done: int = 0
    examples_total: int = 0
    result: ModelChange | None = None
    error: OperationError | None = None
    gate: GateOut | None = None
    created_at: datetime = field(default_factory=_now)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    _mutex: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _advance(self, value: float) -> None:
        self.progress = max(self.progress, min(1.0, value))  # never backwards

    def enter(self, stage: OperationStage) -> None:
        with self._mutex:
            self.stage = stage
            self._advance(STAGES[self.kind][stage])

    def examples(self, done: int, total: int) -> None:
        """The gate's ``progress(done, total)`` callback."""
        with self._mutex:
            self.examples_done, self.examples_total = done, total
            stages = STAGES[self.kind]
            if total > 0 and self.stage == "gate":
                self._advance(stages["gate"] + (stages["load"] - stages["gate"]) * min(done, total) / total)

    def out(self) -> OperationOut:
        with self._mutex:
            return OperationOut(id=self.id, kind=self.kind, status=self.status, stage=self.stage,
                                progress=round(self.progress, 4), version=self.version,
                                examples_done=self.examples_done, examples_total=self.examples_total,
                                result=self.result, error=self.error, created_at=self.created_at,
                                started_at=self.started_at, finished_at=self.finished_at)


class OperationStore:
    """The server's model-change operations (newest last) and the lock that runs one change at a time."""

    def __init__(self, keep: int = KEEP) -> None:
        self.keep = keep
        self.lock = asyncio.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ops: OrderedDict[str, Operation] = OrderedDict()
        self._tasks: set[asyncio.Task[None]] = set()

    def bind(self) -> OperationStore:
        """A fresh lock when the app runs on a new event loop (an app can be started again, e.g. in tests)."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self.lock, self._loop = asyncio.Lock(), loop
        return self

    def create(self, kind: OperationKind, version: str | None) -> Operation:
        op = Operation(id=uuid.uuid4().hex, kind=kind, version=version)
        self._ops[op.id] = op
        finished = [k for k, o in self._ops.items() if o.status in FINAL]
        for k in finished[:max(0, len(self._ops) - self.keep)]:
            del self._ops[k]
        return op

    def get(self, op_id: str) -> Operation | None:
        return self._ops.get(op_id)

    def active(self) -> Operation | None:
        """The change running now, else the oldest waiting for the lock; ``None`` when idle."""
        waiting = [o for o in self._ops.values() if o.status not in FINAL]
        return next((o for o in waiting if o.status == "running"), waiting[0] if waiting else None)

    async def run(self, op: Operation, work: Callable[[], Awaitable[ModelChange]]) -> ModelChange:
        """Run ``work`` under the lock, recording its outcome on ``op``; its :class:`ApiProblem` is re-raised."""
        try:
            async with self.lock:
                op.status, op.started_at = "running", _now()
                result = await work()
        except ApiProblem as p:
            self._fail(op, OperationError(code=p.code, detail=p.detail, reasons=op.gate.reasons if op.gate else [],
                                          gate=op.gate))
            raise
        except asyncio.CancelledError:
            self._fail(op, OperationError(code="cancelled", detail="the server stopped (or the caller left) before "
                                          "the change finished; GET /v1/models shows what is served"))
            raise
        except Exception as err:
            log.exception("model change failed", extra={"operation": op.id, "kind": op.kind})
            self._fail(op, OperationError(code="internal_error", detail=f"{type(err).__name__}: {err}"))
            raise
        with op._mutex:
            op.result, op.status, op.finished_at = result, "succeeded", _now()
            op.progress = 1.0
        return result

    def start(self, op: Operation, work: Callable[[], Awaitable[ModelChange]]) -> None:
        """Run ``work`` in the background (the outcome is read from ``op``)."""
        async def background() -> None:
            with contextlib.suppress(Exception):  # recorded on the operation
                await self.run(op, work)

        task = asyncio.create_task(background(), name=f"npslens-model-{op.kind}-{op.id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    def _fail(op: Operation, error: OperationError) -> None:
        with op._mutex:
            op.error, op.status, op.finished_at = error, "failed", _now()
