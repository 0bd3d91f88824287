"""Gather: every configured source, concurrently, into articles.

A source returns every article it reads, whatever its date; the caller stores them all and an
edition reads its own day from the store, so nothing read on one day is lost to another.

Each source is read on its own: a source that fails is reported by name with the reason and
the others go on. What each source produced (or why it did not) is a `SourceReport`.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx

from newsletter.gather.base import DayWindow, GatherContext, SourceError, SourceState
from newsletter.gather.feed import FeedSource
from newsletter.gather.folder import FolderSource
from newsletter.gather.page import PageSource
from newsletter.models import Article

__all__ = [
    "DayWindow",
    "FeedSource",
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


async def _read(source: SourceConfig, ctx: GatherContext) -> tuple[list[Article], SourceReport]:
    own = dataclasses.replace(ctx, warnings=[])
    report = SourceReport(label=source.label, warnings=own.warnings)
    try:
        articles = await source.fetch(own)
    except SourceError as exc:
        report.error = str(exc)
        return [], report
    except Exception as exc:  # one source must never take the edition down
        report.error = f"unexpected {type(exc).__name__}: {exc}"
        return [], report
    report.articles = len(articles)
    return articles, report


async def gather(
    sources: Sequence[SourceConfig],
    window: DayWindow,
    state: SourceState,
    *,
    on_source_done: Callable[[SourceReport], None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> GatherResult:
    """Read every source for `window`; never raises for a single source's failure."""
    async with httpx.AsyncClient(follow_redirects=True, transport=transport) as client:
        ctx = GatherContext(window=window, http=client, state=state)

        async def read(source: SourceConfig) -> tuple[list[Article], SourceReport]:
            result = await _read(source, ctx)
            if on_source_done:
                on_source_done(result[1])
            return result

        results = await asyncio.gather(*(read(s) for s in sources))
    articles = [a for found, _ in results for a in found]
    return GatherResult(articles=articles, reports=[report for _, report in results])
