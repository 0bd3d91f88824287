"""Within a day: the day's articles grouped into stories, one group per event.

First copies become one unit: the same article id (one canonical URL, so UTM, AMP and mobile
variants are one), the same text from two feeds (the content hash), or a near-exact copy of a
unit's first article (`evidence.pair_kind`: the same text with the same names). Each article
is compared with units' first articles only, so 10,000 near-identical entries cost 10,000
comparisons, not 50 million.

Then units merge into stories by average linkage: the two stories whose pairs of units carry
the most evidence on average (`evidence.evidence`, points weighted by rarity in the day) merge
first, while that average reaches `dedup.same_event_points`; a story never takes in a unit
written from the same template as one of its own with other names (`PairKind.TEMPLATE`), and
one strong link does not chain two families together. Only likely pairs are weighed: those
sharing a rare name or number of a title and lede, or a rare quoted passage.

Groups come out in a deterministic order whatever order the articles came in: each group's
articles are its primary (the most complete report: the longest text, then the most quoted
passages, then the earliest) followed by the others by time; the groups are ordered by their
earliest article. `StoryGroup.evidence` says what joined each group's articles.
"""

from __future__ import annotations

import gc
import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from itertools import chain

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from newsletter.config import DedupSettings
from newsletter.digest.extractive import completeness
from newsletter.group.evidence import (
    MAX_SWAPPED,
    TEMPLATE_OVERLAP,
    DayStats,
    Evidence,
    PairKind,
    evidence,
    pair_kind,
    points,
    swapped,
)
from newsletter.group.similarity import NUM_PERM, Profile, profiles
from newsletter.models import Article

__all__ = ["StoryGroup", "cluster"]

COMMON_TERM_SHARE = 0.05
"""A term in more than this share of the day's articles (and more than MIN_COMMON of them)
proposes no pairs: it says nothing about which event an article reports."""
MIN_COMMON = 12
MAX_COMMON = 40
"""However big the day, a term held by more articles than this proposes no pairs (so the
pairs weighed grow with the articles, not with their square)."""
MAX_NEIGHBOURS = 50
"""Most earlier units one article's text is checked against (the nearest by LSH bucket)."""
_MICROSECOND = timedelta(microseconds=1)


@dataclass
class StoryGroup:
    """Articles about one event, primary first; `profiles` are theirs, in the same order."""

    articles: list[Article]
    profiles: list[Profile] = field(repr=False)
    duplicates: int = 0
    """Articles dropped as exact copies of one in the group (same id)."""
    evidence: list[str] = field(default_factory=list)
    """What joined the articles, one line per join (empty for a single article)."""

    @property
    def primary(self) -> Article:
        return self.articles[0]

    @property
    def sources(self) -> list[str]:
        """Distinct source names, primary's first."""
        return list(dict.fromkeys(a.source for a in self.articles))

    @property
    def independent_sources(self) -> int:
        """Sources that wrote their own text (a syndicated copy counts once)."""
        return len({a.content_hash for a in self.articles})

    @property
    def latest(self) -> datetime:
        return max(a.published for a in self.articles)

    def explain(self) -> list[str]:
        """For an editor: the story's articles (source and title), then what joined them."""
        lines = [f"{len(self.articles)} articles: {self.primary.title}"]
        lines += [f"  - {a.source}: {a.title}" for a in self.articles]
        lines += [f"  joined by {note}" for note in self.evidence]
        return lines

    @property
    def key(self) -> str:
        """A stable identity of the group: its primary article's id."""
        return self.primary.id


def _exact_copies(articles: list[Article]) -> tuple[list[Article], list[str], Counter[str]]:
    """One article per id (the earliest, then the shortest URL): URL variants are one; their
    ids; and how many copies of each id were dropped."""
    kept: dict[str, Article] = {}
    dropped: Counter[str] = Counter()
    for article in sorted(articles, key=lambda a: (a.published, len(a.url or ""), a.url or "")):
        identity = article.id  # computed from the URL each time: ask once
        if identity in kept:
            dropped[identity] += 1
        else:
            kept[identity] = article
    ids = sorted(kept, key=lambda i: (kept[i].published, i))
    return [kept[i] for i in ids], ids, dropped


def _apart(a: Profile, b: Profile, settings: DedupSettings) -> bool:
    if a.time is None or b.time is None:
        return False
    return abs((a.time - b.time).total_seconds()) > settings.time_window_hours * 3600


@dataclass
class _Day:
    """The day's articles (one per id), their profiles, and the joins made so far."""

    articles: list[Article]
    found: list[Profile]
    settings: DedupSettings
    notes: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    text_hashes: dict[int, str] = field(default_factory=dict)

    def title(self, index: int) -> str:
        return self.articles[index].title

    def copies(self) -> list[list[int]]:
        """Units of copies, each led by its first article (by time): same text, or a
        near-exact copy of the unit's first article."""
        settings = self.settings
        # LSH only proposes (pair_kind decides); its threshold must lie inside (0, 1)
        neighbours = _Neighbours(min(max(settings.near_duplicate, 0.1), 0.9))
        units: dict[int, list[int]] = {}
        # unit leads by their MinHash values: the same text has the same values
        by_values: dict[bytes, list[int]] = defaultdict(list)
        for index, item in enumerate(self.found):
            values = item.minhash.hashvalues.tobytes()
            first = self._same_text(index, by_values.get(values, []))
            if first is not None:
                units[first].append(index)
                self.notes[first].append(f"same text: {self.title(index)}")
                continue
            bands = neighbours.bands(item.minhash)
            for lead in sorted(neighbours.near(bands))[:MAX_NEIGHBOURS]:
                other = self.found[lead]
                if _apart(item, other, settings) or swapped(item, other) > MAX_SWAPPED:
                    continue  # another time, or other names: not a copy (cheap test first)
                if pair_kind(item, other, settings.near_duplicate) == PairKind.COPY:
                    units[lead].append(index)
                    alike = item.minhash.jaccard(other.minhash)
                    note = f"copy ({alike:.2f} of text alike): {self.title(index)}"
                    self.notes[lead].append(note)
                    break
            else:
                units[index] = [index]
                by_values[values].append(index)
                neighbours.add(index, bands)
        return list(units.values())

    def _same_text(self, index: int, leads: list[int]) -> int | None:
        """The one of `leads` whose text is the article's (`Article.content_hash`), if any;
        each article's text hash is computed once, when first needed."""
        if not leads:
            return None
        hashes = self.text_hashes
        for number in (index, *leads):
            if number not in hashes:
                hashes[number] = self.articles[number].content_hash
        return next((lead for lead in leads if hashes[lead] == hashes[index]), None)

    def candidate_pairs(
        self, leads: list[int], stats: DayStats
    ) -> tuple[list[tuple[int, int]], set[tuple[int, int]]]:
        """Pairs of unit leads worth weighing, each once, in a stable order: one leads with a
        rare name or number the other has, or they share a rare quoted passage. Also the
        pairs that share a quoted passage no other article of the day (or background) has."""
        found = self.found
        common = min(max(MIN_COMMON, int(COMMON_TERM_SHARE * len(leads))), MAX_COMMON)
        number = np.asarray(leads, dtype=np.int32)
        holder, key, grams, held = _held_keys([found[lead].quote_grams for lead in leads])
        two = (held == 2)[key]  # (held by two: grouped, each gram's two holders in a row)
        pairs = number[holder[two]].reshape(-1, 2)
        quoted = {
            (min(first, second), max(first, second))
            for first, second, gram in zip(
                pairs[:, 0].tolist(),
                pairs[:, 1].tolist(),
                grams[key[two][::2]].tolist(),
                strict=True,
            )
            if stats.frequency[gram] <= 2
        }
        shared = (held > 1) & (held <= common)  # by key
        kept = shared[key]
        by_quote = _pairs_in_groups(holder[kept], key[kept], np.where(shared, held, 0))
        by_term = _sharing_a_lead_term([found[lead] for lead in leads], common)
        return _distinct_pairs(
            number[np.concatenate([by_term[0], by_quote[0]])],
            number[np.concatenate([by_term[1], by_quote[1]])],
        ), quoted

    def close_in_time(
        self, pairs: list[tuple[int, int]]
    ) -> Iterator[tuple[tuple[int, int], float]]:
        """The pairs not too far apart in time (as `_apart` tells), each with the MinHash
        Jaccard of its texts; computed together."""
        if not pairs:
            return
        values = np.stack([profile.minhash.hashvalues for profile in self.found])
        values = values.astype(np.uint32)  # (affine32 values: 32 bits, half the memory to compare)
        firsts, seconds = (
            np.fromiter(chain.from_iterable(pairs), np.int64, 2 * len(pairs)).reshape(-1, 2).T
        )
        overlaps = (values[firsts] == values[seconds]).mean(axis=1)
        start = min(a.published for a in self.articles)
        micro = np.array([(a.published - start) // _MICROSECOND for a in self.articles])
        apart = np.abs(micro[firsts] - micro[seconds]) / 1e6  # as timedelta.total_seconds
        kept = np.flatnonzero(apart <= self.settings.time_window_hours * 3600).tolist()
        yield from zip([pairs[i] for i in kept], overlaps[kept].tolist(), strict=True)


class _Neighbours:
    """Earlier texts likely near a text by MinHash LSH: those with all the values of one band
    the same (`datasketch.MinHashLSH`'s bands for the threshold, kept in plain dicts)."""

    def __init__(self, threshold: float) -> None:
        bands, rows = _banding(threshold)
        self.ranges = [(band * rows, (band + 1) * rows) for band in range(bands)]
        self.buckets: list[dict[bytes, list[int]]] = [defaultdict(list) for _ in self.ranges]

    def bands(self, minhash: LeanMinHash) -> list[bytes]:
        values = minhash.hashvalues
        return [values[start:end].tobytes() for start, end in self.ranges]

    def near(self, bands: list[bytes]) -> set[int]:
        """The keys added with one of these bands."""
        found: set[int] = set()
        for bucket, band in zip(self.buckets, bands, strict=True):
            found.update(bucket.get(band, ()))
        return found

    def add(self, key: int, bands: list[bytes]) -> None:
        for bucket, band in zip(self.buckets, bands, strict=True):
            bucket[band].append(key)


@cache
def _banding(threshold: float) -> tuple[int, int]:
    """`datasketch`'s bands and rows per band for an LSH threshold (a search, done once)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


class _Numbering(dict[str | int, int]):
    """Numbers for keys, in the order first met."""

    def __missing__(self, key: str | int) -> int:
        number = self[key] = len(self)
        return number


def _sharing_a_lead_term(found: list[Profile], common: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j) of profiles, by position, where a lead term of i is among the terms of j
    and of at most `common` profiles (repeats and i == j included)."""
    number = _Numbering()
    sizes = [len(item.terms) for item in found]
    terms = np.fromiter(
        map(number.__getitem__, chain.from_iterable(item.terms for item in found)),
        dtype=np.int64,
        count=sum(sizes),
    )
    holder = np.repeat(np.arange(len(found), dtype=np.int32), sizes)
    order = np.argsort(terms, kind="stable")
    holders = holder[order]  # grouped by term
    held = np.bincount(terms, minlength=len(number))
    start = np.cumsum(held) - held
    lead_sizes = [len(item.lead_terms) for item in found]
    get = number.get
    lead = np.fromiter(
        (get(t, -1) for item in found for t in item.lead_terms),
        dtype=np.int64,
        count=sum(lead_sizes),
    )
    asker = np.repeat(np.arange(len(found), dtype=np.int32), lead_sizes)
    known = lead >= 0
    lead, asker = lead[known], asker[known]
    useful = held[lead] <= common
    lead, asker = lead[useful], asker[useful]
    counts = held[lead]
    shift = start[lead] - (np.cumsum(counts) - counts)
    seconds = holders[np.arange(counts.sum()) + np.repeat(shift, counts)]
    return np.repeat(asker, counts), seconds


def _held_keys(keys: list[frozenset[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each key held by each position, grouped by key with the positions in order: the
    positions and the keys' numbers; then the distinct keys by number, and how many
    positions hold each."""
    sizes = [len(held) for held in keys]
    values = np.fromiter(chain.from_iterable(keys), dtype=np.int64, count=sum(sizes))
    holder = np.repeat(np.arange(len(keys), dtype=np.int32), sizes)
    distinct, key, held = np.unique(values, return_inverse=True, return_counts=True)
    order = np.argsort(key, kind="stable")
    return holder[order], key[order], distinct, held


def _pairs_in_groups(
    holder: np.ndarray, key: np.ndarray, held: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j), i < j, of the positions of each group, given grouped by key with the
    positions in order (`held`: each key's count, by number; 0 for a key left out)."""
    ends = np.cumsum(held)[key]
    later = ends - np.arange(len(key)) - 1  # the group's members after each one
    shift = np.arange(1, len(key) + 1) - (np.cumsum(later) - later)
    seconds = holder[np.arange(later.sum()) + np.repeat(shift, later)]
    return np.repeat(holder, later), seconds


def _distinct_pairs(a: np.ndarray, b: np.ndarray) -> list[tuple[int, int]]:
    """Each unordered pair of different indices once, as (smaller, larger), sorted."""
    keys = np.minimum(a, b).astype(np.int64) << 32
    keys |= np.maximum(a, b)
    keys = np.unique(keys)
    low, high = keys >> 32, keys & 0xFFFFFFFF
    apart = low != high
    return list(zip(low[apart].tolist(), high[apart].tolist(), strict=True))


class _Linkage:
    """Average linkage over units with cannot-link pairs (templates), merging the pair of
    stories with the most evidence per pair of units first."""

    def __init__(self, units: list[list[int]], explain: Callable[[int, int], Evidence]) -> None:
        self.members = {unit[0]: [unit[0]] for unit in units}
        self.points: dict[int, dict[int, float]] = defaultdict(dict)
        self.cannot: dict[int, set[int]] = defaultdict(set)
        self.weighed: set[tuple[int, int]] = set()
        self.explain = explain
        """The evidence of a pair weighed (a < b), asked again for the joins only."""

    def weigh(self, a: int, b: int, points: float) -> None:
        """Pair a < b has `points` of evidence."""
        self.points[a][b] = self.points[b][a] = points
        self.weighed.add((a, b))

    def forbid(self, a: int, b: int) -> None:
        self.cannot[a].add(b)
        self.cannot[b].add(a)

    def _average(self, a: int, b: int) -> float:
        return self.points[a].get(b, 0.0) / (len(self.members[a]) * len(self.members[b]))

    def run(self, threshold: float) -> list[tuple[int, int, str]]:
        """Merge while the best average reaches `threshold`; the joins made (kept, taken,
        why), in order."""
        members = self.members  # (`_average` of each pair weighed, the pairs read once)
        heap = [
            (-(weight / (len(members[a]) * len(members[b]))), a, b)
            for a, row in self.points.items()
            for b, weight in row.items()
            if a < b
        ]
        heapq.heapify(heap)
        joins: list[tuple[int, int, str]] = []
        while heap:
            negative, a, b = heapq.heappop(heap)
            if a not in self.members or b not in self.members:
                continue
            if -negative != self._average(a, b):
                continue  # stale: the stories changed since
            if -negative < threshold:
                break
            if b in self.cannot[a]:
                continue
            joins.append((a, b, self._reason(a, b)))
            self._merge(a, b)
            for other, _ in self.points[a].items():
                pair = (min(a, other), max(a, other))
                heapq.heappush(heap, (-self._average(a, other), *pair))
        return joins

    def _reason(self, a: int, b: int) -> str:
        weighed = [
            self.explain(*pair)
            for x in self.members[a]
            for y in self.members[b]
            if (pair := (min(x, y), max(x, y))) in self.weighed
        ]
        return max((found.points, found.describe()) for found in weighed)[1]

    def _merge(self, a: int, b: int) -> None:
        self.members[a] += self.members.pop(b)
        for other, weight in self.points.pop(b).items():
            del self.points[other][b]
            if other != a:
                total = self.points[a].get(other, 0.0) + weight
                self.points[a][other] = self.points[other][a] = total
        self.points[a].pop(b, None)
        for other in self.cannot.pop(b, set()):
            self.cannot[other].discard(b)
            if other != a:
                self.cannot[other].add(a)
                self.cannot[a].add(other)


def cluster(
    articles: Iterable[Article],
    settings: DedupSettings | None = None,
    background: Iterable[Article] = (),
) -> list[StoryGroup]:
    """The day's articles as story groups (see the module docstring). `background`: earlier
    days' articles, to tell rare names from common ones on a small day."""
    with _collection_paused():
        return _cluster(list(articles), settings or DedupSettings(), background)


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Python's cycle collector paused: grouping builds no reference cycles, and collector
    passes over the day's many small objects cost about a fifth of its time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _cluster(
    articles: list[Article], settings: DedupSettings, background: Iterable[Article]
) -> list[StoryGroup]:
    unique, ids, dropped = _exact_copies(articles)
    if not unique:
        return []
    day = _Day(unique, profiles(unique), settings)
    units = day.copies()
    leads = [unit[0] for unit in units]
    stats = DayStats.of([day.found[i] for i in leads], background)
    pairs, quoted = day.candidate_pairs(leads, stats)
    found = day.found
    linkage = _Linkage(units, lambda a, b: evidence(found[a], found[b], stats, (a, b) in quoted))
    near = settings.near_duplicate
    for (a, b), overlap in day.close_in_time(pairs):
        first, second = found[a], found[b]
        if (
            overlap >= TEMPLATE_OVERLAP
            and pair_kind(first, second, near, overlap) == PairKind.TEMPLATE
        ):
            linkage.forbid(a, b)  # (below TEMPLATE_OVERLAP, two texts are reports)
            continue
        weight = points(first, second, stats, (a, b) in quoted)
        if weight > 0:
            linkage.weigh(a, b, weight)
    unit_of = {unit[0]: unit for unit in units}
    notes = day.notes
    for kept, taken, reason in linkage.run(settings.same_event_points):
        notes[kept].append(f"{reason}: {day.title(kept)} + {day.title(taken)}")
    result = []
    for stories in linkage.members.values():
        indices = [i for unit_lead in stories for i in unit_of[unit_lead]]
        primary = indices[0]
        if len(indices) > 1:
            primary = min(indices, key=lambda i: (completeness(unique[i]), ids[i]))
        ordered = [primary, *(i for i in indices if i != primary)]
        result.append(
            StoryGroup(
                articles=[unique[i] for i in ordered],
                profiles=[day.found[i] for i in ordered],
                duplicates=sum(dropped[ids[i]] for i in ordered),
                evidence=[note for unit_lead in stories for note in notes[unit_lead]],
            )
        )
    result.sort(key=lambda g: min((a.published, a.url or "", a.title) for a in g.articles))
    return result
