"""The subscriber list: adding (with address validation and the consent rule), removing,
listing, CSV import and export, and the status changes that unsubscribes and bounces make.

Statuses: `active` (gets the newsletter), `unsubscribed` (asked to leave, or was removed by the
list's owner), `bounced` (the server refused the address for good, or the reader complained).
Each change keeps its time, and its origin in the subscriber's history (`ORIGINS`: the sign-up
form, an import, the operator, the unsubscribe link, a bounce). An unsubscribed or bounced
address is only made active again with `force=True`, which stands for the person's renewed
consent (a confirmed sign-up is such consent).

Addresses are checked for syntax only (email-validator, no DNS lookups) and stored in their
normalized form; an address is unique whatever its letter case.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email

from newsletter.store import Store, subscriber_events, subscribers

__all__ = [
    "ACTIVE",
    "BOUNCE",
    "BOUNCED",
    "FORM",
    "IMPORT",
    "OPERATOR",
    "ORIGINS",
    "UNSUBSCRIBED",
    "UNSUBSCRIBE_LINK",
    "ConsentRequired",
    "ImportReport",
    "InvalidAddress",
    "NotSubscribed",
    "StatusChange",
    "Subscriber",
    "SubscriberError",
    "SubscriberList",
    "normalize_address",
    "subscriber_from_row",
]

ACTIVE, UNSUBSCRIBED, BOUNCED = "active", "unsubscribed", "bounced"
FORM, IMPORT, OPERATOR, UNSUBSCRIBE_LINK, BOUNCE = (
    "form", "import", "operator", "unsubscribe-link", "bounce"
)  # fmt: skip
ORIGINS = (FORM, IMPORT, OPERATOR, UNSUBSCRIBE_LINK, BOUNCE)
EXPORT_COLUMNS = ("email", "name", "status", "subscribed_at", "unsubscribed_at", "bounced_at")
_PAGE = 500


class SubscriberError(Exception):
    """A change to the subscriber list that cannot be made; the message says why."""


class InvalidAddress(SubscriberError):
    """The text is not an email address."""


class ConsentRequired(SubscriberError):
    """The address left the list (or bounced); re-adding it needs `force`."""


class NotSubscribed(SubscriberError):
    """The address is not on the list."""


@dataclass(frozen=True)
class Subscriber:
    id: int
    email: str
    name: str | None
    status: str
    subscribed_at: datetime
    unsubscribed_at: datetime | None = None
    bounced_at: datetime | None = None
    status_reason: str | None = None


@dataclass(frozen=True)
class StatusChange:
    """One change of a subscriber's status: when, to what, from where, and why."""

    time: datetime
    status: str
    origin: str
    detail: str | None = None


@dataclass
class ImportReport:
    """What an import did: counts, and one message per rejected line (with its line number)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def normalize_address(text: str) -> str:
    """The address in normalized form; InvalidAddress says what is wrong with it."""
    try:
        return validate_email(
            text.strip(), check_deliverability=False, allow_smtputf8=False
        ).normalized
    except EmailNotValidError as exc:
        raise InvalidAddress(f"{text.strip()!r} is not a valid email address: {exc}") from exc


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None else None


def _record(
    connection: sa.Connection,
    subscriber_id: int,
    status: str,
    origin: str,
    detail: str | None = None,
) -> None:
    """Keep one status change in the subscriber's history."""
    connection.execute(
        sa.insert(subscriber_events).values(
            subscriber_id=subscriber_id,
            time=_now(),
            status=status,
            origin=origin,
            detail=detail[:500] if detail else None,
        )
    )


def subscriber_from_row(row: sa.RowMapping) -> Subscriber:
    return Subscriber(
        id=row["id"],
        email=row["email"],
        name=row["name"],
        status=row["status"],
        subscribed_at=_aware(row["subscribed_at"]) or datetime.min.replace(tzinfo=UTC),
        unsubscribed_at=_aware(row["unsubscribed_at"]),
        bounced_at=_aware(row["bounced_at"]),
        status_reason=row["status_reason"],
    )


class SubscriberList:
    """The subscribers in one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- reading -----------------------------------------------------------------------------

    def get(self, email: str) -> Subscriber | None:
        key = normalize_address(email).lower()
        with self.store.engine.connect() as connection:
            row = (
                connection.execute(sa.select(subscribers).where(subscribers.c.email_key == key))
                .mappings()
                .first()
            )
        return subscriber_from_row(row) if row else None

    def by_id(self, subscriber_id: int) -> Subscriber | None:
        with self.store.engine.connect() as connection:
            row = (
                connection.execute(sa.select(subscribers).where(subscribers.c.id == subscriber_id))
                .mappings()
                .first()
            )
        return subscriber_from_row(row) if row else None

    def iterate(self, status: str | None = None) -> Iterator[Subscriber]:
        """Subscribers in the order they were added, read a page at a time (a list of any
        length streams in constant memory)."""
        last = 0
        while True:
            query = (
                sa.select(subscribers)
                .where(subscribers.c.id > last)
                .order_by(subscribers.c.id)
                .limit(_PAGE)
            )
            if status is not None:
                query = query.where(subscribers.c.status == status)
            with self.store.engine.connect() as connection:
                rows = connection.execute(query).mappings().all()
            yield from (subscriber_from_row(row) for row in rows)
            if len(rows) < _PAGE:
                return
            last = rows[-1]["id"]

    def counts(self) -> dict[str, int]:
        query = sa.select(subscribers.c.status, sa.func.count()).group_by(subscribers.c.status)
        with self.store.engine.connect() as connection:
            found = dict(connection.execute(query).all())
        return {status: int(found.get(status, 0)) for status in (ACTIVE, UNSUBSCRIBED, BOUNCED)}

    def history(self, subscriber_id: int) -> list[StatusChange]:
        """The subscriber's status changes, oldest first."""
        events = subscriber_events.c
        query = (
            sa.select(events.time, events.status, events.origin, events.detail)
            .where(events.subscriber_id == subscriber_id)
            .order_by(events.id)
        )
        with self.store.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [StatusChange(_aware(r.time), r.status, r.origin, r.detail) for r in rows]

    # -- changing ----------------------------------------------------------------------------

    def add(
        self,
        email: str,
        name: str | None = None,
        *,
        force: bool = False,
        origin: str = OPERATOR,
    ) -> tuple[str, str]:
        """Add an address, or make it active again. Returns the normalized address and what
        happened: "added", "updated" (made active again, or renamed) or "unchanged".

        Raises ConsentRequired for an unsubscribed or bounced address unless `force`."""
        address = normalize_address(email)
        with self.store.engine.begin() as connection:
            outcome = self._add(
                connection, address, (name or "").strip() or None, force=force, origin=origin
            )
        return address, outcome

    def _add(
        self,
        connection: sa.Connection,
        address: str,
        name: str | None,
        *,
        force: bool,
        origin: str,
    ) -> str:
        row = (
            connection.execute(
                sa.select(subscribers).where(subscribers.c.email_key == address.lower())
            )
            .mappings()
            .first()
        )
        if row is None:
            inserted = connection.execute(
                sa.insert(subscribers).values(
                    email=address,
                    email_key=address.lower(),
                    name=name,
                    status=ACTIVE,
                    subscribed_at=_now(),
                )
            )
            _record(connection, inserted.inserted_primary_key[0], ACTIVE, origin)
            return "added"
        if row["status"] != ACTIVE and not force:
            raise ConsentRequired(
                f"{address} is {row['status']}; add it again only with the person's consent, "
                "using --force"
            )
        values: dict[str, object] = {}
        if row["status"] != ACTIVE:
            values.update(
                status=ACTIVE,
                subscribed_at=_now(),
                unsubscribed_at=None,
                bounced_at=None,
                status_reason=None,
            )
        if name and name != row["name"]:
            values["name"] = name
        if not values:
            return "unchanged"
        connection.execute(
            sa.update(subscribers).where(subscribers.c.id == row["id"]).values(**values)
        )
        if "status" in values:
            _record(connection, row["id"], ACTIVE, origin)
        return "updated"

    def remove(self, email: str, reason: str = "removed by the list owner") -> Subscriber:
        """Mark an address unsubscribed (the row stays, so consent history is kept)."""
        found = self.get(email)
        if found is None:
            raise NotSubscribed(f"{email.strip()} is not on the list")
        self.unsubscribe(found.id, reason, origin=OPERATOR)
        return found

    def unsubscribe(
        self,
        subscriber_id: int,
        reason: str = "one-click unsubscribe",
        *,
        origin: str = UNSUBSCRIBE_LINK,
    ) -> bool:
        """Mark a subscriber unsubscribed; False when they already were (idempotent)."""
        return self._set_status(subscriber_id, UNSUBSCRIBED, "unsubscribed_at", reason, origin)

    def mark_bounced(self, subscriber_id: int, reason: str) -> bool:
        """Mark a subscriber bounced after a permanent refusal of their address (or a
        complaint)."""
        return self._set_status(subscriber_id, BOUNCED, "bounced_at", reason, BOUNCE)

    def _set_status(
        self, subscriber_id: int, status: str, stamp: str, reason: str, origin: str
    ) -> bool:
        statement = (
            sa.update(subscribers)
            .where(subscribers.c.id == subscriber_id, subscribers.c.status == ACTIVE)
            .values(status=status, status_reason=reason[:500], **{stamp: _now()})
        )
        with self.store.engine.begin() as connection:
            if connection.execute(statement).rowcount != 1:
                return False
            _record(connection, subscriber_id, status, origin, reason)
            return True

    # -- CSV ---------------------------------------------------------------------------------

    def import_csv(self, source: IO[str], *, force: bool = False) -> ImportReport:
        """Import a CSV file with a header row holding `email` (and optionally `name`).

        Good rows are imported even when others are bad; each bad row is reported by its line
        number. Unsubscribed or bounced addresses stay so unless `force`."""
        report = ImportReport()
        reader = csv.DictReader(source)
        columns = {(c or "").strip().lower(): c for c in reader.fieldnames or []}
        if "email" not in columns:
            raise SubscriberError(
                "the CSV file needs a header row with an 'email' column (and optionally 'name'); "
                f"found {list(columns) or 'no header'}"
            )
        email_column, name_column = columns["email"], columns.get("name")
        seen: set[str] = set()
        with self.store.engine.begin() as connection:
            for row in reader:
                line = reader.line_num
                text = (row.get(email_column) or "").strip()
                name = (row.get(name_column) or "").strip() if name_column else ""
                try:
                    address = normalize_address(text)
                    if address.lower() in seen:
                        report.unchanged += 1
                        continue
                    seen.add(address.lower())
                    outcome = self._add(
                        connection, address, name or None, force=force, origin=IMPORT
                    )
                except SubscriberError as exc:
                    report.errors.append(f"line {line}: {exc if text else 'no email address'}")
                    continue
                setattr(report, outcome, getattr(report, outcome) + 1)
        return report

    def export_csv(self, target: IO[str], status: str | None = None) -> int:
        """Write the subscribers as CSV (header row first); returns how many were written."""
        writer = csv.writer(target)
        writer.writerow(EXPORT_COLUMNS)
        count = 0
        for s in self.iterate(status):
            stamps = (s.subscribed_at, s.unsubscribed_at, s.bounced_at)
            writer.writerow(
                [s.email, s.name or "", s.status, *(t.isoformat() if t else "" for t in stamps)]
            )
            count += 1
        return count
