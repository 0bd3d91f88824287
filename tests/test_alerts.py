"""Alerts: one per condition until it clears, to a real webhook and a real SMTP server."""

from __future__ import annotations

import asyncio
import logging
from datetime import date

from newsletter.runs import gather_day
from tests.test_schedule_support import (
    LocalHttp,
    mailbox,  # noqa: F401  (fixture)
    newsletter_config,
    settings_from,
)

DAY = date(2026, 3, 7)


def test_a_failing_source_raises_one_alert_after_n_failures(mailbox, tmp_path, caplog) -> None:  # noqa: F811
    box, port = mailbox
    caplog.set_level(logging.INFO, logger="newsletter")
    with LocalHttp() as hook:
        feed = f'\n[[sources]]\ntype = "feed"\nurl = "{hook.url}/feed.xml"\nname = "Quay feed"\n'
        alerts = (
            f'\n[alerts]\nwebhook = "{hook.url}/secret-token-123"\n'
            'email = "ops@example.org"\nsource_failures = 3\n'
        )
        config = newsletter_config(tmp_path, port, [DAY], sources=feed, extra=alerts)
        settings = settings_from(config)
        for _ in range(6):  # the feed answers 503 every time
            asyncio.run(gather_day(settings, DAY))

    (alert,) = hook.bodies
    assert alert["state"] == "problem" and alert["condition"] == "source:Quay feed"
    assert "failed 3 times in a row" in alert["summary"]
    assert "503" in alert["detail"]
    assert [r for r, subject in box.messages] == ["ops@example.org"]
    assert "[alert]" in box.messages[0][1] and "Quay feed" in box.messages[0][1]
    assert "secret-token-123" not in caplog.text  # the webhook URL is a secret


def test_the_alert_clears_once_the_source_works_again(mailbox, tmp_path) -> None:  # noqa: F811
    _, port = mailbox
    with LocalHttp() as hook:
        feed = f'\n[[sources]]\ntype = "feed"\nurl = "{hook.url}/feed.xml"\nname = "Quay feed"\n'
        alerts = f'\n[alerts]\nwebhook = "{hook.url}/hook"\nsource_failures = 2\n'
        config = newsletter_config(tmp_path, port, [DAY], sources=feed, extra=alerts)
        settings = settings_from(config)
        for _ in range(3):
            asyncio.run(gather_day(settings, DAY))
        hook.feeds["/feed.xml"] = []
        for _ in range(2):
            asyncio.run(gather_day(settings, DAY))
    assert [b["state"] for b in hook.bodies] == ["problem", "resolved"]
