"""Credentials in URLs (a model server's, a feed's) never reach a log line, an alert, the run
report or the stored run history; the reader still sees which host was meant."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from typer.testing import CliRunner

from newsletter.cli import app
from newsletter.redact import redact
from tests.chatserver import LocalChatServer, Reply
from tests.test_schedule_support import (
    LocalHttp,
    mailbox,  # noqa: F401  (fixture)
    newsletter_config,
    settings_from,
    subscribe,
)

DAY = date(2026, 3, 7)
SECRETS = ("hunter2", "ana:", "tok-98765")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "the model server at http://ana:hunter2@10.0.0.5:8080/v1 refused",
            "the model server at http://***@10.0.0.5:8080/v1 refused",
        ),
        ("postgresql+psycopg://ana:hunter2@db/news", "postgresql+psycopg://***@db/news"),
        (
            "feed https://example.org/rss?api_key=tok-98765&lang=en failed",
            "feed https://example.org/rss?api_key=***&lang=en failed",
        ),
        ("at https://ana@example.org:99999/x", "at https://***@example.org:99999/x"),
        ("https://example.org/a?page=2 ok", "https://example.org/a?page=2 ok"),
    ],
    ids=["userinfo", "database", "query-token", "bad-port", "clean"],
)
def test_urls_lose_only_their_credentials(text: str, shown: str) -> None:
    assert redact(text) == shown


def test_model_server_password_stays_out_of_run_logs_alerts_and_status(
    mailbox, tmp_path, caplog  # noqa: F811
) -> None:
    _, port = mailbox
    caplog.set_level(logging.INFO)
    with LocalChatServer(lambda request: Reply(status=404)) as model, LocalHttp() as hook:
        base_url = model.url.replace("http://", "http://ana:hunter2@")
        config = newsletter_config(
            tmp_path,
            port,
            [DAY],
            extra=f'\n[llm]\nbase_url = "{base_url}"\nmodel = "local-model"\n'
            f'\n[alerts]\nwebhook = "{hook.url}/hook"\n',
        )
        subscribe(settings_from(config), "ben@example.org")
        runner = CliRunner()
        ran = runner.invoke(app, ["run", "--date", DAY.isoformat(), "--config", str(config)])
        made = runner.invoke(app, ["generate", "--date", DAY.isoformat(), "--config", str(config)])
        status = runner.invoke(app, ["status", "--config", str(config)])

    assert ran.exit_code == 1 and made.exit_code == 1
    assert "does not know model" in ran.output and "does not know model" in made.output
    assert "http://***@127.0.0.1" in ran.output
    (alert,) = hook.bodies
    seen = [ran.output, made.output, status.output, caplog.text, str(alert)]
    assert "does not know model" in alert["detail"]
    assert not [secret for secret in SECRETS for text in seen if secret in text]


def test_feed_credentials_stay_out_of_the_report_and_alerts(mailbox, tmp_path, caplog) -> None:  # noqa: F811
    _, port = mailbox
    caplog.set_level(logging.INFO)
    with LocalHttp() as hook:  # answers 503 to the feed
        feed_url = hook.url.replace("http://", "http://ana:hunter2@") + "/feed.json?token=tok-98765"
        sources = f'\n[[sources]]\ntype = "feed"\nurl = "{feed_url}"\nname = "Quay feed"\n'
        extra = f'\n[alerts]\nwebhook = "{hook.url}/hook"\nsource_failures = 1\n'
        config = newsletter_config(tmp_path, port, [DAY], sources=sources, extra=extra)
        subscribe(settings_from(config), "ben@example.org")
        runner = CliRunner()
        made = runner.invoke(app, ["generate", "--date", DAY.isoformat(), "--config", str(config)])
        ran = runner.invoke(app, ["run", "--date", DAY.isoformat(), "--config", str(config)])
        status = runner.invoke(app, ["status", "--config", str(config)])

    assert made.exit_code == 0 and ran.exit_code == 0, made.output + ran.output
    assert "Quay feed" in made.output and "503" in made.output
    assert [b["condition"] for b in hook.bodies] == ["source:Quay feed"]
    seen = [made.output, ran.output, status.output, caplog.text, str(hook.bodies)]
    assert not [secret for secret in SECRETS for text in seen if secret in text]
