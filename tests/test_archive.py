"""The web archive of `newsletter serve`: the index, each edition's page and the Atom feed,
in-process over httpx and in Chromium against the real server."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import feedparser
import httpx
import pytest

from newsletter.config import load_settings
from newsletter.store import Store
from newsletter.web.app import create_app
from newsletter.web.archive import archive_routes
from tests.test_browser import browser as browser  # the shared Chromium fixture
from tests.test_preview import SENDING, free_port, wait_for
from tests.test_render import AMPERSAND_HEADLINE, make_edition

CONFIG = f"""
name = "The Riverton Brief"
data_dir = "data"
{SENDING}
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "newsletter.toml"
    path.write_text(CONFIG, encoding="utf-8")
    store = Store.open(load_settings(path).database)
    try:
        store.save_edition(make_edition())
        store.save_edition(
            make_edition(date=date(2022, 2, 23), subject="Ferry <b>timetable</b> & more")
        )
        tomorrow = datetime.now(UTC).date() + timedelta(days=2)
        store.save_edition(make_edition(date=tomorrow, subject="Not sent yet"))
    finally:
        store.close()
    return path


def get(config: Path, *paths: str) -> list[httpx.Response]:
    settings = load_settings(config)
    app = create_app(settings, archive_routes(settings))

    async def fetch() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return [await client.get(path) for path in paths]

    return asyncio.run(fetch())


def test_the_index_lists_past_editions_newest_first(config: Path) -> None:
    (index,) = get(config, "/archive")
    assert index.status_code == 200
    text = index.text
    assert text.index('href="/archive/2022-02-23"') < text.index('href="/archive/2022-02-22"')
    assert "Ferry &lt;b&gt;timetable&lt;/b&gt; &amp; more" in text
    assert "Wednesday, February 23, 2022" in text
    assert "Not sent yet" not in text  # an edition dated after today is not published
    assert "script-src 'none'" in index.headers["content-security-policy"]


def test_an_edition_page_is_the_email_without_per_reader_links(config: Path) -> None:
    page, missing, malformed = get(
        config, "/archive/2022-02-22", "/archive/2022-02-24", "/archive/x"
    )
    assert page.status_code == 200
    assert "Council votes 7–2 on “Parks &amp; Paths” plan" in page.text
    assert "%%" not in page.text and "Unsubscribe" not in page.text
    assert "View in browser" not in page.text
    assert 'href="/archive">past editions</a>' in page.text
    assert missing.status_code == malformed.status_code == 404
    assert 'href="/archive"' in missing.text


def test_the_feed_is_valid_atom_with_one_entry_per_edition(config: Path) -> None:
    (reply,) = get(config, "/feed.xml")
    assert reply.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(reply.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "The Riverton Brief"
    assert [e.link for e in feed.entries] == [
        "https://news.example.org/archive/2022-02-23",
        "https://news.example.org/archive/2022-02-22",
    ]
    first = feed.entries[0]
    assert first.title == "Ferry <b>timetable</b> & more"  # text, escaped in the XML
    assert first.id == first.link and first.updated.startswith("2022-02-22T06:00:00")
    assert first.summary == "Also: the ferry timetable and a prize-winning tarte"


def test_the_archive_in_chromium(browser, config: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "newsletter", "serve", "--config", str(config), "--port",
         str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    page = browser.new_page(viewport={"width": 375, "height": 800})
    try:
        wait_for(f"http://127.0.0.1:{port}/archive", process)
        page.goto(f"http://127.0.0.1:{port}/archive")
        page.get_by_role("link", name="Parks & Paths approved, 7–2").click()
        page.wait_for_url("**/archive/2022-02-22")
        assert page.get_by_role("heading", name=AMPERSAND_HEADLINE).is_visible()
        assert page.get_by_text("Lead story").is_visible()
        assert page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        ) == 0
        page.get_by_role("link", name="past editions").click()
        page.wait_for_url("**/archive")
        assert page.locator("#editions li").count() == 2
    finally:
        page.close()
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=15)
