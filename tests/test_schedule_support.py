"""What the schedule, run and alert tests share: a real SMTP server (aiosmtpd), a real HTTP
server receiving webhooks and serving feeds, and a newsletter with articles of its own for a
few dates."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from newsletter.config import Settings, load_settings
from newsletter.deliver.subscribers import SubscriberList
from newsletter.store import Store

ZONE = "America/New_York"


class Mailbox:
    """An aiosmtpd handler that keeps every message, and can be slowed down per message."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.messages: list[tuple[str, str]] = []  # (recipient, subject)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        subject = message_from_bytes(envelope.content)["Subject"] or ""
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.messages.append((recipient, subject))
        return "250 OK"

    def recipients(self) -> list[str]:
        with self.lock:
            return sorted(r for r, _ in self.messages)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


class LocalHttp:
    """A local HTTP server the test controls: it records the JSON bodies POSTed to it (webhooks)
    and serves JSON Feeds the test rewrites, `feeds[path]` (a list of items) at that path; any
    other path answers 503. `served` lists, per feed request, the path and the item ids."""

    def __init__(self) -> None:
        self.bodies: list[dict] = []
        self.feeds: dict[str, list[dict]] = {}
        self.served: list[tuple[str, list[str]]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                owner.bodies.append(json.loads(self.rfile.read(length)))
                self.send_response(204)
                self.end_headers()

            def do_GET(self) -> None:
                items = owner.feeds.get(self.path)
                if items is None:
                    self.send_response(503)
                    self.end_headers()
                    return
                owner.served.append((self.path, [item["id"] for item in items]))
                feed = {"version": "https://jsonfeed.org/version/1.1", "title": self.path,
                        "items": items}
                body = json.dumps(feed).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/feed+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LocalHttp:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


STORIES = [
    ("Harbour ferry returns", "The harbour ferry resumed its morning crossings after a week of "
     "repairs to the landing stage, the port authority said.", "Dana Whitfield",
     "We are glad to have the boats back on the water"),
    ("Library extends opening hours", "The central library will open until ten in the evening "
     "from next month, after a vote by the town council.", "Omar Lindqvist",
     "Students asked us for quiet space late at night"),
    ("Orchard harvest beats forecasts", "Apple growers in the valley picked a record crop this "
     "autumn despite a dry summer, the growers' cooperative reported.", "Ines Carvalho",
     "The trees surprised everyone this year"),
]


def write_articles(folder: Path, days: list[date]) -> None:
    """One short article of our own per date (published at noon in New York), each on a
    different subject, with a quote."""
    folder.mkdir(parents=True, exist_ok=True)
    for day in days:
        title, lead, speaker, quote = STORIES[day.toordinal() % len(STORIES)]
        article = {
            "title": f"{title} on {day:%A}",
            "text": f'{lead}\n\n"{quote}," said {speaker}. More details are expected on '
            f"{day:%A, %d %B}.",
            "url": f"https://example.org/news/{day.isoformat()}",
            "published": f"{day.isoformat()}T12:00:00-05:00",
        }
        (folder / f"{day.isoformat()}.json").write_text(json.dumps(article), encoding="utf-8")


def newsletter_config(
    root: Path, smtp_port: int, days: list[date], *, extra: str = "", sources: str = ""
) -> Path:
    """A newsletter.toml with its own articles, subscribers' SMTP on `smtp_port`."""
    write_articles(root / "articles", days)
    path = root / "newsletter.toml"
    path.write_text(
        f'''name = "Harbour Notes"
timezone = "{ZONE}"
data_dir = "data"
output_dir = "out"

[[sources]]
type = "folder"
path = "articles"
name = "Harbour desk"
{sources}
[sender]
from_address = "notes@example.org"
base_url = "https://notes.example.org"
secret = "a-test-secret-that-is-long-enough-0123456789"
postal_address = "1 Quay Street, Harbourtown"

[smtp]
host = "127.0.0.1"
port = {smtp_port}
security = "none"
rate_limit = 0
max_retries = 0
{extra}''',
        encoding="utf-8",
    )
    return path


def subscribe(settings: Settings, *emails: str) -> None:
    store = Store.open(settings.database)
    try:
        people = SubscriberList(store)
        for email in emails:
            people.add(email, resubscribe=True)
    finally:
        store.close()


def settings_from(path: Path) -> Settings:
    return load_settings(path)


def wait_for(condition, timeout: float = 20.0) -> None:
    """Wait until `condition()` is true (a deadline against hanging, not a timing check)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the condition did not become true")
        time.sleep(0.05)
