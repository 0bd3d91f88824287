"""The delivery ledger: one row per (edition, subscriber), the only judge of who was sent what.

States: `pending` → `sending` → `sent` | `failed`, and `attempts` counts the SMTP transactions
that got an answer. A temporary failure that outlives its retries goes back to `pending` with
its error, for the next run; `failed` is final (a 5xx reply).

Claiming, so that two processes never send to one recipient: a run picks candidate rows
(`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, so concurrent runs pick disjoint rows;
SQLite ignores the clause and serializes writers instead), then moves them to `sending` with a
conditional `UPDATE … WHERE state = 'pending'` stamped with a claim token of its own. Only rows
carrying its token are its to send; the unique key (edition, subscriber) means there is no
second row to claim. A run sweeps the ledger once, in id order, so a row it gave back is left
for the next run rather than retried in a loop.

Each message is marked `sent` in its own transaction right after the server accepted it and
before the next one is sent. A run that stops cleanly gives back the rows it claimed but did
not try. A run that dies (killed, power lost) leaves its claimed rows in `sending`; once their
claim is older than `smtp.claim_timeout` the next run takes them over. All of them were never
sent except at most one: the message the dead run was sending when it died, which the server
may have accepted before the ledger heard of it. That one is the single duplicate a crash can
cause (and it carries the same Message-ID as the first copy).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from newsletter.deliver.subscribers import ACTIVE, Subscriber, subscriber_from_row
from newsletter.store import Store, deliveries, subscribers

__all__ = ["FAILED", "PENDING", "SENDING", "SENT", "Claim", "Ledger"]

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
_PAGE = 500


@dataclass(frozen=True)
class Claim:
    """A ledger row this run owns: send to `subscriber`, then record the outcome."""

    delivery_id: int
    token: str
    subscriber: Subscriber
    taken_over: bool = False
    """The row was `sending` for a run that stopped: that run may have sent it already."""


def _still_claimed(claims: list[Claim]) -> tuple[sa.ColumnElement[bool], ...]:
    """The rows of `claims` that this run still holds (not taken over, not finished)."""
    return (
        deliveries.c.id.in_([c.delivery_id for c in claims]),
        deliveries.c.claimed_by.in_({c.token for c in claims}),
        deliveries.c.state == SENDING,
    )


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _outcome(**values: object) -> sa.Update:
    """The UPDATE that records an outcome of a claimed row, built once with its parameters
    (`row_id`, `row_token`, `added_attempts`, and those in `values`), so that recording each
    message costs its execution and commit, not building and caching a new statement."""
    return (
        sa.update(deliveries)
        .where(
            deliveries.c.id == sa.bindparam("row_id", type_=sa.Integer),
            deliveries.c.claimed_by == sa.bindparam("row_token", type_=sa.String),
        )
        .values(
            attempts=deliveries.c.attempts + sa.bindparam("added_attempts", type_=sa.Integer),
            **values,
        )
    )


_MARK_SENT = _outcome(
    state=SENT,
    sent_at=sa.bindparam("outcome_sent_at", type_=sa.DateTime),
    message_id=sa.bindparam("outcome_message_id", type_=sa.String),
    smtp_code=250,
    error=None,
)
_MARK_FAILED = _outcome(
    state=sa.bindparam("outcome_state", type_=sa.String),
    smtp_code=sa.bindparam("outcome_code", type_=sa.Integer),
    error=sa.bindparam("outcome_error", type_=sa.Text),
)


class Ledger:
    """The ledger rows of one edition (its date), as seen by one run."""

    def __init__(
        self, store: Store, day: date, *, claim_timeout: float, only: int | None = None
    ) -> None:
        self.store, self.day, self.claim_timeout = store, day, claim_timeout
        self.only = only  # a single subscriber id (`send --to`), or None for everyone
        self._cursor = 0  # the run sweeps once through the rows, in id order
        self._renewed = time.monotonic()

    def _mine(self) -> sa.ColumnElement[bool]:
        condition = deliveries.c.edition_date == self.day
        if self.only is not None:
            condition = condition & (deliveries.c.subscriber_id == self.only)
        return condition

    def _claimable(self, now: datetime) -> sa.ColumnElement[bool]:
        stale = now - timedelta(seconds=self.claim_timeout)
        return (deliveries.c.state == PENDING) | (
            (deliveries.c.state == SENDING) & (deliveries.c.claimed_at <= stale)
        )

    def enroll(self) -> int:
        """Add a `pending` row for every active subscriber who has none for this edition yet;
        returns how many were added. Runs in the database: the list never passes through
        memory, and concurrent runs cannot add a row twice (the unique key)."""
        chosen = sa.select(
            sa.literal(self.day, sa.Date),
            subscribers.c.id,
            sa.literal(PENDING),
            sa.literal(0),
        ).where(subscribers.c.status == ACTIVE)
        if self.only is not None:
            chosen = chosen.where(subscribers.c.id == self.only)
        statement = (
            self.store._insert(deliveries)
            .from_select(["edition_date", "subscriber_id", "state", "attempts"], chosen)
            .on_conflict_do_nothing(index_elements=["edition_date", "subscriber_id"])
        )
        with self.store.engine.begin() as connection:
            return connection.execute(statement).rowcount

    def count(self, *states: str) -> int:
        query = sa.select(sa.func.count()).where(self._mine(), deliveries.c.state.in_(states))
        with self.store.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def outstanding(self) -> int:
        """Rows of active subscribers that a run could claim now."""
        query = (
            sa.select(sa.func.count())
            .select_from(deliveries.join(subscribers))
            .where(self._mine(), self._claimable(_now()), subscribers.c.status == ACTIVE)
        )
        with self.store.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def claim(self, size: int) -> list[Claim]:
        """Claim up to `size` rows for this run; an empty list when none are left."""
        while True:
            now = _now()
            token = uuid.uuid4().hex
            candidates = (
                sa.select(deliveries.c.id, deliveries.c.state)
                .select_from(deliveries.join(subscribers))
                .where(
                    self._mine(),
                    deliveries.c.id > self._cursor,
                    self._claimable(now),
                    subscribers.c.status == ACTIVE,
                )
                .order_by(deliveries.c.id)
                .limit(size)
                .with_for_update(skip_locked=True, of=deliveries)
            )
            with self.store.engine.begin() as connection:
                found = connection.execute(candidates).all()
                if not found:
                    return []
                self._cursor = found[-1].id
                ids = [row.id for row in found]
                connection.execute(
                    sa.update(deliveries)
                    .where(deliveries.c.id.in_(ids), self._claimable(now))
                    .values(state=SENDING, claimed_by=token, claimed_at=now)
                )
                owned = (
                    connection.execute(
                        sa.select(deliveries.c.id.label("delivery_id"), subscribers)
                        .join_from(deliveries, subscribers)
                        .where(deliveries.c.id.in_(ids), deliveries.c.claimed_by == token)
                        .order_by(deliveries.c.id)
                    )
                    .mappings()
                    .all()
                )
            self._renewed = time.monotonic()
            if owned:  # else another run won every candidate: look further on
                was = {row.id: row.state for row in found}
                return [
                    Claim(
                        delivery_id=row["delivery_id"],
                        token=token,
                        subscriber=subscriber_from_row(row),
                        taken_over=was[row["delivery_id"]] == SENDING,
                    )
                    for row in owned
                ]

    def renew(self, claims: list[Claim]) -> None:
        """Keep this run's claims fresh, so no other run takes them over while it is alive
        (at most every third of the claim timeout; a no-op when claims are never kept)."""
        if self.claim_timeout <= 0 or not claims:
            return
        if time.monotonic() - self._renewed < self.claim_timeout / 3:
            return
        with self.store.engine.begin() as connection:
            connection.execute(
                sa.update(deliveries).where(*_still_claimed(claims)).values(claimed_at=_now())
            )
        self._renewed = time.monotonic()

    def sent(self, claim: Claim, message_id: str, attempts: int) -> bool:
        """Record the server's acceptance. False when the claim had been taken over."""
        values = {"outcome_sent_at": _now(), "outcome_message_id": message_id}
        return self._finish(_MARK_SENT, claim, attempts, values)

    def failed(
        self, claim: Claim, *, code: int | None, error: str, attempts: int, permanent: bool
    ) -> bool:
        """Record a failure: final when `permanent`, else back to pending for the next run."""
        values = {
            "outcome_state": FAILED if permanent else PENDING,
            "outcome_code": code,
            "outcome_error": error[:1000],
        }
        return self._finish(_MARK_FAILED, claim, attempts, values)

    def _finish(
        self, statement: sa.Update, claim: Claim, attempts: int, values: dict[str, object]
    ) -> bool:
        """One UPDATE of the claimed row, committed on its own before the caller goes on."""
        values.update(row_id=claim.delivery_id, row_token=claim.token, added_attempts=attempts)
        with self.store.engine.begin() as connection:
            return connection.execute(statement, values).rowcount == 1

    def release(self, claims: list[Claim]) -> None:
        """Give back rows this run claimed and never tried."""
        if not claims:
            return
        with self.store.engine.begin() as connection:
            connection.execute(
                sa.update(deliveries)
                .where(*_still_claimed(claims))
                .values(state=PENDING, claimed_by=None, claimed_at=None)
            )

    def unsent(self, limit: int | None = None) -> Iterator[Subscriber]:
        """Active subscribers with no `sent` row for this edition, in id order, a page at a
        time (what a dry run would send to)."""
        sent = sa.select(deliveries.c.id).where(
            deliveries.c.edition_date == self.day,
            deliveries.c.subscriber_id == subscribers.c.id,
            deliveries.c.state == SENT,
        )
        last, left = 0, limit
        while True:
            page = _PAGE if left is None else min(_PAGE, left)
            if page <= 0:
                return
            query = (
                sa.select(subscribers)
                .where(subscribers.c.status == ACTIVE, subscribers.c.id > last, ~sent.exists())
                .order_by(subscribers.c.id)
                .limit(page)
            )
            if self.only is not None:
                query = query.where(subscribers.c.id == self.only)
            with self.store.engine.connect() as connection:
                rows = connection.execute(query).mappings().all()
            yield from (subscriber_from_row(row) for row in rows)
            if len(rows) < page:
                return
            last = rows[-1]["id"]
            left = None if left is None else left - len(rows)

    def rows(self) -> list[dict[str, object]]:
        """Every row of this edition with its subscriber's address (for reports and tests)."""
        query = (
            sa.select(deliveries, subscribers.c.email)
            .join_from(deliveries, subscribers)
            .where(self._mine())
            .order_by(deliveries.c.id)
        )
        with self.store.engine.connect() as connection:
            return [dict(row) for row in connection.execute(query).mappings()]
