"""When things happen: the daily send time in local time, its DST-correct instants, and which
edition a send is for. Pure functions and an APScheduler trigger; no clock of their own.

A send time is a local wall-clock time in an IANA zone, so a 07:00 edition goes out at 07:00 on
both sides of a DST change (12:00 UTC in New York winter, 11:00 in summer). On the day a time
does not exist (02:30 when clocks jump from 02:00 to 03:00) it fires one hour later, at 03:30;
on the day it happens twice (01:30 when clocks fall back) it fires once, the first time.
APScheduler's CronTrigger fires twice in that repeated hour, hence `DailyTrigger`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger

from newsletter.config import Settings

__all__ = ["DailyPlan", "DailyTrigger", "local_instant"]


def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The instant `at` o'clock on `day` in `tz` (a time skipped by DST moves forward by the
    gap; a repeated one is its first occurrence)."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC).astimezone(tz)


class DailyTrigger(BaseTrigger):
    """Fires once a day at a local time. Picklable, so it lives in the SQLAlchemy job store."""

    def __init__(self, at: time, timezone: str) -> None:
        self.at = at
        self.timezone = timezone

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        tz = ZoneInfo(self.timezone)
        floor = now if previous_fire_time is None else max(now, previous_fire_time + _TICK)
        day = floor.astimezone(tz).date() - timedelta(days=1)
        while (instant := local_instant(day, self.at, tz)) < floor:
            day += timedelta(days=1)
        return instant

    def __getstate__(self) -> dict:
        return {"version": 1, "at": self.at.isoformat(), "timezone": self.timezone}

    def __setstate__(self, state: dict) -> None:
        self.at = time.fromisoformat(state["at"])
        self.timezone = state["timezone"]

    def __repr__(self) -> str:
        return f"DailyTrigger(at={self.at.isoformat()!r}, timezone={self.timezone!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DailyTrigger) and repr(self) == repr(other)

    __hash__ = None  # type: ignore[assignment]


_TICK = timedelta(microseconds=1)


@dataclass(frozen=True)
class DailyPlan:
    """The schedule of one newsletter: when the edition is sent, and which day it covers."""

    at: time
    timezone: str
    grace: timedelta
    covers: str = "yesterday"
    gather_times: tuple[time, ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings) -> DailyPlan:
        schedule = settings.schedule
        return cls(
            at=schedule.send_time,
            timezone=schedule.timezone or settings.timezone,
            grace=schedule.grace,
            covers=schedule.covers,
            gather_times=tuple(schedule.gather_clock_times),
        )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def trigger(self) -> DailyTrigger:
        return DailyTrigger(self.at, self.timezone)

    def gather_triggers(self) -> dict[str, DailyTrigger]:
        """The extra gathers, by job id."""
        return {f"gather-{t:%H%M}": DailyTrigger(t, self.timezone) for t in self.gather_times}

    def next_send(self, now: datetime) -> datetime:
        """The first send at or after `now`."""
        fire = self.trigger().get_next_fire_time(None, now)
        assert fire is not None
        return fire

    def previous_send(self, now: datetime) -> datetime:
        """The last send at or before `now`."""
        day = now.astimezone(self.tz).date() + timedelta(days=1)
        while (instant := local_instant(day, self.at, self.tz)) > now:
            day -= timedelta(days=1)
        return instant

    def sends_between(self, start: datetime, end: datetime) -> list[datetime]:
        """Every send in `[start, end]`, oldest first."""
        sends = []
        fire = self.next_send(start)
        while fire <= end:
            sends.append(fire)
            fire = self.trigger().get_next_fire_time(fire, fire)  # type: ignore[assignment]
        return sends

    def edition_day(self, send: datetime) -> date:
        """The edition a send is for: the day before it (covers = yesterday) or its own day."""
        day = send.astimezone(self.tz).date()
        return day - timedelta(days=1) if self.covers == "yesterday" else day

    def send_for(self, day: date) -> datetime:
        """When the edition of `day` is due."""
        return local_instant(day + timedelta(days=1) if self.covers == "yesterday" else day,
                             self.at, self.tz)
