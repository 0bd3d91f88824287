"""The feed and page sources against a real local HTTP server serving fixture feeds and pages."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from pydantic import ValidationError

from newsletter.gather.addresses import guarded_client
from newsletter.gather.base import (
    DayWindow,
    FeedState,
    GatherContext,
    PageText,
    SourceError,
)
from newsletter.gather.feed import FeedSource, html_to_text, is_teaser
from newsletter.gather.http import connect_error_message, fetch_url, human_size, url_label
from newsletter.gather.page import PageSource, parse_page_date
from newsletter.models import Article
from tests.serving import running

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
TZ = ZoneInfo("America/New_York")
DAY = date(2022, 2, 22)
NOW = datetime(2022, 2, 22, 15, 0, tzinfo=TZ)
USER_AGENT = "newsletter-tests/1.0"

STATIC = {
    "/rss20.xml": ("rss20.xml", "application/rss+xml; charset=utf-8"),
    "/rss10.rdf": ("rss10.rdf", "application/rdf+xml"),
    "/rss091.xml": ("rss091.xml", "text/xml"),
    "/atom.xml": ("atom.xml", "application/atom+xml"),
    "/feed.json": ("feed.json", "application/feed+json"),
    "/malformed.xml": ("malformed.xml", "application/rss+xml"),
    "/broken.xml": ("broken.xml", "application/rss+xml"),
    "/latin1.xml": ("latin1.xml", "application/rss+xml"),
    "/teaser.xml": ("teaser.xml", "application/rss+xml"),
    "/articles/full-story.html": ("full-story.html", "text/html; charset=utf-8"),
    "/page-dated.html": ("page-dated.html", "text/html; charset=utf-8"),
    "/page-undated.html": ("page-undated.html", "text/html"),
    "/empty.html": ("empty.html", "text/html; charset=utf-8"),
}
ETAG = '"rss20-v1"'
LAST_MODIFIED = "Tue, 22 Feb 2022 14:45:00 GMT"
BIG = 50_000


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.release = threading.Event()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def requested(self, path: str) -> list[dict[str, str]]:
        return [headers for seen, headers in self.requests if seen == path]


class Handler(BaseHTTPRequestHandler):
    server: FeedServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path
        self.server.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
        # the client may give up (timeout, oversize body): that is the point of those tests
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route(path)

    def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _fixture(self, name: str) -> bytes:
        return (FIXTURES / name).read_bytes().replace(b"{{BASE}}", self.server.base.encode())

    def _route(self, path: str) -> None:
        if path in STATIC:
            name, content_type = STATIC[path]
            self._send(200, self._fixture(name), content_type)
        elif path == "/conditional.xml":
            if self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.send_header("ETag", ETAG)
                self.end_headers()
            else:
                body = self._fixture("rss20.xml")
                self._send(200, body, "application/rss+xml", ETag=ETAG, Last_Modified=LAST_MODIFIED)
        elif path == "/error500":
            self._send(500, b"<h1>oops</h1>", "text/html")
        elif path == "/slow.xml":
            self.server.release.wait(10)
            self._send(200, self._fixture("rss20.xml"), "application/rss+xml")
        elif path == "/big-declared.xml":
            self._send(200, b"<rss>" + b" " * BIG + b"</rss>", "application/rss+xml")
        elif path == "/big-streamed.xml":  # no Content-Length: the body ends when the socket does
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            for _ in range(BIG // 1000):
                self.wfile.write(b" " * 1000)
        elif path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(404, b"not found", "text/plain")


@pytest.fixture
def server() -> Iterator[FeedServer]:
    httpd = FeedServer()
    with running(httpd, on_stop=httpd.release.set):
        yield httpd


@dataclass
class MemoryState:
    """The `SourceState` protocol kept in dictionaries (with no article stored)."""

    feeds: dict[str, FeedState] = field(default_factory=dict)
    seen: dict[str, datetime] = field(default_factory=dict)

    def feed_state(self, url: str) -> FeedState:
        return self.feeds.get(url, FeedState())

    def save_feed_state(self, url: str, state: FeedState) -> None:
        self.feeds[url] = state

    def first_seen(self, key: str, now: datetime) -> datetime:
        return self.seen.setdefault(key, now)

    def page_texts(self, ids: Collection[str]) -> dict[str, PageText]:
        return {}


@dataclass
class Run:
    articles: list[Article]
    warnings: list[str]

    def titles(self) -> list[str]:
        return [a.title for a in self.articles]

    def by_title(self, title: str) -> Article:
        return next(a for a in self.articles if a.title == title)


def run(source: Any, state: MemoryState | None = None, *, day: date = DAY, now: datetime = NOW):
    """Fetch one source for `day` as it would be at `now`; SourceError propagates."""

    async def main() -> Run:
        # the client `gather` gives a source: its own host is trusted as configured
        async with guarded_client([urlsplit(source.url).hostname]) as client:
            ctx = context(client, state, day=day, now=now)
            return Run(await source.fetch(ctx), ctx.warnings)

    return asyncio.run(main())


def context(
    client: httpx.AsyncClient,
    state: MemoryState | None = None,
    *,
    day: date = DAY,
    now: datetime = NOW,
) -> GatherContext:
    return GatherContext(
        window=DayWindow(day, TZ),
        http=client,
        state=state if state is not None else MemoryState(),
        now=now,
        user_agent=USER_AGENT,
    )


# --- feeds, format by format ---------------------------------------------------------------


def test_rss20_every_entry_whatever_its_date(server: FeedServer) -> None:
    state = MemoryState()
    result = run(FeedSource(url=server.url("/rss20.xml"), full_text="never"), state)

    assert result.titles() == [
        'Council approves "green bridge" plan',
        "Early bus route starts next week",
        "Bakery wins regional prize",
        "Late-night storm knocks out power",
        "School board meets Wednesday",
    ]
    bridge = result.by_title('Council approves "green bridge" plan')
    assert bridge.source == "Riverside Gazette"
    assert bridge.author == "Maria Lopez"
    assert bridge.url == server.url("/news/green-bridge?utm_source=rss")
    assert bridge.published == datetime(2022, 2, 22, 14, 30, tzinfo=UTC)
    assert bridge.dated_by == "article"
    # content:encoded is longer than the description: its paragraphs, entities decoded
    assert bridge.text.split("\n\n") == [
        "The city council voted 7 to 2 on Tuesday to build a pedestrian bridge over the "
        "Riverside canal & its towpath.",
        "“This bridge connects two neighbourhoods that have looked at each other across the "
        "water for a century,” said Mayor Ana Ruiz after the vote.",
        'Councillor Tom Baker, who voted against, said: "We are spending money we do not have."',
    ]
    bus = result.by_title("Early bus route starts next week")
    assert bus.published == datetime(2022, 2, 22, 5, 30, tzinfo=UTC)  # +0100 offset converted
    assert (
        bus.text
        == "Route 9 will start at 5 a.m.\n“Shift workers asked for this,” the transit office said."
    )
    assert server.requested("/rss20.xml")[0]["user-agent"] == USER_AGENT
    assert result.warnings == []


def test_entries_of_other_days_keep_their_own_dates(server: FeedServer) -> None:
    result = run(FeedSource(url=server.url("/rss20.xml"), full_text="never"))
    storm = result.by_title("Late-night storm knocks out power")
    assert storm.published == datetime(2022, 2, 21, 23, 59, tzinfo=TZ)  # the day before
    school = result.by_title("School board meets Wednesday")
    assert school.published == datetime(2022, 2, 23, 0, 0, tzinfo=TZ)  # the day after
    assert {storm.dated_by, school.dated_by} == {"article"}


def test_entry_without_date_is_dated_when_first_seen_and_only_once(server: FeedServer) -> None:
    state = MemoryState()
    source = FeedSource(url=server.url("/rss20.xml"), full_text="never")
    today = run(source, state)
    bakery = today.by_title("Bakery wins regional prize")
    assert bakery.dated_by == "first-seen"
    assert bakery.published == NOW
    assert (
        bakery.text
        == 'The Corner Bakery won a prize for its rye bread. "We are thrilled," said owner Li Wei.'
    )
    assert state.seen == {server.url("/news/bakery"): NOW}

    tomorrow = run(source, state, day=date(2022, 2, 23), now=datetime(2022, 2, 23, 15, tzinfo=TZ))
    assert tomorrow.by_title("Bakery wins regional prize").published == NOW  # still that day


def test_rss10_rdf(server: FeedServer) -> None:
    result = run(FeedSource(url=server.url("/rss10.rdf"), full_text="never"))
    assert result.titles() == [
        "Ferry service resumes after repairs",
        "Old crane to become a museum",
    ]
    ferry, crane = result.articles
    assert crane.published == datetime(2022, 2, 21, 12, tzinfo=UTC)
    assert ferry.published == datetime(2022, 2, 22, 14, 15, tzinfo=UTC)
    assert ferry.author == "Ines Duarte"
    assert ferry.source == "Harbour Weekly"
    assert '"Passengers can board from 7 a.m.," said harbour master Jon Berg.' in ferry.text


def test_rss091_has_no_dates_so_all_entries_are_first_seen(server: FeedServer) -> None:
    result = run(FeedSource(url=server.url("/rss091.xml"), full_text="never", name="Valley"))
    assert result.titles() == ["Library extends opening hours", "Farmers market moves indoors"]
    assert {a.dated_by for a in result.articles} == {"first-seen"}
    assert {a.source for a in result.articles} == {"Valley"}


def test_atom(server: FeedServer) -> None:
    result = run(FeedSource(url=server.url("/atom.xml"), full_text="never"))
    assert result.titles() == [
        "Mayor’s budget speech",
        "Snow clearing schedule",
        "Archive: last week's meeting",
    ]
    speech, snow, _ = result.articles
    assert speech.author == "Sam Okafor"
    assert speech.published == datetime(2022, 2, 22, 12, tzinfo=UTC)  # published, not updated
    assert speech.text == (
        "The mayor presented a balanced budget to the council.\n\n"
        "“We kept every library open,” she said."
    )
    assert snow.published == datetime(2022, 2, 23, 1, tzinfo=UTC)  # only <updated>
    assert snow.url == server.url("/blog/snow")  # relative link resolved
    assert snow.source == "City Hall Blog"


def test_json_feed(server: FeedServer) -> None:
    result = run(FeedSource(url=server.url("/feed.json"), full_text="never"))
    assert result.titles() == [
        "New park opens on Elm & Pine",
        "Water main repaired",
        "A note without a title or link, published today.",
        "Yesterday's news",
    ]
    park, water, note, _ = result.articles
    assert park.source == "Northside Dispatch"
    assert park.author == "Kim Park, Ola Nowak"
    assert park.published == datetime(2022, 2, 22, 15, tzinfo=UTC)
    assert park.text == (
        "The park opened on Tuesday.\n\n"
        "“Children finally have a place to play,” said neighbour Rosa Diaz."
    )
    assert water.author == "Dispatch Staff"  # the feed's authors
    assert water.text.split("\n\n") == [
        "Crews repaired the main overnight.",
        '"Taps should run clear by noon," the utility said.',
    ]
    assert note.url is None
    assert note.dated_by == "article"


def test_iso_8859_1_feed_is_decoded(server: FeedServer) -> None:
    result = run(FeedSource(url=server.url("/latin1.xml"), full_text="never"))
    [cafe] = result.articles
    assert cafe.title == "Le café de Zoë rouvre ses portes"
    assert cafe.source == "Le Petit Écho"
    assert cafe.author == "Hélène Dubois"
    assert cafe.text.startswith(
        "« Ça fait du bien de revoir les habitués », a dit la propriétaire."
    )
    assert "Le señor García était là dès l'ouverture." in cafe.text


# --- broken feeds and failing servers --------------------------------------------------------


def test_malformed_feed_with_entries_keeps_them_and_warns(server: FeedServer) -> None:
    result = run(FeedSource(url=server.url("/malformed.xml"), full_text="never"))
    [roads] = result.articles
    assert roads.title == "Road works & detours"
    assert roads.text == 'Main Street closes for two weeks. "Plan ahead," said the engineer.'
    [warning] = result.warnings
    assert warning.startswith("Sloppy Times: feed is not well-formed (not well-formed")
    assert warning.endswith("read 1 entries anyway")


def test_malformed_feed_without_entries_fails(server: FeedServer) -> None:
    with pytest.raises(SourceError, match=r"^malformed feed: not well-formed \(invalid token\)"):
        run(FeedSource(url=server.url("/broken.xml")))


def test_web_page_instead_of_feed_points_to_its_feed(server: FeedServer) -> None:
    with pytest.raises(SourceError) as info:
        run(FeedSource(url=server.url("/page-dated.html")))
    assert str(info.value) == (
        f"not a feed but a web page; its feed is at {server.url('/rss20.xml')} (use that URL)"
    )


def test_http_error(server: FeedServer) -> None:
    with pytest.raises(SourceError, match=r"^HTTP 500 Internal Server Error; "):
        run(FeedSource(url=server.url("/error500")))
    with pytest.raises(SourceError, match=r"^HTTP 404 Not Found; the address is gone"):
        run(PageSource(url=server.url("/nowhere")))


def test_timeout(server: FeedServer) -> None:
    with pytest.raises(SourceError, match=r"^no answer within 0.5 s; "):
        run(FeedSource(url=server.url("/slow.xml"), timeout=0.5))


@pytest.mark.parametrize("path", ["/big-declared.xml", "/big-streamed.xml"])
def test_oversize_body(server: FeedServer, path: str) -> None:
    with pytest.raises(SourceError) as info:
        run(FeedSource(url=server.url(path), max_bytes=10_000))
    assert str(info.value) == (
        "body larger than 10 kB limit; raise max_bytes if this source is really that large"
    )


def test_redirect_loop(server: FeedServer) -> None:
    with pytest.raises(SourceError, match=r"^too many redirects \(more than 20\)"):
        run(PageSource(url=server.url("/loop")))


def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(SourceError) as info:
        run(FeedSource(url=f"http://127.0.0.1:{port}/feed.xml"))
    assert str(info.value).startswith(f"cannot connect to 127.0.0.1:{port} (")
    assert str(info.value).endswith("); the site may be down")


def test_dns_failure_message() -> None:
    exc = httpx.ConnectError("[Errno -2] Name or service not known")
    exc.__cause__ = socket.gaierror(-2, "Name or service not known")
    assert connect_error_message("https://no-such-host.invalid/feed", exc) == (
        "host no-such-host.invalid not found (DNS lookup failed); check the URL"
    )


def test_only_http_urls() -> None:
    with pytest.raises(ValidationError, match="not an http"):
        FeedSource(url="ftp://example.com/feed.xml")
    with pytest.raises(ValidationError, match="not an http"):
        PageSource(url="/etc/passwd")
    with pytest.raises(ValidationError, match="extra"):
        FeedSource(url="https://example.com/feed.xml", full_txt="always")

    async def main() -> None:
        async with httpx.AsyncClient(trust_env=False) as client:
            await fetch_url(context(client), "file:///etc/passwd", timeout=1, max_bytes=10)

    with pytest.raises(SourceError, match="not an http"):
        asyncio.run(main())


def test_several_sources_together(server: FeedServer) -> None:
    sources = [
        FeedSource(url=server.url("/rss20.xml"), full_text="never"),
        FeedSource(url=server.url("/error500")),
        FeedSource(url=server.url("/atom.xml"), full_text="never"),
        FeedSource(url=server.url("/slow.xml"), timeout=0.5),
        FeedSource(url=server.url("/broken.xml")),
        PageSource(url=server.url("/empty.html")),
        PageSource(url=server.url("/page-dated.html")),
    ]

    async def main() -> list[list[Article] | BaseException]:
        async with httpx.AsyncClient(trust_env=False) as client:
            ctx = context(client)
            return await asyncio.gather(
                *(source.fetch(ctx) for source in sources), return_exceptions=True
            )

    results = asyncio.run(main())
    outcome = {}
    for source, result in zip(sources, results, strict=True):
        if isinstance(result, BaseException):
            assert isinstance(result, SourceError), result
            outcome[source.label] = str(result).split(";")[0]
        else:
            outcome[source.label] = len(result)
    assert outcome == {
        "Riverside Gazette": 5,
        "127.0.0.1/error500": "HTTP 500 Internal Server Error",
        "City Hall Blog": 3,
        "127.0.0.1/slow.xml": "no answer within 0.5 s",
        "127.0.0.1/broken.xml": (
            "malformed feed: not well-formed (invalid token) at line 4, column 5"
        ),
        "127.0.0.1/empty.html": f"no readable text found at {server.base}/empty.html",
        "127.0.0.1/page-dated.html": 1,
    }


# --- conditional GET ------------------------------------------------------------------------


def test_conditional_get(server: FeedServer) -> None:
    state = MemoryState()
    url = server.url("/conditional.xml")
    source = FeedSource(url=url, full_text="never")

    first = run(source, state)
    assert len(first.articles) == 5
    assert state.feeds[url] == FeedState(etag=ETAG, last_modified=LAST_MODIFIED)
    assert "if-none-match" not in server.requested("/conditional.xml")[0]

    second = run(source, state)
    sent = server.requested("/conditional.xml")[1]
    assert sent["if-none-match"] == ETAG
    assert sent["if-modified-since"] == LAST_MODIFIED
    assert second.articles == []
    assert second.warnings == []
    assert state.feeds[url] == FeedState(etag=ETAG, last_modified=LAST_MODIFIED)


# --- teasers ----------------------------------------------------------------------------------


def test_teaser_is_replaced_by_the_full_article(server: FeedServer) -> None:
    result = run(FeedSource(url=server.url("/teaser.xml")))
    assert result.titles() == [
        "Tram line extension approved",
        "Museum reopens",
        "Old teaser from last month",
        "Longer entry needs no page",
    ]
    tram = result.by_title("Tram line extension approved")
    assert "“For the first time, a traveller will be able to land and reach the old town" in (
        tram.text
    )
    assert "“We are building a showcase while the neighbourhood routes are cut,”" in tram.text
    assert tram.author == "Dana Whitfield"
    assert tram.url == server.url("/articles/full-story.html")

    # the page fetch failed: the teaser is kept and a warning says why
    museum = result.by_title("Museum reopens")
    assert museum.text == "The museum reopens after a year of renovation […]"
    assert sorted(result.warnings) == [  # page fetches run at once: they end in any order
        f"Metro Courier: kept the feed's summary of {server.url(path)}: "
        "full text not fetched (HTTP 404 Not Found; the address is gone, check the URL)"
        for path in ("/articles/missing.html", "/articles/outside.html")
    ]
    # entries with their full text are not fetched
    assert server.requested("/articles/long.html") == []
    assert server.requested("/articles/full-story.html")[0]["user-agent"] == USER_AGENT


def test_full_text_never_and_always(server: FeedServer) -> None:
    never = run(FeedSource(url=server.url("/teaser.xml"), full_text="never"))
    tram = never.by_title("Tram line extension approved")
    assert tram.text == "The regional board approved the tram extension to the airport… Read more"
    assert server.requested("/articles/full-story.html") == []

    always = run(FeedSource(url=server.url("/teaser.xml"), full_text="always", max_concurrency=1))
    assert len(server.requested("/articles/long.html")) == 1
    assert len(always.warnings) == 3  # missing.html, outside.html and long.html are not served
    assert always.by_title("Longer entry needs no page").text.startswith("The harbour authority")


def test_is_teaser() -> None:
    long = " ".join(["word"] * 100)
    assert is_teaser("Short summary.")
    assert not is_teaser(long + ".")
    assert is_teaser(long + "…")
    assert is_teaser(long + "...")
    assert is_teaser(long + " [...]")
    assert is_teaser(long + "\n\nRead more »")
    assert is_teaser(long + "\n\nThe post Tram news appeared first on Metro Courier.")


# --- pages ----------------------------------------------------------------------------------


def test_page_with_date(server: FeedServer) -> None:
    result = run(PageSource(url=server.url("/page-dated.html")))
    [page] = result.articles
    assert page.title == "Winter shelter opens its doors"
    assert page.published == datetime(2022, 2, 22, tzinfo=TZ)  # a bare date: start of that day
    assert page.dated_by == "article"
    assert page.author == "Grace Liu"
    assert page.source == "127.0.0.1"
    assert "“Nobody should sleep outside when it is ten degrees below zero,”" in page.text


def test_page_without_date_is_first_seen(server: FeedServer) -> None:
    state = MemoryState()
    source = PageSource(url=server.url("/page-undated.html"), name="Garden")
    [page] = run(source, state).articles
    assert page.dated_by == "first-seen"
    assert page.published == NOW
    assert page.source == "Garden"
    assert "“Anyone can grow tomatoes here, even people who have never held a spade,”" in page.text
    tomorrow = run(source, state, day=date(2022, 2, 23), now=datetime(2022, 2, 23, 9, tzinfo=TZ))
    assert [a.published for a in tomorrow.articles] == [NOW]  # still the day it first appeared


def test_page_without_text(server: FeedServer) -> None:
    with pytest.raises(SourceError, match=r"^no readable text found at http://127\.0\.0\.1:\d+/"):
        run(PageSource(url=server.url("/empty.html")))


# --- helpers --------------------------------------------------------------------------------


def test_html_to_text() -> None:
    html = (
        "<div><p>First &amp; <b>bold</b>\n  paragraph.</p><p>&#8220;Quoted,&#8221; she said."
        "<br>Second line.</p><script>var x = 1;</script><ul><li>one</li><li>two</li></ul></div>"
    )
    assert html_to_text(html) == (
        "First & bold paragraph.\n\n“Quoted,” she said.\nSecond line.\n\none\n\ntwo"
    )
    assert html_to_text("") == ""


def test_small_helpers() -> None:
    assert human_size(5_000_000) == "5 MB"
    assert human_size(10_000) == "10 kB"
    assert human_size(512) == "512 bytes"
    assert url_label("https://www.example.com/news/feed/") == "example.com/news/feed"
    assert FeedSource(url="https://example.com/rss", name="Ex").label == "Ex"
    assert PageSource(url=" https://example.com/about ").url == "https://example.com/about"
    assert parse_page_date("2022-02-22", TZ) == datetime(2022, 2, 22, tzinfo=TZ)
    assert parse_page_date("2022-02-22T10:30:00+00:00", TZ) == datetime(
        2022, 2, 22, 10, 30, tzinfo=UTC
    )
    assert parse_page_date("yesterday", TZ) is None
