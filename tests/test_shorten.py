"""Headlines, subjects and preheaders shortened where a phrase ends, never mid-phrase."""

from __future__ import annotations

from datetime import date

import pytest

from newsletter.config import Settings
from newsletter.models import Story
from newsletter.pipeline import MAX_SUBJECT, compose
from newsletter.shorten import join_within, shorten


def test_text_that_fits_is_left_whole() -> None:
    assert shorten("Ferry  timetable\nchanges", 80) == "Ferry timetable changes"


def test_a_cut_prefers_the_end_of_a_clause_without_an_ellipsis() -> None:
    title = "Coral larvae raised in warmer water cope better with heat waves, lab study finds"
    assert shorten(title, 70) == "Coral larvae raised in warmer water cope better with heat waves"


@pytest.mark.parametrize(
    ("title", "limit", "expected"),
    [
        (
            "Former guard named to coach a men's pro basketball team in the Italian league",
            60,
            "Former guard named to coach a men's pro basketball team…",
        ),
        (
            "Harbor board approves the longer pier for the ferries of the northern line",
            40,
            "Harbor board approves the longer pier…",
        ),
    ],
)
def test_a_cut_never_ends_on_an_article_preposition_or_conjunction(
    title: str, limit: int, expected: str
) -> None:
    assert shorten(title, limit) == expected
    assert len(expected) <= limit


def test_a_single_word_longer_than_the_room_is_cut_with_an_ellipsis() -> None:
    assert shorten("Pneumonoultramicroscopicsilicovolcanoconiosis", 12) == "Pneumonoult…"


def test_a_preheader_keeps_whole_headlines() -> None:
    headlines = ["Pier approved", "Ferry late again", "Library hours change on Sunday"]
    assert join_within(headlines, 40) == "Pier approved · Ferry late again"
    assert join_within(headlines, 200) == " · ".join(headlines)


def test_a_lead_too_long_for_the_preheader_is_shortened_at_a_phrase() -> None:
    lead = "The council approves the parks plan after a debate of the whole evening"
    assert join_within([lead, "Other news"], 50) == "The council approves the parks plan…"


def test_the_subject_and_preheader_of_an_edition_end_at_a_phrase() -> None:
    lead = "Coral larvae raised in warmer water cope better with heat waves in the lab of a school"
    headlines = [lead, "Pier approved", "Ferry late", "Library reopens after a year"]
    stories = [
        Story(headline=headline, summary="s", article_ids=[str(n)])
        for n, headline in enumerate(headlines)
    ]
    edition = compose(Settings(name="The Daily Brief"), date(2022, 2, 22), stories, [], "x")
    assert edition.subject == (
        "The Daily Brief: Coral larvae raised in warmer water cope better with heat…"
    )
    assert len(edition.subject) <= MAX_SUBJECT
    assert edition.preheader == f"{lead} · Pier approved · Ferry late"  # whole headlines, ≤ 140
