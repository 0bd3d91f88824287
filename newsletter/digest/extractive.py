"""The offline engine: a story made only of the article's own words.

The headline is the article's title; the summary is its first sentences (two or three, at most
60 words); the quotes are the strongest attributed candidates from `newsletter.quotes.find`.
Nothing is invented, so it needs no model, no key and no network. The LLM engine uses it for
every story it cannot write itself.
"""

from __future__ import annotations

import re
from typing import Any

from newsletter.digest.candidates import QuoteFinder, candidates
from newsletter.models import Article, Quote, SourceLink, Story, StoryQuote

__all__ = [
    "ExtractiveEngine",
    "pick_quotes",
    "primary_article",
    "provenance",
    "sentences",
    "shorten",
]

MAX_HEADLINE = 90
MAX_SUMMARY_WORDS = 60
MAX_QUOTES = 2

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘'(\[]?[A-Z0-9])")


def sentences(text: str) -> list[str]:
    """The sentences of a text, paragraph by paragraph."""
    found = []
    for paragraph in re.split(r"\n\s*\n|\n", text):
        paragraph = " ".join(paragraph.split())
        if paragraph:
            found.extend(s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip())
    return found


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary so that the result, with an ellipsis, fits `limit` characters."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def summarise(text: str) -> str:
    """The first two or three sentences that fit in MAX_SUMMARY_WORDS words."""
    chosen: list[str] = []
    words = 0
    for sentence in sentences(text):
        count = len(sentence.split())
        if count < 5:  # datelines, bylines, section labels
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


def primary_article(group: list[Article]) -> Article:
    """The article a story is written from: the longest of its group."""
    return max(group, key=lambda a: len(a.text))


def provenance(group: list[Article]) -> dict[str, Any]:
    """The Story fields that say where a story comes from, the same for every engine."""
    return {
        "article_ids": [a.id for a in group],
        "sources": [SourceLink(name=a.source, url=a.url) for a in group],
        "url": primary_article(group).url,
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
        return Story(
            headline=shorten(primary.title, MAX_HEADLINE),
            summary=summarise(primary.text),
            quotes=pick_quotes(primary, found=candidates(primary, self.find_quotes)),
            engine=self.name,
            **provenance(group),
        )

    async def digest(self, group: list[Article]) -> Story:
        return self.write(group)

    async def introduce(self, stories: list[Story]) -> None:
        """The extractive engine writes no intro: the edition uses its default subject."""
        return None

    async def aclose(self) -> None:
        return None
