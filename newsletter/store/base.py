"""The store's foundation: opening a database (and upgrading its schema), the dialect's upsert,
and the conversions every table uses. Datetimes are stored as naive UTC and come back aware.

A SQLite file is shared safely by commands that run at once: each waits for the others'
writes (`busy_timeout`) instead of failing, and a new file is created whole, so no command
ever mistakes a half-made file for a damaged one. An existing file that is empty or not a
SQLite database is refused, never recreated over; a damaged one, or one held by another
command for longer than the wait, raises a StoreError that says what to do (never the SQL and
its parameters).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

_MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
_MIGRATION_LOCK = threading.Lock()
_MIGRATION_KEY = 0x6E6C7374  # PostgreSQL advisory lock held while the schema is upgraded
BUSY_TIMEOUT = 30.0
"""Seconds a command waits for another one's write to the SQLite file before giving up."""


class StoreError(Exception):
    """The database cannot be opened or used; the message says what to do."""


class StoreBusy(StoreError):
    """Another command held the database for longer than the wait."""


class StoreDamaged(StoreError):
    """The database file exists but is empty, not a database, or damaged."""


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _aware(stored: datetime) -> datetime:
    return stored.replace(tzinfo=UTC)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _sqlite_pragmas(busy_timeout: float) -> Any:
    def on_connect(connection: Any, _record: Any) -> None:
        """Wait for other writers first (changing the journal mode needs a lock too); then
        write-ahead logging: readers never wait for the writer, a commit is one append (the
        delivery ledger commits once per message), and every commit is still synced to disk."""
        cursor = connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    return on_connect


def _refuse_empty(path: Path) -> None:
    """An existing file must not be empty: SQLite would silently start a new store in it.
    (A file that is not a database SQLite refuses itself; see `_translate_sqlite_errors`.)
    Only its size is read: opening and closing the file here would drop the locks SQLite
    holds on it for this process's other connections."""
    if not path.exists():
        return
    if path.is_dir():
        raise StoreDamaged(f"the database path {path} is a folder: point database_url or "
                           "data_dir at a file")
    if path.stat().st_size == 0:
        raise StoreDamaged(
            f"the database file {path} is empty (0 bytes): it holds no subscribers and no "
            "editions. Restore it from a backup; if you mean to start a new store, delete it"
        )


def _create_whole(path: Path) -> None:
    """Make a new, valid database file at `path` in one step (made beside it, then linked into
    place), so that a command starting at the same moment never sees a 0-byte file. Nothing
    happens when the file already exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        return
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.new")
    try:
        connection = sqlite3.connect(draft)
        connection.execute("PRAGMA journal_mode=WAL")  # writes the header
        connection.close()
        os.link(draft, path)
    except FileExistsError:
        pass  # another command made it first
    finally:
        draft.unlink(missing_ok=True)


def _unusable(database: str, orig: BaseException) -> StoreError | None:
    """The StoreError for a SQLite error that means the file cannot be used now, or None."""
    text = str(orig)
    if "database is locked" in text or "database table is locked" in text:
        return StoreBusy(
            f"the database {database} is busy: another newsletter command kept it locked "
            "longer than the wait; try again when that command has finished"
        )
    if "not a database" in text:
        return StoreDamaged(
            f"{database} is not a SQLite database: check database_url and data_dir in the "
            "settings, or restore the file from a backup"
        )
    if "malformed" in text or "disk I/O error" in text:
        return StoreDamaged(
            f"the database file {database} is damaged ({text}). Stop every newsletter command, "
            f"restore it from a backup, or save what is left with "
            f"`sqlite3 {database} .recover | sqlite3 recovered.db`"
        )
    return None


def _translate_sqlite_errors(database: str) -> Any:
    """A `handle_error` listener: the errors `_unusable` knows are raised as StoreErrors, so
    the caller sees what to do instead of the SQL (and no stored text)."""

    def on_error(context: sa.engine.ExceptionContext) -> None:
        if (error := _unusable(database, context.original_exception)) is not None:
            raise error from context.original_exception

    return on_error


class StoreBase:
    """The engine every part of the store works on: opening, the schema, the upsert."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str, *, busy_timeout: float = BUSY_TIMEOUT) -> Self:
        """Open the database at `url` and upgrade its schema. A SQLite file is made when it
        does not exist; an existing one must be a database (StoreDamaged says what to do)."""
        parsed = make_url(url)
        sqlite = parsed.get_backend_name() == "sqlite"
        if sqlite and parsed.database not in (None, "", ":memory:"):
            path = Path(parsed.database)
            _refuse_empty(path)
            _create_whole(path)
        try:
            engine = sa.create_engine(
                parsed,
                hide_parameters=True,  # an error never prints stored text (an edition's JSON)
                connect_args={"timeout": busy_timeout} if sqlite else {},
            )
            if sqlite:
                sa.event.listen(engine, "connect", _sqlite_pragmas(busy_timeout))
                sa.event.listen(engine, "handle_error", _translate_sqlite_errors(parsed.database))
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
        in one process (two threads) take turns. The upgrade holds a database-wide lock from
        the start (SQLite: the write lock; PostgreSQL: an advisory lock), so two processes
        opening a new database at once take turns too: the second finds the schema made."""
        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        head = ScriptDirectory.from_config(config).get_current_head()
        with _MIGRATION_LOCK:
            if self.schema_version() == head:
                return  # the usual case: nothing to write, so no lock to wait for
            with self.engine.begin() as connection:
                if self.engine.dialect.name == "sqlite":
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                elif self.engine.dialect.name == "postgresql":
                    connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                                       {"key": _MIGRATION_KEY})
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
