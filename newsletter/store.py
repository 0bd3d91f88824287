"""The store: what each step produced, so that nothing is gathered, paid for or sent twice.

Tables: articles, feed state, first-seen entries, editions, the digest cache (LLM results by
a key of content, prompt, model and settings), the log of every LLM call, the subscribers and
the delivery ledger (one row per edition and subscriber; `newsletter.deliver` owns its rules),
and the fingerprints of the stories of each edition (`newsletter.digest.dedup`).

SQLAlchemy 2 Core over any URL: a SQLite file by default, PostgreSQL for several machines.
Only portable SQL is used; the one dialect-specific piece is the upsert (`INSERT … ON CONFLICT`),
which SQLite and PostgreSQL spell the same way through SQLAlchemy.

The schema is versioned with Alembic (`newsletter/migrations/`): opening a store upgrades the
database to the current schema, keeping its rows. The tables below are the current schema; a
test checks that the migrations produce exactly them.

Datetimes are stored as naive UTC and come back aware.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import make_url

from newsletter.gather.base import DayWindow, FeedState
from newsletter.models import Article, Edition

__all__ = [
    "CachedResult",
    "EditionRun",
    "LLMCall",
    "SourceHealth",
    "Store",
    "StoreError",
    "UpsertCounts",
    "Usage",
    "metadata",
]

metadata = sa.MetaData()

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("url", sa.Text, nullable=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("source", sa.String(200), nullable=False),
    sa.Column("author", sa.String(300), nullable=True),
    sa.Column("published", sa.DateTime, nullable=False, index=True),
    sa.Column("dated_by", sa.String(20), nullable=False),
    sa.Column("content_hash", sa.String(32), nullable=False, index=True),
    sa.Column("first_gathered", sa.DateTime, nullable=False),
    sa.Column("last_gathered", sa.DateTime, nullable=False),
)

feed_state = sa.Table(
    "feed_state",
    metadata,
    sa.Column("url_hash", sa.String(64), primary_key=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("etag", sa.Text, nullable=True),
    sa.Column("last_modified", sa.String(100), nullable=True),
    sa.Column("checked", sa.DateTime, nullable=False),
)

first_seen = sa.Table(
    "first_seen",
    metadata,
    sa.Column("key_hash", sa.String(64), primary_key=True),
    sa.Column("seen", sa.DateTime, nullable=False),
)

editions = sa.Table(
    "editions",
    metadata,
    sa.Column("date", sa.Date, primary_key=True),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("stories", sa.Integer, nullable=False),
    sa.Column("engine", sa.String(50), nullable=False),
    sa.Column("edition_json", sa.Text, nullable=False),
    sa.Column("generated", sa.DateTime, nullable=False),
)

digest_cache = sa.Table(
    "digest_cache",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("task", sa.String(20), nullable=False),
    sa.Column("model", sa.String(200), nullable=False),
    sa.Column("prompt_hash", sa.String(64), nullable=False),
    sa.Column("outcome", sa.String(20), nullable=False),
    sa.Column("result_json", sa.Text, nullable=False),
    sa.Column("created", sa.DateTime, nullable=False),
)

llm_calls = sa.Table(
    "llm_calls",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("time", sa.DateTime, nullable=False, index=True),
    sa.Column("edition_date", sa.Date, nullable=True, index=True),
    sa.Column("task", sa.String(20), nullable=False),
    sa.Column("model", sa.String(200), nullable=False),
    sa.Column("prompt_hash", sa.String(64), nullable=False),
    sa.Column("mode", sa.String(20), nullable=False),
    sa.Column("tokens_in", sa.Integer, nullable=False),
    sa.Column("tokens_out", sa.Integer, nullable=False),
    sa.Column("latency_ms", sa.Integer, nullable=False),
    sa.Column("outcome", sa.String(40), nullable=False),
    sa.Column("cost", sa.Float, nullable=True),
)

subscribers = sa.Table(
    "subscribers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("email", sa.String(320), nullable=False),
    sa.Column("email_key", sa.String(320), nullable=False, unique=True),  # lower-cased
    sa.Column("name", sa.Text, nullable=True),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("subscribed_at", sa.DateTime, nullable=False),
    sa.Column("unsubscribed_at", sa.DateTime, nullable=True),
    sa.Column("bounced_at", sa.DateTime, nullable=True),
    sa.Column("status_reason", sa.Text, nullable=True),
)

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("edition_date", sa.Date, nullable=False),
    sa.Column("subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id"), nullable=False),
    sa.Column("state", sa.String(10), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("claimed_by", sa.String(40), nullable=True),
    sa.Column("claimed_at", sa.DateTime, nullable=True),
    sa.Column("sent_at", sa.DateTime, nullable=True),
    sa.Column("message_id", sa.String(300), nullable=True),
    sa.Column("smtp_code", sa.Integer, nullable=True),
    sa.Column("error", sa.Text, nullable=True),
    sa.UniqueConstraint("edition_date", "subscriber_id", name="uq_deliveries_edition_subscriber"),
    sa.Index("ix_deliveries_edition_state", "edition_date", "state"),
)

# -- the schedule (`newsletter.runs`, `newsletter.schedule`, `newsletter.alerts` own the rules) --

edition_runs = sa.Table(  # one row per edition date: the claim, then the outcome
    "edition_runs",
    metadata,
    sa.Column("date", sa.Date, primary_key=True),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("trigger", sa.String(20), nullable=False),
    sa.Column("step", sa.String(20), nullable=True),
    sa.Column("scheduled_for", sa.DateTime, nullable=True),
    sa.Column("started", sa.DateTime, nullable=True),
    sa.Column("finished", sa.DateTime, nullable=True),
    sa.Column("owner", sa.String(200), nullable=True),
    sa.Column("heartbeat", sa.DateTime, nullable=True),
    sa.Column("late", sa.Boolean, nullable=False),
    sa.Column("articles", sa.Integer, nullable=False),
    sa.Column("stories", sa.Integer, nullable=False),
    sa.Column("sent", sa.Integer, nullable=False),
    sa.Column("failed", sa.Integer, nullable=False),
    sa.Column("sources_failed", sa.Integer, nullable=False),
    sa.Column("error", sa.Text, nullable=True),
)

source_health = sa.Table(
    "source_health",
    metadata,
    sa.Column("label", sa.String(200), primary_key=True),
    sa.Column("last_success", sa.DateTime, nullable=True),
    sa.Column("last_failure", sa.DateTime, nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("consecutive_failures", sa.Integer, nullable=False),
    sa.Column("last_articles", sa.Integer, nullable=False),
    sa.Column("checked", sa.DateTime, nullable=False),
)

alert_state = sa.Table(
    "alert_state",
    metadata,
    sa.Column("key", sa.String(250), primary_key=True),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("raised", sa.DateTime, nullable=False),
    sa.Column("cleared", sa.DateTime, nullable=True),
    sa.Column("message", sa.Text, nullable=False),
)

schedule_lease = sa.Table(  # which scheduler process is the active one
    "schedule_lease",
    metadata,
    sa.Column("name", sa.String(50), primary_key=True),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("heartbeat", sa.DateTime, nullable=False),
)

schedule_jobs = sa.Table(  # APScheduler's SQLAlchemyJobStore table, declared so Alembic owns it
    "schedule_jobs",
    metadata,
    sa.Column("id", sa.Unicode(191), primary_key=True),
    sa.Column("next_run_time", sa.Float(25), index=True),
    sa.Column("job_state", sa.LargeBinary, nullable=False),
)

story_fingerprints = sa.Table(  # `newsletter.digest.dedup` owns what a fingerprint holds
    "story_fingerprints",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("edition_date", sa.Date, nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("headline", sa.Text, nullable=False),
    sa.Column("fingerprint", sa.Text, nullable=False),
    sa.Column("created", sa.DateTime, nullable=False),
    sa.UniqueConstraint("edition_date", "position", name="uq_story_fingerprints_position"),
)

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_MIGRATION_LOCK = threading.Lock()


class StoreError(Exception):
    """The database cannot be opened or used."""


@dataclass
class UpsertCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class CachedResult:
    """A stored LLM result: `outcome` is "ok" (use `result_json`) or "rejected" (the model's
    answers failed the checks; the extractive engine writes the story without asking again)."""

    outcome: str
    result_json: str


@dataclass(frozen=True)
class LLMCall:
    """One request to a model, as the call log keeps it. Cost is None when the price is unknown."""

    time: datetime
    task: str
    model: str
    prompt_hash: str
    mode: str
    tokens_in: int
    tokens_out: int
    latency_ms: int
    outcome: str
    cost: float | None = None
    edition_date: date | None = None


@dataclass(frozen=True)
class Usage:
    """Calls, tokens and estimated cost of one model over a period."""

    model: str
    calls: int
    failed: int
    tokens_in: int
    tokens_out: int
    cost: float | None


@dataclass(frozen=True)
class EditionRun:
    """The claim on one edition date and, once finished, its outcome: running, interrupted,
    sent, late (sent after its time), missed or failed."""

    date: date
    status: str
    trigger: str
    step: str | None
    scheduled_for: datetime | None
    started: datetime | None
    finished: datetime | None
    owner: str | None
    heartbeat: datetime | None
    late: bool
    articles: int
    stories: int
    sent: int
    failed: int
    sources_failed: int
    error: str | None


@dataclass(frozen=True)
class SourceHealth:
    """How one source has been doing, over every gather."""

    label: str
    last_success: datetime | None
    last_failure: datetime | None
    last_error: str | None
    consecutive_failures: int
    last_articles: int
    checked: datetime


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _aware(stored: datetime) -> datetime:
    return stored.replace(tzinfo=UTC)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """Write-ahead logging: readers never wait for the writer, a commit is one append (the
    delivery ledger commits once per message), and every commit is still synced to disk."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class Store:
    """One database. Open with `Store.open(url)`, which also upgrades its schema."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> Store:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        try:
            engine = sa.create_engine(parsed)
            if parsed.get_backend_name() == "sqlite":
                sa.event.listen(engine, "connect", _sqlite_pragmas)
            store = cls(engine)
            store.migrate()
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(
                f"cannot open the database {parsed.render_as_string(hide_password=True)}: "
                f"{exc.__class__.__name__}: {exc.orig if hasattr(exc, 'orig') else exc}"
            ) from exc
        return store

    def close(self) -> None:
        self.engine.dispose()

    # -- schema ------------------------------------------------------------------------------

    def migrate(self) -> None:
        """Upgrade the schema to the newest revision (a no-op when it is current).

        Alembic keeps the running migration in module globals, so two stores opened at once
        in one process (two threads) take turns."""
        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        with _MIGRATION_LOCK, self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def schema_version(self) -> str | None:
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    # -- articles ----------------------------------------------------------------------------

    def _insert(self, table: sa.Table):  # the dialect's Insert, which has on_conflict_*
        dialect = self.engine.dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        elif dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            raise StoreError(f"unsupported database {dialect!r}: use SQLite or PostgreSQL")
        return insert(table)

    def upsert_articles(
        self, found: Iterable[Article], *, now: datetime | None = None
    ) -> UpsertCounts:
        """Store articles by id: new ones are added, changed ones updated, none duplicated."""
        moment = _utc(now or datetime.now(UTC))
        unique = {a.id: a for a in found}
        counts = UpsertCounts()
        if not unique:
            return counts
        with self.engine.begin() as connection:
            known = dict(
                connection.execute(
                    sa.select(articles.c.id, articles.c.content_hash).where(
                        articles.c.id.in_(unique)
                    )
                ).all()
            )
            rows = []
            for article in unique.values():
                if article.id not in known:
                    counts.new += 1
                elif known[article.id] != article.content_hash:
                    counts.updated += 1
                else:
                    counts.unchanged += 1
                rows.append(
                    {
                        "id": article.id,
                        "url": article.url,
                        "title": article.title,
                        "text": article.text,
                        "source": article.source,
                        "author": article.author,
                        "published": _utc(article.published),
                        "dated_by": article.dated_by,
                        "content_hash": article.content_hash,
                        "first_gathered": moment,
                        "last_gathered": moment,
                    }
                )
            statement = self._insert(articles)
            kept = {"id", "first_gathered", "published", "dated_by"}
            statement = statement.on_conflict_do_update(
                index_elements=[articles.c.id],
                set_={c.name: statement.excluded[c.name] for c in articles.c if c.name not in kept},
            )
            connection.execute(statement, rows)
        return counts

    def articles_in(self, window: DayWindow) -> list[Article]:
        """The stored articles published inside the window, oldest first."""
        query = (
            sa.select(articles)
            .where(articles.c.published >= _utc(window.start))
            .where(articles.c.published < _utc(window.end))
            .order_by(articles.c.published, articles.c.id)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [
            Article(
                title=row["title"],
                text=row["text"],
                source=row["source"],
                published=_aware(row["published"]),
                url=row["url"],
                author=row["author"],
                dated_by=row["dated_by"],
            )
            for row in rows
        ]

    # -- what sources remember ---------------------------------------------------------------

    def feed_state(self, url: str) -> FeedState:
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(feed_state.c.etag, feed_state.c.last_modified).where(
                    feed_state.c.url_hash == _digest(url)
                )
            ).first()
        return FeedState(etag=row.etag, last_modified=row.last_modified) if row else FeedState()

    def save_feed_state(self, url: str, state: FeedState) -> None:
        values = {
            "url": url,
            "etag": state.etag,
            "last_modified": state.last_modified,
            "checked": _utc(datetime.now(UTC)),
        }
        statement = self._insert(feed_state).values(url_hash=_digest(url), **values)
        statement = statement.on_conflict_do_update(
            index_elements=[feed_state.c.url_hash], set_=values
        )
        with self.engine.begin() as connection:
            connection.execute(statement)

    def first_seen(self, key: str, now: datetime) -> datetime:
        statement = (
            self._insert(first_seen)
            .values(key_hash=_digest(key), seen=_utc(now))
            .on_conflict_do_nothing(index_elements=[first_seen.c.key_hash])
        )
        with self.engine.begin() as connection:
            connection.execute(statement)
            seen = connection.execute(
                sa.select(first_seen.c.seen).where(first_seen.c.key_hash == _digest(key))
            ).scalar_one()
        return _aware(seen)

    # -- editions ----------------------------------------------------------------------------

    def save_edition(self, edition: Edition) -> None:
        values = {
            "subject": edition.subject,
            "stories": len(edition.stories),
            "engine": edition.engine,
            "edition_json": edition.model_dump_json(),
            "generated": _utc(edition.generated_at),
        }
        statement = self._insert(editions).values(date=edition.date, **values)
        statement = statement.on_conflict_do_update(index_elements=[editions.c.date], set_=values)
        with self.engine.begin() as connection:
            connection.execute(statement)

    def edition(self, day: date) -> Edition | None:
        """The stored edition of a day, as `generate` composed it."""
        with self.engine.connect() as connection:
            stored = connection.execute(
                sa.select(editions.c.edition_json).where(editions.c.date == day)
            ).scalar_one_or_none()
        return Edition.model_validate_json(stored) if stored is not None else None

    def edition_dates(self) -> list[date]:
        """The days that have a stored edition, newest first."""
        with self.engine.connect() as connection:
            days = connection.execute(sa.select(editions.c.date).order_by(editions.c.date.desc()))
            return list(days.scalars())

    # -- stories sent (fingerprints) ---------------------------------------------------------

    def save_fingerprints(self, day: date, stories: Iterable[tuple[str, str]]) -> None:
        """Replace the fingerprints of `day`'s stories with `stories` ((headline, fingerprint
        JSON) in edition order): regenerating a date keeps only its latest stories."""
        now = _utc(datetime.now(UTC))
        rows = [
            {"edition_date": day, "position": n, "headline": h, "fingerprint": f, "created": now}
            for n, (h, f) in enumerate(stories)
        ]
        with self.engine.begin() as connection:
            connection.execute(
                sa.delete(story_fingerprints).where(story_fingerprints.c.edition_date == day)
            )
            if rows:
                connection.execute(sa.insert(story_fingerprints), rows)

    def fingerprints_between(self, first: date, before: date) -> list[tuple[date, str, str]]:
        """(edition date, headline, fingerprint JSON) of the stories of editions from `first`
        up to the day before `before`, the most recent edition first, in edition order."""
        query = (
            sa.select(
                story_fingerprints.c.edition_date,
                story_fingerprints.c.headline,
                story_fingerprints.c.fingerprint,
            )
            .where(story_fingerprints.c.edition_date >= first)
            .where(story_fingerprints.c.edition_date < before)
            .order_by(story_fingerprints.c.edition_date.desc(), story_fingerprints.c.position)
        )
        with self.engine.connect() as connection:
            return [(row[0], row[1], row[2]) for row in connection.execute(query).all()]

    # -- LLM cache and call log --------------------------------------------------------------

    def cached_result(self, key: str) -> CachedResult | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(digest_cache.c.outcome, digest_cache.c.result_json).where(
                    digest_cache.c.key == key
                )
            ).first()
        return CachedResult(row.outcome, row.result_json) if row else None

    def save_result(
        self, key: str, *, task: str, model: str, prompt_hash: str, outcome: str, result_json: str
    ) -> None:
        values = {
            "task": task,
            "model": model,
            "prompt_hash": prompt_hash,
            "outcome": outcome,
            "result_json": result_json,
            "created": _utc(datetime.now(UTC)),
        }
        statement = self._insert(digest_cache).values(key=key, **values)
        statement = statement.on_conflict_do_update(
            index_elements=[digest_cache.c.key], set_=values
        )
        with self.engine.begin() as connection:
            connection.execute(statement)

    def log_call(self, call: LLMCall) -> None:
        row = {**call.__dict__, "time": _utc(call.time)}
        with self.engine.begin() as connection:
            connection.execute(sa.insert(llm_calls).values(**row))

    def usage(self, *, edition_date: date | None = None, since: date | None = None) -> list[Usage]:
        """Calls, tokens and cost by model: for one edition's date, or since a day (UTC)."""
        failed = sa.func.sum(sa.case((llm_calls.c.outcome != "ok", 1), else_=0))
        query = sa.select(
            llm_calls.c.model,
            sa.func.count(),
            failed,
            sa.func.sum(llm_calls.c.tokens_in),
            sa.func.sum(llm_calls.c.tokens_out),
            sa.func.sum(llm_calls.c.cost),
            sa.func.count(llm_calls.c.cost),
        ).group_by(llm_calls.c.model).order_by(llm_calls.c.model)
        if edition_date is not None:
            query = query.where(llm_calls.c.edition_date == edition_date)
        if since is not None:
            query = query.where(llm_calls.c.time >= datetime.combine(since, datetime.min.time()))
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [
            Usage(
                model=model,
                calls=calls,
                failed=int(bad or 0),
                tokens_in=int(tokens_in or 0),
                tokens_out=int(tokens_out or 0),
                cost=float(cost or 0.0) if priced == calls else None,
            )
            for model, calls, bad, tokens_in, tokens_out, cost, priced in rows
        ]

    # -- the schedule: edition runs, source health, alerts, the scheduler lease ---------------

    def _edition_run(self, row: sa.RowMapping) -> EditionRun:
        times = ("scheduled_for", "started", "finished", "heartbeat")
        return EditionRun(**{k: (_aware(v) if k in times and v else v) for k, v in row.items()})

    def edition_run(self, day: date) -> EditionRun | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(edition_runs).where(edition_runs.c.date == day)
            ).mappings().first()
        return self._edition_run(row) if row else None

    def edition_runs(self, limit: int = 10) -> list[EditionRun]:
        """The newest runs first."""
        query = sa.select(edition_runs).order_by(edition_runs.c.date.desc()).limit(limit)
        with self.engine.connect() as connection:
            return [self._edition_run(r) for r in connection.execute(query).mappings()]

    @staticmethod
    def _run_values(values: dict) -> dict:
        times = ("scheduled_for", "started", "finished", "heartbeat")
        return {k: (_utc(v) if k in times and v else v) for k, v in values.items()}

    def insert_edition_run(self, day: date, **values) -> bool:
        """Add the row for `day`; False when there already is one (the date is claimed)."""
        row = {"late": False, "articles": 0, "stories": 0, "sent": 0, "failed": 0}
        row |= {"sources_failed": 0, **self._run_values(values), "date": day}
        statement = (
            self._insert(edition_runs)
            .values(**row)
            .on_conflict_do_nothing(index_elements=[edition_runs.c.date])
        )
        with self.engine.begin() as connection:
            return connection.execute(statement).rowcount == 1

    def swap_edition_run(self, expected: EditionRun, **values) -> bool:
        """Update the row only if it is still exactly as `expected` (status, owner, heartbeat):
        of two processes taking over one date, one wins."""
        heartbeat = edition_runs.c.heartbeat
        statement = (
            sa.update(edition_runs)
            .where(edition_runs.c.date == expected.date)
            .where(edition_runs.c.status == expected.status)
            .where(
                edition_runs.c.owner == expected.owner
                if expected.owner is not None
                else edition_runs.c.owner.is_(None)
            )
            .where(
                heartbeat == _utc(expected.heartbeat)
                if expected.heartbeat is not None
                else heartbeat.is_(None)
            )
            .values(**self._run_values(values))
        )
        with self.engine.begin() as connection:
            return connection.execute(statement).rowcount == 1

    def update_edition_run(self, day: date, owner: str, **values) -> bool:
        """Update the row of a run this owner holds; False when it no longer holds it."""
        statement = (
            sa.update(edition_runs)
            .where(edition_runs.c.date == day)
            .where(edition_runs.c.owner == owner)
            .values(**self._run_values(values))
        )
        with self.engine.begin() as connection:
            return connection.execute(statement).rowcount == 1

    def record_source(
        self, label: str, *, articles: int, error: str | None, now: datetime
    ) -> SourceHealth:
        """Add one gather's outcome to the source's health and return the new health."""
        moment = _utc(now)
        if error is None:
            change = {"last_success": moment, "consecutive_failures": 0}
        else:
            change = {"last_failure": moment, "last_error": error}
        first = {"consecutive_failures": 0 if error is None else 1}
        insert = self._insert(source_health).values(
            label=label, last_articles=articles, checked=moment, **(first | change)
        )
        if error is not None:
            change["consecutive_failures"] = source_health.c.consecutive_failures + 1
        statement = insert.on_conflict_do_update(
            index_elements=[source_health.c.label],
            set_={"last_articles": articles, "checked": moment, **change},
        )
        with self.engine.begin() as connection:
            connection.execute(statement)
            row = connection.execute(
                sa.select(source_health).where(source_health.c.label == label)
            ).mappings().one()
        return self._source_health(row)

    @staticmethod
    def _source_health(row: sa.RowMapping) -> SourceHealth:
        times = ("last_success", "last_failure", "checked")
        return SourceHealth(**{k: (_aware(v) if k in times and v else v) for k, v in row.items()})

    def source_health(self) -> list[SourceHealth]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(source_health).order_by(source_health.c.label)
            ).mappings()
            return [self._source_health(row) for row in rows]

    def raise_alert(self, key: str, message: str, now: datetime) -> bool:
        """Mark the condition `key` active; True only for the call that made it active."""
        statement = (
            self._insert(alert_state)
            .values(key=key, active=True, raised=_utc(now), message=message)
            .on_conflict_do_nothing(index_elements=[alert_state.c.key])
        )
        reopen = (
            sa.update(alert_state)
            .where(alert_state.c.key == key)
            .where(alert_state.c.active.is_(False))
            .values(active=True, raised=_utc(now), cleared=None, message=message)
        )
        with self.engine.begin() as connection:
            if connection.execute(statement).rowcount == 1:
                return True
            return connection.execute(reopen).rowcount == 1

    def clear_alert(self, key: str, now: datetime) -> bool:
        """Mark the condition `key` cleared; True only for the call that cleared it."""
        statement = (
            sa.update(alert_state)
            .where(alert_state.c.key == key)
            .where(alert_state.c.active.is_(True))
            .values(active=False, cleared=_utc(now))
        )
        with self.engine.begin() as connection:
            return connection.execute(statement).rowcount == 1

    def active_alerts(self) -> dict[str, str]:
        """The active conditions' keys and messages."""
        query = sa.select(alert_state.c.key, alert_state.c.message).where(
            alert_state.c.active.is_(True)
        )
        with self.engine.connect() as connection:
            return dict(connection.execute(query.order_by(alert_state.c.key)).all())

    def hold_lease(self, name: str, owner: str, now: datetime, stale_before: datetime) -> bool:
        """Take or renew the lease `name`: True when `owner` holds it afterwards. A lease whose
        holder has not renewed it since `stale_before` is taken over."""
        insert = (
            self._insert(schedule_lease)
            .values(name=name, owner=owner, heartbeat=_utc(now))
            .on_conflict_do_nothing(index_elements=[schedule_lease.c.name])
        )
        renew = (
            sa.update(schedule_lease)
            .where(schedule_lease.c.name == name)
            .where(
                (schedule_lease.c.owner == owner)
                | (schedule_lease.c.heartbeat < _utc(stale_before))
            )
            .values(owner=owner, heartbeat=_utc(now))
        )
        with self.engine.begin() as connection:
            if connection.execute(insert).rowcount == 1:
                return True
            return connection.execute(renew).rowcount == 1

    def lease_holder(self, name: str) -> tuple[str, datetime] | None:
        query = sa.select(schedule_lease.c.owner, schedule_lease.c.heartbeat).where(
            schedule_lease.c.name == name
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return (row.owner, _aware(row.heartbeat)) if row else None

    def release_lease(self, name: str, owner: str) -> None:
        statement = sa.delete(schedule_lease).where(
            (schedule_lease.c.name == name) & (schedule_lease.c.owner == owner)
        )
        with self.engine.begin() as connection:
            connection.execute(statement)
