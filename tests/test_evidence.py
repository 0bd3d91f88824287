"""Evidence per sentence: a summary sentence that gives one person's words or act to another
is rejected, with what the article says instead; a faithful one passes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from newsletter.digest import doers
from newsletter.digest.client import Ungrounded
from newsletter.digest.evidence import Evidence
from newsletter.digest.gate import StoryGate
from newsletter.models import Article
from newsletter.quotes import find

TEXT = (
    "A county judge on Monday rejected a request by two newspapers to open the sealed file of "
    "the harbor dredging contract.\n\n"
    "Judge Maria Okafor wrote that the court should not decide what voters need to know "
    "before the election.\n\n"
    "The Harbor Gazette and the Coastal Ledger had argued that the contract was a public "
    "record.\n\n"
    'Mayor Tom Becker called the ruling "a win for common sense and for the taxpayers of this '
    'town."\n\n'
    "Council member Rita Becker, the mayor's sister, voted against the contract last spring.\n\n"
    '"We were promised clean water and we got a bill," said Dan Fuller, who leads the '
    "residents' association. He said the group would appeal."
)

GOOD = [
    "Judge Maria Okafor said the court should not decide what voters need to know.",
    "Okafor rejected the newspapers' request to open the dredging contract file.",
    "Mayor Tom Becker welcomed the ruling.",
    "Rita Becker voted against the contract last spring.",
    "Dan Fuller said the residents' association would appeal.",
    "Residents said they would appeal.",  # a group, not a person
    # "State" is part of a name here, not the sentence's verb
    "Okafor kept the file of the dredging contract sealed for the Harbor State board.",
    # two doers, each credited by a passage of their own
    "Rita Becker and Tom Becker took opposite sides on the contract.",
    "Okafor rejected the request, and Rita Becker voted against the contract last spring.",
    # a time between the doer and the verb, a clause before the doer
    "Judge Maria Okafor on Monday rejected the newspapers' request to open the file.",
    "Asked about the ruling, Mayor Tom Becker called it a win for the town's taxpayers.",
]
WRONG = [
    ("Tom Becker wrote that the court should not decide what voters need to know.", "Okafor"),
    ("Dan Fuller voted against the contract last spring.", "Rita Becker"),
    ("Rita Becker called the ruling a win for the town's taxpayers.", "Tom Becker"),
    ("Maria Okafor said the residents' association would appeal.", "Dan Fuller"),
    # the wrong doer in a second clause
    (
        "Okafor rejected the request, and Tom Becker voted against the contract last spring.",
        "Rita Becker",
    ),
    # the doer before a time ("on Monday"), after a clause of its own ("Asked…,", "After…,")
    ("Dan Fuller on Monday wrote that the court should not decide for voters.", "Okafor"),
    ("Rita Becker earlier this week rejected the newspapers' request.", "county judge"),
    ("Asked about the ruling, Dan Fuller called it a win for the town's taxpayers.", "Becker"),
    ("After the ruling, Dan Fuller voted against the contract last spring.", "Rita Becker"),
]


@pytest.fixture(scope="module")
def evidence() -> Evidence:
    return Evidence([(TEXT, find(TEXT))])


@pytest.mark.parametrize("sentence", GOOD)
def test_a_sentence_that_credits_the_person_the_article_credits_passes(
    evidence: Evidence, sentence: str
) -> None:
    assert evidence.misattributions(sentence) == []


@pytest.mark.parametrize(("sentence", "credited"), WRONG)
def test_words_or_an_act_given_to_another_person_are_found(
    evidence: Evidence, sentence: str, credited: str
) -> None:
    (found,) = evidence.misattributions(sentence)
    assert found.sentence in sentence  # the sentence, or its clause that is wrong
    assert credited in f"{found.credited} {found.evidence}"


def _retry(title: str, text: str, summary: str) -> str:
    """What the gate on one local article tells the model about a reply with `summary` ("" when
    it passes)."""
    article = Article(
        title=title,
        text=text,
        source="Harbor Gazette",
        published=datetime(2026, 3, 2, tzinfo=UTC),
    )
    reply = json.dumps(
        {"headline": title, "summary": summary, "quote_ids": [], "topic": "Local", "importance": 3}
    )
    gate = StoryGate([article], ["Local"])
    try:
        gate(reply)
    except Ungrounded as exc:
        return str(exc)
    return ""


def test_the_retry_names_the_sentence_and_whom_the_article_credits() -> None:
    summary = (
        "A county judge refused to open the dredging contract file. "
        "Dan Fuller voted against the contract last spring."
    )
    message = _retry("Judge keeps dredging contract sealed", TEXT, summary)
    assert "in the summary, “Dan Fuller voted against the contract last spring.”" in message
    assert "the article credits this to Rita Becker, not Dan Fuller" in message
    faithful = summary.replace("Dan Fuller", "Rita Becker")
    assert _retry("Judge keeps dredging contract sealed", TEXT, faithful) == ""


def test_a_quotation_no_one_is_credited_with_may_not_be_restated_as_fact_either() -> None:
    text = (
        "The council voted on Monday to raise water fees by a fifth.\n\n"
        'Outside the hall, banners read "Clean water is a right, not a privilege for the few" '
        "in large red letters.\n\n"
        "Mayor Tom Hale said the fees would pay for new pipes."
    )
    summary = "The council raised water fees. Clean water is a right, not a privilege for the few."
    message = _retry("Council raises water fees", text, summary)
    assert "repeats the words of a quotation in the article 'Clean water is a right" in message


RALLIES = (
    "Voters in Dunmore chose a new council on Tuesday.\n\n"
    "Mayor Tom Hale's rallies in the harbor district drew large crowds in the last week.\n\n"
    "The criticism of the harbor plan by council member Rita Becker was sharp.\n\n"
    "Dan Fuller, who leads the residents' association, said turnout was the highest in years."
)


@pytest.mark.parametrize(
    ("summary", "credited"),
    [
        ("Rallies by Dan Fuller drew large crowds.", "Tom Hale"),
        ("Turnout rose after Dan Fuller's rallies in the harbor district.", "Tom Hale"),
        ("Tom Hale's criticism of the harbor plan was sharp.", "Rita Becker"),
    ],
)
def test_an_act_told_as_a_noun_is_given_to_whom_the_article_gives_it(
    summary: str, credited: str
) -> None:
    evidence = Evidence([(RALLIES, find(RALLIES))])
    (found,) = evidence.misattributions(summary)
    assert found.credited.endswith(credited)


@pytest.mark.parametrize(
    "summary",
    [
        "Rallies by Tom Hale drew large crowds.",
        "Rita Becker's criticism of the harbor plan was sharp.",
        "Becker's criticism was sharp, and Hale's rallies drew crowds.",
    ],
)
def test_an_act_told_as_a_noun_given_to_its_own_doer_passes(summary: str) -> None:
    evidence = Evidence([(RALLIES, find(RALLIES))])
    assert evidence.misattributions(summary) == []


HARBOR = (
    "Mayor Tom Hale met the harbor board on Monday and praised its plan for the docks.\n\n"
    "Council member Rita Becker warned that the plan would cost $4 million more than "
    "the board had promised.\n\n"
    "The board will vote on the plan next month."
)


@pytest.mark.parametrize(
    "summary",
    [
        "Tom Hale met the harbor board, praised its plan, and warned that it would cost "
        "$4 million more than promised.",
        "Tom Hale met the harbor board and warned that the plan would cost $4 million more.",
    ],
)
def test_each_act_of_a_doer_s_run_is_checked(summary: str) -> None:
    evidence = Evidence([(HARBOR, find(HARBOR))])
    (found,) = evidence.misattributions(summary)
    assert found.actor == "Tom Hale" and found.credited.endswith("Rita Becker")
    faithful = "Tom Hale met the harbor board and praised its plan for the docks."
    assert evidence.misattributions(faithful) == []


def test_a_source_named_at_the_opening_of_a_sentence_may_be_said_to_report_it() -> None:
    text = (
        "The harbor board met on Monday.\n\n"
        "According to the Harbor Gazette, the County Audit Office reported finding 328 more "
        "unpaid invoices, bringing the total to nearly 1,000.\n\n"
        "Mayor Tom Hale said the board would pay them by June."
    )
    evidence = Evidence([(text, find(text))])
    summary = "The Harbor Gazette reported the auditor found 328 more unpaid invoices."
    assert evidence.misattributions(summary) == []
    (found,) = evidence.misattributions(summary.replace("The Harbor Gazette", "Tom Hale"))
    assert found.actor == "Tom Hale"


def test_a_sentence_opening_with_this_tells_of_whom_the_sentence_before_names() -> None:
    text = (
        "Council member Rita Becker had been talking with the mayor's staff for weeks about the "
        "harbor budget. This culminated in a meeting at City Hall on Friday.\n\n"
        "Mayor Tom Hale left for a conference in the capital afterwards.\n\n"
        "Neither spoke with reporters."
    )
    evidence = Evidence([(text, find(text))])
    summary = "Rita Becker met the mayor's staff at City Hall on Friday."
    assert evidence.misattributions(summary) == []


FILM = (
    "The film Harbor Lights by director Ann Bay opens this week.\n\n"
    "It is based on Tom Hale's book about the 2012 harbor fire that killed four workers.\n\n"
    "According to columnist Ana Ruiz, one notable feature of the film is who it lacks: the "
    "mayor and the fire chief.\n\n"
    "Ruiz writes:\n\n"
    "The film names neither the mayor nor the fire chief, and no argument is made against them."
)


def test_what_according_to_someone_the_article_tells_is_their_word_for_a_headline() -> None:
    evidence = Evidence([(FILM, find(FILM))], ["Harbor Lights film is about to open"])
    headline = "Ann Bay's film Harbor Lights leaves out the mayor and the fire chief, {} says"
    assert evidence.misattributions(headline.format("Ruiz"), headline=True) == []
    (found,) = evidence.misattributions(headline.format("Hale"), headline=True)
    assert found.actor == "Hale"


LEAD = (
    "Mayor Tom Becker sang the harbor song off key at the spring parade, and the crowd "
    "loved it.\n\n"
    "Of course, this was the Dockside Revue, the town's amateur theatre troupe, opening its "
    "yearly show.\n\n"
    "The troupe has staged the show every spring since 1998.\n\n"
    "Rita Becker, the mayor's sister, mocked the show's ticket prices at a council meeting."
)


def test_a_headline_may_give_the_doer_of_the_article_s_title() -> None:
    titled = Evidence([(LEAD, find(LEAD))], ["'Dockside Revue' has fun with the mayor's song"])
    headline = "Dockside Revue mocks the mayor's off-key harbor song at the parade"
    assert titled.misattributions(headline, headline=True) == []
    (found,) = titled.misattributions(headline)  # a summary sentence needs its own evidence
    assert found.actor == "Dockside Revue"
    wrong = "Rita Becker mocks the mayor's off-key harbor song at the parade"
    assert [m.actor for m in titled.misattributions(wrong, headline=True)] == ["Rita Becker"]
    # without that title, the lede's doer is the mayor: the troupe is only named after it
    (untitled,) = Evidence([(LEAD, find(LEAD))]).misattributions(headline, headline=True)
    assert (untitled.actor, untitled.credited) == ("Dockside Revue", "Tom Becker")


INTERVIEW = (
    "On Sunday's Harbor Hour, council member Rita Becker said the ferry will not run this "
    "winter.\n\n"
    "Host Dan Fuller asked about the ferry first.\n\n"
    '"The ferry will not run this winter, and the dock will be rebuilt," Becker said.'
)


@pytest.mark.parametrize(
    ("title", "headline", "actor", "credited"),
    [
        # the host only asked: the lede's and the evidence's doer is the one who answered
        (
            "Becker: no ferry this winter",
            "Dan Fuller says the ferry will not run this winter",
            "Dan Fuller",
            "Rita Becker",
        ),
        # a surname that is also a title word ("Dean") is still a name
        (
            "Becker says no ferry this winter",
            "Dean says the ferry will not run this winter",
            "Dean",
            "Rita Becker",
        ),
    ],
)
def test_a_headline_gives_the_act_to_who_did_it_not_to_who_is_named(
    title: str, headline: str, actor: str, credited: str
) -> None:
    text = INTERVIEW.replace("Host Dan Fuller", "Host Dan Fuller and Ann Dean")
    evidence = Evidence([(text, find(text))], [title])
    (found,) = evidence.misattributions(headline, headline=True)
    assert (found.actor, found.credited) == (actor, credited)
    assert evidence.misattributions(headline.replace(actor, "Rita Becker"), headline=True) == []


def test_a_headline_may_give_the_doer_a_lede_names_by_a_role() -> None:
    text = (
        "The head of the harbor union thinks the strike can win.\n\n"
        "In an interview on Tuesday, Lena Ortiz said her members are ready to walk out."
    )
    evidence = Evidence([(text, find(text))], ["Union chief says the strike can win"])
    assert evidence.misattributions("Lena Ortiz warns the strike can win", headline=True) == []
    (found,) = evidence.misattributions("Sam Hale warns the strike can win", headline=True)
    assert found.actor == "Sam Hale"


def test_a_lede_full_of_names_still_opens_with_the_person_it_is_about() -> None:
    """A lede that names many people and titles is prose, not a line in title case: the
    name it opens with is its subject, whom a headline may give the article's act."""
    text = (
        "Singer Lena Ortiz has become a familiar voice to many through her roles as Mara "
        "Quill on Harbor Lights and Dot on The Long Tide Home. Few knew that her brother had "
        "been held in Eastport since March. In a memoir published Tuesday, the singer writes "
        "about the months that followed."
    )
    evidence = Evidence([(text, find(text))], ["A harbor family's long wait"])
    headline = "Singer Lena Ortiz recounts her brother's detention in a new memoir"
    assert evidence.misattributions(headline, headline=True) == []
    (found,) = evidence.misattributions(headline.replace("Singer Lena Ortiz", "Mara Quill"), True)
    assert found.actor == "Mara Quill"


def test_a_compound_s_parts_align_a_paraphrase_with_the_speaker_s_words() -> None:
    """The compound "hostage-taking" shares "hostage" with Ruiz's quote: her words are the
    evidence, not an unattributed sentence that shares "encourage"."""
    text = (
        "Eastport paid a ransom for two sailors last spring.\n\n"
        "“Every ship on this coast is now a hostage waiting to happen,” Ana Ruiz, the harbor "
        "master, said on Monday.\n\n"
        "Ben Ortiz, the mayor, said the town had no choice.\n\n"
        "Such deals are widely thought to encourage more kidnappings."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions("Ana Ruiz said such deals encourage hostage-taking.") == []
    (found,) = evidence.misattributions("Ben Ortiz said such deals encourage hostage-taking.")
    assert found.actor == "Ben Ortiz"


def test_an_honorific_tells_which_of_a_family_acts() -> None:
    """The honorific in "Mrs. Ruiz" tells that Mary Ruiz, not her husband named first,
    spoke: her act is hers, and his is not."""
    text = (
        "John Ruiz and his wife, Mary Ruiz, toured the harbor on Monday.\n\n"
        "Mrs. Ruiz told dock workers that Mr. Ruiz would lead the talks on wages.\n\n"
        "The strike entered its third week."
    )
    evidence = Evidence([(text, find(text))])
    said = "told dock workers that {} would lead the wage talks."
    assert evidence.misattributions(f"Mary Ruiz {said.format('her husband')}") == []
    (found,) = evidence.misattributions(f"John Ruiz {said.format('he')}")
    assert (found.actor, found.credited) == ("John Ruiz", "Mrs. Ruiz")


def test_a_headline_may_give_a_group_s_act_to_whoever_leads_it() -> None:
    text = (
        "Only two council members back the harbor plan.\n\n"
        "After months of talks, a small group led by Council President Ana Ruiz (D-Eastport) "
        "is introducing a bill to dredge the harbor.\n\n"
        "Ben Ortiz, the mayor, has not said whether he would sign it."
    )
    evidence = Evidence([(text, find(text))], ["Harbor plan lacks support"])
    assert evidence.misattributions("Ruiz introduces a bill to dredge the harbor", True) == []
    (found,) = evidence.misattributions("Ortiz introduces a bill to dredge the harbor", True)
    assert found.actor == "Ortiz"


STRIKE = (
    "Dock workers in Eastport walked off the job on Tuesday morning.\n\n"
    "The port handles most of the region's grain exports.\n\n"
    "Ships waited in the bay through the afternoon.\n\n"
    "Union chief Lena Ortiz called on port director Sam Hale to reopen wage talks before the "
    "strike vote."
)


def test_a_headline_may_not_give_the_act_to_a_person_the_article_only_names() -> None:
    evidence = Evidence([(STRIKE, find(STRIKE))])
    assert evidence.misattributions("Lena Ortiz urges Sam Hale to reopen wage talks", True) == []
    swapped = "Sam Hale urges Lena Ortiz to reopen wage talks"
    (found,) = evidence.misattributions(swapped, headline=True)
    assert (found.actor, found.credited) == ("Sam Hale", "Lena Ortiz")
    assert evidence.misattributions(swapped) == []  # "urges" is a headline's tense only


def test_a_headline_in_the_present_tense_gives_an_invitation_to_who_sent_it() -> None:
    text = (
        "Union chief Lena Ortiz invited Sam Hale to a meeting with the dock workers on Friday.\n\n"
        "Director Sam Hale, who took the job in March, was the host of Tuesday's talks."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions("Lena Ortiz invites Sam Hale to meet dock workers", True) == []
    (found,) = evidence.misattributions("Sam Hale invites Lena Ortiz to meet dock workers", True)
    assert found.actor == "Sam Hale"
    # the opening name of a sentence is its subject, whatever its verb
    assert evidence.misattributions("Sam Hale wins praise as host of the talks", True) == []


FERRY = (
    "Harbor Gazette editor Dan Fuller interviewed council member Rita Becker on Sunday.\n\n"
    "The two spoke for an hour at the ferry landing.\n\n"
    "Becker said the ferry will not run this winter because the dock needs repairs."
)


def test_a_headline_gives_the_evidence_s_verb_to_its_doer_not_to_one_of_the_lede() -> None:
    evidence = Evidence([(FERRY, find(FERRY))])
    faithful = "Rita Becker says the ferry will not run this winter"
    assert evidence.misattributions(faithful, headline=True) == []
    # the editor acts in the lede, but the evidence of what he "says" credits Becker
    wrong = "Dan Fuller says the ferry will not run this winter"
    (found,) = evidence.misattributions(wrong, headline=True)
    assert (found.actor, found.credited) == (
        "Dan Fuller",
        "Rita Becker",
    )  # as the article names her in full
    # the title's doer may have it, whatever the evidence says
    titled = Evidence([(FERRY, find(FERRY))], ["Dan Fuller says no ferry this winter"])
    assert titled.misattributions(wrong, headline=True) == []


def test_a_headline_s_doer_may_do_the_same_verb_in_a_clause_of_its_own() -> None:
    text = (
        "The county counted its votes on Tuesday night.\n\n"
        "In the vote, Ben Ortiz won the mayor's race, and Rita Becker won the council seat."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions("Rita Becker wins the council seat", headline=True) == []
    (found,) = evidence.misattributions("Tom Hale wins the council seat", headline=True)
    assert (found.actor, found.credited) == ("Tom Hale", "Ben Ortiz")


def test_a_doer_s_party_label_is_not_the_doer() -> None:
    text = "Rep. Ana Ruiz (D-Ohio) voted against the harbor bill on Tuesday."
    evidence = Evidence([(text, find(text))])
    assert evidence.passages[0].actor == "Ana Ruiz"
    (found,) = evidence.misattributions("Ben Ortiz voted against the harbor bill.")
    assert found.credited == "Ana Ruiz"


MEMO = (
    "The harbor board keeps its old records in a locked archive.\n\n"
    "Director Ana Ruiz wrote in a memo to Inspector General Ben Ortiz that the files were "
    "moved.\n\n"
    "Ruiz told council member Rita Becker that the archive is safe, according to Tom Hale.\n\n"
    "In an interview with host Dan Fuller, Ruiz said the board acted on Ortiz's advice."
)


@pytest.mark.parametrize(
    ("sentence", "credited"),
    [
        # the addressee of a memo, of what was told, the host of an interview
        ("Ben Ortiz wrote in a memo that the dredging files were moved.", "Ana Ruiz"),
        ("Rita Becker told the council that the archive is safe.", "Ruiz"),
        ("Dan Fuller said in an interview that the board acted on advice.", "Ruiz"),
    ],
)
def test_a_person_named_only_as_whom_an_act_is_aimed_at_is_not_its_doer(
    sentence: str, credited: str
) -> None:
    evidence = Evidence([(MEMO, find(MEMO))])
    (found,) = evidence.misattributions(sentence)
    assert credited in f"{found.credited} {found.evidence}"
    # named "according to" a passage, that person is its source: not a bystander
    assert evidence.misattributions("Tom Hale said the archive is safe.") == []
    assert evidence.misattributions("Ana Ruiz wrote that the dredging files were moved.") == []


WARNING = (
    "Council member Rita Becker warned on Monday that the ferry dock needs repairs.\n\n"
    "Harbor master Dan Fuller told reporters the ferry will stop running in May."
)


def test_a_title_excuses_a_headline_s_doer_only_for_the_title_s_own_verb() -> None:
    evidence = Evidence([(WARNING, find(WARNING))], ["Rita Becker Warned of Ferry Dock Repairs"])
    assert evidence.misattributions("Becker warns the ferry dock needs repairs", True) == []
    # the title gives Becker a warning, not what the evidence has Fuller tell reporters
    (found,) = evidence.misattributions("Becker tells reporters the ferry will stop in May", True)
    assert (found.actor, found.credited) == ("Becker", "Dan Fuller")
    spoken = Evidence([(WARNING, find(WARNING))], ["Becker: the ferry will stop in May"])
    assert spoken.misattributions("Becker says the ferry will stop running in May", True) == []


def test_the_doer_of_a_verb_is_read_past_capitalised_titles_before_the_name() -> None:
    text = "Former Harbor State Senator Ana Ruiz called for a new ferry dock and longer hours."
    assert doers.doers_of(text, "call") == ["Ana Ruiz"]


FERRY_BACK = (
    "Mayor Ana Ruiz restored ferry service to the island on Monday.\n\n"
    "Council member Ben Herring had asked her to act before the winter."
)


def test_a_headline_verb_no_list_holds_is_read_from_the_article_s_past_tense() -> None:
    evidence = Evidence([(FERRY_BACK, find(FERRY_BACK))])
    assert evidence.misattributions("Ruiz restores ferry service to the island", True) == []
    # "restores" is no listed verb, but the article's "restored" makes it one; a surname
    # that looks like a participle ("Herring") is a name where the article gives it so
    (found,) = evidence.misattributions("Herring restores ferry service to the island", True)
    assert (found.actor, found.credited) == ("Herring", "Ana Ruiz")


@pytest.mark.parametrize(
    ("headline", "verbs"),
    [
        ("Ruiz restores ferry service", {"restores"}),
        ("Ruiz touts the ferry and rallies riders", {"touts", "rallies"}),
        ("Ruiz dies at 94", set()),  # what befell the subject: no object, no act
        ("Ruiz crosses the campus", set()),  # no past form in the article
    ],
)
def test_headline_verbs_are_present_forms_of_the_article_s_past_tense_verbs(
    headline: str, verbs: set[str]
) -> None:
    past = {"restored", "touted", "rallied", "died", "campused"}
    assert doers.headline_verbs(headline, past) - doers.HEADLINE_VERBS == verbs


TOLL = (
    "Council member Rita Becker proposed a toll on the harbor bridge in March.\n\n"
    "Mayor Tom Hale called the toll reckless and costly for commuters.\n\n"
    "Ferry captain Ben Ortiz has run the island route for ten years."
)


@pytest.mark.parametrize("relative", ["a plan", "a plan that"])
def test_the_doer_of_a_clause_that_describes_a_noun_is_checked(relative: str) -> None:
    evidence = Evidence([(TOLL, find(TOLL))])
    faithful = f"Rita Becker proposed a bridge toll, {relative} Tom Hale called reckless."
    assert evidence.misattributions(faithful) == []
    wrong = f"Rita Becker proposed a bridge toll, {relative} Ben Ortiz called reckless."
    (found,) = evidence.misattributions(wrong)
    assert (found.actor, found.credited) == ("Ben Ortiz", "Tom Hale")
    assert doers.clauses(wrong)[1].startswith(relative)
    # an apposition names the doer before it: no clause of its own
    apposition = "Rita Becker, the former Harbor Gazette editor, proposed a bridge toll."
    assert doers.clauses(apposition) == [apposition]


ORDER = (
    "The harbor was quiet on Monday.\n\n"
    "President Ana Ruiz ordered nearly 300 troops to the harbor after the storm.\n\n"
    "Ben Ortiz, a dock worker, said the troops arrived by noon."
)


def test_an_institution_may_be_given_the_act_of_a_person_who_acts_for_it() -> None:
    evidence = Evidence([(ORDER, find(ORDER))])
    assert evidence.misattributions("The White House ordered 300 troops to the harbor.") == []
    (found,) = evidence.misattributions("Ben Ortiz ordered 300 troops to the harbor.")
    assert (found.actor, found.credited) == ("Ben Ortiz", "Ana Ruiz")


CHAIN = (
    "The harbor board met on Monday.\n\n"
    "Look at council member Rita Becker. She has fought the toll for years. In 2019, she "
    "wanted a vote on it. In 2021, she warned the board against raising fares.\n\n"
    "Mayor Tom Hale praised the fares."
)


def test_a_run_of_sentences_opening_with_she_credits_whom_the_run_follows() -> None:
    evidence = Evidence([(CHAIN, find(CHAIN))])
    assert evidence.misattributions("Rita Becker warned the board against raising fares.") == []


FEES = (
    "The county board voted on Tuesday to raise water fees for the third time in two years.\n\n"
    "Dan Fuller, who leads the residents' association, spoke against the plan at the meeting. "
    '"Young families are leaving us," he said. "Monthly water bills went up again. Our '
    'neighbours moved away."\n\n'
    "The board's chair, Ana Ruiz, said the fees would pay for new pipes. The vote was 4 to 1.\n\n"
    "Studies in nearby counties found that young families moved away when monthly water "
    "bills rose by more than a tenth."
)


def test_someone_s_words_summed_up_are_theirs_where_a_fact_aligns_a_little_better() -> None:
    """The study aligns a little better with the sentence and credits no one; Fuller says
    nearly as much over three sentences of his own. Ruiz says nothing of it."""
    evidence = Evidence([(FEES, find(FEES))])
    summary = "{} pointed to young families moving away as monthly water bills rose."
    assert evidence.misattributions(summary.format("Dan Fuller")) == []
    (found,) = evidence.misattributions(summary.format("Ana Ruiz"))
    assert found.actor == "Ana Ruiz" and "Studies" in found.evidence


RULING = (
    "The court struck down the harbor fee on Monday.\n\n"
    "Mayor Tom Hale celebrated the ruling at a news conference.\n\n"
    "Council member Rita Becker, who wrote the fee, has promised to appeal and to seek a new "
    "vote before the budget is set."
)


@pytest.mark.parametrize(
    "summary",
    [
        "Tom Hale hailed it, Rita Becker was silent.",  # a second clause spliced on by a comma
        "Tom Hale hailed the ruling, yet Rita Becker has promised an appeal.",
    ],
)
def test_each_clause_of_a_sentence_is_checked_on_its_own(summary: str) -> None:
    evidence = Evidence([(RULING, find(RULING))])
    assert evidence.misattributions(summary) == []
    assert len(doers.clauses(summary)) == 2
    assert doers.clauses("In a speech in May, Rita Becker was firm.") == [
        "In a speech in May, Rita Becker was firm."
    ]


DOCK = (
    "After Mayor Tom Hale arrived, ferry captain Ben Ortiz said the dock will close in May.\n\n"
    "The Harbor Gazette, edited by Dan Fuller, said the dock repairs will cost the town a "
    "year of ferry fares."
)


def test_a_summary_sentence_gives_the_evidence_s_verb_to_its_doer_not_to_one_it_names() -> None:
    evidence = Evidence([(DOCK, find(DOCK))])
    assert evidence.misattributions("Ben Ortiz said the dock will close in May.") == []
    # Hale is named in the evidence, but it has Ortiz say it (and a verb of saying tells the
    # same act as another: "Ortiz added")
    added = Evidence([(DOCK.replace("said", "added"), [])])
    (found,) = added.misattributions("Tom Hale said the dock will close in May.")
    assert (found.actor, found.credited) == ("Tom Hale", "Ben Ortiz")
    (found,) = evidence.misattributions("Tom Hale said the dock will close in May.")
    assert (found.actor, found.credited) == ("Tom Hale", "Ben Ortiz")
    # a person may speak for an organisation the evidence has say it
    editor = "Gazette editor Dan Fuller said the repairs will cost a year of ferry fares."
    assert evidence.misattributions(editor) == []


@pytest.mark.parametrize(
    ("text", "doer"),
    [
        ("“Many people have said the dock is unsafe,” Ben Ortiz said on Monday.", "Ben Ortiz"),
        ("“I heard that she said it was unsafe,” Ortiz said after Tom Hale left.", "Ortiz"),
    ],
)
def test_a_verb_inside_a_quotation_has_no_doer_of_the_article_s(text: str, doer: str) -> None:
    assert doers.doers_of(text, "say") == [doer]


QUOTED = (
    "“The old dock is unsafe. The ferry must stop until it is rebuilt,” Ben Ortiz said.\n\n"
    "Mayor Tom Hale, who inspected the old dock, met him to talk about the unsafe dock."
)


def test_a_quotation_alone_is_said_by_its_speaker() -> None:
    evidence = Evidence([(QUOTED, find(QUOTED))])
    assert evidence.misattributions("Ben Ortiz said the old dock is unsafe.") == []
    (found,) = evidence.misattributions("Tom Hale said the old dock is unsafe.")
    assert (found.actor, found.credited) == ("Tom Hale", "Ben Ortiz")
    assert not doers.own_words("“He said: the old dock is unsafe.”")  # another's words


@pytest.mark.parametrize(
    ("text", "doer"),
    [
        ("“The ferry will stop,” said Mayor Tom Hale of Eastport.", "Tom Hale"),
        ("The ferry will stop, said Tom Hale, who runs it.", "Tom Hale"),
        ("Riders went to the dock early, said Tom Hale.", "Tom Hale"),  # a verb before it
        ("“The ferry will stop,” said the harbor master.", None),
        # whose words are reported, not who reports them
        ("The harbor master, who runs the dock, said Hale's plan would stop the ferry.", None),
    ],
)
def test_a_doer_named_after_an_inverted_verb_of_saying_is_read(text: str, doer: str) -> None:
    assert doers.doers_of(text, "says") == [doer]


@pytest.mark.parametrize(
    ("text", "doers_found"),
    [
        ("Judge Ann Lee imposed a fine, saying the dock was unsafe.", ["Ann Lee"]),
        ("Ben Ortiz rejected the plan, arguing it would cost too much.", ["Ben Ortiz"]),
        ("Saying the dock was unsafe, Ben Ortiz closed it.", []),  # no clause before it
    ],
)
def test_a_participle_of_saying_after_a_comma_is_done_by_the_clause_s_doer(
    text: str, doers_found: list[str]
) -> None:
    assert doers.doers_of(text, "said") == doers_found


def test_words_given_with_a_participle_are_credited_to_its_doer() -> None:
    text = (
        "Judge Ann Lee imposed a fine on the ferry company, saying the old dock was unsafe.\n\n"
        "Ben Ortiz, who runs the company, met the mayor on Monday."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions("Ann Lee said the old dock was unsafe.") == []
    (found,) = evidence.misattributions("Ben Ortiz said the old dock was unsafe.")
    assert (found.actor, found.credited) == ("Ben Ortiz", "Ann Lee")


TITLED = (
    "“The ferry will stop before the winter,” Ben Ortiz said.\n\n"
    "“The budget is tight,” said Rita Becker, a former aide to the mayor.\n\n"
    "The ferry may stop in winter, the schedule shows."
)


def test_a_doer_s_titles_do_not_align_a_sentence_to_another_s_evidence() -> None:
    evidence = Evidence([(TITLED, find(TITLED))])
    # "Former Mayor" describes the doer, not what he said: no evidence for it
    assert evidence.misattributions("Former Mayor Ben Ortiz said the ferry will stop.") == []


PIER = (
    "Ferry captain Ben Ortiz told a tense council meeting on Tuesday that east shore residents "
    "need a new ferry pier.\n\n"
    "Mayor Tom Hale promised the east shore a pier by spring.\n\n"
    "Council member Rita Becker, who chairs the budget panel, left the meeting early."
)


def test_evidence_where_the_doer_does_the_verb_is_preferred_when_it_aligns_nearly_as_well() -> None:
    evidence = Evidence([(PIER, find(PIER))])
    # the best aligned sentence has no one promise anything; the next one has Hale promise
    assert evidence.misattributions("Tom Hale promised east shore residents a new pier.") == []
    (found,) = evidence.misattributions("Rita Becker promised east shore residents a new pier.")
    assert found.actor == "Rita Becker"


def test_a_name_after_with_and_before_a_participle_is_its_doer_not_a_bystander() -> None:
    acting = "Council members objected, with Rita Becker calling the toll unfair."
    assert doers.bystanders(acting) == frozenset()
    assert doers.bystanders("The mayor met with Rita Becker on Tuesday.") == {"rita", "becker"}
    evidence = Evidence([(acting, [])])
    assert evidence.misattributions("Rita Becker called the toll unfair.") == []


BRIDGE = (
    "Mayor Tom Hale won a second term on Tuesday, beating a newcomer who raised more than "
    "twice his funds.\n\n"
    "Hale took most of the harbor wards.\n\n"
    "Rita Becker, a ferry captain, ran on a promise to rebuild the east shore pier."
)


def test_a_doer_introduced_by_a_role_in_a_clause_may_be_named_in_the_next_sentences() -> None:
    evidence = Evidence([(BRIDGE, find(BRIDGE))])
    assert evidence.misattributions("Rita Becker raised more than twice Hale's funds.") == []
    (found,) = evidence.misattributions("Ben Ortiz raised more than twice Hale's funds.")
    assert found.actor == "Ben Ortiz"


@pytest.mark.parametrize(
    ("text", "doer"),
    [
        ("The toll Mayor Tom Hale proposed was dropped on Monday.", ["Tom Hale"]),
        ("The pier Rita Becker designed will open in May.", ["Rita Becker"]),
        ("A letter to Rita Becker asked for the plans.", []),  # whom a letter went to
        ("The mayor praised Rita Becker's pier.", []),
    ],
)
def test_an_act_told_inside_a_noun_phrase_has_its_doer(text: str, doer: list[str]) -> None:
    assert doers.embedded_doers(text) == doer


def test_a_headline_s_doer_may_act_inside_a_noun_phrase_of_its_evidence() -> None:
    text = (
        "Council member Ben Ortiz said on Monday that the ferry must wait for the spring.\n\n"
        "The harbor pier Rita Becker sketched was approved by the council."
    )
    evidence = Evidence([(text, [])])
    assert evidence.misattributions("Becker sketches a harbor pier", headline=True) == []
    (found,) = evidence.misattributions("Ortiz sketches a harbor pier", headline=True)
    assert found.credited == "Rita Becker"


HEARING = (
    "Port director Sam Hale lost his bid on Monday to keep the dredging audit sealed.\n\n"
    "On Thursday, Hale will testify before the harbor finance board.\n\n"
    "Board chairman Tom Becker said the port must share all its records with the board, "
    "and the questioning will start with Hale.\n\n"
    "The audit found that the dredging contract cost twice its estimate."
)


def test_a_relative_clause_after_the_verb_does_not_choose_the_doer_s_evidence() -> None:
    evidence = Evidence([(HEARING, find(HEARING))])
    sentence = (
        "Hale testifies on Thursday before the harbor finance board, whose chairman, "
        "Tom Becker, wants the port to share all its records."
    )
    assert evidence.misattributions(sentence) == []


SALE = (
    "Sam Hale is selling the boat he used in the harbor race, three years after the crash.\n\n"
    "Hale wrote in the sale notice that he plans to give part of the money to a sailing school.\n\n"
    "In a statement on Friday, council member Rita Becker said: “The man who sank the ferry "
    "should be in jail.”"
)


def test_evidence_found_only_by_the_name_spoken_of_is_not_another_s_words() -> None:
    evidence = Evidence([(SALE, find(SALE))])
    assert evidence.misattributions("Rita Becker said Hale belongs behind bars.") == []
    (unknown,) = evidence.misattributions("Tom Ruiz said Hale belongs behind bars.")
    assert (unknown.actor, unknown.credited) == ("Tom Ruiz", "")
    restated = "Rita Becker said Hale plans to give part of the money to a sailing school."
    (found,) = evidence.misattributions(restated)
    assert found.credited == "Sam Hale"


DISMISSED = (
    "Sam Hale was dismissed on Monday as port director, a week after the dredging audit.\n\n"
    "Council member Rita Becker had asked for the audit in the spring.\n\n"
    "The audit found that the dredging contract cost twice its estimate."
)


@pytest.mark.parametrize("headline", [True, False])
def test_an_act_told_in_the_passive_may_be_given_to_whom_the_title_names(headline: bool) -> None:
    titles = ["What Is Behind Mayor Ortiz’s Firing Of The Port Director"]
    evidence = Evidence([(DISMISSED, find(DISMISSED))], titles)
    fired = "fires" if headline else "fired"
    assert evidence.misattributions(f"Ortiz {fired} port director Sam Hale", headline) == []
    wrong = f"Tom Ruiz {fired} port director Sam Hale"
    assert [m.actor for m in evidence.misattributions(wrong, headline)] == ["Tom Ruiz"]


@pytest.mark.parametrize(
    ("sentence", "doer"),
    [
        ("Former Treasury Secretary Ana B. Ruiz praised the plan.", "Ana B. Ruiz"),
        ("HARBOR CITY -- Mayor Ana B. Ruiz on Monday signed the budget.", "Ana B. Ruiz"),
    ],
)
def test_a_middle_initial_is_part_of_the_doer_s_name(sentence: str, doer: str) -> None:
    assert doers.doing(sentence).name == doer


NOMINATION = (
    "HARBOR CITY -- Mayor Ana Ruiz on Monday nominated Sam Hale to lead the harbor board for "
    "a second term.\n\n"
    "Council member Rita Becker said the board needed new faces.\n\n"
    "The council will vote on the nomination next month."
)


def test_a_headline_doer_the_evidence_has_do_its_verb_passes() -> None:
    evidence = Evidence([(NOMINATION, find(NOMINATION))], ["Harbor board chief up again"])
    headline = "Ruiz nominates Sam Hale for a second term on the harbor board"
    assert evidence.misattributions(headline, headline=True) == []
    wrong = headline.replace("Ruiz", "Becker")
    assert [m.actor for m in evidence.misattributions(wrong, headline=True)] == ["Becker"]


ELECTION = (
    "Harbor City voters elected Ana Ruiz to the council on Tuesday, a defeat for the port "
    "lobby.\n\n"
    "Council member Rita Becker had campaigned for her rival."
)


def test_a_headline_may_say_a_person_won_what_the_article_gave_them() -> None:
    evidence = Evidence([(ELECTION, find(ELECTION))], ["Port lobby loses in Harbor City"])
    assert evidence.misattributions("Ana Ruiz wins a council seat", headline=True) == []
    (found,) = evidence.misattributions("Rita Becker wins a council seat", headline=True)
    assert found.actor == "Rita Becker"


PRIMARY = (
    "Voters in Harbor County chose their candidates on Tuesday.\n\n"
    "Ben Ortiz won most of the rural counties, where few votes were cast.\n\n"
    "Ana Ruiz came away with no delegates, a setback for her campaign.\n\n"
    "Turnout was the lowest in a decade."
)


def test_evidence_that_shares_only_the_verb_does_not_credit_its_doer_instead() -> None:
    evidence = Evidence([(PRIMARY, find(PRIMARY))])
    assert evidence.misattributions("Ana Ruiz won none.") == []
    (found,) = evidence.misattributions("Tom Hale won none.")
    assert found.actor == "Tom Hale"


FAMILY = (
    "Governor Alma Reyes toured the flooded valley on Friday with her son, Tomas Reyes.\n\n"
    "Tomas Reyes, who runs the family's farm, said the levee had failed twice.\n\n"
    "Reyes promised a new levee during a stop in Dunmore on Saturday.\n\n"
    "Tomas Reyes said the farm would reopen in the spring."
)


def test_a_bare_surname_several_people_share_is_the_one_the_article_names_first() -> None:
    """News names the main person of a family by surname alone and the others in full."""
    evidence = Evidence([(FAMILY, find(FAMILY))])
    assert evidence.misattributions("Alma Reyes promised a new levee in Dunmore.") == []
    (wrong,) = evidence.misattributions("Tomas Reyes promised a new levee in Dunmore.")
    assert wrong.actor == "Tomas Reyes"


def test_a_figure_the_sentence_shares_aligns_it_to_its_evidence() -> None:
    """The year tells which visit a sentence is about when its other words fit another."""
    text = (
        "Governor Alma Reyes made a visit to the harbor in March 2019 that ended badly.\n\n"
        "The 2022 visit was a success, according to aide Tomas Ortiz."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions("Tomas Ortiz praised the 2022 visit in March.") == []


COLUMN = (
    "The harbor levy is the wrong fix for the flooding.\n\n"
    "Raising taxes on boat owners will not raise the sea walls any faster.\n\n"
    "Ana Ruiz is a lecturer in coastal engineering at Dunmore College."
)


def test_a_column_s_words_are_its_author_s_whom_a_closing_line_names() -> None:
    evidence = Evidence([(COLUMN, find(COLUMN))])
    assert evidence.misattributions("In a column, Ana Ruiz argues the levy is the wrong fix.") == []
    assert evidence.misattributions("Ben Ortiz argues the levy is the wrong fix.") != []


def test_a_closing_line_makes_no_author_of_a_report() -> None:
    report = COLUMN.replace("Ana Ruiz is a lecturer", "The levy is a plan")
    evidence = Evidence([(report, find(report))])
    assert evidence.misattributions("Ben Ortiz argues the levy is the wrong fix.") != []


LETTERS = (
    "Harbor levy, readers say.\n\n"
    "LETTERS.\n\n"
    "The harbor levy taxes boat owners for walls that protect the hotels. "
    "The council should make the hotels pay their share.\n\n"
    "Ana Ruiz.\n\n"
    "Port Vale.\n\n"
    "Without new sea walls the whole waterfront floods within a decade.\n\n"
    "Ben Ortiz.\n\n"
    "Dunmore, Ohio."
)


def test_a_letter_s_words_are_the_writer_s_whose_name_signs_it() -> None:
    evidence = Evidence([(LETTERS, find(LETTERS))])
    assert evidence.misattributions("Ana Ruiz argued the hotels should pay for the walls.") == []
    assert evidence.misattributions("Ben Ortiz warned the waterfront floods without walls.") == []
    # one writer's letter given to the other, and a place line taken for no one
    assert evidence.misattributions("Ben Ortiz argued the hotels should pay for the walls.")
    assert evidence.misattributions("Port Vale argued the hotels should pay for the walls.")


def test_one_name_line_signs_no_letters() -> None:
    single = LETTERS.split("Without new")[0]
    evidence = Evidence([(single, find(single))])
    assert evidence.misattributions("Ana Ruiz argued the hotels should pay for the walls.")


@pytest.mark.parametrize(
    ("sentence", "doer"),
    [
        ("Ana Ruiz of the Harbor Institute warned that the levy fails.", "Ana Ruiz"),
        ("Ana B. Ruiz of Dunmore praised the plan.", "Ana B. Ruiz"),
        ("Ana Ruiz of Priests for Life criticized the plan.", "Ana Ruiz"),
        ("Ana Ruiz of the state Bar Association criticized the plan.", "Ana Ruiz"),
        ("Ana Ruiz at the now-defunct Harbor Review wrote that the plan fails.", "Ana Ruiz"),
        ("Ana Ruiz from the Cato Institute criticized the plan.", "Ana Ruiz"),
        ("At a rally, state representative Ana Ruiz criticized the plan.", "Ana Ruiz"),
        ("A nurse in Dunmore criticized the plan.", None),  # where the doer is, not who
        ("A spokesman for Ana Ruiz criticized the plan.", None),
        ("Members of the Harbor Caucus praised the plan.", None),
        ("Bank of America praised the plan.", None),
        ("Employers added 900 jobs in March.", None),  # a group, not a doer's name
    ],
)
def test_where_a_person_is_from_stands_between_the_doer_and_the_verb(
    sentence: str, doer: str | None
) -> None:
    assert doers.doing(sentence).name == doer


@pytest.mark.parametrize(
    ("sentence", "doer"),
    [
        ("In interviews on Monday, Ana Ruiz stood by her charge that Ben Ortiz lied.", "Ana Ruiz"),
        ("Ana Ruiz took the floor and Ben Ortiz walked out.", "Ana Ruiz"),
        ("Ana Ruiz faulted the plan.", "Ana Ruiz"),
        ("A rate rise by the Harbor Board could hurt Ana Ruiz's plan.", None),  # no past act
    ],
)
def test_a_verb_in_the_past_tense_after_a_name_is_its_doer_s_act(
    sentence: str, doer: str | None
) -> None:
    """Irregular verbs too ("stood", "took"): the act is the name's, not that of a name in
    the clause after it."""
    assert doers.doing(sentence, by_form=True).name == doer


@pytest.mark.parametrize(
    ("sentence", "doer"),
    [
        ("Ana Ruiz quickly criticized the plan.", "Ana Ruiz"),
        ("Ana Ruiz reportedly criticized the plan.", "Ana Ruiz"),
        ("A nurse who attended a Ruiz rally says the plan is unfair.", None),
        ("A neighbour of the Ortiz family says the plan is unfair.", None),
    ],
)
def test_only_an_adverb_may_stand_between_the_doer_and_the_verb(
    sentence: str, doer: str | None
) -> None:
    """A word ending in "-ly" is skipped as an adverb unless English knows it only as another
    kind of word: "a Ruiz rally says" has a rally say it, not Ruiz."""
    assert doers.doing(sentence).name == doer


def test_the_items_of_a_list_are_credited_to_whom_its_opening_line_introduces() -> None:
    text = (
        "The council met on Monday to hear from the harbor board.\n\n"
        "Ana Ruiz, who chairs the board, argued that:\n\n"
        "- the dredging contract has cost the town 2,400 dollars a week;\n\n"
        "- the sea wall will not hold another winter.\n\n"
        "Ben Ortiz, the mayor, said the town would vote in May."
    )
    evidence = Evidence([(text, find(text))])
    assert (
        evidence.misattributions("Ana Ruiz said the sea wall will not hold another winter.") == []
    )
    (wrong,) = evidence.misattributions("Ben Ortiz said the sea wall will not hold another winter.")
    assert wrong.actor == "Ben Ortiz"


def test_a_running_report_s_opening_line_introduces_no_one_s_list() -> None:
    text = (
        "The Latest: the harbor vote.\n\n"
        "DUNMORE (AP) — The Latest on the harbor vote (all times local):\n\n"
        "2:45 p.m.\n\n"
        "The town's harbor master says the sea wall will not hold another winter.\n\n"
        "Ana Ruiz says she asked the board to pay for repairs."
    )
    evidence = Evidence([(text, find(text))])
    sentence = "Harbor master Ana Ruiz said the sea wall will not hold another winter."
    assert evidence.misattributions(sentence) == []


def test_an_act_told_in_a_clause_after_whom_has_its_own_doer() -> None:
    text = (
        "Ana Ruiz accused Ben Ortiz of ducking the harbor debates.\n\n"
        "Ortiz agreed on Monday to debate Ruiz in Dunmore on April 14."
    )
    evidence = Evidence([(text, find(text))])
    right = "Ortiz, whom Ana Ruiz had accused of ducking debates, agreed to one on April 14."
    assert evidence.misattributions(right) == []
    wrong = "Ana Ruiz, whom Ben Ortiz had accused of ducking debates, agreed to one on April 14."
    found = evidence.misattributions(wrong)  # both clauses give the act to the other one
    assert found and all({m.actor, m.credited} == {"Ana Ruiz", "Ben Ortiz"} for m in found)


def test_a_group_named_by_a_plural_is_not_a_doer_to_check() -> None:
    text = "Ana Ruiz won the harbor prize in 2019. Few engineers have won it since."
    evidence = Evidence([(text, find(text))])
    sentence = "Ruiz regretted how few Latinas have won the harbor prize."
    assert evidence.misattributions(sentence) == []


def test_an_organisation_s_act_the_evidence_gives_no_one_passes() -> None:
    """ "The Senate confirmed…" where the article says "he was confirmed 92 to 0": the check
    is for people given another's words or acts, and the evidence names no other doer."""
    text = (
        "Sam Hale had waited two months for a vote on his nomination to the harbor court.\n\n"
        "Nobody opposed him, and he was confirmed 92 to 0 on Monday."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions("The Senate confirmed Sam Hale 92 to 0 on Monday.") == []
    assert evidence.misattributions("Ana Ruiz confirmed Sam Hale 92 to 0 on Monday.") != []


def test_a_word_ending_a_longer_name_is_no_first_name() -> None:
    text = (
        "Mayor Ana Ruiz spoke at the harbor on Monday.\n\n"
        "At the Office of Harbor Affairs Ruiz unveiled a plan for a new sea wall.\n\n"
        "As Ana Ruiz left, workers cheered."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.given["ruiz"] == {"ana"}
    assert evidence.misattributions("Ana Ruiz unveiled a plan for a new sea wall.") == []


@pytest.mark.parametrize("suffix", ["III", "Jr."])
def test_a_generational_suffix_is_not_the_surname(suffix: str) -> None:
    text = (
        "Harbor leaders urged Ana Ruiz to run for mayor.\n\n"
        '"I have urged her since 2012," Hale explains.\n\n'
        f"Sam Hale {suffix}, who leads the harbor board, said so again on Monday."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions(f"Sam Hale {suffix} said he has urged her since 2012.") == []


@pytest.mark.parametrize(
    ("sentence", "doer", "verb"),
    [
        ("Ana Ruiz (D-Vale) is pressing the council to act.", "Ana Ruiz", "pressing"),
        ("Ana Ruiz quickly posted a reply on her website.", "Ana Ruiz", "posted"),
        ("Ana Ruiz faulted the board for the delay.", "Ana Ruiz", "faulted"),
        (
            "Citing costs raised by Sam Hale, a harbor engineer, Ben Ortiz urged a delay.",
            "Ben Ortiz",
            "urged",
        ),
        ("Ana Ruiz's campaign said it had won the county.", "Ana Ruiz's", "said"),
        (
            "In an interview with the Harbor Gazette, Mayor Ana Ruiz, the town's first "
            "engineer, said the wall would hold.",
            "Ana Ruiz",
            "said",
        ),
        (
            "The Harbor Fund, which was set up by former mayor Sam Hale and is dedicated to "
            "rebuilding the sea wall of Dunmore, launched an appeal on Monday.",
            "Harbor Fund",
            "launched",
        ),
        ("Ana Ruiz was fired by the board on Monday.", None, None),  # the passive: not her act
        ("Ana Ruiz was pressed by the board on Monday.", None, None),
        ("Ana Ruiz supporters gathered at the harbor.", None, None),
    ],
)
def test_a_doer_is_read_past_labels_auxiliaries_and_adverbs_to_any_past_tense_verb(
    sentence: str, doer: str | None, verb: str | None
) -> None:
    read = doers.doing(sentence, by_form=True)
    assert read.name == doer
    assert verb is None or read.verb == verb


def test_a_campaign_s_words_are_credited_to_whose_campaign_it_is() -> None:
    text = (
        "Ana Ruiz won the county on Saturday.\n\n"
        "Ben Ortiz's campaign said on Twitter that it had won a plurality of the delegates."
    )
    evidence = Evidence([(text, find(text))])
    right = "Ben Ortiz's campaign said it won a plurality of the delegates."
    assert evidence.misattributions(right) == []
    wrong = "Ana Ruiz's campaign said it won a plurality of the delegates."
    assert [m.actor for m in evidence.misattributions(wrong)] == ["Ana Ruiz's"]


def test_a_person_named_by_a_role_after_their_name_is_credited() -> None:
    text = (
        "A sea wall plan by Ben Ortiz has divided Dunmore, where Ana Ruiz is mayor.\n\n"
        "The mayor appeared closer to backing the sea wall plan on Monday."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions("Ruiz appeared closer to backing the sea wall plan.") == []


@pytest.mark.parametrize("doer", ["PACs", "Networks"])
def test_a_plural_the_article_also_writes_as_a_common_noun_is_a_group(doer: str) -> None:
    text = (
        "Harbor Networks and Harbor PACs gave money, Ana Ruiz said on Monday.\n\n"
        "Donations to the networks rose by a third this year."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions(f"Donations to {doer} reached a record this year.") == []


def test_an_act_known_by_its_form_alone_is_checked_against_another_s() -> None:
    """ "Ruiz faulted…": a verb no list holds is checked only where the evidence has another
    person do it; that the evidence names no one proves little for an act we cannot read."""
    named = Evidence([(t := "Ben Ortiz faulted the harbor board for the delay.", find(t))])
    (wrong,) = named.misattributions("Ana Ruiz faulted the harbor board for the delay.")
    assert (wrong.actor, wrong.credited) == ("Ana Ruiz", "Ben Ortiz")
    unnamed = Evidence([(t := "The harbor board was faulted for the delay.", find(t))])
    assert unnamed.misattributions("Ana Ruiz faulted the harbor board for the delay.") == []


def test_a_quotation_between_double_apostrophes_is_its_speaker_s() -> None:
    text = (
        "Ana Ruiz met Mayor Ben Ortiz on Monday.\n\n"
        "''The harbor plan has to wait for Mayor Ortiz,'' said Ms. Ruiz, the port's director."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions("Ana Ruiz said the harbor plan has to wait.") == []


def test_a_clause_after_in_which_has_its_own_doer() -> None:
    text = (
        "The Harbor Gazette found a 2013 video of the port board.\n\n"
        "In the video, Ana Ruiz says the ferry contract was signed in haste."
    )
    evidence = Evidence([(text, find(text))])
    sentence = (
        "The Harbor Gazette unearthed a 2013 video in which Ana Ruiz said the contract was rushed."
    )
    assert evidence.misattributions(sentence) == []


def test_a_name_given_only_as_an_owner_is_not_credited_with_another_s_act() -> None:
    text = (
        "The harbor board met on Monday.\n\n"
        "Ana Ruiz went after the board for following Ortiz's refusal to fund the dock and "
        "demanded that it resign."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions("Ana Ruiz demanded that the board resign.") == []
    (wrong,) = evidence.misattributions("Ben Ortiz demanded that the board resign.")
    assert wrong.credited == "Ana Ruiz"


def test_an_owner_of_a_charge_or_a_claim_is_credited_with_it() -> None:
    text = (
        "The harbor board met on Monday.\n\n"
        "Port spokesman Sam Hale called Ortiz's charge of a rigged tender baseless."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions("Ben Ortiz has warned of a rigged tender.") == []


def test_a_pronoun_in_an_opening_clause_does_not_lead_a_named_doer_s_sentence() -> None:
    text = (
        "Ana Ruiz joined Ben Ortiz in Dunmore on Monday.\n\n"
        "Repeating his speech of last week, Ortiz rubbished the port's claim to care about jobs."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions("Ana Ruiz mocked the port's claim to care about jobs.") != []


STUDY = (
    "Harbor towns lose more to floods than they spend on walls.\n\n"
    "A study released on Monday by Citizens for Coastal Justice found that 40 percent of "
    "harbor towns lack a flood plan.\n\n"
    'Mayor Ana Ruiz called the study "a wake-up call."'
)


def test_a_common_noun_that_opens_a_headline_is_no_person() -> None:
    evidence = Evidence([(STUDY, find(STUDY))])
    assert evidence.misattributions("Study finds most harbor towns lack a flood plan", True) == []
    report = STUDY.replace("study", "report")  # "Study" is no word of the article's now
    evidence = Evidence([(report, find(report))])
    assert evidence.misattributions("Study finds most harbor towns lack a flood plan", True)


def test_the_end_of_an_organisation_s_name_is_no_surname() -> None:
    evidence = Evidence([(STUDY, find(STUDY))])
    sentence = "A study by Citizens for Coastal Justice found 40 percent of towns lack a plan."
    assert evidence.misattributions(sentence) == []


CLAIM = (
    "Ana Ruiz wants the harbor levy repealed.\n\n"
    "Ruiz said on Monday that the levy's tax breaks for hotels “do nothing to protect the "
    "waterfront from floods.”\n\n"
    "The council approved the levy in March by a vote of 5 to 2."
)


@pytest.mark.parametrize(
    ("summary", "restated"),
    [
        ("The hotel breaks do nothing to protect the waterfront from floods.", True),
        ("Ruiz said the hotel breaks do nothing to protect the waterfront.", False),
        ("In her view, the hotel breaks do nothing to protect the waterfront from floods.", False),
        (  # a possessive owns the subject; it does not say whose claim this is
            "Her levy's hotel breaks do nothing to protect the waterfront from floods.",
            True,
        ),
        (  # a name's possessive owns the subject too: "Ruiz's" holds no claim
            "The council's hotel breaks do nothing to protect the waterfront from floods.",
            True,
        ),
        ("Ruiz's levy breaks do nothing to protect the waterfront from floods.", True),
        (  # a word the article writes in lower case is no name for opening a sentence
            "Tax breaks do nothing to protect the waterfront from floods.",
            True,
        ),
        ("The council approved the levy in March by a vote of 5 to 2.", False),  # told as fact
        ("Ruiz's levy passed in March by a vote of 5 to 2.", False),
        (  # a clause of its own after one that names its doer
            "Ruiz wants the levy repealed, and the hotel breaks do nothing to protect the "
            "waterfront from floods.",
            True,
        ),
        ("Ruiz wants the levy repealed and said the breaks do nothing for the waterfront.", False),
        (  # a participle goes on with her act: hers
            "Ruiz wants the levy repealed, while commending the hotels for admitting the breaks "
            "do nothing to protect the waterfront from floods.",
            False,
        ),
        (  # a clause with a subject of its own states it as fact
            "Ruiz wants the levy repealed, while the hotel breaks do nothing to protect the "
            "waterfront from floods.",
            True,
        ),
        (  # told as fact before a clause of its own that names a speaker
            "The hotel breaks do nothing to protect the waterfront from floods, and Ruiz "
            "said the levy should go.",
            True,
        ),
        (  # a clause whose subject is a common noun without "the"
            "Ruiz wants the levy repealed, and hotel breaks do nothing to protect the "
            "waterfront from floods.",
            True,
        ),
        ("Officials gave hotels breaks that do nothing to protect the waterfront.", True),
        (  # a clause that describes the levy tells the claim as fact
            "The council, whose hotel breaks do nothing to protect the waterfront, approved "
            "the levy.",
            True,
        ),
        (  # inside what Ruiz says, it is hers
            "Ruiz said the levy, which does nothing to protect the waterfront, should go.",
            False,
        ),
    ],
)
def test_a_speaker_s_claim_stated_as_fact_is_a_restatement(summary: str, restated: bool) -> None:
    evidence = Evidence([(CLAIM, find(CLAIM))])
    found = evidence.restatements(summary)
    assert bool(found) == restated
    assert all(r.speaker == "Ana Ruiz" for r in found)


def test_the_gate_asks_who_says_a_claim_it_was_given_as_fact() -> None:
    title = "Ruiz wants the harbor levy repealed"
    summary = (
        "Ana Ruiz wants the levy repealed. "
        "Its breaks leave the waterfront with nothing to protect it from floods."
    )
    assert "states as fact what Ana Ruiz says" in _retry(title, CLAIM, summary)
    attributed = summary.replace("Its breaks", "She said its breaks")
    assert _retry(title, CLAIM, attributed) == ""


COUNT = (
    "Ana Ruiz is now the party's candidate for the harbor board.\n\n"
    "Her campaign manager Tom Becker announced on the town hall steps that the last "
    "county's ballots had delivered the votes she needed.\n\n"
    "The count took four days."
)


def test_a_clause_of_when_after_the_verb_does_not_choose_the_doer_s_evidence() -> None:
    evidence = Evidence([(COUNT, find(COUNT))])
    sentence = (
        "Ana Ruiz formally won the nomination on Tuesday, when her campaign manager Tom "
        "Becker announced that the last county's ballots had delivered the votes she needed."
    )
    assert evidence.misattributions(sentence) == []


def test_inflected_words_align_with_their_base_form() -> None:
    """A summary that writes "replayed" where the article has "did replay" aligns with that
    sentence, not with one that shares only "speech" and gives the speech to another."""
    text = (
        "Governor Ana Ruiz gave a long speech on the budget on Tuesday night.\n\n"
        "Her speech ran for an hour, and most viewers never saw the speech.\n\n"
        "Critics on the council called the speech dull.\n\n"
        "Station manager Ben Ortiz, for one, did replay the governor's speech later."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions("Ben Ortiz later replayed the speech.") == []
    assert evidence.misattributions("Ben Ortiz gave a long speech on the budget.") != []


def test_irregular_verb_forms_align_with_their_base_form() -> None:
    """A summary's "had beaten" meets "can beat" in the article sentence that says it, which
    otherwise shares no more words with it than another person's."""
    text = (
        "The Harbor Rowing Club lost the final of the regional cup on Sunday.\n\n"
        "Coach Tom Hale said the crew of the Harbor club rowed well in the wind.\n\n"
        "Rival captain Ana Ruiz said on Monday that her rowers can beat the crew of the Harbor "
        "club at any regatta."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions("Ana Ruiz said her crew had beaten the Harbor club.") == []


def test_a_group_s_act_may_be_given_to_the_member_named_next() -> None:
    """After "Council members are raising an alarm…", "Rita Becker is among those sounding
    it": the act of the group is hers too."""
    text = (
        "Harbor council members are raising an alarm that the dredging contract may cost twice "
        "what the port authority promised.\n\n"
        "Councilwoman Rita Becker is among those sounding it, after a hearing on Monday.\n\n"
        "The port authority did not answer questions about the cost."
    )
    evidence = Evidence([(text, find(text))])
    warned = "Rita Becker warned that the dredging contract may cost twice what was promised."
    assert evidence.misattributions(warned) == []
    assert evidence.misattributions(warned.replace("Rita Becker", "Port chief Dan Fuller"))


def test_a_family_name_that_looks_like_an_adverb_is_the_doer() -> None:
    """In "Donnelly met…", the name is the article's Ana Donnelly, not an opening like
    "Nearly…", so a headline giving her that act passes."""
    text = (
        "The harbor toll rose again this year.\n\n"
        "According to the minutes, Donnelly met with the port board on Friday to discuss the "
        "toll and the ferry schedule.\n\n"
        "The board did not change the toll. Ana Donnelly was elected to the council in May."
    )
    evidence = Evidence([(text, find(text))], titles=["Harbor toll stays"])
    headline = "Ana Donnelly meets the port board about the toll and ferry schedule"
    assert evidence.misattributions(headline, headline=True) == []


def test_a_name_written_with_a_combining_accent_is_the_name_a_model_writes() -> None:
    """An article that writes "Peña" as "n" and a combining tilde (as some systems store
    text) supports a summary with the composed "ñ" a model writes, and the stored article
    holds the composed form."""
    text = (
        "Mayor Ana Pen\u0303a opened the new ferry terminal on Monday.\n\n"
        "The terminal cost less than the council had feared, the mayor said."
    )
    summary = "Mayor Ana Peña opened the ferry terminal. It cost less than the council feared."
    assert _retry("Peña opens ferry terminal", text, summary) == ""
    article = Article(title="t", text=text, source="s", published=datetime(2026, 3, 2, tzinfo=UTC))
    assert "Peña" in article.text


@pytest.mark.parametrize("written", ["Peña", "PeÃ±a"])
def test_a_name_mangled_by_a_wrong_encoding_is_the_name_a_model_writes(written: str) -> None:
    """An article whose UTF-8 was read as Windows-1252 ("PeÃ±a") is repaired when it is
    built, so the "Peña" a model writes is supported, and a model that copies the mangled
    form is repaired the same way."""
    text = (
        "Mayor Ana PeÃ±a opened the new ferry terminal on Monday.\n\n"
        "The terminal cost less than the council had feared, the mayor said."
    )
    summary = f"Mayor Ana {written} opened the ferry terminal. It cost less than feared."
    assert _retry(f"{written} opens ferry terminal", text, summary) == ""
    article = Article(title="t", text=text, source="s", published=datetime(2026, 3, 2, tzinfo=UTC))
    assert "Ana Peña opened" in article.text


@pytest.mark.parametrize(
    "byline",
    [
        "Ana Ruiz is Senior Editor at the Harbor Gazette.",
        "Ana Ruiz is editor in chief of the Harbor Gazette.",  # a role with no article before
        "Follow Ana Ruiz on Twitter @ana_ruiz.",
        "Ana Ruiz, a member of the Gazette's board of contributors, is a historian.",
        # commas inside the description: "Jr.", "(then-Senator)"
        "Ana Ruiz, former adviser to Gov. Ben Ortiz, Jr., is Senior Fellow at Dunmore College.",
    ],
)
@pytest.mark.parametrize(
    "headline",
    [
        "Ana Ruiz says the harbor toll falls hardest on those who can least pay",
        "Ana Ruiz accuses the harbor toll of falling hardest on those who can least pay",
    ],
)
def test_a_column_s_words_are_its_author_s_named_in_its_closing_lines(
    byline: str, headline: str
) -> None:
    """A column's author, named in a closing line with a title or a handle and followed by
    more lines about them, may be said to say what the column says, or to accuse, mock or
    praise as it does."""
    text = (
        "The harbor toll falls hardest on those who can least pay it.\n\n"
        "Every ferry rider pays the same, whatever they earn.\n\n"
        f"{byline} Her new book is out in May. Follow her on the Gazette's site."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions(headline, headline=True) == []


def test_an_act_told_with_has_and_a_participle_is_checked() -> None:
    """A summary's "X has cast…" gives X an act, though "cast" is no listed verb."""
    text = (
        "The toll debate grew sharper this week.\n\n"
        "Mayor Ana Ruiz has praised the toll as fair to every driver.\n\n"
        "And Ben Ortiz has cast the toll as a tax on the poor."
    )
    evidence = Evidence([(text, find(text))])
    (found,) = evidence.misattributions("Ana Ruiz has cast the toll as a tax on the poor.")
    assert found.credited == "Ben Ortiz"
    assert evidence.misattributions("Ben Ortiz has cast the toll as a tax on the poor.") == []


def test_a_speakers_words_over_several_sentences_are_their_evidence_as_a_whole() -> None:
    """A summary sentence sums up a turn ("Kiln said… “Nobody wants… What parents want…”"):
    the turn outweighs another's single sentence that shares more with it than any one of
    the turn's sentences does."""
    text = (
        "Board member Ana Ruiz argues that families still want local schools, despite the new "
        "charter schools across the county. Dana Kiln, a teacher in Oakford, said parents "
        'want good local schools. "Nobody wants to drive their kids to a magnet school or a '
        'charter school. What parents want is a good school nearby," said Kiln. Tom Brack, '
        "who runs the teachers' union, said the vote sends a message."
    )
    evidence = Evidence([(text, find(text))])
    said = "{} said families would rather have good local schools than charter or magnet ones."
    assert evidence.misattributions(said.format("Dana Kiln")) == []
    (found,) = evidence.misattributions(said.format("Tom Brack"))
    assert found.actor == "Tom Brack"


def test_names_and_titles_a_quote_gives_are_facts_not_its_claim() -> None:
    """Who sent a letter, as a quoted statement names them ("…from Deputy Harbor Master Lena
    Park…"), is told as fact; the statement's claim is in its other words."""
    text = (
        "The Harbor Trust said the city had hidden a letter from the court.\n\n"
        "“The March 3 letter to Mayor Tom Becker from Deputy Harbor Master Lena Park concerns "
        "the dredging contract,” said Ana Ruiz, the trust's president."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.restatements("The letter came from Lena Park, then deputy harbor master.") == []


def test_a_sentence_that_opens_with_a_name_is_whom_a_next_she_means() -> None:
    """In "Ruiz appeared to gain, given her record. She criticized…", "her" follows the name
    the sentence opens with: the "she" after it is Ruiz, not someone named before."""
    text = (
        "Omar Diaz said the harbor debate would be hard for everyone.\n\n"
        "Ana Ruiz appeared to have the most to gain, given her record on the port.\n\n"
        "She criticized moderator Tom Becker for his first question about the dredging deal."
    )
    evidence = Evidence([(text, find(text))])
    summary = "Ana Ruiz criticized moderator Tom Becker for his question on the dredging deal."
    assert evidence.misattributions(summary) == []


def test_a_who_clause_inside_reported_words_is_the_speaker_s_not_an_act() -> None:
    """A summary's "Diaz said the delay helps Ruiz, who has less need to hurry" gives his
    words, not an act of Ruiz's to find; a who clause before the verb is still checked."""
    text = (
        "Ana Ruiz leads the harbor union.\n\n"
        "Omar Diaz said the long delay helped Ruiz, since she needs more time to prepare."
    )
    evidence = Evidence([(text, find(text))])
    summary = "Omar Diaz said the delay helps Ruiz, who has less need to hurry the port talks."
    assert evidence.misattributions(summary) == []
    wrong = "Tom Becker, who accused the union of stalling, said the delay helps Ruiz."
    assert [m.actor for m in evidence.misattributions(wrong)] == ["Tom Becker"]


@pytest.mark.parametrize(
    "said",
    [  # inside a quotation whose marks are in the sentences around it
        '"The levy is a disaster for the town. The hotel breaks do nothing to protect the '
        'waterfront from floods. We need a new plan," Ruiz said.',
        # before a trailing cue, outside the quotation marks: all before the cue is hers
        "The hotel breaks do nothing to protect the waterfront from floods, and “the town "
        "pays for every one of them,” Ruiz said.",
    ],
)
def test_a_speaker_s_claim_told_as_fact_is_a_restatement_wherever_her_marks_stand(
    said: str,
) -> None:
    """A claim is the speaker's whether the sentence that holds it is all quoted, in the
    middle of a long quotation, or told before the cue that ends her turn."""
    text = f"Ana Ruiz spoke at the pier on Monday.\n\n{said}"
    evidence = Evidence([(text, find(text))])
    found = evidence.restatements("The hotel breaks do nothing to protect the waterfront.")
    assert [r.speaker for r in found] == ["Ana Ruiz"]
    assert evidence.restatements("Ruiz said the breaks do nothing for the waterfront.") == []


def test_words_given_to_a_person_whose_description_matches_their_own_quote_are_checked() -> None:
    """The words after "said" are the act: where another person's quote tells them and
    nothing the named person says does, the description that matches the named person's own
    sentence ("a former mayor of Oakford") does not save the sentence."""
    text = (
        "The harbor toll split the town.\n\n"
        '"He built the new pier and kept the ferries running," said Omar Diaz, a former mayor '
        "of Oakford close to the dockworkers' union and its longtime lawyer.\n\n"
        "\"This toll works because it reinforces what riders believe to be the port's greatest "
        'strength: ferries that run on time," said Lena Park, a ferry captain.'
    )
    evidence = Evidence([(text, find(text))])
    said = "{}, said the toll plays to what riders see as the port's greatest strength."
    diaz = "Omar Diaz, a former mayor of Oakford close to the dockworkers' union and its lawyer"
    (found,) = evidence.misattributions(said.format(diaz))
    assert (found.actor, found.credited) == ("Omar Diaz", "Lena Park")
    assert evidence.misattributions(said.format("Lena Park, a ferry captain")) == []


def test_a_doer_named_by_a_described_role_is_whom_the_sentence_before_names() -> None:
    """In "Ana Ruiz…. The hedge fund manager wrote…", the writing is her act."""
    text = (
        "Ana Ruiz has backed the dredging plan for years.\n\n"
        "The hedge fund manager wrote a $5,000 check to a group backing the plan on Monday."
    )
    evidence = Evidence([(text, find(text))])
    summary = "Ruiz wrote a $5,000 check to a group backing the dredging plan."
    assert evidence.misattributions(summary) == []


@pytest.mark.parametrize(
    ("sentence", "doer"),
    [
        ("“It works,” said Harbor-based Republican strategist Ana Ruiz.", "Ana Ruiz"),
        ("“It works,” said Ana Ruiz, the mayor.", "Ana Ruiz"),
        ("“It works,” said Sam Hale Jr.", "Sam Hale Jr."),
    ],
)
def test_the_doer_after_an_inverted_verb_is_the_name_after_its_description(
    sentence: str, doer: str
) -> None:
    assert doers.doers_of(sentence, "said") == [doer]


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        (
            "Ana Ruiz has kept her lead among young voters all year.\n\n"
            "Exit polling shows she won 83% of voters under 30 in Harbor County on Tuesday.",
            "Exit polls show Ruiz won 83% of voters under 30 in Harbor County.",
        ),
        (
            "In an interview, Ana Ruiz said she learned from her brother's mistakes.\n\n"
            "Seeing her brother struggle led her to avoid ever gambling, she said.",
            "Ruiz said seeing her brother struggle led her to avoid gambling.",
        ),
    ],
)
def test_an_english_word_opening_a_sentence_is_no_doer_before_its_pronoun(
    text: str, summary: str
) -> None:
    """A capitalised English word opening a sentence ("Exit", "Seeing") is no name: the one
    who acts or speaks there is the "she" of the sentence before."""
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions(summary) == []


def test_contends_tells_a_column_author_s_words() -> None:
    text = (
        "Young voters cannot know what the old port cost the town in floods and lost jobs.\n\n"
        "The harbor was dredged in 1990.\n\nThe council met twice that year.\n\n"
        "Ships came back within a decade.\n\nAna Ruiz is a historian of the harbor."
    )
    evidence = Evidence([(text, find(text))])
    summary = "Ruiz contends that young voters cannot know the cost of floods."
    assert evidence.misattributions(summary) == []


def test_a_summary_may_name_the_outlet_the_prompt_gives() -> None:
    """The prompt gives each article's source, so "In a Harbor Gazette column" is grounded."""
    text = "The harbor toll falls hardest on those who can least pay it, the column argues."
    summary = "The toll is unfair. In a Harbor Gazette column, it falls hardest on the poor."
    assert _retry("Toll falls hardest on the poor", text, summary) == ""
    other = "The toll is unfair. In a Coastal Ledger column, it falls hardest on the poor."
    assert "Coastal" in _retry("Toll falls hardest on the poor", text, other)


def test_a_middle_initial_is_no_first_name_the_evidence_must_give() -> None:
    """Where an article names two Ruizes, "Ana M. Ruiz raised…" needs her first name in the
    evidence, not her middle initial."""
    text = (
        "Ana M. Ruiz and her brother, Ben Ruiz, both ran for the harbor board.\n\n"
        "Ben Ruiz dropped out in May.\n\n"
        "Add the $5,395 that Ms. Ruiz raised in April from dock workers and it is still a "
        "small sum."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions("Ana M. Ruiz raised $5,395 from dock workers in April.") == []


def test_a_country_acts_through_the_leader_the_evidence_describes_by_it() -> None:
    """A country acts through its leader: "Harboria pressed…" where "Harborian President Ana
    Ruiz pressed…"; "Ben Ortiz pressed…" is still another's act."""
    text = (
        "In March, Harborian President Ana Ruiz pressed the port plan on her neighbors.\n\n"
        "Ben Ortiz, the trade minister of Coastland, doubted it would last."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.misattributions("Harboria pressed the port plan on its neighbors.") == []
    wrong = evidence.misattributions("Ben Ortiz pressed the port plan on his neighbors.")
    assert [m.credited for m in wrong] == ["Ana Ruiz"]


def test_a_three_word_name_s_surname_is_the_one_after_an_honorific() -> None:
    """Ana Ruiz Vela, whom the article calls "Ms. Ruiz", is the one who said it."""
    text = (
        "Ana Ruiz Vela runs the harbor bank.\n\n"
        "The bank is running out of cash, and Ms. Ruiz said the stopgap steps she had used "
        "could not last past May.\n\n"
        "Ben Ortiz, a council member, wants an audit."
    )
    evidence = Evidence([(text, find(text))])
    summary = "Ana Ruiz Vela said the stopgap steps she had used could not last past May."
    assert evidence.misattributions(summary) == []


@pytest.mark.parametrize(
    "sentence",
    ["Every Harbor Court ruling since 1990 is at stake.", "The Ana Ruiz hearing ran late."],
)
def test_a_name_before_an_ing_word_is_a_modifier_not_a_doer(sentence: str) -> None:
    """A bare -ing word after a name is no verb of it ("Harbor Court ruling"); after "is" or
    "was" it is ("Ana Ruiz is pressing…")."""
    assert doers.doing(sentence, by_form=True).name is None
    assert doers.doing("Ana Ruiz is pressing the plan.", by_form=True).name == "Ana Ruiz"


def test_a_doer_described_after_the_with_capitals_is_whom_the_sentence_before_names() -> None:
    """A description after "the", capitals and all, is whom the sentence before names: "The
    Harbor Republican says…" after "Speaker Ana Ruiz says…" is her statement."""
    text = (
        "Ben Ortiz, the port director, wants the toll raised.\n\n"
        "House Speaker Ana Ruiz says no toll will pass this year.\n\n"
        "The Harbor Republican says in a statement that the governor's steps to raise the toll "
        "are certain to be challenged in the courts."
    )
    evidence = Evidence([(text, find(text))])
    summary = "Speaker Ana Ruiz said the toll steps would face court challenges."
    assert evidence.misattributions(summary) == []
    wrong = "Ben Ortiz said the toll steps would face court challenges."
    assert [m.actor for m in evidence.misattributions(wrong)] == ["Ben Ortiz"]


def test_a_participle_after_a_determined_noun_is_no_act() -> None:
    """A participle after "the first Harborite" tells no act of a Harborite."""
    headline = "Ruiz names Ortiz, the first Harborite picked for the board"
    assert doers.doing(headline, by_form=True).name is None


def test_a_summary_s_doer_described_after_the_is_not_checked_as_a_name() -> None:
    """A summary's "The Harbor Republican argued…" describes someone it named before."""
    text = (
        "Mayor Ana Ruiz, a Republican from Harbor County, released the audit on Monday.\n\n"
        '"The problems in this report explain the delay," Ruiz said.\n\n'
        "Ben Ortiz, who chairs the harbor board, defended the contractor."
    )
    evidence = Evidence([(text, find(text))])
    summary = "Ana Ruiz released the audit. The Harbor Republican argued it explains the delay."
    assert evidence.misattributions(summary) == []


def test_a_who_clause_after_where_a_person_is_from_is_the_person_s() -> None:
    """In "Rep. Ana Ruiz of Harbor County, who had backed Ortiz, said…", the backing is Ruiz's,
    not Harbor County's."""
    text = (
        "Former Rep. Ana Ruiz backed Ben Ortiz while he was in the race.\n\n"
        "On Wednesday she said Carla Diaz is now her choice."
    )
    evidence = Evidence([(text, find(text))])
    summary = "Former Rep. Ana Ruiz of Harbor County, who had backed Ben Ortiz, now backs Diaz."
    assert evidence.misattributions(summary) == []


def test_a_three_word_name_keeps_its_last_word_when_the_article_honours_it() -> None:
    """Where the article calls Ana Paul Ruiz "Ms. Ruiz" and names a Mr. Paul too, her surname
    stays Ruiz: the words are still hers, not Mr. Paul's."""
    text = (
        "Ana Paul Ruiz runs the harbor bank, and Ben Paul chairs its board.\n\n"
        "The bank is short of cash, and Ms. Ruiz said the stopgap steps could not last past "
        "May.\n\n"
        "Mr. Paul wants an audit."
    )
    evidence = Evidence([(text, find(text))])
    summary = "Ana Paul Ruiz said the stopgap steps could not last past May."
    assert evidence.misattributions(summary) == []


def test_a_month_s_short_name_is_no_doer() -> None:
    """In "taken Dec. 3 to Dec. 7, found…" a date stands before the verb, not a doer."""
    sentence = "A Harbor Gazette poll of 812 voters, taken Dec. 3 to Dec. 7, found Ruiz ahead."
    assert doers.doing(sentence, by_form=True).name is None


def test_a_two_word_surname_after_mr_is_the_person_of_the_three_word_name() -> None:
    """Ben Ortiz Vega is "Mr. Ortiz Vega": after "Mr." the first of two words is the surname
    where the last is never honoured, so his words are his in either form."""
    text = (
        "The harbor board met on Monday.\n\n"
        "The board's chairman, Mr. Ortiz Vega, argues there is little point in raising the toll "
        "before the audit is done."
    )
    evidence = Evidence([(text, find(text))])
    summary = "The board's chairman, Ben Ortiz Vega, argues a toll rise should wait for the audit."
    assert evidence.misattributions(summary) == []


def test_the_one_who_asked_is_no_other_doer_of_the_answer() -> None:
    """In "Asked by Ben Ortiz, Ruiz said…" the evidence of Ortiz's question does not make him
    the doer of her answer; someone else named as the asker is still caught."""
    text = (
        "Mayor Ana Ruiz took questions at the harbor hall on Monday.\n\n"
        "Ben Ortiz, a dock worker, said he pays $41,000 a year in rent and asked how the toll "
        "would help him.\n\n"
        "Ruiz said lower fees would make up for it.\n\n"
        "Carla Diaz, a teacher, asked about the school roof."
    )
    evidence = Evidence([(text, find(text))])
    summary = (
        "Asked by dock worker Ben Ortiz, who pays $41,000 a year in rent, how the toll would "
        "help him, Ruiz said lower fees would make up for it."
    )
    assert evidence.misattributions(summary) == []
    wrong = summary.replace("Ben Ortiz", "Carla Diaz")
    assert [m.credited for m in evidence.misattributions(wrong)] == ["Ben Ortiz"]


def test_a_name_after_at_and_a_description_is_not_the_doer() -> None:
    """In "Executives at parent company Harbor Foods say…" the executives say it."""
    sentence = "Executives at parent company Harbor Foods say the move will save $46 million."
    assert doers.doing(sentence, by_form=True).name is None


def test_a_question_credited_to_another_asker_is_caught() -> None:
    """In "Pressed on the roof by Ben Ortiz, Ruiz said…" the question is Ortiz's: caught where
    the article has Carla Diaz ask it, and not where it has Ruiz answer a question of his."""
    text = (
        "Mayor Ana Ruiz took questions at the harbor hall on Monday.\n\n"
        "Carla Diaz, a teacher, pressed Ruiz about the leaking school roof.\n\n"
        "Ruiz said the repairs would start in May.\n\n"
        "Ruiz told Ben Ortiz, a dock worker, that the toll would stay."
    )
    evidence = Evidence([(text, find(text))])
    right = (
        "Pressed about the leaking school roof by teacher Carla Diaz, Ruiz said repairs start "
        "in May."
    )
    assert evidence.misattributions(right) == []
    wrong = right.replace("teacher Carla Diaz", "dock worker Ben Ortiz")
    assert [(m.actor, m.credited) for m in evidence.misattributions(wrong)] == [
        ("Ben Ortiz", "Carla Diaz")
    ]
    answered = "Asked by dock worker Ben Ortiz, Ruiz said the toll would stay."
    assert evidence.misattributions(answered) == []


def test_a_long_apposition_with_a_clause_inside_is_skipped_to_the_verb() -> None:
    """An apposition with a "who" clause inside may run long: the name before it still does
    the verb after it."""
    sentence = (
        "Ben Ortiz, the harbor investor who backed Mayor Ana Ruiz in two races and later chaired "
        "her reelection campaign, signed the toll petition."
    )
    assert doers.doing(sentence).name == "Ben Ortiz"


def test_words_told_in_a_which_clause_are_checked_against_another_speaker() -> None:
    """A clause ", which Ruiz says goes far" gives Ruiz words the article credits to Ortiz."""
    text = (
        "A Harbor Gazette poll puts Mayor Ana Ruiz ahead with 22 percent.\n\n"
        "“Ruiz’s loyal 22 percent goes a long way with other voters split,” says Ben Ortiz, who "
        "runs the poll."
    )
    evidence = Evidence([(text, find(text))])
    right = "A Harbor Gazette poll has Ruiz ahead at 22 percent, which Ortiz says goes far."
    assert evidence.misattributions(right) == []
    wrong = right.replace("which Ortiz", "which Ruiz")
    assert [(m.actor, m.credited) for m in evidence.misattributions(wrong)] == [
        ("Ruiz", "Ben Ortiz")
    ]


def test_a_clause_after_after_with_its_own_doer_is_not_aligned_with_the_main_act() -> None:
    """In "Ruiz criticized the board on Tuesday after Director Ben Ortiz announced…", the
    act is Ruiz's criticism, not Ortiz's announcement."""
    text = (
        "Mayor Ana Ruiz blasted the harbor board on Tuesday for its decision to keep the toll.\n\n"
        "Board director Ben Ortiz announced on Tuesday that the board would not cut the toll "
        "this year."
    )
    evidence = Evidence([(text, find(text))])
    summary = (
        "Mayor Ana Ruiz criticized the harbor board on Tuesday after Director Ben Ortiz "
        "announced it would not cut the toll this year."
    )
    assert evidence.misattributions(summary) == []


def test_a_handle_names_whose_words_follow_it() -> None:
    """A post signed "@SpeakerRuiz" is Ruiz's: her words there are hers."""
    text = (
        "House Speaker Ana Ruiz blasted the harbor board on Tuesday.\n\n"
        "Board director Ben Ortiz announced that the toll would stay.\n\n"
        "@SpeakerRuiz: While I respect the board, this decision defies explanation."
    )
    evidence = Evidence([(text, find(text))])
    summary = "Ruiz said she respects the board but that its decision defies explanation."
    assert evidence.misattributions(summary) == []


def test_a_name_after_for_and_a_title_is_not_the_doer() -> None:
    """An apposition left without its closing comma ("Ben Ortiz, an aide for Mayor Ana Ruiz
    has written…") does not make the mayor the writer."""
    sentence = "Ben Ortiz, a former aide for Mayor Ana Ruiz has written a book about the harbor."
    assert doers.doing(sentence, by_form=True).name is None


def test_the_doer_of_a_which_clause_is_not_the_sentence_s() -> None:
    """Where the main verb is one no list holds ("The columnist revisits…"), the name in a
    later ", which Ortiz tried…" clause is not taken for the sentence's doer."""
    sentence = (
        "The columnist revisits the toll debate of last year, which Ben Ortiz tried to end by "
        "naming a panel."
    )
    assert doers.doing(sentence, by_form=True).name is None


def test_a_claim_reported_without_quotation_marks_is_not_fact() -> None:
    """'Ruiz said the toll is the latest burden…' is her claim, quotation marks or not; what
    a clause after it tells, or what a group says it will do, is no one's claim."""
    text = (
        "Mayor Ana Ruiz spoke at the harbor hall on Monday.\n\n"
        "Ruiz said the toll is only the latest of many burdens that should worry harbor "
        "families.\n\n"
        "Ruiz said she would visit the docks later, and the storm flooded 400 homes there.\n\n"
        "The Harbor Fund says it will spend $150,000 on radio ads."
    )
    evidence = Evidence([(text, find(text))])
    restated = "The toll is just the latest of many burdens that should worry harbor families."
    assert [r.speaker for r in evidence.restatements(restated)] == ["Ruiz"]
    assert evidence.restatements("The storm flooded 400 homes at the docks.") == []
    assert evidence.restatements("About $150,000 will go to radio ads.") == []


def test_a_role_word_before_a_name_is_not_its_first_name() -> None:
    """In "Actor Ben Ortiz" the surname Ortiz has the first name Ben, not "Actor": so a bare
    "Ortiz" is Ben, and his act given to his brother Tom is caught."""
    text = (
        "Actor Ben Ortiz says the toll is too high.\n\n"
        "Ortiz, the younger brother of harbor legend Tom Ortiz, endorsed Mayor Ana Ruiz in "
        "November."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence.given["ortiz"] == {"ben", "tom"}
    wrong = evidence.misattributions("Tom Ortiz endorsed Mayor Ana Ruiz in November.")
    assert [m.actor for m in wrong] == ["Tom Ortiz"]


UNNAMED = (
    "The harbor board met on Monday to set the new toll.\n\n"
    "“The toll will sink the harbor,” said one council aide. “The docks cannot carry it. "
    "Every fishing family will pay the toll twice over.”\n\n"
    "The board will vote in June."
)


def test_words_of_a_quotation_whose_speaker_is_not_named_are_not_fact() -> None:
    """The last sentence of a long quotation is inside it though only its closing mark is
    there; a speaker the article does not name still holds the claim."""
    evidence = Evidence([(UNNAMED, find(UNNAMED))])
    (found,) = evidence.restatements("Every fishing family will pay the toll twice over.")
    assert found.speaker == ""
    assert evidence.restatements("The board will vote in June on the toll.") == []
    summary = "The board met on Monday. Every fishing family will pay the toll twice over."
    told = _retry("Harbor board sets the toll", UNNAMED, summary)
    assert "states as fact what someone the article quotes says" in told


RIVALS = (
    "Ana Ruiz and Ben Ortiz of Pier Street will face voters together on Monday.\n\n"
    "The levy vote is not yet set.\n\n"
    "“Nobody has ever described the levy honestly,” said Tom Becker, a council aide."
)


def test_a_claim_is_aligned_by_its_own_words_as_well_as_by_its_names() -> None:
    """A sentence full of names aligns best, by them, with one that tells only of the people;
    its other words find the quotation whose claim it tells as fact."""
    evidence = Evidence([(RIVALS, find(RIVALS))])
    sentence = "Yet to Ruiz and Ortiz of Pier Street, the levy was never described honestly."
    (found,) = evidence.restatements(sentence)
    assert found.speaker == "Tom Becker"


FIGURES = (
    "The harbor board published its accounts on Monday.\n\n"
    "“In 2019, 43 percent of the toll money came from the Ruiz Fishing Company,” Ben Ortiz "
    "said."
)


def test_a_figure_a_speaker_gives_is_told_as_fact() -> None:
    evidence = Evidence([(FIGURES, find(FIGURES))])
    assert evidence.restatements("In 2019, 43 percent of it came from Ruiz Fishing.") == []
    assert evidence.restatements("Most of the toll money came from one firm in 2019.")


def test_a_headline_told_by_the_speaker_s_own_turn_is_theirs() -> None:
    text = (
        "“The council and I will both publish our ferry accounts. I will publish mine within a "
        "week,” Ana Ruiz told Ben Ortiz on Monday.\n\n"
        "Ortiz asked Ruiz whether that would come before the vote.\n\n"
        "Earlier this week, Ortiz pressed Mayor Tom Hale on the ferry accounts, insisting that "
        "Hale should publish them."
    )
    evidence = Evidence([(text, find(text))])
    headline = "Ruiz says she will publish her ferry accounts within a week"
    assert evidence.misattributions(headline, headline=True) == []
    (found,) = evidence.misattributions(headline.replace("Ruiz", "Hale"), headline=True)
    assert (found.actor, found.credited) == ("Hale", "Ben Ortiz")


def test_a_speaker_s_words_summed_up_are_theirs_though_an_outlet_reports_them_a_bit_better() -> (
    None
):
    text = (
        "“That deal was unlawful,” Ana Ruiz said on Harbor Radio. “They signed the contract. "
        "It was done in secret.”\n\n"
        "The Harbor Gazette reported that the ferry contract was signed in secret last spring "
        "without a council vote."
    )
    evidence = Evidence([(text, find(text))])
    summary = (
        "Ana Ruiz said the ferry contract was signed in secret without a vote and was unlawful."
    )
    assert evidence.misattributions(summary) == []


def test_a_name_at_the_end_of_a_long_description_after_with_is_no_doer() -> None:
    text = (
        "Ben Ortiz attacked the ferry board for acting as judge and jury in the contract case.\n\n"
        "Ortiz went after the ferry board on Monday during a radio panel with Eastport council "
        "member Ana Ruiz."
    )
    evidence = Evidence([(text, find(text))])
    summary = (
        "Ana Ruiz, a council member, told the radio panel that the ferry board acted as judge."
    )
    (found,) = evidence.misattributions(summary)
    assert (found.actor, found.credited) == ("Ana Ruiz", "Ben Ortiz")
    assert doers.bystanders(text.split("\n\n")[1]) >= {"ana", "ruiz", "eastport"}


@pytest.mark.parametrize(
    ("sentence", "doer"),
    [
        ("In her plea, Ana Ruiz, 44, said that she won, often by luck.", "Ana Ruiz"),
        ("Ana Ruiz, 44, said that she had won, often by luck.", "Ana Ruiz"),
        ("Ana Ruiz, 44, a nurse, said that she had won.", "Ana Ruiz"),
        # a verb of saying after an apposition, then an aside of its own
        ("Ana Ruiz, a harbor rival, said on radio, where she is a host, that it won.", "Ana Ruiz"),
        ("Ana Ruiz, a harbor rival, said, in a statement, that the dock is late.", "Ana Ruiz"),
        ("Ana Ruiz, a harbor rival, recalled, “The dock was late.”", "Ana Ruiz"),
        (
            "Ana Ruiz, director of the Center for Harbor Studies at the Eastport Institute of "
            "Maritime Policy at Dunmore University, said the dock was late.",
            "Ana Ruiz",
        ),
        # a given name shaped like an opening participle or adverb is still a name
        ("Kelly Ruiz said the dock was late.", "Kelly Ruiz"),
        ("Murshed Ruiz said the dock was late.", "Murshed Ruiz"),
        ("Asked about the dock, Ana Ruiz said it was late.", "Ana Ruiz"),
        # a month after a given name is a family name, not a date
        ("Prime Minister Theresa May said the dock was late.", "Theresa May"),
        ("In May Ana Ruiz said the dock was late.", "Ana Ruiz"),
        # a dateline's city in capitals is no doer
        ("EASTPORT, May 3 (Wire) - The harbor master, Ana Ruiz, said it was late.", "Ana Ruiz"),
    ],
)
def test_the_doer_is_read_past_an_age_an_apposition_or_a_dateline(sentence: str, doer: str) -> None:
    assert doers.doing(sentence).name == doer


def test_an_opening_clause_with_a_doer_of_its_own_is_checked_as_its_own() -> None:
    text = (
        "“I have made it clear, based on the board's own records, that the ferry has lost money "
        "every winter,” Ana Ruiz said.\n\n"
        "Ben Ortiz dismissed the charge as unfair.\n\n"
        "Tom Hale, the harbor master, watched from the dock."
    )
    evidence = Evidence([(text, find(text))])
    cited = (
        "cited the board's own records of the ferry's winter losses, Ortiz dismissed the charge."
    )
    assert evidence.misattributions(f"When Ruiz {cited}") == []
    (found,) = evidence.misattributions(f"When Tom Hale {cited}")
    assert (found.actor, found.credited) == ("Tom Hale", "Ana Ruiz")
    assert doers.opening_clause("After Ruiz left, Ortiz spoke.") == (17, "Ruiz left", "Ruiz")
    assert doers.opening_clause("When asked, Ortiz spoke.") is None  # no doer of its own
    # the same words open a clause for the gate as for the quote finder
    assert doers.opening_clause("As Ruiz left, Ortiz spoke.") == (14, "Ruiz left", "Ruiz")
    assert doers.opening_clause("Until Ruiz left, Ortiz spoke.") == (17, "Ruiz left", "Ruiz")


def test_a_name_and_its_verb_after_and_open_a_clause_of_their_own() -> None:
    text = (
        "Ana Ruiz took the north ward by 300 votes on Tuesday.\n\n"
        "Ben Ortiz won the primary in the south ward and in his home town of Eastport."
    )
    evidence = Evidence([(text, find(text))])
    summary = "Ana Ruiz took the north ward and Ben Ortiz won the south ward and Eastport."
    assert doers.clauses(summary) == [
        "Ana Ruiz took the north ward",
        "Ben Ortiz won the south ward and Eastport.",
    ]
    assert evidence.misattributions(summary) == []
    assert doers.clauses("Ruiz and Ortiz won the vote.") == ["Ruiz and Ortiz won the vote."]


def test_an_act_done_together_is_done_by_both() -> None:
    text = (
        "Ana Ruiz, who leads the ferry riders' group, has praised Mayor Ben Ortiz for months.\n\n"
        "In August Ortiz met with Ruiz and families of riders hurt in the ferry crash."
    )
    evidence = Evidence([(text, find(text))])
    met = "met Ortiz along with the families of riders hurt in the crash in August."
    assert evidence.misattributions(f"Ana Ruiz {met}") == []
    (found,) = evidence.misattributions(f"Tom Hale {met}")
    assert (found.actor, found.credited) == ("Tom Hale", "Ben Ortiz")


@pytest.mark.parametrize(
    ("sentence", "doer"),
    [
        ("More than 1,200 Ruiz emails now deemed classified", None),  # a count, then a noun
        ("In 2016 Ruiz emails the board", "Ruiz"),  # a year is no count
    ],
)
def test_a_name_after_a_count_describes_a_noun(sentence: str, doer: str | None) -> None:
    assert doers.doing(sentence, {"emails"}).name == doer


@pytest.mark.parametrize(
    ("sentence", "doer"),
    [
        (
            "In one email, chief of staff Ana Ruiz told the mayor that the dock was unsafe.",
            "Ana Ruiz",
        ),
        ("Former secretary of state Ana Ruiz said the dock was unsafe.", "Ana Ruiz"),
        ("Members of the caucus Ana Ruiz leads said the dock was unsafe.", None),
        ("Harbor Gazette editor in chief Ana Ruiz said the dock was unsafe.", "Ana Ruiz"),
        ("Council member at large Ana Ruiz said the dock was unsafe.", "Ana Ruiz"),
        ("A nurse in Dunmore said the dock was unsafe.", None),
    ],
)
def test_a_title_made_with_of_in_or_at_leaves_the_doer(sentence: str, doer: str | None) -> None:
    assert doers.doing(sentence, by_form=True).name == doer


def test_a_doer_named_by_a_role_is_whom_the_next_sentences_give_that_role() -> None:
    text = (
        "A federal judge has ordered the release of the ferry company's internal safety records "
        "in the lawsuit over the crash.\n\n"
        "The Friday ruling, in which Judge Ann Lee cited heavy public interest in the case, "
        "answered a request by the Harbor Gazette.\n\n"
        "Ben Ortiz, who runs the company, said he would appeal."
    )
    evidence = Evidence([(text, find(text))])
    summary = (
        "Judge Ann Lee ruled on Friday that the company's internal safety records must be released."
    )
    assert evidence.misattributions(summary) == []


@pytest.mark.parametrize(
    ("sentence", "doer"),
    [
        (
            "With Mrs. Ruiz facing questions about the ferry contract and its costs during her "
            "years on the harbor board, former Mayor Ben Ortiz told reporters that it was fair.",
            "Ben Ortiz",
        ),
        ("Without a vote, Ben Ortiz signed the ferry contract.", "Ben Ortiz"),
    ],
)
def test_an_opening_phrase_with_with_leaves_the_doer_after_it(sentence: str, doer: str) -> None:
    assert doers.doing(sentence).name == doer


def test_whom_the_article_credits_is_named_in_full() -> None:
    text = (
        "Senator Ana Ruiz spoke in Eastport on Monday about the harbor.\n\n"
        "On Tuesday, Ruiz appeared on Harbor Radio and endorsed the plan, saying the ferry "
        "needs a new dock before the winter.\n\n"
        "Ben Ortiz, who runs the ferry, listened."
    )
    evidence = Evidence([(text, find(text))])
    (found,) = evidence.misattributions("Ben Ortiz said the ferry needs a new dock before winter.")
    assert (found.actor, found.credited) == ("Ben Ortiz", "Ana Ruiz")


def test_words_that_describe_the_doer_are_no_evidence_of_the_act() -> None:
    text = (
        "“The ferry will keep its winter timetable, and the new dock opens in May,” said "
        "former Eastport Mayor Tom Hale, who chairs the harbor board.\n\n"
        "“It is the harbor's own lifeboat crew, come to save the season,” said Ana Ruiz, who "
        "runs the riders' group.\n\n"
        "Ben Ortiz, the harbor master, said the dock would cost less than planned."
    )
    evidence = Evidence([(text, find(text))])
    # his description aligns his own sentence, which tells nothing of this act
    wrong = "Eastport harbor board chairman Tom Hale compared the plan to a lifeboat crew."
    (found,) = evidence.misattributions(wrong)
    assert (found.actor, found.credited) == ("Tom Hale", "Ana Ruiz")
    # …and still helps find his own turn when it tells the act too
    right = "Former Eastport Mayor Tom Hale said the new dock opens in May."
    assert evidence.misattributions(right) == []


def test_a_doers_own_sentences_that_tell_little_of_the_act_yield_to_anothers() -> None:
    text = (
        "Eastport opened its new ferry terminal on Monday after two years of work.\n\n"
        "“We applaud the council and the fund for the granite steps,” said Ana Ruiz, president "
        "of the Preservation Trust, which raised part of the money.\n\n"
        "The terminal cost 12 million dollars, most of it from a state fund.\n\n"
        "Ben Ortiz, who sits on the council, criticized the fund's rules.\n\n"
        "The board meets again in June."
    )
    evidence = Evidence([(text, find(text))])
    # her own turn aligns by the words that describe her, and tells nothing of the act
    wrong = "Preservation Trust president Ana Ruiz criticized the fund's rules."
    (found,) = evidence.misattributions(wrong)
    assert (found.actor, found.credited) == ("Ana Ruiz", "Ben Ortiz")
    assert evidence.misattributions("Ben Ortiz criticized the fund's rules.") == []
    right = "Preservation Trust president Ana Ruiz applauded the council for the granite steps."
    assert evidence.misattributions(right) == []


RESOLUTION = (
    "The harbor board voted 5-2 on Tuesday for a resolution which said the town "
    '"rejects any sale of the ferry pier to private owners."\n\n'
    'Ana Ruiz, who chairs the board, said: "The ferry pier has nothing left to give a '
    'private owner."'
)


@pytest.mark.parametrize(
    ("summary", "restated"),
    [
        # the document that says it is the sentence's subject: its words, told as its
        ("The resolution rejects any sale of the ferry pier to private owners.", False),
        # a claim about the document, in another's words, is still stated as fact
        ("The resolution says nothing new, and the ferry pier has nothing left to give.", True),
        # the document the evidence names is not the one the sentence opens with
        ("The letter rejects any sale of the ferry pier to private owners.", True),
    ],
)
def test_a_document_s_words_told_as_its_own_are_no_restatement(
    summary: str, restated: bool
) -> None:
    evidence = Evidence([(RESOLUTION, find(RESOLUTION))])
    assert bool(evidence.restatements(summary)) == restated


LABELLED_PIECE = (
    "The harbor levy was sold as a way to protect the waterfront. It has done nothing of the "
    "kind.\n\n"
    "The board promised a new sea wall by the spring. The money went to the ferry pier instead."
)
LABELLED_REPORT = (
    '"The harbor levy has done nothing to protect the waterfront," said Ana Ruiz, who '
    "leads the residents' group.\n\n"
    "Ben Ortiz, who chairs the harbor board, promised a new sea wall by the spring. The "
    "money went to the ferry pier instead."
)


@pytest.mark.parametrize(
    ("text", "faithful"),
    [
        # the title gives the piece to a writer its text never names: the words are his
        (LABELLED_PIECE, True),
        # a title's speaker whom the text names is no author: the text gives the words
        (LABELLED_REPORT, False),
    ],
)
def test_a_title_that_labels_a_piece_with_its_writer_gives_him_its_words(
    text: str, faithful: bool
) -> None:
    title = "Ben Ortiz: The harbor levy has failed the waterfront"
    summary = (
        "Ortiz argues that the harbor levy has done nothing to protect the waterfront. "
        "The money went to the ferry pier."
    )
    assert (_retry(title, text, summary) == "") == faithful


MANAGED = (
    "Ben Ortiz attacked Ana Ruiz over the harbor levy on Monday.\n\n"
    "Ruiz’s campaign manager, Tom Hale, stated: “When I spoke with Ms. Ruiz about how we "
    "should respond, she asked every volunteer to spend the day cleaning the harbor beach.”"
)


@pytest.mark.parametrize(
    ("headline", "faithful"),
    [
        # the headline names its source by the role the article gives him
        ("Ruiz answers the attack with a beach clean-up, her campaign manager says", True),
        ("Ruiz answers the attack with a beach clean-up, her lawyer says", False),
        ("Ruiz answers the attack with a beach clean-up", False),
    ],
)
def test_a_sentence_that_names_its_source_by_a_role_credits_the_one_in_that_role(
    headline: str, faithful: bool
) -> None:
    evidence = Evidence([(MANAGED, find(MANAGED))])
    assert (evidence.misattributions(headline, headline=True) == []) == faithful


QUESTIONED = (
    "Ana Ruiz defended the harbor levy on Sunday, saying it would pay for a new sea wall.\n\n"
    "On the radio, Ben Ortiz questioned whether the board had told the truth about the cost.\n\n"
    "Tom Hale, the board treasurer, said the accounts were open to anyone."
)


@pytest.mark.parametrize(
    ("headline", "credited"),
    [
        ("Ruiz defends the levy as Ortiz questions the board's honesty", None),
        # the act of the headline's later clause is another's in the article
        ("Ruiz defends the levy as Hale questions the board's honesty", "Ben Ortiz"),
        ("Ruiz defends the levy as doubts grow", None),
    ],
)
def test_a_headline_s_later_clause_is_an_act_of_its_own(
    headline: str, credited: str | None
) -> None:
    evidence = Evidence([(QUESTIONED, find(QUESTIONED))])
    found = evidence.misattributions(headline, headline=True)
    assert [m.credited for m in found] == ([credited] if credited else [])


@pytest.mark.parametrize(
    ("sentence", "held"),
    [
        ("The company had accused the reporters of misconduct.", True),  # the company's charge
        ("The council called the plan a mistake.", True),
        ("The report revealed nothing new.", False),  # a document: what it tells is checked
        ("The plan does nothing for the waterfront.", False),
    ],
)
def test_a_speaker_named_by_a_noun_holds_what_the_sentence_tells(sentence: str, held: bool) -> None:
    from newsletter.digest.evidence import _attributed

    assert _attributed(sentence, set(), set()) == held


def test_a_doer_named_by_a_role_is_the_one_the_article_gives_that_role() -> None:
    """ "The dean of the law school has published a letter…" credits Ana Ruiz, whom the
    article names as the dean, with the letter; not Ben Ortiz, whom only the summary does."""
    text = (
        "The dean of the Harbor School of Law has published a letter rejecting claims by the "
        "Harbor Board that its students misled the public.\n\n"
        "Ana Ruiz, the dean, has led the school since 2019. Ben Ortiz chairs the board."
    )
    evidence = Evidence([(text, find(text))])
    assert evidence._in_role("Ana Ruiz, dean of the law school, wrote…", "Ana Ruiz", "dean")
    assert not evidence._in_role("Ben Ortiz, dean of the law school, wrote…", "Ben Ortiz", "dean")


EMBARGO = (
    "Ana Ruiz met the mayor of Eastport on Friday.\n\n"
    "After her meeting with the mayor, the White House announced that the United States would "
    "end its ferry embargo against Eastport."
)


@pytest.mark.parametrize(
    ("sentence", "credited"),
    [
        # a country for its government: the check is for people given another's acts
        ("After the meeting, the U.S. said it would end its ferry embargo against Eastport.", None),
        (
            "After the meeting, Ana Ruiz said she would end the ferry embargo against Eastport.",
            "White House",
        ),
    ],
)
def test_a_body_s_act_told_as_another_body_s_is_left_alone(
    sentence: str, credited: str | None
) -> None:
    evidence = Evidence([(EMBARGO, find(EMBARGO))])
    assert [m.credited for m in evidence.misattributions(sentence)] == (
        [credited] if credited else []
    )


def test_a_headline_s_verb_of_condemning_has_a_doer_to_check() -> None:
    """ "Condemns", "denounces", "blasts"…: headline verbs of what someone said."""
    text = (
        "Ana Ruiz described the harbor levy as “a disgrace” after the board passed it on "
        "Monday.\n\nBen Ortiz, who chairs the board, said the vote was fair."
    )
    evidence = Evidence([(text, find(text))], ["Ruiz calls harbor levy a disgrace"])
    (found,) = evidence.misattributions("Ortiz condemns the harbor levy", headline=True)
    assert (found.actor, found.credited) == ("Ortiz", "Ana Ruiz")
    assert evidence.misattributions("Ruiz condemns the harbor levy", headline=True) == []
