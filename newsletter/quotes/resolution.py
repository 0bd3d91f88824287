"""Turning a speaker phrase into the person or organisation it refers to.

Owns: names to their fullest form, pronouns (he, she) to the person most likely meant, and
descriptions ("the senator", "the campaign", "a narrator") to a named speaker or to an
anonymous one. Pronouns are resolved the way a reader does: walking back sentence by sentence,
preferring people who spoke (quoted or reported) over people merely mentioned, and subjects over
names after a preposition; a sentence whose subject is the same pronoun ("She has...", "he
argued") passes the search on to the sentences before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

import lemminflect

from .cues import CUE_PATTERN, FINDING_CUES, INVERTIBLE, Speaker, governed, speaker_after
from .descriptions import Describer, Description
from .layout import Layout
from .lexicon import (
    COMMON_PERSON_NOUNS,
    DOCUMENT_HEADS,
    FEMALE_WORDS,
    KIN_WORDS,
    MALE_WORDS,
    NATIONALITIES,
    ORG_HEADS,
    OUTLET_HEADS,
    OUTLET_WORDS,
    PERSON_NOUNS,
    SUBORDINATORS,
    words,
)
from .names import (
    OPENING_PRONOUN_RE,
    Mention,
    NameTable,
    Person,
    family_name,
    gender_of_words,
    is_org,
    is_place,
    role_words,
)

__all__ = ["Attribution", "Resolver"]

_PREPOSITIONS = words("in of for at from with on to by about")
_INDEFINITE = words("a an one another some several many few others most")
_PARAGRAPHS_BACK = 4
_OWNER_WORDS_RE = re.compile(r"((?:[A-Z][\w.&-]*[ \t\u00a0]+)*[A-Z][\w.&-]*)(?:[’']s)?[ \t\u00a0]")
_SENTENCES_BACK = 16
_NEAR_SENTENCES = 3
_ISSUING = words(
    """issue issues issued issuing release releases released releasing publish publishes
    published publishing post posts posted posting unveil unveils unveiled unveiling launch
    launches launched launching air airs aired airing run runs ran running send sends sent
    sending file files filed filing write writes wrote writing circulate circulates circulated
    circulating"""
)
_WEAK = 0.4
"""The confidence of a speaker only guessed at: under the print threshold."""


_ADDRESSEE = r"\s+(?:(?:Mr|Mrs|Ms|Sen|Gov|Rep|Dr)\.\s+)?((?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)"
_ASKED_RE = re.compile(rf"ask(?:ed|s){_ADDRESSEE}")  # "asked Rubio which…": whom it asks
_TOLD_RE = re.compile(  # "he told Rubio": whom the pronoun's own cue addresses
    r"(?:[Hh]e|[Ss]he)\s+(?:[a-z]+ly\s+)?(?:told|asked|assured|reminded|urged|warned|informed)"
    + _ADDRESSEE
)


_SUBORDINATORS = sorted(SUBORDINATORS)
_OPENING_CLAUSE_RE = re.compile(
    rf"(?:{'|'.join(word.capitalize() for word in _SUBORDINATORS)})\s[^,;:\x01\n]{{1,160}},\s+"
)
"""A subordinate clause opening a sentence, up to the comma that closes it."""

# what a subject says or claims: a cue, then "that" ("claiming without any evidence that…")
_REPORTED_RE = re.compile(rf"(?<![\w-])(?:{CUE_PATTERN})(?:\s+[\w’'-]+){{0,4}}\s+that\b")


@dataclass
class Attribution:
    """Who said a quote, how it was decided and how sure that is."""

    speaker: str | None = None
    title: str | None = None
    cue: str | None = None
    confidence: float = 0.3
    method: str = "none"
    gender: str | None = None
    is_person: bool = True
    distance: int = 0


@dataclass(slots=True)
class _Event:
    """Someone speaking at a position: a quote's speaker, or the subject of reported speech.
    `Resolver.events` keeps them ordered by position."""

    position: int
    name: str
    title: str | None
    gender: str | None

    @classmethod
    def named(cls, mention: Mention, person: Person) -> _Event:
        """The person a name mention refers to, with the title the mention gives if the
        person has none."""
        return cls(mention.start, person.full, person.title or mention.title, person.gender)


_BY_POSITION = attrgetter("position")


_WITH_RE = re.compile(r"\b[Ww]ith\s+$")


@lru_cache(maxsize=64)
def _issued_re(head: str) -> re.Pattern[str]:
    """From the end of an issuer's name: a verb of putting out a document and the document
    called `head` ("…’s campaign released a new ad", "… issued a statement")."""
    blank = r"[ \t\u00a0]"
    verbs = "|".join(sorted(_ISSUING))
    return re.compile(
        rf"(?:[’']s)?(?:{blank}+[a-z]+){{0,3}}?{blank}+(?:{verbs})"
        rf"(?:{blank}+[\w’'-]+){{0,3}}?{blank}+{re.escape(head)}\b",
        re.IGNORECASE,
    )


class Resolver:
    """Resolves speaker phrases of one article, remembering who has spoken where."""

    def __init__(self, layout: Layout, names: NameTable) -> None:
        self.layout = layout
        self.names = names
        self.describer = Describer(names, layout.sentence_index)
        self.events: list[_Event] = []
        self.pronoun_cues: list[tuple[int, str]] = []  # ("he said"): (position, gender)
        self.org_events: list[tuple[int, str]] = []  # organisations quoted: (position, name)
        names.infer_genders(layout.starts)
        names.settle_family_names(layout.starts)
        self._collect_reported_speech()

    def _collect_reported_speech(self) -> None:
        """Note the named subjects of every reporting verb outside quotes ("Smith said the
        plan...") as speakers, so that a later "he said" can find them."""
        masked = self.layout.masked
        for verb_start, verb_end, cue in self.layout.cues.between(0, len(masked)):
            sentence_start, sentence_end = self.layout.sentence(verb_start)
            speaker = self.layout.cues.speaker_before(sentence_start, verb_start)
            if cue.endswith("ing") and masked[sentence_start:verb_start].rstrip().endswith(","):
                # "Hale turned on the Gazette, pointing out that…": the sentence's subject
                speaker = self.sentence_subject(sentence_start, verb_start) or speaker
            if (
                cue in INVERTIBLE  # right after a quote or a comma:
                and masked[sentence_start:verb_start].rstrip(" \t\u00a0").endswith((",", "\x01"))
                and (speaker is None or speaker.kind != "name" or governed(masked, speaker))
            ):
                # "..., noted WXYZ's Dale Smith": the subject follows the verb
                speaker = speaker_after(masked, verb_end, sentence_end) or speaker
            if speaker is not None and speaker.kind == "pronoun":
                pronoun = speaker.text.lower()
                if pronoun in ("he", "she"):
                    self.pronoun_cues.append((verb_start, "m" if pronoun == "he" else "f"))
                continue
            if speaker is None or speaker.kind != "name" or self._names_org(speaker.text):
                continue
            # "With a vote for Hale ruled out, …" tells no act of Hale's; "with Ruiz
            # lambasting the plan" tells hers
            absolute = _WITH_RE.search(masked, max(speaker.start - 6, 0), speaker.start)
            if governed(masked, speaker) and not absolute:
                continue
            if self._english_opening(speaker, sentence_start):
                continue
            found = Attribution()
            self.resolve_name(speaker, found)
            if found.speaker and found.is_person:
                self.events.append(_Event(verb_start, found.speaker, found.title, found.gender))
        self.events.sort(key=_BY_POSITION)

    def _names_org(self, phrase: str) -> bool:
        """Whether a speaker's phrase names an organisation or a place, read past the title
        the article sets in front of a name ("City Engineer Marcus Delgado" is a person)."""
        return is_org(self.names.split(phrase)[1])

    def _english_opening(self, speaker: Speaker, sentence_start: int) -> bool:
        """Whether `speaker` is an English word that opens its sentence, not a name the
        article gives ("Harsh comments are earning…": "comments" is no verb there)."""
        word = speaker.text
        opening = not self.layout.masked[sentence_start : speaker.start].strip()
        return (
            opening
            and " " not in word
            and bool(lemminflect.getAllLemmas(word.lower()))
            and self.names.person(word, speaker.start) is None
        )

    def record(self, position: int, attribution: Attribution) -> None:
        """Remember a quote's speaker, for the pronouns that follow."""
        if attribution.speaker and not attribution.is_person:
            insort(self.org_events, (position, attribution.speaker))
        if attribution.speaker and attribution.is_person:
            insort(
                self.events,
                _Event(position, attribution.speaker, attribution.title, attribution.gender),
                key=_BY_POSITION,
            )

    def resolve(
        self, speaker: Speaker, cue: str | None, confidence: float, method: str
    ) -> Attribution:
        found = Attribution(cue=cue, confidence=confidence, method=method)
        if speaker.kind == "name":
            self.resolve_name(speaker, found)
        elif speaker.kind == "pronoun":
            if speaker.text.lower() == "it":
                self._resolve_it(speaker.start, found)
            else:
                self.resolve_pronoun(speaker.text.lower(), speaker.start, found)
            found.confidence -= 0.07
        else:
            self.resolve_description(speaker, found)
        if cue in FINDING_CUES and found.is_person:
            found.speaker, found.method = None, "none"  # "she found": not a quote's cue
        if found.speaker is None and found.method != "anonymous":
            found.confidence = min(found.confidence, 0.3)
            found.method = "unresolved"
        return found

    # -- names --------------------------------------------------------------------------------
    def resolve_name(self, speaker: Speaker, found: Attribution) -> None:
        text = speaker.text
        if self._anonymous_group(text, speaker.start):
            found.method, found.confidence = "anonymous", min(found.confidence, 0.5)
            return
        if not speaker.title and _names_an_org(speaker.appositive):
            found.is_person = False  # "Xinhua, the official Chinese news agency, wrote"
            role = None
        else:
            role = speaker.title or (speaker.appositive if _is_role(speaker.appositive) else None)
            found.is_person = not self._names_org(text.split(" of ")[0]) or bool(role)
        if found.is_person:
            self.names.note_speaker(text, speaker.start, role)
        name, title, gender = self.names.canonical(text, speaker.start)
        found.speaker, found.title = name, title or role
        found.gender = gender or gender_of_words(role or "")

    def _anonymous_group(self, text: str, position: int) -> bool:
        """A capitalised plural at the start of a sentence ("Demonstrators said"), or the people
        of a nation or a faith ("Mexicans say")."""
        key = text.lower()
        last = key.rpartition(" ")[2]  # "Many Mexicans"
        if last.endswith("s") and last[:-1] in NATIONALITIES:
            return True
        return key in PERSON_NOUNS and self.names.person(text, position) is None

    # -- pronouns -----------------------------------------------------------------------------
    def resolve_pronoun(self, pronoun: str, position: int, found: Attribution) -> None:
        """ "he said": the person the pronoun refers to, never whom its own cue addresses
        ("…,” he told Rubio" is not Rubio's)."""
        if pronoun in ("he", "she"):
            told = _TOLD_RE.match(self.layout.masked, position)
            addressed = family_name(told.group(1)) if told else None
            self._walk_back(position, "m" if pronoun == "he" else "f", found, addressed=addressed)

    def _walk_back(
        self,
        position: int,
        wanted: str | None,
        found: Attribution,
        roles: frozenset[str] = frozenset(),
        addressed: str | None = None,
    ) -> None:
        """Set `found` to the person a he/she (or a description with these role words) at
        `position` refers to; people known by other roles are passed over, and so is the one
        whose family name is `addressed`."""
        layout = self.layout
        floor = layout.paragraph_starts[max(layout.paragraph_index(position) - _PARAGRAPHS_BACK, 0)]
        index = layout.sentence_index(position)
        end = position
        fallback = None
        for step in range(_SENTENCES_BACK):
            if index - step < 0 or layout.starts[index - step] < floor:
                break
            start = layout.starts[index - step]
            primary, secondary = self._candidates(start, end, wanted, roles, addressed)
            if not primary and not step and wanted and not roles:
                primary = self._possessor(start, end, wanted)
            if not primary and wanted and _unnamed_subject(self.layout.masked, start, end, wanted):
                # "A 29-year-old Berlin woman received probation. “…,” she wrote": someone
                # the article does not name, not a woman named further back
                found.method, found.confidence = "anonymous", min(found.confidence, 0.5)
                return
            if primary:
                found.speaker, found.title = primary.name, primary.title
                found.gender = wanted or primary.gender
                if step > _NEAR_SENTENCES and wanted and primary.gender is None:
                    # far back, and nothing shows this is a man (a woman): a guess that a
                    # reader would not make without more ("Xinhua" for a "he")
                    found.confidence = min(found.confidence, _WEAK)
                elif step > _NEAR_SENTENCES:
                    found.confidence -= 0.05
                return
            fallback = fallback or secondary
            end = start
        if fallback:
            found.speaker, found.title = fallback.name, fallback.title
            found.gender = wanted or fallback.gender
            found.confidence -= 0.15
            if wanted and fallback.gender is None:
                found.confidence = min(found.confidence, _WEAK)

    def _candidates(
        self,
        start: int,
        end: int,
        wanted: str | None,
        roles: frozenset[str] = frozenset(),
        addressed: str | None = None,
    ) -> tuple[_Event | None, _Event | None]:
        """(best, weak) referents for he/she among what masked[start:end] holds: the first
        who speaks there (those after speak in what that one reports), else the first person
        named as a subject; weak: any person named."""
        if wanted is not None and self._opens_with(start, end, wanted):
            # "He said that Ruiz herself had agreed": the sentence is about the same "he",
            # whoever it reports speaking; its referent is named further back
            return None, None
        first = bisect_left(self.events, start, key=_BY_POSITION)
        last = bisect_left(self.events, end, key=_BY_POSITION)
        for event in self.events[first:last]:
            if family_name(event.name) == addressed:
                continue
            if wanted and (asked := self._asked(event, wanted)):
                return asked, None  # "Earhardt asked Rubio… “We feel great,” he said"
            if (wanted is None or event.gender in (None, wanted)) and _fits(event.title, roles):
                return self._main_subject(start, end, event, wanted) or event, None
        if wanted is not None:
            # "..., he argued": the same pronoun speaks here, so its referent is named
            # before it, or further back
            end = self._pronoun_speaks(start, end, wanted)
        named = [
            (mention, person)
            for mention, person in self.names.people_between(start, end)
            if (wanted is None or person.gender in (None, wanted))
            and family_name(person.full) != addressed
        ]
        if wanted is not None and named:
            # "Though he did not name Ruiz, he said": people named after the same pronoun are
            # those it speaks of; it refers to someone named before, unless the name is the
            # subject the opening clause leads to ("In her speech, Ruiz said")
            first = named[0][0]
            same = _SAME_PRONOUN_RE[wanted].search(self.layout.masked, start, first.start)
            named = [] if same and not self._led_to(start, first) else named
        secondary = None
        subjects = []
        first_subject_end = None
        for mention, person in named:
            if not _fits_roles(person.roles - KIN_WORDS, roles):
                continue  # "the candidate" is not the mayor named before
            event = _Event.named(mention, person)
            if mention.subject and not mention.possessive:
                introduced = person.first_seen == mention.start and not (
                    first_subject_end is not None
                    and _REPORTED_RE.search(self.layout.masked, first_subject_end, mention.start)
                )  # not one introduced in what the first subject claims ("…that Obama wanted")
                subjects.append((not introduced, event))
                first_subject_end = mention.end if first_subject_end is None else first_subject_end
            secondary = secondary or event
        if subjects:
            # someone introduced in this sentence, else its first subject
            return min(subjects, key=lambda pair: (pair[0], pair[1].position))[1], None
        return None, secondary

    def _possessor(self, start: int, end: int, wanted: str) -> _Event | None:
        """The person of the pronoun's gender (`wanted`, known) whose possessive comes before
        it in its own sentence, [start, end): "…Rubio's strategy when he says…" is Rubio's."""
        owners = [
            _Event.named(mention, person)
            for mention, person in self.names.people_between(start, end)
            if mention.possessive and person.gender == wanted
        ]
        return owners[0] if len(owners) == 1 else None

    def _opens_with(self, start: int, end: int, wanted: str) -> bool:
        """Whether the sentence in [start, end) opens with "He" (`wanted` "m") or "She"."""
        opening = OPENING_PRONOUN_RE.match(self.layout.masked, start, end)
        return bool(opening) and (opening.group(1) == "He") == (wanted == "m")

    def _asked(self, event: _Event, wanted: str) -> _Event | None:
        """The person `event` asks ("Earhardt asked Rubio which states…"), whose answer a
        "he" or "she" of that person's gender (`wanted`) that follows gives."""
        asking = _ASKED_RE.match(self.layout.masked, event.position)
        person = asking and self.names.person(asking.group(1), asking.start(1))
        if (
            not person
            or person.gender != wanted
            or family_name(person.full) == family_name(event.name)
        ):
            return None
        return _Event(asking.start(1), person.full, person.title, person.gender)

    def _main_subject(
        self, start: int, end: int, event: _Event, wanted: str | None
    ) -> _Event | None:
        """The person named as the subject of the main clause, when the sentence in [start,
        end) opens with a subordinate clause that holds the `event` ("After Vale asked the
        author who would win, Ruiz replied…"): the main clause tells whom it is about."""
        opening = _OPENING_CLAUSE_RE.match(self.layout.masked, start, end)
        if not opening or event.position >= opening.end():
            return None
        for mention, person in self.names.people_between(opening.end(), opening.end() + 1):
            if mention.subject and (wanted is None or person.gender in (None, wanted)):
                return _Event.named(mention, person)
        return None

    def _led_to(self, start: int, mention: Mention) -> bool:
        """Whether `mention` is the subject right after a sentence's opening clause, the
        comma closing it, and not an apposition ("Her husband, Bill Ruiz, said")."""
        masked = self.layout.masked
        return (
            mention.subject
            and masked[start : mention.start].rstrip().endswith(",")
            and masked[mention.end : mention.end + 1] not in (",", "(")
        )

    def _pronoun_speaks(self, start: int, end: int, wanted: str) -> int:
        """Where the first "he said" (of the wanted gender) in [start, end) is, else end."""
        cues = self.pronoun_cues
        index = bisect_left(cues, (start, ""))
        while index < len(cues) and cues[index][0] < end:
            if cues[index][1] == wanted:
                return cues[index][0]
            index += 1
        return end

    # -- descriptions -------------------------------------------------------------------------
    def resolve_description(self, speaker: Speaker, found: Attribution) -> None:
        words = speaker.text.split()
        determiner, words = words[0].lower(), words[1:]
        head_words: list[str] = []
        for word in words:
            if word.lower() in _PREPOSITIONS and head_words:
                break
            head_words.append(word)
        head = head_words[-1].lower().strip("’'") if head_words else ""
        if head not in DOCUMENT_HEADS | ORG_HEADS | PERSON_NOUNS:
            # "a report released last year": the document is named before its participle
            head = next((w.lower() for w in head_words if w.lower() in DOCUMENT_HEADS), head)
        if head in DOCUMENT_HEADS:
            self._resolve_document(words, head, speaker.start, found)
            return
        if head in ORG_HEADS:
            self._resolve_org(" ".join(words), head, speaker.start, found)
            return
        if determiner in _INDEFINITE or (head.endswith("s") and head[:-1] in PERSON_NOUNS):
            if head in PERSON_NOUNS or not words:
                # "a doctor", "officials", "another": nobody the article names
                found.method, found.confidence = "anonymous", min(found.confidence, 0.5)
            return
        description = Description.read(head_words)
        people = self.describer.people(description, speaker.start) if description else []
        if len(people) == 1:
            found.speaker, found.title, found.gender = (
                people[0].full,
                people[0].title,
                people[0].gender,
            )
            found.confidence -= 0.1
        if people:
            return  # described, or two people fit equally: unresolved
        if head not in PERSON_NOUNS:
            return
        if head in COMMON_PERSON_NOUNS:  # "the source", "the woman": nobody the article names
            found.method, found.confidence = "anonymous", min(found.confidence, 0.5)
            return
        # the person in focus, known by no other role; not someone named earlier in the same
        # sentence ("In an interview with Ruiz, the candidate said")
        roles = frozenset(role_words(" ".join(head_words)) - _PARTY_ROLES)
        sentence_start = self.layout.sentence(speaker.start)[0]
        self._walk_back(sentence_start, gender_of_words(" ".join(words)), found, roles)
        found.confidence -= 0.2

    def _resolve_document(
        self, words: list[str], head: str, position: int, found: Attribution
    ) -> None:
        """ "the report" -> who put it out: an organisation named in the phrase ("a
        Government Accountability Office report") or a person the article names ("Vale's
        letter"), else the issuer (`_issuer`), else the last organisation named in a
        sentence about such a document ("a study by the Tax Policy Center"), else the last
        organisation named nearby."""
        found.is_person = False
        owner = _OWNER_WORDS_RE.match(" ".join(words))
        if owner and not is_place(owner.group(1)):
            if is_org(owner.group(1)):
                found.speaker = self.names.canonical(owner.group(1), position)[0]
                found.confidence -= 0.05
                return
            if self.names.person(owner.group(1), position) is not None:
                found.is_person = True
                found.speaker, found.title, found.gender = self.names.canonical(
                    owner.group(1), position
                )
                found.confidence -= 0.05
                return
        if self._issuer(head, position, found):
            return
        masked = self.layout.masked
        mentions = self.names.mentions
        own_sentence = self.layout.sentence(position)[0]
        layout = self.layout
        floor = layout.paragraph_starts[max(layout.paragraph_index(position) - 12, 0)]
        for index in range(bisect_left(self.names.starts, own_sentence) - 1, -1, -1):
            mention = mentions[index]
            if mention.start < floor:
                break
            if not mention.is_org or is_place(mention.name):
                continue
            start, end = self.layout.sentence(mention.start)
            if re.search(rf"\b{re.escape(head)}\b", masked[start:end], re.IGNORECASE):
                found.speaker = self.names.canonical(mention.name, mention.start)[0]
                found.confidence -= 0.1
                return
        self._resolve_org("", "", position, found)
        found.confidence -= 0.2

    def _issuer(self, head: str, position: int, found: Attribution) -> bool:
        """The person or organisation that put out the document "the `head`" (at `position`)
        in this sentence or one of the _NEAR_SENTENCES before: the subject of a verb of
        issuing it ("Ana Ruiz issued a statement", "The Harbor Party is running an ad that…").
        """
        layout = self.layout
        index = layout.sentence_index(position)
        floor = layout.starts[max(index - _NEAR_SENTENCES, 0)]
        issued = _issued_re(head)
        mentions = self.names.mentions
        for at in range(bisect_left(self.names.starts, position) - 1, -1, -1):
            mention = mentions[at]
            if mention.start < floor:
                return False
            if not mention.subject or is_place(mention.name):
                continue
            if issued.match(layout.masked, mention.end, layout.sentence(mention.start)[1]):
                found.speaker, found.title, found.gender = self.names.canonical(
                    mention.name, mention.start
                )
                found.is_person = not mention.is_org
                found.confidence -= 0.1
                return True
        return False

    def _resolve_it(self, position: int, found: Attribution) -> None:
        """ "it said": the organisation or document that spoke last nearby, else the
        organisation that is the subject of this sentence or one of the two before."""
        layout = self.layout
        floor = layout.paragraph_starts[max(layout.paragraph_index(position) - 2, 0)]
        earlier = self.org_events[: bisect_left(self.org_events, (position, ""))]
        if earlier and earlier[-1][0] >= floor:
            found.speaker, found.is_person = earlier[-1][1], False
            found.confidence -= 0.1
            return
        index = layout.sentence_index(position)
        end = position
        for step in range(3):
            if index - step < 0 or layout.starts[index - step] < floor:
                break
            start = layout.starts[index - step]
            first = bisect_left(self.names.starts, start)
            for mention in self.names.mentions[first:]:
                if mention.start >= end:
                    break
                if mention.is_org and mention.subject and not is_place(mention.name):
                    found.speaker = self.names.canonical(mention.name, mention.start)[0]
                    found.is_person = False
                    found.confidence -= 0.15
                    return
                if not mention.is_org and mention.subject:
                    return  # a person is the subject here: "it" is not the speaker
            end = start

    def _resolve_org(self, body: str, head: str, position: int, found: Attribution) -> None:
        """ "the commission" -> the last organisation named with that word, else the last
        organisation named nearby; "the Trump campaign" -> "Trump campaign"."""
        found.is_person = False
        layout = self.layout
        floor = layout.paragraph_starts[max(layout.paragraph_index(position) - _PARAGRAPHS_BACK, 0)]
        near = layout.paragraph_starts[max(layout.paragraph_index(position) - 1, 0)]
        nearest = outlet = None
        mentions = self.names.mentions
        for index in range(bisect_left(self.names.starts, position) - 1, -1, -1):
            mention = mentions[index]
            if mention.start < floor:
                break
            if not mention.is_org or is_place(mention.name):
                continue
            if _TOLD_TO_RE.search(layout.masked, max(mention.start - 40, 0), mention.start):
                continue  # "telling Fox 35…": whom the words were for, not who said them
            if head and head in mention.name.lower():
                found.speaker = self.names.canonical(mention.name, mention.start)[0]
                found.confidence -= 0.1
                return
            if nearest is None and mention.start >= near and self._acting(mention):
                nearest = mention
            if (
                outlet is None
                and head in OUTLET_HEADS
                and OUTLET_WORDS & set(mention.name.lower().split())
            ):
                outlet = mention  # "the newspaper": the Daily News, not the NRA it wrote of
        nearest = outlet or nearest
        if body and re.search(r"\b[A-Z]", body):
            found.speaker = body
            found.confidence -= 0.1
        elif nearest is not None:
            found.speaker = self.names.canonical(nearest.name, nearest.start)[0]
            found.confidence -= 0.2

    def _acting(self, mention: Mention) -> bool:
        """Whether an organisation's mention is a subject or an author ("a study by the
        Fairness Institute"), not one named after another preposition ("posted on Facebook")."""
        start = mention.start
        return mention.subject or bool(_BY_RE.search(self.layout.masked, start - 8, start))

    # -- sentence subjects ----------------------------------------------------------------
    def sentence_subject(self, sentence_start: int, limit: int) -> Speaker | None:
        """The first person or pronoun of a sentence, taken as the subject of its verbs; not
        one of a clause within it ("Ever since she endorsed Ruiz, Ms. Ortiz has…", "…
        ― much like he did after the floods ― Vale cast…")."""
        masked = self.layout.masked
        clauses = []  # [start, end) of the subordinate clauses passed over
        pronoun = None
        for found in _SUBJECT_PRONOUN_RE.finditer(masked, sentence_start, limit):
            if clauses and found.start() < clauses[-1][1]:
                continue
            lead = _SUBORDINATOR_RE.search(
                masked, max(sentence_start, found.start() - 12), found.start()
            )
            close = lead and _CLAUSE_END_RE.search(masked, found.end(), limit)
            if not close:
                pronoun = Speaker(found.group(), found.start(), "pronoun")
                break
            clauses.append((lead.start(), close.start()))
        candidates = [pronoun] if pronoun else []
        for mention, _ in self.names.people_between(sentence_start, limit):
            inside = any(start <= mention.start < end for start, end in clauses)
            if mention.subject and not mention.possessive and not inside:
                candidates.append(Speaker(mention.name, mention.start, "name"))
                break
        return min(candidates, key=lambda s: s.start) if candidates else None


_BY_RE = re.compile(r"\bby\s+(?:the\s+)?$")
_SUBJECT_PRONOUN_RE = re.compile(r"\b(?:he|she|it|they|He|She|It|They)\b")
_CLAUSE_END_RE = re.compile(r",|--|[―—–]")
_SUBORDINATOR_RE = re.compile(rf"\b(?:like|{'|'.join(_SUBORDINATORS)})\s+$", re.IGNORECASE)
_TOLD_TO_RE = re.compile(  # an organisation told something: "telling Fox 35", "a statement to CNN"
    r"\b(?:told|tells?|telling|(?:statement|interview|remarks|comments?)\s+(?:to|with))\s+"
    r"(?:the\s+)?$"
)

_SAME_PRONOUN_RE = {
    "m": re.compile(r"(?<![\w’'-])(?:[Hh]e|[Hh]im|[Hh]is|[Hh]imself)(?![\w’'-])"),
    "f": re.compile(r"(?<![\w’'-])(?:[Ss]he|[Hh]er|[Hh]ers|[Hh]erself)(?![\w’'-])"),
}
"""The pronouns that can refer to the same person as a "he" (a "she")."""

_PARTY_ROLES = frozenset(("democratic", "republican", "former", "vice"))


_UNNAMED_RE = re.compile(  # "A 29-year-old Berlin woman, meanwhile, received…"
    r"[ \t\u00a0\n]*(?:An?|One)[ \t\u00a0]+(?:[\w’'-]+[ \t\u00a0]+){0,4}?([a-z]+)\b"
)


def _unnamed_subject(masked: str, start: int, end: int, wanted: str) -> bool:
    """Whether the sentence at masked[start:end] opens with someone it does not name who may
    be of the `wanted` gender ("A 29-year-old Berlin woman…" for a "she", "A reporter for
    AFP…" for either)."""
    opening = _UNNAMED_RE.match(masked, start, end)
    if opening is None:
        return False
    noun = opening.group(1)
    same, other = (FEMALE_WORDS, MALE_WORDS) if wanted == "f" else (MALE_WORDS, FEMALE_WORDS)
    return noun in same or (noun in PERSON_NOUNS and noun not in other)


def _fits(title: str | None, roles: frozenset[str]) -> bool:
    """Whether someone known by `title` can be described with these role words."""
    return _fits_roles(role_words(title or "") - _PARTY_ROLES - KIN_WORDS, roles)


def _fits_roles(known: AbstractSet[str], roles: frozenset[str]) -> bool:
    """Whether someone known by these role words can be described with `roles`: no roles on
    either side, or one in common."""
    return not roles or not known or bool(known & roles)


def _names_an_org(appositive: str | None) -> bool:
    """Whether an apposition calls what it follows an organisation ("the official news
    agency", "a Dallas-based company that…"), not someone of one ("a spokeswoman for the
    agency")."""
    if not appositive:
        return False
    head = _APPOSITION_HEAD_RE.match(appositive)
    return head is not None and head.group(1).lower() in ORG_HEADS


_APPOSITION_HEAD_RE = re.compile(
    r"(?:[\w’'.-]+\s+)*?([\w’'-]+)(?=\s+(?:for|of|at|in|with|from|on|that|which|who)\b|$)"
)


def _is_role(phrase: str | None) -> bool:
    return bool(phrase) and len(phrase.split()) <= 12 and bool(role_words(phrase))
