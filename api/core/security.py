"""API and admin keys: ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``; a 401/403 problem without a
valid one. The one key check (:func:`key_matches`) serves both.

With no key configured, authentication is off and the server refuses to bind anything but loopback
(:func:`check_bind`), saying so in its log.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
from collections.abc import Sequence
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import SecretStr

from api.core.problems import ApiProblem
from api.core.settings import Settings

log = logging.getLogger("npslens.api")
_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <API key>")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="X-API-Key: <API key>")
_admin_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <admin key>")
_admin_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="X-API-Key: <admin key>")


class UnsafeBindError(RuntimeError):
    """Binding a public interface without API keys."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, settings: Settings) -> None:
    """Refuse a non-loopback bind without API keys; log which mode the server runs in.

    Raises:
        UnsafeBindError: ``host`` is not a loopback address and ``NPSLENS_API_KEYS`` is empty.
    """
    if settings.auth_enabled:
        log.info("API key authentication on", extra={"keys": len(settings.api_keys), "host": host})
        return
    if not is_loopback(host):
        log.error("refusing to bind without API keys", extra={"host": host})
        raise UnsafeBindError(f"no API keys configured (NPSLENS_API_KEYS), so the server only binds to loopback "
                              f"(127.0.0.1, ::1, localhost); got --host {host}. Set NPSLENS_API_KEYS=<key>[,<key>…] "
                              "to serve on other interfaces")
    log.warning("no API keys configured: authentication is off; serving on loopback only", extra={"host": host})


def key_matches(candidate: str, keys: Sequence[SecretStr]) -> bool:
    """Whether ``candidate`` is one of ``keys`` (compared with every key, in constant time)."""
    ok = False
    for key in keys:
        ok |= hmac.compare_digest(candidate.encode(), key.get_secret_value().encode())
    return ok


async def require_api_key(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
    api_key: Annotated[str | None, Security(_header)],
) -> None:
    """FastAPI dependency: pass when auth is off or a configured key is presented."""
    settings: Settings = request.app.state.service.settings
    if not settings.auth_enabled:
        return
    candidate = api_key or (bearer.credentials if bearer else None)
    if not candidate:
        raise ApiProblem(401, "unauthorized", "an API key is required: send 'Authorization: Bearer <key>' or "
                         "'X-API-Key: <key>'", headers={"WWW-Authenticate": "Bearer"})
    if not key_matches(candidate, settings.api_keys):
        raise ApiProblem(401, "unauthorized", "the API key is not valid", headers={"WWW-Authenticate": "Bearer"})


Authenticated = Depends(require_api_key)


async def require_admin(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_admin_bearer)],
    api_key: Annotated[str | None, Security(_admin_header)],
) -> None:
    """FastAPI dependency of the model-administration routes: a key from ``NPSLENS_ADMIN_KEYS``; 403 when
    none is configured."""
    keys = request.app.state.service.settings.admin_keys
    if not keys:
        raise ApiProblem(403, "admin_disabled", "model administration is disabled on this server: set "
                         "NPSLENS_ADMIN_KEYS to enable it")
    candidate = api_key or (bearer.credentials if bearer else None)
    if not candidate:
        raise ApiProblem(401, "unauthorized", "an admin key is required: send 'Authorization: Bearer <key>' or "
                         "'X-API-Key: <key>' with a key from NPSLENS_ADMIN_KEYS",
                         headers={"WWW-Authenticate": "Bearer"})
    if not key_matches(candidate, keys):
        raise ApiProblem(403, "forbidden", "this key may not administer models (not in NPSLENS_ADMIN_KEYS)")


AdminOnly = Depends(require_admin)
