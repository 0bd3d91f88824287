"""What every source shares: the edition's day window, the context a source gathers with (its
HTTP client and its budget), and the error a source raises when it cannot be read.

A source is a small pydantic model (its options, `extra="forbid"`) with one async method,
`fetch(ctx) -> list[Article]`. Sources register by being members of the `SourceConfig` union in
`newsletter.gather`; nothing dispatches on a type string by hand.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

import httpx

from newsletter.gather.budget import SourceBudget
from newsletter.gather.settings import FetchSettings

__all__ = [
    "DayWindow",
    "FeedState",
    "GatherContext",
    "PageText",
    "SourceError",
    "SourceState",
]


class SourceError(Exception):
    """A source could not be read. The message says what went wrong and, where it can, how to
    fix it; the edition goes on without this source."""


@dataclass(frozen=True)
class DayWindow:
    """The edition's day, `[date 00:00, date+1 00:00)` in the newsletter's timezone.

    Built from wall-clock midnights, so a day with a DST change is 23 or 25 hours long.
    """

    date: date
    tz: ZoneInfo

    @property
    def start(self) -> datetime:
        return datetime.combine(self.date, time(0), tzinfo=self.tz)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.date + timedelta(days=1), time(0), tzinfo=self.tz)

    def __contains__(self, moment: datetime) -> bool:
        if moment.tzinfo is None:
            raise ValueError("a naive datetime cannot be placed in a day window")
        return self.start <= moment < self.end


@dataclass
class FeedState:
    """What a feed remembers between runs, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class PageText:
    """An article stored with the text of its page, fetched for a feed entry whose own text
    had the content hash `feed_hash`."""

    text: str
    author: str | None
    feed_hash: str


class SourceState(Protocol):
    """The part of the store a source may use."""

    def feed_state(self, url: str) -> FeedState: ...

    def save_feed_state(self, url: str, state: FeedState) -> None: ...

    def first_seen(self, key: str, now: datetime) -> datetime:
        """When `key` (an entry's identity) was first seen; records `now` if never."""
        ...

    def page_texts(self, ids: Collection[str]) -> dict[str, PageText]:
        """Of the articles `ids`, those stored with text fetched from their page, by id."""
        ...


@dataclass
class GatherContext:
    """What a source gathers with. `http` is the source's own client: the one `gather` makes
    refuses private addresses except on the source's own host and `fetch.allow_hosts`."""

    window: DayWindow
    http: httpx.AsyncClient
    state: SourceState
    now: datetime = field(default_factory=lambda: datetime.now().astimezone())
    user_agent: str = "newsletter/0.1 (+https://github.com/newsletter/newsletter)"
    warnings: list[str] = field(default_factory=list)
    budget: SourceBudget = field(default_factory=lambda: SourceBudget(FetchSettings()))
