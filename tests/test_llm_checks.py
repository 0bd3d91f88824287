"""The pure parts of the LLM engine: the grounding gate, cutting an article to fit, reading a
reply whatever the server did with the format, and the budget."""

from __future__ import annotations

import json

import pytest

from newsletter.config import DEFAULT_PRICES
from newsletter.digest.budget import TokenBudget, call_cost, price_of
from newsletter.digest.gate import ungrounded as _ungrounded
from newsletter.digest.grounding import (
    MAX_QUOTED_WORDS,
    MIN_ECHOED_WORDS,
    Problem,
    echoes,
    problems,
    unsupported,
)
from newsletter.digest.replies import ReplyError, StoryReply, read_reply, response_schema
from newsletter.digest.tokens import CUT_MARK, count_tokens, fit_article
from newsletter.models import Quote
from tests.conftest import EXAMPLE_ARTICLES

PSAKI = (EXAMPLE_ARTICLES / "2022-02-22" / "psaki-door-to-diplomacy.txt").read_text()


@pytest.mark.parametrize(
    "text",
    [
        "White House Press Secretary Jen Psaki said the “door to diplomacy” remains open.",
        "Psaki’s briefing came as Biden announced sanctions on Russian banks.",
        "The U.S. moved troops to Estonia, Latvia and Lithuania. Biden-Putin talks are off.",
        "Blinken canceled a meeting with Lavrov that was scheduled for Thursday.",
    ],
)
def test_grounded_sentences_pass(text: str) -> None:
    assert unsupported(text, PSAKI) == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("President Trump said the door to diplomacy is open.", "Trump"),
        ("Vice President Harris canceled a meeting with Lavrov.", "Harris"),
        ("Biden announced 12 new sanctions.", "12"),
        ('Biden said "defending freedom will have costs for us as well."', "defending freedom"),
        ("Katie said the door is open in 2023.", "2023"),
    ],
)
def test_unsupported_names_numbers_and_quotations_are_named(text: str, problem: str) -> None:
    assert any(problem in p for p in unsupported(text, PSAKI))


LONG_QUOTE = "“defending freedom will have costs for us as well.”"  # verbatim in the article


def test_each_problem_has_its_kind() -> None:
    text = (
        "President Harris said “diplomacy is dead” and announced 12 new sanctions. "
        'Biden said "defending freedom will have costs for us as well." '
        "Psaki said the “door to diplomacy” is open."
    )
    assert MAX_QUOTED_WORDS < 9
    found = problems(text, PSAKI)
    assert found == [
        Problem("misquote", "“diplomacy is dead”"),
        Problem("long_quote", LONG_QUOTE),
        Problem("name", "Harris"),
        Problem("number", "12"),
    ]
    assert unsupported(text, PSAKI) == [p.text for p in found]


def story_feedback(text: str) -> list[str]:
    return _ungrounded(text, PSAKI, where="the article", fields="headline or summary")


def test_feedback_names_names_and_numbers_not_in_the_article() -> None:
    assert story_feedback("President Harris announced 12 new sanctions.") == [
        "these names or numbers are not in the article: Harris, 12. Use only names and numbers "
        "that the article gives, and write in sentence case (capitals only for the first word "
        "and for names)."
    ]


def test_feedback_names_a_quotation_not_in_the_article() -> None:
    assert story_feedback("Biden said “diplomacy is dead” on Tuesday.") == [
        "these quotations are not in the article: “diplomacy is dead”. Quote no one."
    ]
    # too long and not verbatim either: not in the article is what is wrong with it
    assert story_feedback('Biden said "defending freedom will cost us all a great deal."') == [
        "these quotations are not in the article: “defending freedom will cost us all a great "
        "deal.”. Quote no one."
    ]


def test_feedback_on_a_verbatim_quotation_too_long_says_to_paraphrase() -> None:
    told = story_feedback(f"Biden said {LONG_QUOTE}")
    assert told == [
        "quotes are printed separately from the article: do not quote in the headline or "
        f"summary; say it in your own words: {LONG_QUOTE}."
    ]
    assert "not in the article" not in told[0]
    assert story_feedback("Psaki said the “door to diplomacy” is open.") == []


def test_feedback_tells_each_kind_of_problem_once() -> None:
    text = f"Harris said “diplomacy is dead”. Biden said {LONG_QUOTE}"
    told = story_feedback(text)
    assert [t.split(":")[0] for t in told] == [
        "these names or numbers are not in the article",
        "these quotations are not in the article",
        "quotes are printed separately from the article",
    ]
    intro = _ungrounded(text, PSAKI, where="the stories", fields="subject or intro")
    assert intro[0].startswith("these names or numbers are not in the stories: Harris.")
    assert "do not quote in the subject or intro" in intro[2]


PSAKI_QUOTED = [
    Quote(text=text, start=start, end=start + len(text), speaker="Jen Psaki")
    for text in (
        "President Putin is overseeing the invasion of a sovereign country.",
        "the door to diplomacy [with Russia] still remains open",
    )
    if (start := PSAKI.find(text)) >= 0
]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Psaki said so. President Putin is overseeing the invasion of a sovereign country.",
            "President Putin is overseeing the invasion of a sovereign country",
        ),
        ("PUTIN IS OVERSEEING THE INVASION, OF A...", "Putin is overseeing the invasion of a"),
        (
            "The door to diplomacy still remains open, Psaki said.",
            "the door to diplomacy [with Russia] still remains open",
        ),
        (  # one word of the quote left out
            "Putin is overseeing the invasion of a country, the White House said.",
            "Putin is overseeing the invasion of a sovereign country",
        ),
        (  # one word put in
            "Putin is overseeing the brutal invasion of a sovereign country.",
            "Putin is overseeing the invasion of a sovereign country",
        ),
    ],
)
def test_quote_words_restated_as_fact_are_found(text: str, words: str) -> None:
    assert len(PSAKI_QUOTED) == 2
    assert [found for _, found in echoes(text, PSAKI_QUOTED)] == [words]


@pytest.mark.parametrize(
    "text",
    [
        "Psaki said the “door to diplomacy” is still open.",
        "Psaki said Putin is leading the invasion of a sovereign state.",  # five words in a row
        "Psaki said Putin is behind an attack on an independent country.",
    ],
)
def test_scare_quotes_and_paraphrases_are_not_echoes(text: str) -> None:
    assert MIN_ECHOED_WORDS == 6
    assert echoes(text, PSAKI_QUOTED) == []


def test_a_run_with_a_word_put_in_must_hold_words_of_a_saying() -> None:
    said = "Judge Ann Lee set an April 15 deadline for parties to submit a plan"
    quote = Quote(text=said, start=0, end=len(said), speaker="Harbor Gazette")
    # seven words in order with "the" put in, but only "set", "deadline" and "parties" say
    # anything: a date and a figure are facts, not a saying
    assert echoes("She set an April 15 deadline for the parties to agree.", [quote]) == []
    assert echoes("She set an April 15 deadline for parties to submit a plan.", [quote])


def test_number_formats_are_normalised() -> None:
    source = "The plan costs $1,200,000 and three towns share it; it passed 7-2."
    assert unsupported("The plan costs $1200000, shared by 3 towns, passed 7-2.", source) == []


def test_fit_keeps_the_lead_and_the_quoted_paragraphs() -> None:
    paragraphs = [f"Paragraph {i} " + "filler words " * 40 for i in range(12)]
    paragraphs[9] = 'The mayor said "we will rebuild the bridge" on Friday.'
    text = "\n\n".join(paragraphs)
    start = text.index("we will rebuild")
    quote = Quote(text="we will rebuild the bridge", start=start, end=start + 26, speaker="M")
    cut = fit_article(text, [quote], max_tokens=400)
    assert count_tokens(cut) <= 400 + 20
    assert cut.startswith("Paragraph 0 ")
    assert "we will rebuild the bridge" in cut
    assert CUT_MARK in cut
    assert fit_article(PSAKI, [], max_tokens=5000) == PSAKI


def test_reply_read_from_json_fenced_text_or_labels() -> None:
    context = {"topics": ["World", "Local"]}
    good = '{"headline": "A b c", "summary": "One thing happened. Then another.", '
    good += '"quote_ids": [1], '
    good += '"topic": "world", "importance": 2}'
    assert read_reply(good, StoryReply, context).topic == "World"
    assert read_reply(f"Sure!\n```json\n{good}\n```", StoryReply, context).importance == 2
    labelled = "Headline: A b c\nSummary: One thing happened. Then another.\nQuote IDs: 2\n"
    labelled += "Topic: Local\n"
    labelled += "Importance: 4"
    assert read_reply(labelled, StoryReply, context).quote_ids == [2]
    with pytest.raises(ReplyError, match="topic"):
        read_reply(good.replace("world", "Sport"), StoryReply, context)
    with pytest.raises(ReplyError, match="quote_ids"):
        read_reply(good.replace("[1]", "[1, 2, 3]"), StoryReply, context)
    with pytest.raises(ReplyError, match="not a JSON object"):
        read_reply("I cannot help with that.", StoryReply, context)


@pytest.mark.parametrize(
    ("summary", "problem"),
    [
        ("U.S. President Biden spoke on Tuesday.", "it has 1 sentence, but it must have 2 or 3"),
        ("One. Two here. Three here. Four here.", "it has 4 sentences, but it must have 2 or 3"),
        ("Biden spoke. " + "Then he said more " * 15 + "words.", "it has 63 words, but"),
    ],
)
def test_summary_must_be_two_or_three_sentences_of_at_most_60_words(
    summary: str, problem: str
) -> None:
    reply = {"headline": "A b c", "summary": summary, "topic": "World", "importance": 2}
    with pytest.raises(ReplyError, match=f"summary: {problem}"):
        read_reply(json.dumps(reply), StoryReply)
    two = "U.S. President Biden spoke. Mr. Putin did not."
    assert read_reply(json.dumps({**reply, "summary": two}), StoryReply).summary == two


def test_schema_is_strict_and_pins_topics() -> None:
    schema = response_schema(StoryReply, {"topic": ["World"]})["json_schema"]
    assert schema["strict"] is True
    body = schema["schema"]
    assert body["additionalProperties"] is False
    assert set(body["required"]) == {"headline", "summary", "quote_ids", "topic", "importance"}
    assert body["properties"]["topic"]["enum"] == ["World"]


def test_budget_and_prices() -> None:
    budget = TokenBudget(1000)
    assert budget.reserve(600) and not budget.reserve(600)
    budget.settle(600, 200)
    assert budget.reserve(600)
    assert TokenBudget(0).reserve(10**9)
    price = price_of("gpt-4o-mini-2024-07-18", DEFAULT_PRICES)
    assert price == DEFAULT_PRICES["gpt-4o-mini"]
    assert call_cost(price, 1_000_000, 0) == pytest.approx(0.15)
    assert call_cost(price_of("local", DEFAULT_PRICES), 10, 10) is None


def test_title_case_headlines_pass_on_inflections_but_not_on_new_names() -> None:
    source = "The mayor warned that the bridge repairs would take months, officials said."
    assert unsupported("Mayor Warns Bridge Repairs Will Take Months", source) == []
    assert unsupported("Mayor Warns Bridge Repairs Will Take Months, Says Obama", source) == [
        "Obama"
    ]
    # outside Title Case an unknown capitalised word is still a name
    assert unsupported("The mayor warned Obama about the repairs.", source) == ["Obama"]


@pytest.mark.parametrize(
    "summary",
    [
        "She praised the principal of Harlow Creek Elementary School for her courage.",
        "He warned that loud promises in hard times help no one.",
    ],
    ids=["a-name-in-the-quote", "a-function-word-leading-in"],
)
def test_sharing_a_name_or_a_leading_function_word_with_a_quote_is_no_echo(summary: str) -> None:
    quote_text = (
        "I know that loud promises in hard times only make things harder, said the principal of "
        "Harlow Creek Elementary School."
    )
    quote = Quote(text=quote_text, start=0, end=len(quote_text), speaker="Ana Ruiz")
    assert echoes(summary, [quote]) == []
    assert echoes("Loud promises in hard times only make things harder, she said.", [quote])


def test_a_title_may_be_abbreviated_but_not_changed() -> None:
    source = "Senator Ana Ruiz, who chairs the budget committee, voted against the plan."
    assert unsupported("Sen. Ana Ruiz voted against the plan.", source) == []
    assert unsupported("Gov. Ana Ruiz voted against the plan.", source) == ["Gov"]


def test_a_sentence_may_open_with_a_group_of_people() -> None:
    source = (
        "Dozens of letters reached the paper about the bridge vote. The historian Lena Park "
        "said the river had cut the town in two before."
    )
    assert unsupported("Readers wrote in about the bridge vote.", source) == []
    assert unsupported("Historians recall the river cutting the town in two.", source) == []
    assert unsupported("Lena Park and Tom Vance wrote about the vote.", source) == ["Tom", "Vance"]


def test_a_quote_restated_in_reported_speech_is_an_echo() -> None:
    quote_text = "I just don't see evidence that he wants to change the harbor plan."
    quote = Quote(text=quote_text, start=0, end=len(quote_text), speaker="Ana Ruiz")
    reported = "Ruiz said she just doesn't see evidence that Hale wants to change the harbor plan."
    assert [words for _, words in echoes(reported, [quote])] == [
        "I just don't see evidence that he wants to change the harbor plan"
    ]
    assert echoes("Ruiz doubts that Hale will ever change the harbor plan.", [quote]) == []
