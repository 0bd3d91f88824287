"""`newsletter schedule`: the long-running daily scheduler (for systemd)."""

from __future__ import annotations

import signal

import typer

from newsletter.cli import (
    ConfigOption,
    VerboseOption,
    app,
    fail,
    friendly_errors,
    is_verbose,
    settings_or_exit,
)
from newsletter.cli.run import log_to_stderr
from newsletter.schedule import EditionScheduler
from newsletter.store import StoreError


@app.command()
@friendly_errors
def schedule(config: ConfigOption = None, verbose: VerboseOption = False) -> None:
    """Send the edition every day at schedule.time (in schedule.timezone), once per date.
    SIGINT or SIGTERM stop it cleanly (exit 0); the next start resumes an interrupted send."""
    settings = settings_or_exit(config)
    log_to_stderr(is_verbose(verbose))
    try:
        scheduler = EditionScheduler(settings)
    except StoreError as exc:
        raise fail(str(exc), 1) from None

    def handler(_signum: int, _frame: object) -> None:
        scheduler.stop()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    scheduler.serve()
    raise typer.Exit(0)
