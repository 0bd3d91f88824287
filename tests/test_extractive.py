"""The offline engine: a story made only of the article's own sentences and quotes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from newsletter.digest.extractive import ExtractiveEngine, summarise
from newsletter.models import Article

TEXT = (
    "Ferry service returns to Gull Island\n\n"
    "The ferry to Gull Island ran again on Monday after six weeks in dry dock. "
    "Islanders had relied on a water taxi since early March. "
    "The operator said the crossing now takes twenty minutes.\n\n"
    "“We missed the morning boat more than we expected,” said shopkeeper Ada Moss. "
    "“The taxi was kind, but it was not the same,” she added."
)


def test_summary_skips_a_headline_line_and_keeps_two_or_three_sentences() -> None:
    summary = summarise(TEXT)
    assert not summary.startswith("Ferry service returns")
    assert summary.startswith("The ferry to Gull Island ran again on Monday")
    assert summary.count(". ") + 1 in (2, 3)
    assert len(summary.split()) <= 60


def test_story_quotes_are_verbatim_with_their_speaker() -> None:
    article = Article(
        title="Ferry service returns to Gull Island",
        text=TEXT,
        source="Island Post",
        url="https://example.org/ferry",
        published=datetime(2022, 2, 22, 9, tzinfo=UTC),
    )
    story = asyncio.run(ExtractiveEngine().digest([article]))
    assert story.headline == article.title
    assert [q.speaker for q in story.quotes] == ["Ada Moss", "Ada Moss"]
    for quote in story.quotes:
        assert article.text[quote.start : quote.end] == quote.text


def test_summary_leaves_out_a_sentence_that_only_repeats_the_headline() -> None:
    text = (
        "The Gull Island ferry is running again after six weeks in dry dock.\n\n"
        "Islanders had relied on a water taxi since early March. "
        "The operator said the crossing now takes twenty minutes."
    )
    headline = "Gull Island ferry running again after six weeks in dry dock"
    summary = summarise(text, headline)
    assert summary.startswith("Islanders had relied on a water taxi")
    assert summarise(text).startswith("The Gull Island ferry is running again")


def test_a_quote_the_summary_already_prints_is_not_shown_again() -> None:
    text = (
        "Ferry service returns to Gull Island\n\n"
        "“We missed the morning boat more than we expected,” said shopkeeper Ada Moss, "
        "as the ferry to Gull Island ran again on Monday after six weeks in dry dock. "
        "Islanders had relied on a water taxi since early March. "
        "The operator, which also runs the harbour café and the summer boat to the lighthouse, "
        "said the crossing now takes twenty minutes and that fares stay as they were last year."
        "\n\n“The taxi was kind, but it was not the same,” she added."
    )
    article = Article(
        title="Ferry service returns to Gull Island",
        text=text,
        source="Island Post",
        url="https://example.org/ferry",
        published=datetime(2022, 2, 22, 9, tzinfo=UTC),
    )
    story = asyncio.run(ExtractiveEngine().digest([article]))
    assert "We missed the morning boat" in story.summary
    assert [q.text for q in story.quotes] == ["The taxi was kind, but it was not the same,"]
