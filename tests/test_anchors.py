"""Event anchors: the happening an article's opening reports and its day, and how two
outlets' differently worded reports of one happening are grouped by them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from newsletter.group.anchors import anchors_of
from newsletter.group.cluster import cluster
from newsletter.group.evidence import (
    ANCHOR_POINTS,
    LONG_QUOTE_POINTS,
    QUOTE_POINTS,
    DayStats,
    evidence,
)
from newsletter.group.similarity import profiles
from newsletter.models import Article

WEDNESDAY = date(2026, 3, 11)


@pytest.mark.parametrize(
    ("title", "text", "anchor"),
    [
        (
            "Five takeaways",
            "Tuesday night's debate in Dunmore was the sharpest yet.",
            "debate@2026-03-10",
        ),
        (
            "Mayor vows action",
            "The mayor spoke in a televised address on Sunday about floods.",
            "address@2026-03-08",
        ),
        (
            "Harbor vote splits the town",
            "Residents voted yesterday in a long-awaited ballot.",
            "vote@2026-03-10",
        ),
        (
            "Council holds hearing",
            "The council held a hearing on March 3 on the new levee plan.",
            "hearing@2026-03-03",
        ),
        (
            "Caucuses tonight",
            "Voters gather today for the party caucuses across the valley.",
            "caucus@2026-03-11",
        ),
    ],
)
def test_an_opening_gives_the_happening_and_its_day(title: str, text: str, anchor: str) -> None:
    assert anchor in anchors_of(title, text, WEDNESDAY)


@pytest.mark.parametrize(
    "text",
    [
        "Candidates spoke to donors at Tuesday's summit of the Valley Growers Union.",
        "Tuesday at the Valley Growers Union conference, the candidates spoke to donors.",
        "The Valley Growers Union held a forum for the candidates on Tuesday.",
    ],
)
def test_a_gathering_is_one_happening_whatever_an_outlet_calls_it(text: str) -> None:
    assert anchors_of("Candidates court growers", text, WEDNESDAY) == {"conference@2026-03-10"}


def test_the_title_is_read_with_the_first_sentence_that_gives_its_day() -> None:
    text = "Rivals traded barbs on Twitter on Tuesday night as the candidates met on stage."
    assert anchors_of("Rivals react to the debate", text, WEDNESDAY) == {"debate@2026-03-10"}


@pytest.mark.parametrize(
    "text",
    [
        "The debate over the levee has gone on for years, residents said on Tuesday in a letter.",
        "Officials may 10 times reconsider the plan; no poll has been taken.",
        "The levee plan, first drawn up in 2019, is back before the council this spring.",
    ],
)
def test_no_anchor_without_a_happening_and_a_day_in_one_sentence(text: str) -> None:
    assert "debate@2026-03-10" not in anchors_of("Levee plan returns", text, WEDNESDAY)
    assert not {a for a in anchors_of("Levee plan returns", text, WEDNESDAY) if "poll" in a}


@pytest.mark.parametrize(
    "text",
    [
        "A climate group will run ads during tonight's debate in Dunmore.",
        "Candidates rehearsed ahead of the debate today in Dunmore.",
    ],
)
def test_a_happening_told_as_still_to_come_is_no_anchor(text: str) -> None:
    assert anchors_of("Ads planned", text, WEDNESDAY) == frozenset()
    # a report may go on to what comes next
    report = "The candidates clashed at tonight's debate and will meet again in May."
    assert anchors_of("Debate night", report, WEDNESDAY) == {"debate@2026-03-11"}


def test_an_article_without_a_publication_date_has_no_anchors() -> None:
    assert anchors_of("Debate night", "Tuesday's debate was long and sharp.", None) == frozenset()


def _report(source: str, title: str, text: str) -> Article:
    return Article(
        title=title,
        text=text,
        source=source,
        url=f"https://{source.lower().replace(' ', '')}.example/{abs(hash(title))}",
        published=datetime(2026, 3, 11, 9, tzinfo=UTC),
    )


def test_two_outlets_reports_of_one_debate_are_one_story_and_other_news_stays_apart() -> None:
    first = _report(
        "Valley Ledger",
        "Ruiz and Ortiz clash over water rights",
        "Marta Ruiz and Paul Ortiz sparred over water rights in Tuesday night's debate in "
        "Dunmore, the last before the county primary. Ruiz called the dam plan a giveaway.",
    )
    second = _report(
        "Coastal Post",
        "Five moments that mattered on stage",
        "The county's candidates met for a final debate on Tuesday at Dunmore's Grange Hall. "
        "Ortiz pressed Ruiz on her record, and the crowd booed twice.",
    )
    other = _report(
        "Valley Ledger",
        "Library reopens after repairs",
        "The Dunmore library reopened on Tuesday after a year of roof repairs, the county said.",
    )
    groups = cluster([first, second, other])
    assert sorted(len(g.articles) for g in groups) == [1, 2]
    (pair,) = [g for g in groups if len(g.articles) == 2]
    assert {a.source for a in pair.articles} == {"Valley Ledger", "Coastal Post"}
    assert any("the same happening: debate on 2026-03-10" in note for note in pair.evidence)


def test_the_same_happening_on_different_days_is_not_one_anchor() -> None:
    monday = anchors_of("Recap", "Monday's debate ran long into the night.", WEDNESDAY)
    tuesday = anchors_of("Recap", "Tuesday's debate ran long into the night.", WEDNESDAY)
    assert monday and tuesday and not monday & tuesday


def test_an_anchor_most_of_a_big_day_holds_tells_nothing() -> None:
    towns = [f"Town{chr(65 + n)}ville" for n in range(20)]
    reports = [
        _report(
            "Valley Ledger",
            f"{town} decides",
            f"{town} residents cast ballots in today's vote on a new pool.",
        )
        for town in towns
    ]
    found = profiles(reports)
    anchor = "vote@2026-03-11"
    assert all(anchor in p.anchors for p in found)
    assert DayStats.of(found).telling(frozenset({anchor})) == ()
    assert DayStats.of(found[:2]).telling(frozenset({anchor})) == (anchor,)


def test_anchors_are_left_out_when_asked() -> None:
    """`anchored=False`: what the other evidence alone is worth (across days, a match that
    rests on the happening alone is never left out: see the follow-up tests)."""
    first = _report(
        "Valley Ledger", "Debate night", "Tuesday night's debate in Dunmore ran long and loud."
    )
    second = _report(
        "Coastal Post", "On stage", "The candidates met for a debate on Tuesday in Dunmore."
    )
    found = profiles([first, second])
    stats = DayStats.of(found)
    anchored = evidence(found[0], found[1], stats)
    bare = evidence(found[0], found[1], stats, anchored=False)
    assert anchored.anchors == ("debate@2026-03-10",) and bare.anchors == ()
    assert anchored.points - bare.points == pytest.approx(ANCHOR_POINTS)


def test_a_named_voting_day_is_the_happening_and_its_day() -> None:
    text = "Ana Ruiz won four states on Super Tuesday, her aides said late in the evening."
    assert "primary@2026-03-10" in anchors_of("Ruiz surges", text, WEDNESDAY)


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        (
            "Ana Ruiz carried the Dunmore primary by a wide margin among older voters.",
            "vote:dunmore",
        ),
        (
            "Turnout in the North Vale Democratic caucuses fell by a third this year.",
            "vote:north vale",
        ),
        ("After the Harbor City debate, both candidates flew to the coast.", "debate:harbor city"),
        ("Her victory in North Vale ended his streak of wins.", "vote:north vale"),
        ("Crucial wins for Ruiz and Hale in North Vale", "vote:north vale"),
        ("Ruiz closed her North Vale victory speech with a tribute.", "vote:north vale"),
    ],
)
def test_a_contest_named_by_its_place_is_an_anchor(text: str, anchor: str) -> None:
    assert anchor in anchors_of("Results", text, WEDNESDAY)


def test_a_party_or_a_weekday_is_no_place_of_a_contest() -> None:
    text = "The Republican primary and Tuesday's Democratic debate drew crowds in the valley."
    found = anchors_of("Results", text, WEDNESDAY)
    assert not {a for a in found if ":" in a}, found


def test_a_contest_named_by_its_place_joins_reports_only_with_more_evidence() -> None:
    first = _report(
        "Valley Ledger",
        "Ruiz carries North Vale",
        "Marta Ruiz won the North Vale primary by a wide margin, ending Paul Ortiz's streak.",
    )
    second = _report(
        "Coastal Post",
        "What comes next for Ortiz",
        "After her victory in North Vale, Ortiz must decide whether Marta Ruiz can be caught.",
    )
    alone = _report(
        "Harbor Times",
        "Turnout questions linger",
        "Turnout in the North Vale primary was the lowest in years, the county clerk said.",
    )
    found = profiles([first, second, alone])
    assert all("vote:north vale" in p.anchors for p in found)
    groups = cluster([first, second, alone])
    assert sorted(len(g.articles) for g in groups) == [1, 2]
    (pair,) = [g for g in groups if len(g.articles) == 2]
    assert alone not in pair.articles
    assert any("the same happening: vote in north vale" in note for note in pair.evidence)


REMARK = (
    "“I meant exactly that. The harbor board is the founder of this mess, and I will say it "
    "again at every meeting until the levy is gone,”"
)


@pytest.mark.parametrize(
    ("shared", "long"), [(REMARK, True), ("“the founder of this mess”", False)]
)
def test_a_long_passage_of_one_remark_quoted_by_both_reports_weighs_more(
    shared: str, long: bool
) -> None:
    first = _report(
        "Valley Ledger",
        "Ruiz doubles down on the harbor board",
        f"Mayor Ana Ruiz would not retract her attack on the harbor board. {shared} she said.",
    )
    second = _report(
        "Coastal Post",
        "Board hits back at Ruiz",
        f"The harbor board demanded an apology after Ruiz's remarks. {shared} Ruiz told reporters.",
    )
    found = profiles([first, second])
    joined = evidence(*found, DayStats.of(found))
    plain = evidence(*found, DayStats.of(found), quote=False)
    assert joined.points - plain.points == (LONG_QUOTE_POINTS if long else QUOTE_POINTS)
    assert ("a long shared quote" in joined.describe()) == long
