"""The shape of an edition: which story groups become stories, in what order, and what is left.

`plan_edition` clusters the day's articles, leaves out the groups that repeat a story sent in
the last `dedup.lookback_days` (keeping those with new material as updates), and ranks the
rest by coverage (independent sources, then the latest article) to choose the `max_stories`
groups worth digesting (`plan_groups` does the same for groups made already, such as those
a model helped join: `assist`). Once they are digested, `EditionPlan.finish` marks the
updates, orders the stories by importance (the engine's importance plus one point for each
independent source beyond the first, at most three), then recency, files them into sections
in the configured topic order, and adds the groups beyond `max_stories` as "Also today"
one-liners (their headline and sources) or leaves them out (`ranking.also_today`).

The lead, the first story printed, is never one the gate doubted (`Story.doubted`): doubted
stories come last in their section, and a section that would come first with only doubted
stories gives way to the first section with a trusted one. `trusted` lists the stories the
subject, the preheader and the intro may be drawn from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from newsletter.config import Settings
from newsletter.digest.extractive import MAX_HEADLINE, provenance, shorten
from newsletter.gather import DayWindow
from newsletter.group.cluster import StoryGroup, cluster
from newsletter.group.dedup import (
    Fingerprint,
    SentStory,
    Verdict,
    fingerprint,
    judge,
    mark_update,
)
from newsletter.group.evidence import DayStats
from newsletter.models import Article, Story
from newsletter.store import Store

__all__ = [
    "ALSO_TODAY",
    "EditionPlan",
    "Suppressed",
    "background_articles",
    "day_stats",
    "plan_edition",
    "plan_groups",
    "sent_stories",
    "trusted",
]

ALSO_TODAY = "Also today"
BACKGROUND_DAYS = 7
"""Days of earlier articles that tell the day's rare names from common ones."""
MAX_SOURCE_BONUS = 3


@dataclass(frozen=True)
class Suppressed:
    """A group left out because its story was sent on `sent_on`."""

    headline: str
    sent_on: date | str
    sent_headline: str


@dataclass
class EditionPlan:
    groups: list[StoryGroup]
    chosen: list[StoryGroup]
    rest: list[StoryGroup]
    updates: dict[str, Verdict] = field(default_factory=dict)
    suppressed: list[Suppressed] = field(default_factory=list)
    printed: list[tuple[Story, StoryGroup]] = field(default_factory=list)

    def finish(self, stories: list[Story], settings: Settings) -> list[Story]:
        """The digested stories (one per chosen group, in order) as the edition prints them."""
        ranked = []
        for group, story in zip(self.chosen, stories, strict=True):
            if (verdict := self.updates.get(group.key)) is not None:
                story = mark_update(story, group, verdict)
            bonus = min(group.independent_sources - 1, MAX_SOURCE_BONUS)
            rank = (story.doubted, -(story.importance + bonus), -group.latest.timestamp())
            ranked.append((rank, story, group))
        ranked.sort(key=lambda item: item[0])  # stable: equal ones keep the coverage order
        order = settings.ranking.topic_order or settings.llm.topics
        position = {topic: n for n, topic in enumerate(order)}
        ranked.sort(key=lambda item: position.get(item[1].topic, len(order)))
        if ranked and ranked[0][1].doubted and (leads := trusted([s for _, s, _ in ranked])):
            ranked.sort(key=lambda item: item[1].topic != leads[0].topic)
        self.printed = [(story, group) for _, story, group in ranked]
        ordered = [story for story, _ in self.printed]
        if settings.ranking.also_today == "list":
            ordered += [one_liner(g) for g in self.rest[: settings.ranking.max_also_today]]
        return ordered

    def fingerprint_rows(self) -> list[tuple[str, str]]:
        """(headline, fingerprint JSON) of each full story `finish` returned, in its order
        ("Also today" lines leave none: their readers got only a headline)."""
        return [(story.headline, fingerprint(group).to_json()) for story, group in self.printed]


def trusted(stories: list[Story]) -> list[Story]:
    """The full stories the gate did not doubt, in order: what the lead, the subject, the
    preheader and the intro may come from."""
    return [s for s in stories if not s.doubted and s.topic != ALSO_TODAY]


def one_liner(group: StoryGroup) -> Story:
    """An "Also today" line: the primary's title and the sources, nothing else."""
    return Story(
        headline=shorten(group.primary.title, MAX_HEADLINE),
        summary="",
        topic=ALSO_TODAY,
        importance=1,
        **provenance(group.articles),
    )


def sent_stories(store: Store, day: date, lookback_days: int) -> list[SentStory]:
    """The stories of the editions of the `lookback_days` days before `day`, latest first."""
    rows = store.fingerprints_between(day - timedelta(days=lookback_days), day)
    return [SentStory(d, h, Fingerprint.from_json(f)) for d, h, f in rows]


def by_coverage(groups: list[StoryGroup]) -> list[StoryGroup]:
    """Most independent sources first, then the most recent, then by key (deterministic)."""
    return sorted(groups, key=lambda g: (-g.independent_sources, -g.latest.timestamp(), g.key))


def background_articles(store: Store, day: date, timezone: ZoneInfo) -> list[Article]:
    """The articles of the BACKGROUND_DAYS before `day`: what makes a name common."""
    found: list[Article] = []
    for back in range(1, BACKGROUND_DAYS + 1):
        found += store.articles_in(DayWindow(day - timedelta(days=back), timezone))
    return found


def day_stats(
    groups: list[StoryGroup], sent: list[SentStory], background: Sequence[Article] = ()
) -> DayStats:
    """How rare each name, number, lede word and quote is in the day's articles and the
    stories sent in the days before (each one document), and in the `background` articles."""
    found = [p for group in groups for p in group.profiles]
    return DayStats.of(found + [s.fingerprint.profile for s in sent], background)


def plan_edition(
    articles: list[Article],
    sent: list[SentStory],
    settings: Settings,
    background: list[Article] | None = None,
) -> EditionPlan:
    """The day's articles grouped (`cluster`), then planned (`plan_groups`)."""
    background = background or []
    return plan_groups(cluster(articles, settings.dedup, background), sent, settings, background)


def plan_groups(
    groups: list[StoryGroup],
    sent: list[SentStory],
    settings: Settings,
    background: Sequence[Article] = (),
) -> EditionPlan:
    """The day's story groups less those already sent, ranked, the first `max_stories` to be
    digested."""
    plan = EditionPlan(groups=groups, chosen=[], rest=[])
    stats = day_stats(groups, sent, background) if sent else None
    kept = []
    for group in groups:
        verdict = judge(group, sent, settings.dedup, stats)
        if verdict is None:
            kept.append(group)
        elif verdict.outcome == "update":
            plan.updates[group.key] = verdict
            kept.append(group)
        else:
            earlier = verdict.earlier
            plan.suppressed.append(
                Suppressed(group.primary.title, earlier.edition_date, earlier.headline)
            )
    ranked = by_coverage(kept)
    plan.chosen, plan.rest = ranked[: settings.max_stories], ranked[settings.max_stories :]
    return plan
