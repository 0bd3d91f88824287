"""Nine past dates generated one after another on one store, from fifteen feeds served over
loopback by a server that honours ETag / Last-Modified: each edition holds exactly the entries
dated that day, decoded, with absolute links, although every feed answers 304 after the first
read. The feeds cover RSS 0.91, 1.0 and 2.0, Atom and JSON Feed 1 and 1.1; plain and HTML
text; UTF-8, ISO-8859-1 (declared in the prolog or only by Content-Type), ISO-8859-7 and
Windows-1252; relative links and xml:base; and dates as feeds print them (RFC 822 with any
offset, ISO 8601, dc:date, French, Greek and Spanish names, day-first numbers).

The feeds are written here from a list of entries, so what each day should hold is counted from
that list, not by the product's parser.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import pytest

from newsletter import pipeline
from newsletter.config import Settings
from tests.serving import running

TZ = ZoneInfo("America/New_York")
DAYS = [date(2022, 11, 14) + timedelta(days=n) for n in range(9)]
ETAG_OF = "v1-{}"
LAST_MODIFIED = "Wed, 23 Nov 2022 08:00:00 GMT"

SYLLABLES = {
    "en": "ba be bi bo ka ke ko lu ma me mi mo na ne no pa pe po ra re ri ro sa se su ta te to "
    "va ve vi",
    "fr": "ba bé bè ça cé da dé fa fé gè la lé lè ma mé mè na né ra ré rè sa sé ta té tè va vé zo",
    "el": "βα βε γα γι δα δε κα κο λα λι μα με να νο πα πι ρα ρο σα σι τα το φα φι χα χο ψα",
    "de": "ba bä be bö da dä de fa fü ga gö ha hä ka kü la lö ma mä na nü ra rö sa sü ta tä",
    "es": "ba be bi ca ce ci da de ña ño ja je la le ma me na ne pa pe ra re sa se ta te va ve",
}
FR_DAYS = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"]
FR_MONTHS = [
    "janv",
    "févr",
    "mars",
    "avr",
    "mai",
    "juin",
    "juil",
    "août",
    "sept",
    "oct",
    "nov",
    "déc",
]
EL_DAYS = ["Δευ", "Τρι", "Τετ", "Πεμ", "Παρ", "Σαβ", "Κυρ"]
EL_MONTHS = ["Ιαν", "Φεβ", "Μαρ", "Απρ", "Μαϊ", "Ιουν", "Ιουλ", "Αυγ", "Σεπ", "Οκτ", "Νοε", "Δεκ"]
ES_DAYS = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
ES_MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


def rfc822_gmt(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def rfc822_plus_one(moment: datetime) -> str:
    return format_datetime(moment.astimezone(timezone(timedelta(hours=1))))


def iso_chicago(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("America/Chicago")).isoformat()


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def iso_tokyo(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("Asia/Tokyo")).isoformat()


def french(moment: datetime) -> str:  # mer, 16 nov 2022 00:38:15 +0100
    local = moment.astimezone(timezone(timedelta(hours=1)))
    return (
        f"{FR_DAYS[local.weekday()]}, {local.day} {FR_MONTHS[local.month - 1]} {local.year} "
        f"{local:%H:%M:%S} +0100"
    )


def greek(moment: datetime) -> str:  # Τετ, 16 Νοε 2022 00:38:15 +0200
    local = moment.astimezone(timezone(timedelta(hours=2)))
    return (
        f"{EL_DAYS[local.weekday()]}, {local.day} {EL_MONTHS[local.month - 1]} {local.year} "
        f"{local:%H:%M:%S} +0200"
    )


def day_first(moment: datetime) -> str:  # 22.11.2022 12:16:00, in the newsletter's zone
    return f"{moment.astimezone(TZ):%d.%m.%Y %H:%M:%S}"


def spanish(moment: datetime) -> str:  # miércoles, 16 de noviembre de 2022 10:00 +0000
    local = moment.astimezone(UTC)
    return (
        f"{ES_DAYS[local.weekday()]}, {local.day} de {ES_MONTHS[local.month - 1]} de "
        f"{local.year} {local:%H:%M} +0000"
    )


@dataclass(frozen=True)
class Feed:
    path: str
    kind: str  # rss091, rss10, rss20, atom, json
    language: str
    encoding: str
    date_text: Callable[[datetime], str]
    html: bool = False  # the text as HTML: content:encoded, Atom type="html", content_html
    base: str = "/"  # Atom xml:base, which relative links are resolved against
    charset_in_header: bool = False  # the encoding said by Content-Type, not the XML prolog
    date_element: str = "pubDate"
    quotes: bool = False  # curly quotation marks around the second sentence


FEEDS = [
    Feed("/rss091.xml", "rss091", "en", "utf-8", rfc822_gmt),
    Feed("/rss10.rdf", "rss10", "en", "utf-8", iso_chicago),
    Feed("/rss20.xml", "rss20", "en", "utf-8", rfc822_plus_one),
    Feed("/atom.xml", "atom", "en", "utf-8", iso_utc),
    Feed("/feed.json", "json", "en", "utf-8", iso_tokyo),
    Feed("/latin1.xml", "rss20", "fr", "iso-8859-1", french),
    Feed("/greek.xml", "rss20", "el", "iso-8859-7", greek),
    Feed("/dayfirst.xml", "rss20", "de", "utf-8", day_first),
    Feed("/atom-es.xml", "atom", "es", "utf-8", spanish),
    Feed("/content.xml", "rss20", "en", "utf-8", rfc822_gmt, html=True),
    Feed("/atom-html.xml", "atom", "en", "utf-8", iso_utc, html=True, base="/blog/"),
    Feed("/header.xml", "rss20", "fr", "iso-8859-1", rfc822_plus_one, charset_in_header=True),
    Feed("/json10.json", "json", "en", "utf-8", iso_utc, html=True),
    Feed("/dcdate.xml", "rss20", "en", "utf-8", iso_chicago, date_element="dc:date"),
    Feed("/cp1252.xml", "rss20", "en", "windows-1252", rfc822_gmt, quotes=True),
]


@dataclass(frozen=True)
class Entry:
    feed: Feed
    moment: datetime
    title: str
    text: str
    link: str  # relative: the product must make it absolute


def words(rng: random.Random, language: str, count: int) -> list[str]:
    syllables = SYLLABLES[language].split()
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(count)]


def sentence(rng: random.Random, language: str, count: int) -> str:
    return " ".join(words(rng, language, count)).capitalize() + "."


def make_entries() -> list[Entry]:
    """One entry per feed and day at a time that moves around the clock, plus entries one
    second either side of a midnight."""
    rng = random.Random(12)
    entries = []
    for k, feed in enumerate(FEEDS):
        for n, day in enumerate(DAYS):
            moments = [datetime.combine(day, time((3 + 5 * k + 7 * n) % 24, 16), tzinfo=TZ)]
            if n == k % len(DAYS):  # the first and last second of a day
                moments += [
                    datetime.combine(day, time(23, 59, 59), tzinfo=TZ),
                    datetime.combine(day, time(0, 0, 0), tzinfo=TZ),
                ]
            for moment in moments:
                lang = feed.language
                title = " ".join(words(rng, lang, 4)).capitalize()
                first, second, third = (sentence(rng, lang, 12) for _ in range(3))
                if feed.quotes:
                    second = f"“{second}”"
                text = f"{first} {second} {third}"
                entries.append(Entry(feed, moment, title, text, f"news/{len(entries)}.html"))
    return entries


ENTRIES = make_entries()


def paragraph(feed: Feed, text: str) -> str:
    """The entry's text as the feed carries it: an HTML paragraph, or plain."""
    return f"<p>{escape(text)}</p>" if feed.html else text


def render(feed: Feed, entries: list[Entry]) -> bytes:
    """The feed document, written by hand for its format."""
    if feed.kind == "json":
        version = "1" if feed.html else "1.1"
        document = {
            "version": f"https://jsonfeed.org/version/{version}",
            "title": "Dispatch",
            "language": feed.language,
            "items": [
                {
                    "id": e.link,
                    "url": e.link,
                    "title": e.title,
                    "content_html" if feed.html else "content_text": paragraph(feed, e.text),
                    "date_published": feed.date_text(e.moment),
                }
                for e in entries
            ],
        }
        return json.dumps(document, ensure_ascii=False).encode(feed.encoding)
    declared = "" if feed.charset_in_header else f' encoding="{feed.encoding}"'
    head = f'<?xml version="1.0"{declared}?>\n'
    if feed.kind == "atom":
        kind = "html" if feed.html else "text"
        items = "".join(
            f"<entry><id>urn:x:{escape(e.link)}</id><title>{escape(e.title)}</title>"
            f'<link href="{escape(e.link)}"/><published>{feed.date_text(e.moment)}</published>'
            f'<content type="{kind}">{escape(paragraph(feed, e.text))}</content></entry>\n'
            for e in entries
        )
        body = (
            f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{feed.language}" '
            f'xml:base="{feed.base}">'
            f"<title>Atom {feed.language}</title><id>urn:x:feed</id>"
            f"<updated>2022-11-23T08:00:00Z</updated>\n{items}</feed>"
        )
    elif feed.kind == "rss10":
        items = "".join(
            f'<item rdf:about="{escape(e.link)}"><title>{escape(e.title)}</title>'
            f"<link>{escape(e.link)}</link><description>{escape(e.text)}</description>"
            f"<dc:date>{feed.date_text(e.moment)}</dc:date></item>\n"
            for e in entries
        )
        body = (
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '<channel rdf:about="urn:x:rdf"><title>Weekly</title><link>/</link>'
            f"<description>d</description></channel>\n{items}</rdf:RDF>"
        )
    else:
        version = "0.91" if feed.kind == "rss091" else "2.0"
        tag = feed.date_element
        items = "".join(
            f"<item><title>{escape(e.title)}</title><link>{escape(e.link)}</link>"
            + (
                f"<description>{escape(e.title)}</description>"
                f"<content:encoded><![CDATA[{paragraph(feed, e.text)}]]></content:encoded>"
                if feed.html
                else f"<description>{escape(e.text)}</description>"
            )
            + f"<{tag}>{escape(feed.date_text(e.moment))}</{tag}></item>\n"
            for e in entries
        )
        body = (
            f'<rss version="{version}" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<channel><title>Gazette {feed.path}</title><link>/</link>"
            f"<description>d</description><language>{feed.language}</language>\n"
            f"{items}</channel></rss>"
        )
    return (head + body).encode(feed.encoding)


class ConditionalServer(ThreadingHTTPServer):
    """Serves documents by path, answering 304 when the client's validators match."""

    daemon_threads = True

    def __init__(self, documents: dict[str, bytes | tuple[bytes, str]]) -> None:
        super().__init__(("127.0.0.1", 0), ConditionalHandler)
        self.documents = documents
        self.statuses: list[tuple[str, int]] = []
        self.conditional = True

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class ConditionalHandler(BaseHTTPRequestHandler):
    server: ConditionalServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        document = self.server.documents.get(self.path)
        if document is None:
            self.send_error(404)
            return
        body, kind = document if isinstance(document, tuple) else (document, None)
        etag = f'"{ETAG_OF.format(self.path.strip("/"))}"'
        fresh = self.headers.get("If-None-Match") == etag or (
            self.headers.get("If-Modified-Since") == LAST_MODIFIED
        )
        status = 304 if fresh and self.server.conditional else 200
        self.server.statuses.append((self.path, status))
        self.send_response(status)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", LAST_MODIFIED)
        if status == 304:
            self.end_headers()
            return
        kind = kind or {".json": "application/feed+json", ".html": "text/html"}.get(
            Path(self.path).suffix, "application/xml"
        )
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def served(feed: Feed) -> bytes | tuple[bytes, str]:
    """A feed's document, with its Content-Type when that is where its encoding is said."""
    body = render(feed, [e for e in ENTRIES if e.feed is feed])
    return (
        (body, f"application/rss+xml; charset={feed.encoding}") if feed.charset_in_header else body
    )


@contextmanager
def serving(documents: dict[str, bytes]) -> Iterator[ConditionalServer]:
    """A loopback server for `documents` while the block runs."""
    with running(ConditionalServer(documents)) as httpd:
        yield httpd


@pytest.fixture
def feeds() -> Iterator[ConditionalServer]:
    documents = {feed.path: served(feed) for feed in FEEDS}
    with serving(documents) as httpd:
        yield httpd


def settings(tmp_path: Path, base: str) -> Settings:
    return Settings(
        timezone=TZ.key,
        data_dir=tmp_path / "data",
        output_dir=tmp_path / "out",
        sources=[{"type": "feed", "url": base + feed.path, "full_text": "never"} for feed in FEEDS],
    )


def edition_articles(tmp_path: Path, day: date) -> dict[str, dict]:
    data = json.loads((tmp_path / "out" / day.isoformat() / "edition.json").read_text())
    return {a["title"]: a for a in data["articles"]}


def test_nine_past_dates_one_after_another_each_hold_their_own_entries(
    tmp_path: Path, feeds: ConditionalServer
) -> None:
    config = settings(tmp_path, feeds.base)
    assert len({e.moment.astimezone(TZ).date() for e in ENTRIES}) == len(DAYS)

    for n, day in enumerate(DAYS):
        report = asyncio.run(pipeline.generate(config, day))
        assert [s.error for s in report.sources] == [None] * len(FEEDS)
        expected = {e.title: e for e in ENTRIES if e.moment.astimezone(TZ).date() == day}
        got = edition_articles(tmp_path, day)
        assert report.articles == len(expected)
        assert set(got) == set(expected), day
        for title, entry in expected.items():
            article = got[title]
            assert article["text"] == entry.text  # decoded, Greek and French letters intact
            assert article["url"] == f"{feeds.base}{entry.feed.base}{entry.link}"  # absolute
            assert article["dated_by"] == "article"  # every date was read, none first-seen
        statuses = {status for _, status in feeds.statuses[n * len(FEEDS) :]}
        assert statuses == ({200} if n == 0 else {304}), day  # only the first read had a body

    # reading every feed in full again changes nothing stored
    feeds.conditional = False
    again = asyncio.run(pipeline.generate(config, DAYS[0]))
    assert (again.stored.new, again.stored.updated) == (0, 0)
    assert again.stored.unchanged == len(ENTRIES)
