"""Dates as feeds really print them, read when the strict RFC 822 / RFC 3339 readers cannot.

Feeds in the wild write `22.11.2022 12:16:00`, `mer, 16 nov 2022 00:38:15 +0100` (local day and
month names) or `miércoles, 16 de noviembre de 2022`. `read_date` reads them with dateparser,
told the feed's language (`<language>`, `xml:lang`, JSON Feed `language`) first, which also
decides the order of a numeric date (`11/12/2022` is 12 November in French, 11 December in US
English); a feed that does not say its language is read in the common languages of
`FALLBACK_LANGUAGES` (trying all of dateparser's 200 locales costs seconds a run). Only absolute
dates are read: `yesterday` or `3 hours ago` would depend on when the
feed is read, so they stay unread. A date without an offset is read in the newsletter's timezone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo

import dateparser
from dateparser.languages.loader import default_loader

__all__ = ["FALLBACK_LANGUAGES", "language_hint", "read_date"]

FALLBACK_LANGUAGES = (
    "en", "fr", "de", "es", "it", "pt", "nl", "el", "ru", "pl", "sv", "da", "nb", "fi", "cs",
    "tr", "ro", "hu", "uk", "ca",
)  # fmt: skip
"""Tried in this order for a feed without a language ("en" first: `11/12/2022` is US order)."""

_SETTINGS = {
    "RETURN_AS_TIMEZONE_AWARE": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
}


@cache
def _known_languages() -> frozenset[str]:
    return frozenset(default_loader.get_locale_map())


def language_hint(code: str | None) -> str | None:
    """The language of a feed's `language` code ("fr-FR" → "fr") when dateparser knows it."""
    if not code:
        return None
    language = code.strip().replace("_", "-").split("-")[0].lower()
    return language if language in _known_languages() else None


MAX_DATE_CHARS = 100
"""A longer value is not a date as feeds print one; it is left unread rather than parsed."""


def read_date(raw: str | None, *, language: str | None, tz: ZoneInfo) -> datetime | None:
    """A UTC datetime from a date as a feed printed it, or None when it is not a full date.

    Read in the feed's language when it has one, then in `FALLBACK_LANGUAGES` (a feed may
    state a language its dates are not written in).
    """
    if not raw or not raw.strip() or len(raw) > MAX_DATE_CHARS:
        return None  # nothing, or text no date is written as: not worth parsing
    settings = {**_SETTINGS, "TIMEZONE": tz.key}
    tries = [[language], FALLBACK_LANGUAGES] if language else [FALLBACK_LANGUAGES]
    for languages in tries:
        moment = dateparser.parse(raw.strip(), languages=list(languages), settings=settings)
        if moment is not None:
            return moment.astimezone(UTC)
    return None
