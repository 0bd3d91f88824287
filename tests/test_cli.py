"""The command line as an operator meets it: --version, the global options before or after
the command, one-line errors for bad ports and dates, and `status` after `generate`/`send`."""

from __future__ import annotations

import socket
from importlib.metadata import version

import pytest
from typer.testing import CliRunner

from newsletter.cli import app
from tests.delivery import settings_for
from tests.test_run import DAY as RUN_DAY
from tests.test_schedule_support import (
    mailbox,  # noqa: F401  (fixture)
    newsletter_config,
    settings_from,
    subscribe,
)


def cli(*args: str):
    return CliRunner(env={"COLUMNS": "200"}).invoke(app, list(args))


def one_line_error(result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    return lines[0]


def test_version() -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"newsletter {version('newsletter')}"


def test_config_and_verbose_before_or_after_the_command(tmp_path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    config = other / "newsletter.toml"
    config.write_text('name = "Elsewhere"\n', encoding="utf-8")

    before = cli("--config", str(config), "--verbose", "subscribers", "add", "a@example.org")
    after = cli("subscribers", "add", "b@example.org", "--config", str(config), "--verbose")
    short = cli("-c", str(config), "-v", "subscribers", "list")
    assert before.exit_code == after.exit_code == short.exit_code == 0, before.output
    assert "a@example.org" in short.output and "b@example.org" in short.output
    assert (other / "data" / "newsletter.db").exists()  # the config's store, not ./data
    assert not (tmp_path / "data").exists()
    for command in ("generate", "check", "send", "run", "status", "usage", "preview", "serve",
                    "schedule"):  # fmt: skip
        assert cli(command, "--help").output.count("--verbose") == 1, command
        assert cli(command, "--help").output.count("--config") == 1, command


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1969-12-31", "2101-01-01"])
def test_a_date_outside_1970_to_2100_is_refused_in_one_line(tmp_path, day) -> None:
    (tmp_path / "newsletter.toml").write_text('name = "T"\n', encoding="utf-8")
    for command in ("generate", "send", "run", "check"):
        line = one_line_error(cli(command, "--date", day))
        assert f"--date {day}: use a date from 1970-01-01 to 2100-12-31" in line


@pytest.mark.parametrize("command", ["serve", "preview"])
def test_port_errors_are_one_line(tmp_path, command) -> None:
    settings_for(tmp_path, None)  # a newsletter.toml that can serve unsubscribe links
    line = one_line_error(cli(command, "--port", "99999"))
    assert "--port 99999 is not a port number" in line
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        line = one_line_error(cli(command, "--port", str(taken)))
    assert f"cannot listen on 127.0.0.1:{taken}" in line and "choose another port" in line


def test_status_shows_editions_made_with_generate_and_send(mailbox, tmp_path) -> None:  # noqa: F811
    _box, port = mailbox
    config = newsletter_config(tmp_path, port, [RUN_DAY])
    subscribe(settings_from(config), "ana@example.org", "ben@example.org")
    assert cli("generate", "--date", RUN_DAY.isoformat()).exit_code == 0
    made = cli("status")
    assert cli("send", "--date", RUN_DAY.isoformat()).exit_code == 0
    sent = cli("status")

    assert "No edition has run yet" not in made.output
    row = next(line for line in made.output.splitlines() if str(RUN_DAY) in line)
    assert "generated" in row and "not sent" in row
    row = next(line for line in sent.output.splitlines() if str(RUN_DAY) in line)
    assert "sent by hand" in row and " 2 " in row


def test_editions_by_hand_on_postgresql() -> None:
    from datetime import UTC, datetime

    from newsletter.models import Edition
    from newsletter.store import Store
    from tests.postgres import temporary_postgres

    with temporary_postgres() as url:
        store = Store.open(url)
        for day in (RUN_DAY, RUN_DAY.replace(day=8)):
            store.save_edition(Edition(name="T", date=day, subject="s", preheader="", stories=[],
                                       articles=[], engine="extractive",
                                       generated_at=datetime.now(UTC)))  # fmt: skip
        store.insert_edition_run(RUN_DAY.replace(day=8), status="sent", trigger="schedule")
        found = store.editions_by_hand()
        store.close()
    assert [(e.date, e.status, e.sent) for e in found] == [(RUN_DAY, "generated", 0)]
