"""The store: what each step produced, so that nothing is gathered, paid for or sent twice.

Tables: articles, feed state, first-seen entries, editions, the digest cache (LLM results by
a key of content, prompt, model and settings) and the log of every LLM call.

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
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import make_url

from newsletter.gather.base import DayWindow, FeedState
from newsletter.models import Article, Edition

__all__ = [
    "CachedResult",
    "LLMCall",
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

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


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


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _aware(stored: datetime) -> datetime:
    return stored.replace(tzinfo=UTC)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


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
            store = cls(sa.create_engine(parsed))
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
        """Upgrade the schema to the newest revision (a no-op when it is current)."""
        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        with self.engine.begin() as connection:
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
