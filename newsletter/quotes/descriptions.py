"""How the article describes the people it names, and whom a description refers to by that.

Owns: reading the words an article sets next to a name (a title or role in front, "business
mogul Ann Ruiz", "Mayor Ann Ruiz"; an apposition or a "who is" clause behind, "Ruiz, the
mayor,", "Ruiz, who is a former aide to ...") and matching a description ("the mogul", "the
former aide") against them. Whether to fall back on the person in focus when nothing matches
is `resolution`'s decision.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from .lexicon import (
    HONORIFICS,
    LEADING_WORDS,
    PERSON_NOUNS,
    ROLE_WORDS,
    TITLE_MODIFIERS,
    TITLE_NORMAL,
    TITLE_WORDS,
    words,
)
from .names import NameTable, Person, gender_of_words

__all__ = ["Describer", "Description"]

_B = r"[ \t\u00a0]"
_BEFORE_NAME_BACKWARDS_RE = re.compile(rf"\n?((?:{_B}+[\w’'.-]+){{1,6}})")
"""Up to six words, each with the blanks after it, that end a window (read backwards from its
end, where a line break may follow them)."""
_AFTER_NAME_RE = re.compile(
    rf",{_B}+(?:who{_B}+(?:is|was|has{_B}+been|had{_B}+been|served{_B}+as|became){_B}+)?"
    rf"([^,.;:()\x01\n]{{2,80}}?)(?=[,.;:()\x01\n]|$)"
)
_FORMS = {
    full: (full, *(short for short, normal in TITLE_NORMAL.items() if normal == full))
    for full in set(TITLE_NORMAL.values())
}
"""The ways a role word is written ("senator", "sen."), to look for it in lower case."""
_CHANGERS = words("former vice deputy assistant acting interim outgoing incoming ex")
"""Words that make a role another one: a former senator is not the senator."""
_NOT_HEADS = LEADING_WORDS | HONORIFICS | words("dr")
_FILLERS = words("the a an his her their its and of")
_STOPS = (LEADING_WORDS | words("said says told tells")) - TITLE_MODIFIERS - ROLE_WORDS
"""Words that end the role words read backwards from a name."""
_PHRASE_ENDS = words("to of for at in with from on who that which and")
_CHANGER_REACH = 2
"""How many words in front of a role word can change it ("former top aide")."""


@dataclass(frozen=True, slots=True)
class Description:
    """A description's head noun ("aide"), the words in front of it, the words among them
    that change the role ("former") and the gender its words show."""

    head: str
    modifiers: frozenset[str]
    changers: frozenset[str]
    gender: str | None

    @classmethod
    def read(cls, head_words: list[str]) -> Description | None:
        """The description of these words ("former top aide"), None without a head noun."""
        tokens = _normal_tokens(head_words)
        if not tokens or tokens[-1] in _NOT_HEADS or not tokens[-1][:1].isalpha():
            return None
        head, modifiers = tokens[-1], frozenset(tokens[:-1]) - _FILLERS
        return cls(
            head,
            modifiers,
            _changers(tokens, len(tokens) - 1),
            gender_of_words(" ".join(head_words)),
        )

    def score(self, phrase: list[str]) -> int:
        """How well a phrase set next to a name fits: 0 unless it holds the head noun changed
        by the same words; then one more for each other word of the description it holds."""
        if self.head not in phrase:
            return 0
        at = len(phrase) - 1 - phrase[::-1].index(self.head)
        if _changers(phrase, at) != self.changers:
            return 0
        if self.head not in PERSON_NOUNS and not _ends_noun_phrase(phrase, at):
            return 0  # "convention" in "convention spokesman" is not a convention
        return 1 + len(self.modifiers & set(phrase))


class Describer:
    """The descriptions next to the names of one article, read once per mention."""

    def __init__(self, names: NameTable, sentence_of: Callable[[int], int]) -> None:
        self.names = names
        self.sentence_of = sentence_of
        self._lowered = names.masked.lower()
        self._phrases: dict[int, tuple[list[str], ...]] = {}
        self._found: dict[tuple[Description, int], list[Person]] = {}

    def people(self, description: Description, position: int) -> list[Person]:
        """The people named before `position` whom the article describes best with these
        words: the one of them mentioned last, or all of them when two were last mentioned in
        the same sentence (nothing tells them apart); empty when nobody fits."""
        key = (description, position)
        if key not in self._found:
            self._found[key] = (
                self._people(description, position)
                if self._written(description.head, position)
                else []
            )
        return self._found[key]

    def _written(self, head: str, position: int) -> bool:
        """Whether the head noun, or an abbreviation of it, occurs before `position`."""
        return any(self._lowered.find(form, 0, position) >= 0 for form in _FORMS.get(head, (head,)))

    def _people(self, description: Description, position: int) -> list[Person]:
        names = self.names
        fitting: dict[int, tuple[int, Person]] = {}  # by id: (score, person)
        for index in range(bisect_left(names.starts, position) - 1, -1, -1):
            mention = names.mentions[index]
            if mention.is_org:
                continue
            score = max(map(description.score, self._phrases_of(index)), default=0)
            person = names.person(mention.name, mention.start) if score else None
            if person is None or _other_gender(person, description):
                continue
            score += bool(description.gender and person.gender == description.gender)
            if score > fitting.get(id(person), (0, person))[0]:
                fitting[id(person)] = (score, person)
        top = max((score for score, _ in fitting.values()), default=0)
        best = [person for score, person in fitting.values() if score == top]
        if len(best) < 2:
            return best
        seen = self._last_seen(position, best)
        best.sort(key=lambda person: -seen[id(person)])
        if self.sentence_of(seen[id(best[0])]) != self.sentence_of(seen[id(best[1])]):
            return best[:1]
        return best

    def _last_seen(self, position: int, people: list[Person]) -> dict[int, int]:
        """Where each of these people was last named before `position` (by id)."""
        wanted = {id(person) for person in people}
        seen: dict[int, int] = {}
        names = self.names
        for index in range(bisect_left(names.starts, position) - 1, -1, -1):
            mention = names.mentions[index]
            person = None if mention.is_org else names.person(mention.name, mention.start)
            if person is not None and id(person) in wanted:
                seen.setdefault(id(person), mention.start)
                if len(seen) == len(wanted):
                    break
        return seen

    def _phrases_of(self, index: int) -> tuple[list[str], ...]:
        if index not in self._phrases:
            self._phrases[index] = self._read_phrases(index)
        return self._phrases[index]

    def _read_phrases(self, index: int) -> tuple[list[str], ...]:
        """The role words in front of a mention (with its title) and the apposition behind."""
        mention = self.names.mentions[index]
        masked = self.names.masked
        floor = max(0, mention.start - 80)
        if index:  # not into the name before: "Governor Chris Christie accused Cruz"
            floor = max(floor, self.names.mentions[index - 1].end)
        backwards = masked[mention.start - 1 : floor - 1 if floor else None : -1]
        before = _BEFORE_NAME_BACKWARDS_RE.match(backwards) if mention.start > floor else None
        front = _words_in_front(before.group(1)[::-1].split() if before else [])
        front += _normal_tokens((mention.title or "").split())
        phrases = [front]
        if described := self.names.described_before(mention):  # "the harbor chief, Ana Ruiz,"
            phrases.append(_normal_tokens(described.split()))
        after = _AFTER_NAME_RE.match(masked, mention.end) if not mention.possessive else None
        if after:
            behind = _up_to_complement(_normal_tokens(after.group(1).split()))
            if behind and (behind[0] in _FILLERS or behind[0] in ROLE_WORDS | TITLE_MODIFIERS):
                phrases.append(behind)
        return tuple(phrases)


def _words_in_front(tokens: list[str]) -> list[str]:
    """The role words that end `tokens`, read back to a function word, a possessor ("Ruiz’s
    aide") or a sentence end."""
    kept: list[str] = []
    for token in reversed(tokens):
        lowered = token.lower()
        if (
            lowered in _STOPS
            or lowered.endswith(("’s", "'s"))
            or (lowered.endswith(".") and lowered not in TITLE_WORDS)
        ):
            break
        kept.append(token)
    return _normal_tokens(kept[::-1])


def _normal_tokens(tokens: list[str]) -> list[str]:
    """Lower-cased words without the punctuation around them, titles in their usual form
    ("Sen." -> "senator")."""
    normal = []
    for token in tokens:
        lowered = token.lower()
        lowered = TITLE_NORMAL.get(lowered, lowered).strip("’'\"“”,;:()")
        if lowered:
            normal.append(TITLE_NORMAL.get(lowered, lowered))
    return normal


def _up_to_complement(phrase: list[str]) -> list[str]:
    """The words before the first that starts a complement: "a spokesman" of "a spokesman
    for the convention"."""
    for at, word in enumerate(phrase):
        if word in _PHRASE_ENDS:
            return phrase[:at]
    return phrase


def _ends_noun_phrase(phrase: list[str], at: int) -> bool:
    return at + 1 == len(phrase) or phrase[at + 1] in _PHRASE_ENDS


def _changers(tokens: list[str], at: int) -> frozenset[str]:
    return frozenset(tokens[max(0, at - _CHANGER_REACH) : at]) & _CHANGERS


def _other_gender(person: Person, description: Description) -> bool:
    return bool(description.gender and person.gender and person.gender != description.gender)
