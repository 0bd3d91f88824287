"""`newsletter schedule`: the long-running scheduler.

APScheduler 3 (`BackgroundScheduler`) keeps the daily edition job, and the extra gathers of
`schedule.gather_times`, in the project's database (`SQLAlchemyJobStore`, table
`schedule_jobs`), so a restart knows when the job was next due:

- **One active scheduler per database.** A lease row (`schedule_lease`) names the process that
  runs jobs; it renews it every `lease_seconds / 3`. Another scheduler started on the same
  database logs that it is standing by and runs nothing; it takes over when the holder stops
  or stops renewing for `lease_seconds`. The per-date claim in `newsletter.runs` still makes a
  date run once even if two ever fired together.
- **Misfires.** On becoming active the scheduler reads the job's stored next run time. Every send
  that fell while it was down and is older than `schedule.grace` is recorded as missed (with an
  alert) and is not sent by surprise; the newest one inside the grace window runs once, late
  (APScheduler coalesces, and its misfire grace is the same window). An edition interrupted
  by a stop is resumed when its send time is within the grace window.
- **Shutdown.** `stop()` (SIGINT/SIGTERM in the command) takes no new work, lets the current run
  reach a checkpoint (see `newsletter.runs`), releases the lease, and returns.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from datetime import date, datetime, timedelta

from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_RUNNING
from apscheduler.triggers.base import BaseTrigger

from newsletter import runs
from newsletter.alerts import Alerter, edition_key
from newsletter.config import Settings
from newsletter.logs import log_event
from newsletter.schedule.plan import DailyPlan
from newsletter.store import Store

__all__ = ["EDITION_JOB", "EditionScheduler"]

log = logging.getLogger("newsletter.schedule")
LEASE = "scheduler"
EDITION_JOB = "edition"
JOBS_TABLE = "schedule_jobs"
LATE_AFTER = timedelta(minutes=1)
"""A scheduled edition that starts later than this after its time is reported as late."""

_active: EditionScheduler | None = None
"""The scheduler of this process that holds the lease; the stored jobs call into it."""


def _edition_job() -> None:
    if _active is not None:
        _active.fire_edition()


def _gather_job() -> None:
    if _active is not None:
        _active.fire_gather()


def _resume_job(day: str) -> None:
    if _active is not None:
        _active.resume_edition(date.fromisoformat(day))


class _Scheduler(BackgroundScheduler):
    """A BackgroundScheduler that never submits a job unless it is running: APScheduler 3
    processes one more batch after a paused scheduler is shut down."""

    def _process_jobs(self) -> float | None:
        if self.state != STATE_RUNNING:
            return None
        return super()._process_jobs()


class EditionScheduler:
    """The daily schedule of one newsletter. `serve()` blocks until `stop()`."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: runs.Clock = runs.utcnow,
        lease_seconds: float = 60.0,
        edition_trigger: BaseTrigger | None = None,
    ) -> None:
        self.settings = settings
        self.plan = DailyPlan.from_settings(settings)
        self.clock = clock
        self.lease_seconds = lease_seconds
        self.edition_trigger = edition_trigger or self.plan.trigger()
        self.owner = f"{runs.owner_id()}:{uuid.uuid4().hex[:6]}"
        self.stopping = threading.Event()
        self.active = threading.Event()
        self.store = Store.open(settings.database)
        self._scheduler: BackgroundScheduler | None = None
        self._standing_by = False

    @property
    def standing_by(self) -> bool:
        return self._standing_by

    # -- lifecycle ---------------------------------------------------------------------------

    def serve(self) -> None:
        """Hold (or wait for) the lease and run the jobs until `stop()`."""
        log_event(log, "scheduler.start", owner=self.owner, time=self.plan.at.isoformat(),
                  timezone=self.plan.timezone, grace=self.plan.grace, covers=self.plan.covers)
        try:
            while not self.stopping.is_set():
                self._keep_lease()
                self.stopping.wait(self.lease_seconds / 3)
        finally:
            self._deactivate()
            self.store.release_lease(LEASE, self.owner)
            self.store.close()
            log_event(log, "scheduler.stopped", owner=self.owner)

    def stop(self) -> None:
        """Take no new work; the current run stops at its next checkpoint."""
        if not self.stopping.is_set():
            log_event(log, "scheduler.stopping", owner=self.owner)
        self.stopping.set()

    def next_run_time(self) -> datetime | None:
        job = self._scheduler.get_job(EDITION_JOB) if self._scheduler else None
        return job.next_run_time if job else None

    def _keep_lease(self) -> None:
        now = runs.utcnow()
        stale = now - timedelta(seconds=self.lease_seconds)
        if self.store.hold_lease(LEASE, self.owner, now, stale):
            if not self.active.is_set():
                self._activate()
            return
        if self.active.is_set():
            log_event(log, "scheduler.lease_lost", logging.ERROR, owner=self.owner)
            self._deactivate()
        if not self._standing_by:
            holder = self.store.lease_holder(LEASE)
            log_event(log, "scheduler.standby", logging.WARNING, owner=self.owner,
                      active=holder[0] if holder else "unknown",
                      hint="another scheduler runs this database's jobs; this one takes over "
                      "if it stops")
            self._standing_by = True

    def _new_scheduler(self) -> BackgroundScheduler:
        scheduler = _Scheduler(
            jobstores={
                "default": SQLAlchemyJobStore(url=self.settings.database, tablename=JOBS_TABLE),
                "memory": MemoryJobStore(),
            },
            executors={"default": ThreadPoolExecutor(1)},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": int(self.plan.grace.total_seconds()),
            },
            timezone=self.plan.tz,
        )
        scheduler.start(paused=True)
        return scheduler

    def prepare(self) -> None:
        """Record what was missed and write the jobs as of `clock()`, running nothing: what
        `serve` does before it runs jobs (and what a scheduler leaves behind when it stops)."""
        scheduler = self._new_scheduler()
        try:
            self._catch_up(scheduler)
            self._install_jobs(scheduler)
        finally:
            scheduler.shutdown(wait=False)

    def _activate(self) -> None:
        global _active
        if _active is not None and _active is not self:
            raise RuntimeError("one process runs one active scheduler")
        scheduler = self._new_scheduler()
        scheduler.add_listener(self._on_missed, EVENT_JOB_MISSED)
        self._scheduler = scheduler
        _active = self
        self._standing_by = False
        self._catch_up(scheduler)
        self._install_jobs(scheduler)
        self.active.set()
        scheduler.resume()
        log_event(log, "scheduler.active", owner=self.owner, next_run=self.next_run_time())

    def _deactivate(self) -> None:
        global _active
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is not None:
            scheduler.shutdown(wait=True)  # the running job stops at its checkpoint
        if _active is self:
            _active = None
        self.active.clear()

    # -- what was missed while down ----------------------------------------------------------

    def _catch_up(self, scheduler: BackgroundScheduler) -> None:
        now = self.clock()
        job = scheduler.get_job(EDITION_JOB)
        if job is not None and job.next_run_time is not None and job.next_run_time <= now:
            for send in self.plan.sends_between(job.next_run_time, now):
                if now - send > self.plan.grace:
                    self._record_missed(send)
        for run in self.store.edition_runs(limit=14):
            orphaned = run.status == "running" and not runs.owner_alive(
                run.owner, run.heartbeat, now, runs.STALE_AFTER
            )
            if run.status != "interrupted" and not orphaned:
                continue
            due = run.scheduled_for or self.plan.send_for(run.date)
            if now - due <= self.plan.grace:
                scheduler.add_job(_resume_job, args=[run.date.isoformat()], jobstore="memory",
                                  id=f"resume-{run.date}", misfire_grace_time=None)
            elif self.store.swap_edition_run(run, status="failed", finished=now,
                                             error="interrupted, and not resumed within the "
                                             "grace window"):
                log_event(log, "edition.failed", logging.ERROR, date=run.date,
                          error="interrupted beyond the grace window")
                Alerter(self.settings, self.store, clock=self.clock).problem(
                    edition_key(),
                    f"the edition of {run.date} was interrupted and not finished",
                    f"Its send stopped and the scheduler came back after the grace window. "
                    f"Finish it with `newsletter run --date {run.date}` (the ledger sends only "
                    "to those still waiting).",
                )

    def _install_jobs(self, scheduler: BackgroundScheduler) -> None:
        """Add the stored jobs, or update them to the settings, keeping their next run time
        when their trigger did not change."""
        wanted = {EDITION_JOB: (_edition_job, self.edition_trigger)}
        wanted |= {job_id: (_gather_job, t) for job_id, t in self.plan.gather_triggers().items()}
        grace = int(self.plan.grace.total_seconds())
        for job in scheduler.get_jobs(jobstore="default"):
            if job.id not in wanted:
                job.remove()
        for job_id, (function, trigger) in wanted.items():
            job = scheduler.get_job(job_id, jobstore="default")
            if job is not None and repr(job.trigger) == repr(trigger):
                job.modify(misfire_grace_time=grace)
                continue
            scheduler.add_job(
                function, trigger, id=job_id, name=job_id, jobstore="default",
                replace_existing=True, misfire_grace_time=grace,
                next_run_time=trigger.get_next_fire_time(None, self.clock()),
            )

    def _on_missed(self, event: JobExecutionEvent) -> None:
        if event.job_id == EDITION_JOB and self.edition_trigger == self.plan.trigger():
            self._record_missed(event.scheduled_run_time)

    def _record_missed(self, send: datetime) -> None:
        runs.record_missed(self.settings, self.plan.edition_day(send), send, clock=self.clock)

    # -- the jobs ----------------------------------------------------------------------------

    def fire_edition(self) -> None:
        now = self.clock()
        send = self.plan.previous_send(now)
        if now - send > self.plan.grace:
            self._record_missed(send)
        else:
            self._run(self.plan.edition_day(send), send)

    def resume_edition(self, day: date) -> None:
        self._run(day, self.plan.send_for(day))

    def _run(self, day: date, send: datetime) -> None:
        if self.stopping.is_set():
            return
        late = self.clock() - send > LATE_AFTER
        asyncio.run(
            runs.run_day(self.settings, day, trigger="schedule", scheduled_for=send, late=late,
                         clock=self.clock, stop=self.stopping)
        )

    def fire_gather(self) -> None:
        """Gather for the edition the next send makes: at 00:30 before a 07:00 send of
        yesterday's edition, that is yesterday, not the day that has just begun."""
        if not self.stopping.is_set():
            day = self.plan.edition_day(self.plan.next_send(self.clock()))
            asyncio.run(runs.gather_day(self.settings, day, clock=self.clock))
