"""`newsletter check`: the pre-send checks of an edition already written to the output folder."""

from __future__ import annotations

import typer
from rich.table import Table
from rich.text import Text

from newsletter.checks import (
    Finding,
    WrittenFileError,
    check_email,
    errors,
    html_bytes,
    read_written,
)
from newsletter.cli import (
    ConfigOption,
    DateOption,
    OutOption,
    VerboseOption,
    app,
    fail,
    friendly_errors,
    out,
    parse_day,
    settings_or_exit,
)

LEVEL_STYLES = {"error": "bold red", "warning": "yellow"}


def print_findings(findings: list[Finding], *, html_size: int | None = None) -> None:
    """The findings as a table and a one-line verdict (also for `generate`'s report)."""
    size = f" (HTML {html_size / 1024:.1f} KB)" if html_size is not None else ""
    if not findings:
        out.print(f"[green]All pre-send checks passed[/]{size}.", highlight=False)
        return
    table = Table(title="Pre-send checks", title_justify="left")
    table.add_column("level")
    table.add_column("check")
    table.add_column("finding")
    for finding in findings:
        style = LEVEL_STYLES[finding.level]
        table.add_row(Text(finding.level, style), finding.code, Text(finding.message))
    out.print(table)
    bad = len(errors(findings))
    verdict = "[bold red]do not send[/]" if bad else "[green]can be sent[/]"
    out.print(
        f"{bad} error(s), {len(findings) - bad} warning(s){size}: {verdict}.", highlight=False
    )


@app.command()
@friendly_errors
def check(
    day: DateOption = None,
    config: ConfigOption = None,
    out_dir: OutOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Check a written edition before sending: size against Gmail's clip limit, the text
    part, links, code that could run, image alt text, the unsubscribe link, subject,
    preheader, leftover template syntax and stories without a link. Exit 1 when any check
    finds an error; warnings do not fail."""
    settings = settings_or_exit(config)
    edition_day = parse_day(day, settings)
    folder = (out_dir or settings.output_dir) / edition_day.isoformat()
    try:
        edition, email = read_written(folder)
    except FileNotFoundError as exc:
        raise fail(
            f"{exc.filename} not found: run `newsletter generate --date {edition_day}` first",
            1,
        ) from None
    except WrittenFileError as exc:
        raise fail(str(exc), 1) from None
    findings = check_email(email, edition=edition)
    print_findings(findings, html_size=html_bytes(email))
    if errors(findings):
        raise typer.Exit(1)
