"""Who does what in a sentence: the named person it credits with speech or an act.

`actor` reads a sentence's doer: the name just before its first speech or act verb, titles
left out ("Gov. Ana Ruiz, who leads the state, said…" is Ana Ruiz), past a time ("Bob Ruiz on
Tuesday asked…"), a party label ("Ruiz (D-Ohio) said…") and an opening clause ("Asked by Ortiz,
Ruiz said…"), or after an inverted cue at its end ("…, Ruiz said."). Not a doer: a group
("Readers wrote…"), one of several joined by "and", a capitalised word inside a name ("the
Islamic State"). `clauses` splits a sentence into clauses that each have a doer of their own;
`doers_of` finds the doer of each use of one act (any verb of saying for one); `sources`
whom a sentence gives "according to"; `bystanders` the names given only as whom an act is
aimed at ("told Ana Ruiz", "a memo to Ruiz"; not "…, with Ruiz calling it…", her act);
`embedded_doers` who does an act told inside a noun phrase ("the toll Ruiz proposed");
`role_doer` whether a clause has someone named only by a role act ("a rival who raised…");
`title_doers` who speaks or acts in an article's title, by verb. Headlines tell past news
in the present tense: `HEADLINE_VERBS`, and `headline_verbs` adds the present forms of the
article's own verbs ("restores" where it says "restored"). A word that looks like a
participle opening a sentence ("Asked", "Nearly") is a name when the article gives it as a
surname ("Herring").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import lemminflect

from newsletter.digest.sentences import title_case
from newsletter.quotes.cues import CUE_FORMS, INVERTIBLE
from newsletter.quotes.lexicon import (
    COMMON_SUBJECTS,
    GIVEN_NAMES,
    GROUP_NOUNS,
    LEADING_WORDS,
    MONTHS,
    ROLE_WORDS,
    SUBORDINATORS,
    TITLE_WORDS,
    WEEKDAYS,
    words,
)
from newsletter.quotes.names import DAY_AFTER_RE

__all__ = [
    "HEADLINE_VERBS",
    "MAX_SUBJECT_WORDS",
    "TITLES",
    "WORD",
    "Doing",
    "actor",
    "bystanders",
    "clauses",
    "doers_of",
    "doing",
    "embedded_doers",
    "headline_verbs",
    "is_verb",
    "lemma",
    "name_words",
    "norm",
    "opening_clause",
    "own_words",
    "past_forms",
    "role_doer",
    "same_act",
    "says",
    "sources",
    "title_doers",
    "title_speaker",
]

MAX_SUBJECT_WORDS = 20  # a verb further into a sentence is not its main verb

WORD = re.compile(r"[A-Za-z][\w’'-]*")

TITLES = frozenset(t.rstrip(".") for t in TITLE_WORDS) | words(
    "former retired then late acting interim incoming outgoing ex top chief"
)

POSSESSIVE = re.compile(r"[’']s?$")
MAX_LEAD_WORDS = 6  # words between a verb or a preposition and the name it governs, at most

_ACT_VERBS = words(
    """voted decided changed chose called pointed rejected endorsed ruled signed invited
    launched filed sued fired hired ordered approved vetoed blocked banned released published
    sent gave made took won lost led met left ran went backed opposed supported refused
    agreed declined cancelled canceled raised cut spent paid bought sold proposed
    introduced passed found concluded rated checked cited compared accused blamed criticised
    criticized praised thanked attacked defended urged asked helped predicted"""
)

HEADLINE_VERBS = words(  # a headline tells past news in the present tense: "Flynn backs Trump"
    """says tells calls urges backs slams warns endorses rejects refuses questions responds
    declines criticises criticizes mocks praises accuses blames asks defends attacks thanks
    supports opposes vows denies admits claims insists votes decides chooses rules signs
    invites launches files sues fires hires orders approves vetoes blocks bans releases
    publishes sends gives wins loses meets proposes introduces announces unveils pledges
    promises concedes acknowledges apologizes apologises condemns denounces blasts hails
    dismisses disputes predicts demands threatens"""
)

_PRESENT = re.compile(r"[a-z]{2,}[^\Wsui]e?s")  # "restores", "touts"; not "press", "campus"

_PREPOSITIONS = words("at in on to of for from with by as into onto over after before about")


def past_forms(word: str) -> set[str]:
    """The forms the past tense of `word` may take if it is a verb in the present tense:
    "restores" restored, "pushes" pushed, "touts" touted, "denies" denied (empty for a word
    that is no such verb: "press", "campus")."""
    if not _PRESENT.fullmatch(word):
        return set()
    if word.endswith("ies"):
        return {word[:-3] + "ied"}
    return {word[:-2] + "ed", word[:-1] + "d"} if word.endswith("es") else {word[:-1] + "ed"}


def headline_verbs(headline: str, past: AbstractSet[str]) -> set[str]:
    """The words of `headline` read as its verbs: `HEADLINE_VERBS`, and a present-tense form
    ("restores") of a verb the article uses in the past tense (`past`: "restored") when an
    object follows it ("restores voting rights", not "dies at 94": what befell the subject
    credits no act)."""
    found = [w.group() for w in WORD.finditer(headline)]
    return set(HEADLINE_VERBS) | {
        word
        for word, after in itertools.pairwise(found)
        if past_forms(word) & past and after.lower() not in _PREPOSITIONS
    }


_BETWEEN = words("has had have also then later once first again")  # "Trump has also called"
_BE = words("is are was were")  # "Ana Ruiz is pressing…" (an act), "…was fired" (none of hers)
_HAVE = words("has have had")  # "Ana Ruiz has cast…": the word after is her act
_BODIES = words("campaign camp administration team office government")  # "Ruiz's campaign said"
_ADVERB = re.compile(r"[a-z]{3,}ly$")  # "Ana Ruiz quickly posted"
HONORIFICS = r"(?:Mrs?|Ms)\.|Miss"  # before a surname, they tell a man from a woman
_HONORIFIC = re.compile(rf"\b({HONORIFICS})\s+$")  # right before a name
# before a noun that a participle describes: "the first Muslim picked for…"
_DETERMINED_RUN = re.compile(r"\b(?:[Aa]n?|[Tt]he|first|last|only|second)\s+$")
_MODALS = words("could would should might must")  # past forms that tell no past act
_PAST_TENSE = re.compile(r"[a-z]{3,}ed$")  # any verb in the past tense right after a name
_CLAUSE_WORDS = words("who which whose")  # ", which was set up by…,": skipped however long
_CLAUSE_INSIDE = re.compile(r"\s(?:who|which|whose)\s")
MAX_APPOSITION = 130  # characters of an apposition skipped between a name and its verb
MAX_CLAUSE = 200  # …and of a relative clause

# days and months, in full and short ("taken Dec. 3 to Dec. 7, found…"): a date, never a doer
_CALENDAR = frozenset((*WEEKDAYS, *MONTHS, *(month[:3] for month in MONTHS), "sept"))

_OPENER = re.compile(r"^[A-Z][a-z]{2,}(?:ing|ed|ly)$")  # "Nearly", "Asked": not a name


def _surname_month(sentence: str, run: list[re.Match[str]], word: re.Match[str]) -> bool:
    """Whether a month's name after a given name is a family name ("Theresa May said"), not
    a date ("May 5")."""
    return (
        bool(run)
        and run[-1].group().lower() in GIVEN_NAMES
        and not DAY_AFTER_RE.match(sentence, word.end())
    )


def _opener(word: str) -> bool:
    """Whether a capitalised word that opens a sentence is an English participle or adverb
    ("Asked", "Speaking", "Nearly"), not a given name of that shape ("Kelly", "Ahmed",
    "Murshed")."""
    lower = word.lower()
    return (
        bool(_OPENER.match(word))
        and lower not in GIVEN_NAMES
        and bool(lemminflect.getAllLemmas(lower))
    )


_COORDINATE = re.compile(r",\s+(?:and|but|yet|while|whereas)\s+|;\s+")  # "…, and Ortiz…"
_SPLICED = re.compile(  # "Ruiz hailed it, Ortiz was silent": a name and its verb after a comma
    r",\s+(?=(?:[A-Z][\w’'.-]*\s+)+([a-z]+)\b)"
)

_JOINED = re.compile(  # "Cruz took Texas and Sanders won Vermont": a name and its verb after "and"
    r"\s+and\s+(?=(?:[A-Z][\w’'.-]*\s+)+([a-z]+)\b)"
)

_JOINING = re.compile(r"^and\s+")  # the "and" a joined clause opens with

_RELATIVE = re.compile(  # "…, a plan Ortiz called…": the name, then the word after it
    r",\s+(?=(?:a|an|the)\s+[a-z]+\s+(?:that\s+|which\s+)?(?:[A-Z][\w’'.-]*\s+)+([a-z]+))"
)

_NAME_PART = re.compile(r"(?:[A-Z][\w’'-]*|[A-Z]\.(?:[A-Z]\.)*|de|da|van|von|al|bin|la|le)$")

_TITLE_SPEAKER = re.compile(r"^((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*):\s")

_TITLE_SUBJECT = re.compile(r"^((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*)\s+[a-z]")

_QUOTED = re.compile(  # a quotation, or the end of one that began in a sentence before;
    # '' marks a quotation too, as in some papers' archives: ''…,'' said Ana Ruiz
    r'^[^“”"]*”|“[^”]*(?:”|$)|"[^"]*(?:"|$)|\'\'.*?(?:\'\'|$)'
)

_AFTER_QUOTE = re.compile(r"(?:[,”\"]|'')\s*$")  # a comma or a closing mark before a verb

_INVERTED_END = re.compile(  # a name that ends its clause after an inverted verb
    r"\s+(?:[A-Z][\w’'.-]*\s+){0,4}[A-Z][\w’'-]*(?:[.,;:]|\s+\(|\s+of\s|$)"
)

_AFTER_COMMA = re.compile(r",\s*$")  # a comma right before a participle: "…, saying"

_QUOTE_MARK = re.compile(r"(?<![A-Za-z])[\"“”‘’']|[\"“”‘’'](?![A-Za-z])")  # not an apostrophe

_WHEN = re.compile(  # a time between a doer and its verb: "Ana Ruiz on Tuesday asked…"
    r"(?:(?:on|last|this|next|earlier|later)\s+)?(?:(?:this|last|next)\s+)?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|weekend|month|year"
    r"|night|morning|afternoon|evening)(?:\s+(?:night|morning|afternoon|evening))?\b"
    r"|(?:yesterday|today|tonight|earlier)\b"
)

_LABEL = re.compile(r"\s*\([^()]{1,40}\)")  # a party label or a state after a name
# a name that a word before tells is not the doer: "Members of the caucus said", "A nurse in
# Dunmore said", "A spokesman for Ana Ruiz said", "Executives at parent company Mondelez say"
_PLACED = re.compile(  # …or a title: "an agent for President Ana Ruiz has written…"
    r"\b(?:of|in|at|from|for|near|outside)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}"
    r"(?:[A-Z][a-z]+\.?\s+){0,2}$"
)
_TITLE_OF = re.compile(r"\b([A-Za-z]+)\s+of\s+(?:[a-z]+\s+){1,2}$")  # "chief of staff Ana Ruiz"
_TITLE_ENDING = re.compile(r"\b(?:in\s+chief|at\s+large)\s+$")  # "editor in chief Ana Ruiz"


def _placed(sentence: str, name_start: int) -> bool:
    """Whether a word before the name at `name_start` tells it is no doer (`_PLACED`), which
    a title made with "of" does not ("chief of staff Ana Ruiz told…", "secretary of state
    Ben Ortiz said…"), nor one that ends "in chief" or "at large"."""
    if not _PLACED.search(sentence, 0, name_start) or _TITLE_ENDING.search(sentence, 0, name_start):
        return False
    title = _TITLE_OF.search(sentence, 0, name_start)
    return not (title and title.group(1).lower() in ROLE_WORDS and "the " not in title.group())


# where a person is from, between the name and its verb: "Ana Ruiz of the Harbor Institute"
_FROM = words("of at from")  # between a name and where the person works or lives
_AFFILIATION = re.compile(
    r"(?:of|at|from)\s+(?:the\s+)?(?:[a-z][\w-]*\s+)?[A-Z][\w’'.&-]*"  # "of the state Bar…"
    r"(?:\s+(?:(?:for|of|and|on|the)\s+)?[A-Z][\w’'.&-]*){0,6}"
)

_NO_NAME_FIRST = (
    LEADING_WORDS
    | GROUP_NOUNS
    | COMMON_SUBJECTS
    | words("nobody everybody somebody anybody everyone someone anyone none")
)  # words that, opening a run of capitalised words, are not a name: "Nobody", "Historians"
_MOSTLY_NOUNS = words("state states")  # "state representative Ana Ruiz", "the United States"

# "In an interview with the Post, Ruiz said…", "With Ruiz facing questions, Ortiz said…"
_PLACING = words("in at during on amid despite with without")

_INTRODUCTION = re.compile(r"[\"“‘(]*([A-Za-z]+)\b[^,]{0,160},\s+")  # "Asked by X, Y said…"

_INVERTED = re.compile(  # "…, Ruiz said." or "…, the Harbor Gazette reported."
    r",\s+(?:the\s+)?((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*)"
    r"\s+(said|says|wrote|writes|added|reported|reports)\W*$"
)

_COUNT_BEFORE = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d{1,3})\s+$")  # not a year

_AGE = re.compile(r",\s*\d{1,3},\s+")  # an age between a name and its verb

_AIMING = words("to with for against about toward towards at over")

_PARTICIPLE = re.compile(r"\s+[a-z]{2,}ing\b")  # "…, with Ana Ruiz calling it…": her act

_ROLE_CLAUSE = re.compile(  # "…, outlasting a challenger who raised…": a doer named later
    r"\b(?:a|an|the)\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*\s+who\s+[a-z]+"
)

_REDUCED_RELATIVE = re.compile(  # "the account Ana Ruiz retweeted was…": her act, no comma
    r"\b(?:[Tt]he|[Aa]n?)\s+(?:[\w’'.-]+\s+){0,2}?([a-z]+)\s+"
    r"((?:[A-Z][\w’'.-]*\s+)*[A-Z][\w’'-]*)\s+[a-z]{3,}ed\b"
)

_DESCRIBING = words("the a an his her their its our of")  # "to the head of state Ana Ruiz"

_CAPITALISED_RUN = re.compile(r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*")
ROLES = "|".join(sorted(r for r in ROLE_WORDS if r.isalpha()))  # "senator|strategist|…"
_DESCRIBED_NAME = re.compile(  # role words after a capitalised description, then the name
    rf"(?:\s+(?:{ROLES}))+\s+(?=[A-Z])"
)

_CLAUSE_START = re.compile(  # where a clause with a doer of its own may begin
    r"(?:^|;\s+|\b(?:that|when|while|because|after|before|but|whether|as)\s+)"
)

_IRREGULAR = {
    form: base
    for base, forms in {
        "say": "said says",
        "tell": "told tells",
        "write": "wrote writes written",
        "speak": "spoke speaks",
        "make": "made makes",
        "take": "took takes",
        "give": "gave gives",
        "win": "won wins",
        "lose": "lost loses",
        "lead": "led leads",
        "meet": "met meets",
        "leave": "left leaves",
        "send": "sent sends",
        "pay": "paid pays",
        "find": "found finds",
    }.items()
    for form in forms.split()
}

_INFLECTION = re.compile(r"(?:ies|ied|ing|ed|es|s|e)$")


def actor(
    sentence: str,
    verbs: AbstractSet[str] = frozenset(),
    surnames: AbstractSet[str] = frozenset(),
) -> str | None:
    """The named person a sentence credits with speech or an act, if it has one: the name
    just before the sentence's first verb, titles left out ("Gov. Ana Ruiz, who leads the
    state, said…" is Ana Ruiz), or after an inverted cue at its end ("…, Ruiz said."). A title
    word that is one of `surnames` is a name when no other name follows it ("Dean says…")."""
    return doing(sentence, verbs, surnames).name


@dataclass(frozen=True)
class Doing:
    """A sentence's doer as `actor` reads it (None when it is not named) and its verb."""

    name: str | None
    verb: str = ""  # "" when the sentence has no verb we know
    end: int = -1  # where the verb ends in the sentence
    by_form: bool = False  # the verb was known by its form alone ("faulted")


def doing(
    sentence: str,
    verbs: AbstractSet[str] = frozenset(),
    surnames: AbstractSet[str] = frozenset(),
    title_cased: bool | None = None,
    by_form: bool = False,
) -> Doing:
    """`actor`'s doer, with the verb it was read from. `title_cased` says whether the whole
    sentence is in title case, for a `sentence` cut from a longer one (worked out from
    `sentence` when not given). `by_form`: a word right after the name is its verb by its
    form too, one in the past tense ("Ana Ruiz faulted…") or in -ing after "is" or "was"
    ("Ana Ruiz is pressing…"), which a sentence a model wrote is read with: there any act
    is one to check, while in an article a name before such a word is not always its
    doer ("Donations to PACs reached…")."""
    tail = _INVERTED.search(sentence)
    if tail:
        return Doing(tail.group(1), tail.group(2), tail.end(2))
    if title_cased is None:
        title_cased = title_case(sentence)
    words = list(WORD.finditer(sentence))
    run: list[re.Match[str]] = []
    titled: re.Match[str] | None = None  # a title word that may be a surname
    skip_to = introduction_end(sentence)
    introduced = sum(word.start() < skip_to for word in words)  # not counted as subject words
    joined = False  # the run follows "X and": one of several doers
    be = False  # the run is followed by "is" or "was"
    have = False  # the run is followed by "has" or "had"
    owned = False  # the run is followed by "'s campaign"
    clause_words = 0  # words of relative clauses skipped: not counted in MAX_SUBJECT_WORDS
    apposed = False  # an apposition after the run was skipped: the word after it may be a verb
    for i, word in enumerate(words):
        text = word.group()
        if i >= MAX_SUBJECT_WORDS + clause_words + introduced:
            break
        if word.start() < skip_to:
            continue
        acting = False  # a verb by its form, right after the run
        if have:  # "Ruiz has cast him as weak" is her act; "Ruiz has been fired" is not
            have = False
            if text == "been":
                be = True
                continue
            if not is_verb(text):
                if not (text.isalpha() and text.islower()) or text in LEADING_WORDS:
                    run = []
                    continue
                acting = True
        elif be:  # "Ruiz is pressing" is her act, "Ruiz was fired" is not
            be = False
            if not (text.endswith("ing") and text.islower()):
                run = []
                continue
            acting = True
        if run and by_form and text in _BE:
            be = True
            continue
        if run and by_form and text in _HAVE:
            have = True
            continue
        if owned:
            owned = False
            if text in _BODIES:
                continue
            run = []
        if run and (_adverb(text) or text in _BETWEEN):
            continue
        if (
            len(run) == 1
            and by_form
            and not acting
            and text.endswith("ed")
            and _DETERMINED_RUN.search(sentence, max(run[0].start() - 12, 0), run[0].start())
        ):
            run = []  # "the first Muslim picked for…": a participle after a noun, no act
            continue
        acting = acting or bool(run and by_form and _in_past_tense(text))
        if not run and text == "which" and sentence[: word.start()].rstrip().endswith(","):
            break  # "…about his insults, which Trump tried to deflect": another clause's doer
        if text == "and" and run:
            run, joined = [], True
            continue
        if run and (when := _WHEN.match(sentence, word.start())):
            skip_to = when.end()  # "Bob Ruiz on Tuesday asked": Ruiz asked
            continue
        if run and (label := _LABEL.match(sentence, run[-1].end())) and word.start() < label.end():
            skip_to = label.end()  # "Pence (R-Ind.) said": Pence said
            continue
        if len(run) > 1 and text in _FROM and (where := _AFFILIATION.match(sentence, word.start())):
            skip_to = where.end()  # "Ana Ruiz of Dunmore warned", "… at the Cato Institute"
            continue
        if (
            run
            and "," in (gap := sentence[words[i - 1].end() : word.start()])
            # "Ana Ruiz, 44, said": an age, then the verb; "Ana Ruiz, a rival, said on
            # radio, where…": a verb of saying after an apposition, not another one
            and not (_AGE.fullmatch(gap) and (is_verb(text) or text.lower() in verbs))
            and not (apposed and speaks(text))
        ):
            close = sentence.find(",", word.start())  # an apposition: ", who leads the state,"
            # …or one with a clause inside: ", the investor who backed Ana Ruiz,"
            clause = text in _CLAUSE_WORDS or _CLAUSE_INSIDE.search(sentence, word.start(), close)
            reach = MAX_CLAUSE if clause else MAX_APPOSITION
            if 0 < close - word.start() < reach:
                skip_to, apposed = close, True
                if reach == MAX_CLAUSE:
                    clause_words += len(WORD.findall(sentence, word.start(), close))
                continue
        capitalised = i > 0 and text[0].isupper() and not title_cased  # "the Islamic State"
        if run and not acting and text.endswith("ing") and text.islower():
            run, joined = [], False  # "every Supreme Court ruling since…": a name as a modifier
            continue
        if not capitalised and (acting or is_verb(text) or text.lower() in verbs):
            if not run and titled is not None:
                return Doing(titled.group(), text, word.end())
            of = run and _placed(sentence, run[0].start())
            # "Members of the caucus said": not the caucus; "Ana Ruiz and Ben Ortiz said":
            # each may be credited by a different passage, so neither alone is the doer
            counted = run and _COUNT_BEFORE.search(sentence, 0, run[0].start())
            # "1,200 Clinton emails…": a name that a count stands before describes a noun
            name = None if of or counted or (joined and run) else _named(run)
            if name and (honorific := _HONORIFIC.search(sentence, 0, run[0].start())):
                name = f"{honorific.group(1)} {name}"  # "Mrs. Clinton": which Clinton
            return Doing(name, text, word.end(), acting and not is_verb(text))
        if text.lower() in _BETWEEN:
            continue
        titled = None
        if text[0].isupper() or _NAME_PART.match(text):
            if norm(text) in TITLES or (not run and norm(text) in _NO_NAME_FIRST):
                run = []  # "Gov.", "Former President" or "Historians": the name comes after
                titled = word if norm(text) in surnames else None
                continue
            between = sentence[run[-1].end() : word.start()].strip() if run else ""
            if between and not (between == "." and len(run[-1].group()) == 1):
                run = []  # "Pence (R-IN)": not one name; "Lawrence H. Summers" is one
            opener = not run and _opener(text) and norm(text) not in surnames
            # "PARIS, Aug 31 (Reuters) - …": a dateline's city, in capitals, is no doer
            dateline = not word.start() and text.isupper() and sentence.startswith(",", word.end())
            calendar = norm(text) in _CALENDAR and not _surname_month(sentence, run, word)
            if opener or dateline or calendar:
                run = []
                continue
            run.append(word)
            if re.search(r"[’']s$", text):
                owned = True  # "Ruiz's campaign said"; other possessives end the run
            continue
        run, joined = [], False
    return Doing(None)


def _in_past_tense(word: str) -> bool:
    """Whether `word` is a verb in the past tense: "faulted", or one of the irregular ones
    English knows ("stood", "met", "wrote")."""
    if _PAST_TENSE.match(word):
        return True
    if not word.isalpha() or not word.islower() or word in _MODALS:
        return False
    lemmas = lemminflect.getAllLemmas(word).get("VERB", ())
    return any(word in lemminflect.getInflection(lemma, "VBD") for lemma in lemmas)


def _adverb(word: str) -> bool:
    """Whether `word` is an adverb by its ending ("Ana Ruiz quickly posted"), unless the
    lexicon knows it as a word of another kind only ("a Trump rally says", "the family")."""
    if not _ADVERB.match(word):
        return False
    kinds = lemminflect.getAllLemmas(word)
    return not kinds or "ADV" in kinds


def _lead(before: str) -> str:
    """The word before a name, past the words that describe the person ("to" in "…a memo to
    former secretary of state Ana Ruiz", "told" in "told council member Ana Ruiz"), or
    "according" for "according to" ("" after a comma or a capitalised word)."""
    ahead = before[-120:].split()[-MAX_LEAD_WORDS:]
    while ahead and ahead[-1].isalpha() and ahead[-1].islower():
        word = ahead.pop()
        if word in _DESCRIBING or not (word in LEADING_WORDS or _aims(word)):
            continue
        according = word == "to" and [w.lower() for w in ahead[-1:]] == ["according"]
        return "according" if according else word  # ("According to…" opens many sentences)
    return ""


def _aims(word: str) -> bool:
    """Whether a name right after `word` is whom an act is aimed at ("to", "with", "told"),
    not its doer ("according to", "by", "said", which may come before its subject)."""
    lower = word.lower()
    return lower in _AIMING or (is_verb(lower) and lower not in INVERTIBLE)


def _clause_start(sentence: str, before: int) -> int:
    """Where the clause that holds the word at `before` begins: after the last "that",
    "when", "but"… before it, or the sentence's start."""
    starts = [m.end() for m in _CLAUSE_START.finditer(sentence, 0, before)]
    return starts[-1] if starts else 0


def lemma(verb: str) -> str:
    """What the forms of one verb share: "asks" and "asked" are "ask", "says" and "said"
    "say"."""
    verb = verb.lower()
    return _IRREGULAR.get(verb) or _INFLECTION.sub("", verb)


_SAYING = words(  # verbs that tell that someone said something
    """say says said tell tells told add adds added note notes noted write writes wrote
    explain explains explained argue argues argued insist insists insisted claim claims
    claimed state states stated remark remarks remarked reply replies replied respond
    responds responded answer answers answered tweet tweets tweeted speak speaks spoke
    comment comments commented declare declares declared contend contends contended assert
    asserts asserted"""
)


_SAYING_LEMMAS = frozenset(map(lemma, _SAYING))  # "arguing" is a form of "argue" too


def same_act(word: str, verb: str) -> bool:
    """Whether `word` may tell the act of `verb`: one verb's forms ("asked", "asks"), or any
    two verbs of saying ("says" is told as "added", "noted", "wrote" or "arguing")."""
    word, verb = word.lower(), verb.lower()
    saying = says(word) or (word.endswith("ing") and lemma(word) in _SAYING_LEMMAS)
    return lemma(word) == lemma(verb) or (saying and says(verb))


def introduction_end(sentence: str) -> int:
    """Where the doer may start in a sentence that opens with a clause of its own ("Asked by
    Ana Ruiz, Ben Ortiz said…", "After Ruiz spoke, Ortiz left") or a phrase of where or when
    ("In an interview with the Harbor Gazette, Ruiz said…"): after that clause's comma;
    -1 for a sentence that opens with its doer."""
    opening = _INTRODUCTION.match(sentence)
    if opening is None:
        return -1
    first = opening.group(1).lower()
    participle = len(first) > 4 and first.endswith(("ed", "ing"))  # "Citing…", "Asked…"
    placing = first in _PLACING and not re.search(r"[’']s\b", opening.group())  # "In Ruiz's view"
    return opening.end() if participle or placing or first in SUBORDINATORS else -1


def opening_clause(sentence: str) -> tuple[int, str, str] | None:
    """An opening subordinate clause with a named doer of its own ("When Clinton cited his
    votes, Sanders dismissed…"): where it ends, its words after the subordinator ("Clinton
    cited his votes") and its doer; None when the sentence opens with no such clause."""
    opening = _INTRODUCTION.match(sentence)
    if opening is None or opening.group(1).lower() not in SUBORDINATORS:
        return None
    inner = sentence[opening.start(1) + len(opening.group(1)) : opening.end()].strip(" ,")
    doer = doing(inner).name
    return (opening.end(), inner, doer) if doer else None


def title_speaker(title: str) -> list[str]:
    """The words of the name a title gives its words to, in order ("Ana Ruiz: The levy is a
    mistake" gives ["ana", "ruiz"]); empty when it labels no speaker."""
    said = _TITLE_SPEAKER.match(_QUOTE_MARK.sub("", title))
    return [norm(w) for w in WORD.findall(said.group(1))] if said else []


def title_doers(title: str, surnames: AbstractSet[str]) -> dict[str, set[str]]:
    """The words of the names of who speaks or acts in an article's title, by the `lemma` of
    the verb the title gives them ("" for a verb no list holds): "Pence: Flowers won't be at
    debate" is Pence saying, "Ah, friends once more: Ted Cruz endorses Trump" Ted Cruz
    endorsing, "SNL has fun with…" SNL doing "", "SEIU chief says…" no one named."""
    title = _QUOTE_MARK.sub("", title)  # "'SNL' has fun…"
    doers: dict[str, set[str]] = {}
    if said := title_speaker(title):
        doers["say"] = set(said)
    for clause in [title, *title.split(": ", 1)[1:]]:
        read = doing(clause, HEADLINE_VERBS, surnames)
        if read.name:
            doers.setdefault(lemma(read.verb), set()).update(name_words(read.name))
        elif (subject := _TITLE_SUBJECT.match(clause)) and not POSSESSIVE.search(subject[1]):
            doers.setdefault("", set()).update(name_words(subject[1]))
    return doers


def clauses(sentence: str) -> list[str]:
    """A sentence's clauses, each with a doer of its own: "Clinton introduced Bond, and host
    Ross led the evening" gives Clinton one act and Ross another, "Ruiz proposed a toll, a plan
    Ortiz called reckless" Ruiz one and Ortiz another, and so does "Ruiz hailed it, Ortiz was
    silent"."""
    parts = []
    for part in _COORDINATE.split(sentence):
        cuts = [m.start() for m in _RELATIVE.finditer(part) if is_verb(m.group(1))]
        cuts += [  # after a clause with a doer of its own, not after "In a speech in July,"
            m.start()
            for m in _SPLICED.finditer(part)
            if m.group(1) in _BE | _HAVE and doing(part[: m.start()]).verb
        ]
        cuts += [  # "…and Sanders won…" after a clause with a doer of its own
            m.start()
            for m in _JOINED.finditer(part)
            if is_verb(m.group(1)) and doing(part[: m.start()]).name
        ]
        cuts.sort()
        bounds = zip([0, *cuts], [*cuts, len(part)], strict=True)
        parts += [_JOINING.sub("", part[start:end].lstrip(", ")) for start, end in bounds]
    return [part for part in parts if part.strip()]


def _named(run: list[re.Match[str]]) -> str | None:
    if not run:
        return None
    name = " ".join(run[0].string[run[0].start() : run[-1].end()].split())  # "Ana B. Ruiz"
    return name if len(name) >= 3 else None


def is_verb(word: str) -> bool:
    """Whether `word` is a verb the lists know (a cue of speech or a verb of acting), not
    one mostly used as a noun ("state")."""
    lower = word.lower()
    return (lower in CUE_FORMS or lower in _ACT_VERBS) and lower not in _MOSTLY_NOUNS


def norm(word: str) -> str:
    word = word.replace("’", "'").lower()
    return (word[:-2] if word.endswith("'s") else word).strip("'")


def name_words(*names: str) -> set[str]:
    """The words of `names`, normalised as the names of a passage are."""
    return {norm(w) for name in names for w in WORD.findall(name)}


def doers_of(text: str, verb: str) -> list[str | None]:
    """The doer of each use in `text` of a verb that tells the act of `verb` (`same_act`),
    None where it is not named ("she asked"): "Ana Ruiz acknowledged that Ben Ortiz had
    asked…" gives Ana Ruiz for "acknowledge" and Ben Ortiz for "ask"; the name after an
    inverted verb of saying ("…, said Ruiz", "…,” said Ruiz"); for a participle of saying
    after a comma, the doer of the clause before it ("Ruiz rejected the plan, saying…");
    none inside a quotation ("“…he has said…,” Ruiz said" gives Ruiz alone)."""
    found: list[str | None] = []
    title_cased = title_case(text)  # judged on the whole text, not on the words up to a verb
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    for use in WORD.finditer(text):
        word = use.group()
        if word[0].isupper() or not same_act(word, verb):
            continue
        if any(start < use.start() < end for start, end in quoted):
            continue  # the quote's words, not what the article tells of anyone
        after_quote = max((end for _, end in quoted if end <= use.start()), default=0)
        start = max(_clause_start(text, use.start()), after_quote)
        if word.endswith("ing"):
            if says(verb) and _AFTER_COMMA.search(text, 0, use.start()):
                found.append(doing(text[start : use.start()], by_form=True).name)
            continue
        read = doing(text[start : use.end()], {word.lower()}, title_cased=title_cased)
        if read.end == use.end() - start:
            found.append(read.name or _named_after(text, use))
        elif _INVERTED_END.match(text, use.end()) and (inverted := _named_after(text, use)):
            found.append(inverted)  # "Voters went to the polls, said Ana Ruiz."
    return found


def _named_after(text: str, verb: re.Match[str]) -> str | None:
    """The doer named right after an inverted verb of saying that follows a quotation or a
    comma ("…,” said Gov. Ana Ruiz of Ohio" is Ana Ruiz), titles left out."""
    if verb.group().lower() not in INVERTIBLE or not _AFTER_QUOTE.search(text, 0, verb.start()):
        return None
    run = _CAPITALISED_RUN.match(text, verb.end() + 1)
    described = run and _DESCRIBED_NAME.match(text, run.end())
    if described:  # "said Florida-based Republican strategist Al Cardenas": the name after
        run = _CAPITALISED_RUN.match(text, described.end())
    names = [w for w in run.group().split() if norm(w).rstrip(".") not in TITLES] if run else []
    if names and POSSESSIVE.search(names[-1]):
        return None  # "…, said Trump's remarks": whose remarks, not who said
    if names and len(names[-1]) > 3:
        names[-1] = names[-1].rstrip(".")  # the sentence's full stop, not an initial's
    return " ".join(names) or None


def says(verb: str) -> bool:
    """Whether `verb` tells that someone said something ("said", "adds", "wrote")."""
    return verb.lower() in _SAYING


def speaks(verb: str) -> bool:
    """Whether `verb` tells an act done in words: saying ("says"), or one of the verbs that
    cue a quote ("accuses", "mocks", "praises")."""
    return says(verb) or verb.lower() in CUE_FORMS


def own_words(text: str) -> bool:
    """Whether `text` is all a quotation of its speaker's own words: none of the article's
    around it, and no one else's it reports ("He said: …")."""
    unquoted = _QUOTED.sub("", text)
    return not WORD.search(unquoted) and not any(says(w) for w in WORD.findall(text))


def quoted(text: str) -> tuple[str, str]:
    """The parts of `text` inside quotation marks and the rest, each joined by spaces."""
    inside = " ".join(m.group() for m in _QUOTED.finditer(text))
    return inside, _QUOTED.sub(" ", text)


def sources(text: str) -> list[str]:
    """The names `text` gives as its source: "…, according to Ana Ruiz" (the one who told
    it, whoever it has speak)."""
    return [
        run.group()
        for run in _CAPITALISED_RUN.finditer(text)
        if _lead(text[: run.start()]) == "according"
    ]


def embedded_doers(text: str) -> list[str]:
    """The doers of the acts `text` tells inside a noun phrase, with no comma or "that"
    ("The account Ana Ruiz retweeted was a trap" has Ana Ruiz retweet), titles left out."""
    found = []
    for match in _REDUCED_RELATIVE.finditer(text):
        noun, named = match.groups()
        name = [w for w in named.split() if norm(w).rstrip(".") not in TITLES]
        aimed = noun in LEADING_WORDS | _AIMING or is_verb(noun)  # "a memo to Ruiz", "told Ruiz"
        if name and not aimed and not POSSESSIVE.search(name[-1]):
            found.append(" ".join(name))
    return found


def role_doer(text: str) -> bool:
    """Whether `text` tells what someone it names only by a role did, in a clause of its own
    ("…, outlasting a challenger who raised $3 million"): news writing names them after."""
    return _ROLE_CLAUSE.search(text) is not None


def bystanders(text: str) -> frozenset[str]:
    """The words of the names `text` gives only as whom an act is done to or aimed at: after
    a verb or a preposition ("told Ana Ruiz", "in a memo to Inspector General Ana Ruiz",
    "an interview with host Ben Ortiz"), never as a doer. After "with", a name followed by a
    participle does that act ("…, with Ana Ruiz calling it a mistake")."""
    aimed: set[str] = set()
    other: set[str] = set()
    described_from = -1  # the end of an aimed-at run whose description may go on
    for run in _CAPITALISED_RUN.finditer(text):
        lead = _lead(text[: run.start()])
        acting = lead == "with" and _PARTICIPLE.match(text, run.end()) is not None
        aimed_at = _aims(lead) and not acting and not POSSESSIVE.search(run.group())
        if not aimed_at and described_from >= 0 and not acting:
            # "with New York state Democratic official Christine Quinn": one description
            between = text[described_from : run.start()].split()
            aimed_at = 0 < len(between) <= MAX_LEAD_WORDS // 2 and all(
                word.isalpha()
                and word.islower()
                and word not in LEADING_WORDS
                and not is_verb(word)
                for word in between
            )
        (aimed if aimed_at else other).update(name_words(run.group()))
        described_from = run.end() if aimed_at else -1
    return frozenset(aimed - other)
