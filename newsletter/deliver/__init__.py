"""Delivery: send an edition to the subscribers, each exactly once, and let them leave.

`send_edition` is the one entry point (the `send` command and the scheduler call it). It
reads the edition `newsletter generate` rendered, refuses it when its pre-send checks find an
error (unless forced, which the report says), enrolls the active subscribers in the
ledger, and then, batch by batch, claims rows, builds each message (`message`), sends it
(`smtp`) with retries and records the outcome (`ledger`) before the next one. `--dry-run`
writes the messages as .eml files instead and touches neither the ledger nor the network.

Modules: `subscribers` (the list), `pending` (unsubscribes kept while the store was busy),
`tokens` and `sender` (the unsubscribe links), `message`
(MIME, headers, DKIM), `ledger` (claims and states), `smtp` (the connection and its replies),
`errors` (what stops a run).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from newsletter.checks import check_email
from newsletter.checks import errors as check_errors
from newsletter.config import Settings
from newsletter.deliver.errors import (
    ChecksFailed,
    DeliveryConfigError,
    DeliveryError,
    EditionNotFound,
    SMTPUnavailable,
)
from newsletter.deliver.ledger import SENDING, SENT, Claim, Ledger
from newsletter.deliver.message import DKIMSigner, MessageFactory, load_rendered
from newsletter.deliver.pending import PendingUnsubscribes
from newsletter.deliver.sender import Sender
from newsletter.deliver.smtp import Mailer, PermanentFailure, TemporaryFailure
from newsletter.deliver.subscribers import ACTIVE, SubscriberList
from newsletter.models import RenderedEmail
from newsletter.store import Store

__all__ = [
    "ChecksFailed",
    "DeliveryConfigError",
    "DeliveryError",
    "EditionNotFound",
    "Failure",
    "SMTPUnavailable",
    "SendReport",
    "send_edition",
]

CLAIM_BATCH = 50
Progress = Callable[[str, int, int], None]
"""Called as progress("send", done, total) after each message."""


@dataclass(frozen=True)
class Failure:
    """A recipient this run could not send to, and why."""

    email: str
    reason: str
    code: int | None = None
    permanent: bool = False  # a 5xx: not retried by later runs
    bounced: bool = False  # the address was refused: the subscriber is now `bounced`


@dataclass
class SendReport:
    """What one run did. `skipped` were already sent by earlier runs; `taken_over` were left
    `sending` by a run that stopped (at most one of them may have reached its recipient
    before); `busy` are being sent by another run right now."""

    date: date
    dry_run: bool = False
    sent: int = 0
    skipped: int = 0
    failed: list[Failure] = field(default_factory=list)
    taken_over: int = 0
    busy: int = 0
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


async def send_edition(
    settings: Settings,
    day: date,
    *,
    to: str | None = None,
    dry_run: bool = False,
    limit: int | None = None,
    progress: Progress | None = None,
    force: bool = False,
) -> SendReport:
    """Send the edition of `day` to every active subscriber not yet sent it (or only to the
    subscriber `to`; at most `limit` messages). Raises ChecksFailed when the edition fails a
    pre-send check (unless `force`), DeliveryError when the run cannot start or go on; single
    recipients' failures are in the report."""
    step = progress or (lambda *_: None)
    sender = Sender.from_settings(settings)
    rendered = load_rendered(settings, day)
    report = SendReport(date=day, dry_run=dry_run)
    _refuse_failed_checks(rendered, day, force, report)
    factory = MessageFactory(
        sender, rendered, day, DKIMSigner.from_settings(settings.dkim, sender.domain)
    )
    store = Store.open(settings.database)
    try:
        people = SubscriberList(store)
        PendingUnsubscribes.in_folder(settings.data_dir).apply(people)  # before anyone is sent
        ledger = Ledger(
            store, day, claim_timeout=settings.smtp.claim_timeout, only=_only(people, to)
        )
        if dry_run:
            _write_eml(settings.output_dir / day.isoformat() / "eml", factory, ledger, limit,
                       report, step)  # fmt: skip
            return report
        ledger.enroll()
        report.skipped = ledger.count(SENT)
        outstanding = ledger.outstanding()
        total = min(outstanding, limit) if limit is not None else outstanding
        step("send", 0, total)
        async with Mailer(settings.smtp) as mailer:
            run = _Run(settings, factory, ledger, mailer, people, report)
            await run.send_all(limit, lambda done: step("send", done, total))
        report.busy = ledger.count(SENDING)
    finally:
        store.close()
    return report


def _refuse_failed_checks(
    rendered: RenderedEmail, day: date, force: bool, report: SendReport
) -> None:
    """The edition's pre-send checks, run again on the files about to be sent (they may have
    been edited, or made by a `generate` whose checks failed)."""
    failed = check_errors(check_email(rendered))
    if not failed:
        return
    problems = "; ".join(finding.message for finding in failed)
    if not force:
        raise ChecksFailed(
            f"the edition of {day} failed its pre-send checks, so nothing was sent: {problems}. "
            f"Fix them and run `newsletter generate --date {day}` again (`newsletter check "
            f"--date {day}` shows them), or send it as it is with --force"
        )
    report.notes.append(f"Sent with --force although the pre-send checks failed: {problems}")


def _only(people: SubscriberList, to: str | None) -> int | None:
    if to is None:
        return None
    found = people.get(to)
    if found is None:
        raise DeliveryError(
            f"{to} is not a subscriber: add it with `newsletter subscribers add {to}` first"
        )
    if found.status != ACTIVE:
        raise DeliveryError(f"{found.email} is {found.status}: nothing is sent to it")
    return found.id


@dataclass
class _Run:
    """One sending run: claims batches of rows and sends each claimed message in turn."""

    settings: Settings
    factory: MessageFactory
    ledger: Ledger
    mailer: Mailer
    people: SubscriberList
    report: SendReport
    tried: int = 0

    async def send_all(self, limit: int | None, done: Callable[[int], None]) -> None:
        while limit is None or self.tried < limit:
            wanted = CLAIM_BATCH if limit is None else min(CLAIM_BATCH, limit - self.tried)
            claims = self.ledger.claim(wanted)
            if not claims:
                return
            self.report.taken_over += sum(claim.taken_over for claim in claims)
            try:
                while claims:
                    # Off the list before sending: if the run dies now, this row stays
                    # `sending` (it may have been delivered) instead of being given back.
                    claim = claims.pop(0)
                    self.tried += 1
                    await self.send_one(claim, claims)
                    done(self.tried)
            finally:
                self.ledger.release(claims)  # rows never tried go back to pending

    async def send_one(self, claim: Claim, waiting: list[Claim]) -> None:
        """Send one claimed message with retries, and record the outcome before returning."""
        subscriber, smtp = claim.subscriber, self.settings.smtp
        data = self.factory.to_bytes(subscriber)
        last: TemporaryFailure | None = None
        for attempt in range(1, smtp.max_retries + 2):
            try:
                await self.mailer.send(self.factory.sender.address, subscriber.email, data)
            except SMTPUnavailable:  # no message was accepted: the row goes back to pending
                self.ledger.release([claim])
                raise
            except PermanentFailure as failure:
                self.ledger.failed(claim, code=failure.code, error=str(failure),
                                   attempts=attempt, permanent=True)  # fmt: skip
                if failure.bounced:
                    self.people.mark_bounced(subscriber.id, str(failure))
                self.report.failed.append(
                    Failure(subscriber.email, str(failure), failure.code, True, failure.bounced)
                )
                return
            except TemporaryFailure as failure:
                last = failure
                if attempt <= smtp.max_retries:
                    await asyncio.sleep(smtp.retry_backoff * 2 ** (attempt - 1))
                    self.ledger.renew([claim, *waiting])
                continue
            if not self.ledger.sent(claim, self.factory.message_id(subscriber.id), attempt):
                self.report.notes.append(
                    f"{subscriber.email}: sent, but another run had taken the claim over; "
                    "raise smtp.claim_timeout above the longest pause of a run"
                )
            self.report.sent += 1
            return
        assert last is not None
        self.ledger.failed(claim, code=last.code, error=str(last),
                           attempts=smtp.max_retries + 1, permanent=False)  # fmt: skip
        if last.connecting:
            raise SMTPUnavailable(
                f"{last} (after {smtp.max_retries + 1} attempts): check smtp.host, smtp.port "
                "and smtp.security, and that the server is up; the rest was not sent"
            )
        self.report.failed.append(
            Failure(subscriber.email, f"{last} (retried by the next run)", last.code)
        )


def _write_eml(
    folder: Path,
    factory: MessageFactory,
    ledger: Ledger,
    limit: int | None,
    report: SendReport,
    step: Progress,
) -> None:
    """The dry run: each message that would be sent, as a .eml file; nothing recorded."""
    folder.mkdir(parents=True, exist_ok=True)
    for subscriber in ledger.unsent(limit):
        safe = re.sub(r"[^A-Za-z0-9@._+-]", "_", subscriber.email)
        path = folder / f"{subscriber.id:06d}-{safe}.eml"
        path.write_bytes(factory.to_bytes(subscriber))
        report.files.append(path)
        report.sent += 1
        step("send", report.sent, report.sent)
