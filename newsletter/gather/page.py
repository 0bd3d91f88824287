"""The `page` source (one web page read as one article) and what web sources share for pages
and dates: fetching and extracting a page, reading a page's date, and the first-seen rule.

Dates: a page's own date metadata when it has one (a bare date means the start of that day in
the newsletter's timezone). Without one, the article is dated by when it was first seen
(`dated_by="first-seen"`), so it appears in the edition of the day it first showed up and
never again.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from datetime import UTC, date, datetime, time
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from newsletter.gather.base import GatherContext, SourceError
from newsletter.gather.extract import ExtractedPage, decode, extract_html
from newsletter.gather.http import WebUrl, fetch_url, url_label
from newsletter.gather.text import not_text
from newsletter.models import Article, canonical_url

__all__ = ["PageSource", "dated", "fetch_page", "item_key", "parse_page_date"]

_PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


class PageSource(BaseModel):
    """One web page, read as one article (a page that is updated in place, a single post)."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["page"] = "page"
    url: WebUrl
    name: str | None = None
    section: str | None = Field(
        default=None,
        description="Section the email files this source's stories under when no language "
        "model chose a topic (e.g. Local); unset means the default section",
    )
    timeout: float = Field(default=20, gt=0)
    max_bytes: int = Field(default=5_000_000, gt=0)

    @property
    def label(self) -> str:
        return self.name or url_label(self.url)

    async def fetch(self, ctx: GatherContext) -> list[Article]:
        page = await fetch_page(
            ctx, self.url, timeout=self.timeout, max_bytes=self.max_bytes, label=self.label
        )
        if not page.text:
            raise SourceError(
                f"no readable text found at {self.url}; "
                "pages that build their text with JavaScript cannot be read"
            )
        url = page.url or self.url
        published, dated_by = dated(ctx, parse_page_date(page.date, ctx.window.tz), item_key(url))
        article = Article(
            title=page.title or self.label,
            text=page.text,
            source=self.name or urlsplit(url).hostname or self.label,
            published=published,
            url=url,
            author=page.author,
            dated_by=dated_by,
        )
        return [article]


async def fetch_page(
    ctx: GatherContext, url: str, *, timeout: float, max_bytes: int, label: str
) -> ExtractedPage:
    """Fetch a web page and extract its main text (empty when there is none). Raises
    `SourceError` when it cannot be fetched, is not a web page or its text is not text
    (`gather.text`); a guessed character set becomes a warning under `label`."""
    response = await fetch_url(
        ctx, url, timeout=timeout, max_bytes=max_bytes, headers={"Accept": _PAGE_ACCEPT}
    )
    kind = response.content_type
    if kind and not (kind.startswith("text/") or "html" in kind or "xml" in kind):
        raise SourceError(f"not a web page ({kind}) at {response.url}")
    declared = response.charset or _meta_charset(response.body)
    html, warning = decode(response.body, declared=declared)
    if warning:
        ctx.warnings.append(f"{label}: {response.url}: {warning}")
    try:
        page = await asyncio.to_thread(extract_html, html, url=response.url)
    except Exception as exc:  # an untrusted document must not crash the edition
        raise SourceError(f"could not read the page at {response.url}: {exc}") from exc
    if reason := not_text(f"{page.title or ''}\n{page.text}"):
        raise SourceError(f"{reason}, at {response.url}")
    if not (page.url or "").lower().startswith(("http://", "https://")):
        page.url = response.url
    return page


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii") if match else None


def parse_page_date(value: str | None, tz: ZoneInfo) -> datetime | None:
    """A page's date metadata as an aware datetime: a bare `YYYY-MM-DD` is the start of that day
    in `tz`, a date-time without offset is read in `tz`. None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(0), tzinfo=tz)
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def item_key(url: str | None, guid: str | None = None, *, scope: str = "", text: str = "") -> str:
    """The identity an item is remembered by for the first-seen rule: its canonical link, else
    its guid (within `scope`, the feed it came from), else a hash of its text."""
    if url:
        return canonical_url(url)
    if guid:
        return f"guid:{scope}#{guid}"
    digest = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:32]
    return f"text:{scope}#{digest}"


def dated(ctx: GatherContext, published: datetime | None, key: str) -> tuple[datetime, str]:
    """`(published, dated_by)` for an item: its own date when it has one, else the moment
    `key` was first seen (recorded now if never), so it is never silently dropped."""
    if published is not None:
        return published, "article"
    seen = ctx.state.first_seen(key, ctx.now)
    if seen.tzinfo is None:  # a store that keeps naive datetimes keeps them in UTC
        seen = seen.replace(tzinfo=UTC)
    return seen, "first-seen"
