"""Running a test's own HTTP server on loopback in a thread, for as long as a block runs."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from socketserver import BaseServer
from typing import TypeVar

Server = TypeVar("Server", bound=BaseServer)


@contextmanager
def running(httpd: Server, *, on_stop: Callable[[], None] | None = None) -> Iterator[Server]:
    """`httpd` serving in a daemon thread; stopped and closed afterwards (`on_stop` first,
    e.g. to release handlers a test keeps waiting)."""
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        if on_stop is not None:
            on_stop()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
