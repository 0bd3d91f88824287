"""Evidence that two of the day's articles report one event, weighted by how rare it is.

Two kinds of pair are told apart before any evidence is weighed:

- **copies** (syndication, web and print versions, URL variants): the texts share most of their
  word 3-shingles (MinHash Jaccard >= `dedup.near_duplicate`) and at most one name or number
  was swapped for another (a figure corrected). They are one story.
- **templates** (council bulletins, earnings notes, results): the texts share a good part of
  their shingles (>= `TEMPLATE_OVERLAP`) but two or more names or numbers of one were
  replaced by others in the other, a name among them, between the same words (`refilled`):
  the same sentences with different fillers in the slots. They are different events however
  much text they share, and never one story. Two texts that share most of their names, with
  some added, dropped or figures updated in place, are versions of one text (an early and a
  late edition) and are weighed like other reports.

Other pairs are weighed (`Evidence`): the names and numbers that lead one article (its title
and first sentences) and appear in the other, each worth its inverse document frequency in
the day (plus a background of earlier days when given), so "Trump" on a politics day is
worth little and a town's name much; a quoted passage both carry (more when it is long, or
several: two reports of one remark); and the cosine of their
title + lede words, also weighted by rarity; and the same happening on the same day named in
both openings ("Tuesday night's debate" in two reports of Wednesday: `anchors`), which two
outlets' wordings of one event share where little else is. `Evidence.points` adds them up.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from newsletter.group.similarity import Profile, lead_words_of, lede, refilled, terms_of
from newsletter.models import Article

__all__ = [
    "ANCHOR_POINTS",
    "LONG_QUOTE_GRAMS",
    "MAX_SWAPPED",
    "PLACED_ANCHOR_POINTS",
    "QUOTE_POINTS",
    "TEMPLATE_OVERLAP",
    "DayStats",
    "Evidence",
    "PairKind",
    "evidence",
    "pair_kind",
    "points",
    "swapped",
]

TEMPLATE_OVERLAP = 0.15
"""Share of word 3-shingles (MinHash Jaccard) from which two texts are written from one text:
copies or templates. Reports of one event by two outlets share less than 0.05."""
VERSION_SHARE = 0.5
"""Share of the shorter text's names and numbers that two versions of one text have in
common, at least (the rest added, dropped or updated in place, none refilled)."""
MAX_SWAPPED = 1
"""Names or numbers a copy may have swapped for others (a corrected figure)."""
QUOTE_POINTS = 2.0
"""What a quoted passage shared by two articles (and rare in the day) is worth."""
LONG_QUOTE_GRAMS = 5
LONG_QUOTE_POINTS = 3.0
"""What they are worth when they share this many of its word 5-grams (rare in the day): a
long passage, or several, of one person's words, as two reports of one remark quote it."""
ANCHOR_POINTS = 5.0
"""What the same happening on the same day in both openings is worth: nearly enough alone,
so that one rare name, or some shared wording, must agree."""
PLACED_ANCHOR_POINTS = 3.0
"""What the same contest named by its place in both openings is worth ("the Iowa caucuses",
"her victory in Iowa"): its place counts as a shared name besides."""
ANCHOR_COMMON = (12, 0.05)
"""An anchor held by more of the day's articles than the larger of these (a count, a share)
tells nothing: on a big day, "today's vote" is many votes."""
LEAD_WEIGHT = 4.0
"""What identical title + lede wording would be worth (the cosine is scaled by it)."""
MOST_NAMES = 5
"""Only the rarest few shared names count: many common ones (the same candidates in every
campaign story) do not add up to one event."""
PRIOR_DOCUMENTS = 20
"""Unseen articles assumed besides the day's and the background's: on a small day, the names
of an event covered by half the articles are still rare in the news at large."""
THIN_NAMES_POINTS = 6.0
"""The most the shared names (not numbers) together are worth on a thin day (fewer than
PRIOR_DOCUMENTS articles with the background): every name looks rare there, the people every
story names as much as an event's own, so a merge needs a shared happening, quoted passage,
figure or wording besides."""
MAX_NAME_POINTS = 2.0
"""The most one shared name is worth, however rare: one name alone (a first name, a town)
is a coincidence, two or more rare ones are evidence."""
ONE_LEAD_SHARE = 0.5
"""What a name leading only one of the two articles is worth, as a share of a name that
leads both (the other mentions it somewhere, perhaps in passing)."""
MAX_NUMBER_POINTS = 1.0
"""The most one shared number is worth: figures recur by chance (24%, 24 Church Road)."""


class PairKind:
    COPY = "copy"
    TEMPLATE = "template"
    REPORTS = "reports"


def swapped(a: Profile, b: Profile) -> int:
    """How many names or numbers were replaced between two texts: those each has that the
    other lacks (an addition on one side only, such as a wire credit, is not a swap)."""
    return min(len(a.terms), len(b.terms)) - len(a.terms & b.terms)


def pair_kind(a: Profile, b: Profile, near_duplicate: float, overlap: float | None = None) -> str:
    """COPY, TEMPLATE or REPORTS (see the module docstring). `overlap`: their MinHash
    Jaccard, when the caller has it."""
    if overlap is None:
        overlap = a.minhash.jaccard(b.minhash)
    if overlap < TEMPLATE_OVERLAP:
        return PairKind.REPORTS
    if swapped(a, b) > MAX_SWAPPED:
        if len(a.terms & b.terms) < VERSION_SHARE * min(len(a.terms), len(b.terms)):
            return PairKind.TEMPLATE  # hardly a name in common: no versions of one text
        refills = refilled(a, b)
        if refills is None or (refills[0] and sum(refills) > MAX_SWAPPED):
            return PairKind.TEMPLATE
        return PairKind.REPORTS  # names added or dropped, figures updated: one text's versions
    return PairKind.COPY if overlap >= near_duplicate else PairKind.REPORTS


class _Computed(dict):
    """A dict that computes a missing value once, with `make`."""

    def __init__(self, make: Callable[[Any], float]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> float:
        value = self[key] = self.make(key)
        return value


@dataclass
class DayStats:
    """Document frequencies of names, numbers and lede words over the day's articles and a
    background of earlier days' articles (`background`), and the weights drawn from them
    (each computed once)."""

    documents: int = 0
    frequency: Counter[str | int] = field(default_factory=Counter)
    anchors: Counter[str] = field(default_factory=Counter)
    """How many of the day's articles hold each anchor."""
    day: int = 0
    """The day's articles (`documents` adds the background's)."""

    def __post_init__(self) -> None:
        self._idf = _Computed(self._compute_idf)
        self.name_weight = _Computed(lambda term: min(self._idf[term], _cap(term)))
        """A shared name's or number's points: its idf, capped (`MAX_NAME_POINTS`...)."""
        self.squared_idf = _Computed(lambda word: self._idf[word] ** 2)
        self._norms = _Computed(lambda words: math.sqrt(self.sum_squared_idf(words)))

    @classmethod
    def of(cls, found: Iterable[Profile], background: Iterable[Article] = ()) -> DayStats:
        stats = cls()
        for item in found:
            stats.documents += 1
            stats.frequency.update(item.terms | item.lead_words)
            stats.frequency.update(item.quote_grams)  # (numbers: never a name or a word)
            stats.anchors.update(item.anchors)
            stats.day += 1
        for article in background:
            stats.documents += 1
            stats.frequency.update(
                terms_of(article.title, article.text)
                | lead_words_of(f"{article.title} {lede(article.text)}")
            )
        return stats

    def _compute_idf(self, key: str | int) -> float:
        count = max(self.frequency[key], 1)
        return max(math.log((self.documents + PRIOR_DOCUMENTS) / (count + 0.5)), 0.0)

    @property
    def names_points(self) -> float:
        """The most shared names together are worth (THIN_NAMES_POINTS on a thin day)."""
        return THIN_NAMES_POINTS if self.documents < PRIOR_DOCUMENTS else math.inf

    def sum_squared_idf(self, words: Iterable[str]) -> float:
        """The sum of the words' squared idf weights, the same in any order (`math.fsum`:
        set order changes from one process to the next)."""
        return math.fsum(map(self.squared_idf.__getitem__, words))

    def telling(self, anchors: frozenset[str]) -> tuple[str, ...]:
        """The anchors, in order, that few enough of the day's articles hold to tell one
        event (`ANCHOR_COMMON`)."""
        count, share = ANCHOR_COMMON
        most = max(count, share * self.day)
        return tuple(a for a in sorted(anchors) if self.anchors[a] <= most)

    def idf(self, key: str | int) -> float:
        """ln((N + PRIOR_DOCUMENTS) / df), at least 0, for a key of at least one document."""
        return self._idf[key]

    def norm(self, words: frozenset[str]) -> float:
        """The length of a set of words as a vector of idf weights."""
        return self._norms[words]


@dataclass(frozen=True)
class Evidence:
    """Why two articles look like one event: shared names and numbers with their weights,
    a shared quoted passage, and the title + lede cosine."""

    names: tuple[tuple[str, float], ...]
    quote: int  # the quoted word 5-grams they share, rare in the day (0: no shared quote)
    lead: float
    anchors: tuple[str, ...] = ()
    names_points: float = math.inf
    """The most the names together are worth (`DayStats.names_points`)."""

    @cached_property
    def points(self) -> float:
        heaviest = self.names[:MOST_NAMES]
        anchor = _anchor_points(self.anchors)
        return _total(heaviest, self.quote, self.lead, anchor, self.names_points)

    def describe(self) -> str:
        parts = []
        if self.names:
            shown = ", ".join(f"{name} {weight:.1f}" for name, weight in self.names[:6])
            parts.append(f"names and numbers: {shown}")
        if self.quote:
            parts.append(
                "a long shared quote" if self.quote >= LONG_QUOTE_GRAMS else "a shared quote"
            )
        if self.anchors:
            told = ", ".join(
                anchor.replace("@", " on ").replace(":", " in ") for anchor in self.anchors
            )
            parts.append(f"the same happening: {told}")
        parts.append(f"title and lede alike {self.lead:.2f}")
        return f"{'; '.join(parts)} ({self.points:.1f} points)"


def _total(
    heaviest: Iterable[tuple[str, float]],
    quote: int,
    lead: float,
    anchor: float,
    names_points: float = math.inf,
) -> float:
    """The points of the heaviest names and numbers (the names' at most `names_points`), a
    shared quote (`quote`: the rare 5-grams of it shared), a cosine and a shared anchor's
    points."""
    said = LONG_QUOTE_POINTS if quote >= LONG_QUOTE_GRAMS else QUOTE_POINTS if quote else 0.0
    names = numbers = 0.0
    for term, weight in heaviest:
        if term[0].isdigit():
            numbers += weight
        else:
            names += weight
    return min(names, names_points) + numbers + said + anchor + LEAD_WEIGHT * lead


def _shared_quote(a: Profile, b: Profile, stats: DayStats, quote: bool | None) -> int:
    """The quoted word 5-grams two reports share that no more than one other article of
    the day (or the background) holds; with `quote` (whether the caller found them sharing
    such a passage) False, none, and True, one at least."""
    if quote is False:
        return 0
    shared = sum(1 for gram in a.quote_grams & b.quote_grams if stats.frequency[gram] <= 2)
    return max(1, shared) if quote else shared


def _anchor_points(shared: Iterable[str]) -> float:
    """What the telling anchors two reports share are worth: ANCHOR_POINTS for a happening
    on a day, PLACED_ANCHOR_POINTS for a contest named by its place alone ("vote:iowa"), whose
    place is a shared name already."""
    found = list(shared)
    if any("@" in anchor for anchor in found):
        return ANCHOR_POINTS
    return PLACED_ANCHOR_POINTS if found else 0.0


def _cosine(a: frozenset[str], b: frozenset[str], stats: DayStats) -> float:
    shared = a & b
    if not shared:
        return 0.0
    norm = stats.norm(a) * stats.norm(b)
    return stats.sum_squared_idf(shared) / norm if norm else 0.0


def _cap(term: str) -> float:
    return MAX_NUMBER_POINTS if term[0].isdigit() else MAX_NAME_POINTS


def _heaviest_first(item: tuple[str, float]) -> tuple[float, str]:
    return -item[1], item[0]


def _shared_names(a: Profile, b: Profile, stats: DayStats) -> list[tuple[str, float]]:
    """The names and numbers two reports share, heaviest first, with their weights: a name
    leading one article counts (ONE_LEAD_SHARE) when the other has it anywhere."""
    both = a.lead_terms & b.lead_terms
    one = ((a.lead_terms & b.terms) | (b.lead_terms & a.terms)) - both
    weight = stats.name_weight
    names = [(term, weight[term]) for term in both]
    names += [(term, ONE_LEAD_SHARE * weight[term]) for term in one]
    names.sort(key=_heaviest_first)
    return names


def points(a: Profile, b: Profile, stats: DayStats, quote: bool) -> float:
    """`evidence(a, b, stats, quote).points`, without the explanation: the heaviest names
    are summed in the same order, so the sum is the same to the last bit."""
    lead = _cosine(a.lead_words, b.lead_words, stats)
    anchor = (
        0.0
        if a.anchors.isdisjoint(b.anchors)
        else _anchor_points(stats.telling(a.anchors & b.anchors))
    )
    heaviest = _shared_names(a, b, stats)[:MOST_NAMES]
    said = _shared_quote(a, b, stats, quote)
    return _total(heaviest, said, lead, anchor, stats.names_points)


def evidence(
    a: Profile, b: Profile, stats: DayStats, quote: bool | None = None, anchored: bool = True
) -> Evidence:
    """The evidence that two reports (not copies, not templates) tell one event. `quote`:
    whether they share a quoted passage rare in the day, when the caller knows. `anchored`:
    whether a shared happening on a day counts."""
    return Evidence(
        names=tuple(item for item in _shared_names(a, b, stats) if item[1] > 0),
        quote=_shared_quote(a, b, stats, quote),
        lead=_cosine(a.lead_words, b.lead_words, stats),
        anchors=stats.telling(a.anchors & b.anchors) if anchored else (),
        names_points=stats.names_points,
    )
