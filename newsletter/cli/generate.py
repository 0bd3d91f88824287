"""`newsletter generate`: make one edition and print the run report."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Annotated, Any, NoReturn

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table
from rich.text import Text

from newsletter import pipeline
from newsletter.cli import (
    ConfigOption,
    DateOption,
    OutOption,
    VerboseOption,
    app,
    err,
    fail,
    friendly_errors,
    out,
    parse_day,
    run_job,
    settings_or_exit,
)
from newsletter.cli.check import print_findings
from newsletter.cli.machine import JsonOption, print_json
from newsletter.digest import LLMSetupError
from newsletter.redact import redact
from newsletter.store import StoreError

AllowStaleOption = Annotated[
    bool,
    typer.Option(
        "--allow-stale",
        help="When every source fails, make the edition from the articles stored by earlier "
        "runs instead of failing.",
    ),
]
ExplainOption = Annotated[
    bool,
    typer.Option(
        "--explain-groups",
        help="Print each story made of several articles: its articles and the evidence "
        "(shared names, quotes, alike ledes, copies) that joined them.",
    ),
]
STEP_NAMES = {"gather": "Gathering sources", "digest": "Writing stories", "render": "Rendering"}


@app.command()
@friendly_errors
def generate(
    day: DateOption = None,
    config: ConfigOption = None,
    out_dir: OutOption = None,
    verbose: VerboseOption = False,
    allow_stale: AllowStaleOption = False,
    explain_groups: ExplainOption = False,
    as_json: JsonOption = False,
) -> None:
    """Make the edition for a date: gather, group, digest, render, and write
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

        made = run_job(
            _made_or_why_not(
                pipeline.generate(
                    settings,
                    edition_day,
                    out_dir=out_dir,
                    progress=progress,
                    allow_stale=allow_stale,
                )
            ),
            verbose=verbose,
            run_errors=(StoreError, LLMSetupError),
        )
    if isinstance(made, pipeline.NoArticlesError):
        _no_articles(made, as_json)
    report = made
    if as_json:
        print_json(report)
        return
    print_report(report)
    if explain_groups:
        for line in report.explained or ["No story was made of more than one article."]:
            out.print(line, markup=False, highlight=False)


async def _made_or_why_not(
    job: Coroutine[Any, Any, pipeline.RunReport],
) -> pipeline.RunReport | pipeline.NoArticlesError:
    """The edition's report, or the reason the day had no articles (with what each source
    gave), returned to be printed once the progress bar is gone."""
    try:
        return await job
    except pipeline.NoArticlesError as exc:
        return exc


def _no_articles(exc: pipeline.NoArticlesError, as_json: bool) -> NoReturn:
    """Exit 1 for a day without articles, after what each source gave and why it skipped
    what it skipped (the reasons a reader needs to fix the day)."""
    if exc.report is not None and as_json:
        print_json(exc.report)
    elif exc.report is not None and not isinstance(exc, pipeline.SourcesFailedError):
        print_sources(exc.report)
    raise fail(str(exc), 1)


def print_report(report: pipeline.RunReport) -> None:
    print_sources(report)
    failed = sum(1 for s in report.sources if s.error)
    stored = report.stored
    out.print(
        f"Sources: {len(report.sources) - failed} read, {failed} failed. "
        f"Articles for the day: {report.articles}. Entries read from the sources: "
        f"{stored.new} new, {stored.updated} updated, {stored.unchanged} already stored."
    )
    out.print(f"Stories: {report.stories}, written by the {report.engine} engine.")
    print_grouping(report)
    for line in report.digest.lines() if report.digest else []:
        out.print(redact(line), highlight=False, markup=False)  # titles and replies are data
    for note in report.notes:
        out.print(redact(note), style="dim", markup=False, highlight=False)
    print_findings(report.checks)
    for path in report.files:
        out.print(f"Wrote {path}")


def print_sources(report: pipeline.RunReport) -> None:
    """Each source: how many articles it gave, its error or "ok", and its warnings."""
    table = Table(title=f"Edition {report.date.isoformat()}", title_justify="left")
    table.add_column("source")
    table.add_column("articles", justify="right")
    table.add_column("status")
    for source in report.sources:
        error = redact(source.error) if source.error else None
        status = Text(f"failed: {error}", "red") if error else Text("ok", "green")
        table.add_row(Text(source.label), str(source.articles), status)
        for warning in source.warnings:
            table.add_row("", "", Text(redact(warning), "yellow"))
    out.print(table)


def print_grouping(report: pipeline.RunReport) -> None:
    """How many stories the articles made, and the stories left out as already sent."""
    extra = [f"{report.updates} update(s)"] if report.updates else []
    extra += [f"{report.also_today} in Also today"] if report.also_today else []
    shown = f" ({', '.join(extra)})" if extra else ""
    out.print(f"{report.articles} articles → {report.groups} stories{shown}", highlight=False)
    for left in report.suppressed:
        out.print(
            f"Already sent on {left.sent_on}, left out: {left.headline}",
            markup=False,
            highlight=False,
        )
