"""Report jobs: status with progress, errors with a reason, links to the files."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import UploadFile
from pydantic import BaseModel, ConfigDict, Field

from api.services.jobs.runner import ReportOptions

JobStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]


class JobError(BaseModel):
    code: str
    detail: str


class JobOut(BaseModel):
    model_config = {"json_schema_extra": {"examples": [{
        "id": "6f1c2b0e9d8a4c1b9e3f5a7d2c4b6e8f", "status": "running", "progress": 0.4, "rows_total": 5000,
        "rows_done": 2000, "attempts": 1, "error": None, "note": None, "filename": "survey.csv",
        "options": {"text_column": "comment", "score_column": "score"}, "created_at": "2026-05-01T10:00:00Z",
        "started_at": "2026-05-01T10:00:01Z", "finished_at": None, "files": {}}]}}

    id: str
    status: JobStatus
    progress: float = Field(ge=0, le=1, description="rows_done / rows_total (1 when succeeded).")
    rows_total: int
    rows_done: int
    attempts: int = Field(description="Runs started; >1 after the job was resumed following a restart.")
    error: JobError | None = Field(description="Why the job failed or was cancelled.")
    note: str | None = Field(description="E.g. that the job was resumed after the server stopped.")
    filename: str
    options: ReportOptions
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    files: dict[str, str] = Field(description="Output name → URL, once the job succeeded.")


class JobList(BaseModel):
    jobs: list[JobOut]


EMPTY = {"type": "string", "maxLength": 0}


def _form_fields(schema: dict[str, Any]) -> None:
    """A multipart form cannot send ``null``, and an empty optional field counts as left out: so the form's
    schema declares each optional single-value option as ``anyOf [X, ""]`` (not ``anyOf [X, null]``)."""
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        branches = prop.get("anyOf")
        if branches is not None and name not in required:
            prop["anyOf"] = [b for b in branches if b.get("type") != "null"] + [EMPTY]


class ReportSubmission(ReportOptions):
    """The multipart form of ``POST /v1/reports``: the options as fields (repeat ``segment_columns``) + the file."""

    model_config = ConfigDict(json_schema_extra=_form_fields)  # an empty optional field: left out

    file: UploadFile = Field(description="The survey export: UTF-8 CSV with a header row.",
                             json_schema_extra={"format": "binary"})  # OpenAPI 3.0 generators look for it

    def options(self) -> ReportOptions:
        return ReportOptions.model_validate(self.model_dump(exclude={"file"}))
