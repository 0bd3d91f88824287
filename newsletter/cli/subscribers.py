"""`newsletter subscribers`: add, remove, list, import and export the subscriber list."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from newsletter.cli import ConfigOption, app, err, fail, out, settings_or_exit, store_or_exit
from newsletter.cli.machine import JsonOption, print_json
from newsletter.deliver.subscribers import (
    ACTIVE,
    BOUNCED,
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

StatusOption = Annotated[
    str | None,
    typer.Option("--status", help=f"Only this status: {ACTIVE}, {UNSUBSCRIBED} or {BOUNCED}."),
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
    if status not in (None, ACTIVE, UNSUBSCRIBED, BOUNCED):
        raise fail(f"--status {status!r}: use {ACTIVE}, {UNSUBSCRIBED} or {BOUNCED}", 2)


@subscribers_app.command()
def add(
    email: Annotated[str, typer.Argument(help="The email address.")],
    name: Annotated[str | None, typer.Option("--name", help="The person's name.")] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Make an unsubscribed or bounced address active again (consent)."
        ),
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Add an address to the list (checked for syntax, no network)."""
    with _subscribers(config) as people:
        address, outcome = people.add(email, name, force=force)
    messages = {"added": "Added", "updated": "Updated", "unchanged": "Already subscribed:"}
    out.print(f"{messages[outcome]} {address}", highlight=False)


@subscribers_app.command()
def remove(
    email: Annotated[str, typer.Argument(help="The email address.")],
    config: ConfigOption = None,
) -> None:
    """Take an address off the list (it is kept as unsubscribed, so it is not re-added by
    mistake)."""
    with _subscribers(config) as people:
        found = people.remove(email)
    out.print(f"Unsubscribed {found.email}", highlight=False)


@subscribers_app.command("list")
def list_(
    status: StatusOption = None, config: ConfigOption = None, as_json: JsonOption = False
) -> None:
    """Show the subscribers and their status."""
    _check_status(status)
    if as_json:
        with _subscribers(config) as people:
            print_json({"subscribers": list(people.iterate(status)), "counts": people.counts()})
        return
    table = Table("email", "name", "status", "since")
    with _subscribers(config) as people:
        for s in people.iterate(status):
            since = {UNSUBSCRIBED: s.unsubscribed_at, BOUNCED: s.bounced_at}.get(s.status)
            stamp = since or s.subscribed_at
            table.add_row(s.email, s.name or "", s.status, f"{stamp:%Y-%m-%d %H:%M} UTC")
        counts = people.counts()
    out.print(table)
    out.print(", ".join(f"{n} {state}" for state, n in counts.items()), highlight=False)


@subscribers_app.command()
def history(
    email: Annotated[str, typer.Argument(help="The email address.")],
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every change of an address's status: when, to what, and from where (form, import,
    operator, unsubscribe-link, bounce)."""
    with _subscribers(config) as people:
        found = people.get(email)
        if found is None:
            raise fail(f"{email.strip()} is not on the list", 1)
        changes = people.history(found.id)
    if as_json:
        print_json({"email": found.email, "status": found.status, "history": changes})
        return
    table = Table("time", "status", "origin", "detail", title=found.email, title_justify="left")
    for change in changes:
        stamp = f"{change.time:%Y-%m-%d %H:%M} UTC"
        table.add_row(stamp, change.status, change.origin, change.detail or "")
    out.print(table)


@subscribers_app.command("import")
def import_(
    file: Annotated[
        Path, typer.Argument(help="CSV file with a header row: email, and optionally name.")
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Make unsubscribed or bounced addresses active again.")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Import addresses from a CSV file. Good rows are imported; bad ones are listed by line
    number (exit code 1 when there are any)."""
    try:
        source = file.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise fail(f"cannot read {file}: {exc.strerror}", 2) from None
    with source, _subscribers(config) as people:
        try:
            report = people.import_csv(source, force=force)
        except UnicodeDecodeError as exc:
            message = f"{file} is not UTF-8 text ({exc.reason}); save it as UTF-8 CSV"
            raise fail(message, 2) from None
    for line in report.errors:
        err.print(f"{file}: {line}", highlight=False, markup=False)
    out.print(
        f"Imported {report.added} new, {report.updated} updated, {report.unchanged} unchanged, "
        f"{len(report.errors)} rejected.",
        highlight=False,
    )
    if report.errors:
        raise typer.Exit(1)


@subscribers_app.command()
def export(
    file: Annotated[
        Path | None, typer.Argument(help="CSV file to write. Default: standard output.")
    ] = None,
    status: StatusOption = None,
    config: ConfigOption = None,
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
