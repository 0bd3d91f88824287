"""What happening an article's opening reports, and on which day: its event anchors.

Two outlets' reports of one event rarely share their wording, but their openings both name
the happening and when it was: "Tuesday night's debate", "the president's address on
Sunday", "the Nevada caucuses on Feb. 20". An anchor is such a pair, an event noun and a
day, found in one sentence of the title and opening (the title is read with the first
sentence, which often gives the day the headline leaves out), the day resolved against the
article's publication date: "debate@2015-11-10". A day named for its voting ("Super
Tuesday") is a primary on that day. A contest named by its place ("the New York primary",
"the Nevada caucuses", "her victory in New York") is an anchor of its own, "vote:new york":
within one day's news it is one contest, though the day goes unsaid.

A weekday is the latest such day on or before publication (news reports what happened; a
preview's "on Tuesday" then points a week back, which only matters across days, where a
preview is another story anyway). "Today" and "tonight" are the publication day,
"yesterday" and "last night" the day before; "Nov. 10" is that day of the publication's
year. An article without a publication date has no anchors, and a happening told as still
to come ("will run ads during tonight's debate", "ahead of the primary") is no anchor: the
preview is another story than the report of it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from newsletter.quotes.lexicon import MONTHS, WEEKDAYS, words

__all__ = ["ANCHOR_SENTENCES", "EVENT_NOUNS", "anchors_of"]

ANCHOR_SENTENCES = 3
"""Sentences of the text read after the title (of five words or more: not a dateline)."""

EVENT_NOUNS = {
    "address": "address",
    "announcement": "announcement",
    "attack": "attack",
    "ballot": "vote",
    "caucus": "caucus",
    "caucuses": "caucus",
    "conference": "conference",
    "convention": "convention",
    "debate": "debate",
    "debates": "debate",
    "election": "election",
    "endorsement": "endorsement",
    "forum": "conference",
    "hearing": "hearing",
    "interview": "interview",
    "poll": "poll",
    "primaries": "primary",
    "primary": "primary",
    "rally": "rally",
    "ruling": "ruling",
    "shooting": "shooting",
    "speech": "speech",
    "summit": "conference",
    "testimony": "hearing",
    "verdict": "verdict",
    "vote": "vote",
}
"""Nouns that name a datable happening, each with the one form compared (not one followed
by what it is about: "the debate over the levee" is no happening)."""

_MONTHS = tuple(month[:3] for month in MONTHS)  # (their index is the month's, less one)
_RELATIVE = {"today": 0, "tonight": 0, "this morning": 0, "yesterday": 1, "last night": 1}

_NOUN = re.compile(
    r"\b(" + "|".join(sorted(EVENT_NOUNS, key=len, reverse=True)) + r")\b"
    r"(?!\s+(?:over|about|around|surrounding|within|among)\b)",  # "the debate over taxes"
    re.I,
)
_WHEN = re.compile(
    r"\b(?:(?P<relative>today|tonight|this morning|yesterday|last night)"
    r"|(?P<weekday>(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
    rf"|(?P<month>{'|'.join(_MONTHS)})"
    r"[a-z]*\.?\s+(?P<day>\d{1,2})\b(?!\s*(?:%|percent|,\d)))",
    re.I,
)
_VOTING_DAY = re.compile(r"\bSuper (?:Tuesday|Saturday)\b")
_CONTESTS = {"primary", "caucus", "debate", "convention"}
_PLACED = re.compile(  # "the New York primary", "the Nevada Democratic caucuses"
    r"((?:\b[A-Z][a-z]+\s+){1,3})("
    + "|".join(n for n in EVENT_NOUNS if EVENT_NOUNS[n] in _CONTESTS)
    + r")\b"
)
_RESULTS = (  # "her victory in New York", "wins for Ruiz in Iowa"; "her Iowa win"
    re.compile(
        r"\b(?:victory|victories|win|wins|won|defeat|loss)\b[^.;:]{0,40}?\b(?:in|of)\s+"
        r"(?:the\s+)?((?:[A-Z][a-z]+\s*){1,3})"
    ),
    re.compile(r"((?:\b[A-Z][a-z]+\s+){1,3})(?:victory|win|defeat|loss)\b"),
)
_VOTES = {"primary": "vote", "caucus": "vote"}  # one place's primary or caucuses, one vote
_NOT_PLACES = words(
    """the a an this that last next first his her their democratic republican gop
    presidential party democrats republicans national state senate house super"""
)
_AHEAD = re.compile(  # a happening told as still to come: a preview's, not a report's
    r"\b(?:will|won[’']t|[’']ll|(?:is|are)\s+(?:set|expected|scheduled|due)\s+to|aims?\s+to|"
    r"plans?\s+to|ahead\s+of|upcoming)\b",
    re.I,
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘]?[A-Z])|\n+")


def anchors_of(title: str, text: str, published: datetime | date | None) -> frozenset[str]:
    """The anchors (`noun@YYYY-MM-DD`) of an article's title and opening sentences."""
    if published is None:
        return frozenset()
    day = published.date() if isinstance(published, datetime) else published
    opening = [s for s in _SENTENCE_BREAK.split(text[:2000]) if len(s.split()) >= 5]
    first, *rest = opening[:ANCHOR_SENTENCES] or [""]
    found: set[str] = set()
    for sentence in (f"{title}. {first}", *rest):
        nouns = {EVENT_NOUNS[m.group(1).lower()] for m in _NOUN.finditer(sentence)}
        nouns |= {"primary"} if _VOTING_DAY.search(sentence) else set()
        found.update(_placed(sentence))
        if not nouns or _previewed(sentence):
            continue
        days = {d for m in _WHEN.finditer(sentence) if (d := _resolved(m, day))}
        found.update(f"{noun}@{d.isoformat()}" for noun in nouns for d in days)
    return frozenset(found)


def _previewed(sentence: str) -> bool:
    """Whether `sentence` tells its happening as still to come: a word of the future before
    its first event noun ("will run ads during tonight's debate", "ahead of the primary"),
    not after it ("won the primary and will now turn to…", "his address will be a topic")."""
    ahead = _AHEAD.search(sentence)
    noun = _NOUN.search(sentence)
    return ahead is not None and noun is not None and ahead.start() < noun.start()


def _placed(sentence: str) -> set[str]:
    """The contests `sentence` names by their place: "vote:new york" for "the New York
    primary", "the caucuses in Iowa" or "her victory in New York"; "debate:milwaukee"."""
    found = set()
    named = [(m.group(1), EVENT_NOUNS[m.group(2).lower()]) for m in _PLACED.finditer(sentence)]
    named += [(m.group(1), "primary") for result in _RESULTS for m in result.finditer(sentence)]
    for words_before, noun in named:
        place = [w.lower() for w in words_before.split()]
        while place and place[-1] in _NOT_PLACES:
            place.pop()  # "Nevada Democratic caucuses"
        while place and place[0] in _NOT_PLACES:
            place.pop(0)
        if place and not any(w in _NOT_PLACES or w[:3] in _MONTHS or w in WEEKDAYS for w in place):
            found.add(f"{_VOTES.get(noun, noun)}:{' '.join(place)}")
    return found


def _resolved(when: re.Match[str], published: date) -> date | None:
    """The day a time expression means, for an article published on `published`."""
    if month := when.group("month"):
        if not month[0].isupper():  # "may"
            return None
        try:
            return date(published.year, _MONTHS.index(month[:3].lower()) + 1, int(when["day"]))
        except ValueError:  # "Feb. 30"
            return None
    if relative := when.group("relative"):
        return published - timedelta(days=_RELATIVE[" ".join(relative.lower().split())])
    weekday = WEEKDAYS.index(when.group("weekday").lower())
    return published - timedelta(days=(published.weekday() - weekday) % 7)
