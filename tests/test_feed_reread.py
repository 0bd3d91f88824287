"""A feed read again (200, not 304) through `generate` on one SQLite store: an entry already
stored with its page's text keeps it when the page cannot be fetched now, and its page is not
fetched again while the entry's feed text is unchanged, so the page budget goes to new entries.

A loopback server serves a teaser feed and the page of each entry, counting page requests; it
sends no validators, so every read of the feed is a full 200.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import pytest

from newsletter import pipeline
from newsletter.config import Settings
from newsletter.store import Store
from tests.serving import running

TZ = ZoneInfo("Europe/Lisbon")
DAY = date(2023, 5, 10)


@dataclass
class Entry:
    n: int
    day: date
    teaser: str

    @property
    def title(self) -> str:
        return f"Harbour report number {self.n}"

    @property
    def path(self) -> str:
        return f"/news/{self.n}.html"

    @property
    def closing(self) -> str:
        """A sentence only the entry's page holds, never its feed text."""
        return f"The ferry timetable for pier {self.n} changes on the first of June."


def teaser(n: int) -> str:
    return f"The harbour board met about pier {n} on Tuesday… Read more"


def page(entry: Entry) -> bytes:
    paragraphs = [
        f"The harbour board met about pier {entry.n} on Tuesday and agreed to dredge the "
        "old channel before the summer season begins.",
        "Fishermen had asked for the work for three years, saying the silt made the channel "
        "unsafe at low tide for the larger boats of the fleet.",
        "The board will pay for the dredging from its maintenance reserve, and the council "
        "has promised to cover any shortfall from next year's budget.",
        "Residents of the old town raised concerns about noise from the dredger at night, "
        "and the board said work would stop every evening at eight.",
        entry.closing,
    ]
    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    return (
        f"<html><head><title>{entry.title}</title></head><body><article>"
        f"<h1>{entry.title}</h1>{body}</article></body></html>"
    ).encode()


class NewsServer(ThreadingHTTPServer):
    """Serves `/feed.xml` from `entries` and each entry's page; pages answer 503 while
    `pages_fail` is set. `page_requests` lists every page path asked for."""

    daemon_threads = True

    def __init__(self, entries: list[Entry]) -> None:
        super().__init__(("127.0.0.1", 0), NewsHandler)
        self.entries = entries
        self.pages_fail = False
        self.page_requests: list[str] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>{e.title}</title><link>{self.base}{e.path}</link>"
            f"<guid>{self.base}{e.path}</guid><description>{escape(e.teaser)}</description>"
            f"<pubDate>{format_datetime(datetime.combine(e.day, time(9), tzinfo=TZ))}</pubDate>"
            "</item>"
            for e in self.entries
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Harbour Gazette</title><link>{self.base}/</link><description>d</description>"
            f"{items}</channel></rss>"
        ).encode()


class NewsHandler(BaseHTTPRequestHandler):
    server: NewsServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/feed.xml":
            self._send(200, self.server.feed(), "application/rss+xml")
            return
        entry = next((e for e in self.server.entries if e.path == self.path), None)
        if entry is None:
            self._send(404, b"not found", "text/plain")
            return
        self.server.page_requests.append(self.path)
        if self.server.pages_fail:
            self._send(503, b"busy, try later", "text/plain")
        else:
            self._send(200, page(entry), "text/html; charset=utf-8")

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def news() -> Iterator[NewsServer]:
    with running(NewsServer([])) as httpd:
        yield httpd


def settings(tmp_path: Path, news: NewsServer, **fetch: Any) -> Settings:
    return Settings(
        timezone=TZ.key,
        data_dir=tmp_path / "data",
        output_dir=tmp_path / "out",
        sources=[{"type": "feed", "url": f"{news.base}/feed.xml", "full_text": "auto"}],
        fetch=fetch,
    )


def generate(config: Settings, day: date) -> pipeline.RunReport:
    report = asyncio.run(pipeline.generate(config, day))
    assert [source.error for source in report.sources] == [None]
    return report


def edition_texts(config: Settings, day: date) -> dict[str, str]:
    edition = json.loads((config.output_dir / day.isoformat() / "edition.json").read_text())
    return {article["title"]: article["text"] for article in edition["articles"]}


def stored_texts(config: Settings) -> dict[str, str]:
    store = Store.open(config.database)
    try:
        with store.engine.connect() as connection:
            rows = connection.exec_driver_sql("select title, text from articles").all()
    finally:
        store.close()
    return dict(rows)


def test_a_reread_feed_keeps_the_full_text_when_the_page_fails_now(
    tmp_path: Path, news: NewsServer
) -> None:
    news.entries = [Entry(1, DAY, teaser(1)), Entry(2, DAY, teaser(2))]
    config = settings(tmp_path, news)
    generate(config, DAY)
    assert all(e.closing in edition_texts(config, DAY)[e.title] for e in news.entries)

    # the publisher edits one teaser, so its page is asked for again, and the pages fail
    edited = news.entries[0]
    edited.teaser = "Updated: " + edited.teaser
    news.pages_fail = True
    news.page_requests.clear()
    report = generate(config, DAY)

    assert all(e.closing in stored_texts(config)[e.title] for e in news.entries)
    assert all(e.closing in edition_texts(config, DAY)[e.title] for e in news.entries)
    assert news.page_requests == [edited.path]  # the unchanged entry's page is not asked for
    assert any(
        f"kept the text stored earlier for {news.base}{edited.path}" in warning
        for warning in report.sources[0].warnings
    )
    assert report.stored.updated == 0


def test_a_page_cut_by_the_budget_leaves_the_stored_full_text(
    tmp_path: Path, news: NewsServer
) -> None:
    news.entries = [Entry(1, DAY, teaser(1))]
    generate(settings(tmp_path, news), DAY)

    news.entries[0].teaser = "Corrected: " + teaser(1)
    news.page_requests.clear()
    config = settings(tmp_path, news, max_page_fetches=0)
    report = generate(config, DAY)

    assert news.entries[0].closing in stored_texts(config)[news.entries[0].title]
    assert news.page_requests == []
    assert any("fetch.max_page_fetches" in warning for warning in report.sources[0].warnings)


def test_a_reread_feed_pays_only_for_the_pages_of_new_entries(
    tmp_path: Path, news: NewsServer
) -> None:
    yesterday = DAY - timedelta(days=1)
    news.entries = [Entry(n, yesterday, teaser(n)) for n in range(1, 31)]
    config = settings(tmp_path, news)
    generate(config, yesterday)
    assert len(news.page_requests) == 30  # the whole page budget (fetch.max_page_fetches)

    # the feed, oldest entry first, gains one new teaser entry at its end
    new = Entry(31, DAY, teaser(31))
    news.entries.append(new)
    news.page_requests.clear()
    report = generate(config, DAY)

    assert new.closing in edition_texts(config, DAY)[new.title]
    assert news.page_requests == [new.path]  # none for the 30 entries stored complete
    assert not any("fetch.max_page_fetches" in w for w in report.sources[0].warnings)
    stored = stored_texts(config)
    assert all(e.closing in stored[e.title] for e in news.entries)
