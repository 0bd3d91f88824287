"""The offline engine: a story made only of the articles' own words.

A story is written from a group of articles about one event. The headline is the primary
article's title (the most complete report: the longest, then the one with the most quoted
passages, then the earliest); the summary is its first sentences (two or three, at most 60
words), leaving out one that only repeats the headline; the quotes are the strongest
attributed candidates from `newsletter.quotes.find` in any member of the group, each kept with
its own article id and offsets (a quote several outlets printed is taken once, from the first
member that has it, primary first; one the summary already prints is not shown again). Nothing is
invented, so it needs no model, no key and no network. The LLM engine uses it for every story
it cannot write itself. Text that addresses a model (`injection`) is left out of the summary
and the quotes, and a story with such text is `doubted`.
"""

from __future__ import annotations

import re
from typing import Any

from newsletter.digest import injection
from newsletter.digest.candidates import QuoteFinder, candidates
from newsletter.digest.sentences import sentences
from newsletter.models import Article, Quote, SourceLink, Story, StoryQuote
from newsletter.shorten import shorten

__all__ = [
    "ExtractiveEngine",
    "completeness",
    "group_candidates",
    "group_quotes",
    "members",
    "pick_quotes",
    "primary_article",
    "provenance",
    "repeats",
    "sentences",
    "shorten",
    "summarise",
]

MAX_HEADLINE = 90
MAX_SUMMARY_WORDS = 60
MAX_QUOTES = 2

_ENDS_SENTENCE = re.compile(r"[.!?…][\"”’')\]]*$")


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def repeats(sentence: str, headline: str) -> bool:
    """Whether `sentence` says little more than `headline`: nearly all its words are the
    headline's (a standfirst or a title line printed again above the text)."""
    said, heard = _words(sentence), set(_words(headline))
    return bool(said) and sum(w in heard for w in said) >= 0.8 * len(said)


def summarise(text: str, headline: str = "") -> str:
    """The first two or three sentences that fit in MAX_SUMMARY_WORDS words, without one that
    only repeats `headline`."""
    chosen: list[str] = []
    words = 0
    for sentence in sentences(text):
        count = len(sentence.split())
        if count < 5 or not _ENDS_SENTENCE.search(sentence):
            continue  # datelines, bylines, section labels, a headline line above the text
        if headline and repeats(sentence, headline):
            continue
        if words + count > MAX_SUMMARY_WORDS:
            if not chosen:
                return shorten(sentence, MAX_SUMMARY_WORDS * 7)
            break
        chosen.append(sentence)
        words += count
        if len(chosen) == 3:
            break
    return " ".join(chosen)


def pick_quotes(
    article: Article, limit: int = MAX_QUOTES, *, found: list[Quote] | None = None
) -> list[StoryQuote]:
    """The best attributed quotes of an article, verbatim, in the order they appear."""
    pool = candidates(article) if found is None else found
    best = sorted(pool, key=lambda q: (-q.confidence, -len(q.text)))[:limit]
    return [
        StoryQuote(**q.model_dump(), article_id=article.id)
        for q in sorted(best, key=lambda q: q.start)
    ]


def completeness(article: Article) -> tuple[int, int, float]:
    """Sort key that puts the most complete report first: the longest text, then the most
    quotation marks, then the earliest."""
    marks = article.text.count("“") + article.text.count('"') // 2
    return (-len(article.text), -marks, article.published.timestamp())


def primary_article(group: list[Article]) -> Article:
    """The article a story is written from: the most complete of its group (the first of
    equals)."""
    return min(group, key=completeness)


def members(group: list[Article]) -> list[Article]:
    """The group with its primary article first, the others in their order."""
    primary = primary_article(group)
    return [primary, *(a for a in group if a is not primary)]


def group_candidates(
    group: list[Article], find: QuoteFinder | None = None
) -> list[tuple[Article, Quote]]:
    """The candidate quotes of every member, primary first, each with its article; a quote
    whose words another member already gave is left out."""
    seen: set[str] = set()
    found = []
    for article in members(group):
        own = candidates(article, find)
        found += [(article, q) for q in own if " ".join(q.text.lower().split()) not in seen]
        seen.update(" ".join(q.text.lower().split()) for q in own)
    return found


def group_quotes(
    group: list[Article],
    find: QuoteFinder | None = None,
    limit: int = MAX_QUOTES,
    *,
    shown: str = "",
) -> list[StoryQuote]:
    """The best attributed quotes of a group, verbatim, each with its own article id, in the
    members' order (primary first) and the text's order; a quote whose words `shown` (the
    summary) already prints is left out."""
    printed = " ".join(_words(shown))
    pool = [
        (article, q)
        for article, q in group_candidates(group, find)
        if not (printed and " ".join(_words(q.text)) in printed)
    ]
    order = {id(article): n for n, article in enumerate(members(group))}
    best = sorted(pool, key=lambda pair: (-pair[1].confidence, -len(pair[1].text)))[:limit]
    best.sort(key=lambda pair: (order[id(pair[0])], pair[1].start))
    return [StoryQuote(**q.model_dump(), article_id=a.id) for a, q in best]


def provenance(group: list[Article]) -> dict[str, Any]:
    """The Story fields that say where a story comes from, the same for every engine: all its
    articles, and its sources once each ("Reuters · AP · BBC"), the primary's first."""
    ordered = members(group)
    sources: dict[str, SourceLink] = {}
    for article in ordered:
        sources.setdefault(article.source, SourceLink(name=article.source, url=article.url))
    return {
        "article_ids": [a.id for a in ordered],
        "sources": list(sources.values()),
        "url": ordered[0].url,
    }


class ExtractiveEngine:
    """Stories from the articles' own sentences and quotes."""

    name = "extractive"
    report = None

    def __init__(self, find_quotes: QuoteFinder | None = None) -> None:
        self.find_quotes = find_quotes

    def write(self, group: list[Article]) -> Story:
        """The story, synchronously (it waits on nothing)."""
        primary = primary_article(group)
        headline = shorten(primary.title, MAX_HEADLINE)
        summary = summarise(injection.without(primary.text), headline)
        return Story(
            headline=headline,
            summary=summary,
            quotes=group_quotes(group, self.find_quotes, shown=summary),
            engine=self.name,
            doubted=bool(injection.screen(t for a in group for t in (a.title, a.text)).cues),
            **provenance(group),
        )

    async def digest(self, group: list[Article]) -> Story:
        return self.write(group)

    async def introduce(self, stories: list[Story]) -> None:
        """The extractive engine writes no intro: the edition uses its default subject."""
        return None

    async def aclose(self) -> None:
        return None
