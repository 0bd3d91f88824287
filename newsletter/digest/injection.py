"""Text inside an article that addresses the model instead of the reader (prompt injection).

Article text is data. `find` looks for the ways text speaks to a language model: orders to
drop its instructions ("ignore previous instructions", in several languages), a new identity
("you are now…", "as an AI…"), chat-role and system-prompt look-alikes ("system:",
"<|im_start|>", "[INST]", "### Instruction"), notes to "the AI summarizer", and sentence-initial
orders to write or quote something. What is flagged runs from the start of the sentence with
the cue to the end of its paragraph, where an injection's payload usually is.

What is flagged is never evidence: `without` blanks it (keeping every offset), and the
grounding gate, the quote candidates and the extractive summary read that text; `repeated` finds
the words a reply can only have taken from it. A false alarm costs little: the paragraph is not
used as evidence and the story is not the edition's lead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Injection", "Screened", "find", "repeated", "screen", "without"]

_PREVIOUS = (
    r"(?:previous|prior|above|earlier|preceding|foregoing|former|original|initial|existing|"
    r"system|all(?:\s+(?:of\s+)?(?:the|your|my))?|your|any)"
)
_ORDERS = (
    r"(?:instructions?|prompts?|directions|rules|guidelines|guidance|directives|programming|"
    r"context)"
)
_MODEL = (
    r"(?:AI|A\.I\.|LLMs?|(?:large\s+)?language\s+model|chat\s?bot|assistant|"
    r"summari[sz]er|model|bot)"
)

_CUES = [
    # English: drop your instructions / take on a new role
    rf"\b(?:ignore|disregard|forget|override|bypass|abandon|stop\s+(?:following|obeying))\s+"
    rf"(?:\w+\s+){{0,2}}?{_PREVIOUS}\s+"
    rf"(?:\w+\s+)?{_ORDERS}\b",
    r"\b(?:ignore|disregard|forget)\s+(?:all\s+(?:of\s+)?)?(?:the\s+above|everything\s+(?:above|"
    r"before|else)|everything\s+you(?:'ve|\s+were|\s+have\s+been)\s+told|what\s+you\s+were\s+told)\b",
    r"\byou\s+are\s+now\b",
    rf"\byou(?:'re|’re|\s+are)\s+no\s+longer\s+(?:a|an)\s+(?:\w+\s+)?{_MODEL}\b",
    r"\byour\s+(?:instructions|guidelines|rules|orders|programming|prompt)\s+(?:have|has)\s+"
    r"(?:changed|been\s+(?:changed|updated|replaced))\b",
    r"\bpretend\s+(?:that\s+)?you(?:'re|\s+are)\b",
    r"\b(?:act|behave|respond)\s+as\s+(?:an?\s+)?(?:unfiltered|unrestricted|uncensored|jailbroken|"
    r"DAN)\b",
    r"\bfrom\s+now\s+on,?\s+you\s+(?:are|will|must|should)\b",
    rf"\byou\s+are\s+(?:a|an)\s+(?:helpful\s+|large\s+)?{_MODEL}\b",
    r"\bas\s+(?:an?\s+)?(?:AI|A\.I\.|large\s+language\s+model|language\s+model)\b"
    r"(?:\s+(?:language\s+model|assistant|model))?\s*,",
    rf"\b(?:note|message|instructions?|attention|reminder|dear|hey|hi|hello)\s*(?:to|for)?\s+"
    rf"(?:the\s+|any\s+|all\s+)?(?:{_MODEL}\s+)?{_MODEL}s?\s*[:,]",
    rf"\bif\s+you(?:'re|’re|\s+are)\s+(?:an?\s+)?{_MODEL}\b",
    rf"\b{_MODEL}s?(?:\s+(?:systems?|models?|tools?))?\s+(?:reading|summari[sz]ing|processing|"
    r"parsing|scraping)\s+this\b",
    r"\b(?:AI|LLM|chat\s?bot|summari[sz]er|language\s+model)s?(?:\s+bots?)?\s+(?:should|must)\b",
    r"\b(?:do\s+not|don't|never)\s+summari[sz]e\s+(?:this|the)\b",
    r"\binstead\s+of\s+summari[sz]ing\b",
    r"\bwhen\s+(?:summari[sz]ing|you\s+summari[sz]e)\s+this\b",
    r"\byour\s+(?:new|real|actual|updated|true)\s+(?:task|instructions?|job|role|goal|orders)\b",
    r"\b(?:new|updated|revised)\s+(?:instructions|system\s+prompt)\s*:",
    r"\b(?:system|developer)\s+(?:prompt|message|instructions?|override)\b",
    # role and template look-alikes
    r"^\W{0,3}(?:system|assistant|developer)\s*:",
    r"(?<=[.!?]\s)(?:system|assistant)\s*:",
    r"<\|[\w\s.-]{1,40}\|>",
    r"\[/?INST\]|<</?SYS>>|</?s>|<(?:start|end)_of_turn>",
    r"#{2,}\s*(?:system|instructions?|assistant|response)\b",
    r"</?(?:system|instructions?|assistant|article)>",
    # a sentence that begins with an order to the writer
    r"(?:^|(?<=[.!?;:]\s))(?:write|say|state|claim|output|respond|reply)\s+(?:only\s+)?that\b",
    r"(?:^|(?<=[.!?;:]\s))quote\s+(?:[\"'“‘]|(?:\w+\s+){1,4}(?:as\s+)?saying\b)",
    # French, Spanish, Portuguese, Italian, German, Dutch
    r"\b(?:ignore[rz]?|oublie[rz]?)\s+(?:toutes\s+)?(?:les|tes|vos)\s+(?:instructions|consignes|"
    r"directives)\b",
    r"\b(?:tu\s+es|vous\s+[êe]tes)\s+(?:maintenant|d[ée]sormais)\b",
    r"\ben\s+tant\s+qu['’](?:IA|intelligence\s+artificielle|assistant|mod[èe]le\s+de\s+langage)\b",
    r"\b(?:ignora|ignore|olvida|olvide|esque[çc]a|dimentica)\s+(?:todas\s+|tutte\s+)?"
    r"(?:las|tus|sus|as|le)\s+(?:instrucciones|instru[çc][õo]es|istruzioni)\b",
    r"\b(?:ahora\s+eres|agora\s+voc[êe]\s+[ée]|ora\s+sei)\b",
    r"\bcomo\s+(?:una?\s+)?(?:IA|modelo\s+de\s+lenguaje|modelo\s+de\s+linguagem)\b",
    r"\b(?:ignoriere|ignorieren\s+sie|vergiss|vergessen\s+sie)\s+(?:alle\s+)?(?:\w+\s+){0,2}"
    r"(?:Anweisungen|Instruktionen|Befehle|Regeln)\b",
    r"\bdu\s+bist\s+(?:jetzt|nun|ab\s+sofort)\b",
    r"\bals\s+(?:KI|Sprachmodell)\b",
    r"\bnegeer\s+(?:alle\s+)?(?:\w+\s+)?instructies\b",
    # Russian, Chinese, Japanese
    r"(?:игнорируй|забудь|проигнорируй)\w*\s+(?:все\s+)?(?:\w+\s+)?инструкци",
    r"\bты\s+теперь\b",
    r"(?:忽略|无视|忽视|忘记)(?:之前|以上|先前|前面|上面|所有)?的?(?:所有)?(?:指令|指示|说明|提示)",
    r"你现在是|作为(?:一个)?(?:AI|人工智能|语言模型)",
    r"(?:以前|前|上記)の(?:指示|命令)を(?:すべて)?無視",
]
_AT_WORDS = [cue for cue in _CUES if cue.startswith(r"\b")]
"""The cues that start a word: only tried where a word starts."""
_ELSEWHERE = [cue for cue in _CUES if not cue.startswith(r"\b")]
"""The others, each starting a line, following a sentence's end, or at one of the characters of
`_CUE`'s second guard ("<", "[", "#", a Cyrillic, Chinese or Japanese letter)."""


def _either(cues: list[str]) -> str:
    return "|".join(f"(?:{cue})" for cue in cues)


_CUE = re.compile(
    rf"(?<!\w)(?=\w)(?:{_either(_AT_WORDS)})"
    rf"|(?:^|(?<=[.!?;:]\s)|(?=[<\[#\u0400-\u04ff\u3000-\u9fff]))(?:{_either(_ELSEWHERE)})",
    re.IGNORECASE | re.MULTILINE,
)
"""Any cue. The guards in front let the search pass over the positions where none can start,
which are most (a pattern of every cue tried everywhere read articles at a third the speed)."""
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+")
_WORD = re.compile(r"[^\W\d_]{4,}")
_COMMON = frozenset(
    re.findall(
        r"\w+",
        "that this with from have were will would said they their there about which what when "
        "after before also than then into over under more most some such only been being other "
        "these those just very says news today story article",
    )
)


@dataclass(frozen=True)
class Injection:
    """Flagged text: `start`/`end` offsets into the text, and the `cue` that addresses the
    model."""

    start: int
    end: int
    cue: str


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blank-line separated when the text has blank lines,
    else one a line."""
    separator = r"\n\s*\n" if re.search(r"\n\s*\n", text) else r"\n"
    spans, start = [], 0
    for match in re.finditer(separator, text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def find(text: str) -> list[Injection]:
    """The passages of `text` that address a language model, in order, not overlapping."""
    return list(_find(text))


@lru_cache(maxsize=256)  # a story's texts are screened by the gate and by the quote choice
def _find(text: str) -> tuple[Injection, ...]:
    found: list[Injection] = []
    paragraphs = _paragraphs(text)
    for match in _CUE.finditer(text):
        if found and match.start() < found[-1].end:
            continue
        first, last = next((p for p in paragraphs if p[0] <= match.start() <= p[1]), (0, len(text)))
        ends = [m.end() for m in _SENTENCE_END.finditer(text, first, match.start())]
        start = ends[-1] if ends else first
        found.append(Injection(start, last, " ".join(match.group(0).split())))
    return tuple(found)


def without(text: str, found: Sequence[Injection] | None = None) -> str:
    """`text` with its flagged passages blanked: same length, same line breaks, so offsets into
    it are offsets into `text`."""
    spans = find(text) if found is None else found
    if not spans:
        return text
    pieces, at = [], 0
    for span in spans:
        pieces.append(text[at : span.start])
        pieces.append(re.sub(r"[^\n]", " ", text[span.start : span.end]))
        at = span.end
    pieces.append(text[at:])
    return "".join(pieces)


@dataclass(frozen=True)
class Screened:
    """Texts read together (a story's titles and articles): the `evidence` they give, with the
    flagged passages blanked; the `flagged` passages; the `cues` found."""

    evidence: str
    flagged: str
    cues: list[str]


def screen(texts: Iterable[str]) -> Screened:
    """`texts`, each searched on its own (its own paragraphs), joined by line breaks."""
    found = [(text, find(text)) for text in texts]
    return Screened(
        evidence="\n".join(without(text, spans) for text, spans in found),
        flagged="\n".join(text[s.start : s.end] for text, spans in found for s in spans),
        cues=[s.cue for _, spans in found for s in spans],
    )


def _stems(text: str) -> set[str]:
    return {w.lower()[:6] for w in _WORD.findall(text) if w.lower() not in _COMMON}


def repeated(reply: str, screened: Screened) -> list[str]:
    """The words of `reply` found in the flagged passages and nowhere in the evidence (the rest
    of the articles), compared by their first six letters ("resigned" repeats "resign"), in the
    reply's order."""
    only_flagged = _stems(screened.flagged) - _stems(screened.evidence)
    if not only_flagged:
        return []
    seen: dict[str, str] = {}
    for word in _WORD.findall(reply):
        if word.lower()[:6] in only_flagged and word.lower() not in _COMMON:
            seen.setdefault(word.lower(), word)
    return list(seen.values())
