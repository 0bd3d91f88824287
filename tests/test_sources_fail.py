"""When every source fails, `generate` and `run` fail (exit 1, an alert for `run`) instead of
making an edition from the articles stored earlier, unless `--allow-stale` says to."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

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


def flat(output: str) -> str:
    return " ".join(output.split())


def test_every_source_failing_stops_the_edition_unless_allowed(mailbox, tmp_path: Path) -> None:  # noqa: F811
    box, port = mailbox
    with LocalHttp() as hook:
        hook.feeds["/quay.json"] = [
            {
                "id": "ferry",
                "url": "https://quay.example.org/ferry",
                "title": "Ferry timetable changes",
                "content_text": "The ferry will leave at seven from Monday, the harbour said.",
                "date_published": "2026-03-07T09:00:00-05:00",
            }
        ]
        feed = f'\n[[sources]]\ntype = "feed"\nurl = "{hook.url}/quay.json"\nname = "Quay feed"\n'
        config = newsletter_config(
            tmp_path, port, [DAY], sources=feed, extra=f'\n[alerts]\nwebhook = "{hook.url}/h"\n'
        )
        subscribe(settings_from(config), "ana@example.org")
        first = cli("generate", "--date", DAY.isoformat(), "--config", str(config))
        assert first.exit_code == 0, first.output

        # both sources break: yesterday's stored articles must not go out as today's
        shutil.rmtree(tmp_path / "articles")
        del hook.feeds["/quay.json"]
        shutil.rmtree(tmp_path / "out")

        made = cli("generate", "--date", DAY.isoformat(), "--config", str(config))
        assert made.exit_code == 1
        report = flat(made.output)
        assert "every source failed, so the edition of 2026-03-07" in report
        assert "Harbour desk: folder" in report and "does not exist" in report
        assert "Quay feed: HTTP 503 Service Unavailable" in report
        assert "--allow-stale" in report
        assert not (tmp_path / "out" / DAY.isoformat()).exists()

        ran = cli("run", "--date", DAY.isoformat(), "--config", str(config))
        assert ran.exit_code == 1
        assert "failed: every source failed" in flat(ran.output)
        assert box.recipients() == []
        [alert] = hook.bodies
        assert alert["state"] == "problem" and "Quay feed: HTTP 503" in alert["detail"]

        stale = cli("generate", "--date", DAY.isoformat(), "--config", str(config), "--allow-stale")
        assert stale.exit_code == 0, stale.output
        assert "made from articles stored by earlier runs" in flat(stale.output)
        sent = cli("run", "--date", DAY.isoformat(), "--config", str(config), "--allow-stale")
        assert sent.exit_code == 0, sent.output
    assert box.recipients() == ["ana@example.org"]
