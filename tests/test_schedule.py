"""The scheduler: DST-correct send times, once per date, gathers during the day, misfires and
the grace window, two schedulers on one database. APScheduler runs for real; the edition's
clock is injected."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED
from apscheduler.triggers.base import BaseTrigger

from newsletter.gather import DayWindow
from newsletter.schedule import DailyPlan, EditionScheduler
from newsletter.store import SourceHealth, Store
from tests.test_schedule_support import (
    ZONE,
    LocalHttp,
    mailbox,  # noqa: F401  (fixture)
    newsletter_config,
    settings_from,
    subscribe,
    wait_for,
)

NEW_YORK = ZoneInfo(ZONE)


# -- DST ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "start", "offsets"),
    [
        ("America/New_York", date(2026, 3, 6), [-5, -4, -4, -4]),  # clocks jump on 8 March
        ("America/New_York", date(2026, 10, 30), [-4, -5, -5, -5]),  # fall back on 1 November
        ("Europe/Paris", date(2026, 3, 27), [1, 2, 2, 2]),  # 29 March
        ("Europe/Paris", date(2026, 10, 23), [2, 1, 1, 1]),  # 25 October
    ],
)
def test_next_runs_stay_at_seven_local_across_dst(zone, start, offsets) -> None:
    plan = DailyPlan(at=time(7), timezone=zone, grace=timedelta(hours=2))
    tz = ZoneInfo(zone)
    moment = datetime.combine(start, time(12), tzinfo=tz)
    fires = []
    for _ in offsets:
        moment = plan.trigger().get_next_fire_time(fires[-1] if fires else None, moment)
        fires.append(moment)
    assert [f.astimezone(tz).time() for f in fires] == [time(7)] * 4
    assert [f.astimezone(tz).utcoffset() for f in fires] == [timedelta(hours=h) for h in offsets]
    assert [f.date() for f in fires] == [start + timedelta(days=n) for n in range(1, 5)]


def test_a_repeated_hour_fires_once_and_a_skipped_one_an_hour_later() -> None:
    repeated = DailyPlan(at=time(1, 30), timezone=ZONE, grace=timedelta(hours=2))
    fires = repeated.sends_between(
        datetime(2026, 10, 31, 12, tzinfo=NEW_YORK), datetime(2026, 11, 2, 12, tzinfo=NEW_YORK)
    )
    assert [f.astimezone(UTC).hour for f in fires] == [5, 6]  # 01:30 EDT, then 01:30 EST

    skipped = DailyPlan(at=time(2, 30), timezone=ZONE, grace=timedelta(hours=2))
    (fire,) = skipped.sends_between(
        datetime(2026, 3, 8, tzinfo=NEW_YORK), datetime(2026, 3, 8, 23, tzinfo=NEW_YORK)
    )
    assert fire.astimezone(NEW_YORK).time() == time(3, 30)


# -- once per date --------------------------------------------------------------------------


class EveryFifthOfASecond(BaseTrigger):
    """A trigger for tests: fires again and again, on the real clock."""

    def get_next_fire_time(self, previous_fire_time, now):
        return datetime.now(UTC) + timedelta(seconds=0.2)


class Clock:
    """The edition's clock, moved by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def serve(scheduler: EditionScheduler) -> threading.Thread:
    thread = threading.Thread(target=scheduler.serve)
    thread.start()
    return thread


def count_fires(scheduler: EditionScheduler) -> list[int]:
    fires = [0]

    def seen(event) -> None:
        if event.job_id == "edition":
            fires[0] += 1

    wait_for(scheduler.active.is_set)
    scheduler._scheduler.add_listener(seen, EVENT_JOB_EXECUTED)
    return fires


def statuses(settings) -> dict[str, str]:
    store = Store.open(settings.database)
    try:
        return {str(r.date): r.status for r in store.edition_runs()}
    finally:
        store.close()


def test_the_job_fires_many_times_but_each_date_runs_once(mailbox, tmp_path) -> None:  # noqa: F811
    box, port = mailbox
    config = newsletter_config(tmp_path, port, [date(2026, 3, 7), date(2026, 3, 8)])
    settings = settings_from(config)
    subscribe(settings, "ana@example.org", "ben@example.org")
    clock = Clock(datetime(2026, 3, 8, 7, 0, 5, tzinfo=NEW_YORK))
    scheduler = EditionScheduler(
        settings, clock=clock, lease_seconds=1.5, edition_trigger=EveryFifthOfASecond()
    )
    thread = serve(scheduler)
    try:
        fires = count_fires(scheduler)
        wait_for(lambda: fires[0] >= 4)
        clock.now = datetime(2026, 3, 9, 7, 0, 5, tzinfo=NEW_YORK)  # the next morning (EDT)
        wait_for(lambda: fires[0] >= 8)
    finally:
        scheduler.stop()
        thread.join()
    assert statuses(settings) == {"2026-03-07": "sent", "2026-03-08": "sent"}
    assert box.recipients() == ["ana@example.org"] * 2 + ["ben@example.org"] * 2


def test_two_schedulers_on_one_database_send_once(mailbox, tmp_path) -> None:  # noqa: F811
    box, port = mailbox
    config = newsletter_config(tmp_path, port, [date(2026, 3, 7)])
    settings = settings_from(config)
    subscribe(settings, "ana@example.org", "ben@example.org", "cy@example.org")
    clock = Clock(datetime(2026, 3, 8, 7, 0, 5, tzinfo=NEW_YORK))
    first, second = (
        EditionScheduler(settings, clock=clock, lease_seconds=1.5,
                         edition_trigger=EveryFifthOfASecond())
        for _ in range(2)
    )
    threads = [serve(first)]
    try:
        fires = count_fires(first)
        threads.append(serve(second))
        wait_for(lambda: second.standing_by)
        wait_for(lambda: fires[0] >= 3)
        assert not second.active.is_set()
        first.stop()  # the second one takes over, and finds the date done
        threads[0].join()
        later = count_fires(second)
        wait_for(lambda: later[0] >= 3)
    finally:
        first.stop()
        second.stop()
        for thread in threads:
            thread.join()
    assert statuses(settings) == {"2026-03-07": "sent"}
    assert box.recipients() == ["ana@example.org", "ben@example.org", "cy@example.org"]


# -- gathers during the day ----------------------------------------------------------------


def fire(scheduler: EditionScheduler, job_id: str) -> None:
    """Have APScheduler run the stored job `job_id` now, and wait until it has run."""
    outcomes: list[tuple[int, BaseException | None]] = []
    done = threading.Event()

    def seen(event) -> None:
        if event.job_id == job_id:
            outcomes.append((event.code, event.exception))
            done.set()

    jobs = scheduler._scheduler
    jobs.add_listener(seen, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    try:
        jobs.modify_job(job_id, next_run_time=datetime.now(UTC))
        wait_for(done.is_set, timeout=60)
    finally:
        jobs.remove_listener(seen)
    assert outcomes == [(EVENT_JOB_EXECUTED, None)]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """`hour:minute` on `day` in New York."""
    return datetime.combine(day, time(hour, minute), tzinfo=NEW_YORK)


def feed_item(key: str, published: datetime, title: str, text: str) -> dict:
    """One JSON Feed item."""
    return {"id": key, "url": f"https://quay.example.org/{key}", "title": title,
            "content_text": text, "date_published": published.isoformat(),
            "authors": [{"name": "Quay reporter"}]}


def stored(settings, day: date) -> tuple[set[str], dict[str, SourceHealth]]:
    """The URLs of the day's stored articles, and every source's health."""
    store = Store.open(settings.database)
    try:
        urls = {a.url for a in store.articles_in(DayWindow(day, NEW_YORK))}
        return urls, {h.label: h for h in store.source_health()}
    finally:
        store.close()


def test_gather_jobs_keep_articles_a_feed_drops_before_the_send(mailbox, tmp_path) -> None:  # noqa: F811
    """`schedule.gather_times` 12:00 and 00:30 before a 07:00 send of yesterday's edition: each
    gather job stores what the feed offers then, and the edition has it all although the feed
    only offers the new day's item at send time. A failing feed's health counts every gather;
    gathers never claim or send an edition."""
    box, port = mailbox
    day = date(2099, 6, 12)  # ahead of the real clock: APScheduler runs a job only when cued
    after = day + timedelta(days=1)
    morning = feed_item("ferry", at(day, 9, 15), "Ferry timetable changes for summer",
                        "The harbour ferry adds a late crossing on Fridays from next week.")
    evening = feed_item("market", at(day, 22, 40), "Night market opens on the quay",
                        "Forty stalls opened on the quay for the first night market of June.")
    next_day = feed_item("tide", at(after, 6), "Spring tide floods the slipway",
                         "The slipway was under water for an hour at high tide this morning.")
    with LocalHttp() as feeds:
        sources = (
            f'\n[[sources]]\ntype = "feed"\nurl = "{feeds.url}/quay.json"\nname = "Quay feed"\n'
            'full_text = "never"\n'
            f'\n[[sources]]\ntype = "feed"\nurl = "{feeds.url}/down.json"\nname = "Down feed"\n'
        )
        schedule = '\n[schedule]\ntime = "07:00"\ngather_times = ["12:00", "00:30"]\n'
        config = newsletter_config(tmp_path, port, [day], sources=sources, extra=schedule)
        settings = settings_from(config)
        subscribe(settings, "ana@example.org")
        clock = Clock(at(day, 8))
        scheduler = EditionScheduler(settings, clock=clock, lease_seconds=1.5)
        thread = serve(scheduler)
        try:
            wait_for(scheduler.active.is_set)
            assert {j.id: j.next_run_time for j in scheduler._scheduler.get_jobs("default")} == {
                "edition": at(after, 7), "gather-1200": at(day, 12), "gather-0030": at(after, 0, 30)
            }

            feeds.feeds["/quay.json"] = [morning]
            clock.now = at(day, 12)
            fire(scheduler, "gather-1200")
            urls, health = stored(settings, day)
            assert morning["url"] in urls
            assert health["Quay feed"].last_success == at(day, 12)
            assert health["Down feed"].consecutive_failures == 1
            assert "503" in (health["Down feed"].last_error or "")

            feeds.feeds["/quay.json"] = [evening]  # a busy feed: the morning item is gone
            clock.now = at(after, 0, 30)
            fire(scheduler, "gather-0030")
            urls, health = stored(settings, day)
            assert {morning["url"], evening["url"]} <= urls
            assert health["Down feed"].consecutive_failures == 2
            assert statuses(settings) == {}  # gathers never claim an edition
            assert box.recipients() == []

            feeds.feeds["/quay.json"] = [next_day]  # by send time neither item is offered
            clock.now = at(after, 7) + timedelta(seconds=5)
            fire(scheduler, "edition")
            assert stored(settings, day)[1]["Down feed"].consecutive_failures == 3
        finally:
            scheduler.stop()
            thread.join()
    assert statuses(settings) == {str(day): "sent"}
    assert feeds.served[-1] == ("/quay.json", ["tide"])
    store = Store.open(settings.database)
    try:
        edition = store.edition(day)
    finally:
        store.close()
    assert edition is not None
    assert {morning["url"], evening["url"]} <= {a.url for a in edition.articles}
    assert next_day["url"] not in {a.url for a in edition.articles}
    assert box.recipients() == ["ana@example.org"]


# -- misfires -------------------------------------------------------------------------------


def stopped_across_send_time(tmp_path, port: int, late_by: timedelta, hook: LocalHttp):
    """A newsletter whose scheduler last ran yesterday, and whose send time was `late_by` ago:
    the job store says the edition was due then."""
    now = datetime.now(NEW_YORK)
    send = (now - late_by).replace(second=0, microsecond=0)
    plan_day = send.date() - timedelta(days=1)  # covers = yesterday
    config = newsletter_config(
        tmp_path, port, [plan_day],
        extra=f'\n[schedule]\ntime = "{send:%H:%M}"\ngrace = "2h"\n'
        f'\n[alerts]\nwebhook = "{hook.url}/alerts"\n',
    )
    settings = settings_from(config)
    subscribe(settings, "ana@example.org", "ben@example.org")
    EditionScheduler(settings, clock=lambda: datetime.now(UTC) - timedelta(days=1)).prepare()
    return settings, plan_day


def test_restart_inside_the_grace_window_sends_once_late(mailbox, tmp_path) -> None:  # noqa: F811
    box, port = mailbox
    with LocalHttp() as hook:
        settings, day = stopped_across_send_time(tmp_path, port, timedelta(minutes=30), hook)
        for _ in range(2):  # restarted twice: the second start has nothing to do
            scheduler = EditionScheduler(settings, lease_seconds=1.5)
            thread = serve(scheduler)
            try:
                wait_for(lambda: statuses(settings).get(str(day)) == "late")
            finally:
                scheduler.stop()
                thread.join()
        assert hook.bodies == []
    assert box.recipients() == ["ana@example.org", "ben@example.org"]


def test_restart_after_the_grace_window_records_a_miss(mailbox, tmp_path) -> None:  # noqa: F811
    box, port = mailbox
    with LocalHttp() as hook:
        settings, day = stopped_across_send_time(tmp_path, port, timedelta(hours=3), hook)
        scheduler = EditionScheduler(settings, lease_seconds=1.5)
        thread = serve(scheduler)
        try:
            wait_for(scheduler.active.is_set)
            wait_for(lambda: statuses(settings).get(str(day)) == "missed")
            next_run = scheduler.next_run_time()
        finally:
            scheduler.stop()
            thread.join()
        assert [b["state"] for b in hook.bodies] == ["problem"]
        assert f"newsletter run --date {day}" in hook.bodies[0]["detail"]
    assert box.recipients() == []
    assert next_run is not None and next_run > datetime.now(UTC)  # tomorrow, not a late send


# -- SIGTERM during a send ------------------------------------------------------------------


def test_sigterm_during_a_send_then_restart_sends_each_message_once(mailbox, tmp_path) -> None:  # noqa: F811
    box, port = mailbox
    box.delay = 0.3  # a slow relay, so the signal lands in the middle of the send
    now = datetime.now(NEW_YORK)
    send = (now - timedelta(minutes=1)).replace(second=0, microsecond=0)
    day = send.date() - timedelta(days=1)
    config = newsletter_config(
        tmp_path, port, [day], extra=f'claim_timeout = 0\n\n[schedule]\ntime = "{send:%H:%M}"\n'
    )
    settings = settings_from(config)
    people = [f"reader{n}@example.org" for n in range(8)]
    subscribe(settings, *people)
    command = [sys.executable, "-m", "newsletter"]

    sending = subprocess.Popen([*command, "run", "--date", str(day), "-c", str(config)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for(lambda: len(box.recipients()) >= 1, timeout=60)
    sending.send_signal(signal.SIGTERM)
    out, err = sending.communicate(timeout=60)
    assert sending.returncode == 0, err.decode()
    assert b"interrupted" in out
    assert statuses(settings)[str(day)] == "interrupted"
    assert len(box.recipients()) < len(people)

    restarted = subprocess.Popen([*command, "schedule", "-c", str(config)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for(lambda: statuses(settings)[str(day)] in ("sent", "late"), timeout=60)
    finally:
        restarted.send_signal(signal.SIGTERM)
        _, err = restarted.communicate(timeout=60)
    assert restarted.returncode == 0, err.decode()
    assert b"edition.resume" in err and b"scheduler.stopped" in err
    assert box.recipients() == sorted(people)  # every one of them, exactly once
