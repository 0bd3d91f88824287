"""The subscriber list: adding (with address validation and the consent rule), removing,
listing, CSV import and export, and the status changes that unsubscribes and bounces make.

Statuses: `active` (gets the newsletter), `unsubscribed` (asked to leave, or was removed by the
list's owner), `bounced` (the server refused the address for good), `complained` (the reader
reported the newsletter as spam, as another service's export may say). Each change keeps its
time and its origin (`status_reason`). An address that left in any of these ways is made
active again only
with `resubscribe=True`, which stands for the person's renewed consent: neither `add` nor an
import does it otherwise, and an import keeps each row's status and dates, so an export
imported into a new store is the same list.

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

from newsletter.store import Store, subscribers

__all__ = [
    "ACTIVE",
    "BOUNCED",
    "COMPLAINED",
    "UNSUBSCRIBED",
    "ConsentRequired",
    "ImportReport",
    "InvalidAddress",
    "NotSubscribed",
    "Subscriber",
    "SubscriberError",
    "SubscriberList",
    "normalize_address",
    "subscriber_from_row",
]

ACTIVE, UNSUBSCRIBED, BOUNCED, COMPLAINED = "active", "unsubscribed", "bounced", "complained"
STATUSES = (ACTIVE, UNSUBSCRIBED, BOUNCED, COMPLAINED)
STAMPS = ("subscribed_at", "unsubscribed_at", "bounced_at", "complained_at")
STATUS_STAMPS = {UNSUBSCRIBED: "unsubscribed_at", BOUNCED: "bounced_at",
                 COMPLAINED: "complained_at"}  # fmt: skip
EXPORT_COLUMNS = ("email", "name", "status", *STAMPS, "status_reason")
RESUBSCRIBED = "made active again by the list owner (--resubscribe: the person consented)"
_PAGE = 500


class SubscriberError(Exception):
    """A change to the subscriber list that cannot be made; the message says why."""


class InvalidAddress(SubscriberError):
    """The text is not an email address."""


class ConsentRequired(SubscriberError):
    """The address left the list (or bounced); re-adding it needs `resubscribe`."""


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
    complained_at: datetime | None = None


@dataclass
class ImportReport:
    """What an import did: counts, and one message per rejected line (with its line number).
    `kept` are addresses that left the list (or bounced) which the file lists as active: they
    stay as they were."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Row:
    """One subscriber as an import file gives it; None where the file says nothing."""

    address: str
    name: str | None
    status: str | None
    stamps: dict[str, datetime | None]
    reason: str | None


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
        complained_at=_aware(row["complained_at"]),
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
        return {status: int(found.get(status, 0)) for status in STATUSES}

    # -- changing ----------------------------------------------------------------------------

    def add(
        self, email: str, name: str | None = None, *, resubscribe: bool = False
    ) -> tuple[str, str]:
        """Add an address, or make it active again. Returns the normalized address and what
        happened: "added", "updated" (made active again, or renamed) or "unchanged".

        Raises ConsentRequired for an address that left the list unless `resubscribe`."""
        address = normalize_address(email)
        row = _Row(address, (name or "").strip() or None, None, {}, None)
        with self.store.engine.begin() as connection:
            outcome = self._merge(connection, row, resubscribe=resubscribe)
        if outcome == "kept":
            raise ConsentRequired(_consent_message(address, self.get(address)))
        return address, outcome

    def _merge(self, connection: sa.Connection, new: _Row, *, resubscribe: bool) -> str:
        """Write one subscriber: "added", "updated", "unchanged", or "kept" (it left the list
        and the row would make it active again without `resubscribe`)."""
        row = (
            connection.execute(
                sa.select(subscribers).where(subscribers.c.email_key == new.address.lower())
            )
            .mappings()
            .first()
        )
        status = new.status or ACTIVE
        left = {} if status == ACTIVE else {
            STATUS_STAMPS[status]: new.stamps.get(STATUS_STAMPS[status]) or _now(),
            "status_reason": new.reason or f"imported as {status}",
        }  # fmt: skip
        if row is None:
            values = {
                "email": new.address, "email_key": new.address.lower(), "name": new.name,
                "status": status, "status_reason": new.reason,
                **{stamp: new.stamps.get(stamp) for stamp in STAMPS},
            }  # fmt: skip
            values["subscribed_at"] = values["subscribed_at"] or _now()
            connection.execute(sa.insert(subscribers).values(**{**values, **left}))
            return "added"
        changes: dict[str, object] = {}
        if status == ACTIVE and row["status"] != ACTIVE:
            if not resubscribe:
                return "kept"
            changes.update(status=ACTIVE, subscribed_at=_now(), status_reason=RESUBSCRIBED,
                           **dict.fromkeys(STATUS_STAMPS.values()))  # fmt: skip
        elif status != row["status"]:  # leaving (or bouncing) is always honoured
            changes.update(status=status, **left)
        if new.name and new.name != row["name"]:
            changes["name"] = new.name
        if not changes:
            return "unchanged"
        connection.execute(
            sa.update(subscribers).where(subscribers.c.id == row["id"]).values(**changes)
        )
        return "updated"

    def remove(self, email: str, reason: str = "removed by the list owner") -> Subscriber:
        """Mark an address unsubscribed (the row stays, so consent history is kept)."""
        found = self.get(email)
        if found is None:
            raise NotSubscribed(f"{email.strip()} is not on the list")
        self.unsubscribe(found.id, reason)
        return found

    def unsubscribe(
        self, subscriber_id: int, reason: str = "one-click unsubscribe", *,
        at: datetime | None = None,
    ) -> bool:
        """Mark a subscriber unsubscribed (as of `at`, default now); False when they already
        were (idempotent)."""
        return self._set_status(subscriber_id, UNSUBSCRIBED, "unsubscribed_at", reason, at)

    def mark_bounced(self, subscriber_id: int, reason: str) -> bool:
        """Mark a subscriber bounced after a permanent refusal of their address."""
        return self._set_status(subscriber_id, BOUNCED, "bounced_at", reason)

    def _set_status(
        self, subscriber_id: int, status: str, stamp: str, reason: str, at: datetime | None = None
    ) -> bool:
        moment = at.astimezone(UTC).replace(tzinfo=None) if at is not None else _now()
        statement = (
            sa.update(subscribers)
            .where(subscribers.c.id == subscriber_id, subscribers.c.status == ACTIVE)
            .values(status=status, status_reason=reason[:500], **{stamp: moment})
        )
        with self.store.engine.begin() as connection:
            return connection.execute(statement).rowcount == 1

    # -- CSV ---------------------------------------------------------------------------------

    def import_csv(self, source: IO[str], *, resubscribe: bool = False) -> ImportReport:
        """Import a CSV file with a header row holding `email`, and optionally `name`,
        `status`, `subscribed_at`, `unsubscribed_at`, `bounced_at` and `status_reason` (the
        columns `export_csv` writes): each row keeps its status and dates.

        Good rows are imported even when others are bad; each bad row is reported by its line
        number. An address that left the list (or bounced) is never made active again by a
        row that says it is active unless `resubscribe`: it is counted as kept."""
        report = ImportReport()
        reader = csv.DictReader(source)
        columns = {(c or "").strip().lower(): c for c in reader.fieldnames or []}
        if "email" not in columns:
            raise SubscriberError(
                "the CSV file needs a header row with an 'email' column (and optionally 'name'); "
                f"found {list(columns) or 'no header'}"
            )
        seen: set[str] = set()
        with self.store.engine.begin() as connection:
            for row in reader:
                line = reader.line_num
                fields = {key: (row.get(column) or "").strip() for key, column in columns.items()}
                try:
                    parsed = _read_row(fields)
                    if parsed.address.lower() in seen:
                        report.unchanged += 1
                        continue
                    seen.add(parsed.address.lower())
                    outcome = self._merge(connection, parsed, resubscribe=resubscribe)
                except SubscriberError as exc:
                    problem = exc if fields["email"] else "no email address"
                    report.errors.append(f"line {line}: {problem}")
                    continue
                setattr(report, outcome, getattr(report, outcome) + 1)
        return report

    def export_csv(self, target: IO[str], status: str | None = None) -> int:
        """Write the subscribers as CSV (header row first); returns how many were written."""
        writer = csv.writer(target)
        writer.writerow(EXPORT_COLUMNS)
        count = 0
        for s in self.iterate(status):
            stamps = (s.subscribed_at, s.unsubscribed_at, s.bounced_at, s.complained_at)
            writer.writerow([s.email, s.name or "", s.status,
                             *(t.isoformat() if t else "" for t in stamps),
                             s.status_reason or ""])  # fmt: skip
            count += 1
        return count


def _consent_message(address: str, found: Subscriber | None) -> str:
    state = found.status if found else "not active"
    return (
        f"{address} is {state}; make it active again only with the person's consent, using "
        "--resubscribe"
    )


def _read_row(fields: dict[str, str]) -> _Row:
    """One import row, checked: the address, a known status, and dates in ISO 8601."""
    address = normalize_address(fields["email"])
    status = fields.get("status", "").lower() or None
    if status is not None and status not in STATUSES:
        raise SubscriberError(f"status {fields['status']!r} is not one of {', '.join(STATUSES)}")
    stamps: dict[str, datetime | None] = {}
    for column in STAMPS:
        text = fields.get(column, "")
        try:
            moment = datetime.fromisoformat(text) if text else None
        except ValueError:
            raise SubscriberError(
                f"{column} {text!r} is not a date and time; use ISO 8601, e.g. "
                "2022-02-22T07:00:00+00:00"
            ) from None
        if moment is not None and moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        stamps[column] = moment
    return _Row(address, fields.get("name") or None, status, stamps,
                fields.get("status_reason") or None)  # fmt: skip
