"""The store's foundation: opening a database (and upgrading its schema), the dialect's upsert,
and the conversions every table uses. Datetimes are stored as naive UTC and come back aware.
"""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import make_url

_MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
_MIGRATION_LOCK = threading.Lock()


class StoreError(Exception):
    """The database cannot be opened or used."""


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


class StoreBase:
    """The engine every part of the store works on: opening, the schema, the upsert."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> Self:
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

    def _insert(self, table: sa.Table):  # the dialect's Insert, which has on_conflict_*
        dialect = self.engine.dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        elif dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            raise StoreError(f"unsupported database {dialect!r}: use SQLite or PostgreSQL")
        return insert(table)
