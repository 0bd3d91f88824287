"""Where sentences end: one splitter for the extractive engine, the reply rules and the gate.

A line break ends a sentence (unless a lower-case word follows it); so does a full stop,
question mark, exclamation mark or ellipsis (with any closing quote marks or brackets after it)
followed by a space, except:

- before a digit or a lower-case word ("No. 2", "the U.S. economy");
- after a title or a month ("Sen.", "Gov.", "Rev.", "Dr.", "Sept."), which a name or a date
  always follows;
- after an initial or a dotted abbreviation ("G.K.", "U.S.", "N.Y.", "Mich.", "Inc."), unless
  the next word is one that starts sentences ("The", "He", "But"): "…to the U.S. The talks…"
  ends a sentence, "…the U.S. Court of Appeals…" does not.

(pysbd was measured on the quote evaluation articles: about 170 ms an article and cuts at
"”Mr."; this module is a few regular expressions.)
"""

from __future__ import annotations

import re

from newsletter.quotes.lexicon import LEADING_WORDS, MONTHS

__all__ = ["sentence_spans", "sentences", "title_case"]

_MONTHS = " ".join(month[:3].title() for month in MONTHS if month != "may") + " Sept"
_TITLES = """Mr Mrs Ms Mx Dr Prof Sen Sens Rep Reps Gov Lt Gen Col Maj Capt Cmdr Adm Sgt Cpl
    Pvt Rev Msgr Fr Sra Hon Pres Supt Det Insp Atty Amb Sec St Mt Ft Ald Del Asst Assoc vs"""
_NEVER_ENDS = frozenset((_MONTHS + " " + _TITLES).split())
_STATES = """Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo
    Mont Neb Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo Inc Corp Co Ltd Bros Jr Sr Dept
    Univ Ave Blvd Rd etc"""
_ENDS_IF_NEXT_STARTS = frozenset(_STATES.split())
_STARTERS = frozenset(w.capitalize() for w in LEADING_WORDS) | {"I"}

MAX_SENTENCE_CHARS = 2000  # longer runs are read in pieces (`sentence_spans`)
TITLE_LOWER_WORDS = 2  # lower-case words a line in title case may have besides linking words
_CANDIDATE = re.compile(r"(?:[.!?]+|…)[\"”’')\]]*(?=\s)")
_NEXT = re.compile(r"\s+[\"“‘'(\[]*(\S+)")
_WORD_BEFORE = re.compile(r"[A-Za-z.]*$")  # "U.S", "Sen" in "then-Sen", "Mr" in "”Mr"


def title_case(line: str) -> bool:
    """Whether `line` is written in title case ("Trump Files Largest Financial Statement"):
    most of its words of four letters or more are capitalised, and at most TITLE_LOWER_WORDS
    of them that are no linking words ("with", "from") are not: a sentence full of names
    ("…has become a familiar figure through her roles as Maritza Ramos on Orange Is the New
    Black") is prose."""
    long_words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", line) if len(w) > 3]
    lower = [w for w in long_words if w[0].islower() and w not in LEADING_WORDS]
    return (
        len(long_words) >= 3
        and sum(w[0].isupper() for w in long_words) / len(long_words) > 0.6
        and len(lower) <= TITLE_LOWER_WORDS
    )


def _ends(text: str, stop: re.Match[str]) -> bool:
    """Whether the punctuation `stop` ends a sentence of `text`."""
    after = _NEXT.match(text, stop.end())
    if after is None:
        return True
    following = after.group(1)
    if following[0].isdigit() or following[0].islower():
        return False
    if stop.group().startswith(("!", "?", "…")) or stop.group().startswith(".."):
        return True
    word = _WORD_BEFORE.search(text[max(0, stop.start() - 40) : stop.start()])
    before = word.group().rstrip(".") if word else ""
    if before in _NEVER_ENDS:
        return False
    dotted = re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", before) is not None
    if dotted or before in _ENDS_IF_NEXT_STARTS:
        return re.sub(r"\W+$", "", following) in _STARTERS
    return True


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, in order, without surrounding spaces; a run
    longer than MAX_SENTENCE_CHARS is cut at blanks into pieces no longer (news sentences
    are far shorter: a run that long is a list, a table or hostile text, whose reading must
    stay cheap)."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"(?:[^\n]|\n(?=[ \t]*[a-z]))+", text):
        start = line.start()
        cuts = [m.end() for m in _CANDIDATE.finditer(line.group()) if _ends(line.group(), m)]
        for end in [*cuts, len(line.group())]:
            piece = line.group()[start - line.start() : end]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                spans += _bounded(text, start + lead, start + len(piece.rstrip()))
            start = line.start() + end
    return spans


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span `start`–`end` of `text`, cut at its last blank before each
    MAX_SENTENCE_CHARS (or at the limit itself where there is none)."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        last = cut
        while last > start and text[last - 1].isspace():
            last -= 1
        pieces.append((start, last))
        while cut < end and text[cut].isspace():
            cut += 1
        start = cut
    return [*pieces, (start, end)]


def sentences(text: str) -> list[str]:
    """The sentences of `text`, each with its inner runs of white space made single spaces."""
    return [" ".join(text[a:b].split()) for a, b in sentence_spans(text)]
