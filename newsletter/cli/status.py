"""`newsletter status`: the schedule, the last editions with their outcome, source health and
the alerts that are on."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import sqlalchemy as sa
import typer
from rich.table import Table
from rich.text import Text

from newsletter.cli import (
    ConfigOption,
    VerboseOption,
    app,
    friendly_errors,
    out,
    settings_or_exit,
    store_or_exit,
)
from newsletter.cli.machine import JsonOption, print_json
from newsletter.schedule import EDITION_JOB, DailyPlan
from newsletter.store import Store, schedule_jobs

BY_HAND = {
    "generated": "made with `generate`, not sent",
    "sent by hand": "made with `generate`, sent with `send`",
}
OUTCOME_STYLES = {
    "sent": "green",
    "late": "yellow",
    "missed": "red",
    "failed": "red",
    "running": "cyan",
    "interrupted": "yellow",
}


def _stored_next_run(store: Store) -> datetime | None:
    """When the running (or last) scheduler will fire the edition job, from its job store."""
    query = sa.select(schedule_jobs.c.next_run_time).where(schedule_jobs.c.id == EDITION_JOB)
    with store.engine.connect() as connection:
        stamp = connection.execute(query).scalar()
    return datetime.fromtimestamp(stamp, UTC) if stamp is not None else None


def _when(moment: datetime | None, plan: DailyPlan, form: str = "%m-%d %H:%M") -> str:
    return f"{moment.astimezone(plan.tz):{form}}" if moment else "-"


@app.command()
@friendly_errors
def status(
    config: ConfigOption = None,
    last: Annotated[int, typer.Option("--last", "-n", help="How many editions to list.")] = 7,
    verbose: VerboseOption = False,
    as_json: JsonOption = False,
) -> None:
    """Next run time, the last editions (sent, late, missed, failed, with counts), source
    health, and the alerts that are on."""
    settings = settings_or_exit(config)
    plan = DailyPlan.from_settings(settings)
    store = store_or_exit(settings)
    try:
        now = datetime.now(UTC)
        next_send = _stored_next_run(store) or plan.next_send(now)
        holder = store.lease_holder("scheduler")
        runs = sorted(store.edition_runs(last) + store.editions_by_hand(last),
                      key=lambda run: run.date, reverse=True)[:last]  # fmt: skip
        health = store.source_health()
        alerts = store.active_alerts()
    finally:
        store.close()

    if as_json:
        print_json(
            {
                "schedule": {
                    "at": f"{plan.at:%H:%M}",
                    "timezone": plan.timezone,
                    "grace_seconds": int(plan.grace.total_seconds()),
                    "covers": plan.covers,
                    "next_run": next_send,
                    "next_edition": plan.edition_day(next_send),
                },
                "scheduler": {"owner": holder[0], "last_seen": holder[1]} if holder else None,
                "editions": runs,
                "sources": health,
                "alerts": [{"key": key, "message": text} for key, text in alerts.items()],
            }
        )
        return
    out.print(
        f"Schedule: {plan.at:%H:%M} {plan.timezone}, grace {plan.grace}, edition covers "
        f"{plan.covers}. Next run: {_when(next_send, plan, '%Y-%m-%d %H:%M %Z')} "
        f"(edition of {plan.edition_day(next_send)}).",
        highlight=False,
    )
    if holder:
        seen = int((now - holder[1]).total_seconds())
        out.print(f"Scheduler: {holder[0]}, last seen {seen} s ago.", highlight=False)
    else:
        out.print("Scheduler: not running (start it with `newsletter schedule`).")

    table = Table(title=f"Editions (times in {plan.timezone})", title_justify="left")
    for column in (
        "date",
        "outcome",
        "due",
        "finished",
        "sent",
        "failed",
        "articles",
        "stories",
        "note",
    ):
        numeric = column in ("sent", "failed", "articles", "stories")
        table.add_column(column, justify="right" if numeric else "left", no_wrap=column != "note")
    for run in runs:
        note = run.error or BY_HAND.get(run.status) or ("run by hand" if run.trigger == "manual"
                                                         else "")
        table.add_row(
            str(run.date),
            Text(run.status, OUTCOME_STYLES.get(run.status, "")),
            _when(run.scheduled_for, plan),
            _when(run.finished, plan),
            str(run.sent),
            str(run.failed),
            "-" if run.status in BY_HAND else str(run.articles),
            str(run.stories),
            Text(note),
        )
    out.print(table if runs else "No edition has run yet.")

    sources = Table(title="Sources", title_justify="left")
    for column in ("source", "last success", "failures in a row", "articles", "last error"):
        sources.add_column(column, no_wrap=column == "last success")
    for source in health:
        failing = source.consecutive_failures
        sources.add_row(
            Text(source.label),
            _when(source.last_success, plan),
            Text(str(failing), "red" if failing else "green"),
            str(source.last_articles),
            Text(source.last_error or "" if failing else ""),
        )
    out.print(sources if health else "No source has been gathered yet.")
    for key, message in alerts.items():
        out.print(Text(f"Alert on: {key}: {message}", "bold red"))
