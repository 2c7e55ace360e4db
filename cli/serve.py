"""Implementation of ``npslens serve``: the HTTP API (report jobs included) behind the bind check."""

from __future__ import annotations

from typing import Any

from api.core.settings import Settings
from api.server import serve


def run_serve(*, host: str | None, port: int | None, model: str | None, backend: str | None = None) -> None:
    """Read the settings (``NPSLENS_*``), apply the command-line overrides and serve.

    Raises:
        UnsafeBindError: a non-loopback host without API keys.
        pydantic.ValidationError: a bad ``NPSLENS_*`` value.
    """
    overrides: dict[str, Any] = {k: v for k, v in (("model", model), ("backend", backend)) if v}
    settings = Settings(**overrides)
    serve(settings, host=host or settings.host, port=port or settings.port)
