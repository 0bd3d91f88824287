"""Gather: every configured source, concurrently, into articles.

A source returns every article it reads, whatever its date; the caller stores them all and an
edition reads its own day from the store, so nothing read on one day is lost to another.

Each source is read on its own, with its own HTTP client (links found in its content may only
reach public addresses, its own host and `fetch.allow_hosts`) and its own budget: a source that
fails is reported by name with the reason and the others go on. What each source produced (or
why it did not, and what its budget cut) is a `SourceReport`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newsletter.gather.addresses import guarded_client
from newsletter.gather.base import DayWindow, GatherContext, SourceError, SourceState
from newsletter.gather.budget import SourceBudget
from newsletter.gather.feed import FeedSource
from newsletter.gather.folder import FolderSource
from newsletter.gather.page import PageSource
from newsletter.gather.settings import FetchSettings
from newsletter.models import Article

__all__ = [
    "DayWindow",
    "FeedSource",
    "FetchSettings",
    "FolderSource",
    "GatherResult",
    "PageSource",
    "SourceConfig",
    "SourceReport",
    "gather",
]

SourceConfig = FolderSource | FeedSource | PageSource


@dataclass
class SourceReport:
    """What one source gave this run."""

    label: str
    articles: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class GatherResult:
    articles: list[Article]
    reports: list[SourceReport]

    @property
    def failed(self) -> list[SourceReport]:
        return [r for r in self.reports if r.error]


async def _read(
    source: SourceConfig, window: DayWindow, state: SourceState, limits: FetchSettings
) -> tuple[list[Article], SourceReport]:
    report = SourceReport(label=source.label)
    trusted = list(limits.allow_hosts)
    if isinstance(source, FeedSource | PageSource):  # the URL the operator wrote is trusted
        trusted.append(urlsplit(source.url).hostname or "")
    budget = SourceBudget(limits)
    async with guarded_client(trusted) as client:
        ctx = GatherContext(
            window=window, http=client, state=state, warnings=report.warnings, budget=budget
        )
        try:
            articles = await source.fetch(ctx)
        except SourceError as exc:
            report.error = str(exc)
            articles = []
        except Exception as exc:  # one source must never take the edition down
            report.error = f"unexpected {type(exc).__name__}: {exc}"
            articles = []
    report.warnings.extend(f"{source.label}: {cut}" for cut in budget.cuts())
    report.articles = len(articles)
    return articles, report


async def gather(
    sources: Sequence[SourceConfig],
    window: DayWindow,
    state: SourceState,
    *,
    limits: FetchSettings | None = None,
    on_source_done: Callable[[SourceReport], None] | None = None,
) -> GatherResult:
    """Read every source for `window` within `limits` (the `[fetch]` settings); never raises
    for a single source's failure."""
    limits = limits or FetchSettings()

    async def read(source: SourceConfig) -> tuple[list[Article], SourceReport]:
        result = await _read(source, window, state, limits)
        if on_source_done:
            on_source_done(result[1])
        return result

    results = await asyncio.gather(*(read(s) for s in sources))
    articles = [a for found, _ in results for a in found]
    return GatherResult(articles=articles, reports=[report for _, report in results])
