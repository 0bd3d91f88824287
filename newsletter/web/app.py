"""The ASGI app: Starlette, built from the routes of whichever web features are mounted.

Starlette because it is small, well kept and plain ASGI: the preview and the unsubscribe
endpoint are a handful of routes each, tests drive the app in-process over httpx's
`ASGITransport`, and uvicorn serves it with a clean shutdown on Ctrl-C.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import BaseRoute

from newsletter.config import Settings

__all__ = ["LOCAL_HOSTS", "create_app"]

LOCAL_HOSTS = ("127.0.0.1", "localhost")
"""Host headers a local-only server answers; others are refused (DNS rebinding)."""


def create_app(
    settings: Settings,
    routes: Sequence[BaseRoute],
    *,
    allowed_hosts: Sequence[str] | None = None,
) -> Starlette:
    """One app serving `routes` (e.g. `preview_routes(settings)` plus the unsubscribe routes).
    `allowed_hosts` limits the Host headers answered; the preview passes `LOCAL_HOSTS`."""
    middleware = []
    if allowed_hosts is not None:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)))
    app = Starlette(routes=list(routes), middleware=middleware)
    app.state.settings = settings
    return app
