"""Numbers read as printed and compared by value, in the grounding gate."""

from __future__ import annotations

import pytest

from newsletter.digest.grounding import unsupported
from newsletter.digest.numbers import Numbers, mentions

SOURCE = (
    "The council approved 156,000 new meters and a budget of $18,104.10 on a 5-4 vote. "
    "Twenty-nine residents spoke; the plan costs 1.5 million dollars, or $25M over ten years. "
    "Turnout was 40% in the third ward, and the mayor said it was her eighth budget."
)


@pytest.mark.parametrize(
    "summary",
    [
        "The council approved 156,000 meters on a 5-4 vote.",
        "The budget is $18,104.10.",
        "The plan costs $1.5 million, or 25 million dollars over 10 years.",
        "29 residents spoke, and turnout was 40 percent.",
        "It was the mayor's 8th budget, and twenty-nine residents spoke.",
    ],
)
def test_a_number_printed_as_the_article_has_it_or_with_the_same_value_passes(
    summary: str,
) -> None:
    assert unsupported(summary, SOURCE) == []


@pytest.mark.parametrize(
    ("summary", "flagged"),
    [
        ("The council approved 165,000 meters.", "165,000"),
        ("The council voted 5-3.", "5-3"),
        ("The plan costs $2.5 million.", "$2.5 million"),
        ("Thirty residents spoke.", "Thirty"),
        ("Turnout was 40% in the fourth ward.", "fourth"),
        ("It was her ninth budget.", "ninth"),
    ],
)
def test_a_number_the_article_does_not_hold_is_flagged_as_printed(
    summary: str, flagged: str
) -> None:
    assert unsupported(summary, SOURCE) == [flagged]


def test_an_ordinal_is_not_supported_by_the_same_count() -> None:
    known = Numbers("Four people came.")
    assert not known.supports(mentions("the fourth person")[0])
    assert known.supports(mentions("4 people")[0])


def test_each_side_of_a_score_must_be_supported() -> None:
    (score,) = mentions("a 19-15 vote")
    assert [sorted(side) for side in score.sides] == [[19.0], [15.0]]
    assert not Numbers("19 members and 14 others").supports(score)


@pytest.mark.parametrize(
    ("summary", "source"),
    [
        ("Save one-fourth of the cost.", "Save a quarter of the cost."),
        ("Pay another fourth from income.", "Pay another quarter out of income."),
        ("Two-thirds of voters agreed.", "About 67 percent of voters agreed."),
        ("Half of the members voted.", "Fifty percent of the members voted."),
        ("A third of the town came.", "One-third of the town came."),
    ],
)
def test_a_fraction_is_its_value_however_written(summary: str, source: str) -> None:
    assert unsupported(summary, source) == []


@pytest.mark.parametrize(
    ("summary", "source", "flagged"),
    [
        ("Save one-fifth of the cost.", "Save a quarter of the cost.", "one-fifth"),
        ("It was her third term.", "It was her fourth term.", "third"),
        ("Sales fell in the fourth quarter.", "Sales fell in the last three months.", "fourth"),
        ("In the second half of July, sales fell.", "In late July, sales fell.", "second"),
    ],
)
def test_another_fraction_or_an_ordinal_is_flagged(summary: str, source: str, flagged: str) -> None:
    assert unsupported(summary, source) == [flagged]


@pytest.mark.parametrize(
    ("summary", "flagged"),
    [
        ("Three in five of the four wards backed it.", []),
        ("Three out of five wards backed it; 60 percent did.", []),
        ("Four in five wards backed it.", ["Four in five"]),  # "four" alone is in the source
    ],
)
def test_a_share_is_its_value_not_its_figures(summary: str, flagged: list[str]) -> None:
    source = "Three-in-five wards across the four districts backed the plan."
    assert unsupported(summary, source) == flagged


@pytest.mark.parametrize(
    ("summary", "flagged"),
    [
        ("Nearly 60 percent of her money came from women.", []),
        ("Nearly 60% of her money came from women.", []),
        ("Nearly 70 percent of her money came from women.", ["70"]),  # the 70 is dollars
        ("Her donors gave $70 million.", []),
        ("A poll found 43 percent said yes.", []),  # a poll's bare count is a share
    ],
)
def test_a_percentage_is_read_among_shares_and_counts_not_amounts(
    summary: str, flagged: list[str]
) -> None:
    source = (
        "Nearly 60 percent of her contributions, totaling $70 million, came from women. "
        "Asked whether it mattered: forty-three, yes; forty-four, no."
    )
    assert unsupported(summary, source) == flagged
