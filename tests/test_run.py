"""`newsletter run` and `newsletter status`: the whole day once, for one date, exactly once."""

from __future__ import annotations

from datetime import date

from typer.testing import CliRunner

from newsletter.cli import app
from tests.test_schedule_support import (
    LocalHttp,
    mailbox,  # noqa: F401  (fixture)
    newsletter_config,
    settings_from,
    subscribe,
)

DAY = date(2026, 3, 7)


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


def test_run_sends_once_and_status_shows_it(mailbox, tmp_path) -> None:  # noqa: F811
    box, port = mailbox
    config = newsletter_config(tmp_path, port, [DAY])
    subscribe(settings_from(config), "ana@example.org", "ben@example.org")

    first = cli("run", "--date", DAY.isoformat(), "--config", str(config))
    again = cli("run", "--date", DAY.isoformat(), "--config", str(config))
    shown = cli("status", "--config", str(config))

    assert first.exit_code == 0, first.output
    assert "sent: 2 message(s)" in first.output
    assert again.exit_code == 0 and "nothing to do: already sent" in again.output
    assert box.recipients() == ["ana@example.org", "ben@example.org"]
    assert "2026-03-07" in shown.output and "sent" in shown.output
    assert "Harbour desk" in shown.output


def test_failed_edition_alerts_once_and_run_by_hand_recovers(mailbox, tmp_path) -> None:  # noqa: F811
    box, port = mailbox
    with LocalHttp() as hook:
        config = newsletter_config(
            tmp_path, port, [], extra=f'\n[alerts]\nwebhook = "{hook.url}/hook"\n'
        )
        subscribe(settings_from(config), "ana@example.org")

        failed = cli("run", "--date", DAY.isoformat(), "--config", str(config))
        failed_again = cli("run", "--date", DAY.isoformat(), "--config", str(config))
        assert failed.exit_code == 1 and "no articles for 2026-03-07" in failed.output
        assert failed_again.exit_code == 1
        assert [b["state"] for b in hook.bodies] == ["problem"]
        assert "2026-03-07" in hook.bodies[0]["summary"]

        newsletter_config(tmp_path, port, [DAY], extra=f'\n[alerts]\nwebhook = "{hook.url}/h"\n')
        fixed = cli("run", "--date", DAY.isoformat(), "--config", str(config))
        assert fixed.exit_code == 0, fixed.output
        assert [b["state"] for b in hook.bodies] == ["problem", "resolved"]
    assert box.recipients() == ["ana@example.org"]


def test_two_runs_of_one_date_at_once_make_one_edition(mailbox, tmp_path) -> None:  # noqa: F811
    import asyncio
    import threading

    from newsletter.runs import run_day

    box, port = mailbox
    config = newsletter_config(tmp_path, port, [DAY])
    settings = settings_from(config)
    subscribe(settings, "ana@example.org", "ben@example.org", "cy@example.org")
    results = []
    start = threading.Barrier(2)

    def one() -> None:
        start.wait()
        results.append(asyncio.run(run_day(settings, DAY, trigger="schedule")).status)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["sent", "skipped"]
    assert box.recipients() == ["ana@example.org", "ben@example.org", "cy@example.org"]
