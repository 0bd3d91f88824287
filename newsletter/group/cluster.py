"""Within a day: the day's articles grouped into stories, one group per event.

Exact duplicates always merge: the same article id (one canonical URL, so UTM, AMP and mobile
variants are one), or the same text from two feeds (the content hash). Reports of one event
merge by `similarity.same_event`. Only likely pairs are compared: those that MinHash LSH puts
in one bucket (near-duplicate text), that share a quoted passage, or that share at least
`min_shared_terms` names and numbers (a term found in a large part of the day is too common to
propose pairs). So the work grows with the number of articles, not with its square.

Groups come out in a deterministic order whatever order the articles came in: each group's
articles are its primary (the most complete report: the longest text, then the most quoted
passages, then the earliest) followed by the others by time; the groups are ordered by their
earliest article.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations

from datasketch import MinHashLSH

from newsletter.config import DedupSettings
from newsletter.digest.extractive import completeness
from newsletter.group.similarity import NUM_PERM, Profile, profiles, same_event
from newsletter.models import Article

__all__ = ["StoryGroup", "cluster"]

COMMON_TERM_SHARE = 0.05
"""A term in more than this share of the day's articles (and more than MIN_COMMON of them)
proposes no pairs: it says nothing about which event an article reports."""
MIN_COMMON = 12


@dataclass
class StoryGroup:
    """Articles about one event, primary first; `profiles` are theirs, in the same order."""

    articles: list[Article]
    profiles: list[Profile] = field(repr=False)
    duplicates: int = 0
    """Articles dropped as exact copies of one in the group (same id)."""

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

    @property
    def key(self) -> str:
        """A stable identity of the group: its primary article's id."""
        return self.primary.id


class _Groups:
    """Union-find over article positions."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        first, second = sorted((self.find(a), self.find(b)))
        self.parent[second] = first


def _exact_copies(articles: list[Article]) -> tuple[list[Article], Counter[str]]:
    """One article per id (the earliest, then the shortest URL): URL variants are one. Also
    how many copies of each id were dropped."""
    kept: dict[str, Article] = {}
    dropped: Counter[str] = Counter()
    for article in sorted(articles, key=lambda a: (a.published, len(a.url or ""), a.url or "")):
        identity = article.id  # computed from the URL each time: ask once
        if identity in kept:
            dropped[identity] += 1
        else:
            kept[identity] = article
    return [kept[i] for i in sorted(kept, key=lambda i: (kept[i].published, i))], dropped


def _candidate_pairs(found: list[Profile], settings: DedupSettings) -> Iterable[tuple[int, int]]:
    """Pairs worth comparing, each once, in a stable order."""
    pairs: set[tuple[int, int]] = set()
    # LSH only proposes pairs (same_event decides), and it needs a threshold inside (0, 1)
    lsh = MinHashLSH(threshold=min(max(settings.near_duplicate, 0.1), 0.9), num_perm=NUM_PERM)
    for index, item in enumerate(found):
        for other in lsh.query(item.minhash):
            pairs.add((other, index))
        lsh.insert(index, item.minhash)

    by_term: dict[str, list[int]] = defaultdict(list)
    by_quote: dict[int, list[int]] = defaultdict(list)
    for index, item in enumerate(found):
        for term in item.terms:
            by_term[term].append(index)
        for gram in item.quote_grams:
            by_quote[gram].append(index)
    common = max(MIN_COMMON, int(COMMON_TERM_SHARE * len(found)))
    shared: Counter[tuple[int, int]] = Counter()
    for members in by_term.values():
        if len(members) <= common:
            shared.update(combinations(members, 2))
    pairs.update(pair for pair, count in shared.items() if count >= settings.min_shared_terms)
    for members in by_quote.values():
        if len(members) <= common:
            pairs.update(combinations(members, 2))
    return sorted(pairs)


def cluster(articles: Iterable[Article], settings: DedupSettings | None = None) -> list[StoryGroup]:
    """The day's articles as story groups (see the module docstring)."""
    settings = settings or DedupSettings()
    unique, dropped = _exact_copies(list(articles))
    if not unique:
        return []
    found = profiles(unique)
    groups = _Groups(len(unique))
    by_hash: dict[str, int] = {}
    for index, article in enumerate(unique):
        groups.union(by_hash.setdefault(article.content_hash, index), index)
    ids = [a.id for a in unique]
    for a, b in _candidate_pairs(found, settings):
        if groups.find(a) != groups.find(b) and same_event(found[a], found[b], settings):
            groups.union(a, b)

    members: dict[int, list[int]] = defaultdict(list)
    for index in range(len(unique)):
        members[groups.find(index)].append(index)
    result = []
    for indices in members.values():
        primary = min(indices, key=lambda i: (completeness(unique[i]), ids[i]))
        ordered = [primary, *(i for i in indices if i != primary)]
        result.append(
            StoryGroup(
                articles=[unique[i] for i in ordered],
                profiles=[found[i] for i in ordered],
                duplicates=sum(dropped[ids[i]] for i in ordered),
            )
        )
    result.sort(key=lambda g: min((a.published, a.url or "", a.title) for a in g.articles))
    return result
