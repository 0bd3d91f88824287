"""The people and organisations an article names, found in its text outside quotes.

Owns: what a name looks like (capitalised words, initials, particles), splitting a title off a
name ("Secretary of State Antony Blinken"; before a common given name, capitalised words of
which one is no name: "Senate Majority Whip Laura Benton", "DJ Nancy Rowe"), telling people
from organisations and places, each person's gender when the article (a title, the "He" or "She"
that follows the name) or the first name shows it, and the table that turns a short mention
("Psaki", "Mr. Obama") into the fullest form the article uses ("Jen Psaki").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import lemminflect

from .lexicon import (
    ANY_TITLES,
    FEMALE_NAMES,
    FEMALE_WORDS,
    GIVEN_NAMES,
    HONORIFICS,
    LEADING_WORDS,
    MALE_NAMES,
    MALE_WORDS,
    MODIFIED_NOUNS,
    ORG_WORDS,
    PLACE_NOUNS,
    PLACE_PREFIXES,
    PLACE_WORDS,
    ROLE_WORDS,
    TITLE_MODIFIERS,
    TITLE_NORMAL,
    TITLE_WORDS,
    words,
)

__all__ = [
    "DAY_AFTER_RE",
    "NAME_AHEAD",
    "NAME_PHRASE",
    "OPENING_PRONOUN_RE",
    "Mention",
    "NameTable",
    "family_name",
    "gender_of_words",
    "is_org",
    "is_place",
    "role_words",
    "split_title",
    "title_before",
]

_BLANK = r"[ \t\u00a0]"
_ABBREVIATIONS = (
    "Mr|Mrs|Ms|Dr|Sen|Sens|Rep|Reps|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Maj|Cmdr|Prof|Rev|Hon|Pres|"
    "Sec|Atty|Jr|Sr|Supt|Amb|Cpl|Pvt|Fr|Msgr|Det|Insp|Lieut|Brig|Ald|Ret|St|Del"
)
_NOT_NAMES = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|August|September|October|November|December|Sept|I|[A-Z]{5,})\b"
)
_NAME_MONTHS = frozenset(("May", "June", "July"))
"""Months that are also names: a name only where no date reads them (`NameTable._dated`)."""
_BEFORE_MONTHS = words(
    """in since until till during through throughout before after early late mid last next this
    each every"""
)
DAY_AFTER_RE = re.compile(r"[ \t\u00a0]+\d{1,2}(?:st|nd|rd|th)?\b")
"""A day's number after a month's name: "May 5", "June 3rd"."""
_CAPITAL = r"A-ZÀ-ÖØ-Þ"
_NAME_TOKEN = (
    rf"(?:(?:{_ABBREVIATIONS})\.|[{_CAPITAL}]\.(?:[{_CAPITAL}]\.)*(?![\w’'])"
    rf"|(?!{_NOT_NAMES})[{_CAPITAL}]\w*(?:[’'\-](?!s\b)\w+)*)"
)
_PARTICLE = r"(?:de|van|von|der|den|da|del|della|di|du|la|le|bin|al|ibn|of|of the)"
NAME_PHRASE = rf"{_NAME_TOKEN}(?:{_BLANK}+(?:{_PARTICLE}{_BLANK}+)?{_NAME_TOKEN})*"
NAME_AHEAD = rf"(?=[{_CAPITAL}])"
"""Every name phrase starts with a capital: put first in a pattern, this check lets a search
pass over the other positions before trying anything slower."""
_NAME_RE = re.compile(
    rf"{NAME_AHEAD}(?<![\w’'.-]){NAME_PHRASE}(?P<possessive>[’']s?(?![\w’']))?"
    r"(?=[ \t\u00a0]+(?P<after>[a-z][\w-]*))?"
)
"""A capitalised phrase, its possessive ending, and the lower-case word after it, if any."""
_WORD_BEFORE_BACKWARDS_RE = re.compile(r"\n?[ \t\u00a0]+([\w’'.-]+)")
"""Read backwards from the end of a window: an optional final newline, blanks, then a word."""
_APPOSITIVE_RE = re.compile(
    r",[ \t\u00a0]+(?:\d{1,3},[ \t\u00a0]+)?"  # an age first: "Rita Becker, 75, a retiree,"
    r"((?:a|an|the)[ \t\u00a0][^,.;:\x01\n]{2,80}?|[a-z][^,.;:\x01\n]{2,80}?)[,.;]"
)
_LONG_APPOSITIVE_RE = re.compile(
    r",[ \t\u00a0]+((?:a|an|the)[ \t\u00a0][^,.;:\x01\n]{2,60}?)"
    r"[ \t\u00a0]+(?:who|whose|which|that)\b"
)
"""Its head, when an apposition goes on too long for `_APPOSITIVE_RE`: "Ana Ruiz, a
Boston-based lawyer who represented … and …," (a relative clause after the role)."""
_ROLE_BEFORE_RE = re.compile(
    r"(?<![\w’'-])(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Oo]ur)[ \t\u00a0]+"
    r"((?:[a-z][\w.’'-]*[ \t\u00a0]+){0,4}[a-z][\w.’'-]*)$"
)
"""A description in lower case that ends where a name set off by commas starts."""
_APPOSITION_CLOSE_RE = re.compile(r"[.;)]|,(?![ \t\u00a0]+(?:and|or)\b)")
"""What ends a name set off as an apposition: a stop, or a comma not before "and" or "or"."""
_AGE_RE = re.compile(r",[ \t\u00a0]+\d{1,3}[,.;]")  # "Rita Becker, 75,": a person
_HEAD_NOUNS = words(
    """speech speeches rally rallies email emails server tweet tweets supporters aides allies
    backers fans voters era presidency plan plans policy policies proposal proposals victory
    nomination"""
)
_ARTICLE_RE = re.compile(r"^(?:a|an|the)\s+")
_ANY_CASE_ARTICLE_RE = re.compile(_ARTICLE_RE.pattern, re.IGNORECASE)
_CONJUNCTION_RE = re.compile(r",?[ \t\u00a0]+(?:and|or|nor)[ \t\u00a0]+")
OPENING_PRONOUN_RE = re.compile(
    r"(?:(?:But|And|Yet|Still|Now|Then|Later|So),?[ \t\u00a0]+)?(He|She)(?![\w’'-])"
)
"""A sentence that opens with "He" or "She" as its subject."""
_PRONOUN_RE = re.compile(r"(?<![\w’'-])(?:he|him|his|she|her|hers|He|His|She|Her)(?![\w’'-])")
_FEMALE_PRONOUNS = frozenset(("she", "her", "hers"))
_PREPOSITIONS = words(
    """to by with for against of about from on at in into than like under over behind toward
    towards between among without within including via near around through across upon
    alongside unlike besides beyond during despite"""
)
_PREPOSITION_ENDINGS = frozenset(word[-2:] for word in _PREPOSITIONS)
_OPENING_WORDS = LEADING_WORDS | words(
    """outside beside behind near across around through throughout against toward towards upon
    within amid amidst beneath above below along"""
)
"""Words that open a sentence before a name and are no part of it ("Outside Carrier,…")."""
_ROLE_BETWEEN = re.compile(r" (?:[a-z]+ ){0,2}[a-z]+ ")  # "hopeful", "presidential hopeful"
_DESCRIPTION = re.compile(r"(?:[A-Z][a-z]+)? ?(?:[a-z]+)?")  # "Hollywood", "family"
_LONG_DESCRIPTION = re.compile(r"[a-z]+ (?:[A-Z][\w.]*|[a-z]+) [a-z]+")  # "former U.N. secretary"
_SUFFIXES = ("jr.", "sr.", "jr", "sr", "ii", "iii", "iv")
_BLANKS = (" ", "\t", "\u00a0")
_BREAK_WORDS = (LEADING_WORDS - words("of the and for")) | words(
    """is are was were be been has have had will would can could should must do does did vs
    versus says say said tells told"""
)
"""Capitalised words that end whatever name came before them ("Psaki Says the ... Is Open
Between Biden": the name is "Biden")."""


def _after_break(tokens: list[str]) -> list[str]:
    """The tokens after the last break word that is not the phrase's last token."""
    for index in range(len(tokens) - 2, -1, -1):
        if tokens[index].lower() in _BREAK_WORDS:
            return tokens[index + 1 :]
    return tokens


def _lower_key(word: str) -> str:
    return word.lower().replace("’", "'").strip("'")


@lru_cache(maxsize=8192)
def split_title(phrase: str) -> tuple[str | None, str]:
    """("White House Press Secretary", "Jen Psaki") from the whole phrase; the title is None
    when no title word leads the phrase. Also drops leading function words ("But Psaki") and a
    trailing "of <place>" ("Charles Rangel of New York")."""
    tokens = _after_break(phrase.split())
    while len(tokens) > 1 and tokens[0].lower() in LEADING_WORDS:
        tokens = tokens[1:]
    last_title = -1
    for index, token in enumerate(tokens[:-1]):
        if token.lower() in TITLE_WORDS and not _family_name_of_place(tokens, index):
            last_title = index
    if last_title < 0:
        last_title = _last_wider_title(tokens)
    title = None
    if last_title >= 0:
        rest = tokens[last_title + 1 :]
        if rest[0].lower() in ("of", "the") and len(rest) > 2:
            # "Secretary of State Antony Blinken": the department runs on; the name is the last
            # two words (three with a middle initial).
            keep = 3 if len(rest) > 4 and re.fullmatch(r"[A-Z]\.", rest[-2]) else 2
            last_title = len(tokens) - keep - 1
        title = " ".join(tokens[: last_title + 1])
        tokens = tokens[last_title + 1 :]
    name = " ".join(tokens)
    head = name.split(" of ")[0]
    if head != name and (title or not is_org(head)):
        name = head
    return title, name


def _is_given_name(token: str) -> bool:
    return token.lower() in GIVEN_NAMES


@lru_cache(maxsize=1024)
def _past_verb(word: str) -> bool:
    """A verb in the past tense ("continued", "stated"), which opens a transcript's line
    before a speaker ("Continued Stone: …"); not a name ending in -ed ("Ted", "Ahmed")."""
    return word.endswith("ed") and "VERB" in lemminflect.getAllLemmas(word)


@lru_cache(maxsize=1024)
def _verb_only(word: str) -> bool:
    """A word that is a verb and nothing else ("met", "told"), never a role."""
    lemmas = lemminflect.getAllLemmas(word)
    return "VERB" in lemmas and not lemmas.keys() & {"NOUN", "ADJ", "PROPN"}


@lru_cache(maxsize=1024)
def _plural_title(word: str) -> bool:
    """The plural of a title or a role ("Celebrities Julianne Moore and…", "Actors")."""
    if not word.endswith("s"):
        return False
    return any(lemma in ANY_TITLES for lemma in lemminflect.getAllLemmas(word).get("NOUN", ()))


def _role_compound(word: str) -> bool:
    """A role made with "-man" or "-woman" on a long stem ("assemblywoman"), not a family name
    ("Friedman", "Coleman")."""
    return word.endswith("man") and len(word[:-3].removesuffix("wo")) > 5


def _gender_of(person: Person) -> str | None:
    """A person's gender as the given name shows it, else as the article does."""
    return _first_name_gender(person.full) or person.gender


def _family_name_of_place(tokens: list[str], index: int) -> bool:
    """Whether the title word at `index` is a family name with the place it is from: after a
    given name or an initial, before "of" ("Paul T. King of Ohio")."""
    before = tokens[index - 1] if index else ""
    return tokens[index + 1 : index + 2] == ["of"] and (
        _is_given_name(before) or bool(_INITIAL_RE.fullmatch(before))
    )


_INITIAL_RE = re.compile(r"[A-Z]\.")
_SENTENCE_END_RE = re.compile(r"(?:^|[.!?\n\x01—–-][ \t\u00a0]*)$")
_PERSON_TOKEN_RE = re.compile(r"[A-Z][a-zà-ÿ’'-]+|[A-Z]\.")


def _last_wider_title(tokens: list[str]) -> int:
    """The index of the last title of the wider list ("Council Member Ana Ruiz") after which a
    person's first and last name follow, else -1."""
    for index in range(len(tokens) - 3, max(len(tokens) - 5, -1), -1):
        rest = tokens[index + 1 :]
        if tokens[index].lower() in ANY_TITLES and all(map(_PERSON_TOKEN_RE.fullmatch, rest)):
            return -1 if is_org(" ".join(rest)) else index
    return -1


@lru_cache(maxsize=4096)
def is_org(name: str) -> bool:
    """An organisation or a place rather than a person."""
    tokens = [_lower_key(t) for t in name.split()]
    if not tokens:
        return False
    if any(t in ORG_WORDS for t in tokens):
        return True
    if any(t in PLACE_WORDS for t in tokens) and not _named_like_a_place(tokens):
        return True
    if len(tokens) > 1 and tokens[0] in PLACE_PREFIXES:
        return True
    return len(tokens) == 1 and name.isupper() and len(name) > 1


def _named_like_a_place(tokens: list[str]) -> bool:
    """Whether a given name and a family name that is also a place's ("George Washington",
    "Steve Israel") name a person."""
    return (
        len(tokens) > 1
        and _is_given_name(tokens[0])
        and tokens[-1] not in PLACE_NOUNS
        and not any(t in PLACE_WORDS or t in PLACE_PREFIXES for t in tokens[:-1])
    )


def is_place(name: str) -> bool:
    tokens = [_lower_key(t) for t in name.split()]
    if not tokens or _named_like_a_place(tokens):
        return False
    return tokens[-1] in PLACE_WORDS or tokens[0] in PLACE_PREFIXES


@lru_cache(maxsize=8192)
def family_name(name: str) -> str:
    """The family name of `name`, as the table keys it: its last word, lower-cased, a "Jr."
    or "III" left out."""
    tokens = [t for t in name.split() if t.lower() not in _SUFFIXES]
    return _lower_key((tokens or name.split() or [""])[-1])


_Phrase = tuple[int, int, bool, str | None, str, bool, bool, str | None]
"""A matched phrase read: (characters skipped in front, length kept, head noun after the name,
title, name, organisation, possessive, family name required)."""


@lru_cache(maxsize=8192)
def _read_phrase(phrase: str, possessive: str | None) -> _Phrase | None:
    """What a capitalised phrase matched in the text names, the same in every article: the parts
    of `Mention` and, for a phrase that is only a title word, the family name the article must
    know for it to count; None when nothing is left of it. (`NameTable` then moves the words
    its article writes in lower case to the title.)"""
    tokens = phrase[: len(phrase) - len(possessive or "")].split()
    kept_tokens = _after_break(tokens)
    skipped = sum(len(token) + 1 for token in tokens[: len(tokens) - len(kept_tokens)])
    tokens = kept_tokens
    while tokens and tokens[0].lower() in _OPENING_WORDS:
        skipped += len(tokens[0]) + 1
        tokens = tokens[1:]
    modifier = False
    while len(tokens) > 1 and tokens[-1].lower() in _HEAD_NOUNS:
        tokens, modifier = tokens[:-1], True  # "Governor Lee Speech": about Lee
    if not tokens or (len(tokens) > 1 and all(_shouted(token) for token in tokens)):
        return None  # "FULL TEXT.": a label in capitals
    kept = " ".join(tokens)
    title, name = split_title(kept)
    if not name:
        return None
    family = family_name(name) if name.lower() in TITLE_WORDS else None
    return skipped, len(kept), modifier, title, name, is_org(name), bool(possessive), family


def _shouted(token: str) -> bool:
    """A word in capitals, not an initial ("TEXT", not "J.")."""
    return len(token) > 1 and token.isalpha() and token.isupper()


@lru_cache(maxsize=8192)
def _first_name_gender(name: str) -> str | None:
    tokens = name.split()
    first = tokens[0].lower() if len(tokens) > 1 else ""
    if first in FEMALE_NAMES:
        return "f"
    if first in MALE_NAMES:
        return "m"
    return None


def gender_of_words(words: str) -> str | None:
    """'f' or 'm' when one of the words shows it (Mrs., spokesman...), else None."""
    lowered = set(words.lower().split())
    if lowered & FEMALE_WORDS:
        return "f"
    if lowered & MALE_WORDS:
        return "m"
    return None


@lru_cache(maxsize=4096)
def role_words(title: str) -> frozenset[str]:
    """The role words of a title or description, normalised ("Sen." -> "senator")."""
    found = set()
    for word in title.lower().replace(",", " ").split():
        word = TITLE_NORMAL.get(word, word)
        if word in HONORIFICS:
            continue  # "Mr.": no role
        if word in ROLE_WORDS or word in ("democratic", "republican", "former", "vice"):
            found.add(word)
    return frozenset(found)


@dataclass(slots=True)
class Mention:
    """One capitalised phrase outside quotes, with the title in front of the name set apart.
    `subject` is False when the phrase cannot be the subject of a clause: after a preposition,
    or a modifier ("the Clinton campaign")."""

    start: int
    end: int
    name: str
    title: str | None
    is_org: bool
    possessive: bool
    subject: bool = True


@dataclass(slots=True)
class Person:
    full: str
    count: int = 0
    last_seen: int = -1
    title: str | None = None
    gender: str | None = None
    roles: set[str] = field(default_factory=set)
    evident: bool = False  # known to be a person: given name, honorific, role or speech
    first_seen: int = -1


class NameTable:
    """The names of one article, built from its text with the quotes masked out."""

    def __init__(self, masked: str) -> None:
        self.masked = masked
        self.mentions: list[Mention] = []
        self._people: dict[str, Person] = {}
        self._by_last: dict[str, list[Person]] = defaultdict(list)
        self._by_first: dict[str, list[Person]] = defaultdict(list)
        self._misspellings: dict[str, Person | None] = {}
        self._lower_case: dict[str, bool] = {}
        self._moved: dict[tuple[str | None, str], tuple[str | None, str]] = {}
        self._splits: dict[str, tuple[str | None, str]] = {}
        self._looked_up: dict[tuple[str, int, bool], Person | None] | None = None
        self._alone: set[str] | None = None  # the names of one word, once all are read
        self._bare_gender: dict[str, str] = {}  # family name -> whom alone it means
        mentions = self.mentions
        for match in _NAME_RE.finditer(masked):
            mention = self._mention(match)
            if mention is None:
                continue
            if mentions and _CONJUNCTION_RE.fullmatch(masked, mentions[-1].end, mention.start):
                # "allies of Dan Brook and Jim Orr": both are objects
                mention.subject = mention.subject and mentions[-1].subject
            if mentions and self._described_by(mentions[-1], mention):
                mentions[-1].subject = False  # "Republican Mayoral hopeful Sen. Ben Ortiz"
            mentions.append(mention)
            if mention.is_org:
                continue
            self._register(mention)
            if not mention.possessive and masked.startswith(",", mention.end):
                self._appositive(mention)
            if (described := self.described_before(mention)) and (
                person := self.person(mention.name, mention.start)
            ):
                self._add_title(person, described)
        self.starts = [m.start for m in self.mentions]
        self._misspellings.clear()  # looked up while the table was still growing
        self._looked_up = {}  # from now on the table changes only by `_changed` steps
        self._acronyms: dict[str, str] = {}
        for mention in self.mentions:
            if mention.is_org:
                capitals = [t[0] for t in mention.name.split() if t[0].isupper()]
                if len(capitals) > 1:
                    self._acronyms.setdefault("".join(capitals), mention.name)

    def split(self, phrase: str) -> tuple[str | None, str]:
        """`split_title`, then the leading words that are common words in this article (it
        writes them in lower case elsewhere: "Billionaire", "Actor", "Interestingly") or roles
        go to the title too, unless they are given names."""
        found = self._splits.get(phrase)
        if found is None:
            found = self._splits[phrase] = self._common_words_to_title(*split_title(phrase))
        return found

    def _common_words_to_title(self, title: str | None, name: str) -> tuple[str | None, str]:
        if " " not in name:
            return title, name
        key = (title, name)
        if key not in self._moved:
            self._moved[key] = self._move_common_words(title, name)
        return self._moved[key]

    def _move_common_words(self, title: str | None, name: str) -> tuple[str | None, str]:
        tokens = name.split()
        lead = 0
        while lead < len(tokens) - 1 and self._leading_title(tokens[lead], tokens[lead + 1 :]):
            lead += 1
        if not lead or is_org(name):
            lead = self._title_before_given_name(tokens) if len(tokens) > 2 else 0
            if not lead or is_org(" ".join(tokens[lead:])):
                return title, name
        moved = " ".join(tokens[:lead])
        return (f"{title} {moved}" if title else moved), " ".join(tokens[lead:])

    def _leading_title(self, token: str, rest: list[str]) -> bool:
        """Whether a word in front of the `rest` of a name is a title or a role rather than a
        given name: a known title, "Texas-based", or, when a first and a last name follow it,
        a role made with "-man" or "-woman" ("Assemblywoman Ana Ruiz") or a word this article
        writes in lower case ("Billionaire Donald Trump"); before a family name the article
        already gave someone, such a word too ("Stated Stone", where it has "Roger Stone")."""
        key = token.lower()
        if key in GIVEN_NAMES or not token[1:].islower():
            return False
        if key.removeprefix("co-").removeprefix("ex-") in ANY_TITLES or key.endswith("-based"):
            return True  # "Co-anchor Norah O'Donnell", "Ex-senator Ana Ruiz"
        named = len(rest) >= 2 or (len(rest) == 1 and family_name(rest[0]) in self._by_last)
        return named and (
            _role_compound(key) or _past_verb(key) or _plural_title(key) or self._written_lower(key)
        )

    def _title_before_given_name(self, tokens: list[str]) -> int:
        """Where a person's name starts after capitalised words that are a title: a common given
        name with one or two more words of a name behind it, after words of which one at least
        is no name ("DJ", "Senate Majority Whip", "Dade County Clerk", "Co-host",
        "Assemblywoman"); 0 when the phrase has no such front."""
        for at in range(len(tokens) - 2, max(len(tokens) - 4, 0), -1):
            if (
                _is_given_name(tokens[at])
                and not _is_given_name(tokens[at - 1])
                and all(map(_PERSON_TOKEN_RE.fullmatch, tokens[at + 1 :]))
                and any(self._no_name(token) for token in tokens[:at])
            ):
                return at
        return 0

    def _no_name(self, token: str) -> bool:
        """A capitalised word that is no part of a person's name: an acronym, a word of
        organisations, places or titles ("co-" titles too, "Assemblyman"), or a word this
        article writes in lower case."""
        key = _lower_key(token)
        if (
            _shouted(token)  # an acronym
            or key in ORG_WORDS
            or key in PLACE_WORDS
        ):
            return True
        role = key.removeprefix("co-").removeprefix("ex-")
        return role in ANY_TITLES or _role_compound(key) or self._written_lower(key)

    def _mention(self, match: re.Match[str]) -> Mention | None:
        read = _read_phrase(match.group(), match.group(1))
        if read is None:
            return None
        skipped, length, modifier, title, name, org, possessive, title_only_last = read
        if title_only_last is not None and title_only_last not in self._by_last:
            return None  # "Dean" alone is a title, unless the article named a Howard Dean
        if " " in name:
            moved_title, moved_name = self._common_words_to_title(title, name)
            if moved_name != name:
                title, name, org = moved_title, moved_name, is_org(moved_name)
        start = match.start() + skipped
        if name in _NAME_MONTHS and not title and self._dated(start, start + length):
            return None  # "in June", "May 5": a month, not June Carter or Theresa May
        if modifier or match.group(2) in MODIFIED_NOUNS:
            return Mention(start, start + length, name, title, org, possessive, False)
        return Mention(
            start, start + length, name, title, org, possessive, not self._governed(start)
        )

    def _dated(self, start: int, end: int) -> bool:
        """Whether the word at [start, end) is a date: a day's number follows it, or a
        preposition or a word of time stands before it ("in June", "since May", "early July")."""
        if DAY_AFTER_RE.match(self.masked, end):
            return True
        found = _word_before(self.masked, max(start - 20, 0), start)
        return found is not None and found[0].lower() in _BEFORE_MONTHS

    def _described_by(self, before: Mention, mention: Mention) -> bool:
        """Whether `before` and a role word or two describe the person `mention` names
        ("Republican Mayoral hopeful Sen. Ben Ortiz"): then `before` is no subject."""
        between = self.masked[before.end : mention.start]
        return bool(_ROLE_BETWEEN.fullmatch(between)) and between.split()[-1] in ROLE_WORDS

    def _governed(self, start: int) -> bool:
        """Whether a preposition stands right before `start` (a blank between them, perhaps
        before a line break), or before a description of two words or three ("brother of
        Hollywood legend Ron Howard", "uttered by family patriarch Mike Baxter"): a name there
        is no clause's subject."""
        return self._right_after_preposition(start) or _after_description(self.masked, start)

    def _right_after_preposition(self, start: int) -> bool:
        masked = self.masked
        last = masked[start - 1 : start]
        if last == "\n":
            last = masked[start - 2 : start - 1]
            if last not in _BLANKS:
                return False
        elif last not in _BLANKS:
            return False
        elif (
            start > 2
            and masked[start - 2] not in _BLANKS
            and masked[start - 3 : start - 1].lower() not in _PREPOSITION_ENDINGS
            and masked[start - 4 : start - 1] != "the"
        ):
            return False  # the word before ends as no preposition (nor "the") does
        found = _word_before(masked, start - 20 if start > 20 else 0, start)
        if found is not None and found[0] == "the":  # "during the Monitor Breakfast"
            found = _word_before(masked, max(found[1] - 20, 0), found[1])
        return found is not None and found[0].lower() in _PREPOSITIONS

    def _register(self, mention: Mention) -> None:
        """Count a person's mention: a new person, or one the table knows by this name."""
        if " " not in mention.name and not mention.title:
            candidates = self._by_last.get(family_name(mention.name))
            if not candidates:
                return
            person = (
                candidates[0]
                if len(candidates) == 1
                else self._best_by_last(mention.name, mention.start)
            )
            if person:
                person.count += 1
                person.last_seen = mention.start
            return
        tokens = mention.name.split()
        person = self._people.get(mention.name)
        if person is None:
            if len(tokens) < 2:
                gender = gender_of_words(mention.title) if mention.title else None
                person = self._best_by_last(mention.name, mention.start, gender)
            else:
                person = self._same_family_name(mention.name, mention.start, mention.title)
            if person is None:
                person = Person(mention.name, first_seen=mention.start)
                self._people[mention.name] = person
                self._by_last[family_name(mention.name)].append(person)
                if len(tokens) > 1:
                    self._by_first[_lower_key(tokens[0])].append(person)
        person.count += 1
        person.last_seen = mention.start
        gender = _first_name_gender(person.full)
        if mention.title:
            self._add_title(person, mention.title)
        elif not person.evident:
            # "political science professor Brigid Harrison": lower-case role words in front
            role = title_before(self.masked, mention.start, max(0, mention.start - 60))
            if role:
                self._add_title(person, role)
        if gender:
            person.gender = person.gender or gender
            person.evident = True

    def _appositive(self, mention: Mention) -> None:
        """ "Jo Smith, a professor at Seton Hall," makes Jo Smith a person with a title (for a
        person's mention followed by a comma), and so does an age ("Jo Smith, 75,")."""
        aged = _AGE_RE.match(self.masked, mention.end) and " " in mention.name
        if aged and (person := self.person(mention.name, mention.start)) is not None:
            person.evident = True
        match = _APPOSITIVE_RE.match(self.masked, mention.end) or _LONG_APPOSITIVE_RE.match(
            self.masked, mention.end
        )
        if not match or not role_words(match.group(1)):
            return
        first, *rest = match.group(1).lower().split()
        verb_led = _verb_only(first) and not (rest and role_words(rest[0]))
        if first in _PREPOSITIONS or verb_led:
            # "Ana Ruiz, at the harbor,", "Ana Ruiz, met the mayor,": no role of hers (but
            # "Ana Ruiz, elected mayor in 2010," is the mayor)
            return
        person = self.person(mention.name, mention.start)
        if person is not None:
            self._add_title(person, _ARTICLE_RE.sub("", match.group(1)))

    def described_before(self, mention: Mention) -> str | None:
        """The description with a role that a name set off by commas follows ("harbor chief"
        in "the harbor chief, Ana Ruiz, said"; not in a list: "the mayor, Ana Ruiz, and…")."""
        masked = self.masked
        if not masked.startswith(", ", mention.start - 2) or mention.is_org:
            return None
        if not _APPOSITION_CLOSE_RE.match(masked, mention.end):
            return None
        found = _ROLE_BEFORE_RE.search(masked, max(mention.start - 80, 0), mention.start - 2)
        return found.group(1) if found and role_words(found.group(1)) else None

    @staticmethod
    def _add_title(person: Person, title: str) -> None:
        gender = gender_of_words(title)
        person.gender = person.gender or gender
        roles = role_words(title)
        if roles or gender:
            person.evident = True
        if roles and person.title is None:
            person.title = _ANY_CASE_ARTICLE_RE.sub("", title)
        person.roles |= roles

    def _same_family_name(self, name: str, position: int, title: str | None) -> Person | None:
        """The person known by a longer or shorter form of a multi-word family name: "De
        Blasio" is "Bill de Blasio"; "Ildefonso Guajardo Villarreal" after "Guajardo
        Villarreal" makes that person's name the longer one (unless the longer one opens a
        sentence without a title in front: "Using Ted Cruz")."""
        lowered = " " + name.lower()
        tokens = name.split()
        for person in self._by_last.get(family_name(name), []):
            known = " " + person.full.lower()
            known_tokens = person.full.split()
            if known.endswith(lowered) and self._given(known_tokens[: -len(tokens)]):
                self._people[name] = person
                return person
            if (
                lowered.endswith(known)
                and len(known_tokens) > 1
                and self._given(tokens[: -len(known_tokens)])
                and (
                    title
                    or not _SENTENCE_END_RE.search(self.masked, max(0, position - 4), position)
                )
            ):
                person.full = name
                self._people[name] = person
                return person
        return None

    def add_nickname(self, nickname: str, position: int) -> None:
        """Robert C. "Bobby" Scott: "Bobby Scott" is also that person."""
        index = bisect_left(self.starts, position) - 1
        if index < 0 or not self.mentions[index].start < position < self.mentions[index].end:
            return
        person = self.person(self.mentions[index].name, position)
        if person is None:
            return
        alias = f"{nickname} {person.full.split()[-1]}"
        twin = self._people.get(alias)
        if twin is not None and twin is not person:  # "Bobby Scott" seen on its own: merged
            for group in (self._by_last[family_name(alias)], self._by_first[_lower_key(nickname)]):
                if twin in group:
                    group.remove(twin)
            person.count += twin.count
            person.evident = person.evident or twin.evident
        self._people[alias] = person
        self._changed()

    def _written_lower(self, word: str) -> bool:
        """Whether the article writes this word in lower case somewhere (outside quotes)."""
        known = self._lower_case.get(word)
        if known is None:
            known = self._lower_case[word] = _has_word(self.masked, word)
        return known

    def _given(self, tokens: list[str]) -> bool:
        """Whether words in front of a known name are more of the name, not common words (a
        common given name is a name even where the article writes it in lower case: "bill")."""
        return all(
            _PERSON_TOKEN_RE.fullmatch(token)
            and (_is_given_name(token) or not self._written_lower(token.lower()))
            and token.lower() not in ANY_TITLES
            for token in tokens
        )

    def _best_by_last(self, name: str, position: int, gender: str | None = None) -> Person | None:
        """The person a family name (with a given name, or a title showing `gender`: "Mrs.
        Dorsey") most likely refers to: the one named most often, then most recently."""
        candidates = self._by_last.get(family_name(name), [])
        tokens = name.split()
        if len(candidates) < 2 and len(tokens) < 2:
            return candidates[0] if candidates else None
        longer = [p for p in candidates if len(p.full.split()) > 1]
        candidates = longer or candidates
        if len(tokens) > 1:
            # the same first name, or the end of a longer name ("De Blasio" of "Bill de
            # Blasio", "Wasserman Schultz" of "Debbie Wasserman Schultz")
            first = _lower_key(tokens[0])
            tail = " " + name.lower()
            candidates = [
                p
                for p in candidates
                if _lower_key(p.full.split()[0]) == first or p.full.lower().endswith(tail)
            ]
        if gender is None and len(tokens) == 1:
            gender = self._bare_gender.get(family_name(name))
        if gender and len(candidates) > 1:
            candidates = [p for p in candidates if _gender_of(p) == gender] or candidates
        if not candidates:
            return None
        return max(candidates, key=lambda p: (p.count, -abs(position - p.last_seen)))

    def person(self, name: str, position: int, *, misspelt: bool = False) -> Person | None:
        """The person a name mention refers to, if the article names such a person (with
        `misspelt`, also a family name one letter off a known one)."""
        if self._looked_up is None:  # the table is still growing
            return self._find_person(name, position, misspelt)
        key = (name, position, misspelt)
        if key not in self._looked_up:
            self._looked_up[key] = self._find_person(name, position, misspelt)
        return self._looked_up[key]

    def _changed(self) -> None:
        """Forget the people looked up so far: the table has changed."""
        if self._looked_up is not None:
            self._looked_up.clear()

    def _find_person(self, name: str, position: int, misspelt: bool) -> Person | None:
        title, bare = self.split(name)
        if is_org(bare):
            return None
        gender = gender_of_words(title) if title else None
        person = self._people.get(bare) or self._best_by_last(bare, position, gender)
        if person is None and len(bare.split()) == 1:
            by_first = self._by_first.get(_lower_key(bare), [])
            if len(by_first) == 1 and not self._before_common_noun(by_first[0]):
                person = by_first[0]
            elif misspelt and not by_first:
                person = self._misspelt(bare)
        return person

    def _before_common_noun(self, person: Person) -> bool:
        """Whether a "person" is a family name before a noun ("Trump Train", "Obama
        Doctrine"): the second word is written in lower case elsewhere, or it is an English
        noun that never stands alone as a name. Then the first word alone is not this one's
        first name."""
        first, _, rest = person.full.partition(" ")
        if " " in rest or _is_given_name(first):
            return False
        key = _lower_key(rest)
        if self._written_lower(key):
            return True
        if self._alone is None:
            self._alone = {m.name for m in self.mentions if " " not in m.name}
        return rest not in self._alone and "NOUN" in lemminflect.getAllLemmas(key)

    def _misspelt(self, name: str) -> Person | None:
        """The one person whose family name is a letter away from `name` ("Wimes" written
        "Wines" once): a misspelling, not somebody new."""
        key = _lower_key(name)
        if len(key) < 5 or not name[:1].isupper():
            return None
        if key in self._misspellings:
            return self._misspellings[key]
        close = [
            people
            for last, people in self._by_last.items()
            if people and last[:1] == key[:1] and _one_edit(last, key)
        ]
        found = close[0][0] if len(close) == 1 and len(close[0]) == 1 else None
        self._misspellings[key] = found
        return found

    def note_speaker(self, name: str, position: int, title: str | None) -> None:
        """Record that the article has this name speak (so it is a person), with a title."""
        person = self.person(name, position, misspelt=True)
        if person is None:
            _, bare = self.split(name)
            if is_org(bare) or not bare:
                return
            person = Person(bare, count=1, last_seen=position)
            self._people[bare] = person
            self._by_last[family_name(bare)].append(person)
            self._changed()
        person.evident = True
        if title:
            self._add_title(person, title)

    def canonical(self, name: str, position: int) -> tuple[str, str | None, str | None]:
        """(fullest name, title, gender) for a mention of a person or organisation."""
        title, bare = self.split(name)
        if is_org(bare):
            if bare.isupper() and bare in self._acronyms:
                return self._acronyms[bare], None, None  # "IMF": the name it stands for
            return (bare if title else name), None, None
        person = self.person(name, position, misspelt=True)
        if person is None:
            gender = gender_of_words(title or "") or _first_name_gender(bare)
            return bare, title, gender
        return person.full, person.title or title, person.gender

    def _sentences(self, sentence_starts: list[int]) -> Iterator[tuple[int, int, int, int]]:
        """(start, end) of each sentence, and the range [first, last) of its mentions."""
        ends = [*sentence_starts[1:], len(self.masked)]
        for start, end in zip(sentence_starts, ends, strict=True):
            yield start, end, bisect_left(self.starts, start), bisect_left(self.starts, end)

    def infer_genders(self, sentence_starts: list[int]) -> None:
        """Give people whose gender is unknown the one the article's pronouns show: a
        sentence naming one such person as its subject, with only "he/his/him" (or only
        "she/her") after the name or opening the next sentence, and no one else named there
        whom these pronouns could mean ("Carly Fiorina threw her support behind Sen. Ted
        Cruz": "her" is not his) and no pronoun before it. Conflicting evidence across the
        article leaves the gender unknown."""
        votes: dict[int, tuple[Person, set[str]]] = {}
        mentions = self.mentions
        for start, end, first, last in self._sentences(sentence_starts):
            if first == last or not (
                _PRONOUN_RE.search(self.masked, mentions[first].end, end)
                or OPENING_PRONOUN_RE.match(self.masked, end)
            ):
                continue  # no one named, or no pronoun after the first name: no evidence
            people = [
                (m, person)
                for m in mentions[first:last]
                if not m.is_org and (person := self.person(m.name, m.start)) is not None
            ]
            unknown = [(m, p) for m, p in people if p.gender is None]
            if len(unknown) != 1:
                continue
            mention, person = unknown[0]
            if (
                not mention.subject
                or mention.possessive
                or _PRONOUN_RE.search(self.masked, start, mention.start)
            ):
                continue  # a pronoun before the name: the sentence is about someone else
            found = {
                "f" if word.lower() in _FEMALE_PRONOUNS else "m"
                for word in _PRONOUN_RE.findall(self.masked, mention.end, end)
            }
            opening = OPENING_PRONOUN_RE.match(self.masked, end)
            if opening:
                found.add("m" if opening.group(1) == "He" else "f")
            found -= {p.gender for _, p in people}
            if len(found) == 1:
                votes.setdefault(id(person), (person, set()))[1].update(found)
        for person, genders in votes.values():
            if len(genders) == 1:
                person.gender = genders.pop()
                person.evident = True

    def settle_family_names(self, sentence_starts: list[int]) -> None:
        """Where the article names a man and a woman of one family name ("Bill Ruiz", "Maria
        Ruiz"), which of them the family name alone means: news writing keeps it for one of
        them, and the pronouns after it show which where it opens a sentence as its subject
        ("Ruiz allowed her staff…"). Only when all such sentences agree."""
        mixed = {family for family in self._by_last if self._man_and_woman(family)}
        if not mixed:
            return  # most articles: nothing to settle, no sentence read
        shown: dict[str, set[str]] = {}
        for start, end, first, last in self._sentences(sentence_starts):
            people = [m for m in self.mentions[first:last] if not m.is_org]
            if not people:
                continue
            subject = people[0]  # "Vale said Ruiz…": what follows is Vale's
            family = family_name(subject.name)
            if (
                " " in subject.name
                or subject.title
                or not subject.subject
                or subject.possessive
                or family not in mixed
                or _PRONOUN_RE.search(self.masked, start, subject.start)
            ):
                continue
            until = people[1].start if len(people) > 1 else end  # no one else named between
            found = {
                "f" if word.lower() in _FEMALE_PRONOUNS else "m"
                for word in _PRONOUN_RE.findall(self.masked, subject.end, until)
            }
            if len(people) == 1 and (opening := OPENING_PRONOUN_RE.match(self.masked, end)):
                found.add("m" if opening.group(1) == "He" else "f")
            if len(found) == 1:
                shown.setdefault(family, set()).update(found)
        self._bare_gender = {
            family: genders.pop() for family, genders in shown.items() if len(genders) == 1
        }
        if self._bare_gender:
            self._changed()

    def _man_and_woman(self, family: str) -> bool:
        """Whether the article names a man and a woman in full with this family name."""
        genders = {_gender_of(p) for p in self._by_last.get(family, ()) if " " in p.full}
        return {"m", "f"} <= genders

    def people_between(self, start: int, end: int) -> list[tuple[Mention, Person]]:
        """Mentions of evident people that start in [start, end), with the person."""
        found = []
        for index in range(bisect_left(self.starts, start), bisect_left(self.starts, end)):
            mention = self.mentions[index]
            if mention.is_org:
                continue
            person = self.person(mention.name, mention.start)
            if person is not None and person.evident:
                found.append((mention, person))
        return found


def _has_word(text: str, word: str) -> bool:
    """Whether `word` occurs in `text` as a whole word."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if not _in_word(before) and not _in_word(after):
            return True
        at = text.find(word, end)
    return False


def _in_word(char: str) -> bool:
    return char.isalnum() or char in "’'-_"


def _one_edit(a: str, b: str) -> bool:
    """Whether two different words are one substitution, insertion or deletion apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            rest = index + 1 if len(a) == len(b) else index
            return a[rest:] == b[index + 1 :]
    return True


def _after_description(text: str, start: int) -> bool:
    """Whether a preposition and a description ending in a noun stand right before `start`
    ("of Hollywood legend", "by family patriarch", "to actor")."""
    if start < 2 or not text[start - 2].islower():
        return False  # no lower-case word ends right before the name
    if not _noun(text[text.rfind(" ", max(start - 30, 0), start - 1) + 1 : start - 1]):
        return False
    before = text[max(start - 60, 0) : start].split()[-5:-1]
    for i, word in enumerate(reversed(before)):
        # the words between: none, a lower-case one, a capitalised one, or one of each; or
        # up to three ending in a lower-case one ("by former U.N. secretary general")
        between = " ".join(before[len(before) - i :])
        if word in _PREPOSITIONS and (
            _DESCRIPTION.fullmatch(between) or _LONG_DESCRIPTION.fullmatch(between)
        ):
            return True
    return False


@lru_cache(maxsize=4096)
def _noun(word: str) -> bool:
    return word.isalpha() and "NOUN" in lemminflect.getAllLemmas(word)


def _word_before(text: str, start: int, end: int) -> tuple[str, int] | None:
    """The word before the blanks that end text[start:end] (cut off at `start`), and where it
    starts; None when no blank ends it. (A blank may stand before a final newline.)"""
    if end <= start:
        return None
    match = _WORD_BEFORE_BACKWARDS_RE.match(text[end - 1 : start - 1 if start else None : -1])
    return (match.group(1)[::-1], end - match.end()) if match else None


def title_before(masked: str, name_start: int, floor: int) -> str | None:
    """Role words just before a name ("White House press secretary" before "Josh Earnest"),
    or None when the word next to the name is not a role."""
    position = name_start
    first = None
    while position > floor:
        found = _word_before(masked, max(floor, position - 40), position)
        if not found:
            break
        word, word_start = found
        lowered = TITLE_NORMAL.get(word.lower(), word.lower())
        if first is None and lowered not in ROLE_WORDS:
            return None
        if first is not None and not (
            lowered in ROLE_WORDS or lowered in TITLE_MODIFIERS or word[0].isupper()
        ):
            break
        if lowered in LEADING_WORDS and lowered not in TITLE_MODIFIERS:
            break
        first = position = word_start
    if first is None:
        return None
    words = masked[first:name_start].split()
    while words and words[0].lower() in ("of", "the", "and"):
        words = words[1:]
    return " ".join(words) or None
