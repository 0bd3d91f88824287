"""Web sources against a hostile local HTTP server that counts every request it gets: links to
internal addresses (directly and through redirects), decompression bombs, feeds too large to
read whole, and links that answer too slowly."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import shutil
import socket
import ssl
import threading
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpcore
import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from newsletter.cli import app
from newsletter.gather import FeedSource, FetchSettings, GatherResult, PageSource, gather
from newsletter.gather.addresses import (
    GuardedBackend,
    RefusedAddress,
    address_refusal,
    guarded_client,
)
from newsletter.gather.base import DayWindow, GatherContext
from newsletter.gather.page import fetch_page
from tests.conftest import EXAMPLE_ARTICLES, EXAMPLE_CONFIG
from tests.delivery import server_tls_context, tls_files
from tests.serving import running
from tests.test_gather_http import DAY, TZ, MemoryState

TEASER = "A short teaser of the story…"
ARTICLE = (
    "<html><head><title>Harbour story</title></head><body><article><h1>Harbour story</h1>"
    + "<p>The harbour board met on Tuesday and agreed to dredge the old channel. " * 20
    + "</p></article></body></html>"
).encode()
MEGABYTE = bytes(1 << 20)
ENCODINGS = {"gzip": ("gzip", 31), "deflate": ("deflate", 15), "raw-deflate": ("deflate", -15)}


class HostileServer(ThreadingHTTPServer):
    """Serves the feeds and pages a test puts in `feeds` and `pages`, articles, redirects, slow
    answers and bombs; every request's path is kept in `requests`, its Host in `host_headers`."""

    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> None:
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, 0), HostileHandler)
        if tls:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
        self.scheme = "https" if tls else "http"
        self.host = host
        self.requests: list[str] = []
        self.host_headers: list[str | None] = []
        self.feeds: dict[str, bytes] = {}
        self.pages: dict[str, bytes] = {}
        self.release = threading.Event()

    def url(self, path: str, host: str | None = None) -> str:
        host = host or self.host
        shown = f"[{host}]" if ":" in host else host
        return f"{self.scheme}://{shown}:{self.server_address[1]}{path}"

    def hits(self, prefix: str) -> list[str]:
        return [path for path in self.requests if path.startswith(prefix)]


class HostileHandler(BaseHTTPRequestHandler):
    server: HostileServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        self.server.host_headers.append(self.headers.get("Host"))
        # the client gives up on bombs and slow answers: that is the point
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route(urlsplit(self.path))

    def _route(self, url: Any) -> None:
        if url.path in self.server.feeds:
            self._send(self.server.feeds[url.path], "application/feed+json")
        elif url.path in self.server.pages:
            self._send(self.server.pages[url.path], "text/html; charset=utf-8")
        elif url.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", parse_qs(url.query)["to"][0])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif url.path.startswith(("/secret", "/article")):
            self._send(ARTICLE, "text/html; charset=utf-8")
        elif url.path.startswith("/slow"):
            self.server.release.wait(10)
            self._send(ARTICLE, "text/html; charset=utf-8")
        elif url.path.startswith("/compressed/"):
            encoding, wbits = ENCODINGS[url.path.removeprefix("/compressed/")]
            packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
            body = packer.compress(ARTICLE) + packer.flush()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif url.path.startswith("/bomb/"):
            self._bomb(url.path.removeprefix("/bomb/").split("-"))
        else:
            self._send(b"not found", "text/plain", status=404)

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _bomb(self, layers: list[str]) -> None:
        """1 GB of zeros, gzipped once per layer, compressed as it is sent (the body ends when
        the connection closes), so only what the client reads is ever made."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Encoding", ", ".join(layers))
        self.end_headers()
        compressors = [zlib.compressobj(9, zlib.DEFLATED, 31) for _ in layers]
        for _ in range(1024):
            chunk = MEGABYTE
            for compressor in compressors:  # flushed so each megabyte goes out at once
                chunk = compressor.compress(chunk) + compressor.flush(zlib.Z_SYNC_FLUSH)
            self.wfile.write(chunk)
        tail = b""
        for compressor in compressors:
            tail = compressor.compress(tail) + compressor.flush()
        self.wfile.write(tail)


@contextlib.contextmanager
def serving(host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> Iterator[HostileServer]:
    httpd = HostileServer(host, tls)
    with running(httpd, on_stop=httpd.release.set):
        yield httpd


@pytest.fixture
def server() -> Iterator[HostileServer]:
    with serving() as httpd:
        yield httpd


def json_feed(links: list[str]) -> bytes:
    """A JSON Feed of teaser entries of the edition's day, one per link."""
    items = [
        {
            "id": str(n),
            "url": link,
            "title": f"Entry {n}",
            "content_text": TEASER,
            "date_published": "2022-02-22T15:00:00Z",
        }
        for n, link in enumerate(links)
    ]
    return json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "Hostile", "items": items}
    ).encode()


def read(*sources: Any, limits: FetchSettings | None = None) -> GatherResult:
    return asyncio.run(gather(list(sources), DayWindow(DAY, TZ), MemoryState(), limits=limits))


# --- links to internal addresses -------------------------------------------------------------


def test_links_to_internal_addresses_make_no_request(server: HostileServer) -> None:
    with serving("::1") as ipv6:
        port = server.server_address[1]
        internal = {
            "localhost": server.url("/secret/name", "localhost"),
            "hex": f"http://0x7f000001:{port}/secret/hex",
            "decimal": f"http://2130706433:{port}/secret/decimal",
            "short": f"http://127.1:{port}/secret/short",
            "mapped": f"http://[::ffff:127.0.0.1]:{port}/secret/mapped",
            "ipv6": ipv6.url("/secret/ipv6"),
            "private": "http://10.20.30.40/secret/private",
            "metadata": "http://169.254.169.254/latest/meta-data/",
            "redirect": server.url(f"/redirect?to={server.url('/secret/hop', 'localhost')}"),
        }
        server.feeds["/hostile.json"] = json_feed([*internal.values(), server.url("/article/1")])
        [report] = read(FeedSource(url=server.url("/hostile.json"))).reports
        ipv6_requests = ipv6.requests

    assert server.hits("/secret") == [] and ipv6_requests == []
    assert server.hits("/article/1") == ["/article/1"]  # the feed's own host is trusted
    assert report.error is None and report.articles == len(internal) + 1
    refusals = "\n".join(report.warnings)
    for link in internal.values():
        assert f"kept the feed's summary of {link}: full text not fetched (refused" in refusals
    assert "localhost (127.0.0.1) is a loopback address" in refusals
    assert "0x7f000001 (127.0.0.1) is a loopback address" in refusals
    assert "::ffff:127.0.0.1 is an IPv4-mapped IPv6 address" in refusals
    assert "::1 is a loopback address" in refusals
    assert "10.20.30.40 is a private address" in refusals
    assert "169.254.169.254 is a link-local address" in refusals
    hop = server.url("/secret/hop", "localhost")
    assert f"the redirect from {internal['redirect']} to {hop}: localhost (127.0.0.1)" in refusals
    assert "add the host to fetch.allow_hosts" in refusals


def test_allowed_host_is_reached_but_its_redirects_are_checked(server: HostileServer) -> None:
    page = server.url("/article/intranet", "localhost")
    bounce = server.url(f"/redirect?to={server.url('/secret/bounce', '127.1')}", "localhost")
    server.feeds["/intranet.json"] = json_feed([page, bounce])
    source = FeedSource(url=server.url("/intranet.json"))

    refused = read(source)
    assert server.hits("/article") == []
    assert "localhost (127.0.0.1) is a loopback address" in "\n".join(refused.reports[0].warnings)

    allowed = read(source, limits=FetchSettings(allow_hosts=["LOCALHOST"]))
    assert server.hits("/article") == ["/article/intranet"]
    assert server.hits("/secret") == []
    assert "The harbour board met on Tuesday" in allowed.articles[0].text
    [warning] = allowed.reports[0].warnings
    assert f"refused to fetch the redirect from {bounce} to " in warning
    assert "127.1 (127.0.0.1) is a loopback address" in warning


def test_allow_hosts_takes_host_names_only() -> None:
    assert FetchSettings(allow_hosts=[" Wiki.Corp.Example. ", "[::1]"]).allow_hosts == [
        "wiki.corp.example",
        "::1",
    ]
    for wrong in ("http://wiki.corp.example", "wiki.corp.example:8080", "wiki/path", ""):
        with pytest.raises(ValidationError, match="is not a host name; write the host alone"):
            FetchSettings(allow_hosts=[wrong])


def test_configured_source_url_is_trusted_as_written(server: HostileServer) -> None:
    [report] = read(PageSource(url=server.url("/article/own", "localhost"))).reports
    assert report.error is None and report.warnings == []
    assert server.hits("/article") == ["/article/own"]


def test_every_kind_of_internal_address_is_refused() -> None:
    refused = {
        "127.0.0.1": "loopback",
        "10.1.2.3": "private",
        "172.16.0.1": "private",
        "192.168.0.1": "private",
        "169.254.169.254": "link-local",
        "224.0.0.1": "multicast",
        "240.0.0.1": "reserved",
        "0.0.0.0": "unspecified",
        "100.64.0.1": "non-public",
        "::1": "loopback",
        "::": "unspecified",
        "fe80::1": "link-local",
        "fc00::1": "private",
        "ff02::1": "multicast",
        "::ffff:10.0.0.1": "IPv4-mapped IPv6",
        "2002:7f00:1::": "tunnelled IPv6",
    }
    for address, kind in refused.items():
        assert address_refusal(ipaddress.ip_address(address)) == kind, address
    for public in ("93.184.215.14", "1.1.1.1", "2606:4700:4700::1111"):
        assert address_refusal(ipaddress.ip_address(public)) is None


class _Recorder(httpcore.AsyncNetworkBackend):
    """The real network backend, recording where it was asked to connect."""

    def __init__(self) -> None:
        self.inner = httpcore.AnyIOBackend()
        self.hosts: list[str] = []

    async def connect_tcp(self, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        self.hosts.append(host)
        return await self.inner.connect_tcp(host, port, *args, **kwargs)

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def fake_dns(monkeypatch: pytest.MonkeyPatch, *answers: list[str]) -> list[str]:
    """Answer the guard's lookups with `answers`, one per lookup; the names asked are listed."""
    replies = iter(answers)
    lookups: list[str] = []

    async def getaddrinfo(host: str, port: int, **kwargs: Any) -> list[Any]:
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in next(replies)]

    monkeypatch.setattr("newsletter.gather.addresses.anyio.getaddrinfo", getaddrinfo)
    return lookups


def test_connects_to_the_address_it_checked(
    server: HostileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One lookup per connection, and the connection goes to the address that lookup gave,
    with the link's own Host header; a second DNS answer (rebinding) is never asked for."""
    lookups = fake_dns(monkeypatch, ["127.0.0.1"], ["10.0.0.1"])
    # here the loopback server stands for a public address
    monkeypatch.setattr(
        "newsletter.gather.addresses.address_refusal",
        lambda address: None if str(address) == "127.0.0.1" else "private",
    )
    link = server.url("/article/pinned", "news.example")
    server.feeds["/pinned.json"] = json_feed([link])

    [article] = read(FeedSource(url=server.url("/pinned.json"))).articles

    assert "The harbour board met on Tuesday" in article.text
    assert server.hits("/article") == ["/article/pinned"]
    assert server.host_headers[-1] == f"news.example:{server.server_address[1]}"
    assert lookups == ["news.example"]


def test_tls_verifies_the_link_host_at_the_checked_address(
    server: HostileServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection goes to the checked address, but TLS sends SNI for, and verifies the
    certificate against, the link's host name (the certificate names no address)."""
    cert, key = tls_files(tmp_path, names=("news.example",))
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test's certificate
    lookups = fake_dns(monkeypatch, ["127.0.0.1"])
    monkeypatch.setattr(  # here the loopback server stands for a public address
        "newsletter.gather.addresses.address_refusal",
        lambda address: None if str(address) == "127.0.0.1" else "private",
    )
    with serving(tls=server_tls_context(cert, key)) as secure:
        link = secure.url("/article/tls", "news.example")
        server.feeds["/secure.json"] = json_feed([link])
        [article] = read(FeedSource(url=server.url("/secure.json"))).articles
        assert secure.hits("/article") == ["/article/tls"]
    assert "The harbour board met on Tuesday" in article.text
    assert lookups == ["news.example"]


def test_every_lookup_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A name that resolved to a refused address is refused again whatever it resolves to
    next; nothing is connected to."""
    lookups = fake_dns(monkeypatch, ["192.0.2.10"], ["127.0.0.1", "93.184.215.14"])
    backend = GuardedBackend(trusted=[])
    recorder = _Recorder()
    backend._inner = recorder  # type: ignore[assignment]

    async def connect() -> None:
        await backend.connect_tcp("rebind.example", 80, timeout=5)

    with pytest.raises(RefusedAddress, match=r"rebind\.example \(192\.0\.2\.10\) is a private"):
        asyncio.run(connect())
    with pytest.raises(RefusedAddress, match=r"rebind\.example \(127\.0\.0\.1\) is a loopback"):
        asyncio.run(connect())
    assert lookups == ["rebind.example", "rebind.example"]
    assert recorder.hosts == []


# --- decompression bombs --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("layers", "limits", "message"),
    [
        (
            "gzip-gzip",
            FetchSettings(),
            "the answer is compressed 2 times (Content-Encoding: gzip, gzip); at most 1 layer(s) "
            "are read",
        ),
        ("gzip", FetchSettings(), "body larger than 5 MB limit once decompressed; "),
        (
            "gzip-gzip",
            FetchSettings(max_content_encodings=2),
            "body larger than 5 MB limit once decompressed; ",
        ),
    ],
)
def test_decompression_bomb_is_one_source_error(
    server: HostileServer, layers: str, limits: FetchSettings, message: str
) -> None:
    server.feeds["/good.json"] = json_feed([])
    good = json.loads(server.feeds["/good.json"])
    good["items"] = [
        {"id": "1", "title": "Ferry", "content_text": "The ferry runs again. " * 50,
         "date_published": "2022-02-22T15:00:00Z"}
    ]  # fmt: skip
    server.feeds["/good.json"] = json.dumps(good).encode()
    bomb = PageSource(url=server.url(f"/bomb/{layers}"), name="Bomb")

    tracemalloc.start()
    try:
        result = read(bomb, FeedSource(url=server.url("/good.json"), name="Good"), limits=limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 300_000_000, f"peak {peak / 1e6:.0f} MB"
    bad, fine = result.reports
    assert bad.error is not None and bad.error.startswith(message)
    assert fine.error is None and [a.title for a in result.articles] == ["Ferry"]


@pytest.mark.parametrize("kind", sorted(ENCODINGS))
def test_honest_compression_is_read(server: HostileServer, kind: str) -> None:
    async def main() -> str:
        async with guarded_client([server.host]) as client:
            ctx = GatherContext(window=DayWindow(DAY, TZ), http=client, state=MemoryState())
            url = server.url(f"/compressed/{kind}")
            page = await fetch_page(ctx, url, timeout=5, max_bytes=100_000, label="Compressed")
            return page.text

    assert "The harbour board met on Tuesday" in asyncio.run(main())


# --- the budget of one source ---------------------------------------------------------------


def test_ten_thousand_teasers_are_cut_by_the_budget(server: HostileServer) -> None:
    server.feeds["/flood.json"] = json_feed([server.url(f"/article/{n}") for n in range(10_000)])
    [report] = read(FeedSource(url=server.url("/flood.json"), name="Flood")).reports

    assert len(server.hits("/article")) == 30
    assert report.articles == 200
    assert report.warnings == [
        "Flood: read the first 200 of 10,000 entries (fetch.max_entries); 9,800 left out",
        "Flood: stopped after 30 page fetches (fetch.max_page_fetches); "
        "170 entries kept with feed text",
    ]


def test_budget_settings_are_followed(server: HostileServer) -> None:
    server.feeds["/flood.json"] = json_feed([server.url(f"/article/{n}") for n in range(60)])
    limits = FetchSettings(max_entries=10_000, max_page_fetches=5)
    result = read(FeedSource(url=server.url("/flood.json"), name="Flood"), limits=limits)
    assert len(server.hits("/article")) == 5
    assert sum("The harbour board" in a.text for a in result.articles) == 5
    assert sum(a.text == TEASER for a in result.articles) == 55
    assert result.reports[0].warnings == [
        "Flood: stopped after 5 page fetches (fetch.max_page_fetches); "
        "55 entries kept with feed text"
    ]


def test_slow_links_stop_at_the_source_time_budget(server: HostileServer) -> None:
    server.feeds["/slow.json"] = json_feed([server.url(f"/slow/{n}") for n in range(40)])
    source = FeedSource(url=server.url("/slow.json"), name="Slow", max_concurrency=4)
    result = read(source, limits=FetchSettings(max_seconds=1))

    # only the first few fetches were ever started; every entry kept its feed text
    assert 1 <= len(server.hits("/slow/")) <= 4
    assert [a.text for a in result.articles] == [TEASER] * 40
    assert result.reports[0].error is None
    assert result.reports[0].warnings == [
        "Slow: stopped fetching pages after 1 s for this source (fetch.max_seconds); "
        "40 entries kept with feed text"
    ]


# --- end to end -----------------------------------------------------------------------------


def test_generate_makes_the_edition_and_reports_what_hostile_sources_cost(
    server: HostileServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`newsletter generate` with the example articles, a bomb and a teaser flood: the edition
    is written, the bomb is that source's error, the cut is in the run report."""
    shutil.copytree(EXAMPLE_ARTICLES, tmp_path / "examples" / "articles")
    shutil.copy(EXAMPLE_CONFIG, tmp_path / "newsletter.toml")
    server.feeds["/flood.json"] = json_feed([server.url(f"/article/{n}") for n in range(8)])
    sources = [
        {"type": "folder", "path": "examples/articles"},
        {"type": "page", "url": server.url("/bomb/gzip-gzip"), "name": "Bomb"},
        {"type": "feed", "url": server.url("/flood.json"), "name": "Flood"},
    ]
    monkeypatch.setenv("NEWSLETTER_SOURCES", json.dumps(sources))
    monkeypatch.setenv("NEWSLETTER_FETCH__MAX_PAGE_FETCHES", "3")
    monkeypatch.setenv("COLUMNS", "400")

    result = CliRunner().invoke(app, ["generate", "--date", "2022-02-22"])

    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "2022-02-22" / "email.html").is_file()
    assert "failed: the answer is compressed 2 times (Content-Encoding: gzip, gzip)" in (
        result.output
    )
    assert (
        "Flood: stopped after 3 page fetches (fetch.max_page_fetches); 5 entries kept with "
        "feed text" in result.output
    )
    assert len(server.hits("/article")) == 3
