"""Run the app under uvicorn after the bind check (no API keys → loopback only)."""

from __future__ import annotations

import uvicorn

from api.core.logs import configure_logging
from api.core.security import check_bind
from api.core.settings import Settings
from api.main import create_app


def serve(settings: Settings, *, host: str, port: int) -> None:
    """Serve until SIGINT/SIGTERM (graceful: running report jobs are handed back to the queue).

    Raises:
        UnsafeBindError: ``host`` is not loopback and no API keys are configured.
    """
    configure_logging(settings.log_level, settings.log_json)
    check_bind(host, settings)
    app = create_app(settings)
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False, lifespan="on",
                timeout_graceful_shutdown=10, server_header=False)
