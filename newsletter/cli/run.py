"""`newsletter run`: the whole day once (gather, digest, render, check, send), for cron."""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from typing import Annotated

import typer

from newsletter import runs
from newsletter.cli import (
    ConfigOption,
    ForceOption,
    VerboseOption,
    app,
    fail,
    friendly_errors,
    is_verbose,
    out,
    parse_day,
    settings_or_exit,
)
from newsletter.cli.generate import AllowStaleOption
from newsletter.cli.machine import JsonOption, print_json
from newsletter.redact import RedactingFilter
from newsletter.schedule import DailyPlan
from newsletter.store import StoreError

EXIT_CODES = {"sent": 0, "late": 0, "skipped": 0, "interrupted": 0, "failed": 1}


def log_to_stderr(verbose: bool = False) -> None:
    """Structured log lines on standard error, for journald or cron mail."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactingFilter())
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)


def stop_on_signals(stop: threading.Event) -> None:
    """SIGINT and SIGTERM ask the run to stop at its next checkpoint."""

    def handler(signum: int, _frame: object) -> None:
        logging.getLogger("newsletter").warning(
            "signal name=%s action=stopping at the next checkpoint", signal.Signals(signum).name
        )
        stop.set()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


@app.command()
@friendly_errors
def run(
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            help="Edition date, YYYY-MM-DD. Default: the edition due now (schedule.covers).",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    config: ConfigOption = None,
    allow_stale: AllowStaleOption = False,
    verbose: VerboseOption = False,
    as_json: JsonOption = False,
) -> None:
    """Run the whole day once: gather, digest, render, check and send the edition of a date.
    Safe to repeat: a date already sent, or being sent, is left alone; a missed, failed or
    interrupted one is run again and only recipients still waiting get it. An edition that
    fails its pre-send checks is not sent unless --force."""
    settings = settings_or_exit(config)
    log_to_stderr(is_verbose(verbose))
    if day is None:
        plan = DailyPlan.from_settings(settings)
        edition_day = plan.edition_day(runs.utcnow().astimezone(plan.tz))
    else:
        edition_day = parse_day(day, settings)
    stop = threading.Event()
    stop_on_signals(stop)
    try:
        result = asyncio.run(
            runs.run_day(
                settings,
                edition_day,
                trigger="manual",
                stop=stop,
                allow_stale=allow_stale,
                force=force,
            )
        )
    except StoreError as exc:
        raise fail(str(exc), 1) from None
    if as_json:
        print_json(result)
        raise typer.Exit(EXIT_CODES[result.status])
    counts = (
        f"{result.sent} message(s) sent by this run"
        + (f", {result.already} recipient(s) had it already" if result.already else "")
        + f", {result.failed} failed"
    )
    message = {
        "sent": f"sent: {counts}",
        "late": f"sent late: {counts}",
        "skipped": f"nothing to do: {result.detail}",
        "interrupted": "interrupted; run it again to finish (only those waiting get it)",
        "failed": f"failed: {result.detail}",
    }[result.status]
    out.print(f"Edition {edition_day}: {message}", highlight=False, markup=False)
    if result.status in ("sent", "late") and result.detail:
        out.print(result.detail, style="yellow", highlight=False, markup=False)
    raise typer.Exit(EXIT_CODES[result.status])
