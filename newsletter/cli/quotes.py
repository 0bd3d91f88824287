"""`newsletter quotes`: the direct quotes of one article file."""

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


@app.command()
@friendly_errors
def quotes(
    path: Annotated[
        str, typer.Argument(help="A .txt, .md or .html file, or - for standard input.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON array instead of a table.")
    ] = False,
    verbose: VerboseOption = False,
) -> None:
    """List the direct quotes in an article, with their speakers and character offsets."""
    from newsletter import quotes as finder
    from newsletter.gather.extract import decode, extract_html

    file = Path(path)
    try:
        data = sys.stdin.buffer.read() if path == "-" else file.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read {file}: {exc.strerror}", 2) from None
    text, warning = decode(data)  # newlines are kept, so offsets index the text as read
    if warning:
        err.print(f"warning: {'standard input' if path == '-' else file}: {warning}", markup=False)
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
