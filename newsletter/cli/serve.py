"""`newsletter serve`: the public web endpoint (one-click unsubscribe, the archive), run by
uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from newsletter.cli import (
    ConfigOption,
    VerboseOption,
    app,
    fail,
    friendly_errors,
    listening_socket,
    out,
    settings_or_exit,
    store_or_exit,
)
from newsletter.deliver import DeliveryConfigError
from newsletter.web.app import create_app
from newsletter.web.archive import archive_routes
from newsletter.web.unsubscribe import unsubscribe_routes


@app.command()
@friendly_errors
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", help="Port to listen on.")] = 8080,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Serve the unsubscribe links (GET shows a page with one button; POST unsubscribes at
    once, RFC 8058) and the archive of past editions (/archive, each edition's page, and the
    Atom feed /feed.xml). Put it behind an https reverse proxy at sender.base_url. Ctrl-C
    stops it."""
    settings = settings_or_exit(config)
    store = store_or_exit(settings)
    try:
        routes = unsubscribe_routes(settings, store) + archive_routes(settings, store)
    except DeliveryConfigError as exc:
        store.close()
        raise fail(str(exc), 2) from None
    web = create_app(settings, routes)
    try:
        sock = listening_socket(host, port)
    except typer.Exit:
        store.close()
        raise
    out.print(
        f"Serving unsubscribe links and the archive (/archive, /feed.xml) on "
        f"http://{host}:{port} (Ctrl-C stops it)"
    )
    server = uvicorn.Server(uvicorn.Config(web, log_level="info", proxy_headers=True))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        store.close()
