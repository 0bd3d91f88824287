"""A small OpenAI-compatible chat server on 127.0.0.1, for tests and load benchmarks.

It speaks real HTTP (so the `openai` client's whole transport runs), answers
`POST /v1/chat/completions` with queued replies, or with a `responder` function once the queue
is empty, after an optional delay, and keeps every request body in `requests`. A reply can also
be a raw body sent as it is (a broken or hostile server) or claim any token usage. It is a
harness for this project's own code, not a model: what it answers is what the caller tells it
to.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["LocalChatServer", "Reply"]


@dataclass
class Reply:
    """One answer: a message `content` (a dict is sent as JSON text) with status 200, or an
    error `status` with its `headers` (Retry-After…); `delay` seconds before answering.

    `body` (bytes, sent exactly as given with `content_type`) replaces the whole completion;
    `usage` replaces the token counts the server claims; `trickle` sends the body a byte at a
    time, that many seconds apart (a server that never quite stops answering)."""

    content: str | dict[str, Any] = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    body: bytes | None = None
    content_type: str = "application/json"
    usage: dict[str, Any] | None = None
    trickle: float = 0.0


Responder = Callable[[dict[str, Any]], Reply]


def _completion(
    request: dict[str, Any], content: str, usage: dict[str, Any] | None = None
) -> dict[str, Any]:
    prompt = sum(len(str(m.get("content", ""))) for m in request.get("messages", []))
    counted = {
        "prompt_tokens": prompt // 4,
        "completion_tokens": len(content) // 4 + 1,
        "total_tokens": prompt // 4 + len(content) // 4 + 1,
    }
    return {
        "id": "chatcmpl-local",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "local"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": counted if usage is None else usage,
    }


class LocalChatServer:
    """Use as a context manager; `url` is the base_url to give the client."""

    def __init__(self, responder: Responder | None = None, *, delay: float = 0.0) -> None:
        self.responder = responder
        self.delay = delay
        self.queue: deque[Reply] = deque()
        self.requests: list[dict[str, Any]] = []
        self.in_flight = 0
        self.max_in_flight = 0  # the most requests it was answering at once
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def enqueue(self, *replies: Reply | str | dict[str, Any]) -> None:
        """Answer the next requests with these, in order."""
        for reply in replies:
            self.queue.append(reply if isinstance(reply, Reply) else Reply(content=reply))

    @property
    def url(self) -> str:
        assert self._server is not None, "start the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def _finished(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _next(self, request: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(request)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            if self.queue:
                return self.queue.popleft()
        if self.responder is not None:
            return self.responder(request)
        return Reply(status=500, content="no reply queued")

    def __enter__(self) -> LocalChatServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real model servers do
            disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart

            def log_message(self, *args: Any) -> None:  # quiet
                return None

            def _send(
                self,
                status: int,
                body: dict[str, Any] | bytes,
                headers: dict[str, str],
                content_type: str = "application/json",
                trickle: float = 0.0,
            ) -> None:
                data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if not trickle:
                    self.wfile.write(data)
                for byte in data if trickle else b"":
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(trickle)

            def do_GET(self) -> None:
                self._send(200, {"object": "list", "data": [{"id": "local"}]}, {})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                request = json.loads(self.rfile.read(length) or b"{}")
                reply = owner._next(request)
                try:
                    time.sleep(reply.delay or owner.delay)
                    content = reply.content
                    text = content if isinstance(content, str) else json.dumps(content)
                    if reply.body is not None:
                        self._send(
                            reply.status, reply.body, reply.headers, reply.content_type,
                            reply.trickle,
                        )
                    elif reply.status == 200:
                        completion = _completion(request, text, reply.usage)
                        self._send(200, completion, reply.headers, trickle=reply.trickle)
                    else:
                        error = {"message": text or "error", "type": "server_error"}
                        self._send(reply.status, {"error": error}, reply.headers)
                finally:
                    owner._finished()

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 128

            def handle_error(self, request: Any, client_address: Any) -> None:
                return None  # a client that hung up (a cancelled call) is not news

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()
