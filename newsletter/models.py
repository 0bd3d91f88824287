"""The data that flows through one edition: Article → Quote → Story → Edition → RenderedEmail.

Plain pydantic models with no behaviour beyond identity and validation, so every step of the
pipeline (and the store, and edition.json) speaks the same language.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import AwareDatetime, BaseModel, Field, computed_field

__all__ = [
    "Article",
    "Edition",
    "Quote",
    "RenderedEmail",
    "SourceLink",
    "Story",
    "StoryQuote",
    "canonical_url",
    "content_hash",
]

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


def content_hash(text: str) -> str:
    """A short, stable hash of an article's text (whitespace-insensitive)."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]


class Article(BaseModel):
    """One piece of writing gathered from a source, with the day it belongs to decided."""

    title: str
    text: str
    source: str = Field(description="Name of the source it came from (feed title, folder...)")
    published: AwareDatetime
    url: str | None = None
    author: str | None = None
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
    speaker: str | None = None
    speaker_title: str | None = None
    cue: str | None = None
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)


class StoryQuote(Quote):
    """A quote as printed in a story: it remembers which article it is a span of."""

    article_id: str


class SourceLink(BaseModel):
    name: str
    url: str | None = None


class Story(BaseModel):
    """One item of the newsletter: a headline, a short summary and the speakers' own words."""

    headline: str
    summary: str
    quotes: list[StoryQuote] = Field(default_factory=list)
    article_ids: list[str]
    sources: list[SourceLink] = Field(default_factory=list)
    url: str | None = None
    topic: str = "Top stories"
    importance: int = Field(default=3, ge=1, le=5)
    engine: str = "extractive"
    doubted: bool = Field(
        default=False,
        description="Its articles address the model, or the grounding gate rejected the model's "
        "story: it never leads the edition nor gives the subject",
    )


class Edition(BaseModel):
    """Everything one day's newsletter says, before it is rendered."""

    name: str
    date: date
    subject: str
    preheader: str
    intro: str | None = None
    stories: list[Story]
    articles: list[Article] = Field(
        default_factory=list, description="The articles the stories were made from"
    )
    engine: str
    generated_at: datetime


class RenderedEmail(BaseModel):
    """The email as it will be sent: both parts, ready for a MIME message."""

    subject: str
    preheader: str
    html: str
    text: str
