"""Words of a headline or summary that look like names or numbers but that the article
supports: role words opening a sentence, plurals of the article's words opening one,
initials of a name, ranks, "a second"."""

from __future__ import annotations

import pytest

from newsletter.digest.evidence import Evidence
from newsletter.digest.grounding import unsupported
from newsletter.quotes import find

SOURCE = (
    "The Harbor Workers Union and the State Board of Education met on Tuesday. Ana Ruiz, who "
    "writes a weekly column for the Coastal Ledger, said the talks went well. The EU Trade "
    "Office sent an observer."
)


@pytest.mark.parametrize(
    "summary",
    [
        "Lawyer Ana Ruiz said the talks went well.",
        "Columnist Ana Ruiz said the talks went well.",
        "Analyst Ana Ruiz said the talks went well.",
        "Op-ed writers were pleased. Much was agreed on Tuesday.",
        "Several observers came. Such talks are rare.",
    ],
)
def test_a_sentence_may_open_with_a_role_a_document_or_a_quantity(summary: str) -> None:
    assert unsupported(summary, SOURCE) == []


@pytest.mark.parametrize("opening", ["Earlier", "Later", "Yesterday", "Separately", "Instead"])
def test_a_sentence_may_open_with_an_adverb_of_time_or_sequence(opening: str) -> None:
    summary = f"The union met the board. {opening}, Ana Ruiz wrote a column."
    assert unsupported(summary, SOURCE) == []


@pytest.mark.parametrize("opening", ["Although", "Because", "Though", "Unless", "Whether"])
def test_a_sentence_may_open_with_a_conjunction(opening: str) -> None:
    summary = f"{opening} the union met the board, Ana Ruiz wrote a column."
    assert unsupported(summary, SOURCE) == []


def test_a_sentence_may_open_with_the_noun_of_what_the_person_does() -> None:
    """A role noun before a name, where the article tells the role by a word of its own:
    "Appraiser Ana Ruiz" where she "appraises harbor property". One it has no word for is
    checked."""
    source = "Ana Ruiz, who appraises harbor property, said the toll is fair."
    assert unsupported("Appraiser Ana Ruiz said the toll is fair.", source) == []
    assert unsupported("Baker Ana Ruiz said the toll is fair.", source) == ["Baker"]


def test_the_name_of_a_web_address_is_the_site_s_name() -> None:
    source = "Ana Ruiz runs HarborWatch.com, a site about the port."
    assert unsupported("HarborWatch founder Ana Ruiz spoke.", source) == []
    assert unsupported("PortWatch founder Ana Ruiz spoke.", source) == ["PortWatch"]


@pytest.mark.parametrize("opening", ["Employers", "Companies", "Prices"])
def test_a_sentence_may_open_with_a_plural_of_whom_or_what_news_is_about(opening: str) -> None:
    assert unsupported(f"{opening} felt the talks on Tuesday.", SOURCE) == []


@pytest.mark.parametrize("opening", ["Observers", "Columns", "Offices"])
def test_a_sentence_may_open_with_the_plural_of_a_word_the_article_has(opening: str) -> None:
    assert unsupported(f"{opening} went well on Tuesday.", SOURCE) == []


def test_an_opening_word_that_is_no_plural_of_the_articles_words_is_checked() -> None:
    assert unsupported("Marcus went to the talks.", SOURCE) == ["Marcus"]


def test_an_opening_role_word_that_is_a_common_surname_is_still_checked() -> None:
    assert unsupported("Bishop said the talks went well.", SOURCE) == ["Bishop"]


def test_an_opening_office_is_still_checked() -> None:
    """An occupation describes ("Columnist Ana Ruiz"); an office is a claim of its own."""
    assert unsupported("Governor Ana Ruiz said the talks went well.", SOURCE) == ["Governor"]
    assert unsupported("Sen. Ana Ruiz said the talks went well.", SOURCE) == ["Sen"]


@pytest.mark.parametrize("acronym", ["HWU", "SBE", "SBOE", "EUTO"])
def test_the_initials_of_a_name_in_the_article_pass(acronym: str) -> None:
    assert unsupported(f"The {acronym} met on Tuesday.", SOURCE) == []


def test_initials_of_no_name_in_the_article_are_flagged() -> None:
    assert unsupported("The NEA and the HBU met on Tuesday.", SOURCE) == ["NEA", "HBU"]


RANKING = "Who leads the race this week:\n\n1. Ana Ruiz\n\n2. Ben Ortiz\n\n3. Lena Park (2.)\n"


def test_a_ranked_line_supports_its_ordinal() -> None:
    assert unsupported("Lena Park fell to third, and Ben Ortiz is second.", RANKING) == []
    assert unsupported("Lena Park fell to fourth.", RANKING) == ["fourth"]


def test_a_second_reads_another_but_a_rank_is_checked() -> None:
    source = "The council sent a letter to the mayor. Fifty residents signed a petition."
    assert unsupported("The council sent a second letter to the mayor.", source) == []
    assert unsupported("The council came second in the vote.", source) == ["second"]


def test_a_title_before_a_name_is_not_read_as_a_surname() -> None:
    text = (
        "U.S. District Judge Ana Ruiz granted the union's request for the records on Monday. "
        '"This ruling is a victory for every worker," said union president Ben Ortiz.'
    )
    evidence = Evidence([(text, find(text))])
    assert "judge" not in evidence.given
    headline = "Judge grants the union's request for the records"
    assert evidence.misattributions(headline, headline=True) == []
    wrong = headline.replace("Judge", "Ortiz")
    assert [m.actor for m in evidence.misattributions(wrong, headline=True)] == ["Ortiz"]


def test_speech_given_to_someone_the_evidence_only_mentions_is_the_speakers() -> None:
    text = (
        "Lena and Omar Haddad run a bakery. The parking rules on Pier Street worry shop owners, "
        'including Lena Haddad.\n\n"The rules keep our customers away," Omar Haddad said.'
    )
    evidence = Evidence([(text, find(text))])
    said = "{} said the parking rules on Pier Street keep customers away."
    (found,) = evidence.misattributions(said.format("Lena Haddad"))
    assert (found.actor, found.credited) == ("Lena Haddad", "Omar Haddad")
    assert evidence.misattributions(said.format("Omar Haddad")) == []


def test_an_act_told_in_a_who_clause_is_checked_for_its_doer() -> None:
    text = (
        "The ferry fares rose on Monday. Harbor commissioner Lena Park said the rise was "
        "overdue. Union leader Omar Haddad accused the port board of hiding the real costs."
    )
    evidence = Evidence([(text, find(text))])
    told = "The fare rise angered {}, who accused the port board of hiding the real costs."
    (found,) = evidence.misattributions(told.format("Lena Park"))
    assert (found.actor, found.credited) == ("Lena Park", "Omar Haddad")
    assert evidence.misattributions(told.format("Omar Haddad")) == []


@pytest.mark.parametrize(
    ("summary", "source"),
    [
        ("The board met on Oct. 28 and Sept. 3.", "The board met on October 28 and September 3."),
        ("The board met on October 28.", "The board met on Oct. 28."),
    ],
)
def test_a_month_may_be_abbreviated_or_spelled_out(summary: str, source: str) -> None:
    assert unsupported(summary, source) == []


def test_a_month_the_article_does_not_give_is_flagged() -> None:
    assert unsupported("The board met on Nov. 28.", "The board met on October 28.") == ["Nov"]


@pytest.mark.parametrize(
    ("summary", "source"),
    [
        ("The vote is set for December 15.", "The vote is set for December 15th."),
        ("The vote is set for December 15th.", "The vote is set for Dec. 15."),
        (
            "Ana Ruiz pleaded guilty in a Virginia court.",
            "Ana Ruiz pleaded guilty in Alexandria, Va.",
        ),
        ("Ana Ruiz flew to New Hampshire.", "Ana Ruiz flew to Concord, N.H., on Monday."),
        ("Ana Ruiz left the United States.", "Ana Ruiz left the U.S. on Monday."),
        ("The board ran TV ads.", "The board ran television ads."),
        ("Dr. Ana Ruiz spoke first.", "Ana Ruiz, a doctor, spoke first."),
        ("A United Nations panel backed Ana Ruiz.", "A U.N. panel backed Ana Ruiz."),
        ("Ana Ruiz cast her Senate vote in 2001.", "As a senator, Ana Ruiz voted in 2001."),
        ("Ana Ruiz won the House primary.", "Ana Ruiz won the congressional primary."),
        ("Ana Ruiz said on Twitter that she won.", "Ana Ruiz tweeted that she won."),
        (
            "Ana Ruiz mocked Harbor Talk host Ben Ortiz.",
            "Ana Ruiz mocked @BenOrtiz of @Harbor_Talk.",
        ),
    ],
)
def test_a_day_a_state_a_country_or_a_title_may_be_written_in_full_or_short(
    summary: str, source: str
) -> None:
    assert unsupported(summary, source) == []


@pytest.mark.parametrize(
    ("summary", "source", "flagged"),
    [
        ("The vote is set for December 16.", "The vote is set for December 15th.", "16"),
        ("Ana Ruiz flew to Virginia.", "Ana Ruiz flew to Concord, N.H., on Monday.", "Virginia"),
        ("Dr. Ana Ruiz spoke first.", "Ana Ruiz, a lawyer, spoke first.", "Dr"),
        ("Ana Ruiz cast her Senate vote.", "As governor, Ana Ruiz voted in 2001.", "Senate"),
    ],
)
def test_another_day_state_or_title_is_still_flagged(
    summary: str, source: str, flagged: str
) -> None:
    assert unsupported(summary, source) == [flagged]


@pytest.mark.parametrize(
    "word", ["Ruiz-style", "Ruiz-like", "EU-wide", "anti-Ruiz", "Ex-Ruiz", "Anti-Ruiz"]
)
def test_a_name_joined_to_an_everyday_word_is_the_name(word: str) -> None:
    """The lower-case part of "Ruiz-style" or "anti-Ruiz" is no name to look for."""
    assert unsupported(f"A {word} column was printed on Tuesday.", SOURCE) == []


def test_a_name_joined_to_an_everyday_word_is_still_checked() -> None:
    assert unsupported("A Marcus-style column was printed on Tuesday.", SOURCE) == ["Marcus-style"]


@pytest.mark.parametrize("piece", ["Commentary", "Opinion", "Column", "Article"])
def test_a_headline_may_have_the_piece_itself_argue(piece: str) -> None:
    """A headline's "Commentary accuses…" gives the words to the piece, no person."""
    text = SOURCE + " The column argues that the union was treated unfairly."
    headline = f"{piece} argues the union was treated unfairly"
    assert unsupported(headline, text) == []
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions(headline, headline=True) == []


def test_an_act_an_outlet_reports_is_not_the_outlets_own() -> None:
    """A summary's "…, the AP reports" names the source of a claim, not someone acting."""
    text = f"(AP) {SOURCE} Ana Ruiz, meanwhile, co-sponsored a harbor dredging plan in 2001."
    evidence = Evidence([(text, find(text))])
    summary = "Ana Ruiz backed a harbor dredging plan in 2001, the AP reports."
    assert evidence.misattributions(summary) == []


def test_an_act_of_a_numbered_law_is_no_persons() -> None:
    """A summary's "the 2nd Amendment left…" tells what a law did, not a person."""
    text = f"{SOURCE} Her column explores how the 2nd amendment to the code left ferries out."
    evidence = Evidence([(text, find(text))])
    summary = "Ana Ruiz's column explores how the 2nd Amendment, on docks, left ferries out."
    assert evidence.misattributions(summary) == []


def test_a_headline_clause_after_as_has_a_doer_of_its_own() -> None:
    """A headline "Ruiz vows to stay as board members fear a split" credits Ruiz with the vow
    only: the clause after "as" is the board members' fear, not her act to find."""
    text = (
        "Board members fear a split over the harbor levy will hurt the port, Omar Diaz said.\n\n"
        "Ana Ruiz, the union leader, has promised to stay in the talks until the vote."
    )
    evidence = Evidence([(text, find(text))])
    headline = "Ruiz vows to stay in the talks as Board members fear a split over the levy"
    assert evidence.misattributions(headline, headline=True) == []


@pytest.mark.parametrize(
    "summary",
    ["Ana Ruiz met the board. The two are old friends.", "The two of them met on Tuesday."],
)
def test_the_two_who_do_something_are_people_named_not_a_figure(summary: str) -> None:
    assert unsupported(summary, SOURCE) == []


def test_a_spelled_count_of_things_is_still_checked() -> None:
    assert unsupported("The two unions met on Tuesday.", SOURCE) == ["two"]


def test_a_lede_s_subject_may_follow_a_description() -> None:
    """A lede "Harbor union leader Ana Ruiz will answer…" has Ruiz as its subject, whatever
    words describe her first; a headline may give her the act it tells."""
    text = (
        "Harbor union leader Ana Ruiz will answer the port board's wage offer with a strike "
        "vote of her own on Friday, Omar Diaz said.\n\n"
        "Omar Diaz, who leads the board, made the offer on Tuesday."
    )
    evidence = Evidence([(text, find(text))])
    headline = "Ruiz announces Friday strike vote to answer the port board's wage offer"
    assert evidence.misattributions(headline, headline=True) == []


def test_a_name_the_article_always_writes_after_the_is_no_person() -> None:
    """A headline's "…, Upshot argues" where the article only writes "The Upshot": a section
    or an outlet speaks for the piece, and no person is to be found doing it."""
    text = (
        "The Upshot.\n\nLong ferry queues are a costly test of patience for the harbor. "
        "They may also be the best test of the port's plans."
    )
    evidence = Evidence([(text, find(text))])
    headline = "Long ferry queues may be a good test of the port's plans, Upshot argues"
    assert evidence.misattributions(headline, headline=True) == []


def test_a_headline_may_give_a_speaker_the_claim_their_words_make() -> None:
    """A headline "The port hires 20 divers to inspect the harbor walls, Ruiz says": her
    words, spread over a turn, tell it, though the lede (which names no doer) shares more
    of the headline's words."""
    text = (
        "The port of Oakford has hired a large crew of divers to inspect the harbor walls.\n\n"
        "Omar Diaz, who leads the council, said the budget allows it. Tom Becker agreed. "
        "Lena Park, a ferry captain, was pleased.\n\n"
        "Ana Ruiz, the harbor master, spoke on Tuesday. “We have 20 divers on the walls,” Ruiz "
        "said. “They will check every stone.”"
    )
    evidence = Evidence([(text, find(text))])
    headline = "Port of Oakford hires divers to inspect every stone of the harbor walls, Ruiz says"
    assert evidence.misattributions(headline, headline=True) == []


@pytest.mark.parametrize("opening", ["Rivals", "Whoever", "Storms", "Top EU"])
def test_a_sentence_may_open_with_an_english_word_the_article_lacks(opening: str) -> None:
    """Before a lower-case word, or an acronym and then one ("Top EU envoys came…")."""
    summary = f"The union met. {opening} envoys came to the harbor talks that the union held."
    assert unsupported(summary, SOURCE) == []


@pytest.mark.parametrize(
    ("summary", "flagged"),
    [
        ("The union met. Hayes came to the harbor talks that the union held.", "Hayes"),
        ("The union met. Rivals Inc. came to the harbor talks that it held.", "Rivals"),
    ],
)
def test_an_opening_word_that_is_no_english_word_or_starts_a_name_is_checked(
    summary: str, flagged: str
) -> None:
    assert flagged in unsupported(summary, SOURCE)
