"""`newsletter quotes`: the direct quotes of article files, each read as the folder source
reads it (a `.txt` file's kicker and title lines, a `.md` file's front matter, a web page's
main text, a `.json` Article's `text`), so the quotes are those an edition would find."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from newsletter.cli import (
    VerboseOption,
    app,
    err,
    fail,
    friendly_errors,
    out,
)

if TYPE_CHECKING:
    from newsletter.models import Quote

_FORMATS = ("txt", "md", "html", "json")


class _Unreadable(Exception):
    """An article file that gives no text, with the reason."""


def _article_text(path: str, file_format: str | None) -> str:
    """The text of the article at `path` ("-": standard input) as the folder source reads
    it. Raises `_Unreadable`."""
    from newsletter.gather.extract import decode
    from newsletter.gather.folder import MAX_FILE_BYTES, ArticleFileError, checked_fields

    name = "standard input" if path == "-" else path
    if path != "-" and Path(path).is_dir():
        raise _Unreadable(f"cannot read {name}: it is a folder; give its article files")
    if path != "-" and Path(path).exists() and not Path(path).is_file():
        raise _Unreadable(f"cannot read {name}: it is not a file (a device or a pipe)")
    kind = (file_format or ("txt" if path == "-" else Path(path).suffix)).lstrip(".").lower()
    if kind == "htm":
        kind = "html"
    if kind not in _FORMATS:
        raise _Unreadable(
            f"cannot read {name}: unknown kind {kind!r}; give a .txt, .md, .html or .json file, "
            "or say which with --format"
        )
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            with Path(path).open("rb") as file:
                data = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _Unreadable(f"cannot read {name}: {exc.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise _Unreadable(
            f"cannot read {name}: it is over the {MAX_FILE_BYTES:,} byte limit of an article"
        )
    decoded, warning = decode(data)
    if warning:
        err.print(f"warning: {name}: {warning}", markup=False)
    try:
        text = checked_fields(decoded, "." + kind)["text"]
    except ArticleFileError as exc:
        raise _Unreadable(f"cannot read {name}: {exc}") from None
    if not isinstance(text, str):
        raise _Unreadable(f"cannot read {name}: its text is not a string")
    return text


def _table(found: list[Quote], title: str | None) -> Table:
    from newsletter.quotes import MIN_CONFIDENCE

    table = Table(title=Text(title) if title else None, title_justify="left")
    table.add_column("speaker")
    table.add_column("quote", overflow="fold")
    table.add_column("confidence", justify="right")
    for q in found:
        speaker = Text(q.speaker) if q.speaker else Text("unknown", "dim")
        unsure = q.confidence < MIN_CONFIDENCE  # found, but not meant to be printed
        table.add_row(speaker, Text(q.text), f"{q.confidence:.2f}", style="dim" if unsure else "")
    return table


@app.command()
@friendly_errors
def quotes(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="One or more .txt, .md, .html or .json article files, or - for standard input.",
            metavar="FILE",
            show_default=False,
        ),
    ],
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print JSON instead of tables: the quotes' array for one file, an array of "
            '{"file", "quotes"} for several.',
        ),
    ] = False,
    file_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Read the input as txt, md, html or json (default: each file's extension; "
            "txt for standard input).",
        ),
    ] = None,
    verbose: VerboseOption = False,
) -> None:
    """List the direct quotes in article files, with their speakers and character offsets.

    Offsets index the article's text as the folder source reads it: the body without the
    title (and kicker) lines. A file that cannot be read is reported and the others are
    still listed (exit code 2)."""
    from newsletter import quotes as finder

    listed: list[tuple[str, list[Quote]]] = []
    failed: typer.Exit | None = None  # raised once the readable files are listed
    for path in paths:
        try:
            text = _article_text(path, file_format)
        except _Unreadable as exc:
            failed = fail(str(exc), 2)
            continue
        if len(text) > finder.MAX_TEXT:
            err.print(
                f"note: {path}: quotes are looked for in its first {finder.MAX_TEXT:,} "
                f"characters only (it has {len(text):,})",
                markup=False,
            )
        found = finder.find(text)
        if len(found) >= finder.MAX_QUOTES:
            err.print(
                f"note: {path}: only its first {finder.MAX_QUOTES:,} quotes are listed",
                markup=False,
            )
        listed.append((path, found))
    several = len(paths) > 1
    if as_json:
        shown = [{"file": p, "quotes": [q.model_dump() for q in f]} for p, f in listed]
        one = shown[0]["quotes"] if shown else []  # [] when the one file is unreadable
        sys.stdout.write(json.dumps(shown if several else one, ensure_ascii=False, indent=2) + "\n")
    else:
        for path, found in listed:
            out.print(_table(found, path if several else None))
    if failed:
        raise failed
