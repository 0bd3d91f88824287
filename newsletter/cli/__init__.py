"""The `newsletter` command: parse, call the library, print. No logic of its own.

This module holds the Typer app and what every command shares (options, errors, consoles);
each command lives in a module of its own beside it and registers itself on import.

Exit codes: 0 done, 1 the run failed, 2 usage or configuration error.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from newsletter.config import ConfigError, Settings, load_settings
from newsletter.redact import redact
from newsletter.store import Store, StoreError

__all__ = [
    "ConfigOption",
    "DateOption",
    "OutOption",
    "VerboseOption",
    "app",
    "err",
    "fail",
    "main",
    "out",
    "parse_day",
    "run_job",
    "settings_or_exit",
    "store_or_exit",
]

T = TypeVar("T")

app = typer.Typer(
    help="Gather the day's articles, digest them with verbatim quotes, and render the email.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
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
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        "-d",
        help="Edition date, YYYY-MM-DD. Default: today, in the newsletter's timezone.",
        show_default=False,
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Output folder. Default: output_dir from the settings.",
        show_default=False,
    ),
]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Show the traceback when something fails.")
]


def fail(message: str, code: int) -> typer.Exit:
    err.print(f"[bold red]error:[/] {redact(message)}", highlight=False)
    return typer.Exit(code)


def run_job(
    job: Coroutine[Any, Any, T],
    *,
    verbose: bool,
    config_errors: tuple[type[Exception], ...] = (),
    run_errors: tuple[type[Exception], ...] = (),
) -> T:
    """Run one async job. Its known errors become one line and exit code 2 (configuration) or
    1 (the run failed); anything else too, with the traceback only under --verbose."""
    try:
        return asyncio.run(job)
    except config_errors as exc:
        raise fail(str(exc), 2) from None
    except run_errors as exc:
        raise fail(str(exc), 1) from None
    except Exception as exc:
        if verbose:
            raise
        raise fail(f"{type(exc).__name__}: {exc} (run with --verbose for details)", 1) from None


def store_or_exit(settings: Settings) -> Store:
    """The settings' database, opened (and upgraded); exit 1 with the reason when it cannot be."""
    try:
        return Store.open(settings.database)
    except StoreError as exc:
        raise fail(str(exc), 1) from None


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


def main() -> None:
    app()


# Commands register themselves on the app when imported: one line per command module.
from newsletter.cli import check as check  # noqa: E402
from newsletter.cli import generate as generate  # noqa: E402
from newsletter.cli import preview as preview  # noqa: E402
from newsletter.cli import quotes as quotes  # noqa: E402
from newsletter.cli import run as run  # noqa: E402
from newsletter.cli import schedule as schedule  # noqa: E402
from newsletter.cli import send as send  # noqa: E402
from newsletter.cli import serve as serve  # noqa: E402
from newsletter.cli import status as status  # noqa: E402
from newsletter.cli import subscribers as subscribers  # noqa: E402
from newsletter.cli import usage as usage  # noqa: E402
