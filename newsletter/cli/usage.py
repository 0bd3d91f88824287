"""`newsletter usage`: LLM calls, tokens and cost from the call log."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from newsletter.cli import (
    ConfigOption,
    VerboseOption,
    app,
    friendly_errors,
    out,
    parse_day,
    settings_or_exit,
    store_or_exit,
)


@app.command()
@friendly_errors
def usage(
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            help="Only the calls made for this edition, YYYY-MM-DD.",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only the calls made on or after this day (UTC), YYYY-MM-DD.",
            show_default=False,
        ),
    ] = None,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """LLM calls, tokens and estimated cost, by model, from the call log."""
    settings = settings_or_exit(config)
    edition_day = parse_day(day, settings) if day else None
    since_day = parse_day(since, settings, "--since") if since else None
    store = store_or_exit(settings)
    try:
        rows = store.usage(edition_date=edition_day, since=since_day)
    finally:
        store.close()
    table = Table(title="LLM usage", title_justify="left")
    for column in ("model", "calls", "failed", "tokens in", "tokens out", "cost"):
        table.add_column(column, justify="left" if column == "model" else "right")
    for row in rows:
        cost = "unknown" if row.cost is None else f"${row.cost:.4f}"
        table.add_row(
            row.model,
            str(row.calls),
            str(row.failed),
            str(row.tokens_in),
            str(row.tokens_out),
            cost,
        )
    out.print(table)
    if not rows:
        out.print("No LLM calls logged for that period.")
