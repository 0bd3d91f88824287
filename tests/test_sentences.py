"""Where sentences end: the one splitter behind extractive summaries, the reply rules and the
grounding gate."""

from __future__ import annotations

import pytest

from newsletter.digest.extractive import summarise
from newsletter.digest.replies import sentence_count
from newsletter.digest.sentences import MAX_SENTENCE_CHARS, sentence_spans, sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The county votes on Nov. 8 after a long race. Turnout was high.",
            ["The county votes on Nov. 8 after a long race.", "Turnout was high."],
        ),
        (
            "Sen. Ada Park and Gov. Luis Ortega met Rev. Tom Bell. They agreed.",
            ["Sen. Ada Park and Gov. Luis Ortega met Rev. Tom Bell.", "They agreed."],
        ),
        (
            "The U.S. Court of Appeals ruled. Exports to the U.S. The rest fell.",
            ["The U.S. Court of Appeals ruled.", "Exports to the U.S.", "The rest fell."],
        ),
        (
            "Rep. J.K. Olsen (D-N.C.) voted no. It was No. 2 on the list.",
            ["Rep. J.K. Olsen (D-N.C.) voted no.", "It was No. 2 on the list."],
        ),
        (
            "Rates in the U.S. economy fell 1.5 percent under then-Sen. Ruiz's plan.",
            ["Rates in the U.S. economy fell 1.5 percent under then-Sen. Ruiz's plan."],
        ),
        (
            "“Stop,” she said. “We are done.” He left! Why? Nobody knows…",
            ["“Stop,” she said.", "“We are done.”", "He left!", "Why?", "Nobody knows…"],
        ),
    ],
)
def test_sentences_end_where_a_reader_would_end_them(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_a_line_break_before_a_lower_case_word_does_not_end_a_sentence() -> None:
    text = "The council voted to repair\nthe bridge on Main Street.\nWork starts soon."
    assert sentences(text) == [
        "The council voted to repair the bridge on Main Street.",
        "Work starts soon.",
    ]
    assert [text[a:b] for a, b in sentence_spans(text)][1] == "Work starts soon."


def test_the_reply_rules_count_sentences_with_abbreviations_as_one() -> None:
    summary = (
        "Sen. Ada Park said the vote on Nov. 8 would decide the U.S. budget. "
        "Gov. Luis Ortega agreed. The count starts at 8 p.m. on Tuesday."
    )
    assert sentence_count(summary) == 3


def test_an_extractive_summary_is_never_cut_at_an_abbreviation() -> None:
    text = (
        "Voters in Harlow County go to the polls on Nov. 8 to choose a new sheriff.\n\n"
        "Sen. Ada Park, who backs the sheriff, spoke at a rally at the U.S. Capitol on Sunday. "
        "The race is very close."
    )
    assert summarise(text) == " ".join(text.split())


def test_a_run_far_longer_than_any_sentence_is_read_in_bounded_pieces() -> None:
    """Text with no sentence end (hostile, or a table) is cut at blanks, so that reading it
    sentence by sentence stays cheap; the pieces cover its words in order."""
    text = "Mrs. Ruiz asked Ben Ortiz which " * 400 + "towns."
    spans = sentence_spans(text)
    assert len(spans) > 1
    assert all(end - start <= MAX_SENTENCE_CHARS for start, end in spans)
    assert " ".join(text[start:end] for start, end in spans).split() == text.split()
    assert sentence_spans("A short one. Another.") == [(0, 12), (13, 21)]
