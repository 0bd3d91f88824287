"""`newsletter send --test`: the edition reaches any address, marked as a test, and nothing is
recorded: the ledger stays empty and the list's real send still reaches everyone."""

from __future__ import annotations

from typer.testing import CliRunner

from newsletter.cli import app
from tests.delivery import DAY, SUBJECT, settings_for, smtp_server
from tests.test_deliver import ledger_rows, send, statuses, subscribe


def test_send_test_reaches_any_address_and_records_nothing(tmp_path) -> None:
    with smtp_server() as sink:
        settings = settings_for(tmp_path, sink)
        subscribe(settings, ["reader@example.com"])
        result = CliRunner().invoke(
            app,
            ["send", "--date", DAY.isoformat(), "--test", "Colleague@Example.org",
             "--test", "editor@example.net", "--test", "colleague@example.org"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "Nothing was recorded" in result.output
        tests = {rcpt: sink.messages(rcpt) for rcpt in sink.counts()}
        assert ledger_rows(settings) == {}

        real = send(settings)

    assert set(tests) == {"Colleague@example.org", "editor@example.net"}
    first, second = (found[0] for found in tests.values())
    assert first["Subject"] == second["Subject"] == f"[TEST] {SUBJECT}"
    assert first["Message-ID"] != second["Message-ID"]
    assert real.sent == 1 and sink.counts()["reader@example.com"] == 1
    assert statuses(settings) == {"reader@example.com": "active"}


def test_a_refused_test_address_is_reported_and_nothing_is_marked(tmp_path) -> None:
    with smtp_server() as sink:
        settings = settings_for(tmp_path, sink)
        subscribe(settings, ["reader@example.com"])
        sink.fail("reader@example.com", "rcpt", "550 5.1.1 No such user")
        result = CliRunner().invoke(
            app,
            ["send", "-d", DAY.isoformat(), "--test", "reader@example.com", "--test", "x@y.org"],
        )

    assert result.exit_code == 1
    assert "550" in result.output and "x@y.org" in result.output
    assert statuses(settings) == {"reader@example.com": "active"}
    assert ledger_rows(settings) == {}


def test_a_bad_test_address_sends_nothing(tmp_path) -> None:
    with smtp_server() as sink:
        settings_for(tmp_path, sink)
        result = CliRunner().invoke(
            app, ["send", "-d", DAY.isoformat(), "--test", "ok@example.org", "--test", "not mail"]
        )

    assert result.exit_code == 1
    assert "not a valid email address" in result.output
    assert not sink.counts()
