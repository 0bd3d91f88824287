"""The store: what each step produced, so that nothing is gathered, paid for or sent twice.

Tables: articles, feed state, first-seen entries, editions, the digest cache (LLM results by
a key of content, prompt, model and settings), the log of every LLM call, the subscribers and
the delivery ledger (one row per edition and subscriber; `newsletter.deliver` owns its rules),
and the fingerprints of the stories of each edition (`newsletter.group.dedup`).

SQLAlchemy 2 Core over any URL: a SQLite file by default, PostgreSQL for several machines.
Only portable SQL is used; the one dialect-specific piece is the upsert (`INSERT … ON CONFLICT`),
which SQLite and PostgreSQL spell the same way through SQLAlchemy.

The schema is versioned with Alembic (`newsletter/migrations/`): opening a store upgrades the
database to the current schema, keeping its rows. `tables.py` holds the current schema; a
test checks that the migrations produce exactly it.

`Store` is one object over one engine, assembled from a part per concern: `base` (opening,
migrating, the upsert), `content` (articles, sources' memory, editions, story fingerprints),
`llm` (the digest cache and the call log) and `schedule` (runs, source health, alerts).

Datetimes are stored as naive UTC and come back aware.
"""

from __future__ import annotations

from newsletter.store.base import StoreBase, StoreBusy, StoreDamaged, StoreError
from newsletter.store.content import ContentStore, UpsertCounts
from newsletter.store.llm import CachedResult, LLMCall, LLMLog, Usage
from newsletter.store.schedule import EditionRun, ScheduleState, SourceHealth
from newsletter.store.tables import deliveries, metadata, schedule_jobs, subscribers

__all__ = [
    "CachedResult",
    "EditionRun",
    "LLMCall",
    "SourceHealth",
    "Store",
    "StoreBusy",
    "StoreDamaged",
    "StoreError",
    "UpsertCounts",
    "Usage",
    "deliveries",
    "metadata",
    "schedule_jobs",
    "subscribers",
]


class Store(ContentStore, LLMLog, ScheduleState, StoreBase):
    """One database. Open with `Store.open(url)`, which also upgrades its schema."""
