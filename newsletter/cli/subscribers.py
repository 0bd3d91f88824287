"""`newsletter subscribers`: add, remove, list, import and export the subscriber list."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from newsletter.cli import (
    ConfigOption,
    VerboseOption,
    app,
    err,
    fail,
    friendly_errors,
    out,
    settings_or_exit,
    store_or_exit,
)
from newsletter.deliver.subscribers import (
    BOUNCED,
    COMPLAINED,
    STATUSES,
    UNSUBSCRIBED,
    InvalidAddress,
    SubscriberError,
    SubscriberList,
)

subscribers_app = typer.Typer(
    help="The subscriber list: add, remove, list, import and export addresses.",
    no_args_is_help=True,
)
app.add_typer(subscribers_app, name="subscribers")

ResubscribeOption = Annotated[
    bool,
    typer.Option(
        "--resubscribe",
        "--force",
        help="Make addresses that unsubscribed, bounced or complained active again: only with each "
        "person's renewed consent.",
    ),
]
StatusOption = Annotated[
    str | None,
    typer.Option("--status", help=f"Only this status: {', '.join(STATUSES)}."),
]


@contextmanager
def _subscribers(config: Path | None) -> Iterator[SubscriberList]:
    settings = settings_or_exit(config)
    store = store_or_exit(settings)
    try:
        yield SubscriberList(store)
    except InvalidAddress as exc:
        raise fail(str(exc), 2) from None
    except SubscriberError as exc:
        raise fail(str(exc), 1) from None
    finally:
        store.close()


def _check_status(status: str | None) -> None:
    if status is not None and status not in STATUSES:
        raise fail(f"--status {status!r}: use {', '.join(STATUSES)}", 2)


@subscribers_app.command()
@friendly_errors
def add(
    email: Annotated[str, typer.Argument(help="The email address.")],
    name: Annotated[str | None, typer.Option("--name", help="The person's name.")] = None,
    resubscribe: ResubscribeOption = False,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Add an address to the list (checked for syntax, no network). An address that
    unsubscribed, bounced or complained stays so unless --resubscribe."""
    with _subscribers(config) as people:
        address, outcome = people.add(email, name, resubscribe=resubscribe)
    messages = {"added": "Added", "updated": "Updated", "unchanged": "Already subscribed:"}
    out.print(f"{messages[outcome]} {address}", highlight=False)


@subscribers_app.command()
@friendly_errors
def remove(
    email: Annotated[str, typer.Argument(help="The email address.")],
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Take an address off the list (it is kept as unsubscribed, so it is not re-added by
    mistake)."""
    with _subscribers(config) as people:
        found = people.remove(email)
    out.print(f"Unsubscribed {found.email}", highlight=False)


@subscribers_app.command("list")
@friendly_errors
def list_(
    status: StatusOption = None, config: ConfigOption = None, verbose: VerboseOption = False
) -> None:
    """Show the subscribers and their status."""
    _check_status(status)
    table = Table("email", "name", "status", "since")
    with _subscribers(config) as people:
        for s in people.iterate(status):
            since = {UNSUBSCRIBED: s.unsubscribed_at, BOUNCED: s.bounced_at,
                     COMPLAINED: s.complained_at}.get(s.status)  # fmt: skip
            stamp = since or s.subscribed_at
            table.add_row(s.email, s.name or "", s.status, f"{stamp:%Y-%m-%d %H:%M} UTC")
        counts = people.counts()
    out.print(table)
    out.print(", ".join(f"{n} {state}" for state, n in counts.items()), highlight=False)


@subscribers_app.command("import")
@friendly_errors
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV file with a header row: email, and optionally name, status, "
            "subscribed_at, unsubscribed_at, bounced_at and status_reason (what export writes)."
        ),
    ],
    resubscribe: ResubscribeOption = False,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Import addresses from a CSV file, each with its status and dates when the file has
    them. Addresses that left the list (unsubscribed, bounced, complained) stay so unless
    --resubscribe. Good rows are imported; bad ones are listed by line number (exit code 1
    when there are any)."""
    try:
        source = file.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise fail(f"cannot read {file}: {exc.strerror}", 2) from None
    with source, _subscribers(config) as people:
        try:
            report = people.import_csv(source, resubscribe=resubscribe)
        except UnicodeDecodeError as exc:
            message = f"{file} is not UTF-8 text ({exc.reason}); save it as UTF-8 CSV"
            raise fail(message, 2) from None
    for line in report.errors:
        err.print(f"{file}: {line}", highlight=False, markup=False)
    out.print(
        f"Imported {report.added} new, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.kept} kept as unsubscribed, bounced or complained, "
        f"{len(report.errors)} rejected.",
        highlight=False,
    )
    if report.kept:
        out.print(
            f"{report.kept} address(es) in the file as active had left the list, bounced or "
            "complained and were not made active again; --resubscribe does it, with each "
            "person's consent.",
            highlight=False,
        )
    if report.errors:
        raise typer.Exit(1)


@subscribers_app.command()
@friendly_errors
def export(
    file: Annotated[
        Path | None, typer.Argument(help="CSV file to write. Default: standard output.")
    ] = None,
    status: StatusOption = None,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Write the list as CSV: email, name, status and the time of each change."""
    _check_status(status)
    with _subscribers(config) as people:
        if file is None:
            people.export_csv(sys.stdout, status)
            return
        with file.open("w", encoding="utf-8", newline="") as target:
            count = people.export_csv(target, status)
    err.print(f"Wrote {count} subscribers to {file}", highlight=False)
