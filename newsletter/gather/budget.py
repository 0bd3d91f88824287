"""What one source may spend in one run: entries read, pages fetched for full text, and wall
time for the whole source; and the lines that tell the run report what was cut.

A hostile or runaway feed (10,000 teaser entries, links that answer slowly) is cut at the budget
instead of taking the run with it; every entry cut from full-text fetching keeps its feed text.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from newsletter.gather.settings import FetchSettings

__all__ = ["SourceBudget"]

T = TypeVar("T")


@dataclass
class SourceBudget:
    """The budget of one source for one run, counted as it is spent."""

    limits: FetchSettings
    started: float = field(default_factory=time.monotonic)
    entries_found: int = 0
    entries_read: int = 0
    pages_fetched: int = 0
    kept_at_page_limit: int = 0
    kept_at_time_limit: int = 0

    def remaining(self) -> float:
        """Seconds left of the source's wall-time budget (0 when it is used up)."""
        return max(0.0, self.started + self.limits.max_seconds - time.monotonic())

    @property
    def expired(self) -> bool:
        return self.remaining() == 0

    def timeout(self, per_request: float) -> float:
        """How long the next request may take: its own timeout, within the time left."""
        return min(per_request, self.remaining())

    def read(self, entries: list[T]) -> list[T]:
        """The entries a feed may read: the first `max_entries`; the rest are counted as cut."""
        self.entries_found += len(entries)
        kept = entries[: max(0, self.limits.max_entries - self.entries_read)]
        self.entries_read += len(kept)
        return kept

    def take_page_fetch(self) -> bool:
        """Whether one more page may be fetched for full text; counts it when it may, and
        counts the entry as kept with its feed text when it may not."""
        refusal = self._page_refusal()
        if refusal == "time":
            self.kept_at_time_limit += 1
        elif refusal == "count":
            self.kept_at_page_limit += 1
        else:
            self.pages_fetched += 1
        return refusal is None

    def ran_out_of_time(self) -> None:
        """A page fetch under way was stopped by the time budget: its entry keeps its feed
        text."""
        self.kept_at_time_limit += 1

    def _page_refusal(self) -> Literal["time", "count"] | None:
        if self.expired:
            return "time"
        if self.pages_fetched >= self.limits.max_page_fetches:
            return "count"
        return None

    def cuts(self) -> list[str]:
        """What the budget cut, one line each, for the run report (empty when nothing was)."""
        lines = []
        if self.entries_found > self.entries_read:
            lines.append(
                f"read the first {self.entries_read:,} of {self.entries_found:,} entries "
                f"(fetch.max_entries); {self.entries_found - self.entries_read:,} left out"
            )
        if self.kept_at_page_limit:
            lines.append(
                f"stopped after {self.pages_fetched:,} page fetches (fetch.max_page_fetches); "
                f"{self.kept_at_page_limit:,} entries kept with feed text"
            )
        if self.kept_at_time_limit:
            lines.append(
                f"stopped fetching pages after {self.limits.max_seconds:g} s for this source "
                f"(fetch.max_seconds); {self.kept_at_time_limit:,} entries kept with feed text"
            )
        return lines
