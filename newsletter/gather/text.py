"""Whether decoded text is readable text: the one check every source makes before an article is
kept (a folder's file, a feed's entry, a web page).

Text that is not text is skipped with the reason in the run report:

- **not characters**: a binary file, or a document decoded with the wrong character set, shows
  as control characters (other than tab and line breaks), U+FFFD replacement characters,
  private-use or unassigned code points;
- **mojibake**: words whose letters no language writes together. UTF-8 read as Windows-1252
  (`cafÃ©`, `â€œ`) is recognised by ftfy's badness heuristic; an 8-bit Greek or Cyrillic text
  read as Windows-1252 (`Ìýð ãîðîäà`) is made almost only of accented Latin letters; a word
  mixing letters of two scripts (Latin and Greek or Cyrillic) is the mark of a wrong encoding
  too.

One mangled name in a long article (`GuantÃ¡namo` in an otherwise clean text, as real feeds
have) keeps the article: only a share of implausible words over `MAX_IMPLAUSIBLE_WORDS` skips
it. The thresholds were set on real English news texts and on those texts mangled, and on
Greek, Russian and French texts written for the tests (`bench/text_check.py` prints them).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ftfy.badness import is_bad

__all__ = ["MAX_IMPLAUSIBLE_WORDS", "MAX_NOT_CHARACTERS", "TextVerdict", "not_text", "verdict"]

MAX_NOT_CHARACTERS = 0.02
"""Largest share of control, replacement, private-use or unassigned characters."""
MAX_IMPLAUSIBLE_WORDS = 0.015
"""Largest share of words whose letters no language writes together."""

_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_NOT_CHARACTERS = frozenset({"Cc", "Co", "Cn", "Cs"})
_WORD = re.compile(r"\S+")
_UNUSUAL = re.compile(r"[^\w\s!-~\u00a0-\u00ff\u2010-\u2027]")
"""What may be no character: not a letter, a digit, a blank, ASCII or Latin-1 punctuation or a
dash or quote mark (none of which is a control, private-use or unassigned character)."""
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_LATIN1_LETTERS = range(0xC0, 0x100)
_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC", "ARMENIAN", "HEBREW", "ARABIC", "GEORGIAN")


@dataclass(frozen=True)
class TextVerdict:
    """The measures a decision was made on."""

    not_characters: float
    """Share of the non-blank characters that are not characters of any text."""
    implausible_words: float
    """Share of the words whose letters no language writes together."""
    example: str | None = None
    """The first implausible word, shown in the reason."""

    @property
    def reason(self) -> str | None:
        """Why the text is not text, or None when it is."""
        if self.not_characters > MAX_NOT_CHARACTERS:
            return (
                f"not text: {self.not_characters:.0%} of its characters are control or "
                "replacement characters (a binary file, or the wrong character set)"
            )
        if self.implausible_words > MAX_IMPLAUSIBLE_WORDS:
            return (
                f"not text: {self.implausible_words:.0%} of its words mix letters no language "
                f"writes together, such as {self.example!r} (mojibake: read with the wrong "
                "character set)"
            )
        return None


def _is_not_character(char: str) -> bool:
    if char == "\ufffd":
        return True
    return char not in _ALLOWED_CONTROLS and unicodedata.category(char) in _NOT_CHARACTERS


def _script(char: str) -> str | None:
    name = unicodedata.name(char, "")
    return next((s for s in _SCRIPTS if name.startswith(s)), None)


def _implausible(word: str) -> bool:
    """Whether a word's letters are mojibake rather than any language's spelling."""
    return not word.isascii() and _implausible_unusual(word)


@lru_cache(maxsize=65536)  # words repeat, within an article and across the day's
def _implausible_unusual(word: str) -> bool:
    """`_implausible` for a word with a character beyond ASCII (“quoted”, café, cafÃ©)."""
    letters = [c for c in word if c.isalpha()]
    for run in _LETTER_RUN.findall(word):  # "β-blocker" is two runs, and fine
        if len({_script(c) for c in run} - {None}) > 1:
            return True
    latin1 = sum(1 for c in letters if ord(c) in _LATIN1_LETTERS)
    if len(letters) >= 4 and latin1 * 2 > len(letters):
        return True
    return is_bad(word)


def verdict(text: str) -> TextVerdict:
    """Measure `text` (see the module docstring)."""
    words = _WORD.findall(text)
    visible = sum(map(len, words))
    if not visible:
        return TextVerdict(0.0, 0.0)
    unusual = _UNUSUAL.findall(text)  # each of the others is a character
    not_characters = sum(1 for c in unusual if _is_not_character(c)) / visible
    implausible = [w for w in words if _implausible(w)]
    return TextVerdict(
        not_characters=not_characters,
        implausible_words=len(implausible) / len(words),
        example=implausible[0] if implausible else None,
    )


def not_text(text: str) -> str | None:
    """Why `text` is not readable text (a binary file, mojibake), or None when it is."""
    return verdict(text).reason
