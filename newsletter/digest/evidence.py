"""Evidence per sentence: the article passages that support a sentence a model wrote, and
whether the person that sentence credits with words or an act is the one the article credits.

`Evidence` splits the articles into sentences (`sentences`), each with the names it holds and
the speakers the quote finder gives its quotes. A written sentence is aligned to the article
sentences it shares the most rare words with (each word weighed by how few article sentences
hold it; the sentence's own actor and the titles it gives them left out, so that they
cannot pull the alignment towards themselves, and so is a relative or subordinate clause
after its verb: "…testifies Thursday, whose chairman wants…", "…, after Becker did so",
"…, when her aide announced…").
The aligned sentences and the quotes in them are its evidence; when the best one names no
one doing the sentence's verb, a sentence within DOER_SHARE of it where the sentence's own
doer does that verb leads the evidence.

`misattributions` finds, in each clause of a headline or summary ("Clinton introduced Bond,
and Ross led the evening" has two, "…warned of fraud, a charge Obama called…" too), a named
actor of a speech or act verb ("Paul Ryan said", "Graham has called", "…, Chaffetz said")
and checks that the evidence credits that person (so too a name's act told in a clause of
its own: "…angered Ana Ruiz, who accused the board…" has Ana Ruiz accuse):
the person is named in an evidence sentence (not only as whom its act is aimed at: "told Ana
Ruiz", "a memo to Inspector General Ana Ruiz", "an interview with Ruiz") or speaks its
quotes; "he" or "she" as its doer carries the names of the sentence before; a doer
introduced by a role ("A judge has rejected…", "…, beating a rival who raised…") is looked
for among the doers and speakers of the next ROLE_WINDOW sentences. Where a surname goes
with several first names in the article (Bill, Hillary and Chelsea Clinton), the first name
must match too. Being named is not
enough where the best evidence has another person do the sentence's own verb ("After Hale
arrived, Ortiz said…" for "Hale said…"; any verb of saying tells the act of another: "…,"
Ortiz added"; a quotation alone, one that reports no one else's words, is said by its
speaker), unless it gives the person as its source ("according to Hale"); when the best
evidence tells no one's speech for a verb of saying (it only names the person: "…owners,
including Hale"), the next evidence sentence that does must not have another speak, unless
the person speaks in the evidence too. An organisation's act may be told as its people's.
Where the best evidence shares with the sentence only its verb ("Ruiz won none" and
"Ortiz won most counties"), or shares with a sentence of speech only the names after its
verb ("Becker said Hale belongs behind bars", aligned by "Hale": it is about Hale, not her
words), the person need only speak or act somewhere in the article.
When the best evidence credits no one (a study, a fact the article tells), the person's
own turn (a run of their sentences) that tells nearly as much (TURN_SHARE) credits them.
The evidence that credits the person must also tell the act itself (the words after the
verb) as well as another named person's evidence sentence does, at least ACT_SHARE of it:
their own introduction or turn may align only by the words that describe them.
Otherwise it says whom the article credits instead (the quote's speaker, else the evidence
sentence's doer). Each later act of a doer's run is checked with that doer ("Trump met…,
praised…, and noted that…"), and an act told as a noun with whose it is ("Rallies by Obama",
"Obama's criticism of…") must not be one the article gives, as a noun, only to another
person ("Bill Clinton's rallies"). Not actors: a group
opening a sentence ("Readers wrote…"), doers joined by "and" (each may be credited by a
passage of its own), a capitalised word inside a name ("the Islamic State").
A headline, written in the present tense ("Flynn backs…", verbs recognised in headlines only,
and "restores" with an object where the article says "restored"), condenses the article's
title and lede: its doer must be one who speaks or acts (not merely one
named; a sentence's opening name counts, whatever its verb) in an article's title ("Pence: …",
"Ted Cruz endorses…", "SNL has fun…"), its lede, or the best evidence of the headline's main
clause ("Pence told Chris Wallace…" is no evidence that Wallace said it); a doer named by a
role ("The head of the union…") is looked for among the doers and speakers of the next
ROLE_WINDOW sentences. But when that best evidence names another person as the doer of the
headline's own verb ("Ruiz said…" for "Ortiz says…"; any clause: "…claimed that Ruiz had
asked"), the headline's doer must be one of its doers too, or the title's doer of that verb
("Ruiz Warned…" does not excuse "Ruiz tells…"; "Ruiz: …" says). A title word that
is a surname in the article ("Howard Dean") is a name when it stands alone ("Dean says…");
one before a name ("District Judge Ana Ruiz") is no surname.
A headline that says what befell its doer ("Ruiz wins a seat", "loses", "gets") passes when its
best evidence names that person ("voters elected Ruiz").
Where the best evidence tells in the passive, with no doer, what was done to the
person it opens with ("Hale was dismissed on Monday…"), a doer named in an article's title
passes ("Ortiz's Firing Of The Port Director").
Doers are read as `doers` reads them. A summary sentence's doer is also read from a verb known
by its form alone ("Ana Ruiz faulted…"); such an act is checked only against another person's
doing it, never against an article that names no doer. "The senator" opening an article
sentence, like "he", carries the names of the sentence before; a name given there only as an
owner ("Obama's refusal") is not credited with the act of its named doer.
A column's words are its author's: a sentence that has the author say, argue or write
something passes when the article's closing line names them ("Ana Ruiz is a lecturer at…");
on a page of letters, each letter's sentences are the words of the name that signs it.
`restatements` finds summary sentences that name no one (no verb of saying, no pronoun or
name as subject or doer) and share with their best evidence mostly words that stand there
only inside a quotation: a speaker's claim stated as fact.
Deterministic: the same text and articles give the same answer.
"""

from __future__ import annotations

import itertools
import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

import lemminflect
import snowballstemmer

from newsletter.digest import doers
from newsletter.digest.doers import MAX_SUBJECT_WORDS, TITLES, WORD, name_words, norm
from newsletter.digest.grounding import everyday
from newsletter.digest.nameforms import NameForms, handle_words
from newsletter.digest.sentences import sentence_spans, sentences, title_case
from newsletter.models import Quote
from newsletter.quotes.lexicon import (
    COMMON_SUBJECTS,
    DOCUMENT_HEADS,
    FEMALE_NAMES,
    GIVEN_NAMES,
    GROUP_NOUNS,
    LEADING_WORDS,
    MALE_NAMES,
    ROLE_WORDS,
    words,
)
from newsletter.quotes.names import is_org

__all__ = ["Evidence", "Misattribution", "Passage"]

EVIDENCE_SHARE = 0.8  # an article sentence within this share of the best one is evidence too
DOER_SHARE = 0.5  # within this share, a sentence where the written doer acts is evidence first
MAX_PASSAGES = 3
TURN_SHARE = 0.75  # evidence that credits no one yields to the doer's own turn telling this much
ACT_SHARE = 0.5  # the doer's own evidence tells this share of the act at least, or yields…
MIN_TOLD = 2  # …to another's sentence that tells it best with this many of its words
ACT_MARGIN = 2.0  # how much better another's sentence must tell an act than the doer's own
RESTATED_SHARE = 0.6  # of what a sentence shares with its evidence, this much inside a quote…
MIN_RESTATED = 2  # …and this many words at least: it states the quote's claim as fact
OPENING_WORDS = 3  # a pronoun among a sentence's first words: it tells someone's view
_HERS = {"mrs.", "ms.", "miss"}  # honorifics of a woman
_SUFFIXES = words("jr sr ii iii iv")  # after a surname: "Jr.", "III"
LIST_REACH = 3  # sentences after "Ruiz argued that:" that may be items of its list
DESCRIPTION_SPAN = 40  # characters before a name that may describe it ("Chinese President")
PRONOUN_REACH = 4  # sentences back that a run of sentences opening with "he" may go
ROLE_WINDOW = 2  # sentences after one that names its doer by a role ("A judge ruled…")
DESCRIPTION_WORDS = 4  # words before a doer's name that describe them ("Former Wisconsin Gov.")

_PRONOUNS = words("he she they his her their")
_OWNERS = words("his her their")  # opening a sentence, they own its subject and hold nothing
_STOP = LEADING_WORDS | words(
    """is are was were be been being has have had do does did will would can could may might
    must shall should not its it's than into onto about over more most very such said says
    told say one two also him them hers us me himself herself themselves itself"""
)
_SUBJECT = re.compile(  # a sentence's opening name, before a comma or a lower-case word
    r"[\"“‘(]*(?:(?:The|A|An)\s+)?((?:[A-Z][\w’'.-]*\s+){0,4}[A-Z][\w’'-]*)(?=,|\s+[a-z])"
)
_DESCRIBED_SUBJECT = re.compile(  # "Republican presidential candidate Donald Trump will…"
    r"[\"“‘(]*(?:(?:The|A|An)\s+)?(?:[A-Z][\w’'-]*\s+){0,2}(?:[a-z][\w-]*\s+){0,2}"
    r"([a-z][\w-]*)\s+((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*)(?=,|\s+[a-z])"
)
_LED_BY = re.compile(  # "a group led by Senator Bob Corker": he acts with it
    r"\b(?:led|headed|chaired)\s+by\s+((?:[A-Z][\w’'.-]*\s+){0,6}[A-Z][\w’'-]*)"
)
_RELATIVE = re.compile(r",\s+((?:whose|which)\s[^,;]*)")  # ", whose speech was…": a claim
_CLAUSE = re.compile(r",\s+(?:who|which|as|after|while|but)\b")
_HEADLINE_CLAUSE = re.compile(  # a clause of its own, its subject a name, a group or "the…"
    r"\s+(?:as|after|while|before|because|amid|when|since)\s+(?=[A-Z]|the\s)"
)
_LATER_CLAUSE = re.compile(  # "…, whose chairman wants…", "…, after Christie did so"
    r",\s+(?:who|whose|which|where|when|after|before|while|because|although|though)\b"
    r"|\s(?:in|at|during|on|from)\s+which\b"  # "…a video in which Ana Ruiz said…"
    # "…on Tuesday after Director Ana Ruiz announced…": a clause with a doer of its own
    r"|\s(?:after|before|while|because|although|though|once)\s+"
    r"(?=(?:[A-Z][\w.-]*\s+){1,3}[a-z])"
)
_HONOURED = re.compile(rf"\b(?:{doers.HONORIFICS})\s+([A-Z][\w’'-]+)")  # "Ms. Acosta"

_SEAT = re.compile(  # an institution named for whoever leads it: "the White House said"
    r"\b(?:White House|Kremlin|Pentagon|Elysée|Downing Street|administration|government|"
    r"[Mm]inistry|Department|campaign)$"
)
_CONNECTORS = words("of and the for on in de")
_TRAILING_CUE = re.compile(  # "…, he remarked." or "…, Ana Ruiz said.": all before is theirs
    r",[\"”’']*\s+(?:he|she|they|(?:the\s+)?(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*)\s+([a-z]+)[\W]*$"
)
_ROLE_CUE = re.compile(  # "…, his business manager says": someone named by a role tells it
    r",\s+(?:his|her|their|its|the|an?)\s+((?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*)\s+([a-z]+)\W*$"
)
_DESCRIBED_SPEAKER = re.compile(  # "The company had accused…": a speaker named by a noun
    r"(?:The|Its|His|Her|Their)\s+(?:[a-z][\w-]*\s+){0,2}?([a-z][\w-]*)\s+"
    r"(?:ha[sd]\s+|have\s+)?([a-z]+)\b"
)
_ROLE_OPENING = re.compile(r"(?:The|A|An)\s+(?:[a-z][\w-]*\s+){0,2}?([a-z][\w-]*)\s+of\b")
_REPORT_END = re.compile(rf"{_LATER_CLAUSE.pattern}|,\s+(?:and|but)\s")  # reported words end
_DETERMINED = re.compile(r"(?:the|a|an|this|these|those)\s", re.IGNORECASE)  # a new subject
_GROUPS = GROUP_NOUNS | COMMON_SUBJECTS  # "Officials", "Experts": a group, not a holder named
_DOCUMENT_SUBJECT = re.compile(  # "The resolution denounces…": a document tells it
    rf"[\"“‘]*(?:the|an?|this|that|its|his|her|their)\s+(?:[\w’'-]+\s+){{0,2}}?"
    rf"({'|'.join(sorted(DOCUMENT_HEADS))})\s+(?:[a-z]+ly\s+)?([a-z]+)\b",
    re.IGNORECASE,
)
_NO_TELLING = words("be have remain seem")  # "The letter was sent…": a fact about it
_THE_PIECE = words("article column commentary opinion op-ed editorial essay piece analysis")
"""Words a headline may name the summarised piece itself by ("Column argues…")."""
_ORG_LINKS = words("of for")  # inside an organisation's name: "Citizens for Tax Justice"
_NAME_RUN = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:(?:of|and|for|the)\s+)?[A-Z][\w’'-]*)+")

_A_NAME = r"(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*"  # up to four capitalised words
_ACT = r"([a-z]+\b[^,;]*)"  # what a clause tells someone did, up to its end
# a name (and where they are from: "… of Connecticut") and what a clause of its own says
# it did: ", who accused…"
_WHO = re.compile(rf"({_A_NAME})(?:\s+(?:of|from|at)\s+(?:the\s+)?{_A_NAME})?,\s+who\s+{_ACT}")
# a name doing something to the one before: ", whom Ana Ruiz accused…"
_WHOM = re.compile(rf"\bwhom\s+({_A_NAME})\s+(?:(?:had|has|have)\s+)?{_ACT}")
# a name saying or doing what is before: ", which Ana Ruiz says goes far"
_WHICH = re.compile(rf",\s+which\s+({_A_NAME})\s+{_ACT}")
# the one who asks: "Pressed on oil money by campaign manager Jeff Weaver, she said…"
_ASKED_BY = re.compile(
    rf"\W*(Asked|Pressed|Questioned|Challenged)\b([^,]{{0,80}}?)\s+by\s+[^,]{{0,40}}?({_A_NAME}),"
)

# an act told as a noun, with whose it is: "Bill Clinton's rallies", "the criticisms of her
# actions by FBI Director James Comey", "Rallies by Barack Obama"
_POSSESSED_ACT = re.compile(rf"({_A_NAME})[’']s\s+([a-z]{{4,}})\b")
_ACT_BY = re.compile(
    rf"\b([A-Za-z][a-z]{{3,}})(?:\s+(?:of|on|against|about|for|to|in)\s+[^.,;:]{{0,60}}?)?"
    rf"\s+by\s+(?:[a-z]+\s+){{0,3}}?({_A_NAME})"  # (its doer's role: "by council member Ana Ruiz")
)

# the next verb of a doer's run of acts: "Trump met…, praised…, and noted that…"
_NEXT_ACT = re.compile(r"(?:,\s+(?:and\s+|but\s+)?|\s+(?:and|but)\s+)([a-z]{3,}ed)\b")

_MUTUAL_VERB = (
    r"(?:me(?:e?t|ets|eting)|talk(?:s|ed|ing)?|negotiat(?:es?|ed|ing)|debat(?:es?|ed|ing))"
)
_MUTUAL = re.compile(  # an act two do together: "Trump met with Espinoza" is hers too
    rf"\b{_MUTUAL_VERB}\s+(?:privately\s+|again\s+)?(?:with\s+)?"
    r"((?:[A-Z][\w’'.-]*\s+)*[A-Z][\w’'-]*)"
)

_OUTCOMES = frozenset(  # what befalls a person, told with them as its object: "voters elected Ruiz"
    doers.lemma(verb) for verb in ("wins", "loses", "gets", "receives", "earns")
)

_AGENTLESS = re.compile(  # an act in the passive that names no doer: "was dismissed after…"
    r"\b(?:was|were|been|being|is|are)\s+(?:[a-z]+ly\s+)?[a-z]{3,}(?:ed|en)\b(?!\s+by\b)"
)

_PAST = re.compile(r"\b[a-z]{2,}ed\b")  # a word that may be a verb in the past tense
_ROLE_LED = re.compile(  # "The senator said…", "A federal judge has ordered…": a role alone
    rf"[\"“‘(]*(A|An|The)\s+(?:[A-Za-z-]+\s+){{0,3}}?((?i:{doers.ROLES}))\s+[a-z]"
)
_POSSESSOR = re.compile(  # "Obama's refusal"; not "Trump's charge", "in Frank's view": his words
    r"\b([A-Z][\w-]*)[’']s\b(?!\s+(?:[a-z]+\s+)?(?:claims?|charges?|remarks?|comments?|"
    r"warnings?|words|statements?|tweets?|calls?|accusations?|promises?|pledges?|argument|"
    r"view|telling|account|opinion|estimate|reading)\b)"
)
_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*")  # a name's word, or a sentence's first
_FIGURE = re.compile(r"(?<![\w.,])\d[\d,]*\d(?:\.\d+)?")  # a figure, told as a fact, not held
_MARKS = " \n\"“”‘’'"  # quotation marks and the space around them
_LOWER = re.compile(r"\b[a-z]{3,}\b")  # a word written as a common noun ("networks", "study")

_FULL_NAME = re.compile(  # not a title before a name: "District Judge Emmet Sullivan"
    r"(?=\b([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?([A-Z][\w’'-]+)(\s+[A-Z](?:[\w’'-]|\.\s+[A-Z])?)?)"
)


_STEMMER = snowballstemmer.stemmer("english")


class _Overlaps:
    """The quotes that overlap a stretch of text, in their given order, found by bisection
    (an article of many sentences and many quotes costs no product of the two)."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self.quotes = quotes
        self.order = sorted(range(len(quotes)), key=lambda i: quotes[i].start)
        self.starts = [quotes[i].start for i in self.order]
        self.reach = list(itertools.accumulate((quotes[i].end for i in self.order), max))

    def __call__(self, start: int, end: int) -> list[Quote]:
        found = []
        at = bisect_left(self.starts, end) - 1  # the last quote that starts before `end`
        while at >= 0 and self.reach[at] > start:  # any before it may still reach `start`
            if self.quotes[self.order[at]].end > start:
                found.append(self.order[at])
            at -= 1
        return [self.quotes[i] for i in sorted(found)]


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """The word's stem, so that inflections and derivations of one word match ("replayed" /
    "replay", "criticized" / "criticism"); an irregular verb's form by its base ("beaten",
    "spoke": "beat", "speak")."""
    verb = lemminflect.getAllLemmas(word).get("VERB")
    return _STEMMER.stemWord(verb[0] if verb else word)


def _content(text: str) -> set[str]:
    """The stems of the words of `text` that carry its meaning (not "the", "said", "is"),
    a compound's as a whole and by its parts ("hostage-taking", "hostage"), and its figures
    of two digits or more ("2013", "5,000" as "5000")."""
    normal = [norm(w) for w in WORD.findall(text)]
    parts = [part for word in normal if "-" in word for part in word.split("-")]
    found = {_stem(word) for word in normal + parts if len(word) > 2 and word not in _STOP}
    return found | {figure.replace(",", "") for figure in _FIGURE.findall(text)}


# a column's closing line about its author: "Ana Ruiz is a lecturer at Dunmore College."
_AUTHOR_LINE = re.compile(  # "…is a lecturer at…", "…is Senior Editor at…", "…is editor in…",
    # "Ana Ruiz, a member of the Gazette's board of contributors, is…", "Ana Ruiz, former
    # adviser to Gov. Ben Ortiz, Jr., is…"
    r"((?:[A-Z][\w’'.-]*\s+){1,3}[A-Z][\w’'-]+)(?:, [^,]{1,80}(?:, [^,]{1,20}){0,2})?,? (?:is|was) "
    rf"(?:(?:a|an|the)\s|[A-Z]|(?:{doers.ROLES})\b)"
    # or "Follow Ana Ruiz on Twitter @ana_ruiz."
    r"|Follow ((?:[A-Z][\w’'.-]*\s+){0,2}[A-Z][\w’'-]+) on (?:Twitter|X|Facebook|Instagram)\b"
)
# a line that is a name alone, signing a letter: "Ana Ruiz." or "@ana_ruiz."
_SIGNATURE = re.compile(r"(?:@\w+|(?:[A-Z][\w’'-]*\.?\s+){1,3}[A-Z][\w’'-]+)\.?")
AUTHOR_LINES = 3  # a column's closing sentences that may say who wrote it ("…, follow him…")
MIN_SIGNATURES = 2  # a page of letters: one name line alone may be a byline


def _sign_letters(passages: Sequence[Passage]) -> None:
    """On a page of letters (MIN_SIGNATURES lines of a name alone at least), give each
    letter's sentences to the name that signs it, as the speaker of its words. A name line
    right after another is where the writer lives ("Kathryn Kates." "New York."), and the
    sentences after the last signature are no one's."""
    signed = [p.index for p in passages if _SIGNATURE.fullmatch(p.text) and not p.text.isupper()]
    signers = [i for i in signed if i - 1 not in signed]
    if len(signers) < MIN_SIGNATURES:
        return
    offset = start = passages[0].index
    for end in signers:
        name = passages[end - offset].text.rstrip(".")
        for passage in passages[start - offset : end - offset]:
            if passage.index not in signed:
                passage.speakers += (name,)
        start = end + 1


def _attributed(sentence: str, surnames: AbstractSet[str], common: AbstractSet[str]) -> bool:
    """Whether `sentence` says who holds what it tells or whom it is about: a verb of saying,
    "according to", a pronoun, or a name as its subject (`_holder`) or its doer."""
    tokens = WORD.findall(sentence)
    if any(doers.says(w) for w in tokens) or "according to" in sentence.lower():
        return True
    described = _DESCRIBED_SPEAKER.match(sentence)
    if described and described[1] not in DOCUMENT_HEADS and doers.speaks(described[2]):
        return True  # "The company had accused the reporters of…": its charge
    owner = 1 if tokens and tokens[0].lower() in _OWNERS else 0  # "His plan…" holds nothing
    if {w.lower() for w in tokens[owner:OPENING_WORDS]} & _PRONOUNS:
        return True
    opening = _SUBJECT.match(sentence)
    if opening and _holder(sentence, opening, surnames, common):
        return True
    return doers.doing(sentence, frozenset(), surnames, by_form=True).name is not None


def _document_subject(sentence: str) -> str | None:
    """The document `sentence` opens with as the subject of a verb ("The resolution
    denounces…", "Her letter urges…", "A new study finds…"): the word that names it."""
    opening = _DOCUMENT_SUBJECT.match(sentence)
    if opening is None:
        return None
    lemmas = lemminflect.getAllLemmas(opening.group(2).lower()).get("VERB", ())
    return opening.group(1) if lemmas and not set(lemmas) & _NO_TELLING else None


def _holder(
    sentence: str, opening: re.Match[str], surnames: AbstractSet[str], common: AbstractSet[str]
) -> bool:
    """Whether a sentence's opening capitalised words (`opening`) name whom it is about:
    not a group ("Officials"), not a name's possessive, which owns the subject ("Ruiz's plan
    would…"; "Ruiz's charge" tells her words), and not one word that the articles write in
    lower case and that is no surname, capitalised only to open the sentence ("Upcoming
    contests…"; after "With the caucuses days away,", the subject is what follows)."""
    found: re.Match[str] | None = opening
    while found is not None:
        subject = found.group(1)
        if _POSSESSOR.match(sentence, found.end(1) - len(subject.split()[-1])):
            return False
        if " " in subject or subject.lower() not in common or norm(subject) in surnames:
            return bool(name_words(subject) - LEADING_WORDS - _GROUPS)
        sentence = sentence[sentence.find(",") + 1 :].lstrip() if "," in sentence else ""
        found = _SUBJECT.match(sentence)
    return False


def _inside_name(text: str, start: int) -> bool:
    """Whether the word at `start` follows a capitalised word that is no title, or such a
    word and "of" or "for": it ends a longer name ("Office of Immigrant Affairs Clinton…",
    "Citizens for Tax Justice"), so it is no first name; or "the": it describes someone
    ("The Wisconsin Republican says…")."""
    before = text[:start].rsplit(None, 2)[-2:]
    if before and before[-1].lower() == "the":
        return True
    if len(before) == 2 and before[1] in _ORG_LINKS and before[0][:1].isupper():
        return True
    last = norm(before[-1]).rstrip(".") if before and before[-1][:1].isupper() else ""
    return bool(last) and last not in TITLES | LEADING_WORDS | ROLE_WORDS  # "As", "Sen.", "Actor"


def _group(actor: str, surnames: AbstractSet[str], common: AbstractSet[str]) -> bool:
    """Whether a doer is a group named by a plural ("Latinas", "Republicans", "PACs"), not one
    of the article's surnames ("Sanders"), unless the article writes it as a common noun too
    (`common`: "networks" beside "Fox Networks")."""
    if " " in actor or not actor.endswith("s"):
        return False
    return norm(actor) not in surnames or actor[:-1].isupper() or actor.lower() in common


def _words_before(sentence: str, actor: str) -> list[str]:
    """The words of `sentence` before where it names `actor`."""
    return sentence[: max(sentence.find(actor), 0)].split()


def _describing(sentence: str, actor: str) -> set[str]:
    """The content words before `actor` when they only describe the person: at most
    DESCRIPTION_WORDS, no verb, no comma ("Former Wisconsin Gov. Jim Doyle")."""
    before = _words_before(sentence, actor)
    if len(before) > DESCRIPTION_WORDS or any(
        doers.is_verb(word) or word.endswith(",") for word in before
    ):
        return set()
    return _content(" ".join(before))


def _titled_name(sentence: str, actor: str) -> set[str]:
    """The content words of `actor`'s name and of the titles `sentence` gives it ("Former
    Sen. Scott Brown"): who does the act, not the act, so they align it to no passage."""
    before = _words_before(sentence, actor)
    titles = []
    while before and norm(before[-1]).rstrip(".") in TITLES:
        titles.append(before.pop())
    return _content(" ".join([*titles, actor]))


def _names(text: str) -> set[str]:
    """The capitalised words of `text`, lower-cased, possessives dropped, the words of its
    handles ("@SpeakerRyan" names Ryan) and the initials of each name of several words
    ("Saturday Night Live" is also "snl")."""
    found = {norm(w) for w in WORD.findall(text) if w[0].isupper()}
    found.update(norm(w) for w in handle_words(text))
    for run in _NAME_RUN.finditer(text):
        initials = [w[0] for w in run.group().split() if w.lower() not in _CONNECTORS]
        if len(initials) > 1:
            found.add("".join(initials).lower())
    return found


@dataclass
class Passage:
    """One article sentence: its text, the names in it and the speakers of its quotes."""

    index: int
    text: str
    names: frozenset[str]
    speakers: tuple[str, ...]
    quoted: bool = False  # all of it inside a quotation (a middle sentence of a long one)
    unsigned: bool = False  # it holds words of a quotation whose speaker is not named
    surnames: AbstractSet[str] = frozenset()  # the article's, so "Kelly met…" is a name's act
    named: AbstractSet[str] = frozenset()  # words the articles capitalise inside a sentence

    @cached_property
    def actor(self) -> str | None:
        """The named doer of its first verb, if it has one (worked out when first asked)."""
        return doers.actor(self.text, surnames=self.surnames)

    @cached_property
    def subject(self) -> frozenset[str]:
        """The words of the name it opens with, titles left out, when that name is its
        subject ("Liz Cheney, the daughter of…, was the winner"): whatever its verb is."""
        if title_case(self.text):
            return frozenset()
        described = _DESCRIBED_SUBJECT.match(self.text)
        if described and norm(described.group(1)) in ROLE_WORDS:
            before = WORD.findall(self.text, 0, described.start(1))
            if not any(w.lower() in _PRONOUNS or _PAST.fullmatch(w) for w in before):
                return frozenset(name_words(described.group(2)) - TITLES)
        opening = _SUBJECT.match(self.text)
        if opening is None or self._everyday(opening.group(1), self.text[opening.end(1) :]):
            return frozenset()
        return frozenset(name_words(opening.group(1)) - TITLES)

    def _everyday(self, word: str, after: str) -> bool:
        """Whether the word a sentence opens with is an English word, not a name: one word
        (`grounding.everyday`) that the articles capitalise nowhere else ("Exit polling shows
        he won…", "Seeing his brother suffer…, he said")."""
        return " " not in word and norm(word) not in self.named and everyday(word, after)

    @property
    def spoken(self) -> frozenset[str]:
        return frozenset(norm(w) for s in self.speakers for w in WORD.findall(s))

    def doers_of(self, verb: str) -> list[str | None]:
        """The doer of each use here of a verb that tells the act of `verb`
        (`doers.doers_of`)."""
        return doers.doers_of(self.text, verb)

    @cached_property
    def bystanders(self) -> frozenset[str]:
        """The words of the names it gives only as whom an act is aimed at
        (`doers.bystanders`)."""
        return doers.bystanders(self.text)

    @cached_property
    def clause_doers(self) -> list[str]:
        """The named doer of each of its clauses ("Ruiz won the primary, and Ortiz took the
        caucus" has two), and of an act told inside a noun phrase ("the account Ruiz
        retweeted")."""
        named = [
            name
            for clause in doers.clauses(self.text)
            if (name := doers.actor(clause, surnames=self.surnames))
        ]
        return named + doers.embedded_doers(self.text)

    @cached_property
    def possessors(self) -> frozenset[str]:
        """The words of names it gives only as owners ("Obama's refusal")."""
        owning = {norm(w) for w in _POSSESSOR.findall(self.text)}
        plain = {norm(w) for w in WORD.findall(_POSSESSOR.sub("", self.text))}
        return frozenset(owning - plain)

    @property
    def pronoun_led(self) -> bool:
        """Whether "he", "she" or "they" is its doer (no named one, a pronoun up front, not
        in an opening clause before a name: "Repeating his speech, Biden said…", nor after a
        name it opens with: "Clinton appeared to gain, given her record"), or "This", which
        tells of what the sentence before told ("This culminated in a meeting…")."""
        if self.actor is not None or (self.subject & self.names) - LEADING_WORDS:
            return False
        start = max(doers.introduction_end(self.text), 0)
        found = WORD.findall(self.text[start:])
        opening = {w.lower() for w in found[:MAX_SUBJECT_WORDS]}
        return bool(opening & _PRONOUNS) or found[:1] == ["This"]


@dataclass(frozen=True)
class Misattribution:
    """A written sentence that credits `actor` where the article credits someone else."""

    sentence: str
    actor: str
    credited: str  # whom the article credits, as it names them ("" when it names no one)
    evidence: str  # the article sentence that says so


@dataclass(frozen=True)
class Restatement:
    """A written sentence that states as fact, credited to no one, what the article gives
    only as `speaker`'s quoted words."""

    sentence: str
    speaker: str
    evidence: str


def _said_from(clause: str) -> int:
    """Where the words a clause reports begin, after its named speaker's verb of saying (its
    end when it has none): what is told after "Axelrod said" ("…the quiet helps Clinton, who
    has less need…") is his words."""
    read = doers.doing(clause)
    return read.end if read.name and doers.says(read.verb) else len(clause)


def _noun_acts(text: str) -> list[tuple[str, str]]:
    """Each act `text` tells as a noun with whose it is: (noun, name)."""
    owned = [(m.group(2), m.group(1)) for m in _POSSESSED_ACT.finditer(text)]
    return owned + [(m.group(1).lower(), m.group(2)) for m in _ACT_BY.finditer(text)]


def _first_name(word: str) -> bool:
    """Whether `word` (in lower case) may be a given name: a known one ("bill", "mark"), or
    no English word ("ana"; not "team" of "Team Trump")."""
    return word in GIVEN_NAMES or not everyday(word.capitalize(), " a")


@lru_cache(maxsize=64)
def _titled_by(role: str) -> re.Pattern[str]:
    """A name with `role` as its title in front ("Judge Ann Lee" for "judge")."""
    return re.compile(rf"\b(?i:{re.escape(role)})\s+((?:[A-Z][\w’'.-]*\s+)*[A-Z][\w’'-]*)")


def _partners(verb: str, text: str) -> list[str]:
    """Whom `text` has do an act done together with its doer, when `verb` is one ("met",
    "talked", "negotiated", "debated"): "Ortiz met with Ruiz" has Ruiz meet him too."""
    if not re.fullmatch(_MUTUAL_VERB, verb.lower()):
        return []
    return [found.group(1) for found in _MUTUAL.finditer(text)]


def _described(actor: str, sentence: str) -> bool:
    """Whether `sentence` gives `actor` after "the" and with a role word last ("The South
    Carolina Republican argued…"): a description of someone, not a name to check."""
    last = WORD.findall(actor)[-1:] or [""]
    return norm(last[0]) in ROLE_WORDS and (
        re.search(rf"\b[Tt]he\s+{re.escape(actor)}", sentence) is not None
    )


def _leader_of(place: str, person: str, evidence: str) -> bool:
    """Whether `evidence` describes `person` by another form of the `place` a summary gives the
    act to ("Chinese President Xi Jinping chose…" for "China has displaced…"): a country acts
    through its leaders. The same word ("Clinton's husband, Bill Clinton") is no such form."""
    at = evidence.find(person) if person else -1
    if at <= 0 or " " in place.strip():
        return False
    forms = NameForms([place])
    described = WORD.findall(evidence, max(at - DESCRIPTION_SPAN, 0), at)
    return any(w[0].isupper() and norm(w) != norm(place) and forms.knows(w) for w in described)


def _outlet(sentence: str, name: str) -> bool:
    """Whether `sentence` writes `name` after "the", perhaps with a number between, as news
    names an outlet, a body or a law ("…, the AP reports", "the 13th Amendment"), never a
    person."""
    return re.search(rf"\b[Tt]he\s+(?:\d\w*\s+)?{re.escape(name)}\b", sentence) is not None


def _told_by_role(sentence: str, credited: str, evidence: str) -> bool:
    """Whether `sentence` ends by giving itself to someone named by a role ("…, his business
    manager says") that its `evidence` gives the `credited` person ("Carson's business
    manager, Armstrong Williams, stated…"): the one it credits is its own source."""
    cue = _ROLE_CUE.search(sentence)
    return (
        cue is not None
        and doers.says(cue.group(2))
        and _described_as(evidence, credited, cue.group(1))
    )


def _participle_of(clause: str) -> bool:
    """Whether `clause` opens with a participle ("commending Trump for…"): it goes on with
    the act of the sentence's own subject, who holds it."""
    first = clause.split(maxsplit=1)[0] if clause.strip() else ""
    return first.endswith("ing") and "VERB" in lemminflect.getAllLemmas(first)


def _role_doer(evidence: str) -> str | None:
    """The role that opens `evidence` as its doer ("The dean of the law school has
    published…" gives "dean"), if it opens so."""
    opening = _ROLE_OPENING.match(evidence)
    return opening.group(1).lower() if opening and opening.group(1).lower() in ROLE_WORDS else None


def _described_as(text: str, name: str, role: str) -> bool:
    """Whether `text` gives the person `name` the `role`, next to the name: "business manager,
    Armstrong Williams", "Armstrong Williams, his business manager", "Ana Ruiz, dean of…"."""
    role = re.escape(role).replace(r"\ ", r"\s+")
    surname = re.escape(name.split()[-1])
    determiner = r"(?:(?:the|an?|his|her|their|its)\s+)?"
    before = rf"\b{role}\b[,\s]+(?:[A-Z][\w’'.-]*\s+)*{surname}\b"  # "manager, Ana Ruiz"
    after = rf"\b{surname}\b,?\s+{determiner}{role}\b"  # "Ana Ruiz, her manager"
    return re.search(f"{before}|{after}", text, re.IGNORECASE) is not None


def _main(headline: str) -> str:
    """A headline's main clause: "Ted Cruz endorses Trump, who says…" is about Cruz, and
    "Sanders vows to stay in the race as Democrats fear a split" about Sanders."""
    main = _CLAUSE.split(headline, maxsplit=1)[0]
    return _HEADLINE_CLAUSE.split(main, maxsplit=1)[0]


def _own_clause(sentence: str, verb_end: int) -> str:
    """The words of `sentence` that tell its doer's act: up to a relative or subordinate
    clause after the verb ("Hale testifies Thursday before the board, whose chairman wants…"
    is about Hale's testimony, not the chairman's wish; "…, after Becker did so" too)."""
    later = _LATER_CLAUSE.search(sentence, max(verb_end, 0))
    return sentence[: later.start()] if later else sentence


class Evidence:
    """The sentences of a story's articles, ready to support what a model wrote about them."""

    def __init__(
        self, articles: Sequence[tuple[str, Sequence[Quote]]], titles: Sequence[str] = ()
    ) -> None:
        self.passages: list[Passage] = []
        self.words: list[set[str]] = []
        self.firsts: set[int] = set()  # the index of each article's first sentence
        # a column's author, named in its last line or in a title that labels its words
        self.authors: list[frozenset[str]] = []
        for text, quotes in articles:
            first = len(self.passages)
            overlapping = _Overlaps(quotes)
            for start, end in sentence_spans(text):
                span = text[start:end]
                body = " ".join(span.split())
                inside = overlapping(start, end)
                speakers = tuple(q.speaker for q in inside if q.speaker)
                words_start = start + len(span) - len(span.lstrip(_MARKS))  # inside its marks
                words_end = start + len(span.rstrip(_MARKS))
                quoted = any(q.start <= words_start and words_end <= q.end for q in inside)
                unsigned = not speakers and bool(inside)
                self.passages.append(
                    Passage(
                        len(self.passages),
                        body,
                        frozenset(_names(body)),
                        speakers,
                        quoted,
                        unsigned,
                    )
                )
                self.words.append(_content(body))
            self.firsts.add(first)
            _sign_letters(self.passages[first:])
            closing = self.passages[max(first + 1, len(self.passages) - AUTHOR_LINES) :]
            if byline := next(filter(None, (_AUTHOR_LINE.match(p.text) for p in closing)), None):
                self.authors.append(
                    frozenset(name_words(byline.group(1) or byline.group(2)) - TITLES)
                )
        self.given: dict[str, set[str]] = {}  # surname: the first names used with it
        self._in_full: dict[str, dict[str, str]] = {}  # surname: first name: "Elizabeth Warren"
        named_first: dict[str, str] = {}  # surname: the first name it is first given with
        for passage in self.passages:
            for found in _FULL_NAME.finditer(passage.text):
                first, last, more = found.groups()
                if (more and norm(last) in TITLES) or _inside_name(passage.text, found.start()):
                    continue
                if first.lower() not in TITLES | LEADING_WORDS | ROLE_WORDS:  # not "Actor"
                    self.given.setdefault(norm(last), set()).add(first.lower())
                    named_first.setdefault(norm(last), first.lower())
                    self._in_full.setdefault(norm(last), {}).setdefault(
                        first.lower(), f"{first} {doers.POSSESSIVE.sub('', last)}"
                    )
        # a surname alone, where several people share it, is the one named first: news names
        # a family's main person by surname and the others in full ("Eric Trump")
        self.bare = {s: named_first[s] for s, firsts in self.given.items() if len(firsts) > 1}
        named = {norm(w) for p in self.passages for w in WORD.findall(p.text)[1:] if w[0].isupper()}
        for passage in self.passages:
            passage.surnames = self.given.keys()
            passage.named = named
            alone = passage.names & self.bare.keys()
            for surname in alone:
                if not passage.names & self.given[surname]:
                    passage.names |= self._meant_by(passage.text, surname)
        self.past = {w for text, _ in articles for w in _PAST.findall(text)}  # "restored"
        self.honoured = {norm(w) for text, _ in articles for w in _HONOURED.findall(text)}
        self.common = {w for text, _ in articles for w in _LOWER.findall(text)}
        self.speakers = frozenset(
            norm(w) for _, quotes in articles for q in quotes for w in WORD.findall(q.speaker or "")
        )
        self.title_doers = [doers.title_doers(title, self.given) for title in titles]
        # "Ana Ruiz: The levy is a mistake", its text naming no Ruiz: her column, her words
        named = {w for p in self.passages for w in p.names}
        self.authors += [
            frozenset(said)
            for title in titles
            if (said := doers.title_speaker(title)) and said[-1] not in named
        ]
        self.title_names = frozenset(w for title in titles for w in _names(title))
        counts = Counter(w for words in self.words for w in words)
        n = len(self.words) or 1
        self.weight = {w: math.log(1 + n / c) for w, c in counts.items()}
        self._turns_of: dict[tuple[frozenset[str], str], list[list[Passage]]] = {}

    def support(
        self,
        sentence: str,
        leave_out: AbstractSet[str] = frozenset(),
        share: float = EVIDENCE_SHARE,
    ) -> list[Passage]:
        """The article sentences that best support `sentence`, best first, those within `share`
        of the best one (none when it shares no word with the articles)."""
        wanted = _content(sentence) - leave_out
        scored = [(self._weight_of(wanted & words), i) for i, words in enumerate(self.words)]
        scored = [(score, i) for score, i in scored if score > 0]
        if not scored:
            return []
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        best = scored[0][0]
        return [self.passages[i] for score, i in scored[:MAX_PASSAGES] if score >= share * best]

    def _tells_no_act(
        self, wanted: set[str], sentence: str, read: doers.Doing, passages: list[Passage]
    ) -> bool:
        """Whether `passages` (at least one), aligned on `sentence`'s words `wanted`, tell
        nothing of its act: the best shares with it only its verb ("Cruz won none" is not told
        by "Sanders won many counties"), or, for speech, each shares only the names it gives
        after its verb ("Becker said Hale belongs behind bars" aligned by "Hale" finds what the
        article says of Hale, not Becker's words)."""
        if not passages:
            return False
        if wanted & self.words[passages[0].index] <= _content(read.verb):
            return True
        named = " ".join(w for w in sentence[read.end :].split() if w[:1].isupper())
        spoken_of = _content(named)
        return doers.says(read.verb) and all(
            wanted & self.words[p.index] <= spoken_of for p in passages
        )

    def _passive_titled(self, required: AbstractSet[str], passages: Sequence[Passage]) -> bool:
        """Whether the best evidence tells what was done to the person it opens with, in the
        passive with no one doing it ("Lewandowski was dismissed on Monday…"), and an
        article's title names the person (`required`): "Trump's Firing Of Campaign Manager"
        names who dismissed him."""
        return (
            bool(passages)
            and passages[0].actor is None
            and bool(passages[0].subject - LEADING_WORDS)
            and _AGENTLESS.search(passages[0].text) is not None
            and required <= self.title_names
        )

    def _acts_anywhere(self, required: AbstractSet[str]) -> bool:
        """Whether the person (`required`) speaks or acts in any article sentence."""
        return any(required <= self.acting(p) or required <= p.spoken for p in self.passages)

    def _acted_first(
        self,
        required: AbstractSet[str],
        verb: str,
        sentence: str,
        leave_out: AbstractSet[str],
        describing: AbstractSet[str] = frozenset(),
    ) -> list[Passage]:
        """`support`'s evidence for `sentence`, led by the person's (`required`) turn when it
        shares as much with it as the best sentence does (`_best_turn`), or else by a sentence
        within DOER_SHARE of the best one where they do the sentence's own `verb` (`_does`),
        when the best one names no one doing it: of sentences that align about as well, the
        one whose doer matches (one that has another do it stays the evidence). The words
        `describing` the person ("Former Wisconsin Gov.") align no evidence of the act; they
        count for the person's own turn, when that turn shares a word of the act too."""
        passages = self.support(sentence, leave_out | describing)
        if not verb or not passages or self._does(required, verb, passages[0]):
            return passages
        wanted = _content(sentence) - leave_out - describing
        turn = self._best_turn(required, verb, wanted | describing)
        acts = self._best_turn(required, verb, wanted)
        if turn and acts and acts[0] > 0 and turn[0] >= self._score(wanted, passages[0]):
            return [turn[1], *(p for p in passages if p is not turn[1])]
        if self._other_doer(required, verb, passages[:1]) is not None:
            return passages
        wider = self.support(sentence, leave_out, DOER_SHARE)
        acted = [p for p in wider if self._does(required, verb, p)]
        return [*acted[:1], *(p for p in passages if p not in acted[:1])]

    def _act_of_another(
        self, required: AbstractSet[str], verb: str, act: str
    ) -> tuple[str, Passage] | None:
        """Another person whom the article credits with the act itself (the words after the
        verb, without those that describe the doer), where it tells that act ACT_MARGIN times
        better than anything the person (`required`) says or does."""
        wanted = _content(act)
        best = self.support(act)[:1]
        other = self._other_doer(required, verb, best) if best else None
        if other is None or not self._named_in_full(other[0]):
            return None  # no one the article names in full: a group, a body, a misreading
        if required <= best[0].names | best[0].spoken:
            return None  # the person is there too, perhaps as the one who says it
        turn = self._best_turn(required, verb, wanted)
        mine = turn[0] if turn else 0.0
        return other if self._score(wanted, best[0]) >= ACT_MARGIN * mine else None

    def _weight_of(self, words: AbstractSet[str]) -> float:
        """The summed rarity of `words`, the same in any set order (`math.fsum`)."""
        return math.fsum(self.weight[w] for w in words)

    def _score(self, wanted: AbstractSet[str], passage: Passage) -> float:
        return self._weight_of(wanted & self.words[passage.index])

    def _turns(self, required: frozenset[str], verb: str) -> list[list[Passage]]:
        """The person's turns (`_best_turn`), read once per person and verb: a sentence's
        check asks for them more than once."""
        key = (required, verb)
        if key not in self._turns_of:
            runs: list[list[Passage]] = []
            for passage in self.passages:
                if not (self._does(required, verb, passage) or required <= passage.spoken):
                    continue
                joined = runs and passage.index not in self.firsts
                if joined and runs[-1][-1].index == passage.index - 1:
                    runs[-1].append(passage)
                else:
                    runs.append([passage])
            self._turns_of[key] = runs
        return self._turns_of[key]

    def _best_turn(
        self, required: AbstractSet[str], verb: str, wanted: AbstractSet[str]
    ) -> tuple[float, Passage] | None:
        """The person's (`required`) turn that shares the most of `wanted`, scored as a whole,
        with its sentence that shares the most: a turn is a run of sentences in which they do
        `verb` or speak ("Hester said parents want… “Nobody wants… What parents want is…”"),
        which a summary sums up in one sentence."""
        best: tuple[float, Passage] | None = None
        for run in self._turns(frozenset(required), verb):
            shared = wanted & set().union(*(self.words[p.index] for p in run))
            score = self._weight_of(shared)
            if best is None or score > best[0]:
                best = (score, max(run, key=lambda p: (self._score(wanted, p), -p.index)))
        return best

    def credited(self, passage: Passage) -> frozenset[str]:
        """Who `passage` credits: the names in it, its quotes' speakers, the sentence before's
        names when "he" or "she" is its doer; when it names no one as the doer or speaker ("A
        judge has rejected…") or has one named by a role act in a clause ("…, outlasting a
        challenger who raised…"), also the doers, speakers and opening names of the ROLE_WINDOW
        sentences after it, where news writing names whom it introduced by a role or a group
        ("Judge Ann Lee wrote…", "Canova became…", "Pelosi is among those…"). An item of a list
        is credited to whom the list's opening line has speak ("Ruiz argued that:"), not to
        those after it."""
        credited = (passage.names - passage.bystanders) | passage.spoken
        if passage.actor:  # "Trump went after Clinton for following Obama's refusal"
            credited -= passage.possessors - name_words(passage.actor)
        if introduced := self._introduced_by(passage):
            return credited | name_words(introduced.actor or "", *introduced.speakers)
        window = self.passages[passage.index + 1 : passage.index + 1 + ROLE_WINDOW]
        role = _ROLE_LED.match(passage.text)
        if (passage.pronoun_led or (role and role.group(1) == "The")) and (
            passage.index not in self.firsts
        ):  # "he", "the senator": whom the sentence before names
            credited |= self._antecedent(passage).names
        if (passage.actor is None and not passage.speakers) or doers.role_doer(passage.text):
            for after in window:
                credited |= name_words(after.actor or "", *after.speakers) | after.subject
            if role:  # "A federal judge…" is "…, in which Judge Ann Lee cited…"
                titled = _titled_by(role.group(2).lower())
                credited |= name_words(
                    *(m.group(1) for p in window for m in titled.finditer(p.text))
                )
        return credited

    def _antecedent(self, passage: Passage) -> Passage:
        """The sentence before `passage` that names whom its opening "he" or "she" means:
        the one before, or, past sentences that open with a pronoun too ("He said… In 2008,
        he wanted… In 2010, he warned…"), the nearest of PRONOUN_REACH that does not."""
        first = max(f for f in self.firsts if f <= passage.index)
        index = passage.index - 1
        while (
            index > first
            and passage.index - index < PRONOUN_REACH
            and self.passages[index].pronoun_led
        ):
            index -= 1
        return self.passages[index]

    def _introduced_by(self, passage: Passage) -> Passage | None:
        """The sentence that introduces `passage` as one of a list ("Ruiz argued that:"): of
        the LIST_REACH sentences before it in its article, the nearest that ends with a
        colon, when someone speaks or acts in it ("The Latest on the race:" heads no one's
        list)."""
        first = max(f for f in self.firsts if f <= passage.index)
        reach = self.passages[max(first, passage.index - LIST_REACH) : passage.index]
        opening = next((before for before in reversed(reach) if before.text.endswith(":")), None)
        return opening if opening and (opening.actor or opening.speakers) else None

    def acting(self, passage: Passage) -> set[str]:
        """The words of the names of whoever speaks or acts in `passage`: its doer (each of
        its clauses' doer) and its quotes' speakers; for "he" or "she", the sentence before's;
        for a doer named by a role ("The head of the union…"), those of the ROLE_WINDOW
        sentences after it."""
        acting = name_words(passage.actor or "", *passage.clause_doers, *passage.speakers)
        acting |= passage.subject | name_words(*_LED_BY.findall(passage.text))
        if passage.pronoun_led and passage.index not in self.firsts:
            before = self._antecedent(passage)
            acting |= name_words(before.actor or "", *before.speakers)
        elif passage.actor is None and not passage.speakers:
            window = self.passages[passage.index + 1 : passage.index + 1 + ROLE_WINDOW]
            acting |= name_words(*(name for p in window for name in (p.actor or "", *p.speakers)))
        return acting

    def heads(self, required: AbstractSet[str], passages: Sequence[Passage], verb: str) -> bool:
        """Whether the person (`required`, their name's words) is the one who speaks or acts
        in an article's title or lede, or in one of `passages` (a headline's evidence), or
        does the headline's own `verb` there ("Obama nominated…" for "Obama nominates…")."""
        leads = [self.passages[i] for i in sorted(self.firsts) if i < len(self.passages)]
        titled = (words for by_verb in self.title_doers for words in by_verb.values())
        return any(required <= words for words in titled) or any(
            required <= self.acting(p) or (verb and self._does(required, verb, p))
            for p in [*leads, *passages]
        )

    def misattributions(self, text: str, headline: bool = False) -> list[Misattribution]:
        """Each sentence of `text` (a `headline` or not) that credits a named person with words
        or an act that its evidence credits to someone else."""
        if not self.passages:
            return []
        clauses = [clause for whole in sentences(text) for clause in doers.clauses(whole)]
        found = [m for clause in clauses if (m := self._misattributed(clause, headline))]
        told = {m.sentence for m in found}
        for before, clause in zip(["", *clauses], clauses, strict=False):
            if clause in told:
                continue
            said = _said_from(clause)  # what is told after it is the speaker's, not an act
            acts = [(*act, False) for act in _WHO.findall(clause, 0, said)]  # ", who accused…"
            acts += [(*act, False) for act in _WHOM.findall(clause, 0, said)]
            # what ", which Ruiz says…" is about is in the clause before: only another's
            # words or act tell against it, not evidence that names no one
            acts += [(*m.groups(), True) for m in _WHICH.finditer(clause) if m.start() < said]
            for name, act, another in acts:
                m = self._misattributed(f"{name} {act}", False)
                if m and m.actor in name and (m.credited or not another):
                    found.append(Misattribution(clause, m.actor, m.credited, m.evidence))
                    break
            else:
                if found_too := (
                    self._misasked(clause)
                    or self._noun_act_of_another(clause)
                    or self._later_act_of_another(clause, before)
                ):
                    found.append(found_too)
        openings = [opening[1] for clause in clauses if (opening := doers.opening_clause(clause))]
        found += [m for clause in openings if (m := self._misattributed(clause, headline))]
        if headline:  # "Trump defends his praise as Sanders questions his honesty": an act
            # of its own, wrong where the article gives it to another (a headline's later
            # clause sums up, and need not be told as it is)
            later = [part for clause in clauses for part in _HEADLINE_CLAUSE.split(clause)[1:]]
            found += [m for part in later if (m := self._misattributed(part, True)) and m.credited]
        return [replace(m, credited=self._in_full_name(m.credited)) for m in found]

    def _teller(
        self,
        required: AbstractSet[str],
        verb: str,
        act: AbstractSet[str],
        passages: Sequence[Passage],
        crediting: Sequence[Passage],
    ) -> Passage | None:
        """Of the evidence (`passages`), the sentence of another named person that tells the
        `act` (the words after `verb`) best, when those that credit the person (`required`,
        `crediting`) tell less than ACT_SHARE of it: they align by the words that describe
        the person (an introduction, a turn about something else). None when the person's own
        tell enough or have them do the act's own verb, not one of saying ("Hale promised a
        pier"), when no one named tells it, when the act is about that one ("…hosts like
        King"), or when fewer than MIN_TOLD words align it."""
        tells = {p.index: self._weight_of(act & self.words[p.index]) for p in passages}
        teller = max(passages, key=lambda p: tells[p.index])
        if any(
            tells[p.index] >= ACT_SHARE * tells[teller.index]
            or (not doers.says(verb) and self._does(required, verb, p))
            for p in crediting
        ):
            return None
        other = self._another_named(required, teller)
        if other is None or _content(other) & act:
            return None
        return teller if len(act & self.words[teller.index]) >= MIN_TOLD else None

    def _another_named(self, required: AbstractSet[str], passage: Passage) -> str | None:
        """`passage`'s speaker or doer when it is a person the articles name in full and not
        the person `required` names (not a body, a group or a misreading), else None."""
        named = next(iter(passage.speakers), passage.actor or "")
        if (
            not named
            or is_org(named)
            or self._plural(named)
            or required <= name_words(named)
            or not self._named_in_full(named)
        ):
            return None
        return named

    def _named_in_full(self, name: str) -> bool:
        """Whether the articles give `name`'s surname with a first name somewhere: a person
        they name, not a body, a group or a misreading."""
        return bool(self._required(name) & self.given.keys())

    def _in_full_name(self, name: str) -> str:
        """A surname alone as the articles give it in full ("Warren" is "Elizabeth Warren"),
        for a retry that names whom they credit: the one person of that surname, or the one
        it means alone where several share it (`bare`); any other name as it is."""
        surname = norm(name)
        if " " in name or surname not in self.given or self._plural(name):
            return name
        firsts = self.given[surname]
        first = next(iter(firsts)) if len(firsts) == 1 else self.bare[surname]
        if not _first_name(first):  # "Team Trump"
            return name
        return self._in_full[surname].get(first, name)

    def _later_act_of_another(self, clause: str, before: str) -> Misattribution | None:
        """A later act of a doer's run ("Trump met…, praised…, and noted that migration
        peaked") that the article credits to another person named in full, each act read
        with the doer of its clause, or of the clause `before` for a clause that opens with
        its verb ("…, and noted that…")."""
        if not _NEXT_ACT.search(f", {clause}"):
            return None  # (most clauses: no act to read)
        read = doers.doing(clause, frozenset(), self.given, by_form=True)
        if read.name and read.verb:
            name, marks = read.name, list(_NEXT_ACT.finditer(clause, read.end))
            ends = [mark.start() for mark in marks[1:]] + [len(clause)]
            spans = [(mark.start(1), end) for mark, end in zip(marks, ends, strict=False)]
        elif before and _NEXT_ACT.match(f", {clause}"):
            name = doers.doing(before, frozenset(), self.given, by_form=True).name
            spans = [(0, len(clause))]
        else:
            return None
        for start, end in spans if name else ():
            found = self._misattributed(f"{name} {clause[start:end]}", False)
            if found and self._another_person(found):
                return Misattribution(clause, found.actor, found.credited, found.evidence)
        return None

    def _another_person(self, found: Misattribution) -> bool:
        """Whether `found` credits a person of another surname than its doer's (not a group,
        not an organisation, not the doer's name misread: "Continued Stone")."""
        credited = found.credited
        if not credited or is_org(credited) or self._plural(credited):
            return False
        return self._required(credited).isdisjoint(self._required(found.actor))

    @cached_property
    def _noun_acts(self) -> dict[str, list[tuple[str, Passage]]]:
        """The acts the article tells as nouns with whose they are ("Bill Clinton's rallies",
        "criticism … by James Comey"), by the noun's stem: the name and the passage."""
        found: dict[str, list[tuple[str, Passage]]] = defaultdict(list)
        for passage in self.passages:
            for noun, name in _noun_acts(passage.text):
                found[_stem(noun)].append((name, passage))
        return found

    def _noun_act_of_another(self, clause: str) -> Misattribution | None:
        """A clause that gives an act told as a noun to a person ("Rallies by Barack Obama",
        "Obama's criticism of…") where the article gives that act, as a noun, to another
        person it names in full ("Bill Clinton's rallies") and has no sentence that tells it
        with this person named (any word of their name: "Melania" for Melania Trump)."""
        for noun, name in _noun_acts(clause):
            required = self._required(name)
            stem = _stem(noun)
            if not required & self.given.keys() or stem in _STOP:
                continue
            others = [
                (other, passage)
                for other, passage in self._noun_acts.get(stem, [])
                if self._named_in_full(other) and not self._same_person(required, other)
            ]
            if others and not any(
                stem in self.words[p.index] and required & p.names for p in self.passages
            ):
                return Misattribution(clause, name, others[0][0], others[0][1].text)
        return None

    def _misasked(self, clause: str) -> Misattribution | None:
        """For a clause that opens "Asked by Ana Ruiz about the toll, Ortiz said…": whether
        the question is one the evidence credits to someone other than Ruiz (and other than
        Ortiz, whom an article may tell "Ortiz told Ruiz…")."""
        opening = _ASKED_BY.match(clause)
        if opening is None:
            return None
        verb, about, name = opening.groups()
        answer = doers.doing(clause, frozenset(), self.given, by_form=True)
        rest = clause[opening.end() : answer.end if answer.name else len(clause)]
        found = self._misattributed(f"{name} {verb.lower()}{about}{rest}", False)
        if not found or found.actor not in name or not found.credited:
            return None
        if answer.name and self._same_person(self._required(answer.name), found.credited):
            return None
        return Misattribution(clause, found.actor, found.credited, found.evidence)

    def restatements(self, text: str) -> list[Restatement]:
        """Each sentence of `text` that names no one who says or does it and whose evidence
        shares its words mostly inside a quotation: it states a speaker's claim as fact ("The
        breaks do nothing for the economy." where 'Ana Ruiz said the breaks “do nothing to
        boost the economy.”'). The evidence is the best sentence, and the best one by the
        words that are no names ("Yet it is Ruiz, not Ortiz, who…" aligns by its names with
        a sentence that only tells of the two)."""
        found = []
        for sentence in self._unattributed(text):
            names = _content(" ".join(_CAPITALISED.findall(sentence)))
            for leave_out in (frozenset(), names):  # the second only when the first tells none
                best = self.support(sentence, leave_out)[:1]
                if best and (restatement := self._restated(sentence, best[0])):
                    found.append(restatement)
                    break
        return found

    def _restated(self, sentence: str, best: Passage) -> Restatement | None:
        """`sentence` as a restatement of the quoted words in `best`, its evidence: when what
        they share is mostly words of the quotation's (RESTATED_SHARE, MIN_RESTATED)."""
        if best.speakers:
            speaker = best.speakers[0]
            if best.quoted:
                inside, outside = best.text, ""
            elif (cue := _TRAILING_CUE.search(best.text)) and doers.says(cue.group(1)):
                inside, outside = best.text[: cue.start()], ""
            else:
                inside, outside = doers.quoted(best.text)
        elif (said := _said_from(best.text)) < len(best.text):  # "Ruiz said the plan…"
            speaker = doers.doing(best.text).name or ""
            if is_org(speaker):
                return None  # "The Action Network says it will spend…": its own plans
            later = _REPORT_END.search(best.text, said)  # "…, and to date she has…"
            end = later.start() if later else len(best.text)
            inside, outside = best.text[said:end], best.text[:said] + best.text[end:]
        elif best.unsigned:  # "…,” said one Trump confidant: words, though no one's named
            speaker = ""
            inside, outside = (best.text, "") if best.quoted else doers.quoted(best.text)
        else:
            return None
        if (document := _document_subject(sentence)) and _content(document) <= _content(outside):
            return None  # "The resolution denounces…" where "the resolution said …": its words
        shared = _content(sentence) & self.words[best.index]
        named = _content(" ".join(_CAPITALISED.findall(inside)))
        claimed = shared & _content(inside) - _content(outside) - named
        claimed = {w for w in claimed if not _FIGURE.fullmatch(w)}  # "43 percent" is a fact
        if len(claimed) >= MIN_RESTATED and self._weight_of(claimed) >= (
            RESTATED_SHARE * self._weight_of(shared)
        ):
            return Restatement(sentence, speaker, best.text)
        return None

    def _holds(self, text: str) -> bool:
        """`_attributed`, with the articles' surnames and common words."""
        return _attributed(text, self.given, self.common)

    def _unattributed(self, text: str) -> list[str]:
        """The sentences of `text` that say no one holds what they tell (`_attributed`), and
        the clauses of the others that do not: the first, when a later one names the speaker
        ("Her agenda reaches the limit, and Clinton said…"), and later ones that open with a
        subject of their own ("She stressed the term's weight, and the violence is a
        deliberate effort…", "…, and doubters keep misjudging him") or describe what comes
        before them ("Trump, whose speech was coarse, hit back…")."""
        found = []
        for sentence in sentences(text):
            if not self._holds(sentence):
                found.append(sentence)
            else:
                first, *later = doers.clauses(sentence)
                if later and not self._holds(first):
                    found.append(first)
                found += [
                    clause
                    for clause in later
                    if (_DETERMINED.match(clause) or clause[:1].islower())
                    and not self._holds(clause)
                    and not _participle_of(clause)  # "…, while commending Trump for…": theirs
                ]
            said = _said_from(sentence)  # a clause in reported words is the speaker's claim
            found += [
                clause.group(1)
                for clause in _RELATIVE.finditer(sentence, 0, said)
                if not self._holds(clause.group(1))
            ]
        return found

    def _only_after_the(self, name: str) -> bool:
        """Whether the articles write `name` after "the" wherever they give it ("The Upshot"):
        an outlet, a body or a section, never a person."""
        pattern = re.compile(rf"(\b[Tt]he\s+)?\b{re.escape(name)}\b")
        found = [m for p in self.passages for m in pattern.finditer(p.text)]
        return bool(found) and all(m.group(1) for m in found)

    def _required(self, actor: str) -> set[str]:
        """The words of `actor`'s name that the evidence must give: the surname (before a
        "Jr." or "III"; of a name of three words, the middle one where the article gives it
        after "Mr." or "Ms."), and the first names too (not initials) where the article has
        several people of that surname."""
        tokens = [
            norm(w) for w in WORD.findall(actor) if norm(w) not in TITLES or norm(w) in self.given
        ]
        while len(tokens) > 1 and tokens[-1].rstrip(".") in _SUFFIXES:
            tokens.pop()  # "Brent Bozell III", "Sam Hale Jr.": the surname comes before
        if not tokens:
            return set()
        # "Melba Acosta Febo", whom the article calls "Ms. Acosta", not "Ms. Febo"; and so
        # "Mr. Acosta Febo" is Mr. Acosta
        honoured = self.honoured
        given_too = len(tokens) > 2 or (len(tokens) == 2 and _HONOURED.match(actor))
        cut = -2 if given_too and tokens[-2] in honoured and tokens[-1] not in honoured else -1
        # not "J." of "Donald J." as a first name
        surname, given = tokens[cut], {t for t in tokens[:cut] if len(t) > 1}
        return {surname} | (given if len(self.given.get(surname, ())) > 1 else set())

    def _misattributed(self, sentence: str, headline: bool) -> Misattribution | None:
        """`_misread`, but not for an organisation's act the evidence tells of no one ("The
        Senate confirmed…" where "he was confirmed") or of another body ("the U.S. said…"
        where "the White House announced…"), nor for a seat of power's act the evidence gives
        a person, who may act for it ("The White House widened…" where "Obama ordered…"): the
        check is for people given another's acts."""
        found = self._misread(sentence, headline)
        if found is None:
            return None
        if (role := _role_doer(found.evidence)) and self._in_role(sentence, found.actor, role):
            return None  # "Ana Ruiz, dean of…, told…" where "The dean of … published…"
        if found.credited and is_org(found.credited):  # a body's act given to another body
            return None if is_org(found.actor) else found  # ("the U.S." for "the White House")
        if found.credited and _told_by_role(sentence, found.credited, found.evidence):
            return None
        if found.credited and self._asker(sentence, found.actor, found.credited):
            return None
        if not found.credited and (
            is_org(found.actor)
            or _outlet(sentence, found.actor)
            or self._only_after_the(found.actor)
        ):
            return None
        if _SEAT.search(found.actor) or _leader_of(found.actor, found.credited, found.evidence):
            return None
        return found

    def _in_role(self, sentence: str, actor: str, role: str) -> bool:
        """Whether `sentence` gives its `actor` the `role` and the articles do too ("Ana Ruiz,
        dean of the law school" where "Ana Ruiz, the dean, said…")."""
        return _described_as(sentence, actor, role) and any(
            _described_as(p.text, actor, role) for p in self.passages
        )

    def _misread(self, sentence: str, headline: bool) -> Misattribution | None:
        verbs = doers.headline_verbs(sentence, self.past) if headline else frozenset()
        read = doers.doing(sentence, verbs, self.given, by_form=True)
        actor = read.name if read.verb or headline else None
        if actor is None or self._plural(actor) or not (required := self._required(actor)):
            return None
        if sentence.startswith(actor) and actor.lower() in self.common:
            return None  # "Study says…": a common noun, capitalised only to open the sentence
        if _described(actor, sentence):
            return None  # "The South Carolina Republican argued…": someone named before
        if name_words(actor) <= _THE_PIECE:
            return None  # "Column argues…": the piece itself, whose words are its writer's
        if doers.speaks(read.verb) and any(required <= author for author in self.authors):
            return None  # a column's words are its author's
        if headline:  # its main clause's best evidence: "…, who says…" is another's act
            passages = self.support(_main(sentence), _titled_name(sentence, actor))[:1]
            told = self._headline_told(required, read.verb, sentence, actor, passages)
            if told >= 1:  # their own turn tells it as well as any sentence: theirs
                return None
            titled = self._titled(required, read.verb)
            other = None if titled else self._other_doer(required, read.verb, passages)
            if other is not None:
                return Misattribution(sentence, actor, other[0], other[1].text)
            if self.heads(required, passages, read.verb) or self._passive_titled(
                required, passages
            ):
                return None
            if doers.lemma(read.verb) in _OUTCOMES and passages and required <= passages[0].names:
                return None  # "Ruiz wins a seat" where "voters elected Ruiz"
            if told >= DOER_SHARE:  # "…, Woodward says": his words as a whole
                return None
            first = passages[0] if passages else self.passages[min(self.firsts)]
        else:
            own = _own_clause(sentence, read.end) if read.verb else sentence
            opening = doers.opening_clause(own)
            if opening and not name_words(opening[2]) & name_words(actor):
                # "When Clinton cited his votes, Sanders…": her act, checked on its own
                own = " " * opening[0] + own[opening[0] :]  # offsets kept for `read.end`
            leave_out = _titled_name(sentence, actor)
            describing = _describing(sentence, actor) - leave_out
            if doers.says(read.verb) and (
                other := self._act_of_another(required, read.verb, own[read.end :])
            ):
                return Misattribution(sentence, actor, other[0], other[1].text)
            passages = self._acted_first(required, read.verb, own, leave_out, describing)
            if self._tells_no_act(_content(own) - leave_out, own, read, passages):
                # the person must at least speak or act somewhere in the article
                if self._acts_anywhere(required):
                    return None
                if read.by_form:
                    return None
                return Misattribution(sentence, actor, "", passages[0].text)
            other = self._other_doer(required, read.verb, passages[:1]) if read.verb else None
            if other is None and read.verb and self._unsaid(passages[:1], read.verb):
                other = self._other_speaker(required, read.verb, passages[1:])
            if other is not None and not is_org(other[0]) and not self._plural(other[0]):
                return Misattribution(sentence, actor, other[0], other[1].text)
            if self._passive_titled(required, passages[:1]):
                return None
            if not passages:
                return None
            crediting = [
                p
                for p in passages
                if required <= self.credited(p) | name_words(*_partners(read.verb, p.text))
            ]
            first = passages[0]
            if crediting:
                act = _content(own[read.end :]) - leave_out
                teller = self._teller(required, read.verb, act, passages, crediting)
                if teller is None:
                    return None
                first = teller
        credited = next(iter(first.speakers), first.actor or "")
        if self._plural(credited):
            credited = ""
        if read.by_form and not credited:
            return None  # an act known by its form alone is checked against another's only
        if (
            (not credited or is_org(credited))
            and read.verb
            and self._told_in_turn(required, actor, read.verb, sentence, first)
        ):
            # their words, summed up: a fact told by no one, or by an outlet or a body that
            # reports it ("as POLITICO has reported, …"), aligns a little better
            return None
        return Misattribution(sentence, actor, credited, first.text)

    def _headline_told(
        self,
        required: AbstractSet[str],
        verb: str,
        headline: str,
        actor: str,
        passages: Sequence[Passage],
    ) -> float:
        """How much of what a headline has the person (`required`, written `actor`) say their
        own turn tells, as a share of its best evidence (`passages`, at most one); 0 for a
        verb that is not one of saying."""
        if not passages or not doers.says(verb):
            return 0.0
        wanted = _content(_main(headline)) - _titled_name(headline, actor)
        turn = self._best_turn(required, verb, wanted)
        best = self._score(wanted, passages[0])
        return turn[0] / best if turn and best else 0.0

    def _told_in_turn(
        self, required: AbstractSet[str], actor: str, verb: str, sentence: str, evidence: Passage
    ) -> bool:
        """Whether the person (`required`, written `actor`) who does `verb` in `sentence` tells
        its content in a turn of their own nearly as well (TURN_SHARE) as its best `evidence`,
        which credits no one: the summary sums up their words ("Fuller pointed to families
        moving away…" where he says so over three sentences), and a study or a fact the
        article tells aligns a little better."""
        wanted = _content(sentence) - _titled_name(sentence, actor)
        turn = self._best_turn(required, verb, wanted)
        return turn is not None and turn[0] >= TURN_SHARE * self._score(wanted, evidence)

    @staticmethod
    def _unsaid(passages: Sequence[Passage], verb: str) -> bool:
        """Whether `verb` tells speech and `passages` tell no one's: no verb of saying, no
        quotation (a sentence that merely names someone: "…women including Ana Ruiz")."""
        return doers.says(verb) and not any(p.speakers or p.doers_of(verb) for p in passages)

    def _other_speaker(
        self, required: AbstractSet[str], verb: str, passages: Sequence[Passage]
    ) -> tuple[str, Passage] | None:
        """For a sentence whose best evidence tells no speech: the other person who speaks
        in the next evidence sentence that tells any (`_other_doer`), None when the person
        (`required`) speaks in any of `passages`."""
        if any(self._does(required, verb, p) or required <= p.spoken for p in passages):
            return None
        speaking = [p for p in passages if p.speakers or p.doers_of(verb)]
        return self._other_doer(required, verb, speaking[:1])

    def _does(self, required: AbstractSet[str], verb: str, passage: Passage) -> bool:
        """Whether `passage` has the person (`required`) do `verb` (any verb of saying for
        one, a quotation alone is said by its speaker, and what it tells "according to" its
        source is the source's word)."""
        named = [name for name in passage.doers_of(verb) if name]
        if doers.says(verb):  # a quotation alone; what "according to" its source tells
            named += doers.sources(passage.text)
            if doers.own_words(passage.text):
                named += passage.speakers
        return any(self._same_person(required, name) for name in named)

    def _titled(self, required: AbstractSet[str], verb: str) -> bool:
        """Whether an article's title gives the person (`required`) the verb `verb` or one no
        list holds ("SNL has fun with…"); "Ana Ruiz: …" gives her words ("say")."""
        verbs = (doers.lemma(verb), "")
        return any(required <= by_verb.get(v, set()) for by_verb in self.title_doers for v in verbs)

    def _other_doer(
        self, required: AbstractSet[str], verb: str, passages: Sequence[Passage]
    ) -> tuple[str, Passage] | None:
        """Another person the evidence names as the doer of the sentence's own verb ("Ana
        Ruiz acknowledged…" for "Ben Ortiz acknowledged…"; any verb of saying for one: "…,"
        Ruiz added" for "Ortiz says…"), with the passage that says so;
        None when the evidence names none, leaves one unnamed ("she acknowledged"), or names
        the sentence's doer (`required`) as one, as the doer of a clause of its own ("Ruiz
        won the primary, and Ortiz took…") or as its source ("according to Ruiz")."""
        found = [(name, p) for p in passages for name in p.doers_of(verb)]
        if doers.says(verb):  # a quotation alone: its speaker said it
            found += [(name, p) for p in passages if doers.own_words(p.text) for name in p.speakers]
        named = [(name, p) for name, p in found if name]
        if not named or len(named) < len(found):
            return None
        acting = [n for p in passages for n in (*p.clause_doers, *doers.sources(p.text))]
        acting += [name for name, _ in named]
        acting += [name for p in passages for name in _partners(verb, p.text)]
        if any(self._same_person(required, name) for name in acting):
            return None
        return named[0]

    def _asker(self, sentence: str, actor: str, credited: str) -> bool:
        """Whether `sentence` opens by naming `credited` as the one who asked `actor` ("Asked
        by Ben Ortiz about the tax, Ruiz said…"): the evidence of his question is no other
        doer of her answer."""
        asked = _ASKED_BY.match(sentence, 0, max(sentence.find(actor), 0))
        return asked is not None and self._required(credited) <= name_words(asked.group(3))

    def _plural(self, name: str) -> bool:
        """Whether `name` is a group named by a plural, not a person (`_group`)."""
        return _group(name, self.given.keys(), self.common)

    def _same_person(self, required: AbstractSet[str], name: str) -> bool:
        """Whether `name` may be the person whose name's words are `required`: the same
        surname, and the same first name where both give one ("Cruz" is "Ted Cruz")."""
        other = self._required(name)
        if len(other) == 1 and (surname := next(iter(other))) in self.bare:
            other = {surname, self._by_honorific(name, surname) or self.bare[surname]}
        return bool(other) and (other <= required or required <= other)

    def _meant_by(self, text: str, surname: str) -> set[str]:
        """The first names of the people `text` means by `surname` alone, where several
        share it: those its honorifics fit ("Mrs. Clinton told voters that Mr. Clinton…"
        names Hillary and Bill), or else the one named first."""
        pattern = rf"\b(?:{doers.HONORIFICS})\s+{re.escape(surname)}\b"
        honoured = re.findall(pattern, text, re.IGNORECASE)
        fitting = {first for found in honoured if (first := self._by_honorific(found, surname))}
        return fitting or {self.bare[surname]}

    def _by_honorific(self, name: str, surname: str) -> str | None:
        """The first name of the one person of `surname` whom the honorific of `name` fits
        ("Mrs. Clinton" of Bill and Hillary Clinton is Hillary), if the names tell."""
        honorific = name.split()[0].lower()
        names = MALE_NAMES if honorific == "mr." else FEMALE_NAMES if honorific in _HERS else None
        fitting = [first for first in self.given[surname] if names and first in names]
        return fitting[0] if len(fitting) == 1 else None
