"""The quotes a story may print: attributed, verbatim spans found by `newsletter.quotes.find`.

Both engines take their quotes from here, so a quote in the email is always an exact span of
its article with the finder's speaker, whichever engine wrote the story. A quote inside text
that addresses the model (`injection`) is never a candidate.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from newsletter.digest import injection
from newsletter.models import Article, Quote

__all__ = ["MIN_QUOTE_WORDS", "QuoteFinder", "candidates", "quotes_of"]

MIN_QUOTE_WORDS = 4
FOUND_TEXTS = 64  # texts whose quotes are remembered (two stories' checks at once, and more)

QuoteFinder = Callable[[str], list[Quote]]
"""Finds the direct quotes of a text (`newsletter.quotes.find` unless a test passes another)."""


def quotes_of(text: str) -> list[Quote]:
    """`newsletter.quotes.find(text)`, remembered for the last FOUND_TEXTS texts: a story's
    candidates and its gate's evidence read the same article."""
    return list(_found(text))


@lru_cache(maxsize=FOUND_TEXTS)
def _found(text: str) -> tuple[Quote, ...]:
    from newsletter import quotes  # looked up at call time: the finder is its own package

    return tuple(quotes.find(text))


def _min_confidence() -> float:
    from newsletter import quotes

    return float(getattr(quotes, "MIN_CONFIDENCE", 0.0))


def candidates(article: Article, find: QuoteFinder | None = None) -> list[Quote]:
    """The article's attributed quotes of at least MIN_QUOTE_WORDS words, in text order, each
    checked to be exactly `article.text[start:end]`. With the default finder, quotes below its
    MIN_CONFIDENCE are left out; a finder passed in is trusted as it is."""
    finder = find or quotes_of
    threshold = _min_confidence() if find is None else 0.0
    flagged = injection.find(article.text)
    found = [
        q
        for q in finder(article.text)
        if q.speaker
        and q.confidence >= threshold
        and len(q.text.split()) >= MIN_QUOTE_WORDS
        and article.text[q.start : q.end] == q.text
        and not any(f.start < q.end and q.start < f.end for f in flagged)
    ]
    return sorted(found, key=lambda q: q.start)
