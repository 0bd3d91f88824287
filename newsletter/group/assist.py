"""A model's help with grouping, checked by code: which likely pairs of the day's stories to
ask about, and which of its answers to act on.

After the offline grouping (`cluster`), `candidate_pairs` picks the pairs of stories that are
plausibly one event but were left apart: evidence (`evidence.evidence`, between the stories'
merged profiles, weighted by rarity in the day) of at least `ASK_SHARE` of
`dedup.same_event_points`, within `dedup.time_window_hours`, and no two of their reports
written from one template with other fillers (`PairKind.TEMPLATE`: never one event). Only
pairs sharing a rare name of a title or lede are weighed, at most `MAX_PAIRS` of them, the
best first. `candidates` describes each story once for the model (headline, first sentence,
key names) under a number; the model answers which of the offered pairs report one event.
`merge_said` acts on the pairs it named that were offered (any other is ignored), the most
evidence first, and never joins two stories when any of their reports would be a template
pair; each merged story says in its evidence that the model joined it. `ask_model` does the three
steps with the model's call given as a function.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass

from newsletter.config import DedupSettings
from newsletter.digest.extractive import completeness
from newsletter.group.cluster import StoryGroup
from newsletter.group.evidence import DayStats, PairKind, evidence, pair_kind
from newsletter.group.similarity import Profile, lede, merge_profiles

__all__ = [
    "ASK_SHARE",
    "MAX_PAIRS",
    "Candidate",
    "Pair",
    "ask_model",
    "candidate_pairs",
    "candidates",
    "merge_said",
]

ASK_SHARE = 0.5
"""Share of `dedup.same_event_points` from which two stories left apart are worth asking
about: below it, the evidence is too thin for a model's word to join them."""
MAX_PAIRS = 40
"""Most pairs asked about in one edition (the best first): one call of bounded size."""
MAX_HOLDERS = 12
"""A name led by more stories than this proposes no pairs (it names no one event)."""
KEY_NAMES = 6


@dataclass(frozen=True)
class Pair:
    """Two stories (indices into the day's groups, `first` < `second`) and their evidence."""

    first: int
    second: int
    points: float


@dataclass(frozen=True)
class Candidate:
    """One story as the model sees it: its number, headline, first sentence and key names."""

    id: int
    headline: str
    opening: str
    names: tuple[str, ...]


def _templated(a: StoryGroup, b: StoryGroup, settings: DedupSettings) -> bool:
    return any(
        pair_kind(x, y, settings.near_duplicate) == PairKind.TEMPLATE
        for x in a.profiles
        for y in b.profiles
    )


def _apart(a: StoryGroup, b: StoryGroup, settings: DedupSettings) -> bool:
    earliest = max(min(x.published for x in a.articles), min(y.published for y in b.articles))
    latest = min(a.latest, b.latest)
    return (earliest - latest).total_seconds() > settings.time_window_hours * 3600


def candidate_pairs(
    groups: list[StoryGroup], settings: DedupSettings, stats: DayStats
) -> list[Pair]:
    """The pairs of stories worth asking about (see the module docstring), best first."""
    merged = [merge_profiles(g.profiles) for g in groups]
    holders: dict[str, list[int]] = defaultdict(list)
    for index, profile in enumerate(merged):
        for term in profile.lead_terms:
            holders[term].append(index)
    proposed = {
        (a, b)
        for held in holders.values()
        if len(held) <= MAX_HOLDERS
        for a in held
        for b in held
        if a < b
    }
    floor = ASK_SHARE * settings.same_event_points
    found = []
    for a, b in sorted(proposed):
        points = evidence(merged[a], merged[b], stats).points
        if points < floor or _apart(groups[a], groups[b], settings):
            continue
        if not _templated(groups[a], groups[b], settings):
            found.append(Pair(a, b, points))
    found.sort(key=lambda p: (-p.points, p.first, p.second))
    return found[:MAX_PAIRS]


def _key_names(profile: Profile, stats: DayStats) -> tuple[str, ...]:
    rarest = sorted(profile.lead_terms, key=lambda t: (-stats.idf(t), t))
    return tuple(rarest[:KEY_NAMES])


def candidates(groups: list[StoryGroup], pairs: list[Pair], stats: DayStats) -> list[Candidate]:
    """Each story of the pairs once, numbered by its index in `groups` plus one."""
    chosen = sorted({p.first for p in pairs} | {p.second for p in pairs})
    found = []
    for index in chosen:
        group = groups[index]
        opening = lede(group.primary.text).split(". ")[0]
        names = _key_names(merge_profiles(group.profiles), stats)
        found.append(Candidate(index + 1, group.primary.title, opening, names))
    return found


def _joined(a: StoryGroup, b: StoryGroup, note: str) -> StoryGroup:
    both = list(zip(a.articles + b.articles, a.profiles + b.profiles, strict=True))
    primary = min(both, key=lambda item: (completeness(item[0]), item[0].id))
    rest = sorted((i for i in both if i is not primary), key=lambda i: i[0].published)
    ordered = [primary, *rest]
    return StoryGroup(
        articles=[article for article, _ in ordered],
        profiles=[profile for _, profile in ordered],
        duplicates=a.duplicates + b.duplicates,
        evidence=[*a.evidence, *b.evidence, note],
    )


def merge_said(
    groups: list[StoryGroup],
    pairs: list[Pair],
    said: list[tuple[int, int]],
    settings: DedupSettings,
) -> list[StoryGroup]:
    """The groups with the pairs the model said are one event joined (`said` holds story
    numbers as `candidates` gave them); pairs that were not offered are ignored."""
    offered = {(p.first, p.second): p for p in pairs}
    named = {tuple(sorted((a - 1, b - 1))) for a, b in said}
    accepted = sorted(
        (offered[key] for key in named if key in offered),
        key=lambda p: (-p.points, p.first, p.second),
    )
    home = list(range(len(groups)))  # each group's current story
    stories: dict[int, StoryGroup] = dict(enumerate(groups))
    for pair in accepted:
        a, b = home[pair.first], home[pair.second]
        if a == b or _templated(stories[a], stories[b], settings):
            continue
        note = (
            f"the model: one event ({pair.points:.1f} points of evidence): "
            f"{groups[pair.first].primary.title} + {groups[pair.second].primary.title}"
        )
        stories[a] = _joined(stories[a], stories.pop(b), note)
        home = [a if h == b else h for h in home]
    result = list(stories.values())
    result.sort(key=lambda g: min((a.published, a.url or "", a.title) for a in g.articles))
    return result


Ask = Callable[[list[dict], list[tuple[int, int]]], Awaitable[list[tuple[int, int]]]]
"""A model's call: (stories described, pairs of story numbers) → the pairs it says are one."""


async def ask_model(
    groups: list[StoryGroup], settings: DedupSettings, ask: Ask
) -> tuple[list[StoryGroup], int]:
    """The day's groups after the model's word on the likely pairs, and how many pairs were
    asked about (no call when there are none)."""
    stats = DayStats.of([p for group in groups for p in group.profiles])
    pairs = candidate_pairs(groups, settings, stats)
    if not pairs:  # nothing likely left apart: no call
        return groups, 0
    stories = [asdict(c) for c in candidates(groups, pairs, stats)]
    said = await ask(stories, [(p.first + 1, p.second + 1) for p in pairs])
    return merge_said(groups, pairs, said, settings), len(pairs)
