"""`newsletter bounces`: delivery-status notifications (RFC 3464) and complaint reports (ARF,
RFC 5965), written here by the RFCs, read from a Maildir and an mbox: hard bounces and
complaints act at once, soft bounces after `soft_limit` editions in a row, and reading the
same mail again changes nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import hashlib
import json
import mailbox
from datetime import date, timedelta
from pathlib import Path

from typer.testing import CliRunner

from newsletter.cli import app
from newsletter.deliver import send_edition
from newsletter.deliver.ledger import Ledger
from newsletter.deliver.subscribers import SubscriberList
from newsletter.store import Store
from tests.delivery import DAY, settings_for, smtp_server, write_edition
from tests.postgres import temporary_postgres
from tests.test_deliver import statuses, subscribe
from tests.test_schedule_support import mailbox as mailbox_server  # noqa: F401  (fixture)
from tests.test_schedule_support import newsletter_config, settings_from
from tests.test_schedule_support import subscribe as subscribe_all

PEOPLE = ["ann@example.com", "bob@example.com", "cat@example.com", "dan@example.com",
          "eve@example.com"]  # fmt: skip
DAYS = [DAY + timedelta(days=n) for n in range(3)]
RUN_DAY = date(2026, 3, 7)


def dsn(recipient: str, action: str, status: str, message_id: str | None, why: str) -> bytes:
    """A delivery-status notification as RFC 3464 lays it out, with the original's headers."""
    original = f"Message-ID: {message_id}\n" if message_id else ""
    own = hashlib.sha256(f"{recipient} {status} {message_id}".encode()).hexdigest()[:16]
    return f"""From: MAILER-DAEMON@mx.example.com
To: gazette@news.example.org
Subject: Delivery Status Notification
Date: Wed, 23 Feb 2022 09:00:00 +0000
Message-ID: <dsn.{own}@mx.example.com>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="DSN-BOUNDARY"

--DSN-BOUNDARY
Content-Type: text/plain; charset=us-ascii

Your message could not be delivered to {recipient}.

--DSN-BOUNDARY
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com
Arrival-Date: Wed, 23 Feb 2022 08:59:00 +0000

Final-Recipient: rfc822; {recipient}
Action: {action}
Status: {status}
Remote-MTA: dns; inbox.example.com
Diagnostic-Code: smtp; {why}

--DSN-BOUNDARY
Content-Type: text/rfc822-headers

From: The Test Gazette <gazette@news.example.org>
To: {recipient}
Subject: The Test Gazette
{original}
--DSN-BOUNDARY--
""".encode()


def arf(recipient: str, message_id: str) -> bytes:
    """An abuse report as ARF (RFC 5965) lays it out, with the original message attached."""
    return f"""From: feedback@isp.example.net
To: gazette@news.example.org
Subject: Abuse report
Date: Wed, 23 Feb 2022 10:00:00 +0000
Message-ID: <arf.{recipient}@isp.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="ARF-BOUNDARY"

--ARF-BOUNDARY
Content-Type: text/plain; charset=us-ascii

This is an email abuse report for a message received from you.

--ARF-BOUNDARY
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: ExampleFBL/1.0
Version: 1
Original-Mail-From: <gazette@news.example.org>
Original-Rcpt-To: <{recipient}>
Arrival-Date: Tue, 22 Feb 2022 07:00:00 +0000

--ARF-BOUNDARY
Content-Type: message/rfc822

From: The Test Gazette <gazette@news.example.org>
To: {recipient}
Subject: The Test Gazette
Message-ID: {message_id}

The river walk reopens on Saturday.

--ARF-BOUNDARY--
""".encode()


def sent_ids(settings) -> dict[tuple[str, date], str]:
    store = Store.open(settings.database)
    try:
        return {
            (row["email"], day): row["message_id"]
            for day in DAYS
            for row in Ledger(store, day, claim_timeout=0).rows()
        }
    finally:
        store.close()


def history_lengths(settings) -> dict[str, int]:
    store = Store.open(settings.database)
    try:
        people = SubscriberList(store)
        return {s.email: len(people.history(s.id)) for s in people.iterate()}
    finally:
        store.close()


def read(*args: str) -> dict:
    result = CliRunner().invoke(app, ["bounces", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def scenario(tmp_path: Path, database_url: str | None = None) -> None:
    options = {"database_url": database_url} if database_url else {}
    with smtp_server() as sink:
        settings = settings_for(tmp_path, sink, **options)
        subscribe(settings, PEOPLE)
        for day in DAYS:
            write_edition(settings, day)
            assert send_day(settings, day).sent == len(PEOPLE)
    ids = sent_ids(settings)
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    box.add(
        dsn(  # forwarded on: only the Message-ID in the ledger says whose it is
            "ann.old@forward.example",
            "failed",
            "5.1.1",
            ids["ann@example.com", DAYS[0]],
            "550 5.1.1 The email account that you tried to reach does not exist",
        )
    )
    box.add(arf("bob@example.com", ids["bob@example.com", DAYS[1]]))
    box.add(
        dsn(
            "cat@example.com",
            "failed",
            "5.2.2",
            ids["cat@example.com", DAYS[0]],
            "552 5.2.2 Mailbox full",
        )
    )
    box.add(
        dsn(
            "cat@example.com",
            "failed",
            "4.4.7",
            ids["cat@example.com", DAYS[1]],
            "Message expired after 5 days",
        )
    )
    box.add(
        dsn(
            "dan@example.com",
            "delayed",
            "4.4.1",
            ids["dan@example.com", DAYS[2]],
            "Connection timed out; will keep trying",
        )
    )
    box.add(dsn("eve@example.com", "failed", "5.1.1", None, "550 No such user"))  # by address
    box.add(dsn("stranger@example.org", "failed", "5.1.1", None, "550 No such user"))
    box.add(b"From: ann@example.com\nSubject: Out of office\n\nBack on Monday.\n")
    box.close()

    first = read(str(tmp_path / "Maildir"))

    after_first = statuses(settings)
    assert after_first == {
        "ann@example.com": "bounced", "bob@example.com": "complained",
        "cat@example.com": "active", "dan@example.com": "active", "eve@example.com": "bounced",
    }  # fmt: skip
    actions = {(o["email"], o["action"]) for o in first["outcomes"]}
    assert ("cat@example.com", "counted") in actions
    assert ("stranger@example.org", "no such subscriber") in actions
    assert first["messages"] == 8 and first["ignored"] == 2  # the delay and the auto-reply

    store = Store.open(settings.database)
    try:
        people = SubscriberList(store)
        bob = people.history(people.get("bob@example.com").id)[-1]
        ann = people.get("ann@example.com")
    finally:
        store.close()
    assert (bob.status, bob.origin, bob.detail) == ("complained", "bounce", "complaint: abuse")
    assert "5.1.1" in ann.status_reason

    events = history_lengths(settings)
    again = read(str(tmp_path / "Maildir"))
    assert statuses(settings) == after_first and history_lengths(settings) == events
    assert {o["action"] for o in again["outcomes"]} == {"already read", "no such subscriber"}

    third = tmp_path / "later.mbox"
    later = mailbox.mbox(third)
    later.add(
        dsn(
            "cat@example.com",
            "failed",
            "5.2.2",
            ids["cat@example.com", DAYS[2]],
            "552 5.2.2 Mailbox full",
        )
    )
    later.close()
    read(str(third))
    assert statuses(settings)["cat@example.com"] == "bounced"
    assert statuses(settings)["dan@example.com"] == "active"
    with smtp_server() as sink:  # the next edition goes only to those still active
        settings = settings_for(tmp_path, sink, **options)
        write_edition(settings, DAY + timedelta(days=3))
        send_day(settings, DAY + timedelta(days=3))
    assert set(sink.counts()) == {"dan@example.com"}


def send_day(settings, day: date):
    return asyncio.run(send_edition(settings, day))


def test_bounces_and_complaints_on_sqlite(tmp_path) -> None:
    scenario(tmp_path)


def test_bounces_and_complaints_on_postgresql(tmp_path) -> None:
    with temporary_postgres() as url:
        scenario(tmp_path, url)


def test_a_missing_mailbox_says_what_to_give(tmp_path) -> None:
    with smtp_server() as sink:
        settings_for(tmp_path, sink)
    result = CliRunner().invoke(app, ["bounces"])
    assert result.exit_code == 2 and "bounces.mailbox" in result.output
    result = CliRunner().invoke(app, ["bounces", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "does not exist" in " ".join(result.output.split())


def test_the_daily_run_reads_the_bounces_before_sending(mailbox_server, tmp_path) -> None:  # noqa: F811
    box, port = mailbox_server
    folder = mailbox.Maildir(tmp_path / "bounces", create=True)
    folder.add(dsn("ben@example.org", "failed", "5.1.1", None, "550 5.1.1 No such user"))
    folder.close()
    extra = f'\n[bounces]\nmailbox = "{tmp_path / "bounces"}"\n'
    config = newsletter_config(tmp_path, port, [RUN_DAY], extra=extra)
    subscribe_all(settings_from(config), "ana@example.org", "ben@example.org")

    result = CliRunner().invoke(
        app, ["run", "--date", RUN_DAY.isoformat(), "--config", str(config)]
    )

    assert result.exit_code == 0, result.output
    assert box.recipients() == ["ana@example.org"]
    assert statuses(settings_from(config))["ben@example.org"] == "bounced"
