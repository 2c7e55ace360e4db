"""Model changes (promote, rollback): their result, and the operation a client polls when it did not wait."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

OperationStatus = Literal["queued", "running", "succeeded", "failed"]
OperationStage = Literal["gate", "load", "warm", "register", "swap"]
OperationKind = Literal["promote", "rollback"]


class GateRow(BaseModel):
    metric: str
    champion: float | None
    challenger: float | None
    delta: float | None


class GateOut(BaseModel):
    ok: bool
    eval_set: str
    n: int
    tolerance: float
    metrics: list[GateRow]
    reasons: list[str]
    notes: list[str]


class ModelChange(BaseModel):
    champion: str | None = Field(description="The registry's champion now.")
    previous: str | None
    loaded: dict[str, str] = Field(description="The model now serving requests.")
    forced: bool = False
    gate: GateOut | None = None
    reload_seconds: float
    pinned: bool = Field(description="The server was started with NPSLENS_MODEL set: after a restart it loads "
                                     "that model again, not the champion.")


class OperationError(BaseModel):
    code: str = Field(description="The problem code the synchronous call answers with (e.g. promote_refused).")
    detail: str
    reasons: list[str] = Field(default_factory=list, description="Why the gate refused (promote_refused).")
    gate: GateOut | None = Field(default=None, description="The gate's comparison, when it refused.")


class OperationOut(BaseModel):
    model_config = {"json_schema_extra": {"examples": [{
        "id": "0b8e6f2c4a1d4e7f9c3b5a2d8e6f1c4b", "kind": "promote", "status": "running", "stage": "gate",
        "progress": 0.45, "version": "2.1.0", "examples_done": 507, "examples_total": 1014, "result": None,
        "error": None, "created_at": "2026-05-01T10:00:00Z", "started_at": "2026-05-01T10:00:00Z",
        "finished_at": None}]}}

    id: str
    kind: OperationKind
    status: OperationStatus
    stage: OperationStage | None = Field(description="The step running (or the last one reached); null while "
                                                     "queued. Promote: gate → load → warm → register → swap; "
                                                     "rollback skips the gate.")
    progress: float = Field(ge=0, le=1, description="Never decreases; 1 when succeeded. During the gate it follows "
                                                    "examples_done / examples_total.")
    version: str | None = Field(description="The version being promoted, or the one a rollback restores.")
    examples_done: int = Field(ge=0, description="Evaluation-set examples the gate has analysed (both models).")
    examples_total: int = Field(ge=0, description="2 × the evaluation set (champion and challenger); 0 when the "
                                                  "gate evaluates nothing (no champion, or a stored comparison).")
    result: ModelChange | None = Field(description="What the synchronous call answers, once succeeded.")
    error: OperationError | None = Field(description="Why it failed.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
