"""The schedule's state: edition runs (the per-date claim and its outcome), source health,
alert state and the scheduler lease. `newsletter.runs`, `newsletter.schedule` and
`newsletter.alerts` own the rules; this module only reads and writes the rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from newsletter.store.base import StoreBase, _aware, _utc
from newsletter.store.tables import (
    alert_state,
    deliveries,
    edition_runs,
    editions,
    schedule_lease,
    source_health,
)


def _by_hand(row: sa.RowMapping) -> EditionRun:
    return EditionRun(
        date=row["date"], status="sent by hand" if row["sent"] else "generated",
        trigger="manual", step=None, scheduled_for=None, started=None,
        finished=_aware(row["generated"]), owner=None, heartbeat=None, late=False, articles=0,
        stories=row["stories"], sent=row["sent"], failed=row["failed"], sources_failed=0,
        error=None,
    )  # fmt: skip


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


class ScheduleState(StoreBase):
    # -- the schedule: edition runs, source health, alerts, the scheduler lease ---------------

    def _edition_run(self, row: sa.RowMapping) -> EditionRun:
        times = ("scheduled_for", "started", "finished", "heartbeat")
        return EditionRun(**{k: (_aware(v) if k in times and v else v) for k, v in row.items()})

    def edition_run(self, day: date) -> EditionRun | None:
        with self.engine.connect() as connection:
            row = (
                connection.execute(sa.select(edition_runs).where(edition_runs.c.date == day))
                .mappings()
                .first()
            )
        return self._edition_run(row) if row else None

    def edition_runs(self, limit: int = 10) -> list[EditionRun]:
        """The newest runs first."""
        query = sa.select(edition_runs).order_by(edition_runs.c.date.desc()).limit(limit)
        with self.engine.connect() as connection:
            return [self._edition_run(r) for r in connection.execute(query).mappings()]

    def editions_by_hand(self, limit: int = 10) -> list[EditionRun]:
        """Editions made with `generate` (and perhaps sent with `send`) that no whole-day run
        recorded, newest first, shaped as runs: "generated", or "sent by hand" once the
        ledger holds a sent message; finished is when the edition was made."""
        sent = sa.func.count().filter(deliveries.c.state == "sent")
        failed = sa.func.count().filter(deliveries.c.state == "failed")
        query = (
            sa.select(editions.c.date, editions.c.generated, editions.c.stories,
                      sent.label("sent"), failed.label("failed"))
            .select_from(
                editions.outerjoin(deliveries, deliveries.c.edition_date == editions.c.date)
            )
            .where(~sa.exists().where(edition_runs.c.date == editions.c.date))
            .group_by(editions.c.date, editions.c.generated, editions.c.stories)
            .order_by(editions.c.date.desc())
            .limit(limit)
        )  # fmt: skip
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [_by_hand(row) for row in rows]

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
            row = (
                connection.execute(sa.select(source_health).where(source_health.c.label == label))
                .mappings()
                .one()
            )
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
