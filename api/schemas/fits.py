"""Taxonomy fits over the API: the fit a registered taxonomy has, and the job that makes one."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

FitJobStatus = Literal["queued", "running", "succeeded", "failed"]


class FitJobError(BaseModel):
    code: str = Field(description="fit_failed (the fit command failed: detail is its message), cancelled (the "
                                  "server stopped first) or internal_error.")
    detail: str


class FitJobOut(BaseModel):
    model_config = {"json_schema_extra": {"examples": [{
        "id": "5d1f0c2e9a7b4c3d8e6f1a2b3c4d5e6f", "taxonomy": "acme-retail", "fingerprint": "3f9a1c0d2b4e6a8c",
        "status": "running", "steps_done": 60, "steps_total": 150, "progress": 0.4, "fit": None, "error": None,
        "created_at": "2026-12-07T10:00:00Z", "started_at": "2026-12-07T10:00:01Z", "finished_at": None}]}}

    id: str
    taxonomy: str = Field(description="The registry name of the taxonomy being fitted.")
    fingerprint: str = Field(description="The fingerprint of the taxonomy as it was when the job started; a fit "
                                         "serves only that exact taxonomy.")
    status: FitJobStatus
    steps_done: int = Field(ge=0)
    steps_total: int = Field(ge=1)
    progress: float = Field(ge=0, le=1, description="steps_done / steps_total (1 when succeeded; a fit that "
                                                    "reaches its time limit first stops early and keeps its steps).")
    fit: str | None = Field(description="The fit folder's name, once succeeded.")
    error: FitJobError | None = Field(description="Why it failed.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class FitInfo(BaseModel):
    folder: str = Field(description="The fit folder's name under the server's <models dir>/fits.")
    created: str
    steps: int | None
    seconds: float | None
    examples: int | None = Field(description="Distinct examples it was fitted on.")
    base_model: dict[str, str] = Field(description="Name and version of the model it was fitted with.")


class TaxonomyFitOut(BaseModel):
    taxonomy: str
    fingerprint: str = Field(description="The registered taxonomy's fingerprint now.")
    fitted: bool = Field(description="Classify and report requests with this taxonomy use a fit (the served "
                                     "model's few-shot head reads the fine-tuned encoder).")
    fit: FitInfo | None = Field(description="The fit they use; null when there is none for this exact taxonomy.")
    job: FitJobOut | None = Field(description="The last fit job of this taxonomy on this server (kept in memory: "
                                              "a restart forgets it, not the fit).")
