"""Bounces and complaints that arrive later as mail: delivery-status notifications (RFC 3464)
and abuse reports (ARF, RFC 5965), read from a Maildir folder or an mbox file.

Each report is tied to the message it is about by the Message-ID the delivery ledger keeps for
every message sent (found in the report's copy of the original message or its headers), or,
failing that, to a subscriber by the recipient address the report names. Then:

- a hard bounce (a permanent failure, status 5.x.x other than a full mailbox) marks the address
  `bounced` at once; a complaint marks it `complained` at once (origin `bounce` for both);
- a soft bounce (4.x.x, or a full mailbox) is kept; when the last `soft_limit` editions sent to
  the address have each soft-bounced, it is marked `bounced`;
- a delay warning, a success notice or a mail that is no report is left alone.

Every report read is remembered by a key of its own, so reading the same mailbox again changes
nothing. Test sends (`send --test`) belong to no subscriber and are ignored.
"""

from __future__ import annotations

import email
import hashlib
import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import HeaderParser
from pathlib import Path

import sqlalchemy as sa

from newsletter.config import Settings
from newsletter.deliver.subscribers import ACTIVE, SubscriberList
from newsletter.store import Store, bounce_reports, deliveries

__all__ = [
    "BounceError",
    "BounceReport",
    "Finding",
    "Outcome",
    "read_bounces",
    "read_configured",
    "read_mailbox",
]

HARD, SOFT, COMPLAINT = "hard", "soft", "complaint"
_STATUS = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
_ADDRESS = re.compile(r"<?([^<>\s;]+@[^<>\s;]+)>?\s*$")
_MESSAGE_ID = re.compile(r"<[^<>\s]+@[^<>\s]+>")


class BounceError(Exception):
    """The mailbox cannot be read; the message says how to fix it."""


@dataclass(frozen=True)
class Finding:
    """One bounce or complaint found in a report: about whom, which message, and why."""

    kind: str  # hard, soft or complaint
    recipient: str | None
    message_id: str | None
    detail: str


@dataclass(frozen=True)
class Outcome:
    """What one finding did."""

    kind: str
    email: str | None
    action: str  # marked bounced, marked complained, counted, already read, no such subscriber
    detail: str


@dataclass
class BounceReport:
    """What one reading of a mailbox did."""

    messages: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    ignored: int = 0  # mails that are no bounce or complaint (delays, successes, replies)
    unreadable: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action == action)


# -- reading reports ---------------------------------------------------------------------------


def _blocks(part: Message) -> list[Message]:
    """The header blocks of a message/delivery-status or message/feedback-report part."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return [block for block in payload if isinstance(block, Message)]
    text = payload if isinstance(payload, str) else ""
    return [HeaderParser().parsestr(chunk) for chunk in re.split(r"\r?\n\s*\r?\n", text) if chunk]


def _address(value: object) -> str | None:
    """The address of a recipient field, e.g. 'rfc822; ann@example.org'."""
    text = str(value or "").partition(";")[2] or str(value or "")
    found = _ADDRESS.search(text.strip())
    return found.group(1) if found else None


def _original_message_id(report: Message) -> str | None:
    """The Message-ID of the message a report is about, from its copy or headers."""
    for part in report.walk():
        kind = part.get_content_type()
        if kind == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            found = _MESSAGE_ID.search(str(inner.get("Message-ID", ""))) if inner else None
            if found:
                return found.group(0)
        elif kind == "text/rfc822-headers":
            headers = HeaderParser().parsestr(str(part.get_payload(decode=False)))
            found = _MESSAGE_ID.search(str(headers.get("Message-ID", "")))
            if found:
                return found.group(0)
    return None


def _kind(action: str, status: str) -> str | None:
    """hard, soft or None (a delay, a success, or no failure) for a DSN recipient block."""
    if action != "failed":
        return None
    found = _STATUS.search(status)
    if found is None:
        return HARD  # failed without a status code: the sending server gave up for good
    klass, subject, detail = found.groups()
    if klass == "4" or (subject, detail) == ("2", "2"):  # x.2.2: mailbox full
        return SOFT
    return HARD if klass == "5" else None


def _delivery_status(part: Message, message_id: str | None) -> Iterator[Finding]:
    for block in _blocks(part)[1:]:  # the first block is about the whole message
        status = str(block.get("Status", "")).strip()
        bounce = _kind(str(block.get("Action", "")).strip().lower(), status)
        if bounce is None:
            continue
        recipient = _address(block.get("Final-Recipient") or block.get("Original-Recipient"))
        diagnostic = " ".join(str(block.get("Diagnostic-Code", "")).split())
        detail = f"{status} {diagnostic.partition(';')[2].strip() or diagnostic}".strip()
        yield Finding(bounce, recipient, message_id, detail)


def _feedback(part: Message, message_id: str | None) -> Iterator[Finding]:
    for block in _blocks(part)[:1]:
        feedback = str(block.get("Feedback-Type", "abuse")).strip().lower()
        recipient = _address(block.get("Original-Rcpt-To") or block.get("Removal-Recipient"))
        yield Finding(COMPLAINT, recipient, message_id, f"complaint: {feedback}")


def findings(report: Message) -> list[Finding]:
    """The bounces and complaints one mail reports; [] when it is no such report."""
    if report.get_content_type() != "multipart/report":
        return []
    message_id = _original_message_id(report)
    found: list[Finding] = []
    for part in report.walk():
        kind = part.get_content_type()
        if kind == "message/delivery-status":
            found += _delivery_status(part, message_id)
        elif kind == "message/feedback-report":
            found += _feedback(part, message_id)
    return found


def read_mailbox(path: Path) -> Iterator[tuple[str, bytes]]:
    """(a key of the mail, its bytes) for every mail in a Maildir folder or an mbox file."""
    if path.is_dir():
        if not (path / "cur").is_dir() or not (path / "new").is_dir():
            raise BounceError(f"{path} is a folder but not a Maildir (no cur/ and new/ in it)")
        box: mailbox.Mailbox = mailbox.Maildir(path, create=False)
    elif path.is_file():
        box = mailbox.mbox(path, create=False)
    else:
        raise BounceError(
            f"{path} does not exist: give the Maildir folder or mbox file the bounces arrive in "
            "(bounces.mailbox, or `newsletter bounces PATH`)"
        )
    try:
        for key in box.iterkeys():
            data = box.get_bytes(key)
            yield hashlib.sha256(data).hexdigest(), data
    finally:
        box.close()


# -- applying them -----------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class _Book:
    """The store's side: who a report is about, what was read, and the soft-bounce rule."""

    def __init__(self, store: Store, soft_limit: int) -> None:
        self.store, self.people, self.soft_limit = store, SubscriberList(store), soft_limit

    def sent_message(self, message_id: str | None) -> tuple[int, date] | None:
        if not message_id:
            return None
        query = sa.select(deliveries.c.subscriber_id, deliveries.c.edition_date).where(
            deliveries.c.message_id == message_id
        )
        with self.store.engine.connect() as connection:
            row = connection.execute(query).first()
        return (row.subscriber_id, row.edition_date) if row else None

    def seen(self, key: str) -> bool:
        query = sa.select(sa.func.count()).where(bounce_reports.c.key == key)
        with self.store.engine.connect() as connection:
            return bool(connection.execute(query).scalar())

    def remember(self, key: str, subscriber_id: int | None, day: date | None, kind: str,
                 detail: str) -> None:  # fmt: skip
        with self.store.engine.begin() as connection:
            connection.execute(
                sa.insert(bounce_reports).values(
                    key=key, subscriber_id=subscriber_id, edition_date=day, kind=kind,
                    received=_now(), detail=detail[:500],
                )
            )  # fmt: skip

    def soft_in_a_row(self, subscriber_id: int) -> bool:
        """Whether each of the last `soft_limit` editions sent to the subscriber soft-bounced."""
        sent = (
            sa.select(deliveries.c.edition_date)
            .where(deliveries.c.subscriber_id == subscriber_id, deliveries.c.state == "sent")
            .order_by(deliveries.c.edition_date.desc())
            .limit(self.soft_limit)
        )
        soft = sa.select(sa.func.count(sa.distinct(bounce_reports.c.edition_date))).where(
            bounce_reports.c.subscriber_id == subscriber_id,
            bounce_reports.c.kind == SOFT,
            bounce_reports.c.edition_date.in_(sent.scalar_subquery()),
        )
        with self.store.engine.connect() as connection:
            editions = connection.execute(sent).scalars().all()
            bounced = connection.execute(soft).scalar() or 0
        return len(editions) >= self.soft_limit and bounced >= self.soft_limit


def _apply(book: _Book, key: str, finding: Finding) -> Outcome:
    people = book.people
    sent = book.sent_message(finding.message_id)
    subscriber = people.by_id(sent[0]) if sent else None
    if subscriber is None and finding.recipient:
        try:
            subscriber = people.get(finding.recipient)
        except ValueError:
            subscriber = None
    if subscriber is None:
        return Outcome(finding.kind, finding.recipient, "no such subscriber", finding.detail)
    if book.seen(key):
        return Outcome(finding.kind, subscriber.email, "already read", finding.detail)
    action = "unchanged (not active)" if subscriber.status != ACTIVE else "counted"
    if finding.kind == HARD and people.mark_bounced(subscriber.id, f"bounce: {finding.detail}"):
        action = "marked bounced"
    elif finding.kind == COMPLAINT and people.mark_complained(subscriber.id, finding.detail):
        action = "marked complained"
    book.remember(key, subscriber.id, sent[1] if sent else None, finding.kind, finding.detail)
    if finding.kind == SOFT and subscriber.status == ACTIVE and book.soft_in_a_row(subscriber.id):
        reason = f"soft bounces for {book.soft_limit} editions in a row, the last: {finding.detail}"
        if people.mark_bounced(subscriber.id, reason):
            action = "marked bounced"
    return Outcome(finding.kind, subscriber.email, action, finding.detail)


def read_bounces(store: Store, path: Path, soft_limit: int) -> BounceReport:
    """Read every mail in the mailbox at `path` and apply its bounces and complaints."""
    book = _Book(store, soft_limit)
    report = BounceReport()
    for mail_key, data in read_mailbox(path):
        report.messages += 1
        try:
            message = email.message_from_bytes(data, policy=policy.default)
            assert isinstance(message, EmailMessage)
            found = findings(message)
        except Exception as exc:  # one broken mail must not stop the others
            report.unreadable.append(f"mail {mail_key[:12]}: {type(exc).__name__}: {exc}")
            continue
        if not found:
            report.ignored += 1
        for index, finding in enumerate(found):
            report.outcomes.append(_apply(book, f"{mail_key[:60]}.{index}", finding))
    return report


def read_configured(settings: Settings) -> BounceReport | None:
    """Read `bounces.mailbox` when it is set and `bounces.before_send` is on (the scheduler
    does so before each send); None when there is nothing to read."""
    rules = settings.bounces
    if not (rules.before_send and rules.mailbox):
        return None
    store = Store.open(settings.database)
    try:
        return read_bounces(store, rules.mailbox, rules.soft_limit)
    finally:
        store.close()
