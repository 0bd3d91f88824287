"""`newsletter send`: send an edition to the subscribers not yet sent it, and print the report."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from newsletter.cli import (
    ConfigOption,
    DateOption,
    ForceOption,
    VerboseOption,
    app,
    err,
    fail,
    friendly_errors,
    out,
    parse_day,
    run_job,
    settings_or_exit,
)
from newsletter.cli.machine import JsonOption, print_json
from newsletter.deliver import (
    DeliveryConfigError,
    DeliveryError,
    SendReport,
    send_edition,
    send_test,
)
from newsletter.store import StoreError


@app.command()
@friendly_errors
def send(
    day: DateOption = None,
    to: Annotated[
        str | None,
        typer.Option("--to", help="Send only to this subscriber.", show_default=False),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Write the messages as .eml files in OUT/DATE/eml; send nothing."
        ),
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, help="Send at most N messages.", show_default=False),
    ] = None,
    test: Annotated[
        list[str] | None,
        typer.Option(
            "--test",
            help="Send a test to this address (any address; repeat for more): '[TEST]' before "
            "the subject, nothing recorded, nobody on the list is sent anything.",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
    as_json: JsonOption = False,
) -> None:
    """Send the edition of a date (made by `newsletter generate`) to every active subscriber
    who has not had it yet. Safe to rerun, and to run twice at once: nobody gets it twice.
    An edition that fails its pre-send checks is not sent (see `newsletter check`) unless
    --force. Exit codes: 0 all sent, 1 some recipients failed, the checks failed or the run
    stopped, 2 settings."""
    settings = settings_or_exit(config)
    edition_day = parse_day(day, settings)
    if test:
        if to or dry_run or limit:
            raise fail("--test sends to its own addresses: leave out --to, --dry-run, --limit", 2)
        report = run_job(
            send_test(settings, edition_day, test),
            verbose=verbose,
            config_errors=(DeliveryConfigError,),
            run_errors=(DeliveryError,),
        )
        show_report(report, as_json)
        raise typer.Exit(1 if report.failed else 0)
    with Progress(
        TextColumn("Sending"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task("send", total=None)

        def progress(_step: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        report = run_job(
            send_edition(
                settings, edition_day, to=to, dry_run=dry_run, limit=limit, progress=progress,
                force=force,
            ),
            verbose=verbose,
            config_errors=(DeliveryConfigError,),
            run_errors=(DeliveryError, StoreError),
        )
    show_report(report, as_json)
    if report.failed:
        raise typer.Exit(1)


def show_report(report: SendReport, as_json: bool) -> None:
    if as_json:
        print_json(report)
    else:
        print_report(report)


def print_report(report: SendReport) -> None:
    day = report.date.isoformat()
    if report.dry_run:
        folder = report.files[0].parent if report.files else None
        where = f" in {folder}" if folder else ""
        out.print(f"Dry run for {day}: wrote {report.sent} message(s){where}; nothing was sent.")
        return
    if report.test:
        reached = ", ".join(report.recipients) or "nobody"
        out.print(
            f"Test of {day}: sent to {reached}; failed {len(report.failed)}. Nothing was "
            "recorded.",
            highlight=False,
        )
        _print_failures(report)
        return
    out.print(
        f"Edition {day}: sent {report.sent}, skipped {report.skipped} (already sent), "
        f"failed {len(report.failed)}.",
        highlight=False,
    )
    _print_failures(report)
    if report.taken_over:
        out.print(
            f"{report.taken_over} recipient(s) were taken over from a run that stopped; the one "
            "it was sending when it stopped may have received the edition twice.",
            highlight=False,
        )
    if report.busy:
        out.print(f"{report.busy} recipient(s) are being sent by another run.", highlight=False)
    for note in report.notes:
        out.print(note, style="yellow", markup=False, highlight=False)


def _print_failures(report: SendReport) -> None:
    if report.failed:
        table = Table("recipient", "reason", title="Failed", title_justify="left")
        for failure in report.failed:
            reason = failure.reason + (" — marked bounced" if failure.bounced else "")
            table.add_row(failure.email, reason)
        out.print(table)
