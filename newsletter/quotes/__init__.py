"""Deterministic direct-quote finder: the exact words inside quote marks, and who said them.

`find(text)` returns every direct quote of an article as a `Quote` whose `text` is exactly
`text[start:end]`, with the speaker the article names, the speaker's title, the reporting verb
and a confidence. The product prints only quotes at or above `MIN_CONFIDENCE`.

Modules: `marks` pairs quote marks into spans, `layout` knows paragraphs and sentences,
`names` the people and organisations the article names, `descriptions` the words the article
sets next to their names, `cues` the reporting verbs and the speaker phrases next to them,
`resolution` turns a speaker phrase (a name, "he", "the senator") into a speaker,
`attribution` decides which evidence says who spoke each quote, and `lexicon` holds the word
lists. This module adds the confidence penalties for what is probably
not speech (titles, scare quotes, headlines), and the speakers a headline names.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsletter.models import Quote

from .attribution import Attribution, attribute_all
from .cues import CUE_FORMS
from .layout import Layout
from .lexicon import words
from .marks import QuotedSpan, find_paragraphs, find_spans
from .names import NameTable

__all__ = ["MAX_QUOTES", "MAX_TEXT", "MIN_CONFIDENCE", "find"]

MIN_CONFIDENCE = 0.46
"""Quotes under this confidence are reported but not meant to be printed."""
MAX_TEXT = 300_000
"""Quotes are looked for in an article's first MAX_TEXT characters: about ten times the
longest news report measured (34,000), and a bound on what a hostile text costs."""
MAX_QUOTES = 1_000
"""At most this many quotes of one article are read, the first ones: the most any news
report measured gave was 76, and each costs time and memory."""
HEADLINE_LABEL_CONFIDENCE = 0.6

_MASK = "\x01"
_HEADLINE_MAX = 160
_TITLE_WORDS = 8
_TITLE_CLAUSE_RE = re.compile(r",| (?:who|which|that|whose) ")


def find(text: str) -> list[Quote]:
    """Every direct quote in `text` (in its first MAX_TEXT characters, at most MAX_QUOTES of
    them), ordered by start offset."""
    text = text[:MAX_TEXT]
    if not text:
        return []
    paragraphs = find_paragraphs(text)
    spans = find_spans(text, paragraphs)[:MAX_QUOTES]
    if not spans:
        return []
    masked = _mask(text, spans)
    headline_end = _headline_end(text, paragraphs)
    hidden = headline_end if _title_case(_bare_words(text[:headline_end])) else 0
    nicknames = [span for span in spans if _nickname(text, span)]
    names = NameTable(" " * hidden + _blank(masked, nicknames)[hidden:])
    for span in nicknames:
        names.add_nickname(text[span.start : span.end], span.start)
    attributions = attribute_all(Layout(text, masked, paragraphs, spans), names)
    confidences = [
        min(_confidence(text, span, attribution, headline_end), 0.2 if span in nicknames else 1)
        for span, attribution in zip(spans, attributions, strict=True)
    ]
    if headline_end:
        _echoed_in_body(text, spans, attributions, confidences, headline_end)
        _labelled_headline(text, spans, attributions, confidences, headline_end, names)
    return [
        Quote(
            text=text[span.start : span.end],
            start=span.start,
            end=span.end,
            speaker=attribution.speaker,
            speaker_title=_short_title(attribution.title),
            cue=attribution.cue,
            confidence=round(confidence, 3),
        )
        for span, attribution, confidence in zip(spans, attributions, confidences, strict=True)
    ]


def _short_title(title: str | None) -> str | None:
    """The speaker's title or role as printed next to the name: without an article in front
    or a relative clause behind ("historian who attended" -> "historian"), and only when it
    is at most eight words."""
    if not title:
        return None
    words = _TITLE_CLAUSE_RE.split(" ".join(title.split()), maxsplit=1)[0].split()
    if words and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    short = " ".join(words).strip(" ,;:-–—")
    return short if short and len(short.split()) <= _TITLE_WORDS else None


def _mask(text: str, spans: list[QuotedSpan]) -> str:
    """The text with every quote (marks included) replaced by a filler of the same length, so
    that offsets stay valid and quoted words are never taken for cues or names."""
    pieces = []
    position = 0
    for span in spans:
        pieces.append(text[position : span.mark_start])
        pieces.append(_MASK * (span.mark_end - span.mark_start))
        position = span.mark_end
    pieces.append(text[position:])
    return "".join(pieces)


def _nickname(text: str, span: QuotedSpan) -> bool:
    """A quoted nickname inside a name: Robert C. "Bobby" Scott."""
    return bool(
        _NICKNAME_RE.fullmatch(text, span.start, span.end)
        and _NAME_BEFORE_RE.search(text, max(0, span.mark_start - 30), span.mark_start)
        and _NAME_AFTER_RE.match(text, span.mark_end)
    )


def _blank(masked: str, spans: list[QuotedSpan]) -> str:
    """The masked text with these spans made blank (a nickname then reads as part of its
    name)."""
    for span in spans:
        filler = " " * (span.mark_end - span.mark_start)
        masked = masked[: span.mark_start] + filler + masked[span.mark_end :]
    return masked


def _bare_words(line: str) -> list[str]:
    """The words of a line without the quote marks around them."""
    return [word for word in (w.strip("‘’'\"“”") for w in line.split()) if word]


def _headline_end(text: str, paragraphs: list[tuple[int, int]]) -> int:
    """End of the headline: the first line when it is short and more follows, or the second
    when the first is only a label ("Tipsheet")."""
    if len(paragraphs) < 2:
        return 0
    (start, end), (second_start, second_end) = paragraphs[0], paragraphs[1]
    if end - start > _HEADLINE_MAX:
        return 0
    is_label = len(text[start:end].split()) <= 3
    if is_label and len(paragraphs) > 2 and second_end - second_start <= _HEADLINE_MAX:
        return second_end
    return end


def _confidence(text: str, span: QuotedSpan, attribution: Attribution, headline_end: int) -> float:
    """The attribution's confidence, lowered for what is probably not speech: title-cased
    words (a title, or a headline's rewording), a word or two used as a term."""
    confidence = attribution.confidence
    quoted = text[span.start : span.end]
    words = quoted.split()
    subtitled = ": " in quoted  # a work's title: "The Fixers: Eddie Mannix and…"
    if (span.mark_start < headline_end or len(words) <= 6 or subtitled) and _title_case(
        [part for word in words for part in word.split("-")]  # "Know-It-All"
    ):
        confidence = min(confidence, 0.4)
    elif len(words) == 1 and words[0][:1].isdigit():
        confidence = min(confidence, 0.4)  # "1984", "24": a title or a figure
    if len(words) <= 2:
        previous = _PREVIOUS_WORD_RE.search(text[max(0, span.mark_start - 40) : span.mark_start])
        word = previous.group(1).lower() if previous else ""
        if word.endswith(("’s", "'s", "s’", "s'")) or word in _TERM_WORDS:
            confidence *= 0.5
        elif attribution.method not in ("after", "label", "dash"):
            if word in _COMPLEMENT_WORDS:
                confidence *= 0.85
            elif (
                attribution.speaker
                and attribution.method in ("before", "later", "noun", "as", "joined")
                and not _modifier(text, span, words)
            ):
                confidence *= 0.65
            else:
                confidence *= 0.5
    joined = " ".join(words)
    if not _LETTER_RE.search(joined) or _STAGE_NOTE_RE.fullmatch(joined):
        confidence = min(confidence, 0.2)  # no words, or a note such as "(APPLAUSE)"
    elif _FOLLOW_RE.match(joined):
        confidence = min(confidence, 0.2)  # "Follow Pam Key on Twitter @pamkey": a byline
    return max(0.0, min(1.0, confidence))


def _echoed_in_body(
    text: str,
    spans: list[QuotedSpan],
    attributions: list[Attribution],
    confidences: list[float],
    headline_end: int,
) -> None:
    """A headline quote whose words a printed body quote repeats is that speaker's: the
    headline excerpts what the story quotes. Title-cased headline words stay unprinted (a
    short capitalised phrase is as often a term or a title) unless they run to a clause of
    four words or more, or the headline opens with the same speaker's name as a label
    ("Smith: ...")."""
    waiting = [
        index
        for index, span in enumerate(spans)
        if span.mark_start < headline_end
        and not (attributions[index].speaker and confidences[index] >= MIN_CONFIDENCE)
    ]
    if not waiting:
        return
    body = [
        (_normal_words(text[span.start : span.end]), attribution)
        for span, attribution, confidence in zip(spans, attributions, confidences, strict=True)
        if span.mark_start >= headline_end and attribution.speaker and confidence >= MIN_CONFIDENCE
    ]
    for index in waiting if body else []:
        span = spans[index]
        words = text[span.start : span.end].split()
        echoed = _normal_words(text[span.start : span.end])
        if not echoed.strip():
            continue
        source = next((found for said, found in body if echoed in said), None)
        if source is None or source.speaker is None:
            continue
        if _title_case([part for word in words for part in word.split("-")]) or len(words) == 1:
            line_start = text.rfind("\n", 0, span.mark_start) + 1
            label = _LABEL_RE.match(text, line_start, span.mark_start)
            named = label and _last_word(label.group(1)) == _last_word(source.speaker)
            if len(words) < 4 and not named:
                continue
        attributions[index] = replace(source, method="echo", confidence=0.7)
        confidences[index] = 0.7


def _labelled_headline(
    text: str,
    spans: list[QuotedSpan],
    attributions: list[Attribution],
    confidences: list[float],
    headline_end: int,
    names: NameTable,
) -> None:
    """A headline that opens with a person's name as a label ("Ana Ruiz: Budget 'Will Sink
    the Harbor'") or as the doer of a verb of saying ("Ana Ruiz Calls Budget 'A Disgrace'")
    gives that person its quotes, when the story names them too: that is how headlines credit
    words. Not an outlet's or a group's label ("Report:", "Politifact:"), nor a quote before
    the name."""
    line_start = text.rfind("\n", 0, headline_end - 1) + 1
    label = _LABEL_RE.match(text, line_start, headline_end)
    found = (label.group(1), label.end()) if label else _headline_doer(text, line_start)
    if found is None:
        return
    person = names.person(found[0], headline_end)
    if person is None or not person.evident:
        return
    for index, span in enumerate(spans):
        if found[1] <= span.mark_start < headline_end and attributions[index].speaker is None:
            attributions[index] = replace(
                attributions[index], speaker=person.full, title=person.title, method="label"
            )
            confidences[index] = max(confidences[index], HEADLINE_LABEL_CONFIDENCE)


def _headline_doer(text: str, line_start: int) -> tuple[str, int] | None:
    """The name a title-cased headline opens with when a verb of saying follows it ("Ana Ruiz
    Calls…", "Ruiz Just Told…"), with where that verb ends."""
    opening = _HEADLINE_OPENING_RE.match(text, line_start)
    if opening is None:
        return None
    words = list(_HEADLINE_WORD_RE.finditer(text, line_start, opening.end()))
    for count in range(1, min(len(words), 4)):
        verbs = [w for w in words[count:] if w.group() not in _HEADLINE_ADVERBS][:1]
        if verbs and verbs[0].group().lower() in CUE_FORMS:
            return text[words[0].start() : words[count - 1].end()], verbs[0].end()
    return None


def _normal_words(quote: str) -> str:
    """Lower-cased words between blanks, for finding a phrase inside a quote: " a b c "."""
    return " " + " ".join(_WORD_RE.findall(quote.lower())) + " "


def _last_word(name: str) -> str:
    found = _WORD_RE.findall(name.lower())
    return found[-1] if found else ""


def _modifier(text: str, span: QuotedSpan, words: list[str]) -> bool:
    """One word used as an adjective of the noun after it: a "historic" vote."""
    if len(words) != 1 or not words[0][-1:].isalpha():
        return False
    following = _NEXT_LOWER_RE.match(text, span.mark_end)
    return bool(following) and following.group(1) not in _FUNCTION_WORDS


def _title_case(words: list[str]) -> bool:
    """Mostly capitalised words (or numbers): a title or a headline, not someone's exact
    words."""
    capitalised = sum(word[:1].isupper() or word[:1].isdigit() for word in words)
    fitting = sum(
        word[:1].isupper() or word[:1].isdigit() or word.lower() in _MINOR_WORDS for word in words
    )
    return len(words) > 1 and fitting == len(words) and capitalised * 2 >= len(words)


_WORD_RE = re.compile(r"[^\W_]+(?:[’'][^\W_]+)*")
_NICKNAME_RE = re.compile(r"[A-Z][a-z]+")
_NAME_BEFORE_RE = re.compile(r"(?<![\w.])[A-Z][\w.]*[ \t\u00a0]$")  # "Marcia ", "C. "
_NAME_AFTER_RE = re.compile(r"[ \t\u00a0][A-Z][a-z]")
_HEADLINE_OPENING_RE = re.compile(r"[ \t]*(?:[A-Z][\w.’'-]*[ \t]+){1,5}")
_HEADLINE_WORD_RE = re.compile(r"[A-Z][\w.’'-]*")
_HEADLINE_ADVERBS = ("Now", "Just", "Also")  # "Ruiz Now Calls…"
_LABEL_RE = re.compile(r"[ \t]*([A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,3}):[ \t]")
_FOLLOW_RE = re.compile(r"Follow\b.{0,60}\bon (?:Twitter|Facebook|Instagram)\b", re.I)
_STAGE_NOTE_RE = re.compile(r"[(\[][^()\[\]]*[)\]][.,]?")
_NEXT_LOWER_RE = re.compile(r"[ \t\u00a0]+([a-z]+)")
_PREVIOUS_WORD_RE = re.compile(r"(?<![\w’'-])([\w’'-]+)[^\w]*$")
"""The last word of a window (tried only where a word starts, not inside each word)."""
_LETTER_RE = re.compile(r"[^\W\d_]")
_MINOR_WORDS = words("a an the of and or in on to for at by with from as")
_TERM_WORDS = words(
    """titled entitled nicknamed nickname dubbed word words term terms phrase slogan hashtag book
    film show song movie album series headline label brand called so-called"""
)
_FUNCTION_WORDS = words(
    """and or but nor as in of for to at on by with from than that which who throughout during
    after before while because when if since until about against over into"""
)
_COMPLEMENT_WORDS = words(
    """a an was is as are be being were been to and or but it them him her very too calling call"""
)
