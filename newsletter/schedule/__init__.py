"""The daily schedule: when the edition is due (`plan`) and the scheduler that sends it
(`daemon`). The whole-day run itself is `newsletter.runs`."""

from newsletter.schedule.daemon import EDITION_JOB, EditionScheduler
from newsletter.schedule.plan import DailyPlan, DailyTrigger, local_instant

__all__ = ["EDITION_JOB", "DailyPlan", "DailyTrigger", "EditionScheduler", "local_instant"]
