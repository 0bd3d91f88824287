"""An edition whose pre-send checks fail is not sent, by `send` nor by `run`, unless --force,
which says so; and `run` reports what this run sent, not the day's total."""

from __future__ import annotations

from typer.testing import CliRunner

from newsletter.cli import app
from tests.delivery import DAY, HTML, TEXT, settings_for, smtp_server
from tests.test_deliver import ACTIVE, ledger_rows, subscribe
from tests.test_run import DAY as RUN_DAY
from tests.test_schedule_support import (
    mailbox,  # noqa: F401  (fixture)
    newsletter_config,
    settings_from,
)
from tests.test_schedule_support import subscribe as subscribe_to


def cli(*args: str):
    return CliRunner(env={"COLUMNS": "200"}).invoke(app, list(args))


def without_unsubscribe_link(settings) -> None:
    """Edit the written edition as a broken template would have made it."""
    folder = settings.output_dir / DAY.isoformat()
    (folder / "email.html").write_text(
        HTML.replace('<p><a href="%%UNSUBSCRIBE_URL%%">Unsubscribe</a></p>', ""), "utf-8"
    )
    (folder / "email.txt").write_text(TEXT.replace("Unsubscribe: %%UNSUBSCRIBE_URL%%", ""), "utf-8")


def test_send_refuses_an_edition_that_fails_its_checks_and_force_sends_it_saying_so(
    tmp_path,
) -> None:
    with smtp_server() as sink:
        settings = settings_for(tmp_path, sink)
        subscribe(settings)
        without_unsubscribe_link(settings)
        config = str(tmp_path / "newsletter.toml")

        refused = cli("send", "--date", DAY.isoformat(), "--config", config)
        assert refused.exit_code == 1
        output = " ".join(refused.output.split())
        assert "failed its pre-send checks, so nothing was sent" in output
        assert "unsubscribe" in output and "--force" in output
        assert sink.counts() == {} and ledger_rows(settings) == {}

        forced = cli("send", "--date", DAY.isoformat(), "--config", config, "--force")
        assert forced.exit_code == 0, forced.output
        assert "Sent with --force although the pre-send checks failed" in forced.output
    assert sink.counts() == {address: 1 for address in ACTIVE}


def test_run_counts_what_this_run_sent_not_the_days_total(
    mailbox, tmp_path  # noqa: F811
) -> None:
    box, port = mailbox
    config = newsletter_config(tmp_path, port, [RUN_DAY])
    settings = settings_from(config)
    subscribe_to(settings, "ana@example.org", "ben@example.org")
    made = cli("generate", "--date", RUN_DAY.isoformat(), "--config", str(config))
    assert made.exit_code == 0, made.output
    assert cli("send", "--date", RUN_DAY.isoformat(), "--config", str(config),
               "--to", "ana@example.org").exit_code == 0  # fmt: skip

    subscribe_to(settings, "cy@example.org")
    run = cli("run", "--date", RUN_DAY.isoformat(), "--config", str(config))
    assert run.exit_code == 0, run.output
    assert "sent: 2 message(s) sent by this run, 1 recipient(s) had it already" in run.output
    assert sorted(box.recipients()) == ["ana@example.org", "ben@example.org", "cy@example.org"]


def test_run_with_force_sends_an_edition_whose_checks_failed_and_says_so(
    mailbox, tmp_path  # noqa: F811
) -> None:
    box, port = mailbox
    templates = tmp_path / "my-templates"
    templates.mkdir()
    # a text part without the unsubscribe link: the checks fail
    (templates / "email.txt.j2").write_text("{{ edition.subject }}\n", encoding="utf-8")
    config = newsletter_config(tmp_path, port, [RUN_DAY])
    text = config.read_text(encoding="utf-8")
    config.write_text(f'templates_dir = "{templates}"\n' + text, encoding="utf-8")
    subscribe_to(settings_from(config), "ana@example.org")

    refused = cli("run", "--date", RUN_DAY.isoformat(), "--config", str(config))
    assert refused.exit_code == 1 and "pre-send checks" in refused.output
    assert box.recipients() == []
    forced = cli("run", "--date", RUN_DAY.isoformat(), "--config", str(config), "--force")
    assert forced.exit_code == 0, forced.output
    assert "sent with --force although the pre-send checks failed" in forced.output
    assert box.recipients() == ["ana@example.org"]
