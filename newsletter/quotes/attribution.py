"""Who said each quote: the reporting cue next to the quote or in its sentence, else a speech
noun with its owner ("Smith's claim that") or the subject describing someone "as" the quoted
words, else the speaker of the quotes around it.

A participle after a comma (`..., saying`) has the subject of the cue right before it (`Smith
said, adding`), else an unnamed group opening the clause before it (`where protesters had
gathered, chanting`: nobody named), else the sentence's subject; an inverted verb after a comma
(`..., says Carl Fenn, a historian,`) has the name after it.

Owns: the order in which evidence is tried and how much each kind is trusted (the confidence);
resolving the speaker phrase a cue points to is `resolution`'s job.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import replace

from .cues import INVERTIBLE, Speaker, governed, speaker_after, trim_end
from .layout import Layout
from .lexicon import ANY_TITLES, GROUP_NOUNS, LEADING_WORDS, ORG_HEADS, TITLE_MODIFIERS, words
from .marks import QuotedSpan, only_blanks
from .names import NAME_PHRASE, NameTable, is_place
from .resolution import Attribution, Resolver

__all__ = ["Attribution", "attribute_all"]

_TOKEN_RE = re.compile(r"[\w’'.-]+")
_AUXILIARIES = words("was is were are been be am")
_NEAR, _FAR = 40, 120
MAX_CUES_READ = 8
"""The most reporting verbs of a sentence tried for one quote, the nearest first: a real
sentence has a few; a hostile one thousands, which would make the work grow with the square
of its length."""
_CUE_REACH = 40  # "…, Ruiz told CBS on Sunday, saying": what may stand between cue and comma
_DASHES = ("―", "—", "–")
_ANY_LOWER_WORD_RE = re.compile(r"(?<![\w’'-])[a-z]+(?![\w’'-])")
_PUNCTUATION = " \t\u00a0,;—–-"
_SPEECH_NOUNS = (
    "claims?|statements?|remarks?|words|promises?|vows?|warnings?|messages?|tweets?|comments?|"
    "assertions?|accusations?|pledges?|arguments?|suggestions?|demands?|insistence|contention|"
    "boast|charge|description|characterization|prediction|complaint"
)
_B = r"[ \t\u00a0]"
_NOUN_CUE_RE = re.compile(
    rf"(?P<owner>[A-Z][\w.-]*[’']s|\b(?:[Hh]is|[Hh]er)){_B}+(?:[a-z][\w-]*{_B}+){{0,2}}?"
    rf"(?P<noun>{_SPEECH_NOUNS})\b(?:{_B}*(?:[:,]|{_B}that\b)[^\x01.!?]{{0,100}}"
    rf"|{_B}+(?:about|of|on){_B}*)$"
)
_COMMA_BEFORE_RE = re.compile(r",[ \t\u00a0]*$")
_WORD_CHAR_RE = re.compile(r"\w")
_OWNER_HINT_RE = re.compile(r"[’']s |\b[Hh](?:is|er) ")
_JOINED_RE = re.compile(rf"{_B}*,?{_B}+(?:and|or|as well as)(?:{_B}+(?:a|an|as))?{_B}+")
_OWNER_RE = re.compile(rf"(?<![\w’'.-])((?:{NAME_PHRASE}))[’']s$")
_AS_RE = re.compile(
    r"(?<![\w-])(?<!known )(?<!such )(?<!so )(?<!same )as(?:[ \t\u00a0]+(?:a|an))?[ \t\u00a0]*$"
)
_OPENING_RE = re.compile(
    r"[ \t\u00a0]*(?:[A-Z][a-z]+,[ \t\u00a0]+)?(?:(?:[Tt]he|[Bb]ut|[Aa]nd|[Tt]hen)[ \t\u00a0]+)?"
)
_PASSIVE_AS_RE = re.compile(
    rf"\b(?:is|was|were|are|been|being|be){_B}+(?:[a-z]+ly{_B}+)?[a-z]+(?:ed|en|wn){_B}"
)


_GROUP_SUBJECT_RE = re.compile(
    rf"(?:(?<![\w’'-])(?:where|when|while|as|after|and|which|whom)|\A|^){_B}*"
    rf"(?:(?:the|some|many|about|dozens|hundreds|of|several|\d[\d,]*){_B}+)*"
    rf"(?:[A-Z][\w’'-]*{_B}+)?({'|'.join(sorted(GROUP_NOUNS, key=len, reverse=True))})"
    rf"{_B}+(?!of\b)[a-z]"
)
"""An unnamed group opening a clause: "where dozens of protesters had", "when Vale
protesters interrupted"."""
_OBJECT_WORDS = words("to by with from for of on in at about told tells asked asks")
_NOUN_PHRASE_WORDS = ANY_TITLES | TITLE_MODIFIERS | ORG_HEADS | words("a an the")


def _word_governing(lead: str) -> str | None:
    """The last lower-case word before the noun phrase that ends `lead` ("to" in "told it to
    the Dutch newspaper"), or None."""
    for word in reversed(_TOKEN_RE.findall(lead[-80:])):
        if not word[0].islower():
            continue
        if word not in _NOUN_PHRASE_WORDS:
            return word
    return None


class _Attributor:
    """The rules that find the cue of one quote, over one article."""

    def __init__(self, layout: Layout, names: NameTable) -> None:
        self.layout = layout
        self.masked = layout.masked
        self.names = names
        self.resolver = Resolver(layout, names)
        self._quotes_only: dict[int, bool] = {}  # paragraph index -> whether only quotes

    def direct(self, span: QuotedSpan) -> Attribution | None:
        if span.label:
            found = self.resolver.resolve(
                Speaker(span.label.title(), span.start, "name"), None, 0.85, "label"
            )
            if found.speaker:
                return found
        after = self.adjacent_after(span)
        if after and after.speaker:
            return after
        sentence_start, sentence_end = self.layout.sentence(span.mark_start)
        before = self.in_sentence_before(span, sentence_start)
        later = self.in_sentence_after(span, sentence_end)
        if before and later and before.distance > _FAR and later.distance < _NEAR:
            return later
        if (
            before
            and before.speaker
            and _OWNER_HINT_RE.search(self.masked, sentence_start, span.mark_start)
        ):
            # "Politifact ruled that Smith’s statement about "..." is true": the owner of a
            # speech noun between the cue and the quote said it
            noun = self.noun_cue(span, sentence_start)
            if noun is not None and noun.distance < before.distance:
                return noun
        found = before or later or after
        if found is None or not found.speaker:
            noun = self.noun_cue(span, sentence_start) or self.described_as(span, sentence_start)
            if noun is not None:
                return noun
            colon = self.masked[sentence_start : span.mark_start].rstrip(" \t\u00a0")
            dash = colon.endswith(("--", *_DASHES))
            if colon.endswith(":") or (dash and _ANY_LOWER_WORD_RE.search(colon)):
                # a dash after a clause, as a colon: "Vale embraced the plan -- “…”" (not
                # after a label alone: "PSA—“…”")
                introduced = self.before_colon(sentence_start, sentence_start + len(colon) - 1)
                if introduced is not None:
                    return introduced
        return found

    def before_colon(self, sentence_start: int, colon: int) -> Attribution | None:
        """`Rep. Jo Lee (D-Ohio): "..."`, `pollster Jo Lee: "..."`, `She then told the crowd:
        "..."`: a quote introduced by a colon is the words of the person named right before
        it, else of the sentence's subject; an organisation only as a label on its own."""
        speaker = self.layout.cues.speaker_before(sentence_start, colon)
        if speaker is not None and speaker.kind == "name":
            lead = self.masked[sentence_start : speaker.start].rstrip(" \t\u00a0")
            before = _word_governing(lead)
            if before == "by":
                return None  # `"Headline," by Jo Lee: "..."`: an excerpt under a byline
            found = self.resolver.resolve(speaker, None, 0.8, "colon")
            label = not lead or lead.endswith((*_DASHES, "-"))
            if found.speaker and (label or (found.is_person and before not in _OBJECT_WORDS)):
                return found
        subject = self.resolver.sentence_subject(sentence_start, colon)
        if subject is None:
            return None
        found = self.resolver.resolve(subject, None, 0.6, "colon")
        return found if found.speaker else None

    def noun_cue(self, span: QuotedSpan, sentence_start: int) -> Attribution | None:
        """`Smith's claim that the plan "pays for itself"`, `his promise: "..."`: a speech
        noun with a possessor, joined to the quote by "that", a colon or a comma (right
        before it, the quote is what someone says of those words: `Ruiz's remarks "were out
        of line"`)."""
        start = max(sentence_start, span.mark_start - 160)
        window = self.masked[start : span.mark_start]
        match = _NOUN_CUE_RE.search(window)
        if match is None:
            return None
        owner = match.group("owner")
        if owner.lower() in ("his", "her"):
            speaker = Speaker(
                "he" if owner.lower() == "his" else "she", start + match.start(), "pronoun"
            )
        else:
            name = _OWNER_RE.search(window, 0, match.start("owner") + len(owner))
            if name is None:
                return None
            speaker = Speaker(name.group(1), start + name.start(1), "name")
        found = self.resolver.resolve(speaker, match.group("noun"), 0.75, "noun")
        found.distance = span.mark_start - start - match.start()
        return found if found.speaker else None

    def described_as(self, span: QuotedSpan, sentence_start: int) -> Attribution | None:
        """`Smith has gone after her rival as a "reckless spender"`: the subject of the
        sentence describes someone with the quoted words."""
        masked = self.masked
        match = _AS_RE.search(masked, max(sentence_start, span.mark_start - 40), span.mark_start)
        if match is None or _PASSIVE_AS_RE.search(masked, sentence_start, match.start() + 1):
            return None
        speaker = self.resolver.sentence_subject(
            sentence_start, match.start()
        ) or self._organisation_subject(sentence_start, match.start())
        if speaker is None:
            return None
        found = self.resolver.resolve(speaker, None, 0.7, "as")
        return found if found.speaker else None

    def _organisation_subject(self, sentence_start: int, limit: int) -> Speaker | None:
        """An organisation opening the sentence as its subject: `PolitiFact rated ...`."""
        names = self.names
        opening = _OPENING_RE.match(self.masked, sentence_start, limit)
        index = bisect_left(names.starts, opening.end() if opening else sentence_start)
        if index >= len(names.mentions):
            return None
        mention = names.mentions[index]
        if (
            not opening
            or mention.start != opening.end()
            or mention.start >= limit
            or not mention.is_org
            or not mention.subject
            or mention.possessive
            or is_place(mention.name)
        ):
            return None
        return Speaker(mention.name, mention.start, "name")

    def adjacent_after(self, span: QuotedSpan) -> Attribution | None:
        """`"...," Psaki said` / `"...," said Psaki` / `"..." ― Psaki` / `"...," as he put it`."""
        start = span.mark_end
        limit = min(self.layout.paragraph(start)[1], start + 160)
        head = self.masked[start:limit]
        lead = len(head) - len(head.lstrip(" \t\u00a0,;"))
        if head[lead : lead + 1] in _DASHES and head[lead + 1 : lead + 2] in (" ", "\u00a0"):
            speaker = speaker_after(self.masked, start + lead + 1, limit)
            rest = self.masked[speaker.end : limit].lstrip(" \t\u00a0") if speaker else ""
            if speaker and speaker.kind == "name" and rest[:1] in ("", ",", ".", ";", "\n"):
                # "“…” ― Jo Lee, mayor"; not "“…” – the Founding Father who…" (an apposition)
                return self.resolver.resolve(speaker, None, 0.9, "dash")
        if self.layout.text[span.end - 1 : span.end] == "." and head[lead : lead + 1].isupper():
            return None  # the quote ended its sentence
        if head[lead : lead + 3] == "as ":
            start += lead + 3
        for verb_start, verb_end, cue in self.layout.cues.between(start, limit)[:2]:
            between = self.masked[start:verb_start]
            if "\x01" in between or self.layout.ends_sentence(start, verb_start):
                return None
            if not between.strip(_PUNCTUATION):
                if cue in INVERTIBLE or cue == "according to":
                    speaker = speaker_after(self.masked, verb_end, limit)
                    if speaker:
                        return self.resolver.resolve(speaker, cue, 0.95, "after")
                continue
            speaker = self.layout.cues.speaker_before(start, verb_start)
            if speaker and not self.masked[start : speaker.start].strip(_PUNCTUATION):
                return self.resolver.resolve(speaker, cue, 0.95, "after")
        return None

    def in_sentence_before(self, span: QuotedSpan, sentence_start: int) -> Attribution | None:
        """`Psaki told reporters that "..."`, `according to Psaki, "..."`, `, adding "..."`;
        the nearest cue whose speaker can be resolved wins."""
        fallback = None
        for verb_start, verb_end, cue in reversed(
            self.layout.cues.between(sentence_start, span.mark_start)[-MAX_CUES_READ:]
        ):
            speaker = self._subject_of(cue, sentence_start, verb_start, verb_end, span.mark_start)
            if speaker is None:
                continue
            distance = span.mark_start - verb_end
            found = self.resolver.resolve(speaker, cue, _by_distance(distance), "before")
            found.distance = distance
            if distance > _NEAR and self._others_between(verb_end, span.mark_start, found):
                found.confidence -= 0.15
            if found.speaker or found.method == "anonymous":
                return found
            fallback = fallback or found
        return fallback

    def _subject_of(
        self, cue: str, sentence_start: int, verb_start: int, verb_end: int, limit: int
    ) -> Speaker | None:
        masked = self.masked
        if cue == "according to":
            return speaker_after(masked, verb_end, limit)
        if cue in _QUOTING and (given := _GIVEN_AS_RE.match(masked, verb_end, limit)):
            return speaker_after(masked, given.start(1), given.end(1))  # "quoted Ruiz as saying"
        speaker = self.layout.cues.speaker_before(sentence_start, verb_start)
        if cue.endswith("ing") and not self._after_auxiliary(sentence_start, verb_start):
            # a participle ("..., adding that"): its subject is the sentence's, unless a name
            # stands right before it ("footage of Trump saying"), not where the words were
            # given ("answered on Facebook writing")
            after_comma = masked[sentence_start:verb_start].rstrip().endswith(",")
            if (
                speaker is not None
                and speaker.kind == "name"
                and not after_comma
                and not _VENUE_RE.search(masked, max(0, speaker.start - 6), speaker.start)
            ):
                return speaker
            return (
                self._cue_before(sentence_start, verb_start)
                or self._group_before(sentence_start, verb_start)
                or self.resolver.sentence_subject(sentence_start, verb_start)
            )
        tail = trim_end(masked[sentence_start:verb_start])  # "…, but now said"
        if (speaker is None and tail.endswith((" and", ",", " but"))) or (
            # "Smith bemoaned the unrest and said": not "the unrest ... and"
            speaker is not None
            and speaker.kind == "description"
            and tail.endswith((" and", " but"))
        ):
            return self.resolver.sentence_subject(sentence_start, verb_start)
        if speaker is None and cue in INVERTIBLE and not tail.strip(_PUNCTUATION):
            return speaker_after(masked, verb_end, limit)  # "Said Smith: ..."
        return self._inverted(cue, verb_start, verb_end, limit, speaker) or speaker

    def in_sentence_after(self, span: QuotedSpan, sentence_end: int) -> Attribution | None:
        """`the "door to diplomacy" remains open, Psaki said.`"""
        cues = self.layout.cues.between(span.mark_end, sentence_end)[:MAX_CUES_READ]
        for verb_start, verb_end, cue in cues:
            floor = self.masked.rfind("\x01", span.mark_end, verb_start) + 1 or span.mark_end
            speaker = self.layout.cues.speaker_before(floor, verb_start)
            inverted = cue in INVERTIBLE or cue == "according to"
            if (
                speaker is None
                and inverted
                and not self.masked[floor:verb_start].strip(_PUNCTUATION)
            ):
                speaker = speaker_after(self.masked, verb_end, sentence_end)
            elif speaker is not None and inverted and governed(self.masked, speaker):
                speaker = speaker_after(self.masked, verb_end, sentence_end) or speaker
            else:
                speaker = (
                    self._inverted(cue, verb_start, verb_end, sentence_end, speaker) or speaker
                )
            if speaker:
                distance = verb_start - span.mark_end
                found = self.resolver.resolve(speaker, cue, _by_distance(distance) - 0.1, "later")
                found.distance = distance
                return found
        return None

    def _cue_before(self, sentence_start: int, verb_start: int) -> Speaker | None:
        """The subject of a cue that ends right before a participle's comma (`..., Smith said,
        adding`), or a few words before it with no quote or comma between (`..., Smith told
        CBS on Sunday, saying`): the participle's subject too."""
        cues = self.layout.cues.between(sentence_start, verb_start)
        if not cues:
            return None
        before_start, before_end, cue = cues[-1]
        gap = self.masked[before_end:verb_start].rstrip()
        if not gap.endswith(",") or len(gap) > _CUE_REACH or "\x01" in gap or "," in gap[:-1]:
            return None
        return self._subject_of(cue, sentence_start, before_start, before_end, verb_start)

    def _group_before(self, sentence_start: int, verb_start: int) -> Speaker | None:
        """`where dozens of protesters had gathered, chanting`: people the article does not
        name are the subject of the clause before a participle's comma."""
        comma = self.masked.rfind(",", sentence_start, verb_start)
        clause_start = self.masked.rfind(",", sentence_start, comma) + 1 or sentence_start
        groups = list(_GROUP_SUBJECT_RE.finditer(self.masked, clause_start, comma))
        if not groups:
            return None
        return Speaker(f"some {groups[-1].group(1)}", groups[-1].start(1), "description")

    def _inverted(
        self, cue: str, verb_start: int, verb_end: int, limit: int, speaker: Speaker | None
    ) -> Speaker | None:
        """The subject right after an inverted verb set off by a comma (`The puzzle of Lopez,
        says Carl Fenn, historian, is ...`, `... that Vale can win, said Jo Lee.`): a name
        that ends its clause there, when no subject stands before the verb or the name before
        it ends at the comma."""
        masked = self.masked
        if cue not in INVERTIBLE or not _COMMA_BEFORE_RE.search(
            masked, max(0, verb_start - 4), verb_start
        ):
            return None
        if speaker is not None and (
            speaker.kind == "pronoun" or masked[speaker.end : verb_start].strip() != ","
        ):
            return None
        after = speaker_after(masked, verb_end, limit)
        if after is None or after.kind != "name":
            return None
        if any(word in LEADING_WORDS for word in masked[verb_end : after.start].split()):
            return None  # "said of Mr. Vale": not the subject
        following = masked[after.end : after.end + 2]
        return after if not following.strip() or following[0] in ",.;:(\x01" else None

    def _after_auxiliary(self, sentence_start: int, verb_start: int) -> bool:
        words = self.masked[sentence_start:verb_start].split()
        return bool(words) and words[-1].lower() in _AUXILIARIES

    def _others_between(self, start: int, end: int, found: Attribution) -> bool:
        """Whether another person is the subject of a clause between a cue and its quote."""
        for mention, person in self.names.people_between(start, end):
            if mention.subject and (found.speaker is None or person.full != found.speaker):
                return True
        return False

    # -- quotes without a cue of their own ------------------------------------------------
    def inherit(
        self, spans: list[QuotedSpan], found: list[Attribution], index: int, chain: list[int]
    ) -> Attribution | None:
        """The attribution a quote without a cue takes from its neighbours, if any; `chain`
        holds the indices of the quotes in its chain."""
        span = spans[index]
        direct = [i for i in chain if found[i].speaker and found[i].method != "inherited"]
        earlier = [i for i in direct if i < index]
        if earlier:
            return _inherited(found[earlier[-1]], 0.85)
        introduced = self.introduced(span)
        if introduced:
            return introduced
        if direct:
            return _inherited(found[direct[0]], 0.8)
        previous, following = index - 1, index + 1
        resumed = (  # `"The risk," said Ana Ruiz, an economist, "is…"`: her words resume
            previous >= 0
            and spans[previous].paragraph == span.paragraph
            and self.masked[spans[previous].mark_end : span.mark_start].rstrip().endswith(",")
        )
        if self._someone_else_in_sentence(span, found[previous].speaker if resumed else None):
            return None
        if (
            previous >= 0
            and spans[previous].paragraph == span.paragraph
            and found[previous].speaker
            and found[previous].method not in ("noun", "as")  # a phrase, not a speech
        ):
            return _inherited(found[previous], 0.85)
        if (
            following < len(spans)
            and spans[following].paragraph == span.paragraph
            and found[following].speaker
            and found[following].method != "inherited"
        ):
            return _inherited(found[following], 0.75)
        from_paragraph = self.from_earlier_sentence(span)
        if from_paragraph:
            return from_paragraph
        if self._quote_only(span):
            if (
                previous >= 0
                and spans[previous].paragraph == span.paragraph - 1
                and found[previous].speaker
            ):
                return _inherited(found[previous], 0.7)
            if told := self.told_before(span):
                return told
            if (
                following < len(spans)
                and spans[following].paragraph == span.paragraph + 1
                and found[following].speaker
                and found[following].method != "inherited"
            ):
                return _inherited(found[following], 0.55)
        return None

    def introduced(self, span: QuotedSpan) -> Attribution | None:
        """A quote opening a paragraph after one that ends with a colon: `Psaki said:`."""
        opening = self.layout.paragraph(span.mark_start)[0]
        if span.paragraph == 0 or not only_blanks(self.layout.text, opening, span.mark_start):
            return None
        start, end = self.layout.paragraphs[span.paragraph - 1]
        if not self.masked[start:end].rstrip().endswith(":"):
            return None
        sentence_start, _ = self.layout.sentence(end - 1)
        if found := self._speaker_in(sentence_start, end, 0.85, "introduced"):
            return found
        colon = self.masked.rindex(":", start, end)
        return self.before_colon(sentence_start, colon)

    def _speaker_in(
        self, sentence_start: int, end: int, confidence: float, method: str, *, last: bool = True
    ) -> Attribution | None:
        """The first speaker of a cue in masked[sentence_start:end] whom the resolver finds,
        the last cue first (the nearest to what follows), or with `last=False` the first
        (the main clause's: "CNN reported that Petraeus testifies…")."""
        cues = self.layout.cues.between(sentence_start, end)
        read = reversed(cues[-MAX_CUES_READ:]) if last else cues[:MAX_CUES_READ]
        for verb_start, verb_end, cue in read:
            speaker = self._subject_of(cue, sentence_start, verb_start, verb_end, end)
            if speaker:
                found = self.resolver.resolve(speaker, cue, confidence, method)
                if found.speaker:
                    return found
        return None

    def told_before(self, span: QuotedSpan) -> Attribution | None:
        """`Ruiz was quick to add that the plan stands.` then a paragraph of its own
        `"Not negotiable."`: the speaker of the previous paragraph's last sentence, when that
        paragraph reports speech and quotes no one."""
        start, end = self.layout.paragraphs[span.paragraph - 1]
        if "\x01" in self.masked[start:end]:
            return None
        sentence_start, _ = self.layout.sentence(end - 1)
        return self._speaker_in(sentence_start, end, 0.7, "inherited", last=False)

    def from_earlier_sentence(self, span: QuotedSpan) -> Attribution | None:
        """`Psaki spoke on Tuesday. "..."`: the speaker of the paragraph's previous sentence."""
        sentence_start, _ = self.layout.sentence(span.mark_start)
        paragraph_start = self.layout.paragraph(span.mark_start)[0]
        previous_start, _ = self.layout.sentence(max(sentence_start - 1, paragraph_start))
        return self._speaker_in(previous_start, sentence_start, 0.65, "inherited")

    def _someone_else_in_sentence(self, span: QuotedSpan, speaker: str | None) -> bool:
        """Whether someone other than `speaker` (the one whose quote this resumes) is a
        subject in the sentence before the quote."""
        sentence_start, _ = self.layout.sentence(span.mark_start)
        return any(
            mention.subject and not mention.possessive and person.full != speaker
            for mention, person in self.names.people_between(sentence_start, span.mark_start)
        )

    def _quote_only(self, span: QuotedSpan) -> bool:
        """Whether the quote's paragraph holds nothing but quotes (read once a paragraph)."""
        if span.paragraph not in self._quotes_only:
            start, end = self.layout.paragraphs[span.paragraph]
            self._quotes_only[span.paragraph] = not _WORD_CHAR_RE.search(self.masked, start, end)
        return self._quotes_only[span.paragraph]


def _by_distance(distance: int) -> float:
    return 0.9 if distance <= _NEAR else 0.8 if distance <= _FAR else 0.65


def _inherited(donor: Attribution, confidence: float) -> Attribution:
    return replace(donor, confidence=min(confidence, donor.confidence), method="inherited")


_QUOTING = frozenset(("quoted", "quotes", "cited", "cites"))
_VENUE_RE = re.compile(r"(?<![\w’'-])(?:on|in|at)[ \t\u00a0]+$")
"""A preposition of where words were given ("on Facebook", "in Iowa", "at CNN")."""
# after "quoted" or "cited": whom the words are given to ("the president as saying")
_GIVEN_AS_RE = re.compile(r"\s+([^,;:\x01]{1,80}?)\s+as\s+(?:saying|telling|writing|stating)\b")


def attribute_all(layout: Layout, names: NameTable) -> list[Attribution]:
    """One attribution per quoted span of the layout, in the same order."""
    attributor = _Attributor(layout, names)
    spans = layout.spans
    found: list[Attribution] = []
    for span in spans:
        attribution = attributor.direct(span) or Attribution()
        found.append(attribution)
        attributor.resolver.record(span.mark_start, attribution)
    chains: dict[int, list[int]] = defaultdict(list)
    for index, span in enumerate(spans):
        chains[span.chain].append(index)
    for index in range(len(spans)):
        if found[index].method == "none":
            inherited = attributor.inherit(spans, found, index, chains[spans[index].chain])
            if inherited is not None:
                found[index] = inherited
    for index in range(1, len(spans)):
        # `as a "con artist" and a "spoiled brat"`: a quote joined to the one before it
        previous = found[index - 1]
        if found[index].speaker is None and previous.speaker and previous.method != "anonymous":
            between = layout.masked[spans[index - 1].mark_end : spans[index].mark_start]
            if _JOINED_RE.fullmatch(between):
                found[index] = replace(previous, method="joined")
    return found
