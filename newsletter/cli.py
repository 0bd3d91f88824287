"""The `newsletter` command: parse, call the pipeline, print. No logic of its own.

Exit codes: 0 done, 1 the run failed, 2 usage or configuration error.
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table
from rich.text import Text

from newsletter import pipeline
from newsletter.config import ConfigError, Settings, load_settings
from newsletter.digest import LLMSetupError
from newsletter.store import Store, StoreError

__all__ = ["app", "main"]

app = typer.Typer(
    help="Gather the day's articles, digest them with verbatim quotes, and render the email.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="Settings file (TOML). Default: $NEWSLETTER_CONFIG, else ./newsletter.toml.",
        show_default=False,
    ),
]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Show the traceback when something fails.")
]

STEP_NAMES = {"gather": "Gathering sources", "digest": "Writing stories", "render": "Rendering"}


def fail(message: str, code: int) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def settings_or_exit(config: Path | None) -> Settings:
    try:
        return load_settings(config)
    except ConfigError as exc:
        raise fail(str(exc), 2) from None


def parse_day(value: str | None, settings: Settings) -> date:
    if value is None:
        return datetime.now(settings.tz).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"--date {value!r} is not a date; use YYYY-MM-DD, e.g. 2022-02-22", 2) from None


@app.command()
def generate(
    day: Annotated[
        str | None,
        typer.Option("--date", "-d", help="Edition date, YYYY-MM-DD. Default: today, in the "
                     "newsletter's timezone.", show_default=False),
    ] = None,
    config: ConfigOption = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Output folder. Default: output_dir from the settings.",
                     show_default=False),
    ] = None,
    verbose: VerboseOption = False,
) -> None:
    """Make the edition for a date: gather, digest, render, and write
    OUT/YYYY-MM-DD/{email.html, email.txt, edition.json}."""
    settings = settings_or_exit(config)
    edition_day = parse_day(day, settings)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    ) as bar:
        tasks: dict[str, int] = {}

        def progress(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(STEP_NAMES.get(step, step), total=total)
            bar.update(tasks[step], completed=done, total=total)

        try:
            report = asyncio.run(
                pipeline.generate(settings, edition_day, out_dir=out_dir, progress=progress)
            )
        except pipeline.NoArticlesError as exc:
            raise fail(str(exc), 1) from None
        except (StoreError, LLMSetupError) as exc:
            raise fail(str(exc), 1) from None
        except Exception as exc:
            if verbose:
                raise
            raise fail(f"{type(exc).__name__}: {exc} (run with --verbose for details)", 1) from None
    print_report(report)


def print_report(report: pipeline.RunReport) -> None:
    table = Table(title=f"Edition {report.date.isoformat()}", title_justify="left")
    table.add_column("source")
    table.add_column("articles", justify="right")
    table.add_column("status")
    for source in report.sources:
        status = Text(f"failed: {source.error}", "red") if source.error else Text("ok", "green")
        table.add_row(Text(source.label), str(source.articles), status)
        for warning in source.warnings:
            table.add_row("", "", Text(warning, "yellow"))
    out.print(table)
    failed = sum(1 for s in report.sources if s.error)
    stored = report.stored
    out.print(
        f"Sources: {len(report.sources) - failed} read, {failed} failed. "
        f"Articles for the day: {report.articles} "
        f"({stored.new} new, {stored.updated} updated, {stored.unchanged} already stored)."
    )
    out.print(f"Stories: {report.stories}, written by the {report.engine} engine.")
    for line in report.digest.lines() if report.digest else []:
        out.print(line, highlight=False)
    for note in report.notes:
        out.print(note, style="dim", markup=False, highlight=False)
    for path in report.files:
        out.print(f"Wrote {path}")


@app.command()
def usage(
    day: Annotated[
        str | None,
        typer.Option("--date", "-d", help="Only the calls made for this edition, YYYY-MM-DD.",
                     show_default=False),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only the calls made on or after this day (UTC), YYYY-MM-DD.",
                     show_default=False),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """LLM calls, tokens and estimated cost, by model, from the call log."""
    settings = settings_or_exit(config)
    edition_day = parse_day(day, settings) if day else None
    since_day = parse_day(since, settings) if since else None
    try:
        store = Store.open(settings.database)
    except StoreError as exc:
        raise fail(str(exc), 1) from None
    try:
        rows = store.usage(edition_date=edition_day, since=since_day)
    finally:
        store.close()
    table = Table(title="LLM usage", title_justify="left")
    for column in ("model", "calls", "failed", "tokens in", "tokens out", "cost"):
        table.add_column(column, justify="left" if column == "model" else "right")
    for row in rows:
        cost = "unknown" if row.cost is None else f"${row.cost:.4f}"
        table.add_row(row.model, str(row.calls), str(row.failed), str(row.tokens_in),
                      str(row.tokens_out), cost)
    out.print(table)
    if not rows:
        out.print("No LLM calls logged for that period.")


@app.command()
def quotes(
    path: Annotated[
        str, typer.Argument(help="A .txt, .md or .html file, or - for standard input.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON array instead of a table.")
    ] = False,
) -> None:
    """List the direct quotes in an article, with their speakers and character offsets."""
    from newsletter import quotes as finder
    from newsletter.gather.extract import decode, extract_html

    if path == "-":
        text = sys.stdin.read()
    else:
        file = Path(path)
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise fail(f"cannot read {file}: {exc.strerror}", 2) from None
        text, warning = decode(data)
        if warning:
            err.print(f"[yellow]warning:[/] {file}: {warning}")
        if file.suffix.lower() in (".html", ".htm"):
            text = extract_html(text).text
    found = finder.find(text)
    if as_json:
        sys.stdout.write(
            json.dumps([q.model_dump() for q in found], ensure_ascii=False, indent=2) + "\n"
        )
        return
    table = Table()
    table.add_column("speaker")
    table.add_column("quote", overflow="fold")
    table.add_column("confidence", justify="right")
    for q in found:
        speaker = Text(q.speaker) if q.speaker else Text("unknown", "dim")
        table.add_row(speaker, Text(q.text), f"{q.confidence:.2f}")
    out.print(table)


def main() -> None:
    app()
