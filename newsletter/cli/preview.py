"""`newsletter preview`: serve the editions on 127.0.0.1 to look at before sending."""

from __future__ import annotations

import threading
import time
import webbrowser
from typing import Annotated

import typer
import uvicorn

from newsletter.cli import (
    ConfigOption,
    VerboseOption,
    app,
    chosen_config,
    friendly_errors,
    listening_socket,
    out,
    parse_day,
    settings_or_exit,
)
from newsletter.config import config_path
from newsletter.web.app import LOCAL_HOSTS, create_app
from newsletter.web.preview import preview_routes

HOST = "127.0.0.1"


def _open_when_started(server: uvicorn.Server, url: str) -> None:
    def wait_and_open() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            webbrowser.open(url)

    threading.Thread(target=wait_and_open, daemon=True).start()


@app.command()
@friendly_errors
def preview(
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            help="Edition to show first, YYYY-MM-DD. Default: the index of all editions.",
            show_default=False,
        ),
    ] = None,
    port: Annotated[int, typer.Option("--port", "-p", help="Port on 127.0.0.1.")] = 8025,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the page in the default browser.")
    ] = False,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Serve the editions on http://127.0.0.1:PORT: desktop, mobile, dark mode, plain text,
    HTML source, headers and checks. Templates or config edited while it runs re-render the
    edition and the page reloads. Nothing is sent. Ctrl-C stops it."""
    settings = settings_or_exit(config)
    path = f"/editions/{parse_day(day, settings).isoformat()}" if day else "/"
    routes = preview_routes(settings, config=config_path(chosen_config(config)))
    web = create_app(settings, routes, allowed_hosts=LOCAL_HOSTS)
    sock = listening_socket(HOST, port)
    url = f"http://{HOST}:{sock.getsockname()[1]}{path}"
    server = uvicorn.Server(uvicorn.Config(web, log_level="warning", lifespan="off"))
    out.print(f"Preview on [link={url}]{url}[/link] (only this machine; Ctrl-C stops it)")
    if open_browser:
        _open_when_started(server, url)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # uvicorn re-raises Ctrl-C once it has shut down cleanly: that is the normal end
    finally:
        sock.close()
    out.print("Preview stopped.")
