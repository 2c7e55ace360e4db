"""``OPTIONS`` on any route path: ``204`` with the full ``Allow`` list of that path (no CORS headers).

Starlette answers a method a route lacks with ``405`` and the ``Allow`` list of the first route whose path
matched. This pure ASGI middleware answers ``OPTIONS`` itself: it asks the app's router, method by method,
which ones a route of the path answers. A path no route has goes on to the app (``404``).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import Match, Router

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(router: Router, scope: dict[str, Any]) -> set[str]:
    """Every method some route of ``router`` fully matches on this request's path."""
    return {m for m in METHODS
            if any(route.matches({**scope, "method": m})[0] is Match.FULL for route in router.routes)}


class OptionsAllow:
    """Pure ASGI middleware: ``OPTIONS <path>`` → ``204`` with ``Allow``; everything else passes through."""

    def __init__(self, app: Any, *, router: Router) -> None:
        self.app = app
        self.router = router

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "OPTIONS":
            methods = allowed_methods(self.router, scope)
            if methods:
                allow = ", ".join(sorted(methods | {"OPTIONS"}))
                await Response(status_code=204, headers={"Allow": allow})(scope, receive, send)
                return
        await self.app(scope, receive, send)
