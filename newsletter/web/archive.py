"""The web archive `newsletter serve` publishes: an index of the editions in the store
(`/archive`; none dated after today, which may not be sent yet), each edition as a web page
(`/archive/YYYY-MM-DD`: the email's content, with a link to the archive where the reader's
unsubscribe link would be) and an Atom feed of the editions (`/feed.xml`). Links in the feed
are absolute, from `sender.base_url` (else the address the request came to). The pages run
no script.
"""

from __future__ import annotations

import html
import threading
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from newsletter.config import Settings
from newsletter.models import Edition
from newsletter.render import RenderError, edition_url, longdate, render_for
from newsletter.store import Store

__all__ = ["FEED_ENTRIES", "PAGE_POLICY", "archive_routes", "atom_feed"]

FEED_ENTRIES = 30
"""Editions in the feed, newest first."""
PAGE_POLICY = "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"
_ATOM = "http://www.w3.org/2005/Atom"
_PAGES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(Path(__file__).resolve().parent / "templates")),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_PAGES.filters["longdate"] = longdate


def _html(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status, headers={"Content-Security-Policy": PAGE_POLICY})


def atom_feed(settings: Settings, editions: list[Edition], base_url: str) -> bytes:
    """The editions as an Atom 1.0 feed, newest first; each entry links to its page."""
    ET.register_namespace("", _ATOM)

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{_ATOM}}}{tag}", attrs)
        element.text = text
        return element

    feed = ET.Element(f"{{{_ATOM}}}feed")
    archive = f"{base_url.rstrip('/')}/archive"
    add(feed, "title", settings.name)
    add(feed, "id", archive)
    add(feed, "link", href=archive, rel="alternate", type="text/html")
    add(feed, "link", href=f"{base_url.rstrip('/')}/feed.xml", rel="self")
    newest = max((e.generated_at for e in editions), default=datetime(1970, 1, 1, tzinfo=UTC))
    add(feed, "updated", _stamp(newest))
    add(add(feed, "author"), "name", settings.name)
    for edition in editions:
        url = edition_url(base_url, edition.date) or ""
        entry = add(feed, "entry")
        add(entry, "title", edition.subject)
        add(entry, "id", url)
        add(entry, "link", href=url, rel="alternate", type="text/html")
        add(entry, "updated", _stamp(edition.generated_at))
        add(entry, "summary", edition.preheader)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _stamp(moment: datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def archive_routes(settings: Settings, store: Store | None = None) -> list[Route]:
    """The archive's routes, reading editions from `store` (else one opened on the first
    request and kept for the life of the process)."""
    opened: list[Store] = [store] if store is not None else []
    lock = threading.Lock()

    def editions() -> Store:
        with lock:
            if not opened:
                opened.append(Store.open(settings.database))
        return opened[0]

    def published() -> list[date]:
        """Days with a stored edition, newest first; none after today (not sent yet)."""
        today = datetime.now(settings.tz).date()
        return [day for day in editions().edition_dates() if day <= today]

    def base(request: Request) -> str:
        return settings.sender.base_url or str(request.base_url)

    def index(request: Request) -> Response:
        found = [e for day in published() if (e := editions().edition(day))]
        page = _PAGES.get_template("archive.html.j2").render(
            name=settings.name, editions=found, language=settings.branding.language
        )
        return _html(page)

    def edition_page(request: Request) -> Response:
        try:
            day = date.fromisoformat(request.path_params["day"])
        except ValueError:
            day = None
        edition = editions().edition(day) if day and day in published() else None
        if edition is None:
            page = _PAGES.get_template("archive_missing.html.j2").render(name=settings.name)
            return _html(page, 404)
        try:
            return _html(render_for(edition, settings, for_web=True).html)
        except RenderError as exc:
            return _html(f"<p>This edition cannot be shown: {html.escape(str(exc))}</p>", 500)

    def feed(request: Request) -> Response:
        days = published()[:FEED_ENTRIES]
        found = [e for day in days if (e := editions().edition(day))]
        body = atom_feed(settings, found, base(request))
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    return [
        Route("/archive", index, name="archive"),
        Route("/archive/{day:str}", edition_page, name="archive_edition"),
        Route("/feed.xml", feed, name="feed"),
    ]
