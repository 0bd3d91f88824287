"""Tests for the direct-quote finder: spans, verbatim text and speakers."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from itertools import pairwise

import pytest

from newsletter.models import Article, Quote
from newsletter.quotes import MAX_QUOTES, MAX_TEXT, MIN_CONFIDENCE, find
from newsletter.quotes.cues import CUE_FORMS, CueIndex
from newsletter.quotes.names import NameTable, _word_before, is_org, is_place
from tests.conftest import ROOT

SAMPLE_GOLD = ROOT / "tests" / "fixtures" / "quotes" / "psaki-door-to-diplomacy.gold.jsonl"


def printed(text: str) -> list[Quote]:
    """The quotes the product would print."""
    return [q for q in find(text) if q.confidence >= MIN_CONFIDENCE]


def by_text(text: str) -> dict[str, Quote]:
    return {q.text: q for q in find(text)}


def assert_verbatim(text: str, quotes: list[Quote]) -> None:
    for quote in quotes:
        assert quote.text == text[quote.start : quote.end]
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)


INTRO = "Governor Maria Lopez spoke to reporters in Denver on Monday.\n\n"


# -- quote marks ------------------------------------------------------------------------


def test_curly_double_quotes_after_cue() -> None:
    text = INTRO + "“We will rebuild the bridge by spring,” Lopez said."
    [quote] = printed(text)
    assert quote.text == "We will rebuild the bridge by spring,"
    assert quote.speaker == "Maria Lopez"
    assert quote.cue == "said"
    assert_verbatim(text, [quote])


def test_straight_double_quotes() -> None:
    text = INTRO + '"The budget is balanced," said Lopez.'
    [quote] = printed(text)
    assert quote.text == "The budget is balanced,"
    assert quote.speaker == "Maria Lopez"


def test_single_quotes_as_outer_marks() -> None:
    text = INTRO + "'We have done our part,' Lopez said. 'Now it is their turn.'"
    quotes = printed(text)
    assert [q.text for q in quotes] == ["We have done our part,", "Now it is their turn."]
    assert {q.speaker for q in quotes} == {"Maria Lopez"}
    assert_verbatim(text, quotes)


def test_doubled_apostrophes_as_double_quotes() -> None:
    text = INTRO + "''The roads come first,'' Lopez said."
    [quote] = printed(text)
    assert quote.text == "The roads come first,"


def test_backticks_open_and_doubled_apostrophes_close_a_quote() -> None:
    text = INTRO + "``The roads come first,'' Lopez said. She didn't say ``when.''"
    quotes = find(text)
    assert [q.text for q in quotes] == ["The roads come first,", "when."]
    assert_verbatim(text, quotes)


def test_an_apostrophe_at_a_word_edge_next_to_a_quote_mark_is_paired() -> None:
    text = INTRO + "“It is the drivers’ turn,” Lopez said, “and the ’90s roads’ turn.”"
    quotes = printed(text)
    assert [q.text for q in quotes] == ["It is the drivers’ turn,", "and the ’90s roads’ turn."]
    assert {q.speaker for q in quotes} == {"Maria Lopez"}


def test_apostrophes_are_not_quote_marks() -> None:
    text = (
        INTRO
        + "Lopez’s plan, which she didn’t publish until the ’90s rules changed, won’t pass. "
        + "The farmers' union agreed. Rock 'n' roll."
    )
    assert find(text) == []


def test_nested_quotes_are_kept_inside_the_outer_quote() -> None:
    text = INTRO + "“My opponent calls this ‘a waste’ and I call it “an investment,”” Lopez said."
    [quote] = printed(text)
    assert quote.text == "My opponent calls this ‘a waste’ and I call it “an investment,”"
    assert quote.speaker == "Maria Lopez"
    assert_verbatim(text, [quote])


def test_quote_running_over_several_paragraphs() -> None:
    text = (
        INTRO
        + "Lopez said: “The first thing we did was listen to the people of this state.\n\n"
        + "“The second thing we did was act on what they told us.\n\n"
        + "“And the third thing is that we are not done yet.”\n\n"
        + "The governor left without taking questions."
    )
    quotes = printed(text)
    assert [q.text for q in quotes] == [
        "The first thing we did was listen to the people of this state.",
        "The second thing we did was act on what they told us.",
        "And the third thing is that we are not done yet.",
    ]
    assert {q.speaker for q in quotes} == {"Maria Lopez"}
    assert_verbatim(text, quotes)


def test_split_quote_gives_two_quotes_and_one_speaker() -> None:
    text = INTRO + "“We tried,” she said, “and we will try again.”"
    quotes = printed(text)
    assert [q.text for q in quotes] == ["We tried,", "and we will try again."]
    assert {q.speaker for q in quotes} == {"Maria Lopez"}


def test_brackets_and_ellipses_are_kept_verbatim() -> None:
    text = INTRO + "Lopez said the state “will [not] wait … for the federal money to arrive.”"
    [quote] = printed(text)
    assert quote.text == "will [not] wait … for the federal money to arrive."
    assert_verbatim(text, [quote])


# -- cues and speakers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Lopez said “the plan will work for every county.”", "said"),
        ("“The plan will work for every county,” said Lopez.", "said"),
        ("Lopez told reporters that “the plan will work for every county.”", "told"),
        ("According to Lopez, “the plan will work for every county.”", "according to"),
        ("Lopez added: “The plan will work for every county.”", "added"),
        ("“The plan will work for every county,” she continued.", "continued"),
        ("“The plan will work for every county,” the governor said.", "said"),
        ("“The plan will work for every county,” Gov. Lopez, a Democrat, said.", "said"),
    ],
)
def test_speaker_before_or_after_the_cue(sentence: str, cue: str) -> None:
    text = INTRO + sentence
    [quote] = printed(text)
    assert quote.text.startswith(("the plan", "The plan"))
    assert quote.speaker == "Maria Lopez"
    assert quote.cue == cue


def test_pronoun_and_description_resolve_to_the_named_person() -> None:
    text = (
        "Secretary of State Antony Blinken met his counterpart on Tuesday.\n\n"
        "“We remain committed to diplomacy,” the secretary said.\n\n"
        "“I consulted with our allies. All agree,” he continued."
    )
    quotes = printed(text)
    assert [q.speaker for q in quotes] == ["Antony Blinken", "Antony Blinken"]
    assert quotes[0].speaker_title == "Secretary of State"


def test_she_and_he_pick_the_person_of_that_gender() -> None:
    text = (
        "Senator Robert Hale and Mayor Linda Cho toured the flooded district.\n\n"
        "“The levee held, barely,” she said."
    )
    [quote] = printed(text)
    assert quote.speaker == "Linda Cho"


def test_a_split_quote_resumes_after_a_long_description_of_its_speaker() -> None:
    text = (
        "“The toll is a risk,” said Ana Ruiz, an economist who directs the Harbor Institute "
        "in Dunmore, “and the families on the docks will pay it.”\n\n"
        "“We will fight it,” Ruiz said. A harbor official later walked back the remarks, "
        "saying that Ruiz “had no particular plan in mind.”"
    )
    quotes = find(text)
    assert [q.speaker for q in quotes[:3]] == ["Ana Ruiz", "Ana Ruiz", "Ana Ruiz"]
    assert all(q.confidence >= MIN_CONFIDENCE for q in quotes[:3])
    assert quotes[3].speaker is None


def test_a_kinship_word_tells_a_gender_that_a_first_name_does_not() -> None:
    text = (
        "Families of the crew disagree.\n\n"
        "“The rules are wrong,” said harbor widow Terry Ortiz.\n\n"
        "She continued, “All we ask is a hearing.”"
    )
    assert [q.speaker for q in printed(text)] == ["Terry Ortiz", "Terry Ortiz"]


def test_name_after_a_preposition_is_not_the_speaker_of_an_inverted_cue() -> None:
    text = (
        "Mary Jones, a former governor, backed the senator early. Robert Hale met her on "
        "Monday.\n\n"
        "“This is hard” for Hale, said Jones. “He cannot win the South,” she said."
    )
    assert [q.speaker for q in printed(text)] == ["Mary Jones", "Mary Jones"]


def test_a_relative_named_in_the_speaker_s_description_is_not_the_speaker() -> None:
    text = (
        "Ana Lee, 35, the daughter of former Mayor Tom Lee and Democratic presidential "
        "candidate Rita Lee, said on Twitter on Monday, in reference to her first child, “We "
        "are moving back to the harbor town.”\n\n"
        "The press secretary, Jo Park, said “the senator is proud.”"
    )
    assert [q.speaker for q in printed(text)] == ["Ana Lee", "Jo Park"]


def test_a_pronoun_that_cannot_mean_the_other_person_named_gives_the_subject_a_gender() -> None:
    text = (
        "Tamsin Okafor threw her support behind Sen. Ted Marsh on Wednesday.\n\n"
        "Okafor made a surprise appearance at Marsh's rally in Dayton.\n\n"
        "“He has won over and over,” she said to cheers."
    )
    assert [q.speaker for q in printed(text)] == ["Tamsin Okafor"]


@pytest.mark.parametrize("title", ["City Engineer", "Water Board Engineer"])
def test_a_title_with_an_organisations_word_leaves_the_name_a_person(title: str) -> None:
    """ "City Engineer Rafe Delgado told…" is a person's act (the title names a city, he is
    none), so a later "he said" is his, not the last speaker's."""
    text = (
        "Harbor Path\n\n"
        "The votes against came from Council Members Gil Brandt and Louisa Ferreira.\n\n"
        "“I am not against the path,” Brandt said.\n\n"
        f"{title} Rafe Delgado told the council that the study was under way. "
        "“The design is safe,” he said."
    )
    assert find(text)[-1].speaker == "Rafe Delgado"


def test_an_english_word_that_opens_a_sentence_is_no_speaker_for_a_pronoun() -> None:
    """ "Bitter comments are costing…" has no one named Bitter comment: a later "he" is not
    given to "Bitter"."""
    text = (
        "Ana Ruiz runs the harbor cafe. Bitter comments are costing some owners dearly.\n\n"
        "Last week a man from Dunmore lost his license. Along with a photo of the pier, he had "
        'posted: "The harbor is ours and no one else\'s!"'
    )
    assert [q.speaker for q in find(text)] == [None]


@pytest.mark.parametrize("verb", ["quoted", "cited"])
def test_whom_a_text_quotes_as_saying_is_the_speaker(verb: str) -> None:
    """ "A post quoted the mayor as saying…" gives the words to the mayor, not to whoever or
    whatever is named just before."""
    text = (
        "Mayor Ana Ruiz spoke at the pier on Monday.\n\n"
        "Ben Ortiz of the Harbor Ledger wrote as she spoke from the Dunmore Town Hall.\n\n"
        f'An early post {verb} the mayor as saying "We will rebuild the pier by May."'
    )
    assert [q.speaker for q in find(text)] == ["Ana Ruiz"]


def test_the_name_after_an_owned_description_is_the_speaker() -> None:
    """ "said his best friend at college, Ben Ortiz" is Ortiz's quote, not the friend's."""
    text = (
        "Carlos Ruiz left the harbor board in 1990.\n\n"
        '"He wanted to make his own name," said his best friend at college, Ben Ortiz, who '
        "still lives nearby."
    )
    assert [q.speaker for q in find(text)] == ["Ben Ortiz"]


def test_a_person_named_in_what_the_subject_claims_is_not_whom_he_means() -> None:
    """In "Ortiz was blunt, claiming without evidence that Mayor Ruiz wanted…", the "he" of
    the quote that follows is Ortiz, the subject, though Ruiz is first named there."""
    text = (
        "Ben Ortiz has run for the harbor board twice.\n\n"
        "At a rally on Monday, Mr. Ortiz was blunt, claiming without any evidence that Mayor "
        'Carlos Ruiz wanted to sell the pier. "You would have to be insane," he said.'
    )
    assert [q.speaker for q in find(text)] == ["Ben Ortiz"]


@pytest.mark.parametrize(("pronoun", "speaker"), [("he", "Ben Ortiz"), ("she", "Ana Ruiz")])
def test_an_answer_after_a_question_is_the_one_asked(pronoun: str, speaker: str) -> None:
    """After "Ruiz asked Ortiz which towns he could win", a "he said" is Ortiz's answer; a
    "she said" is still Ruiz's."""
    text = (
        "Ben Ortiz spoke to Ana Ruiz on her show. He praised his team, and she thanked him.\n\n"
        "Ruiz then asked Ortiz which towns he could win.\n\n"
        f"“We feel great about every one of them,” {pronoun} said."
    )
    assert [q.speaker for q in find(text)] == [speaker]


def test_a_pronoun_before_the_name_leaves_its_gender_unknown() -> None:
    text = (
        "Mary Lee opened the session.\n\n"
        "After a vote last year, she drafted a plan that Mayor Okafor later adopted. She has "
        "also called for new parks.\n\n"
        "Mayor Okafor spoke next. “We will build them,” he said."
    )
    assert [q.speaker for q in printed(text)] == ["Okafor"]


def test_a_pronoun_in_the_opening_clause_may_mean_the_subject_it_leads_to() -> None:
    text = (
        "The polls closed at noon.\n\n"
        "As supporters waited for her speech in the hall, Mary Okafor took to the web to "
        "say thanks.\n\n"
        "“This is your win,” she wrote.\n\n"
        "Her husband, Tom Okafor, spoke next. “We are proud,” he said."
    )
    assert [q.speaker for q in printed(text)] == ["Mary Okafor", "Tom Okafor"]


def test_a_quote_alone_in_its_paragraph_is_the_reported_speaker_s_before_it() -> None:
    text = (
        "The council met on Tuesday.\n\n"
        "“We will vote in March,” Mayor Ana Ruiz said.\n\n"
        "Councillor Ben Ortiz argued in a letter that the vote should wait for the audit.\n\n"
        "“The numbers are not in yet.”"
    )
    assert [q.speaker for q in printed(text)] == ["Ana Ruiz", "Ben Ortiz"]


@pytest.mark.parametrize("mark", ["?", "!"])
def test_a_question_or_exclamation_closed_by_a_titled_speaker_is_theirs(mark: str) -> None:
    text = (
        "Rita Lee spoke at the harbor on Monday.\n\n"
        f"“Who will pay for the new pier{mark}” Mrs. Lee said. “Not the fishermen.”"
    )
    assert [q.speaker for q in printed(text)] == ["Rita Lee", "Rita Lee"]


@pytest.mark.parametrize(("first_name", "shown"), [("Robert", True), ("Harlan", False)])
def test_far_pronoun_is_printed_only_when_the_gender_is_known(first_name: str, shown: bool) -> None:
    text = (
        f"{first_name} Voss, a trader, said prices would fall.\n\n"
        "The market opened lower. Oil slid. Gold rose. Bonds held steady. Traders waited.\n\n"
        "“It will pass,” he said."
    )
    [quote] = find(text)
    assert quote.speaker == f"{first_name} Voss"
    assert (quote in printed(text)) is shown


@pytest.mark.parametrize(("first_name", "shown"), [("Robert", True), ("Harlan", False)])
def test_pronoun_answered_by_a_passing_mention_needs_a_known_gender(
    first_name: str, shown: bool
) -> None:
    text = f"The board met with Professor {first_name} Voss on Monday.\n\n“It will pass,” he said."
    [quote] = find(text)
    assert quote.speaker == f"{first_name} Voss"
    assert (quote in printed(text)) is shown


def test_reporters_question_is_the_reporters() -> None:
    text = (
        "Press Secretary Dana Reyes held a briefing on Tuesday. Reporter Sam Ortiz asked if "
        "she could “explain what the new rules mean for small farms.”\n\n"
        "“They mean less paperwork,” Reyes said."
    )
    quotes = printed(text)
    assert [q.speaker for q in quotes] == ["Sam Ortiz", "Dana Reyes"]
    assert quotes[0].cue == "asked"


def test_organisation_speaker() -> None:
    text = "The Transit Authority said in a statement that “service will resume on Friday.”"
    [quote] = printed(text)
    assert quote.speaker == "The Transit Authority"


@pytest.mark.parametrize("opener", ["As", "But", "And"])
def test_a_word_opening_the_sentence_is_not_part_of_an_organisation_speaking(opener: str) -> None:
    text = (
        f"{opener} Coastal News Network reported on Friday, the council was slow to act:\n\n"
        "“The council is still reluctant to call the flooding an emergency, citing the inquiry.”"
    )
    [quote] = find(text)
    assert quote.speaker == "Coastal News Network"


def test_quote_paragraph_without_cue_takes_the_previous_speaker() -> None:
    text = INTRO + "“We are ready,” Lopez said.\n\n“The crews start tomorrow.”"
    quotes = printed(text)
    assert [q.speaker for q in quotes] == ["Maria Lopez", "Maria Lopez"]
    assert quotes[1].confidence < quotes[0].confidence


@pytest.mark.parametrize(
    "text",
    [
        "The crowd grew louder. “Open the gates now, all of them,” someone shouted.",
        "The crowd grew louder. Someone called it “a quiet revolution on the docks,” and left.",
        # "she" after someone unnamed is not the woman named before
        "Mayor Ana Ruiz opened the harbor on Monday.\n\nA 29-year-old Dunmore woman, meanwhile, "
        "was fined in July after she posted comments. “Tolls out, all of them!” she wrote.",
    ],
)
def test_unidentified_speaker_is_none_and_not_printed(text: str) -> None:
    quotes = find(text)
    assert len(quotes) == 1
    assert quotes[0].speaker is None
    assert quotes[0].confidence < MIN_CONFIDENCE


# -- not speech ---------------------------------------------------------------------------


def test_scare_quotes_and_titles_are_not_printed() -> None:
    text = (
        "The council discussed the so-called “rainy day” fund. Later it screened the film "
        "“Rivers Of Gold” for residents, and the mayor’s “quiet” plan drew no comment."
    )
    assert printed(text) == []
    assert all(q.confidence < 0.5 for q in find(text))


def test_title_cased_headline_quotes_are_not_printed() -> None:
    """Unless the headline says whose they are ("Lopez: …", "Lopez Calls…")."""
    text = (
        "Budget Is ‘A Fresh Start’ for Colorado\n\n"
        + INTRO
        + "“It is a fresh start for every family,” Lopez said."
    )
    quotes = find(text)
    assert quotes[0].text == "A Fresh Start"
    assert quotes[0].confidence < MIN_CONFIDENCE
    assert [q.text for q in printed(text)] == ["It is a fresh start for every family,"]


def test_red_herring_reported_is_not_a_quote() -> None:
    text = "Tuesday afternoon, as Katie reported, the governor signed the bill."
    assert find(text) == []


# -- bad input ------------------------------------------------------------------------


def test_empty_and_quote_free_text() -> None:
    assert find("") == []
    assert find("   \n\n  ") == []
    assert find("The council met on Monday and approved the budget.") == []


def test_unbalanced_marks_are_ignored_without_crashing() -> None:
    text = INTRO + "Lopez said “the work is not finished and then left.\n\nNothing else happened."
    assert find(text) == []
    text = INTRO + "“Done,” Lopez said. She added “more later"
    assert [q.text for q in find(text)] == ["Done,"]


def test_pathological_unmatched_marks_return() -> None:
    text = ("\" “ ‘ ' ” ’ " * 3000) + ('a"b “c ’d ' * 3000) + '"' * 5000
    quotes = find(text)
    assert_verbatim(text, quotes)


def test_large_input_returns() -> None:
    paragraph = INTRO + "“We will rebuild the bridge by spring,” Lopez said. The rest is filler. "
    text = (paragraph * 20 + "\n\n") * 250
    quotes = find(text)
    assert len(quotes) == MAX_QUOTES  # of 5,000
    assert_verbatim(text, quotes)


@pytest.mark.parametrize(
    "unit",
    [
        '"The toll," said ',  # cues and quotes with no sentence end: each quote's cues
        "“a” ",  # quotes alone in one long paragraph
    ],
)
def test_work_grows_with_the_text_not_its_square(
    unit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hostile text with no sentence end: the subjects read (and the paragraphs scanned) per
    quote stay bounded, so twice the text is about twice the work."""
    from newsletter.quotes import attribution, cues

    calls = {"read": 0}
    for module, name in ((cues, "speaker_after"), (attribution, "speaker_after")):
        original = getattr(module, name)

        def counted(*args: object, original=original) -> object:
            calls["read"] += 1
            return original(*args)

        monkeypatch.setattr(module, name, counted)
    scanned = attribution._WORD_CHAR_RE
    monkeypatch.setattr(attribution, "_WORD_CHAR_RE", _Counting(scanned, calls))
    work = []
    for copies in (500, 1000):
        calls["read"] = 0
        text = unit * copies
        assert_verbatim(text, find(text))
        work.append(calls["read"])
    assert work[1] <= 2.2 * work[0] + 10


class _Counting:
    """A compiled pattern whose searches count the characters they may scan."""

    def __init__(self, pattern: re.Pattern[str], calls: dict[str, int]) -> None:
        self.pattern, self.calls = pattern, calls

    def search(self, text: str, start: int = 0, end: int = 2**31) -> re.Match[str] | None:
        self.calls["read"] += (min(end, len(text)) - start) // 100
        return self.pattern.search(text, start, end)


def test_a_run_with_no_sentence_end_is_read_in_pieces() -> None:
    from newsletter.quotes.layout import MAX_SENTENCE_CHARS, Layout

    text = "and the toll went on " * 1000
    layout = Layout(text, text, [(0, len(text))], [])
    bounds = [*layout.starts, len(text)]
    assert len(layout.starts) > 1
    assert max(b - a for a, b in pairwise(bounds)) <= MAX_SENTENCE_CHARS + 30


@pytest.mark.parametrize("invisible", ["\u00ad", "\u200b", "\u2060", "\ufeff"])
def test_an_invisible_break_inside_a_name_is_dropped_with_the_article(invisible: str) -> None:
    """A soft hyphen or zero-width space before a surname ("Ben \u00adOrtiz") would split the
    name; the article's text drops it, so the quote is Ortiz's, not the one named after."""
    text = (
        '"We have not been briefed," Ben '
        + invisible
        + "Ortiz, a spokesman for Mayor Ana Ruiz, told the Ledger. "
        + '"We will look at it."'
    )
    article = Article(title="t", text=text, source="s", published=datetime(2026, 3, 2, tzinfo=UTC))
    assert invisible not in article.text
    assert [q.speaker for q in find(article.text)][:1] == ["Ben Ortiz"]


def test_a_spokesman_whose_apposition_misses_its_closing_comma_is_the_speaker() -> None:
    """ "Ben Ortiz, a spokesman for Mayor Ana Ruiz told the Ledger": Ortiz speaks, not Ruiz."""
    text = (
        '"We have not been briefed," Ben Ortiz, a spokesman for Mayor Ana Ruiz told the Ledger. '
        '"We will look at it."'
    )
    assert [q.speaker for q in find(text)] == ["Ben Ortiz", "Ben Ortiz"]


def test_control_characters_and_mixed_newlines_keep_offsets() -> None:
    text = (
        "Governor Maria Lopez spoke on Monday.\r\n\r\n\x00\x07“We are ready,” Lopez said.\r"
        "“The crews start tomorrow.”\n\x0b\x1f“Then we rest,” she said.\u2028"
    )
    quotes = printed(text)
    assert [q.text for q in quotes] == [
        "We are ready,",
        "The crews start tomorrow.",
        "Then we rest,",
    ]
    assert_verbatim(text, quotes)
    assert {q.speaker for q in quotes} == {"Maria Lopez"}


def test_confidence_is_a_probability() -> None:
    text = INTRO + "“A,” she said. “B”. The “C” plan. 'D' \"E\" “F"
    for quote in find(text):
        assert 0.0 <= quote.confidence <= 1.0


# -- speakers: pronouns and names -------------------------------------------------------


def test_inverted_subject_after_a_possessive_is_the_speaker() -> None:
    text = (
        "“We will win,” said Robert Hale, the party chairman. But the vote count will take a "
        "week, noted WXYZ’s Dale Okafor.\n\n“Nobody should call the race tonight,” he wrote."
    )
    quotes = printed(text)
    assert [q.speaker for q in quotes] == ["Robert Hale", "Dale Okafor"]


def test_pronoun_that_already_spoke_refers_further_back() -> None:
    text = (
        "Former treasurer Robert Hale wants the club to rewrite its bylaws.\n\n"
        "The old bylaws worked for years, he said, but a vacancy now would start a fight "
        "between friends of Dan Brook and Jim Orr. So, he argued, the rules must change.\n\n"
        "“We cannot wait for the next vacancy,” he said."
    )
    [quote] = printed(text)
    assert quote.speaker == "Robert Hale"


def test_names_after_a_preposition_or_joined_to_one_are_not_subjects() -> None:
    text = (
        "Robert Hale waited outside. The vacancy could start a fight between friends of Dan "
        "Brook and Jim Orr.\n\n“It would be ugly,” he said.\n\n"
        "Retired colonel Carl Vance runs a podcast now.\n\n"
        "Vance admitted nothing about his years under President Sam Grant at first.\n\n"
        "“Those were exhausting years,” he told the host."
    )
    quotes = printed(text)
    assert [q.speaker for q in quotes] == ["Robert Hale", "Carl Vance"]


def test_gender_learned_from_the_pronoun_after_a_name() -> None:
    text = (
        "Quinn Tate runs the food bank on Elm Street. She opened it in 2010.\n\n"
        "“We never have enough,” she said."
    )
    [quote] = printed(text)
    assert quote.speaker == "Quinn Tate"


def test_sentence_opening_with_the_same_pronoun_refers_further_back() -> None:
    text = (
        "Attorney General Mary Ruiz spoke at the college on Monday.\n\n"
        "She has faced criticism since meeting with the husband of the governor, Senator "
        "Linda Moss, in June.\n\n"
        "“People rarely say that to my face,” she said."
    )
    [quote] = printed(text)
    assert quote.speaker == "Mary Ruiz"


def test_person_named_after_the_same_pronoun_is_not_its_referent() -> None:
    text = (
        "Mayor Tom Reyes won the primary on Tuesday.\n\n"
        "Though he did not mention Paul Dorn by name, he made it clear that his rival "
        "should quit.\n\n"
        "“The race is over,” he said.\n\n"
        "Senator Judy Lane spoke next. Along with her aide, Mary Voss, she toured the "
        "plant.\n\n"
        "“We will see,” she said."
    )
    assert [q.speaker for q in printed(text)] == ["Tom Reyes", "Judy Lane"]


def test_a_pronoun_after_the_person_it_refers_to_leaves_a_newcomer_a_referent() -> None:
    text = (
        "Lee Hart spoke in Dayton, where Sam Cole won in 2012.\n\n"
        "While Sam Cole had a band writing songs about him, nobody writes for Hart, which "
        "worries Victor Diaz, a local organiser.\n\n"
        "“Nobody sings for us,” he said."
    )
    [quote] = printed(text)
    assert quote.speaker == "Victor Diaz"


def test_pronoun_refers_to_the_first_speaker_of_a_sentence_not_one_it_reports() -> None:
    text = (
        "Senator Ron Hale said on Monday that the Gazette's editor Dan Ruiz had reported in "
        "June that the campaign was failing.\n\n"
        "“They were wrong then,” he said."
    )
    [quote] = printed(text)
    assert quote.speaker == "Ron Hale"


def test_a_participle_after_a_comma_reports_the_speech_of_the_sentence_subject() -> None:
    text = (
        "Tom Hale turned the story back on the Gazette, pointing out that the paper's Ben "
        "Ortiz had reported in June that the ferry line was failing.\n\n"
        "“Apparently not,” he said."
    )
    [quote] = printed(text)
    assert quote.speaker == "Tom Hale"


def test_common_noun_after_a_name_is_not_part_of_it() -> None:
    text = (
        "[Video: Governor Tom Grant Speech at the Summit]\n\n"
        "The governor told the crowd he would call it a “grave mistake” if they stayed home."
    )
    [quote] = printed(text)
    assert quote.speaker == "Tom Grant"


def test_passive_verb_is_not_a_cue() -> None:
    text = "Council member Ana Ruiz was asked about the “rainy day fund” on Monday."
    assert printed(text) == []


def test_unnamed_narrator_is_printed_without_a_speaker() -> None:
    text = (
        INTRO + "Her opponent released a new video on Monday.\n\n"
        "“If she cannot balance a budget,” the video’s narrator says, “how can she run a "
        "state?”"
    )
    quotes = printed(text)
    assert [q.text for q in quotes] == [
        "If she cannot balance a budget,",
        "how can she run a state?",
    ]
    assert [q.speaker for q in quotes] == [None, None]


# -- partial quotes without a reporting verb ------------------------------------------------


def test_short_partial_quote_with_a_cue_and_speaker_is_printed() -> None:
    text = INTRO + "Lopez called the delays “unacceptable.”"
    [quote] = printed(text)
    assert quote.text == "unacceptable."
    assert quote.speaker == "Maria Lopez"


def test_one_word_modifier_and_numbered_titles_are_not_printed() -> None:
    text = (
        INTRO + "A reporter asked Lopez whether a “historic” vote was near. "
        "Lopez said she watched “The 100” and “1984” last week."
    )
    assert printed(text) == []


def test_possessive_speech_noun_names_the_speaker() -> None:
    text = (
        INTRO + "The auditors checked Lopez’s claim that the state had saved “nine million "
        "dollars” last year. Her statement was “accurate,” they found."
    )
    quotes = find(text)
    assert quotes[0].speaker == "Maria Lopez"
    assert quotes[0].confidence >= MIN_CONFIDENCE
    assert quotes[1].speaker != "Maria Lopez" or quotes[1].confidence < MIN_CONFIDENCE


def test_subject_describing_someone_as_quoted_words() -> None:
    text = (
        INTRO + "All month, Lopez has attacked her rival as a “spender who hides the bills.” "
        "The rival was described as “tired” by others."
    )
    quotes = find(text)
    assert quotes[0].speaker == "Maria Lopez"
    assert quotes[0].confidence >= MIN_CONFIDENCE
    assert quotes[1].confidence < MIN_CONFIDENCE


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Said Lopez: “The plan will work for every county.”", "said"),
        ("As Lopez put it, “the plan will work for every county.”", "put it"),
        ("Lopez praised the crews and said “the plan will work for every county.”", "said"),
        ("Lopez exhorted voters to “give the plan a chance.”", "exhorted"),
    ],
)
def test_more_cue_shapes(sentence: str, cue: str) -> None:
    [quote] = printed(INTRO + sentence)
    assert quote.speaker == "Maria Lopez"
    assert quote.cue == cue


def test_gender_learned_from_pronouns_after_the_name_in_its_sentence() -> None:
    text = (
        "Officers surrounded the car. Quinn Tate can be heard telling them that her brother "
        "was unarmed.\n\n“Please do not shoot,” she says."
    )
    [quote] = printed(text)
    assert quote.speaker == "Quinn Tate"


def test_acronym_speaks_for_the_organisation_it_stands_for() -> None:
    text = (
        "The International Energy Agency cut its forecast on Tuesday. The IEA blamed the "
        "weather.\n\n“Demand will stay weak through the winter,” the IEA report stated.\n\n"
        "“Prices will fall,” IEA said."
    )
    quotes = printed(text)
    assert [q.speaker for q in quotes] == ["International Energy Agency"] * 2


def test_hyphenated_and_half_capitalised_titles_and_stage_notes_are_not_printed() -> None:
    text = (
        INTRO + "Lopez said she would be a “Governor-For-Everyone” and appeared on "
        "“Meet the Press.” The transcript reads “(APPLAUSE.)” at that point, Lopez said."
    )
    assert printed(text) == []


def test_a_byline_inside_a_transcript_s_quote_marks_is_not_printed() -> None:
    text = (
        '"HOST: Governor, one more question.\n\n'
        '"LOPEZ: And that is why we will win in November, said Maria Lopez.\n\n'
        '"Follow Dana Reyes on Twitter @danareyes."'
    )
    assert not any("Follow" in q.text for q in printed(text))


def test_quote_joined_to_the_one_before_shares_its_speaker() -> None:
    text = INTRO + "Lopez has attacked her rival as a “reckless spender” and a “serial dodger.”"
    quotes = printed(text)
    assert [q.text for q in quotes] == ["reckless spender", "serial dodger."]
    assert {q.speaker for q in quotes} == {"Maria Lopez"}


@pytest.mark.parametrize(
    "sentence",
    [
        "“The plan will work,” said the Rev. Maria Lopez, of Grace Church.",
        "“The plan will work,” said KDVR host Maria Lopez.",
        "“The plan will work,” said 9/11 widow Maria Lopez.",
        "“The plan will work,” said former Colorado Gov. Maria Lopez.",
        "“The plan will work,” said Oversight ranking Democrat Maria Lopez.",
        "“The plan will work,” said Vale constituent Maria Lopez.",
    ],
)
def test_inverted_speaker_after_role_words_acronyms_and_numbers(sentence: str) -> None:
    [quote] = printed(INTRO + sentence)
    assert quote.speaker == "Maria Lopez"


def test_surname_that_is_also_a_title_word_is_a_name_once_the_person_is_known() -> None:
    text = (
        "Critics on Wednesday called on Howard Dean to apologise to the rival.\n\n"
        "Dean, a former party chairman and candidate, poked at the rival's sniffing during the "
        "Monday night debate, tweeting, “Notice the sniffing. Odd?”"
    )
    [quote] = printed(text)
    assert quote.speaker == "Howard Dean"


def test_headline_quote_repeated_by_a_body_quote_takes_its_speaker() -> None:
    body = (
        "\n\n"
        + INTRO
        + "“Every family deserves a fresh start, and nobody should be left behind,” Lopez said."
    )
    lower = printed("Lopez: ‘nobody should be left behind’ in the budget" + body)
    assert lower[0].text == "nobody should be left behind"
    assert lower[0].speaker == "Maria Lopez"
    clause = printed("Lopez Budget: ‘Nobody Should Be Left Behind’" + body)
    assert clause[0].text == "Nobody Should Be Left Behind"
    assert clause[0].speaker == "Maria Lopez"
    labelled = printed("Lopez: Colorado Needs a ‘Fresh Start’" + body)
    assert labelled[0].text == "Fresh Start"
    assert labelled[0].speaker == "Maria Lopez"
    unlabelled = printed("Governor Offers Colorado a ‘Fresh Start’" + body)
    assert [q.text for q in unlabelled] == [
        "Every family deserves a fresh start, and nobody should be left behind,"
    ]


def test_a_headline_labelled_with_a_person_s_name_gives_its_quotes_to_them() -> None:
    """A headline such as "Lopez: Budget 'Leaves Families Behind'" or "Lopez Calls Budget 'A
    Disgrace'" credits the words to Lopez, whom the story names, though no body quote repeats
    them; a report's label credits no one."""
    body = "\n\n" + INTRO + "Lopez spoke for forty minutes about schools and roads."
    [quote] = printed("Lopez: Budget ‘Leaves Families Behind’" + body)
    assert (quote.text, quote.speaker) == ("Leaves Families Behind", "Maria Lopez")
    [quote] = printed("Lopez Calls Budget ‘A Disgrace’ for Families" + body)
    assert (quote.text, quote.speaker) == ("A Disgrace", "Maria Lopez")
    assert printed("Report: Budget ‘Leaves Families Behind’" + body) == []
    assert printed("Lopez Budget Offers Families ‘A Fresh Start’" + body) == []  # no cue
    assert printed("Ortiz: Budget ‘Leaves Families Behind’" + body) == []  # named nowhere else


def test_a_surname_misspelt_once_is_the_person_named() -> None:
    text = (
        "“We are in trouble,” said Leslie Wimbers, a local organiser.\n\n"
        "Wimbets believes the campaign waited too long.\n\n"
        "“They thought it would be enough,” Wimbets said."
    )
    quotes = printed(text)
    assert [q.speaker for q in quotes] == ["Leslie Wimbers", "Leslie Wimbers"]


def test_dash_aside_between_subject_and_cue_is_skipped() -> None:
    text = (
        "Lily Batchelder said the plan fails.\n\n"
        "It became an issue, with Maria Lopez — who has called for higher taxes — lambasting "
        "the plan.\n\n"
        "“The plan is trickle-down,” she said."
    )
    [quote] = printed(text)
    assert quote.speaker == "Maria Lopez"
    aside = (
        "Jo Reyes, the head of Acme Media -- a studio that makes films -- told me, "
        "“We sell stories.”"
    )
    [quote] = printed(aside)
    assert quote.speaker == "Jo Reyes"


def test_description_refers_to_the_person_mentioned_last_before_it() -> None:
    text = (
        "Rep. Ann Cole and Rep. Bo Hart spoke on Monday.\n\n"
        "Cole urged action against the ring, whose tactics the congresswoman said were meant "
        "to “sow discord” at home.\n\n"
        "Hart and Cole disagreed later."
    )
    [quote] = printed(text)
    assert quote.speaker == "Ann Cole"


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        pytest.param(  # a verb in the present tense before its speaker
            '"I am a voter," declares Ana Ruiz, 27, a Navy veteran who studies in Dunmore.',
            ["Ana Ruiz"],
            id="present-tense-inverted",
        ),
        pytest.param(  # words in front of the role after an inverted verb
            '"I do not know where he stands," said undecided Republican voter Ana Ruiz of Dunmore.',
            ["Ana Ruiz"],
            id="words-before-role",
        ),
        pytest.param(  # a party label before an apposition
            "“They would just go and get the boats,” Rep. Ana Ruiz (D-Maine), a harbor board "
            "member, said in a phone interview.",
            ["Ana Ruiz"],
            id="label-before-apposition",
        ),
        pytest.param(  # a second verb after ", but now" has the sentence's subject
            "Rep. Ana Ruiz backed the toll last year, but now says it is “a tax on every family.”",
            ["Ana Ruiz"],
            id="but-now",
        ),
        pytest.param(  # a party label before an auxiliary
            "Sen. Ana Ruiz (D-Maine) has said that she would “fight the toll to the end.”",
            ["Ana Ruiz"],
            id="label-before-auxiliary",
        ),
        pytest.param(
            "Tom Vale spoke on Monday.\n\nHe has also called the harbor chief “the next great "
            "builder of the coast” – the Founding Father whom Vale admires most.",
            ["Tom Vale"],
            id="apposition-after-a-dash",
        ),
        pytest.param(
            "Ana Ruiz spoke to the harbor board on Monday.\n\n"
            "Continued Ruiz: “So I think the toll is a very real problem for every family.”",
            ["Ana Ruiz"],
            id="verb-opening-a-transcript-line",
        ),
        pytest.param(
            "Celebrities Tom Vale and Jo Lee joined the rally on Monday. Vale thanked the mayor "
            "for “stepping up and acting when the board would not.”",
            ["Tom Vale"],
            id="plural-role-before-a-name",
        ),
        pytest.param(
            "Ms. Ana Ruiz runs the harbor bank.\n\n"
            "“We will pay what we owe,” Saudi Arabia said in a statement.\n\n"
            "Even today, Saudi Arabia tends to run everything through the bank. Its job is “a mix "
            "of what three other banks do,” she said.",
            ["Saudi Arabia", "Ana Ruiz"],
            id="country-is-no-she",
        ),
        pytest.param(
            "Harbor chief Tom Vale, 59, is a tough talker.\n\n"
            "“Some may say the toll is unkind,” Tidewire, the official harbor news agency, "
            "wrote.\n\n"
            "“In some respects, they try to demonize me,” he said.",
            ["Tidewire", "Tom Vale"],
            id="organisation-by-apposition-is-no-he",
        ),
        pytest.param(
            "Committee Chairman Rep. Tom Vale, R-Utah, said the questioning will start with Ruiz. "
            "“There is no reason to hide the harbor files,” he said.",
            ["Tom Vale"],
            id="party-label-between-commas",
        ),
        pytest.param(
            "“The toll is a reflection of anger,” Tom Vale said.\n\n"
            "Vale made his remarks during the Christian Monitor Breakfast this morning in "
            "Dunmore.\n\n"
            "“I probably should not say this, but the toll is a mistake,” he concluded.",
            ["Tom Vale", "Tom Vale"],
            id="name-after-preposition-and-the",
        ),
        pytest.param(
            "Ana Ruiz, a businesswoman, toured the harbor on Monday.\n\n"
            "“We cannot have a board that never listens,” said the Ohio businesswoman, who "
            "campaigned in Dunmore.",
            ["Ana Ruiz"],
            id="place-before-a-role",
        ),
        pytest.param(
            "Harbor chief rattles the council.\n\n"
            "Harbor chief Ana Ruiz, who leads the harbor board, makes no apologies for her "
            "plan.\n\n"
            "FULL TEXT.\n\n"
            "She has called the council “reckless and slow, and blind to the tides.”",
            ["Ana Ruiz"],
            id="label-in-capitals",
        ),
        pytest.param(
            "For those not yet aboard the Ruiz Express, the harbor vote is a week away.\n\n"
            "Ruiz told the board that the toll “had a crazy plan behind it from the start.”",
            ["Ruiz"],
            id="family-name-before-a-noun",
        ),
        pytest.param(
            "Harbor chief Ana Ruiz spoke on Monday.\n\n"
            "“There is no question we are ready,” the harbor chief told Face the Nation on Sunday, "
            "saying that critics “are simply afraid of change.”",
            ["Ana Ruiz", "Ana Ruiz"],
            id="participle-after-cue-and-object",
        ),
        pytest.param(
            "Rep. Steve Israel spoke on Monday. "
            'He called the plan "a direct threat to the harbor."',
            ["Steve Israel"],
            id="family-name-of-a-place",
        ),
        pytest.param(
            "Harbor author Ana Ruiz made her prediction about the ferry vote.\n\n"
            "After Gazette host Maria Vale asked the author who would win, Ruiz replied, “If I "
            "had to bet now, I would bet on the ferry.”\n\n"
            "“We should never confuse what we want with what will happen,” she added.",
            ["Ana Ruiz", "Ana Ruiz"],
            id="main-clause-after-opening-clause",
        ),
        pytest.param(
            "Secrecy about Maria Ruiz’s health is nothing new, her former doctor says.\n\n"
            "Dr. Lena Ortiz treated the family of former Mayor Bill Ruiz.\n\n"
            "Ruiz allowed her staff to think the pain in her leg was a pulled muscle, the doctor "
            "writes. Ruiz did not want to stay in the hospital.\n\n"
            "“Sure enough I had a clot behind my knee,” Ruiz wrote in 2012.",
            ["Maria Ruiz"],
            id="family-name-alone-means-whom-its-pronouns-show",
        ),
        pytest.param(
            "Ben Ruiz is running for mayor of Harbor City.\n\n"
            "Mr. Ruiz has no serious rival in the primary on June 7.\n\n"
            "“I have great respect for the harbor workers,” the candidate said in an email.",
            ["Ben Ruiz"],
            id="an-honorific-is-no-role",
        ),
        pytest.param(
            "The Harbor Gazette wrote on Monday that boat owners block every new safety rule. "
            "The Boat Owners Association has fought each rule since 2010.\n\n"
            "According to the newspaper, “The harbor’s rules let anyone sail a boat without a "
            "test.”",
            ["Harbor Gazette"],
            id="the-newspaper-is-a-news-outlet",
        ),
        pytest.param(
            "Mayor Ana Ruiz opened the new pier on Monday.\n\n"
            "Ben Ortiz, the mayor’s brother, has run the harbor since 2019.\n\n"
            "“The boats are safe,” the harbor chief said.",
            ["Ben Ortiz"],
            id="a-brother-is-no-role",
        ),
    ],
)
def test_the_speaker_a_reader_would_name(text: str, speakers: list[str]) -> None:
    """Places, labels, organisations and words around a name are not the speaker; a pronoun
    means the person a reader would take it to mean."""
    assert [q.speaker for q in printed(text)] == speakers


def test_a_given_name_before_a_place_s_name_makes_a_person() -> None:
    assert not is_org("George Washington") and not is_org("Steve Israel")
    assert not is_place("George Washington") and is_place("Washington")
    assert is_org("Virginia Beach") and is_org("Washington")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Many Mexicans say, “Poor harbor, so far from the sea and so close to the toll road.”",
            id="people-of-a-nation",
        ),
        pytest.param(
            "Members met on Monday, and Ana Ruiz posted the plan on Facebook.\n\n"
            "“We will not pay the toll this year,” the group said.",
            id="organisation-after-a-preposition",
        ),
        pytest.param(
            "A reporter for Tidewire Presse called it “absolute chaos.”\n\n"
            "“We saw people hit and debris flying,” he said.",
            id="reporter-for-an-outlet-and-he",
        ),
        pytest.param(
            "“We have not been briefed,” a spokesman for Mayor Ana Ruiz told the paper.",
            id="spokesman-for-a-person",
        ),
    ],
)
def test_a_group_the_article_does_not_name_is_no_speaker(text: str) -> None:
    """A group, or someone unnamed who works for a name, is not that name."""
    assert {q.speaker for q in find(text)} == {None}


def test_document_and_it_speak_for_the_organisation_behind_them() -> None:
    text = (
        "A study released on Tuesday by the Tax Fairness Institute looks at offshore profits."
        "\n\nThe report says that companies “keep hundreds of subsidiaries in tax havens.”"
        "\n\nIt also points out that “the penalties are light.”"
    )
    quotes = printed(text)
    assert [q.speaker for q in quotes] == ["Tax Fairness Institute"] * 2
    owned = "A Budget Watch Office report found that the money came from “the drug trade.”"
    [quote] = printed(owned)
    assert quote.speaker == "Budget Watch Office"
    assert printed(INTRO + "Lopez found that the money came from “the drug trade.”") == []


@pytest.mark.parametrize(
    ("issued", "document", "issuer"),
    [
        ("Tom Vale issued a statement on Monday.", "the statement said", "Tom Vale"),
        ("Maria Ruiz is running a new ad on the harbor.", "the ad says", "Maria Ruiz"),
        ("The Harbor Party sent an email to its members.", "the email reads", "Harbor Party"),
    ],
)
def test_a_document_speaks_for_whoever_put_it_out(issued: str, document: str, issuer: str) -> None:
    """A statement, an ad or an email is the words of the person or the organisation the
    article has issue it, a person as much as an organisation."""
    text = (
        "Harbor Report\n\n"
        "The Harbor Party met on Sunday.\n\n"
        f"{issued} “We are proud of the crews,” {document}.\n"
    )
    [quote] = printed(text)
    assert quote.speaker == issuer


@pytest.mark.parametrize("told", ["telling Channel 9", "in a statement to the Bay Herald"])
def test_the_group_is_the_organisation_that_spoke_not_the_one_it_told(told: str) -> None:
    text = (
        f"The Harbor Rescue League would not discuss the mayor, {told} that the "
        "organization is focused on saving boats.\n\n"
        "“This season, we are focused on that mission,” the group said."
    )
    [quote] = printed(text)
    assert quote.speaker == "Harbor Rescue League"


def test_organisation_reporting_after_the_quote_and_rating_as() -> None:
    text = (
        "The poll was released on Friday.\n\n"
        "This is “roughly the same lead she has held all month,” reported Reuters.\n\n"
        "Conversely, the Fact Review Board rated most claims as “entirely true” last year."
    )
    quotes = printed(text)
    assert [q.speaker for q in quotes] == ["Reuters", "Fact Review Board"]


def test_plural_noun_after_a_possessive_is_not_a_cue() -> None:
    text = INTRO + "The piece used one of the woman’s quotes as its headline: “Finally, someone.”"
    assert all(q.cue != "quotes" for q in find(text))


def test_owner_of_a_speech_noun_after_the_cue_said_the_quote() -> None:
    text = (
        "Maria Lopez spoke in Denver. Jo Reyes checked the numbers.\n\n"
        "FactWatch then ruled that Lopez’s statement about “thousands of new jobs” was true."
    )
    [quote] = printed(text)
    assert quote.speaker == "Maria Lopez"


def test_inverted_cue_with_a_role_the_lexicon_does_not_know() -> None:
    (quote,) = find("“The water is calm again,” said harbour master Lena Ortiz on Friday.")
    assert (quote.speaker, quote.speaker_title) == ("Lena Ortiz", "harbour master")
    (quote,) = find("“It works,” said on Friday Lena Ortiz.")
    assert quote.speaker is None or quote.confidence < MIN_CONFIDENCE


@pytest.mark.parametrize("phrase", ["in the primary", "with the harbor crews"])
def test_inverted_speaker_after_a_phrase_that_ends_at_the_comma(phrase: str) -> None:
    """ "Ruiz “drew well” in the primary, said Tom Vale.": the phrase before the comma is
    no subject ("the primary"); the name after the verb is."""
    [quote] = find(f"Harbor Report\n\nRuiz “drew well” {phrase}, said Tom Vale.\n")
    assert quote.speaker == "Tom Vale"
    assert quote.confidence >= MIN_CONFIDENCE


# -- names: titles and headline words are not part of them -----------------------------


@pytest.mark.parametrize(
    ("sentence", "speaker", "title"),
    [
        ("“We waited ten years,” said Council member Ana Ruiz.", "Ana Ruiz", "Council member"),
        ("“A good day,” said Board member Tom Hale.", "Tom Hale", "Board member"),
        ("“A good day,” said Council Member Tom Hale.", "Tom Hale", "Council Member"),
        ("Rabbi Ezra Stein said: “We will pray for them.”", "Ezra Stein", "Rabbi"),
        ("Texas-based Dale Marsh said: “The polls are wrong.”", "Dale Marsh", "Texas-based"),
    ],
)
def test_a_role_word_before_a_name_is_a_title_not_the_speaker(
    sentence: str, speaker: str, title: str
) -> None:
    [quote] = printed(sentence)
    assert (quote.speaker, quote.speaker_title) == (speaker, title)


@pytest.mark.parametrize(
    ("sentence", "speaker", "title"),
    [
        (
            "“Not one inch,” said Senate Majority Whip Laura Benton.",
            "Laura Benton",
            "Senate Majority Whip",
        ),
        (
            "“We counted twice,” Dade County Clerk Helen Ortiz said.",
            "Helen Ortiz",
            "Dade County Clerk",
        ),
        ("“We love this night,” DJ Nancy Rowe said.", "Nancy Rowe", "DJ"),
        ("Co-host Laura Fenn then asked: “Is that so?”", "Laura Fenn", "Co-host"),
        ("“We won,” Assemblywoman Susan Vale said.", "Susan Vale", "Assemblywoman"),
        ("“It is not easy,” said Rep. Peter T. King of New York.", "Peter T. King", "Rep."),
    ],
)
def test_words_before_a_given_name_that_are_no_name_are_a_title(
    sentence: str, speaker: str, title: str | None
) -> None:
    [quote] = printed(sentence)
    assert (quote.speaker, quote.speaker_title) == (speaker, title)


def test_a_given_name_after_an_initial_or_a_given_name_stays_in_the_name() -> None:
    text = "“We will see,” said J. Michael Pearson. “We will see,” said Gov. Terry Vale."
    assert [q.speaker for q in printed(text)] == ["J. Michael Pearson", "Terry Vale"]


def test_a_word_the_article_writes_in_lower_case_is_not_a_first_name() -> None:
    text = (
        "Billionaire Dana Whitfield said on Monday: “We checked every bolt of the bridge.”\n\n"
        "Whitfield, a billionaire who bought the bridge in 2019, plans to sell it."
    )
    [quote] = printed(text)
    assert (quote.speaker, quote.speaker_title) == ("Dana Whitfield", "Billionaire")


def test_a_role_made_with_man_or_woman_is_not_a_first_name() -> None:
    text = (
        "Assemblywoman Nadia Pellworth opened the hearing on the harbour wall.\n\n"
        "“We will rebuild it stone by stone,” Pellworth said."
    )
    [quote] = printed(text)
    assert quote.speaker == "Nadia Pellworth"


def test_a_family_name_ending_in_man_stays_part_of_the_name() -> None:
    text = "“The harbour wall will hold,” said Ruth Ackermann, who chairs the port board."
    [quote] = printed(text)
    assert quote.speaker == "Ruth Ackermann"


@pytest.mark.parametrize(
    "sentence",
    [
        "Nora Beltz, a retired baker from Tipton, Iowa, says the mayor will “win it easily.”",
        "Nora Beltz of Tipton, Iowa, said the mayor will “win it easily.”",
        "Nora Beltz of Tipton, Iowa says the mayor will “win it easily.”",
        "Nora Beltz, at a diner in Tipton, Iowa, said the mayor will “win it easily.”",
    ],
)
def test_the_state_after_a_town_is_not_the_speaker(sentence: str) -> None:
    [quote] = printed(sentence)
    assert quote.speaker == "Nora Beltz"


def test_the_state_after_a_town_in_a_clause_leaves_the_subject_before_it() -> None:
    text = (
        "As the leaders met in Toronto, Carlos Ruiz was 300 miles away in Tipton, Iowa, "
        "promising to cut taxes.\n\n“The plan will fail before the summer is out,” he said."
    )
    [quote] = printed(text)
    assert quote.speaker == "Carlos Ruiz"


def test_words_said_of_someones_remarks_are_not_theirs() -> None:
    text = (
        "Mayor Ana Ruiz spoke after the council vote.\n\n"
        "Ruiz told reporters that Lopez’s remarks “were out of line and unfair to the city.”"
    )
    [quote] = printed(text)
    assert quote.speaker == "Ana Ruiz"


def test_a_claim_introduced_by_that_is_its_owners() -> None:
    text = (
        "Tom Lopez spoke after the council vote.\n\n"
        "Critics doubted Lopez’s claim that the bridge is “perfectly safe for every driver.”"
    )
    [quote] = printed(text)
    assert quote.speaker == "Tom Lopez"


def test_headline_words_do_not_glue_to_the_name_of_a_speaker() -> None:
    text = (
        "Tipsheet\n\nMayor Says the ‘Bridge Is Safe’ Is Open Between Lopez and Smith\n\n"
        "Mayor Lopez told reporters that “the bridge is safe for everyone.”\n\n"
        "“We checked every bolt,” said Lopez."
    )
    assert {q.speaker for q in printed(text)} == {"Lopez"}


def test_the_sample_article_gives_its_twelve_quotes_and_speakers() -> None:
    gold = json.loads(SAMPLE_GOLD.read_text(encoding="utf-8"))
    found = printed(gold["text"])
    assert [(q.start, q.end) for q in found] == [(q["start"], q["end"]) for q in gold["quotes"]]
    assert [q.speaker for q in found] == [
        q["speaker"].removeprefix("President ") for q in gold["quotes"]
    ]


def test_members_of_one_family_stay_apart_and_long_family_names_are_one_person() -> None:
    text = (
        "Mayor Bill de Blasio and Delegate Ana Ruiz spoke on Monday.\n\n"
        "“We will build it,” De Blasio said. “Not this year,” said Del. Ana Ruiz.\n\n"
        "“Too late,” Mr. Guajardo Villarreal said. “Far too late,” said Ildefonso Guajardo "
        "Villarreal, the minister.\n\n"
        "“Yes,” Bill Clinton said. “No,” Hillary Clinton said. “Sure,” said Donald Trump Jr. "
        "“Never,” said Donald Trump."
    )
    assert [(q.text, q.speaker) for q in printed(text)] == [
        ("We will build it,", "Bill de Blasio"),
        ("Not this year,", "Ana Ruiz"),
        ("Too late,", "Ildefonso Guajardo Villarreal"),
        ("Far too late,", "Ildefonso Guajardo Villarreal"),
        ("Yes,", "Bill Clinton"),
        ("No,", "Hillary Clinton"),
        ("Sure,", "Donald Trump Jr."),
        ("Never,", "Donald Trump"),
    ]


def test_description_passes_over_a_person_known_by_another_role() -> None:
    text = (
        "Dana Whitfield called on Mayor Tom Hale to reopen the port. Hale closed it in April.\n\n"
        "“The port is the heart of this city,” the presidential candidate said on Friday."
    )
    [quote] = printed(text)
    assert quote.speaker == "Dana Whitfield"


@pytest.mark.parametrize(
    ("written", "full"), [("Robert C.", "Robert C. Scott"), ("Robert", "Robert Scott")]
)
def test_a_quoted_nickname_is_part_of_the_name_and_not_a_quote(written: str, full: str) -> None:
    text = (
        f"Rep. {written} “Bobby” Scott spoke on Monday.\n\n"
        "“We will pass it,” Bobby Scott said. “Soon,” Scott added."
    )
    assert [(q.text, q.speaker) for q in printed(text)] == [
        ("We will pass it,", full),
        ("Soon,", full),
    ]


def test_lower_case_role_words_make_a_rare_first_name_a_person_pronouns_can_refer_to() -> None:
    text = (
        "To harbour historian Oona Marsh, Mayor Tom Hale’s plan looked like a retreat.\n\n"
        "“It really looked like giving up,” she said. “I still think he can win.”"
    )
    assert [q.speaker for q in printed(text)] == ["Oona Marsh", "Oona Marsh"]


def test_speaker_title_is_short_enough_to_print_next_to_the_name() -> None:
    text = (
        "“We will build it,” said Dana Whitfield, a historian who attended the session.\n\n"
        "“We will sail,” said Tom Hale, the executive vice president for policy for the Center "
        "for Harbour Progress and Trade."
    )
    assert [(q.speaker, q.speaker_title) for q in printed(text)] == [
        ("Dana Whitfield", "historian"),
        ("Tom Hale", None),
    ]


# -- cues the finder reached for less often -------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "“The race is tight,” said Democratic pollster Stan Greenberg.",
        "“The race is tight,” said former Democratic pollster Stan Greenberg.",
        "“The race is tight,” mused Blaze co-host Stan Greenberg.",
        "“The race is tight,” Stan Greenberg barked.",
        "Stan Greenberg later Thursday told reporters that “the race is tight.”",
    ],
)
def test_speaker_after_a_party_word_a_co_role_or_an_unusual_verb(sentence: str) -> None:
    [quote] = printed(sentence)
    assert quote.speaker == "Stan Greenberg"


def test_quote_introduced_by_a_colon_is_the_named_person_or_the_subject() -> None:
    text = (
        "Rep. Tom Hale (R-Ohio): “I have not heard that figure before.”\n\n"
        "The timing does not surprise pollster Dana Whitfield: “Late deciders break late.”\n\n"
        "Governor Maria Lopez left the stage, then turned to the crowd again: “We are not done.”"
        "\n\nLopez later gave an interview to the newspaper Harbor Times: “We will win this.”"
    )
    speakers = [(q.text, q.speaker) for q in printed(text)]
    assert speakers == [
        ("I have not heard that figure before.", "Tom Hale"),
        ("Late deciders break late.", "Dana Whitfield"),
        ("We are not done.", "Maria Lopez"),
        ("We will win this.", "Maria Lopez"),
    ]


def test_excerpt_under_a_byline_is_nobody_s_speech() -> None:
    text = (
        "CLOSING—“The Corner Club to shut in May,” by Times’ Dana Whitfield: “The club, which "
        "opened in 1998, will close in May, its owners said.”"
    )
    assert [q.speaker for q in find(text) if q.speaker and q.confidence >= MIN_CONFIDENCE] == []


# -- fast paths give the same answers as the plain rules ---------------------------------


def test_cue_index_takes_the_same_words_as_a_word_by_word_scan() -> None:
    text = (
        "Said the mayor: fine. SAID nothing. She sAid it, so-called said-so, unsaid, says2. "
        "According to aides, as Lee put it, Asked twice, he asked; Put it down. Über said."
    )
    expected = [
        (m.start(), m.group().lower())
        for m in re.finditer(r"(?<![\w-])[A-Za-z]+(?![\w-])", text)
        if m.group().lower() in CUE_FORMS | {"according", "put"}
        and (m.group()[0].islower() or m.group().lower() in ("says", "said", "according", "put"))
    ]
    found = [(start, cue.split()[0]) for start, _, cue in CueIndex(text).between(0, len(text))]
    assert found == expected


def test_word_before_is_cut_at_the_start_of_the_window() -> None:
    text = "the acting chairman  Jo Lee"
    assert _word_before(text, 0, 20) == ("chairman", 11)
    assert _word_before(text, 14, 20) == ("irman", 14)
    assert _word_before(text, 0, 19) is None
    assert _word_before("x y\n", 0, 4) is None
    assert _word_before("x y \n", 0, 5) == ("y", 2)


# -- descriptions ---------------------------------------------------------------------------


def test_description_refers_to_the_person_the_article_describes_so() -> None:
    text = (
        "Shipping magnate Oren Vale bought the port on Monday. Mayor Tom Hale welcomed him.\n\n"
        "“We will double the cranes,” the magnate said.\n\n"
        "Ada Brink, a former top aide to Hale, was less sure.\n\n"
        "“The city gave away too much,” said the former top aide."
    )
    assert [q.speaker for q in printed(text)] == ["Oren Vale", "Ada Brink"]


def test_description_fitting_two_people_equally_names_neither() -> None:
    text = (
        "Senator Rob Hale and Senator Kim Ortiz toured the dam on Monday.\n\n"
        "“It will hold,” the senator said."
    )
    assert [q.speaker for q in printed(text)] == []


def test_a_role_changed_by_former_is_another_role() -> None:
    text = (
        "President Ana Ruiz met former President Tom Hale on Monday.\n\n"
        "“We agreed on very little,” the former president said."
    )
    [quote] = printed(text)
    assert quote.speaker == "Tom Hale"


def test_anyone_noun_names_nobody_the_article_does_not_describe_so() -> None:
    text = (
        "Senator Rob Hale spoke at the dam on Monday.\n\n“He will lose the vote,” the source said."
    )
    assert [q.speaker for q in printed(text)] == [None]


def test_a_business_role_refers_to_the_person_in_focus() -> None:
    text = (
        "Peter Vale bought the port on Monday after a year of talks.\n\n"
        "“We will double the cranes,” the tycoon said."
    )
    [quote] = printed(text)
    assert quote.speaker == "Peter Vale"


def test_a_surname_that_is_also_a_colour_or_nationality_is_a_speaker() -> None:
    text = (
        "Delegates meet.\n\nState Sen. Richard H. Black backed the plan on Saturday.\n\n"
        '"It would be a loss for the party," Black said. "I am sure of it."\n\n'
        'The French said nothing. "We will fight on," said Ann White. White added that '
        '"the vote was fair."\n'
    )
    assert [(q.speaker, q.confidence >= MIN_CONFIDENCE) for q in find(text)] == [
        ("Richard H. Black", True),
        ("Richard H. Black", True),
        ("Ann White", True),
        ("Ann White", True),
    ]


def test_a_party_label_after_a_name_is_not_the_speaker() -> None:
    text = "“You gave a fine talk,” Representative Tom Vale, Democrat of Ohio, told the crowd."
    [quote] = printed(text)
    assert quote.speaker == "Tom Vale"


def test_another_or_several_before_the_verb_is_someone_unnamed() -> None:
    text = (
        "Drivers saw the new signs on Monday. One read, “Buckle up.” Another advised, “Slow "
        "down, friend.”\n\nSeveral drivers said they liked them. Others said, “They are silly.”"
    )
    assert {q.speaker for q in find(text)} == {None}


@pytest.mark.parametrize(
    "sentence",
    [
        "“Neither man inspires me,” Harry Vale, 30, of Raleigh, N.C., who was polled, said.",
        "Harry Vale, the editor of the city's daily newspaper, The Morning Star, said the mayor "
        "was “both wise and shrewd.”",
        "“It would be a stretch,” Harry Vale of the Carter Center for Arms Studies wrote in May.",
        "At the club, where it costs $70,000 to join, Harry Vale, its president, said that "
        "“the boom is over.”",
    ],
)
def test_a_place_or_an_organisation_after_the_speaker_is_not_the_speaker(sentence: str) -> None:
    [quote] = printed(sentence)
    assert quote.speaker == "Harry Vale"


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "The puzzle of Lopez, says Carl Fenn, a historian, is that she was “the "
            "calmest of them.”",
            "Carl Fenn",
        ),
        ("“He can win, but it is unlikely” that Dole can catch Vale, said Jo Pratt.", "Jo Pratt"),
        (
            "Ryan and Vale will meet next week, Jo Pratt said, adding, “They need to talk.”",
            "Jo Pratt",
        ),
        ("“He is not fit,” Jo Pratt, who is an actor, said of Mr. Vale.", "Jo Pratt"),
    ],
)
def test_the_speaker_after_an_inverted_verb_or_before_adding(sentence: str, speaker: str) -> None:
    [quote] = printed(sentence)
    assert quote.speaker == speaker


def test_a_cue_word_after_a_determiner_is_a_noun_or_an_adjective() -> None:
    text = "The secretary of state met a noted historian. The state of Ohio sent a written note."
    assert CueIndex(text).between(0, len(text)) == []
    text = "Jo Vale said the former secretary of state was “far too cautious” then."
    [quote] = printed(text)
    assert quote.speaker == "Jo Vale"


def test_mrs_goes_to_the_woman_of_a_family_name_the_man_is_named_by_more_often() -> None:
    text = (
        "Bill Dorsey spoke on Monday. Mr. Dorsey said he would run. Bill Dorsey is 60. "
        "His wife, Hillary Dorsey, did not speak.\n\n"
        "Later, Mrs. Dorsey, in a statement, accused him of a “lack of candour.”"
    )
    [quote] = printed(text)
    assert quote.speaker == "Hillary Dorsey"


def test_a_family_name_opening_the_article_is_the_titled_person_named_later() -> None:
    text = (
        "De Vries calls for calm\n\nMayor Bill de Vries spoke on Monday about the bill.\n\n"
        "De Vries said, “We will keep the city safe.”"
    )
    [quote] = printed(text)
    assert quote.speaker == "Bill de Vries"


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("According to the Vale campaign, “The rally starts at noon.”", "Vale campaign"),
        ("Mrs. Dana Vale's campaign said, “We are confident of a win.”", "Vale campaign"),
        (
            "Sen. Dana Vale’s campaign, for example, said she would “back the nominee.”",
            "Vale campaign",
        ),
        ("Mr. Vale's office said, “He wrote the memo in 2009.”", "Vale"),
        ("“We are confident,” said Vale campaign manager Jo Pratt.", "Jo Pratt"),
    ],
)
def test_a_campaign_known_by_its_candidate_speaks_as_the_campaign(
    sentence: str, speaker: str
) -> None:
    [quote] = printed(sentence)
    assert quote.speaker == speaker


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "“Every day counts now,” said Vale’s deputy campaign manager, Jo Pratt, who ran it.",
            "Jo Pratt",
        ),
        (
            "A former candidate -- Jo Pratt, who lost the 2008 race -- said the plan “changes "
            "nothing.”",
            "Jo Pratt",
        ),
        (
            "Jo Pratt spoke with his counterpart “to discuss the test,” according to a Pentagon "
            "readout.",
            "Pentagon",
        ),
    ],
)
def test_a_name_set_next_to_a_role_or_a_document_speaks(sentence: str, speaker: str) -> None:
    [quote] = printed(sentence)
    assert quote.speaker == speaker


@pytest.mark.parametrize(
    ("sentence", "speaker", "title"),
    [
        ("“We are ready,” said chief of staff Jo Pratt.", "Jo Pratt", "chief of staff"),
        (
            "“Thanks, all,” said master of ceremonies Asab Vale, an engineer.",
            "Asab Vale",
            "master of ceremonies",
        ),
        (
            "“We are ready,” wrote the ambassador, John E. Vale, in May.",
            "John E. Vale",
            "ambassador",
        ),
    ],
)
def test_a_role_with_of_or_a_description_before_a_name_after_the_verb(
    sentence: str, speaker: str, title: str
) -> None:
    [quote] = printed(sentence)
    assert (quote.speaker, quote.speaker_title) == (speaker, title)


@pytest.mark.parametrize(
    "sentence",
    [
        "“We must keep the Senate,” said Idaho nutritional-supplement executive Ana Velarde.",
        "“We must keep the Senate,” said Tipton longtime donor Ana Velarde, who gave twice.",
    ],
)
def test_a_place_and_describing_words_before_a_role_leave_the_name_after_it(
    sentence: str,
) -> None:
    [quote] = printed(sentence)
    assert quote.speaker == "Ana Velarde"


@pytest.mark.parametrize(
    "described",
    ["The senator from Vermont", "The former senator from Vermont", "The senator of Vermont"],
)
def test_the_role_from_a_place_is_the_person_with_that_role_not_the_place(
    described: str,
) -> None:
    text = (
        "Senator Ana Velarde spoke in Tipton on Monday. “We will fight,” Velarde said.\n\n"
        f"{described} said the system was “broken beyond repair.”"
    )
    assert [q.speaker for q in find(text)] == ["Ana Velarde", "Ana Velarde"]


@pytest.mark.parametrize(
    "org", ["Tipton Farmers Convention", "Vale Technologies", "Ruiz Holdings", "Lee Airlines"]
)
def test_a_convention_or_a_company_is_an_organisation_not_a_person(org: str) -> None:
    assert is_org(org)


@pytest.mark.parametrize("opening", ["Outside", "Across", "Against", "Within"])
def test_a_preposition_opening_a_sentence_is_no_part_of_the_name_after_it(opening: str) -> None:
    names = NameTable(f"{opening} Harbor Hall, the workers waited.")
    assert [m.name for m in names.mentions] == ["Harbor Hall"]


def test_two_capitals_name_an_organisation_that_no_he_means() -> None:
    assert is_org("AP") and is_org("EU")
    text = (
        "Kim Ortiz runs the mayor’s race from an office at the harbor.\n\n"
        "When the AP asked Ortiz about the vote, the campaign manager said there was no news "
        "yet. “Call me back next week,” he told the AP."
    )
    assert [q.speaker for q in find(text)] == [None]


def test_a_place_before_a_verb_like_word_is_not_read_as_a_role() -> None:
    [quote] = find("“We must keep the Senate,” said Vale yesterday to donor Ana Velarde.")
    assert quote.speaker == "Vale"


def test_a_participle_after_a_clause_about_an_unnamed_group_is_the_group_s() -> None:
    text = (
        "Governor Maria Lopez spoke on Monday, when Vale protesters interrupted her speech, "
        "shouting “no more delays!”\n\nLopez spoke down the street, where about 50 "
        "protesters had gathered, chanting “no deal, no peace.”\n\n"
        "Lopez met the mayor and his aides, saying “we will win.”"
    )
    assert [(q.speaker, q.confidence >= MIN_CONFIDENCE) for q in find(text)] == [
        (None, True),
        (None, True),
        ("Maria Lopez", True),
    ]


def test_a_rank_with_an_ordinal_after_an_organisation_is_a_title() -> None:
    [quote] = printed("“The plan makes no sense,” said Air Force 1st Lt. Tyler Vale.")
    assert quote.speaker == "Tyler Vale"


def test_a_person_introduced_with_an_age_is_whom_a_pronoun_after_may_mean() -> None:
    text = (
        "“I just don't trust the harbor board with this,” Ana Ruiz, 67, a retired nurse in "
        "Dunmore, said in an interview.\n\n"
        "Rita Becker, 75, of Carthage supported Sam Hale in the primary, but now plans to vote "
        "for Mr. Ortiz. “I will reluctantly do that because he is better than the rest,” she said."
    )
    assert [q.speaker for q in find(text)] == ["Ana Ruiz", "Rita Becker"]


def test_he_is_not_the_one_his_own_cue_addresses() -> None:
    text = (
        "Mayor Sam Hale met voters at a cafe in Dunmore on Monday. Ben Ortiz, a nurse, told the "
        "mayor that he drove from Harbor City to ask him about the ferry. Hale backed a bill this "
        "year to cut the ferry's budget.\n\n"
        '"People like me have been hurt by the ferry cuts," he told Hale.'
    )
    assert [q.speaker for q in find(text)] == ["Ben Ortiz"]


@pytest.mark.parametrize(
    "opening",
    [
        "Interestingly Ortiz, a ferry captain, told the board",  # a sentence adverb
        "Stated Ortiz, a ferry captain, to the board",  # a word the article writes in lower case
    ],
)
def test_a_word_glued_to_a_known_family_name_is_no_part_of_the_name(opening: str) -> None:
    text = (
        "Ben Ortiz has run the Harbor ferry for twenty years and stated his case at every "
        f"meeting.\n\n{opening}: “We cannot run the boats on promises.”"
    )
    assert [q.speaker for q in find(text)] == ["Ben Ortiz"]


def test_a_co_or_ex_title_before_a_name_is_a_title() -> None:
    text = "Co-anchor Ana Ruiz pressed the mayor on the toll. “Really?” Co-anchor Ana Ruiz asked."
    assert [q.speaker for q in find(text)] == ["Ana Ruiz"]


def test_a_name_that_ends_a_relative_clause_is_not_the_speaker() -> None:
    text = (
        "Ana Ruiz, who lives outside the state capital, Dunmore, said she still “hopes the "
        "toll goes away.”"
    )
    assert [q.speaker for q in find(text)] == ["Ana Ruiz"]


def test_a_work_s_title_with_a_subtitle_is_no_quote() -> None:
    text = (
        "Ana Ruiz wrote “Harbor Lights: Forty Years of Ferries and the Town That Loved Them,” "
        "a history of the port. “We cannot run the boats on promises,” Ruiz said."
    )
    assert [q.text for q in find(text) if q.confidence >= MIN_CONFIDENCE] == [
        "We cannot run the boats on promises,"
    ]


def test_a_name_after_a_preposition_and_a_description_is_no_subject() -> None:
    """In "spoken by ship captain Ben Ortiz" Ortiz is no subject, so the "he" that follows
    is the actor the paragraph is about."""
    text = (
        "Tom Ruiz is back on television with Harbor Lights.\n\n"
        "As its star, Ruiz has put a few jokes into the script, to be spoken by ship captain "
        "Ben Ortiz, played by Ruiz.\n\n"
        "In an interview, the actor explained how he differs from his character.\n\n"
        "“I’m not as quick,” he said."
    )
    assert [q.speaker for q in find(text)] == ["Tom Ruiz"]


def test_a_name_after_a_preposition_does_not_speak_through_the_verb_after_it() -> None:
    """In "a vote for Hale ruled out" no ruling is Hale's, so the "he" after it is Ortiz."""
    text = (
        "Ben Ortiz, a speechwriter, wrote that he cannot back Tom Hale.\n\n"
        "With a vote for Hale ruled out, Ortiz said he is left with two options: Ana Ruiz, whom "
        "he called “the most divisive figure in years,” or a third party."
    )
    assert [q.speaker for q in find(text)] == ["Ben Ortiz"]


def test_capitalised_words_before_a_role_and_a_name_describe_the_person() -> None:
    """In "Republican Mayoral hopeful Sen. Ben Ortiz" the capitalised words before the role
    word describe Ortiz: they are no one who speaks."""
    text = (
        "In line with most voters, Republican Mayoral hopeful Sen. Ben Ortiz was also critical "
        "of the plan, telling the Harbor Gazette: “The toll is a mistake and it will hurt "
        "families.”"
    )
    assert [q.speaker for q in find(text)] == ["Ben Ortiz"]


def test_a_nested_quote_that_ends_with_the_outer_one_closes_both() -> None:
    text = "''They keep saying 'fix the docks,''' said Senator Ana Ruiz of Maine."
    [quote] = printed(text)
    assert (quote.text, quote.speaker) == ("They keep saying 'fix the docks,'", "Ana Ruiz")


@pytest.mark.parametrize("date", ["in June", "since May", "early July", "on June 3"])
def test_a_month_that_is_also_a_given_name_is_no_person_where_a_date_reads_it(date: str) -> None:
    names = NameTable(f"Ana Ruiz spoke at the harbor hearing {date}.")
    assert [m.name for m in names.mentions] == ["Ana Ruiz"]


def test_a_month_name_is_still_a_person_s_name_outside_a_date() -> None:
    names = NameTable("Theresa May spoke at the harbor. May said the port would stay open.")
    assert [m.name for m in names.mentions] == ["Theresa May", "May"]


def test_a_long_apposition_with_a_relative_clause_still_gives_the_role() -> None:
    text = (
        "Ports ruling.\n\n"
        "Roberta Vale, a Boston-based lawyer who represented fishermen in the harbor case and "
        "the HB 1523 lawsuit, spoke at hearings in June. “There cannot be a closed port,” she "
        "told the judge."
    )
    [quote] = find(text)
    assert quote.speaker == "Roberta Vale"


def test_shot_back_and_fired_back_report_speech_but_a_storm_that_hit_does_not() -> None:
    text = (
        "Harbor debate.\n\n"
        "“They are all here because the fishing is good,” Ben Ortiz shot back with a laugh.\n\n"
        "Ruiz fired back that “the fishing is never good” in March.\n\n"
        "The storm hit back roads and docks. “It was bad” was painted on a wall."
    )
    assert [(q.speaker, q.cue) for q in find(text)] == [
        ("Ben Ortiz", "shot back"),
        ("Ruiz", "fired back"),
        (None, None),
    ]


def test_a_name_with_himself_or_herself_before_the_cue_is_the_speaker() -> None:
    text = (
        "Harbor vote.\n\nMaria Ruiz spoke for an hour. Ruiz herself said Tuesday that “the "
        "only way to win the harbor is to fish.”"
    )
    [quote] = find(text)
    assert quote.speaker == "Maria Ruiz" and quote.confidence >= MIN_CONFIDENCE


def test_a_he_opening_the_sentence_before_is_not_someone_it_reports_speaking() -> None:
    text = (
        "Harbor vote.\n\nTom Vale worked for the mayor for years. He said that he was more "
        "focused on the docks and noted that Ben Ortiz has acknowledged he will not "
        "win.\n\n“What the fishermen ask for is not unreasonable,” he said."
    )
    [quote] = find(text)
    assert quote.speaker == "Tom Vale"


def test_a_name_after_a_preposition_and_a_longer_description_is_no_subject() -> None:
    names = NameTable("The panel is overseen by former U.N. secretary general Tom Vale.")
    [vale] = [m for m in names.mentions if m.name == "Tom Vale"]
    assert not vale.subject


@pytest.mark.parametrize("org", ["National League for Democracy", "Harbor Movement"])
def test_a_league_or_a_movement_is_an_organisation(org: str) -> None:
    assert is_org(org)


def test_she_is_the_subject_not_the_man_named_after_by_in_her_sentence() -> None:
    text = (
        "Harbor talks.\n\nAung San Vale spoke at the harbor. Her National League for Democracy "
        "swept to power last year. She has a new role.\n\n"
        "Vale recently set up a panel, overseen by former U.N. secretary general Kofi Ortiz, "
        "to study the docks.\n\n"
        "“Unity also means prosperity,” she said."
    )
    [quote] = find(text)
    assert quote.speaker == "Aung San Vale"


def test_a_description_before_a_name_set_off_by_commas_gives_the_role() -> None:
    text = (
        "Harbor talks.\n\nThe harbor chief, Maria Ruiz, met the mayor, Tom Vale, on Monday. "
        "Ben Ortiz, a fisherman, came too.\n\n"
        "“We will rebuild the docks,” the harbor chief said.\n\n"
        "“The town will pay,” the mayor said."
    )
    assert [q.speaker for q in find(text)] == ["Maria Ruiz", "Tom Vale"]


def test_a_verb_after_a_name_and_a_comma_is_no_apposition_that_gives_a_role() -> None:
    names = NameTable("Maria Ruiz, met the mayor, spoke. Tom Vale, elected mayor in 2010, won.")
    ruiz, vale = (names.person(m.name, m.start) for m in names.mentions)
    assert "mayor" not in ruiz.roles and "mayor" in vale.roles


def test_a_name_in_a_list_after_a_role_is_not_described_by_it() -> None:
    names = NameTable("He thanked the mayor, Tom Vale, and Ben Ortiz for the new docks.")
    vale = next(m for m in names.mentions if m.name == "Tom Vale")
    assert names.described_before(vale) is None


def test_at_most_max_quotes_are_read_and_none_past_max_text() -> None:
    many = "Harbor.\n\n" + "“Hi,” said Ana Ruiz. " * (MAX_QUOTES + 200)
    assert len(find(many)) == MAX_QUOTES
    far = "Harbor.\n\n" + "The docks are open. " * (MAX_TEXT // 20) + "“Hi,” said Ana Ruiz."
    assert find(far) == []


@pytest.mark.parametrize("described", ["the senior Vale adviser", "a Vale aide"])
def test_an_aide_known_by_the_name_of_the_one_served_is_not_that_person(described: str) -> None:
    """ "…,” said the senior Vale adviser.": an adviser of Tom Vale's, whom the article does
    not name, not Tom Vale himself (the full stop ending the sentence is no part of the
    word "adviser")."""
    text = f"Harbor Report\n\nTom Vale spoke on Monday.\n\n“It will pass,” said {described}.\n"
    [quote] = find(text)
    assert quote.speaker is None


@pytest.mark.parametrize("venue", ["on Facebook", "in Harbor City"])
def test_where_words_were_given_is_not_who_gave_them(venue: str) -> None:
    """ "Ruiz answered on Facebook writing, “…”": the words are hers, not Facebook's; a name
    right before a participle is its subject elsewhere ("footage of Tom Vale saying")."""
    text = f"Harbor Report\n\nMaria Ruiz answered the question {venue} writing, “Yes, I will.”\n"
    [quote] = find(text)
    assert quote.speaker == "Maria Ruiz"
    [quote] = find("Harbor Report\n\nThe clip shows footage of Tom Vale saying “we will win.”\n")
    assert quote.speaker == "Tom Vale"


@pytest.mark.parametrize(
    "sentence",
    [
        "“They all said no,” remembered Tom Vale, the former harbor chief.",
        "“They all said no,” Tom Vale bragged.",
        "Tom Vale vented to his wife that it would be “a fight from start to finish.”",
        "“No,” Tom Vale snapped.",
    ],
)
def test_more_verbs_of_speech(sentence: str) -> None:
    [quote] = find(f"Harbor Report\n\n{sentence}\n")
    assert quote.speaker == "Tom Vale"
    assert quote.confidence >= MIN_CONFIDENCE


def test_a_dash_after_a_clause_introduces_its_subjects_words_as_a_colon_does() -> None:
    text = (
        "Harbor Report\n\n"
        "Tom Vale also embraced the new plan -- “I think the harbor is ready for it.”\n\n"
        "HARBOR NEWS—“The port reopens,” by the Bay Herald.\n"
    )
    embraced, label = find(text)
    assert embraced.speaker == "Tom Vale"
    assert label.speaker is None  # a label alone before the dash is no speaker


def test_a_persons_own_document_speaks_for_them() -> None:
    """ "Vale's statement said" and "one Ruiz ad declared" give the words to the person the
    article names; an organisation's email stays the organisation's."""
    text = (
        "Harbor Report\n\n"
        "Tom Vale and Maria Ruiz wrote to the council on Monday.\n\n"
        "“We did our best,” Vale’s statement said.\n\n"
        "“The port will reopen,” one Ruiz ad declared.\n\n"
        "“Pay now,” the Harbor Party’s email reads.\n"
    )
    assert [q.speaker for q in find(text)] == ["Tom Vale", "Maria Ruiz", "Harbor Party"]


def test_an_investigation_speaks_for_the_body_that_ran_it() -> None:
    """ "…, which a Harbor Board investigation said was “…”": the board's finding, not the
    words of the man who criticized the plan."""
    text = (
        "Harbor Report\n\nTom Vale criticized the port plan, which a Harbor Board "
        "investigation said was “extremely careless” but lawful.\n"
    )
    [quote] = find(text)
    assert quote.speaker == "Harbor Board"


def test_he_after_a_possessive_in_its_own_sentence_is_the_owner() -> None:
    """ "…Vale's plan correctly when he says he intends to “…”": Vale, not the man who
    spoke in the sentence before."""
    text = (
        "Harbor Report\n\n"
        "“The numbers are clear,” said Ben Ortiz, an analyst.\n\n"
        "If we read Tom Vale’s plan correctly when he says he intends to “pick up votes” "
        "everywhere, he will stay in.\n"
    )
    assert [q.speaker for q in find(text)] == ["Ben Ortiz", "Tom Vale"]


def test_the_subject_of_a_sentence_is_not_one_of_a_clause_within_it() -> None:
    """A "he" in "much like he did…" and a name in "Ever since she endorsed Mrs. Ruiz," are
    parts of clauses within the sentence; its subject comes after them."""
    text = (
        "Harbor Report\n\n"
        "Maria Ruiz spoke at the pier on Monday.\n\n"
        "Hastily blaming the storm ― much like he did after the floods last year ― Tom Vale "
        "cast the blame on his rivals, and emphasized the threat that “harbor crime” poses.\n\n"
        "Ever since she endorsed Mrs. Ruiz this month, Ms. Ana Ortiz has been a surrogate, "
        "visiting the office with a simple message: “Do not give up on this!”\n"
    )
    assert [q.speaker for q in find(text)] == ["Tom Vale", "Ana Ortiz"]
