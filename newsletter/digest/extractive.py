"""The offline engine: a story made only of the article's own words.

The headline is the article's title; the summary is its first sentences (two or three, at most
60 words); the quotes are the strongest attributed candidates from `newsletter.quotes.find`.
Nothing is invented, so it needs no model, no key and no network.
"""

from __future__ import annotations

import re

from newsletter import quotes
from newsletter.models import Article, SourceLink, Story, StoryQuote

__all__ = ["ExtractiveEngine", "pick_quotes", "sentences"]

MAX_HEADLINE = 90
MAX_SUMMARY_WORDS = 60
MAX_QUOTES = 2
MIN_QUOTE_WORDS = 4

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


def pick_quotes(article: Article, limit: int = MAX_QUOTES) -> list[StoryQuote]:
    """The best attributed quotes of an article, verbatim, in the order they appear."""
    candidates = [
        q
        for q in quotes.find(article.text)
        if q.speaker
        and q.confidence >= quotes.MIN_CONFIDENCE
        and len(q.text.split()) >= MIN_QUOTE_WORDS
        and article.text[q.start : q.end] == q.text
    ]
    best = sorted(candidates, key=lambda q: (-q.confidence, -len(q.text)))[:limit]
    return [
        StoryQuote(**q.model_dump(), article_id=article.id)
        for q in sorted(best, key=lambda q: q.start)
    ]


class ExtractiveEngine:
    """Stories from the articles' own sentences and quotes."""

    name = "extractive"

    def digest(self, group: list[Article]) -> Story:
        primary = max(group, key=lambda a: len(a.text))
        return Story(
            headline=shorten(primary.title, MAX_HEADLINE),
            summary=summarise(primary.text),
            quotes=pick_quotes(primary),
            article_ids=[a.id for a in group],
            sources=[SourceLink(name=a.source, url=a.url) for a in group],
            url=primary.url,
            engine=self.name,
        )
