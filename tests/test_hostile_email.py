"""Hostile article fields through `generate`, `check` and the preview: whatever a title, a
source name, a summary or a link holds, the email has no handler attribute, no script and no
script URL, and a browser opening it makes no request.

A loopback HTTP server counts the requests the hostile values would make if they ran; the
browser tests first prove that a request from the page does reach it.
"""

from __future__ import annotations

import json
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsletter.cli import app
from tests.test_browser import browser as browser  # the shared Chromium fixture
from tests.test_preview import free_port, start_preview, wait_for

DAY = "2022-02-22"
CONFIG = """
name = "Probe"
timezone = "America/New_York"
output_dir = "out"
data_dir = "data"

[[sources]]
type = "folder"
path = "articles"
name = "Desk"
"""
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@dataclass
class Counter:
    """Paths requested from the counting server, in order."""

    port: int = 0
    paths: list[str] = field(default_factory=list)

    def wait_for(self, path: str) -> bool:
        for _ in range(100):
            if path in self.paths:
                return True
            time.sleep(0.05)
        return False


@pytest.fixture
def counter() -> Iterator[Counter]:
    seen = Counter()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.paths.append(self.path)
            self.send_response(204)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    seen.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        server.shutdown()
        server.server_close()


def write_hostile_articles(folder: Path, port: int) -> dict[str, str]:
    """Three articles about different events, each field hostile in its own way; returns the
    titles as a reader should see them."""
    reach = f"//127.0.0.1:{port}"
    folder.mkdir(parents=True)
    titles = {
        "handler": f"A\" autofocus tabindex=1 onfocus=\"fetch('{reach}/xss')",
        "tag": f"<img src={reach}/i onerror=fetch(this.src)> Ferry's \"late\"",
        "bidi": "Harbor fees \u202erise\u202c by ten \u2066percent\u2069",
    }
    (folder / "handler.txt").write_text(
        f"{titles['handler']}\n\nThe council met on Tuesday evening and approved the parks budget "
        "after a long debate.\n\n\"We kept every promise we made,\" said Dana Okafor, "
        "a council member.\n",
        encoding="utf-8",
    )
    (folder / "tag.md").write_text(
        "---\n"
        + json.dumps(
            {
                "title": titles["tag"],
                "url": f"javascript:fetch('{reach}/js')",
                "source": f"Ledger\" onmouseover=\"fetch('{reach}/hover')",
                "author": "<b>Mo</b> 'Quill'",
                "published": "2022-02-22T08:00:00-05:00",  # earlier: the handler title leads
            }
        )
        + "\n---\nThe morning ferry to Millbrook left forty minutes late on Tuesday because of "
        f"fog <script>fetch('{reach}/script')</script> over the estuary.\n\n"
        "\"Fog is fog, and we wait,\" said Gil Brandt, the ferry's captain.\n",
        encoding="utf-8",
    )
    (folder / "bidi.json").write_text(
        json.dumps(
            {
                "title": titles["bidi"],
                "text": "Harbor fees rise by ten percent\u202e next month, the port authority "
                "said on Tuesday.\n\n\u2067\"Nobody likes paying more,\" said Teresa Quill, "
                "the port's director.\n",
                "url": f"data:text/html,<script>fetch('{reach}/data')</script>",
                "source": "Port \u2066News\u2069",
                "published": "2022-02-22T09:00:00-05:00",
            }
        ),
        encoding="utf-8",
    )
    return {
        "handler": titles["handler"],
        "tag": titles["tag"],
        "bidi": "Harbor fees rise by ten percent",
    }


class Attributes(HTMLParser):
    """Every attribute of every element, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str, str]] = []  # (tag, name, value)
        self.tags: list[str] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.chunks).split())


@pytest.fixture
def hostile(tmp_path: Path, counter: Counter) -> tuple[Path, dict[str, str]]:
    """A config whose folder source holds the hostile articles."""
    config = tmp_path / "newsletter.toml"
    config.write_text(CONFIG, encoding="utf-8")
    titles = write_hostile_articles(tmp_path / "articles" / DAY, counter.port)
    return config, titles


@pytest.fixture
def generated(hostile: tuple[Path, dict[str, str]], tmp_path: Path) -> Path:
    config, _ = hostile
    # In a thread of its own: Playwright's sync API keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as worker:
        result = worker.submit(
            CliRunner().invoke, app, ["generate", "--config", str(config), "--date", DAY]
        ).result()
    assert result.exit_code == 0, result.output
    return tmp_path / "out" / DAY


def test_hostile_fields_reach_the_reader_as_text_only(
    generated: Path, hostile: tuple[Path, dict[str, str]]
) -> None:
    _, titles = hostile
    html = (generated / "email.html").read_text(encoding="utf-8")
    text = (generated / "email.txt").read_text(encoding="utf-8")
    edition = json.loads((generated / "edition.json").read_text(encoding="utf-8"))
    page = Attributes()
    page.feed(html)

    assert [(t, n) for t, n, _ in page.attributes if n.startswith("on")] == []
    assert not {"script", "img"} & set(page.tags)  # the template has no image without a logo
    assert [v for _, n, v in page.attributes if n in ("href", "src") and ":" in v
            and not v.startswith(("http://", "https://", "%%"))] == []
    assert "javascript:" not in html and "data:text" not in html
    for title in titles.values():
        assert title in page.text  # what the article said, shown as text
        assert title in " ".join(text.split())
    assert 'Ledger" onmouseover="fetch(' in page.text
    assert edition["subject"] == f"Probe: {titles['handler']}"  # also in <title>, aria-label
    for part in (html, text, edition["subject"], edition["preheader"]):
        assert not set(BIDI) & set(part)


def test_check_passes_the_hostile_edition_and_fails_a_tampered_one(
    generated: Path, hostile: tuple[Path, dict[str, str]]
) -> None:
    config, _ = hostile
    check = CliRunner().invoke(app, ["check", "--config", str(config), "--date", DAY])
    assert check.exit_code == 0, check.output
    assert "0 error(s), 3 warning(s)" in check.output  # no story has an http(s) link
    assert "story has no link" in " ".join(check.output.split())

    html = generated / "email.html"
    html.write_text(
        html.read_text(encoding="utf-8").replace('aria-label="', 'onfocus="x()" aria-label="', 1),
        encoding="utf-8",
    )
    tampered = CliRunner().invoke(app, ["check", "--config", str(config), "--date", DAY])
    assert tampered.exit_code == 1
    assert "onfocus= on <div>" in " ".join(tampered.output.split())


# --- in Chromium ---------------------------------------------------------------------------

HANDLERS_IN_DOM = """
(() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
    .filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name)))()
"""


def provoke(frame) -> None:
    """Do what a reader does: focus, tab through and point at every link."""
    frame.evaluate("document.querySelectorAll('[tabindex], a').forEach(e => e.focus())")
    for link in frame.locator("a").all():
        link.hover()


def assert_a_request_from(frame, counter: Counter) -> None:
    """The counting server does see a request made from this page."""
    frame.evaluate(f"fetch('http://127.0.0.1:{counter.port}/control').catch(() => null)")
    assert counter.wait_for("/control"), "the counting server is not reachable from the page"


def test_the_written_email_runs_nothing_in_chromium(
    browser, generated: Path, counter: Counter
) -> None:
    page = browser.new_page(viewport={"width": 640, "height": 900})
    try:
        page.goto((generated / "email.html").as_uri())
        provoke(page)
        page.wait_for_timeout(300)
        assert page.evaluate(HANDLERS_IN_DOM) == []
        assert counter.paths == []
        assert_a_request_from(page, counter)
    finally:
        page.close()


def test_the_preview_of_the_hostile_edition_runs_nothing(
    browser, generated: Path, hostile: tuple[Path, dict[str, str]], counter: Counter
) -> None:
    config, titles = hostile
    port = free_port()
    process = start_preview(config, port)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        url = f"http://127.0.0.1:{port}/editions/{DAY}"
        wait_for(url, process)
        page.goto(url)
        assert titles["handler"] in page.locator("#subject").inner_text()
        for tab in ("Desktop", "Mobile", "Dark mode"):
            page.get_by_role("tab", name=tab).click()
            # the tab's own iframe: the panel shown before the click may not be hidden yet
            frame = page.locator(f"iframe[title='{tab}']")
            frame.wait_for(state="visible")
            content = frame.element_handle().content_frame()
            content.get_by_role("link", name="Unsubscribe").wait_for()
            provoke(content)
            assert content.evaluate(HANDLERS_IN_DOM) == []
        page.get_by_role("tab", name="Checks").click()
        assert page.locator("#verdict").inner_text().startswith("0 error(s)")
        page.wait_for_timeout(300)
        assert counter.paths == []
        assert_a_request_from(page, counter)
    finally:
        page.close()
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=15)
