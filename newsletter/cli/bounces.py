"""`newsletter bounces`: read delivery-status and complaint reports from a mailbox, update the
list, and print what was done."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from newsletter.cli import ConfigOption, app, err, fail, out, settings_or_exit, store_or_exit
from newsletter.cli.machine import JsonOption, print_json
from newsletter.deliver.bounces import BounceError, read_bounces


@app.command()
def bounces(
    mailbox: Annotated[
        Path | None,
        typer.Argument(
            help="Maildir folder or mbox file. Default: bounces.mailbox from the settings.",
            show_default=False,
        ),
    ] = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Read bounces (RFC 3464) and complaints (ARF) from a Maildir or mbox: hard bounces and
    complaints take the address off the list at once, soft bounces after bounces.soft_limit
    editions in a row. Reading the same mail again changes nothing."""
    settings = settings_or_exit(config)
    path = mailbox or settings.bounces.mailbox
    if path is None:
        raise fail("no mailbox: give its path, or set bounces.mailbox in newsletter.toml", 2)
    store = store_or_exit(settings)
    try:
        report = read_bounces(store, path, settings.bounces.soft_limit)
    except BounceError as exc:
        raise fail(str(exc), 2) from None
    finally:
        store.close()
    if as_json:
        print_json(report)
        return
    for problem in report.unreadable:
        err.print(f"{path}: {problem}", markup=False, highlight=False)
    if report.outcomes:
        table = Table("kind", "email", "action", "detail", title="Reports", title_justify="left")
        for outcome in report.outcomes:
            table.add_row(outcome.kind, outcome.email or "?", outcome.action, outcome.detail)
        out.print(table)
    out.print(
        f"Read {report.messages} mail(s): {report.count('marked bounced')} marked bounced, "
        f"{report.count('marked complained')} marked complained, "
        f"{report.count('counted')} soft bounce(s) counted, {report.count('already read')} "
        f"already read, {report.ignored} not a bounce.",
        highlight=False,
    )
