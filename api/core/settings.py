"""Service settings from the environment (``NPSLENS_…``) or a ``.env`` file; read lazily, never at import.

Example::

    NPSLENS_API_KEYS=key-one,key-two NPSLENS_DATABASE_URL=postgresql+psycopg://u:p@db/npslens npslens serve
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, HttpUrl, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from nlp.encoders.backends import BackendName

MIN_COMMENTS_PER_REQUEST = 256


class Settings(BaseSettings):
    """Everything the service reads from its environment. Limits are enforced with 413/422 problems."""

    model_config = SettingsConfigDict(env_prefix="NPSLENS_", env_file=".env", extra="ignore", frozen=True,
                                      populate_by_name=True)

    # storage and model
    data_dir: Path = Field(Path("npslens-data"), description="Job uploads/outputs; the default SQLite file.")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default sqlite:///<data_dir>/npslens.db.")
    model: str | None = Field(None, description="Model folder or registry version; default: the champion.")
    threads: int = Field(1, ge=1, le=256, validation_alias="npslens_model_threads", description=(
        "NPSLENS_MODEL_THREADS: encoder threads of the served model. 1 keeps single-comment latency low and "
        "leaves the other cores to HTTP and report jobs (which use NPSLENS_THREADS like the CLI)."))
    backend: BackendName | None = Field(None, description=(
        "NPSLENS_BACKEND: encoder backend of the served model; default: the one its config names (onnx-int8 for "
        "the shipped model; torch uses CUDA when available)."))

    # security
    api_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)
    admin_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list, description=(
        "NPSLENS_ADMIN_KEYS: keys allowed to promote and roll back the served model; none: administration off."))
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)

    # limits
    max_comments_per_request: int = Field(1000, ge=MIN_COMMENTS_PER_REQUEST, le=100_000)
    max_comment_chars: int = Field(5000, ge=100, le=1_000_000)
    max_json_bytes: int = Field(16 * 1024 * 1024, ge=64 * 1024)
    max_upload_bytes: int = Field(100 * 1024 * 1024, ge=1024)
    max_report_rows: int = Field(500_000, ge=1)
    max_header_bytes: int = Field(256 * 1024, ge=1024, description="Longest header row of a report upload.")
    max_columns: int = Field(2000, ge=2, le=1_000_000, description="Most columns of a report upload.")

    # micro-batching
    batch_window_ms: float = Field(2.0, ge=0, le=1000, description="How long a batch waits for more callers.")
    max_batch_comments: int = Field(256, ge=1, le=10_000)
    max_batch_chars: int = Field(20_000, ge=1000, le=10_000_000, description="Characters in one model call; "
                                 "smaller: a short request waits less behind a long one.")
    max_request_chars: int = Field(5_000_000, ge=1000, le=100_000_000, description="Work budget of one "
                                   "classify request: its comments' characters in total.")
    fairness: Literal["client", "request"] = Field("client", description=(
        "NPSLENS_FAIRNESS: what the micro-batcher's round-robin shares model calls between. client: each "
        "client (its API key, or its IP when authentication is off) gets one slice per round however many "
        "requests it has open; request: each open request gets one (a client's share grows with its requests)."))

    # report jobs
    job_lease_s: float = Field(15.0, gt=0, description="A running job whose lease expired is resumed or failed.")
    job_max_attempts: int = Field(3, ge=1, le=20)

    # taxonomy fits (POST /v1/taxonomies/{name}/fit): a child process, one at a time, at a lower CPU priority
    fit_threads: int = Field(1, ge=1, le=64, description=(
        "NPSLENS_FIT_THREADS: torch threads of a taxonomy fit the API runs (1 leaves the other core to requests "
        "on a 2-core server; the CLI's default is 2)."))
    fit_max_seconds: float = Field(120.0, gt=0, le=3600, description=(
        "NPSLENS_FIT_MAX_SECONDS: default wall-time limit of an API taxonomy fit (the steps done are kept)."))

    # closed loop
    webhook_url: HttpUrl | None = None
    webhook_secret: SecretStr | None = None
    webhook_include_text: bool = True
    webhook_max_attempts: int = Field(5, ge=1, le=20)
    webhook_backoff_s: float = Field(0.5, ge=0, le=60)
    webhook_timeout_s: float = Field(5.0, gt=0, le=120)
    webhook_queue_size: int = Field(10_000, ge=1)

    # logs
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool = True

    @field_validator("api_keys", "admin_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [k.strip() for k in value.split(",") if k.strip()]
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url is not None and (self.webhook_secret is None or not self.webhook_secret.get_secret_value()):
            raise ValueError("NPSLENS_WEBHOOK_URL is set but NPSLENS_WEBHOOK_SECRET is empty; payloads are "
                             "HMAC-signed, so set a secret shared with the receiver")
        return self

    @property
    def db_url(self) -> str:
        """The database URL in use (the default SQLite file lives in ``data_dir``)."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'npslens.db').as_posix()}"

    @property
    def auth_enabled(self) -> bool:
        return bool(self.api_keys)

    def limits(self) -> dict[str, int]:
        return {"max_comments_per_request": self.max_comments_per_request,
                "max_comment_chars": self.max_comment_chars, "max_json_bytes": self.max_json_bytes,
                "max_upload_bytes": self.max_upload_bytes, "max_report_rows": self.max_report_rows,
                "max_request_chars": self.max_request_chars, "max_header_bytes": self.max_header_bytes,
                "max_columns": self.max_columns}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()
