"""The `feed` source: RSS 0.9x/1.0/2.0 and Atom (through feedparser) and JSON Feed 1/1.1.

Each entry becomes an article: its title as plain text, the longest of its content and summary
turned from HTML into plain text (paragraphs separated by blank lines, quotes as written), its
author and link. Entries whose text is only a teaser (short, or ending in "…" or "Read more")
have their link fetched and the page's full text used instead; if that fails the teaser is
kept and a warning says so. An entry that is not text (`gather.text`) is skipped with a warning.
The source's budget bounds the entries read and the pages fetched.

A page is paid for once, and a re-read never makes stored text worse: an entry whose article
the store already holds with its page's text, fetched for the same feed text, takes that text
without fetching the page again. An entry whose feed text changed has its page fetched again;
if that fails or the budget cuts it, the text stored earlier stays.

Dates: an entry's published date, else its updated date, in UTC; a date that is not RFC 822 /
RFC 3339 (a day-first numeric date, local day and month names) is read by `gather.dates` in the
feed's language. An entry with no (readable) date is dated by when it was first seen,
remembered under its link, else its guid, else a hash of its title and text
(`dated_by="first-seen"`): it appears in the edition of the day it first showed up in the feed
and never again. No entry is silently dropped for lacking a date.

Every entry the feed holds is returned, whatever its date: the store keeps them all and an
edition reads its own day from the store. So the feed is fetched with a conditional GET (ETag /
Last-Modified remembered between runs), and 304 Not Modified loses nothing: the previous read
already stored every entry the feed held.
"""

from __future__ import annotations

import asyncio
import html
import io
import json
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import feedparser
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from newsletter.gather.base import FeedState, GatherContext, PageText, SourceError
from newsletter.gather.dates import language_hint, read_date
from newsletter.gather.extract import decode
from newsletter.gather.http import FetchedResponse, OutOfTime, WebUrl, fetch_url, url_label
from newsletter.gather.page import dated, fetch_page, item_key
from newsletter.gather.text import not_text
from newsletter.models import Article

__all__ = ["FeedSource", "html_to_text", "is_teaser", "parse_feed"]

_FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
_JSON_TYPES = ("application/feed+json", "application/json")
_TEASER_MIN_WORDS = 80
_TEASER_ENDINGS = ("…", "...", "read more", "continue reading", "read the full story")
_EMAIL_THEN_NAME = re.compile(r"^\s*[^\s()<>]+@[^\s()<>]+\s*\((?P<name>[^()]+)\)\s*$")
_NAME_THEN_EMAIL = re.compile(r"^\s*(?P<name>[^<>@]+?)\s*<[^\s<>]+@[^\s<>]+>\s*$")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_UTC = ZoneInfo("UTC")
_WORDPRESS_FOOTER = re.compile(r"\bthe post .+ appeared first on .+$", re.IGNORECASE)


class FeedSource(BaseModel):
    """An RSS, Atom or JSON Feed, read as one article per entry."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["feed"] = "feed"
    url: WebUrl
    name: str | None = None
    section: str | None = Field(
        default=None,
        description="Section the email files this source's stories under when no language "
        "model chose a topic (e.g. Local); unset means the default section",
    )
    full_text: Literal["auto", "always", "never"] = "auto"
    timeout: float = Field(default=20, gt=0)
    max_bytes: int = Field(default=5_000_000, gt=0)
    max_concurrency: int = Field(default=4, ge=1, description="Page fetches at a time")

    _title: str | None = PrivateAttr(default=None)

    @property
    def label(self) -> str:
        """The `name` option, else the feed's own title (once fetched), else host and path."""
        return self.name or self._title or url_label(self.url)

    async def fetch(self, ctx: GatherContext) -> list[Article]:
        saved = ctx.state.feed_state(self.url)
        headers = {"Accept": _FEED_ACCEPT}
        if saved.etag:
            headers["If-None-Match"] = saved.etag
        if saved.last_modified:
            headers["If-Modified-Since"] = saved.last_modified
        response = await fetch_url(
            ctx, self.url, timeout=self.timeout, max_bytes=self.max_bytes, headers=headers
        )
        if response.status == 304:
            self._remember(ctx, saved, response)
            return []
        parsed = await asyncio.to_thread(parse_feed, response, ctx.window.tz)
        self._title = parsed.title
        ctx.warnings.extend(f"{self.label}: {warning}" for warning in parsed.warnings)
        self._remember(ctx, saved, response)

        source = self.name or parsed.title or urlsplit(response.url).hostname or self.label
        entries = ctx.budget.read(parsed.entries)
        readable = [entry for entry in entries if self._readable(ctx, entry)]
        articles = [self._article(ctx, entry, source) for entry in readable]
        return await self._complete(ctx, articles)

    def _remember(self, ctx: GatherContext, saved: FeedState, response: FetchedResponse) -> None:
        """Save the validators for the next conditional GET (a 304 may omit them; a 200
        without them forgets the old ones)."""
        etag = response.headers.get("etag")
        last_modified = response.headers.get("last-modified")
        if response.status == 304:
            etag, last_modified = etag or saved.etag, last_modified or saved.last_modified
        fresh = FeedState(etag=etag, last_modified=last_modified)
        if fresh != saved:
            ctx.state.save_feed_state(self.url, fresh)

    def _readable(self, ctx: GatherContext, entry: FeedEntry) -> bool:
        """Whether an entry is text; if not, it is skipped and a warning says why."""
        reason = not_text(f"{entry.title}\n{entry.text}")
        if reason:
            ctx.warnings.append(f"{self.label}: skipped {entry.url or repr(entry.title)}: {reason}")
        return reason is None

    def _article(self, ctx: GatherContext, entry: FeedEntry, source: str) -> Article:
        key = item_key(entry.url, entry.guid, scope=self.url, text=f"{entry.title}\n{entry.text}")
        published, dated_by = dated(ctx, entry.published, key)
        if entry.unreadable_date and dated_by == "first-seen":
            ctx.warnings.append(
                f"{self.label}: unreadable date {entry.unreadable_date!r} on "
                f"{entry.url or entry.title!r}; dated by when it was first seen"
            )
        return Article(
            title=entry.title or _title_from_text(entry.text) or entry.url or "(untitled)",
            text=entry.text,
            source=source,
            published=published,
            url=entry.url,
            author=entry.author,
            dated_by=dated_by,
        )

    async def _complete(self, ctx: GatherContext, articles: list[Article]) -> list[Article]:
        """Replace teasers by the full text of the page they link to, a few pages at a time,
        within the source's budget. A page stored earlier for the same feed text is not
        fetched again, and a page that cannot be fetched now leaves the stored text as it is;
        otherwise an entry keeps its feed text."""
        wanted = [article.id for article in articles if article.url and self._wants_page(article)]
        stored = ctx.state.page_texts(wanted) if wanted else {}
        limit = asyncio.Semaphore(self.max_concurrency)

        async def complete(article: Article) -> Article:
            if not (article.url and self._wants_page(article)):
                return article
            earlier = stored.get(article.id)
            if earlier and earlier.feed_hash == article.content_hash:
                return _with_page_text(article, earlier)
            kept = "the text stored earlier for" if earlier else "the feed's summary of"
            async with limit:
                page = await self._page_text(ctx, article.url, article.content_hash, kept)
            if page and len(page.text) > len(article.text):
                return _with_page_text(article, page)
            if page and not article.text:
                ctx.warnings.append(f"{self.label}: no readable text at {article.url}")
            return _with_page_text(article, earlier) if earlier else article

        return list(await asyncio.gather(*(complete(article) for article in articles)))

    def _wants_page(self, article: Article) -> bool:
        """Whether an entry's text should come from the page it links to (if it has a link)."""
        return self.full_text == "always" or (self.full_text == "auto" and is_teaser(article.text))

    async def _page_text(
        self, ctx: GatherContext, url: str, feed_hash: str, kept: str
    ) -> PageText | None:
        """The text of the page an entry links to, fetched for the feed text `feed_hash`;
        None when the budget refuses the fetch or the page cannot be fetched (a warning says
        why and what is `kept` instead)."""
        if not ctx.budget.take_page_fetch():
            return None
        try:
            page = await fetch_page(
                ctx, url, timeout=self.timeout, max_bytes=self.max_bytes, label=self.label
            )
        except OutOfTime:
            ctx.budget.ran_out_of_time()
            return None
        except SourceError as exc:
            ctx.warnings.append(f"{self.label}: kept {kept} {url}: full text not fetched ({exc})")
            return None
        return PageText(page.text, page.author, feed_hash)


def _with_page_text(article: Article, page: PageText) -> Article:
    """An entry's article with the text of its page (the feed's author, else the page's)."""
    return article.model_copy(
        update={
            "text": page.text,
            "author": article.author or page.author,
            "feed_hash": page.feed_hash,
        }
    )


@dataclass
class FeedEntry:
    """One entry of a feed, whatever its format, before it is dated."""

    title: str
    text: str
    url: str | None = None
    author: str | None = None
    published: datetime | None = None
    guid: str | None = None
    unreadable_date: str | None = None
    language: str | None = None
    """The entry's language code (its xml:lang, else the feed's), a hint for reading its date."""


@dataclass
class ParsedFeed:
    title: str | None
    entries: list[FeedEntry]
    warnings: list[str] = field(default_factory=list)


def parse_feed(response: FetchedResponse, tz: ZoneInfo = _UTC) -> ParsedFeed:
    """The entries of a fetched feed; a date without an offset is read in `tz`. Raises
    `SourceError` when it is not a feed or is too broken to yield any entry; a feed that is
    broken but still yields entries gives a warning."""
    head = response.body[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if response.content_type in _JSON_TYPES or head.startswith(b"{"):
        parsed = _parse_json_feed(response)
    else:
        parsed = _parse_xml_feed(response)
    for entry in parsed.entries:
        if entry.published is None and entry.unreadable_date:
            entry.published = read_date(
                entry.unreadable_date, language=language_hint(entry.language), tz=tz
            )
            if entry.published:
                entry.unreadable_date = None
    return parsed


def _parse_xml_feed(response: FetchedResponse) -> ParsedFeed:
    headers = {}
    if response.charset and not re.match(rb"\s*<\?xml[^>]*encoding", response.body[:512]):
        headers["content-type"] = f"application/xml; charset={response.charset}"
    parsed = feedparser.parse(io.BytesIO(response.body), response_headers=headers)
    reason = _bozo_reason(parsed.get("bozo_exception")) if parsed.bozo else None
    if not parsed.entries:
        if _looks_like_html(response):
            raise SourceError(_not_a_feed_message(response))
        if reason:
            raise SourceError(f"malformed feed: {reason}")
        if not parsed.get("version"):
            raise SourceError("not a feed: no RSS, Atom or JSON Feed found at this URL")
    warnings = []
    if reason:
        warnings.append(
            f"feed is not well-formed ({reason}); read {len(parsed.entries)} entries anyway"
        )
    feed = parsed.feed
    entries = []
    for item in parsed.entries:
        texts = [_detail_text(content) for content in item.get("content", [])]
        texts.append(_detail_text(item.get("summary_detail"), item.get("summary")))
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        published = _from_struct_time(stamp)
        link = item.get("link")
        author = _author_name(item.get("author")) or (item.get("author_detail") or {}).get("name")
        entries.append(
            FeedEntry(
                title=_title(_detail_text(item.get("title_detail"), item.get("title"))),
                text=max(texts, key=len),
                url=_link(response.url, link),
                author=_one_line(author) or None,
                published=published,
                guid=item.get("id") or None,
                unreadable_date=None
                if published
                else (item.get("published") or item.get("updated") or None),
                language=_xml_language(item) or feed.get("language"),
            )
        )
    title = _one_line(_detail_text(feed.get("title_detail"), feed.get("title"))) or None
    return ParsedFeed(title=title, entries=entries, warnings=warnings)


def _parse_json_feed(response: FetchedResponse) -> ParsedFeed:
    """JSON Feed 1 / 1.1 (https://jsonfeed.org/version/1.1), which feedparser does not read."""
    document, _ = decode(response.body, declared=response.charset)
    try:
        data = json.loads(document)
    except json.JSONDecodeError as exc:
        raise SourceError(
            f"malformed feed: invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    if not isinstance(data, dict) or not _text(data.get("version")).startswith(
        "https://jsonfeed.org/version/"
    ):
        raise SourceError("malformed feed: JSON without a jsonfeed.org version, not a JSON Feed")
    items = data.get("items")
    if not isinstance(items, list):
        raise SourceError("malformed feed: JSON Feed without an items list")
    feed_authors = _json_authors(data)
    entries, skipped = [], 0
    for item in items:
        if not isinstance(item, dict):
            skipped += 1
            continue
        texts = [
            html_to_text(_text(item.get("content_html"))),
            _plain_text(_text(item.get("content_text"))),
            _plain_text(_text(item.get("summary"))),
        ]
        raw_date = _text(item.get("date_published")) or _text(item.get("date_modified"))
        published = _from_rfc3339(raw_date)
        link = _text(item.get("url")) or _text(item.get("external_url"))
        guid = item.get("id")
        entries.append(
            FeedEntry(
                title=_title(_text(item.get("title"))),
                text=max(texts, key=len),
                url=_link(response.url, link),
                author=_json_authors(item) or feed_authors,
                published=published,
                guid=str(guid) if guid not in (None, "") else None,
                unreadable_date=raw_date if raw_date and not published else None,
                language=_text(item.get("language")) or _text(data.get("language")) or None,
            )
        )
    warnings = [f"skipped {skipped} JSON Feed items that are not objects"] if skipped else []
    return ParsedFeed(
        title=_one_line(_text(data.get("title"))) or None, entries=entries, warnings=warnings
    )


def _xml_language(item: dict[str, Any]) -> str | None:
    """The xml:lang in force on an entry, as feedparser reports it on its text constructs."""
    details = [item.get("title_detail"), item.get("summary_detail"), *item.get("content", [])]
    return next((d["language"] for d in details if d and d.get("language")), None)


def _author_name(value: str | None) -> str | None:
    """The name in an RSS author field: "desk@example.com (Ana Ruiz)" and
    "Ana Ruiz <desk@example.com>" both give "Ana Ruiz"; anything else is returned as is."""
    if not value:
        return None
    match = _EMAIL_THEN_NAME.match(value) or _NAME_THEN_EMAIL.match(value)
    return match.group("name") if match else value


def _json_authors(obj: dict[str, Any]) -> str | None:
    authors = obj.get("authors")
    if not isinstance(authors, list):
        authors = [obj["author"]] if isinstance(obj.get("author"), dict) else []
    names = [_one_line(_text(a.get("name"))) for a in authors if isinstance(a, dict)]
    return ", ".join(name for name in names if name) or None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _detail_text(detail: dict[str, Any] | None, fallback: str | None = None) -> str:
    """The plain text of a feedparser text construct (HTML or plain)."""
    value = (detail or {}).get("value", fallback) or ""
    kind = (detail or {}).get("type", "text/html")
    return html_to_text(value) if "html" in kind else _plain_text(value)


def _from_struct_time(stamp: time.struct_time | None) -> datetime | None:
    if not stamp:
        return None
    try:
        return datetime(*stamp[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _from_rfc3339(value: str) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _bozo_reason(exc: BaseException | None) -> str:
    if exc is None:
        return "unknown error"
    get_message = getattr(exc, "getMessage", None)
    if callable(get_message):  # xml.sax.SAXParseException
        return f"{get_message()} at line {exc.getLineNumber()}, column {exc.getColumnNumber() + 1}"
    return str(exc) or type(exc).__name__


def _looks_like_html(response: FetchedResponse) -> bool:
    head = response.body[:1024].lstrip().lower()
    return response.content_type in ("text/html", "application/xhtml+xml") or head.startswith(
        (b"<!doctype html", b"<html")
    )


class _FeedLinks(HTMLParser):
    """The feeds a web page advertises with <link rel="alternate" type="...">."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: (value or "") for name, value in attrs}
        kind = values.get("type", "").lower()
        if (
            tag == "link"
            and "alternate" in values.get("rel", "").lower().split()
            and (kind.endswith(("rss+xml", "atom+xml")) or kind in _JSON_TYPES)
            and values.get("href")
        ):
            self.links.append(values["href"])


def _not_a_feed_message(response: FetchedResponse) -> str:
    finder = _FeedLinks()
    page, _ = decode(response.body, declared=response.charset)
    finder.feed(page)
    finder.close()
    if finder.links:
        return (
            "not a feed but a web page; its feed is at "
            f"{urljoin(response.url, finder.links[0])} (use that URL)"
        )
    return "not a feed but a web page; use the site's feed URL, or a page source"


def is_teaser(text: str) -> bool:
    """Whether an entry's text is only a teaser of the article: fewer than ~80 words, or ending
    in an ellipsis, "[…]", "Read more" or a "The post ... appeared first on ..." footer."""
    if len(text.split()) < _TEASER_MIN_WORDS:
        return True
    tail = text.rstrip(" \t\r\n»›→>)]").lower()
    last_paragraph = tail.rsplit("\n\n", 1)[-1]
    return tail.endswith(_TEASER_ENDINGS) or bool(_WORDPRESS_FOOTER.search(last_paragraph))


def _title_from_text(text: str, words: int = 12) -> str:
    head = text.split()
    return " ".join(head[:words]) + ("…" if len(head) > words else "")


def _title(text: str) -> str:
    """A title on one line, with entities a feed escaped twice ("&amp;amp;") decoded."""
    text = _one_line(text)
    return html.unescape(text) if _ENTITY.search(text) else text


def _link(base: str, link: str | None) -> str | None:
    """An entry's link made absolute; None unless it is an http(s) URL."""
    if not link:
        return None
    url = urljoin(base, link.strip())
    return url if urlsplit(url).scheme.lower() in ("http", "https") else None


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "tr", "ul",
})  # fmt: skip
_SKIPPED = frozenset({"script", "style", "template", "noscript"})
_PARAGRAPH, _LINE = "\x00", "\x01"


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self.parts.append(_LINE)
        elif tag in _BLOCKS:
            self.parts.append(_PARAGRAPH)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append(_PARAGRAPH)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: tags stripped, entities decoded, block elements as
    paragraphs separated by blank lines, <br> as a line break, quotation marks as written."""
    if not markup:
        return ""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    return _normalise("".join(parser.parts))


def _plain_text(text: str) -> str:
    """Plain text with the same paragraph layout as `html_to_text` produces."""
    marked = re.sub(r"\r?\n[ \t]*(?:\r?\n\s*)+", _PARAGRAPH, text.strip())
    return _normalise(marked.replace("\r\n", _LINE).replace("\n", _LINE))


def _normalise(marked: str) -> str:
    paragraphs = []
    for block in marked.split(_PARAGRAPH):
        lines = (" ".join(line.split()) for line in block.split(_LINE))
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)
