"""Test sends: the edition to any addresses, for an editor to check it in a real inbox.

A test goes to addresses that need not be on the list, carries "[TEST]" before the subject
and a Message-ID of its own (so a second test is not hidden as a repeat of the first), and
touches neither the ledger nor the subscriber list: it is never counted as a delivery, and a
refused address is not marked bounced. Its unsubscribe link belongs to no subscriber, so a
colleague who presses it unsubscribes nobody.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime

from newsletter.config import Settings
from newsletter.deliver.errors import DeliveryError
from newsletter.deliver.message import DKIMSigner, MessageFactory, load_rendered
from newsletter.deliver.report import Failure, SendReport
from newsletter.deliver.sender import Sender
from newsletter.deliver.smtp import Mailer, PermanentFailure, TemporaryFailure
from newsletter.deliver.subscribers import InvalidAddress, Subscriber, normalize_address

__all__ = ["TEST_MARK", "send_test"]

TEST_MARK = "[TEST]"
NOBODY = 0
"""The subscriber id of a test message: no subscriber has it (ids start at 1)."""
_EPOCH = datetime.fromtimestamp(0, UTC)


def _addresses(recipients: list[str]) -> list[str]:
    """The recipients normalized, each once; DeliveryError names every bad one."""
    found: dict[str, str] = {}
    bad: list[str] = []
    for text in recipients:
        try:
            address = normalize_address(text)
        except InvalidAddress as exc:
            bad.append(str(exc))
            continue
        found.setdefault(address.lower(), address)
    if bad:
        raise DeliveryError("; ".join(bad) + ": correct the address and send the test again")
    return list(found.values())


async def send_test(settings: Settings, day: date, recipients: list[str]) -> SendReport:
    """Send the edition of `day` to each recipient once, marked as a test. Failures of single
    recipients are in the report; SMTPUnavailable stops the run."""
    addresses = _addresses(recipients)
    if not addresses:
        raise DeliveryError("--test needs at least one address, e.g. --test editor@example.org")
    sender = Sender.from_settings(settings)
    rendered = load_rendered(settings, day)
    rendered = rendered.model_copy(update={"subject": f"{TEST_MARK} {rendered.subject}"})
    factory = MessageFactory(
        sender, rendered, day, DKIMSigner.from_settings(settings.dkim, sender.domain)
    )
    report = SendReport(date=day, test=True)
    async with Mailer(settings.smtp) as mailer:
        for address in addresses:
            reader = Subscriber(NOBODY, address, None, "test", subscribed_at=_EPOCH)
            message_id = f"<test.{secrets.token_hex(8)}.{factory.message_id(NOBODY)[1:]}"
            data = factory.to_bytes(reader, message_id=message_id)
            try:
                await mailer.send(sender.address, address, data)
            except (PermanentFailure, TemporaryFailure) as failure:
                code = failure.code
                permanent = isinstance(failure, PermanentFailure)
                report.failed.append(Failure(address, str(failure), code, permanent))
                continue
            report.sent += 1
            report.recipients.append(address)
    return report
