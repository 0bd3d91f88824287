"""Sending an edition to a real SMTP server: each active subscriber gets exactly one message,
whatever the server answers, and the ledger says so."""

from __future__ import annotations

import asyncio

import pytest

from newsletter.deliver import SMTPUnavailable, send_edition
from newsletter.deliver.ledger import Ledger
from newsletter.deliver.subscribers import SubscriberList
from newsletter.store import Store
from tests.delivery import DAY, Sink, settings_for, smtp_server

ACTIVE = [f"reader{n}@example.com" for n in range(1, 7)]


def subscribe(settings, active=ACTIVE, *, unsubscribed=(), bounced=()) -> None:
    store = Store.open(settings.database)
    try:
        people = SubscriberList(store)
        for address in [*active, *unsubscribed, *bounced]:
            people.add(address, name=address.split("@")[0].title())
        for address in unsubscribed:
            people.remove(address)
        for address in bounced:
            people.mark_bounced(people.get(address).id, "550 no such user")
    finally:
        store.close()


def ledger_rows(settings) -> dict[str, dict]:
    store = Store.open(settings.database)
    try:
        return {row["email"]: row for row in Ledger(store, DAY, claim_timeout=0).rows()}
    finally:
        store.close()


def statuses(settings) -> dict[str, str]:
    store = Store.open(settings.database)
    try:
        return {s.email: s.status for s in SubscriberList(store).iterate()}
    finally:
        store.close()


def send(settings, **options):
    return asyncio.run(send_edition(settings, DAY, **options))


def test_each_active_subscriber_gets_exactly_one_and_a_rerun_sends_nothing(tmp_path) -> None:
    with smtp_server() as sink:
        settings = settings_for(tmp_path, sink)
        subscribe(settings, unsubscribed=["gone@example.com"], bounced=["bad@example.com"])
        first = send(settings)
        again = send(settings)

    assert sink.counts() == {address: 1 for address in ACTIVE}
    assert (first.sent, first.skipped, first.failed) == (6, 0, [])
    assert (again.sent, again.skipped, again.failed) == (0, 6, [])
    rows = ledger_rows(settings)
    assert set(rows) == set(ACTIVE)
    assert {row["state"] for row in rows.values()} == {"sent"}
    assert {row["attempts"] for row in rows.values()} == {1}
    assert {row["message_id"] for row in rows.values()} == {
        m["Message-ID"] for m in sink.messages()
    }


def test_faults_are_retried_or_fail_only_their_recipient(tmp_path) -> None:
    sink = Sink()
    a, b, c, d, e, f = ACTIVE
    sink.fail(a, "rcpt", "421 4.3.2 Service shutting down, try later")
    sink.fail(b, "rcpt", "451 4.7.1 Greylisted, try again later", times=2)
    sink.fail(c, "rcpt", "550 5.1.1 No such user here")
    sink.fail(d, "data", "drop")
    sink.fail(e, "data", "554 5.7.1 Message refused as spam")
    with smtp_server(sink):
        settings = settings_for(tmp_path, sink)
        subscribe(settings)
        report = send(settings)
        rerun = send(settings)

    assert sink.counts() == {a: 1, b: 1, d: 1, f: 1}
    assert report.sent == 4
    failed = {failure.email: failure for failure in report.failed}
    assert set(failed) == {c, e}
    assert failed[c].code == 550 and failed[c].bounced
    assert failed[e].code == 554 and not failed[e].bounced
    rows = ledger_rows(settings)
    assert {k: r["state"] for k, r in rows.items()} == {
        a: "sent", b: "sent", c: "failed", d: "sent", e: "failed", f: "sent"
    }
    assert {k: r["attempts"] for k, r in rows.items()} == {a: 2, b: 3, c: 1, d: 2, e: 1, f: 1}
    assert statuses(settings)[c] == "bounced"
    assert statuses(settings)[e] == "active"
    assert (rerun.sent, rerun.skipped, rerun.failed) == (0, 4, [])


def test_a_temporary_failure_that_outlasts_the_retries_waits_for_the_next_run(tmp_path) -> None:
    sink = Sink()
    sink.fail(ACTIVE[0], "rcpt", "452 4.2.2 Mailbox full", times=3)
    with smtp_server(sink):
        settings = settings_for(tmp_path, sink, smtp={"max_retries": 2})
        subscribe(settings)
        first = send(settings)
        pending = ledger_rows(settings)[ACTIVE[0]]
        second = send(settings)

    assert [f.email for f in first.failed] == [ACTIVE[0]]
    assert "452" in first.failed[0].reason and not first.failed[0].permanent
    assert (pending["state"], pending["attempts"], pending["smtp_code"]) == ("pending", 3, 452)
    assert (second.sent, second.skipped) == (1, 5)
    assert sink.counts() == {address: 1 for address in ACTIVE}


def test_a_crash_after_some_messages_then_a_rerun_sends_each_once(tmp_path) -> None:
    with smtp_server() as sink:
        settings = settings_for(tmp_path, sink)
        subscribe(settings)

        def crash_after_two(_step: str, done: int, _total: int) -> None:
            if done == 2:
                raise RuntimeError("the machine went down")

        with pytest.raises(RuntimeError):
            send(settings, progress=crash_after_two)
        assert sum(sink.counts().values()) == 2
        rerun = send(settings)

    assert sink.counts() == {address: 1 for address in ACTIVE}
    assert (rerun.sent, rerun.skipped) == (4, 2)


def test_limit_and_to(tmp_path) -> None:
    with smtp_server() as sink:
        settings = settings_for(tmp_path, sink)
        subscribe(settings)
        only = send(settings, to=ACTIVE[3].upper())
        some = send(settings, limit=2)
        rest = send(settings)

    assert (only.sent, some.sent, rest.sent, rest.skipped) == (1, 2, 3, 3)
    assert sink.counts() == {address: 1 for address in ACTIVE}


def test_dry_run_writes_eml_files_and_sends_nothing(tmp_path) -> None:
    with smtp_server() as sink:
        settings = settings_for(tmp_path, sink)
        subscribe(settings)
        report = send(settings, dry_run=True, limit=4)

    assert sink.accepted == []
    assert len(report.files) == 4
    assert all(path.suffix == ".eml" and path.parent.parent == tmp_path / "out" / DAY.isoformat()
               for path in report.files)  # fmt: skip
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in report.files[0].read_bytes()
    assert ledger_rows(settings) == {}


def test_connection_reuse(tmp_path) -> None:
    with smtp_server() as sink:
        settings = settings_for(tmp_path, sink, smtp={"messages_per_connection": 4})
        subscribe(settings)
        send(settings)
    assert len(sink.peers) == 2  # 6 messages, 4 per connection


def test_no_server_stops_the_run_and_loses_nobody(tmp_path) -> None:
    settings = settings_for(tmp_path, None, smtp={"max_retries": 1})
    subscribe(settings)
    with pytest.raises(SMTPUnavailable, match="cannot connect"):
        send(settings)
    assert {row["state"] for row in ledger_rows(settings).values()} == {"pending"}
