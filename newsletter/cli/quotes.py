"""`newsletter quotes`: the direct quotes of one article file, read as the folder source
reads it (a `.txt` file's kicker and title lines, a `.md` file's front matter, a web page's
main text, a `.json` Article's `text`), so the quotes are those an edition would find."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

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

_FORMATS = ("txt", "md", "html", "json")


@app.command()
@friendly_errors
def quotes(
    path: Annotated[
        str,
        typer.Argument(help="A .txt, .md, .html or .json article file, or - for standard input."),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON array instead of a table.")
    ] = False,
    file_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Read the input as txt, md, html or json (default: the file's extension; "
            "txt for standard input).",
        ),
    ] = None,
    verbose: VerboseOption = False,
) -> None:
    """List the direct quotes in an article, with their speakers and character offsets.

    Offsets index the article's text as the folder source reads it: the body without the
    title (and kicker) lines."""
    from newsletter import quotes as finder
    from newsletter.gather.extract import decode
    from newsletter.gather.folder import ArticleFileError, article_fields

    name = "standard input" if path == "-" else path
    kind = (file_format or ("txt" if path == "-" else Path(path).suffix.lstrip("."))).lower()
    if kind == "htm":
        kind = "html"
    if kind not in _FORMATS:
        raise fail(
            f"cannot read {name}: unknown kind {kind!r}; give a .txt, .md, .html or .json file, "
            "or say which with --format",
            2,
        )
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise fail(f"cannot read {name}: {exc.strerror}", 2) from None
    decoded, warning = decode(data)
    if warning:
        err.print(f"warning: {name}: {warning}", markup=False)
    try:
        text = article_fields(decoded, "." + kind).get("text")
    except ArticleFileError as exc:
        raise fail(f"cannot read {name}: {exc}", 2) from None
    if not isinstance(text, str) or not text.strip():
        raise fail(f"cannot read {name}: the article has no text", 2)
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
        unsure = q.confidence < finder.MIN_CONFIDENCE  # found, but not meant to be printed
        table.add_row(speaker, Text(q.text), f"{q.confidence:.2f}", style="dim" if unsure else "")
    out.print(table)
