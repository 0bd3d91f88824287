"""The whole-day run: gather → digest → render → check → send for one edition date, once.

Both `newsletter schedule` and `newsletter run` call `run_day`. Before any work it claims the
date in the store (`edition_runs`, one row per date): the first process to insert the row runs
the edition; any other one is told who holds it and stops. A claim is taken over only when it
can no longer finish: its run was interrupted (SIGTERM), or its process is gone (same host: the
pid is dead or the machine rebooted; another host: no heartbeat for `stale_after`). By hand
(`newsletter run`), a missed or failed date can be run again; a sent one never is. Who receives
the edition is the delivery ledger's business: a resumed send only mails those still waiting.

The run records each step reached, so a run interrupted while sending resumes with the send
and never re-renders an edition that half the list already has. It records every source's
outcome (source health) and raises or clears alerts. A stop request (`stop` event, set by the
signal handler) ends gather/digest/render at once (they are cached and safe to repeat) and the
send at the next message boundary, or after `stop_timeout` seconds.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from newsletter import pipeline
from newsletter.alerts import Alerter, edition_key, source_key
from newsletter.checks import errors as check_errors
from newsletter.config import Settings
from newsletter.deliver import ChecksFailed, send_edition
from newsletter.deliver.bounces import BounceError, read_configured
from newsletter.gather import DayWindow, SourceReport, gather
from newsletter.logs import log_event
from newsletter.redact import redact
from newsletter.store import EditionRun, Store

__all__ = [
    "DayResult",
    "StopRequested",
    "gather_day",
    "owner_alive",
    "owner_id",
    "record_missed",
    "run_day",
]

log = logging.getLogger("newsletter.runs")
T = TypeVar("T")
Clock = Callable[[], datetime]

HEARTBEAT_EVERY = 30.0
STALE_AFTER = timedelta(minutes=10)
STOP_TIMEOUT = 20.0
POLL = 0.1
SENT = ("sent", "late")


def utcnow() -> datetime:
    return datetime.now(UTC)


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()[:8]
    except OSError:
        return "-"


def owner_id() -> str:
    """This process, as claims name it: host, pid and boot."""
    return f"{socket.gethostname()}:{os.getpid()}:{_boot_id()}"


def owner_alive(owner: str | None, heartbeat: datetime | None, now: datetime,
                 stale_after: timedelta) -> bool:
    """Whether the process named `owner` may still be working on its claim."""
    if owner is None or heartbeat is None or now - heartbeat > stale_after:
        return False
    host, _, rest = owner.partition(":")
    pid, _, boot = rest.partition(":")
    if host != socket.gethostname():
        return True  # only its heartbeat can tell
    if boot != _boot_id():
        return False  # the machine restarted since
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError):
        return True
    return True


class StopRequested(Exception):
    """The process was asked to stop; the run is left resumable."""


class CheckFailed(Exception):
    """The rendered email failed a pre-send check."""


@dataclass
class DayResult:
    """What one call of `run_day` did: sent, late, failed, interrupted, missed or skipped."""

    date: date
    status: str
    detail: str = ""
    articles: int = 0
    stories: int = 0
    sent: int = 0
    """Messages this call sent."""
    already: int = 0
    """Recipients that had the edition from earlier runs."""
    failed: int = 0
    sources_failed: int = 0

    def counts(self) -> dict[str, int]:
        """What the edition was made of, as its run row stores it."""
        return {"articles": self.articles, "stories": self.stories,
                "sources_failed": self.sources_failed}


def record_sources(
    settings: Settings, store: Store, alerter: Alerter, reports: list[SourceReport], now: datetime
) -> None:
    """Add each source's outcome to its health; alert after `alerts.source_failures` in a row."""
    threshold = settings.alerts.source_failures
    for report in reports:
        error = redact(report.error) if report.error else None
        health = store.record_source(report.label, articles=report.articles, error=error, now=now)
        log_event(log, "source", source=report.label, articles=report.articles,
                  failures=health.consecutive_failures, error=error)
        key = source_key(report.label)
        if report.error is None:
            alerter.resolved(key, f"source {report.label!r} works again")
        elif health.consecutive_failures >= threshold:
            last_ok = f"{health.last_success:%Y-%m-%d %H:%M} UTC" if health.last_success else "-"
            alerter.problem(
                key,
                f"source {report.label!r} failed {health.consecutive_failures} times in a row",
                f"Last error: {error}\nLast success: {last_ok}\n"
                "Check the source's URL or path in the settings; `newsletter status` shows "
                "every source's health.",
            )


async def gather_day(settings: Settings, day: date, *, clock: Clock = utcnow) -> int:
    """Gather the day's articles into the store (the extra gathers of `schedule.gather_times`);
    returns how many articles the sources gave."""
    store = Store.open(settings.database)
    try:
        result = await gather(
            settings.sources, DayWindow(day, settings.tz), store, limits=settings.fetch
        )
        counts = store.upsert_articles(result.articles)
        record_sources(settings, store, Alerter(settings, store, clock=clock), result.reports,
                       clock())
        log_event(log, "gather", date=day, sources=len(result.reports),
                  failed=len(result.failed), articles=len(result.articles), new=counts.new)
        return len(result.articles)
    finally:
        store.close()


def record_missed(settings: Settings, day: date, scheduled_for: datetime, *,
                  clock: Clock = utcnow) -> bool:
    """Record that the edition of `day` was not sent and will not be by the scheduler; alert.
    False when the date already has a run (sent, or run by hand)."""
    store = Store.open(settings.database)
    try:
        now = clock()
        grace = settings.schedule.grace
        reason = (
            f"the scheduler was not running at {scheduled_for.isoformat(timespec='minutes')} "
            f"and the {grace} grace window had passed"
        )
        if not store.insert_edition_run(
            day, status="missed", trigger="schedule", scheduled_for=scheduled_for,
            finished=now, error=reason,
        ):
            return False
        log_event(log, "edition.missed", logging.ERROR, date=day,
                  scheduled=scheduled_for.isoformat(timespec="minutes"))
        Alerter(settings, store, clock=clock).problem(
            edition_key(),
            f"the edition of {day} was missed",
            f"The edition of {day} was not sent: {reason}. Send it by hand with "
            f"`newsletter run --date {day}`.",
        )
        return True
    finally:
        store.close()


class _DayRun:
    """One attempt at one date: claim, steps, outcome."""

    def __init__(self, settings: Settings, store: Store, day: date, *, trigger: str,
                 clock: Clock, stop: threading.Event, stale_after: timedelta,
                 heartbeat_every: float, stop_timeout: float, allow_stale: bool,
                 force: bool) -> None:
        self.settings = settings
        self.force = force
        self.store = store
        self.day = day
        self.trigger = trigger
        self.clock = clock
        self.stop = stop
        self.stale_after = stale_after
        self.heartbeat_every = heartbeat_every
        self.stop_timeout = stop_timeout
        self.allow_stale = allow_stale
        self.owner = owner_id()
        self.alerter = Alerter(settings, store, clock=clock)

    def claim(self, scheduled_for: datetime | None, late: bool) -> tuple[EditionRun | None, str]:
        """Take the date; return its row, or None and why not."""
        now = self.clock()
        fields: dict[str, Any] = {
            "status": "running", "trigger": self.trigger, "owner": self.owner,
            "heartbeat": now, "late": late, "error": None, "finished": None,
        }
        if self.store.insert_edition_run(
            self.day, scheduled_for=scheduled_for, started=now, step="gather", **fields
        ):
            return self.store.edition_run(self.day), ""
        row = self.store.edition_run(self.day)
        if row is None:
            return None, "its claim changed while reading it; try again"
        if row.status in SENT:
            return None, f"already {row.status}: {row.sent} message(s)"
        if row.status == "running" and owner_alive(row.owner, row.heartbeat, now,
                                                    self.stale_after):
            return None, f"being run by {row.owner}"
        takeover = {"running", "interrupted"} | (
            {"missed", "failed"} if self.trigger == "manual" else set()
        )
        if row.status not in takeover:
            return None, (
                f"recorded as {row.status}; `newsletter run --date {self.day}` runs it by hand"
            )
        if not self.store.swap_edition_run(row, **fields):
            return None, "claimed by another process a moment ago"
        log_event(log, "edition.resume", date=self.day, was=row.status, step=row.step,
                  previous_owner=row.owner)
        return self.store.edition_run(self.day), ""

    def update(self, **values: Any) -> None:
        if not self.store.update_edition_run(self.day, self.owner, **values):
            log_event(log, "edition.claim_lost", logging.ERROR, date=self.day,
                      hint="another process took the date over; its ledger keeps sends once")

    async def heartbeat(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_every)
            await asyncio.to_thread(self.update, heartbeat=self.clock())

    async def until_stopped(self, work: Awaitable[T], *, patient: bool = False) -> T:
        """Await `work`, ending it when a stop is requested: at once, or (patient) after
        `stop_timeout` seconds, leaving it time to reach a checkpoint of its own."""
        task = asyncio.ensure_future(work)
        deadline: float | None = None
        loop = asyncio.get_running_loop()
        while not task.done():
            await asyncio.wait([task], timeout=POLL)
            if task.done() or not self.stop.is_set():
                continue
            if deadline is None:
                deadline = loop.time() + (self.stop_timeout if patient else 0)
            if loop.time() >= deadline:
                task.cancel()
                await asyncio.wait([task])
                raise StopRequested()
        return task.result()

    def send_progress(self, step: str, done: int, total: int) -> None:
        """Called by the sender after each message: the checkpoint where a stop is taken."""
        if self.stop.is_set():
            raise StopRequested()


async def run_day(
    settings: Settings,
    day: date,
    *,
    trigger: str = "manual",
    scheduled_for: datetime | None = None,
    late: bool = False,
    clock: Clock = utcnow,
    stop: threading.Event | None = None,
    stale_after: timedelta = STALE_AFTER,
    heartbeat_every: float = HEARTBEAT_EVERY,
    stop_timeout: float = STOP_TIMEOUT,
    allow_stale: bool = False,
    force: bool = False,
) -> DayResult:
    """Run the whole day for the edition of `day` unless another process has it or had it.
    When every source fails the run fails (and alerts), unless `allow_stale`; an edition
    whose pre-send checks fail is not sent unless `force` (by hand only)."""
    store = Store.open(settings.database)
    try:
        run = _DayRun(settings, store, day, trigger=trigger, clock=clock,
                      stop=stop or threading.Event(), stale_after=stale_after,
                      heartbeat_every=heartbeat_every, stop_timeout=stop_timeout,
                      allow_stale=allow_stale, force=force)
        row, reason = run.claim(scheduled_for, late)
        if row is None:
            log_event(log, "edition.skip", date=day, trigger=trigger, reason=reason)
            return DayResult(day, "skipped", reason)
        log_event(log, "edition.start", date=day, trigger=trigger, late=late, step=row.step)
        beat = asyncio.create_task(run.heartbeat())
        try:
            return await _steps(run, row, late)
        finally:
            beat.cancel()
    finally:
        store.close()


async def _steps(run: _DayRun, row: EditionRun, late: bool) -> DayResult:
    settings, day = run.settings, run.day
    result = DayResult(day, "running", articles=row.articles, stories=row.stories,
                       sources_failed=row.sources_failed)
    try:
        if row.step != "send":
            try:
                report = await run.until_stopped(
                    pipeline.generate(settings, day, allow_stale=run.allow_stale)
                )
            except pipeline.NoArticlesError as exc:
                if exc.report is not None:
                    record_sources(settings, run.store, run.alerter, exc.report.sources,
                                   run.clock())
                raise
            record_sources(settings, run.store, run.alerter, report.sources, run.clock())
            result.articles, result.stories = report.articles, report.stories
            result.sources_failed = sum(1 for s in report.sources if s.error)
            log_event(log, "edition.generated", date=day, articles=report.articles,
                      stories=report.stories, sources=len(report.sources),
                      sources_failed=result.sources_failed, engine=report.engine)
            for flag in report.digest.flags if report.digest else []:  # injections, odd counts
                log_event(log, "digest.flag", logging.WARNING, date=day, flag=flag)
            errors = check_errors(report.checks)
            log_event(log, "edition.checked", date=day, errors=len(errors),
                      warnings=len(report.checks) - len(errors))
            if errors and run.force:
                problems = "; ".join(f.message for f in errors)
                result.detail = f"sent with --force although the pre-send checks failed: {problems}"
                log_event(log, "edition.checks_overridden", logging.WARNING, date=day,
                          errors=problems)
            elif errors:
                raise CheckFailed(
                    "the email failed its pre-send checks: "
                    + "; ".join(f.message for f in errors)
                    + f". Fix them, then `newsletter run --date {day}`"
                )
            run.update(step="send", **result.counts())
        if run.stop.is_set():
            raise StopRequested()
        sent = await run.until_stopped(_send(settings, day, run.send_progress, run.force),
                                       patient=True)
        result.sent, result.already, result.failed = sent
    except (StopRequested, asyncio.CancelledError) as exc:
        run.update(status="interrupted", heartbeat=run.clock())
        log_event(log, "edition.interrupted", logging.WARNING, date=day,
                  hint="the next start resumes it")
        result.status = "interrupted"
        if isinstance(exc, asyncio.CancelledError):
            raise
        return result
    except Exception as exc:
        known = isinstance(exc, CheckFailed | ChecksFailed | pipeline.NoArticlesError)
        message = str(exc) if known else f"{type(exc).__name__}: {exc}"
        message = redact(message)
        run.update(status="failed", finished=run.clock(), error=message, **result.counts())
        log_event(log, "edition.failed", logging.ERROR, date=day, error=message)
        run.alerter.problem(
            edition_key(),
            f"the edition of {day} failed",
            f"{message}\n\nRun it again by hand with `newsletter run --date {day}`.",
        )
        result.status, result.detail = "failed", message
        return result
    result.status = "late" if late else "sent"
    run.update(status=result.status, finished=run.clock(), sent=result.sent + result.already,
               failed=result.failed, **result.counts())
    log_event(log, f"edition.{result.status}", date=day, sent=result.sent,
              failed=result.failed, articles=result.articles, stories=result.stories)
    run.alerter.resolved(edition_key(), f"the edition of {day} was sent")
    return result


async def _send(settings: Settings, day: date, progress: Callable[[str, int, int], None],
                force: bool) -> tuple[int, int, int]:
    """Send the saved edition to whoever still waits for it; returns (messages this run sent,
    recipients earlier runs had sent it to, recipients that failed). Reads the bounces mailbox
    first (when configured), so addresses that bounced since the last edition are not sent to."""
    try:
        bounces = await asyncio.to_thread(read_configured, settings)
    except BounceError as exc:  # a missing mailbox must not stop the edition
        log_event(log, "bounces.unreadable", logging.WARNING, date=day, error=exc)
    else:
        if bounces is not None:
            log_event(log, "bounces.read", date=day, mails=bounces.messages,
                      bounced=bounces.count("marked bounced"),
                      complained=bounces.count("marked complained"))  # fmt: skip
    report = await send_edition(settings, day, progress=progress, force=force)
    for note in report.notes:
        log_event(log, "send.note", logging.WARNING, date=day, note=note)
    return report.sent, report.skipped, len(report.failed)
