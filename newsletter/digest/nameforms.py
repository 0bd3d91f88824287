"""Other forms of a name: "Democratic" of "Democrats", "Mexican" of "Mexico", "Americans" of
"U.S.", "Britain's" of "British".

A word is a form of a name the source capitalises when both come down to one root once a
possessive, a plural and one demonym or adjective ending are taken off ("Americans" →
"American" → "America"; "Mexico" and "Mexican" → "Mexic"), or when an irregular pair of
IRREGULAR links them ("British" / "Britain" / "U.K."). Roots are at least MIN_ROOT letters, and
only words the source capitalises count, so an invented name ("Canadian" where the source says
Mexico, "Republican" where it says Democrats) still has no form in the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["IRREGULAR", "MIN_ROOT", "NameForms", "handle_words", "roots"]

MIN_ROOT = 4
# Demonym and adjective endings, longest first: "Canad|ian", "Chin|ese", "Democrat|ic"; and
# the land of a people: "Afghan|istan", "Kazakh|stan".
_ENDINGS = ("istan", "stan", "ian", "ese", "ish", "ic", "an", "n", "i", "a", "o", "y")
# Places whose people or adjective are not their name with an ending, and other names of a
# country; each group is one name in its forms.
_IRREGULAR = (
    "america american americans us usa",
    "britain british briton britons uk england english",
    "france french",
    "spain spanish spaniard spaniards",
    "netherlands holland dutch",
    "switzerland swiss",
    "wales welsh",
    "ireland irish",
    "scotland scottish scots",
    "greece greek greeks",
    "philippines filipino filipinos",
    "turkey turkish turk turks",
    "sweden swedish swede swedes",
    "denmark danish dane danes",
    "poland polish pole poles",
    "finland finnish finn finns",
    "thailand thai thais",
    "iceland icelandic icelander icelanders",
    "gop republican republicans",
    # the states as news shortens them ("Alexandria, Va.", "Sen. Ana Ruiz (D-Conn.)")
    "alabama ala", "arizona ariz", "arkansas ark", "california calif", "colorado colo",
    "connecticut conn", "delaware del", "florida fla", "georgia ga", "illinois ill",
    "indiana ind", "kansas kan kans", "kentucky ky", "louisiana la", "maryland md",
    "massachusetts mass", "michigan mich", "minnesota minn", "mississippi miss",
    "missouri mo", "montana mont", "nebraska neb", "nevada nev", "oklahoma okla",
    "oregon ore", "pennsylvania pa", "tennessee tenn", "texas tex", "vermont vt",
    "virginia va", "washington wash", "wisconsin wis", "wyoming wyo",
)  # fmt: skip
_PHRASES = {  # names of two words, and their short forms
    "united states": "us", "united kingdom": "uk", "united nations": "un", "new hampshire": "nh",
    "new jersey": "nj", "new mexico": "nm", "new york": "ny", "north carolina": "nc",
    "north dakota": "nd", "rhode island": "ri", "south carolina": "sc", "south dakota": "sd",
    "west virginia": "wva",
}  # fmt: skip
IRREGULAR: dict[str, frozenset[str]] = {
    word: group for line in _IRREGULAR for group in [frozenset(line.split())] for word in group
}


_HANDLE = re.compile(r"(?<![\w.])@(\w{2,30})")
_HANDLE_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")  # "JoeNBC": "Joe", "NBC"


def handle_words(text: str) -> list[str]:
    """The words of each social media handle in `text`, a name in another form: "@Morning_Joe"
    is "Morning" and "Joe", "@SpeakerRyan" "Speaker" and "Ryan", "@JoeNBC" "Joe" and "NBC"."""
    return [
        word
        for handle in _HANDLE.findall(text)
        for part in handle.split("_")
        for word in _HANDLE_WORD.findall(part)
    ]


def _plain(word: str) -> str:
    """Lower case without a possessive or punctuation: "U.S." is "us", "Britain's" "britain"."""
    word = word.replace("’", "'").lower()
    word = re.sub(r"'s?$", "", word)
    return re.sub(r"[^\w]", "", word)


def roots(word: str) -> frozenset[str]:
    """The roots `word` may come from: itself, without a plural, and each of those without one
    ending; none shorter than MIN_ROOT."""
    word = _plain(word)
    bases = {word, word[:-1] if word.endswith("s") else word}
    found = set(bases)
    for base in bases:
        found.update(base[: -len(e)] for e in _ENDINGS if base.endswith(e))
    return frozenset(r for r in found if len(r) >= MIN_ROOT)


class NameForms:
    """The names a source capitalises, ready to say whether a word is another form of one."""

    def __init__(self, capitalised: Iterable[str]) -> None:
        names = {_plain(w) for w in capitalised}
        names |= {w for long, short in _PHRASES.items() if short in names for w in long.split()}
        self.names = frozenset(n for n in names if n)
        self.roots = frozenset(r for n in self.names for r in roots(n))

    @classmethod
    def of(cls, source: str) -> NameForms:
        """The capitalised words of `source`, "United States" read as "US" and "U.S." as
        "United States"."""
        words = re.findall(r"\b[A-Z][\w’'.]*", source)
        lowered = source.lower()
        phrases = [short for long, short in _PHRASES.items() if long in lowered]
        return cls([*words, *phrases])

    def knows(self, word: str) -> bool:
        """Whether `word` is the source's name in another form."""
        plain = _plain(word)
        if plain in self.names:
            return True
        if plain in IRREGULAR and IRREGULAR[plain] & self.names:
            return True
        return bool(roots(plain) & self.roots)
