"""`--json` on status, subscribers list, usage, generate, send and run: one JSON document on
standard output, in the shape the README documents."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from typer.testing import CliRunner

from newsletter.cli import app
from newsletter.config import load_settings
from newsletter.store import Store
from newsletter.store.llm import LLMCall
from tests.test_generate import example  # noqa: F401  (fixture)
from tests.test_schedule_support import (
    mailbox,  # noqa: F401  (fixture)
    newsletter_config,
    settings_from,
    subscribe,
)

DAY = date(2026, 3, 7)


def as_json(*args: str, code: int = 0) -> dict:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def test_run_send_status_and_subscribers_as_json(mailbox, tmp_path) -> None:  # noqa: F811
    _box, port = mailbox
    config = str(newsletter_config(tmp_path, port, [DAY]))
    settings = settings_from(Path(config))
    subscribe(settings, "ana@example.org", "ben@example.org")

    ran = as_json("run", "--date", DAY.isoformat(), "--config", config)
    resent = as_json("send", "--date", DAY.isoformat(), "--config", config)
    shown = as_json("status", "--config", config)
    CliRunner().invoke(app, ["subscribers", "remove", "ben@example.org", "--config", config])
    listed = as_json("subscribers", "list", "--config", config)

    assert ran["date"] == "2026-03-07" and ran["status"] == "sent" and ran["sent"] == 2
    assert (resent["sent"], resent["skipped"], resent["failed"], resent["test"]) == (
        0,
        2,
        [],
        False,
    )
    assert shown["editions"][0]["date"] == "2026-03-07"
    assert shown["editions"][0]["status"] == "sent" and shown["editions"][0]["sent"] == 2
    assert {source["label"] for source in shown["sources"]} >= {"Harbour desk"}
    assert shown["scheduler"] is None and shown["alerts"] == []
    assert date.fromisoformat(shown["schedule"]["next_edition"])
    people = {p["email"]: p for p in listed["subscribers"]}
    assert people["ana@example.org"]["status"] == "active"
    assert people["ben@example.org"]["status"] == "unsubscribed"
    assert datetime.fromisoformat(people["ben@example.org"]["unsubscribed_at"])
    assert listed["counts"] == {"active": 1, "unsubscribed": 1, "bounced": 0, "complained": 0}


def test_usage_and_generate_as_json(example, tmp_path) -> None:  # noqa: F811
    store = Store.open(load_settings(example).database)
    try:
        for outcome, cost in (("ok", 0.002), ("timeout", 0.0)):
            store.log_call(
                LLMCall(
                    datetime(2022, 2, 22, 8, tzinfo=UTC),
                    "digest",
                    "small-model",
                    "h",
                    "json",
                    1200,
                    300,
                    900,
                    outcome,
                    cost,
                    date(2022, 2, 22),
                )
            )
    finally:
        store.close()

    used = as_json("usage", "--date", "2022-02-22")
    made = as_json("generate", "--date", "2022-02-22")

    assert used == {
        "models": [{"model": "small-model", "calls": 2, "failed": 1, "tokens_in": 2400,
                    "tokens_out": 600, "cost": 0.002}]
    }  # fmt: skip
    assert made["date"] == "2022-02-22" and made["stories"] == 5
    assert made["engine"] == "extractive"
    assert all(Path(path).exists() for path in made["files"])
    assert {"label", "articles", "error"} <= set(made["sources"][0])
