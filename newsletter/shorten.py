"""Shortening text for a reader: headlines, subjects and preheaders cut where a phrase ends.

A cut never leaves a dangling article, preposition or conjunction ("…a team in the…"): it
falls at the last clause boundary (a comma, colon, semicolon, dash or parenthesis) that keeps
at least half the room, with no ellipsis since the clause is whole; else after the last whole
word that can end a phrase, with an ellipsis. Lists (a preheader's headlines) keep whole items.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["join_within", "shorten"]

ELLIPSIS = "…"
_CLAUSE_END = re.compile(r"[,;:](?=\s)|\s[—–-](?=\s)|\s(?=\()")
# Words that cannot end a phrase: articles, prepositions, conjunctions, possessives, auxiliaries.
_DANGLING_WORDS = """
    a an the of in on at to for from by with without into onto over under after before about
    above below between than as and or but nor so yet if that which who whom whose its their his
    her our your my this these those is are was were be been will would can could should may
    might has have had not no new next last more most very such some any all each every both
    other another
"""
_DANGLING = frozenset(_DANGLING_WORDS.split())
_TRAILING = ",;:—–-·/&( "


def _ends_a_phrase(word: str) -> bool:
    return word.lower().strip("\"'“”‘’.,;:") not in _DANGLING


def shorten(text: str, limit: int) -> str:
    """The text when it fits `limit` characters; else its longest head that ends a clause or
    a phrase (see the module docstring)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    ends = [m.start() for m in _CLAUSE_END.finditer(text, 0, limit + 1) if m.start() >= limit // 2]
    if ends:
        return text[: ends[-1]].rstrip(_TRAILING)
    room = limit - len(ELLIPSIS)
    words = text[:room].split(" ")
    if text[room] != " ":
        words.pop()  # the last word does not fit whole
    while len(words) > 1 and not _ends_a_phrase(words[-1]):
        words.pop()
    if not words or not words[0]:
        return text[: limit - len(ELLIPSIS)] + ELLIPSIS  # one word longer than the room
    return " ".join(words).rstrip(_TRAILING) + ELLIPSIS


def join_within(items: Iterable[str], limit: int, separator: str = " · ") -> str:
    """As many whole items as fit in `limit` characters, joined; the first item is shortened
    (at a phrase boundary) only when it alone does not fit."""
    items = list(items)
    chosen: list[str] = []
    for item in items:
        candidate = separator.join([*chosen, item])
        if len(candidate) > limit:
            break
        chosen.append(item)
    if chosen:
        return separator.join(chosen)
    return shorten(items[0], limit) if items else ""
