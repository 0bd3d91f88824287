"""The data that flows through one edition: Article → Quote → Story → Edition → RenderedEmail.

Plain pydantic models with no behaviour beyond identity and validation, so every step of the
pipeline (and the store, and edition.json) speaks the same language.

Text a reader sees (titles, article text, names, headlines, summaries, subject) is a
`DisplayText`: bidirectional controls and invisible breaks (soft hyphens, zero-width spaces)
are removed, letters mangled by a wrong encoding repaired ("PeÃ±a") and accented letters
composed (Unicode NFC: "ñ" as one character, however the source wrote it) when a model is
built. That is the one place every such string passes, whichever source, engine or stored
file it comes from, and before quotes are found, so a quote's offsets still index its
article's text exactly, and a name the model copies compares equal to the article's.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ftfy import fix_encoding
from pydantic import AfterValidator, AwareDatetime, BaseModel, Field, computed_field

__all__ = [
    "Article",
    "DisplayText",
    "Edition",
    "Quote",
    "RenderedEmail",
    "SourceLink",
    "Story",
    "StoryQuote",
    "canonical_url",
    "content_hash",
    "display_text",
    "forget_display_texts",
]

# Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the LRM, RLM and ALM
# marks: invisible, they reorder the text around them, so a title can show other words than it
# holds ("Council approves budget" followed by an override that reverses what comes next).
# And the soft hyphen, zero-width space, word joiner and byte-order mark: invisible too, they
# split a word or a name in two for anything that reads the text ("Doug \u00adAndres").
_INVISIBLE = re.compile("[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


_SHORT_TEXT = 200  # characters: a name, a title or a headline, made once and recalled


def display_text(text: str) -> str:
    """The text without bidirectional controls and invisible breaks, its letters composed
    (NFC): "Peña" written as "n" and a combining tilde becomes the one letter a model writes;
    and letters mangled by a wrong encoding repaired ("PeÃ±a", UTF-8 read as Windows-1252, by
    ftfy). Short strings, which repeat (a speaker's name on each of their quotes), are
    recalled rather than made again."""
    if len(text) <= _SHORT_TEXT:
        return _short_display_text(text)
    return _display_text(text)


def _display_text(text: str) -> str:
    composed = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    return unicodedata.normalize("NFC", fix_encoding(composed))  # "PeA\u0303\xb1a" too


_short_display_text = lru_cache(maxsize=4096)(_display_text)


def forget_display_texts() -> None:
    """Forget the short display texts recalled so far (a benchmark times each pass cold)."""
    _short_display_text.cache_clear()


DisplayText = Annotated[str, AfterValidator(display_text)]
"""A string shown to readers, as `display_text` makes it on validation."""

_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "at_")


def canonical_url(url: str) -> str:
    """The form of a URL that identifies one article: lower-case scheme and host, no default
    port, no fragment, no tracking parameters, no trailing slash, no AMP/mobile variant marker."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if host.startswith(("m.", "amp.")):
        host = host.split(".", 1)[1]
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path or "/"
    for suffix in ("/amp", "/amp/"):
        if path.endswith(suffix):
            path = path[: -len(suffix)] or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith(_TRACKING_PARAMS) and k.lower() != "amp"
        )
    )
    return urlunsplit((scheme, host, path, query, ""))


@lru_cache(maxsize=64)  # an article without a URL is known by it, asked for again and again
def content_hash(text: str) -> str:
    """A short, stable hash of an article's text (whitespace-insensitive)."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]


class Article(BaseModel):
    """One piece of writing gathered from a source, with the day it belongs to decided."""

    title: DisplayText
    text: DisplayText
    source: DisplayText = Field(
        description="Name of the source it came from (feed title, folder...)"
    )
    published: AwareDatetime
    url: str | None = None
    author: DisplayText | None = None
    dated_by: str = Field(
        default="article",
        description="How `published` was decided: article, folder, first-seen or file-time",
    )
    feed_hash: str | None = Field(
        default=None,
        exclude=True,
        description="When `text` was fetched from a feed entry's page: the content hash of the "
        "feed's own text of that entry (so an unchanged entry's page is not fetched again)",
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def id(self) -> str:
        """Stable identity: the canonical URL when there is one, else the content hash."""
        key = canonical_url(self.url) if self.url else f"text:{self.content_hash}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


class Quote(BaseModel):
    """A direct quote found in an article: `text` is exactly `article.text[start:end]`."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    speaker: DisplayText | None = None
    speaker_title: DisplayText | None = None
    cue: str | None = None
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)


class StoryQuote(Quote):
    """A quote as printed in a story: it remembers which article it is a span of."""

    article_id: str


class SourceLink(BaseModel):
    name: DisplayText
    url: str | None = None


class Story(BaseModel):
    """One item of the newsletter: a headline, a short summary and the speakers' own words."""

    headline: DisplayText
    summary: DisplayText
    quotes: list[StoryQuote] = Field(default_factory=list)
    article_ids: list[str]
    sources: list[SourceLink] = Field(default_factory=list)
    url: str | None = None
    topic: DisplayText = "Top stories"
    importance: int = Field(default=3, ge=1, le=5)
    engine: str = "extractive"
    doubted: bool = Field(
        default=False,
        description="Its articles address the model, or the grounding gate rejected the model's "
        "story: it never leads the edition nor gives the subject",
    )


class Edition(BaseModel):
    """Everything one day's newsletter says, before it is rendered."""

    name: DisplayText
    date: date
    subject: DisplayText
    preheader: DisplayText
    intro: DisplayText | None = None
    stories: list[Story]
    articles: list[Article] = Field(
        default_factory=list, description="The articles the stories were made from"
    )
    engine: str
    generated_at: datetime
    grouped_articles: int | None = Field(
        default=None, description="The day's articles that were grouped into stories"
    )
    grouped_stories: int | None = Field(
        default=None,
        description="The stories they became (one per event), before stories already sent "
        "and those beyond max_stories were left out",
    )


class RenderedEmail(BaseModel):
    """The email as it will be sent: both parts, ready for a MIME message."""

    subject: str
    preheader: str
    html: str
    text: str
