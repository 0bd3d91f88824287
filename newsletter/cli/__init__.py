"""The `newsletter` command: parse, call the library, print. No logic of its own.

This module holds the Typer app and what every command shares (options, errors, consoles);
each command lives in a module of its own beside it and registers itself on import.

Exit codes: 0 done, 1 the run failed, 2 usage or configuration error.

`--config` and `--verbose` are accepted before the command name (`newsletter -c FILE send`)
as well as after it; a command's own value wins.
"""

from __future__ import annotations

import asyncio
import functools
import socket
from collections.abc import Callable, Coroutine, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.segment import Segment

from newsletter.config import ConfigError, Settings, config_path, load_settings
from newsletter.redact import redact
from newsletter.store import Store, StoreError

__all__ = [
    "ConfigOption",
    "DateOption",
    "ForceOption",
    "OutOption",
    "VerboseOption",
    "app",
    "chosen_config",
    "err",
    "fail",
    "friendly_errors",
    "is_verbose",
    "listening_socket",
    "main",
    "out",
    "parse_day",
    "run_job",
    "settings_or_exit",
    "store_or_exit",
]

T = TypeVar("T")
NO_CONFIG = (
    "no settings file: there is no newsletter.toml here, and neither --config nor "
    "NEWSLETTER_CONFIG names one; `newsletter init` writes one (or cd to your newsletter's folder)"
)

app = typer.Typer(
    help="Gather the day's articles, digest them with verbatim quotes, and render the email.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)
_UNPRINTABLE = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)])
"""Control characters but tab and newline: what an escape sequence is made of."""


class _PlainConsole(Console):
    """A console that prints none of the control characters of the text it is given: a feed's
    title or a file's name may hold escape sequences that retitle, recolour or clear the
    terminal. Its own colours and progress bars are not text and still work."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment
            if segment.control
            else Segment(segment.text.translate(_UNPRINTABLE), segment.style)
            for segment in buffer
        )


out = _PlainConsole()
err = _PlainConsole(stderr=True)

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
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force", help="Send even though the edition failed its pre-send checks (said so)."
    ),
]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Show the traceback when something fails.")
]


FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2100, 12, 31)


def _show_version(wanted: bool) -> None:
    if wanted:
        out.print(f"newsletter {version('newsletter')}", highlight=False)
        raise typer.Exit()


@app.callback()
def _everywhere(
    config: ConfigOption = None,
    verbose: VerboseOption = False,
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_show_version
        ),
    ] = False,
) -> None:
    """Gather the day's articles, digest them with verbatim quotes, and render the email."""
    _given.update(config=config, verbose=verbose)


_given: dict[str, Any] = {}
"""The global options of this invocation (set by the callback before any command runs)."""


def _before_command(name: str) -> Any:
    """The value of a global option given before the command name, if any."""
    return _given.get(name)


def chosen_config(config: Path | None) -> Path | None:
    """--config, given after the command or before it."""
    return config or _before_command("config")


def is_verbose(verbose: bool) -> bool:
    """--verbose, given after the command or before it."""
    return verbose or bool(_before_command("verbose"))


def fail(message: str, code: int) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(redact(message))}", highlight=False)
    return typer.Exit(code)


@contextmanager
def unexpected_errors(verbose: bool) -> Iterator[None]:
    """Anything unforeseen becomes one line and exit code 1; the traceback only under
    --verbose."""
    try:
        yield
    except (typer.Exit, typer.Abort, typer.BadParameter):
        raise
    except Exception as exc:
        if is_verbose(verbose):
            raise
        raise fail(f"{type(exc).__name__}: {exc} (run with --verbose for details)", 1) from None


def friendly_errors(command: Callable[..., T]) -> Callable[..., T]:
    """Run a command under `unexpected_errors`, honouring its `verbose` parameter."""

    @functools.wraps(command)
    def guarded(*args: Any, **kwargs: Any) -> T:
        with unexpected_errors(kwargs.get("verbose", False)):
            return command(*args, **kwargs)

    return guarded


def run_job(
    job: Coroutine[Any, Any, T],
    *,
    verbose: bool,
    config_errors: tuple[type[Exception], ...] = (),
    run_errors: tuple[type[Exception], ...] = (),
) -> T:
    """Run one async job. Its known errors become one line and exit code 2 (configuration) or
    1 (the run failed); anything else too, with the traceback only under --verbose."""
    with unexpected_errors(verbose):
        try:
            return asyncio.run(job)
        except config_errors as exc:
            raise fail(str(exc), 2) from None
        except run_errors as exc:
            raise fail(str(exc), 1) from None


def store_or_exit(settings: Settings) -> Store:
    """The settings' database, opened (and upgraded); exit 1 with the reason when it cannot be."""
    try:
        return Store.open(settings.database)
    except StoreError as exc:
        raise fail(str(exc), 1) from None


def settings_or_exit(config: Path | None) -> Settings:
    """The settings; exit 2 with one line when there is no settings file or it is unusable."""
    config = chosen_config(config)
    if config_path(config) is None:
        raise fail(NO_CONFIG, 2)
    try:
        return load_settings(config)
    except ConfigError as exc:
        raise fail(str(exc), 2) from None


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket listening on host:port; exit 2 with one line when the port is not a port, or
    is taken, or the address is not this machine's."""
    if not 0 <= port <= 65535:
        raise fail(f"--port {port} is not a port number: use one from 1 to 65535", 2)
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.socket(family, socket.SOCK_STREAM)
    except OSError as exc:
        raise fail(f"cannot listen on {host}: {exc.strerror}; check --host", 2) from None
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise fail(
            f"cannot listen on {host}:{port} ({exc.strerror}); choose another port with --port",
            2,
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def parse_day(value: str | None, settings: Settings, option: str = "--date") -> date:
    """The day an option names (default: today in the newsletter's timezone); exit 2 with one
    line when it is not a date from 1970 to 2100."""
    if value is None:
        return datetime.now(settings.tz).date()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        message = f"{option} {value!r} is not a date; use YYYY-MM-DD, e.g. 2022-02-22"
        raise fail(message, 2) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise fail(f"{option} {value}: use a date from {FIRST_DAY} to {LAST_DAY}", 2)
    return day


def main() -> None:
    app()


# Commands register themselves on the app when imported: one line per command module.
from newsletter.cli import bounces as bounces  # noqa: E402
from newsletter.cli import check as check  # noqa: E402
from newsletter.cli import generate as generate  # noqa: E402
from newsletter.cli import init as init  # noqa: E402
from newsletter.cli import preview as preview  # noqa: E402
from newsletter.cli import quotes as quotes  # noqa: E402
from newsletter.cli import run as run  # noqa: E402
from newsletter.cli import schedule as schedule  # noqa: E402
from newsletter.cli import send as send  # noqa: E402
from newsletter.cli import serve as serve  # noqa: E402
from newsletter.cli import status as status  # noqa: E402
from newsletter.cli import subscribers as subscribers  # noqa: E402
from newsletter.cli import usage as usage  # noqa: E402
