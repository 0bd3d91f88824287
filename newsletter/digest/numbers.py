"""Numbers as a reader reads them: one mention per figure as printed, compared by value.

A mention is a figure with its separators and decimals ("156,000", "18,104.10"), with a scale
word or letter ("1.5 million", "$25M", "$1billion"), a score or range ("19-15", "3-2",
"2-to-1"), a share ("three in five", "1 out of 4"), or a number in words ("twelve",
"twenty-nine", "forty-three") or an ordinal ("fourth", "8th"). Each has the values it may
stand for: "1.5 million" is 1,500,000 (and 1.5, as a reader may also write it); a score or
range has one side per figure, and each side must be supported. Currency signs and "%" or
"percent" do not change a value: "40%" is "40 percent". Ordinals are kept apart from counts,
so "fourth" is never supported by "four"; a numbered line of a ranking ("4. Ben Ruiz") gives
its ordinal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsletter.quotes.lexicon import MONTHS

__all__ = ["Mention", "Numbers", "mentions"]

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
_UNITS += "fifteen sixteen seventeen eighteen nineteen"
_CARDINALS = {word: n for n, word in enumerate(_UNITS.split())}
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
_TENS = {word: 10 * n for n, word in enumerate(_TENS_WORDS.split(), start=2)}
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
}  # fmt: skip
_SCALES = {
    "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "t": 1e12, "tn": 1e12,
}  # fmt: skip

_FIGURE = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_SCALE = r"(?:\s?(?:hundred|thousand|million|billion|trillion)|(?:k|m|mn|b|bn|t|tn)\b)"
_NUMBER_WORD = "|".join(sorted([*_CARDINALS, *_TENS, *_ORDINAL_WORDS], key=len, reverse=True))
_DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5,
}  # fmt: skip
_PART_BEFORE = re.compile(r"\b(?:the|first|second|latter|other)\s+$", re.I)  # "second half of"
_NUMERATORS = {"one": 1, "a": 1, "an": 1, "another": 1, "two": 2, "three": 3, "four": 4}
_COUNT = rf"\d+|{'|'.join(sorted([*_CARDINALS, *_TENS], key=len, reverse=True))}"
_MENTION = re.compile(
    rf"""(?ix)
    (?<![\w-])(?P<ratio>(?P<part>{_COUNT})[\s-](?:in|out[\s-]of)[\s-](?P<whole>{_COUNT}))(?![\w-])
    | (?<![\w-])(?P<fraction>(?:(?P<numerator>{"|".join(_NUMERATORS)})(?P<joint>[\s-]))?
        (?P<denominator>{"|".join(sorted(_DENOMINATORS, key=len, reverse=True))}))
        (?![\w-])(?P<of>\s+of\b)?
    | (?P<figure>[$€£]?(?:{_FIGURE}){_SCALE}?
        (?:(?:\s?-\s?|\s?[–—]\s?|\s?-?to-?\s?)[$€£]?(?:{_FIGURE}){_SCALE}?(?![\w.,]\d))?)
      (?:(?P<suffix>st|nd|rd|th)|%)?(?![\w])
    | (?<![\w-])(?P<words>(?:{_NUMBER_WORD})(?:-(?:{_NUMBER_WORD}))?)
      (?P<scale>\s(?:hundred|thousand|million|billion))?(?![\w])
    """
)


_PERCENT = re.compile(r"\s?(?:percent|per\s+cent|percentage\s+points?)\b", re.I)
_MONTH_BEFORE = re.compile(
    rf"\b(?:{'|'.join(month[:3].title() for month in MONTHS)})[a-z]*\.?\s$"
)  # a figure right after a month's name is a day: "December 15", "Dec. 15th"
_RANK = re.compile(r"(?m)^[ \t]*(\d{1,3})\.[ \t]+(?=[A-Z])")  # "4. Ben Ruiz": fourth


@dataclass(frozen=True)
class Mention:
    """A number as `text` prints it, where it is, and the values it may stand for."""

    text: str
    start: int
    end: int
    sides: tuple[frozenset[float], ...]  # each figure of a score or range, with its readings
    ordinal: bool = False
    spelled: bool = False
    day: bool = False  # a day of a month ("December 15", "Dec. 15th"): "15" and "15th" alike
    percent: bool = False  # "40%", "40 percent", a share ("two-thirds"): a part of a whole


def _figure_values(figure: str) -> set[float]:
    """The values of one side of a figure: "$1.5 million" is 1.5e6 (and 1.5)."""
    match = re.match(rf"[$€£]?({_FIGURE})\s?([a-z]*)", figure.lower())
    if match is None:
        return set()
    number = float(match.group(1).replace(",", ""))
    scale = _SCALES.get(match.group(2), 1)
    return {number, number * scale}


def _word_value(words: str) -> tuple[float, bool] | None:
    """ "twenty-nine" is (29, False); "fourth" is (4, True); "twenty-fourth" is (24, True)."""
    parts = words.lower().split("-")
    if len(parts) == 1:
        word = parts[0]
        if word in _ORDINAL_WORDS:
            return float(_ORDINAL_WORDS[word]), True
        value = _CARDINALS.get(word, _TENS.get(word))
        return None if value is None else (float(value), False)
    tens, unit = parts
    if tens not in _TENS:
        return None
    if unit in _ORDINAL_WORDS and _ORDINAL_WORDS[unit] < 10:
        return float(_TENS[tens] + _ORDINAL_WORDS[unit]), True
    if unit in _CARDINALS and _CARDINALS[unit] < 10:
        return float(_TENS[tens] + _CARDINALS[unit]), False
    return None


def mentions(text: str) -> list[Mention]:
    """Every number of `text`, in order."""
    found = []
    for match in _MENTION.finditer(text):
        if match.group("ratio"):
            if found_ratio := _ratio(match):
                found.append(found_ratio)
            continue
        if match.group("fraction"):
            if found_fraction := _fraction(match):
                found.append(found_fraction)
            continue
        if match.group("figure"):
            parts = re.split(r"\s?(?:-?to-?|[-–—])\s?(?=[$€£]?[\d.])", match.group("figure"))
            sides = tuple(frozenset(_figure_values(part)) for part in parts)
            ordinal, spelled = match.group("suffix") is not None, False
        else:
            read = _word_value(match.group("words"))
            if read is None:
                continue
            value, ordinal = read
            scale = _SCALES.get((match.group("scale") or "").strip().lower(), 1)
            sides, spelled = (frozenset({value, value * scale}),), True
        if all(sides):
            day = _MONTH_BEFORE.search(text, max(0, match.start() - 12), match.start()) is not None
            percent = match.group().endswith("%") or bool(_PERCENT.match(text, match.end()))
            found.append(
                Mention(
                    match.group(), match.start(), match.end(), sides, ordinal, spelled, day, percent
                )
            )
    return found


def _count(word: str) -> float | None:
    read = _word_value(word) if not word.isdigit() else (float(word), False)
    return read[0] if read else None


def _ratio(match: re.Match[str]) -> Mention | None:
    """ "three in five", "Three-in-five", "1 out of 4": its value, as a fraction's."""
    part, whole = _count(match.group("part")), _count(match.group("whole"))
    if part is None or not whole:
        return None
    shares = (_shares(part / whole),)
    return Mention(match.group("ratio"), match.start(), match.end("ratio"), shares, percent=True)


def _shares(value: float) -> frozenset[float]:
    """A share's readings: itself and in percent, rounded either way ("two-thirds" is "67
    percent")."""
    return frozenset({value, value * 100, float(round(value * 100)), float(int(value * 100))})


def _fraction(match: re.Match[str]) -> Mention | None:
    """ "two-thirds", "a quarter of", "another fourth", "half": its value (and that value in
    percent, rounded either way: "two-thirds" is "67 percent"); a word that is no fraction
    here is the ordinal it may be ("a third term")."""
    numerator = (match.group("numerator") or "").lower()
    denominator = match.group("denominator").lower()
    whole = _DENOMINATORS[denominator]
    before = match.string[max(0, match.start() - 12) : match.start()]
    fraction = (
        (whole == 2 and match.group("of") and not _PART_BEFORE.search(before))
        or match.group("joint") == "-"
        or (
            numerator and (denominator.endswith("s") or match.group("of") or numerator == "another")
        )
    )
    if fraction:
        value = _NUMERATORS.get(numerator, 1) / whole
        shares = (_shares(value),)
        return Mention(
            match.group("fraction"), match.start(), match.end("fraction"), shares, percent=True
        )
    if denominator not in _ORDINAL_WORDS:
        return None
    start = match.start("denominator")
    ordinal = frozenset({float(_ORDINAL_WORDS[denominator])})
    return Mention(
        match.group("denominator"), start, match.end("denominator"), (ordinal,), True, True
    )


class Numbers:
    """The counts and the ordinals a text mentions, to look a mention up in."""

    def __init__(self, text: str) -> None:
        self.counts: set[float] = set()
        self.ordinals: set[float] = set()
        self.percents: set[float] = set()  # its percentages, shares and plain counts
        for mention in mentions(text):
            (self.ordinals if mention.ordinal else self.counts).update(*mention.sides)
            plain = not mention.ordinal and all(len(side) == 1 for side in mention.sides)
            if mention.percent or (plain and not mention.text.startswith(("$", "€", "£"))):
                self.percents.update(*mention.sides)  # not the 70 of "$70 million"
        self.ordinals.update(float(rank) for rank in _RANK.findall(text))

    def supports(self, mention: Mention) -> bool:
        """Whether every side of `mention` has a reading among these numbers: a percentage
        among the percentages, shares and plain counts ("Forty-three, yes" in a poll), not
        among amounts ("70 percent" is not the 70 of "$70 million")."""
        if mention.day:  # "December 15" is "December 15th"
            known = self.counts | self.ordinals
        elif mention.percent:
            known = self.percents
        else:
            known = self.ordinals if mention.ordinal else self.counts
        return all(side & known for side in mention.sides)
