"""`newsletter init`: the settings files of a new newsletter, never over existing ones."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newsletter.cli import (
    VerboseOption,
    app,
    friendly_errors,
    out,
)
from newsletter.config.starter import write_starter


@app.command()
@friendly_errors
def init(
    folder: Annotated[
        Path, typer.Argument(help="Where to write the files. Default: this folder.")
    ] = Path("."),
    name: Annotated[
        str, typer.Option("--name", help="The newsletter's name, shown in the email.")
    ] = "The Daily Brief",
    verbose: VerboseOption = False,
) -> None:
    """Start a new newsletter: write a commented newsletter.toml and a .env holding a newly
    generated secret, and an empty articles folder. Files that exist are kept as they are."""
    made = write_starter(folder, name)
    for path in made.written:
        out.print(f"Wrote {path}", highlight=False)
    for path in made.kept:
        out.print(f"Kept {path} as it is (it exists already)", highlight=False)
    where = "" if folder.resolve() == Path.cwd() else f"cd {folder} && "
    out.print(
        f"Next: put a few articles in {folder / 'articles'} (or add a feed to newsletter.toml), "
        f"then `{where}newsletter generate`. Run the commands from this folder: the .env file "
        "is read from the working directory.",
        highlight=False,
    )
