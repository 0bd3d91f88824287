"""Reporting cues: the verbs (and "according to") that tell who said a quote, and the words around
them that name the speaker.

Owns: the verb list and its inflections, which forms count (a noun-like "report" or "claims"
does not, nor a word after a determiner: "the state of", "a written note"), and the small
grammar of speaker phrases: a name with optional role words in front ("White House press
secretary Josh Earnest"), a pronoun, or a description ("the senator"; "Lopez's campaign" is
"the Lopez campaign", "Vale's office" is Vale).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .lexicon import (
    ANY_TITLES,
    LEADING_WORDS,
    PEOPLE_ADJECTIVES,
    PERSON_NOUNS,
    ROLE_WORDS,
    TITLE_MODIFIERS,
    words,
)
from .names import NAME_AHEAD, NAME_PHRASE, is_org, is_place, split_title, title_before

__all__ = [
    "CUE_FORMS",
    "CUE_PATTERN",
    "FINDING_CUES",
    "INVERTIBLE",
    "CueIndex",
    "Speaker",
    "governed",
    "speaker_after",
    "speaker_before",
]

_SPEECH_VERBS = """
add ask explain continue state argue insist warn claim declare announce reply respond recall
acknowledge admit complain suggest testify urge predict observe describe concede contend maintain
assert emphasize stress muse wonder lament retort allege characterize conclude caution exclaim
interject agree disagree confirm deny reiterate recount decry denounce concur repeat indicate
propose recommend advise assure reassure inform remind grumble mutter preach opine posit clarify
elaborate underscore lambaste threaten express interrupt rebut refute confess reveal disclose
portray liken speculate believe summarize insist scold chide write tell say speak sing read
convey exhort proclaim implore bark muse surmise riff retaliate react remember vent gripe scoff
sigh marvel reminisce theorize snap
"""
_NOUN_LIKE_VERBS = """
note tweet call report post question charge answer counter reason detail outline voice term
protest cry joke claim promise challenge credit welcome brand label talk guess hint blast echo
mention rail crow remark comment quote cite thank demand plead praise blame dub vow pledge boast
brag mock slam rip hammer taunt tease fume gush chant whisper laugh applaud hail dismiss dispute
quip shout yell scream accuse criticize deride tout point rule laud press
"""
_IRREGULAR = {
    "say": "said says saying",
    "tell": "told tells telling",
    "write": "wrote writes writing written",
    "speak": "spoke speaks speaking",
    "sing": "sang sings singing",
    "read": "reads",
    "plead": "pleaded pled pleads pleading",
}
_DOUBLED = words("quip admit slam rip rebut chat refer compel scan brag snap")
# Verbs whose subject may follow them: `"...," said Smith.`
INVERTIBLE = words(
    """said says asked asks added adds wrote writes explained continued noted recalled replied
    responded answered argued insisted warned tweeted declared stated countered observed quipped
    joked concluded cautioned offered remarked added acknowledged admitted conceded reported
    reports barked mused surmised riffed retaliated reacted pressed explains continues notes
    recalls replies responds answers argues insists warns tweets declares states counters
    observes quips jokes concludes cautions remarks acknowledges admits concedes muses
    remembered marveled scoffed snapped sighed griped bragged boasted"""
)


def _inflect(base: str) -> set[str]:
    if base in _IRREGULAR:
        return set(_IRREGULAR[base].split()) | {base}
    if base in _DOUBLED:
        return {base, base + "s", base + base[-1] + "ed", base + base[-1] + "ing"}
    if base.endswith("e"):
        return {base, base + "s", base + "d", base[:-1] + "ing"}
    if base.endswith("y") and base[-2] not in "aeiou":
        return {base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return {base, base + "es", base + "ed", base + "ing"}
    return {base, base + "s", base + "ed", base + "ing"}


FINDING_CUES = frozenset(("found", "finds"))
"""Cues that report speech only when a document or an organisation is their subject:
`the study found that "..."` (but not `police found "..." written on a wall`)."""


def _forms() -> set[str]:
    forms: set[str] = set()
    noun_like = set(_NOUN_LIKE_VERBS.split())
    for base in set(_SPEECH_VERBS.split()) | noun_like:
        inflected = _inflect(base)
        if base in noun_like:
            # "a report", "a call": the bare form is too often a noun
            inflected.discard(base)
        forms |= inflected
    forms |= FINDING_CUES
    return forms - {"reading", "read", "posting", "talking", "quoting", "citing"}


CUE_FORMS = frozenset(_forms())
_PASSIVE_RE = re.compile(r"(?<![\w’'-])(?:was|were|been|being|is|are|be)[ \t\u00a0]+$")


def _alternation(words: frozenset[str]) -> str:
    """A pattern for exactly these lower-case words, as a trie: a search fails fast where no
    word of the list starts."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:
        arms = [re.escape(letter) + branch(node[letter]) for letter in sorted(node) if letter]
        if "" in node:
            return f"(?:{'|'.join(arms)})?" if arms else ""
        return arms[0] if len(arms) == 1 else f"(?:{'|'.join(arms)})"

    return branch(trie)


_SPECIAL_CUES = ("according", "put", "says", "said", "went")  # also cues when capitalised
_BACK_CUES = frozenset(("shot", "shoots", "fired", "fires", "hit", "hits"))
"""Cues only with "back" after them: "Ortiz shot back", "she fired back"."""
_CUE_WORDS = CUE_FORMS | frozenset(_SPECIAL_CUES) | _BACK_CUES
_CUE_FIRST = "".join(sorted({w[0] for w in _CUE_WORDS} | {w[0].upper() for w in _SPECIAL_CUES}))
_CUE_TRIE = _alternation(_CUE_WORDS)
CUE_PATTERN = _alternation(CUE_FORMS)
"""A regular expression (no group) for exactly the cue forms, as a trie: fast to search."""
# A whole word of ASCII letters (not "so-called") whose lower case is a cue: the first-letter
# check goes first so that the search passes over most positions quickly. A word in lower case
# (nearly every one) is matched case-sensitively, which the engine does several times faster;
# only a word with a capital in it is matched ignoring case.
_CUE_WORD_RE = re.compile(
    rf"(?=[{_CUE_FIRST}])(?<![\w-])(?:{_CUE_TRIE}|(?=[a-z]*+[A-Z])(?ai:{_CUE_TRIE}))(?![\w-])"
)
_OWNED_RE = re.compile(
    r"(?:[’']s|(?<![\w’'-])(?:the|his|her|their|its|our|my|your))[ \t\u00a0]+$", re.IGNORECASE
)


_DETERMINED_RE = re.compile(
    r"(?<![\w’'-])(the|a|an|his|her|its|their|our|my|your|this|these|those|every|each|any|no|of)"
    r"[ \t\u00a0]+$",
    re.IGNORECASE,
)
"""A determiner in front (or "of", before a form not in -ing): the word after it is a noun or
an adjective, not a verb."""
_NEVER_NOUNS = words("said says saying told tells")
"""The most frequent cues, never a noun or an adjective: not checked for a determiner."""


class CueIndex:
    """Every reporting verb of a masked text, found in one pass, looked up by range, and the
    subjects in front of them."""

    def __init__(self, masked: str) -> None:
        self._cues: list[tuple[int, int, str]] = []
        for match in _CUE_WORD_RE.finditer(masked):
            word = match.group().lower()
            if word == "according" and masked.startswith(" to", match.end()):
                self._cues.append((match.start(), match.end() + 3, "according to"))
            elif word == "put" and masked.startswith(" it", match.end()):
                self._cues.append((match.start(), match.end() + 3, "put it"))  # "as Smith put it"
            elif word == "went" and masked.startswith(" on", match.end()):
                self._cues.append((match.start(), match.end() + 3, "went on"))
            elif word in _BACK_CUES:
                if match.group().islower() and masked.startswith(" back", match.end()):
                    self._cues.append((match.start(), match.end() + 5, f"{word} back"))
            elif word in CUE_FORMS and (match.group()[0].islower() or word in ("says", "said")):
                if word.endswith(("ed", "told")) and _PASSIVE_RE.search(
                    masked, max(0, match.start() - 12), match.start()
                ):
                    continue  # "they were admitted", "she was asked": not their words
                if word.endswith("s") and _OWNED_RE.search(
                    masked, max(0, match.start() - 8), match.start()
                ):
                    continue  # "the woman’s quotes", "his claims": a plural noun
                start = match.start()
                noun = word not in _NEVER_NOUNS and _DETERMINED_RE.search(
                    masked, start - 8 if start > 8 else 0, start
                )
                if noun and (noun.group(1).lower() != "of" or not word.endswith("ing")):
                    continue  # "the state of", "a written statement", "a noted historian"
                self._cues.append((match.start(), match.end(), word))
        self._starts = [cue[0] for cue in self._cues]
        self._masked = masked
        self._subjects: dict[tuple[int, int], Speaker | None] = {}

    def between(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """(start, end, cue) of the reporting verbs lying within [start, end), in order."""
        first = bisect_left(self._starts, start)
        last = bisect_left(self._starts, end)
        return [cue for cue in self._cues[first:last] if cue[1] <= end]

    def speaker_before(self, floor: int, verb_start: int) -> Speaker | None:
        """`speaker_before` in this text; each verb's subject is read once, however many quotes
        ask for it."""
        key = (floor, verb_start)
        if key not in self._subjects:
            self._subjects[key] = speaker_before(self._masked, floor, verb_start)
        return self._subjects[key]


class Speaker:
    """A speaker phrase found next to a cue: kind is 'name', 'pronoun' or 'description'."""

    __slots__ = ("appositive", "end", "kind", "start", "text", "title")

    def __init__(
        self,
        text: str,
        start: int,
        kind: str,
        appositive: str | None = None,
        title: str | None = None,
    ) -> None:
        self.text = text
        self.start = start
        self.end = start + len(text)
        self.kind = kind
        self.appositive = appositive
        self.title = title

    def __repr__(self) -> str:
        return f"Speaker({self.text!r}, {self.kind})"


_B = r"[ \t\u00a0]"
_PRONOUN = r"(?:he|she|they|it|He|She|They|It)"
_DETERMINER = r"(?:the|a|an|one|another|The|A|An|One|Another)"
_DESCRIPTION = rf"{_DETERMINER}{_B}+(?:[\w’'-]+{_B}+){{0,6}}?[\w’'-]+"
_SKIPPABLE = words(
    """also later then previously repeatedly recently once has had have would will did does was is
    were are been again further never often earlier simply just still even only quickly flatly
    then- first had now himself herself themselves itself"""
)
# The `_END_` patterns are searched for at the end of a window: a first-letter check ahead of
# the rest lets the search pass over most positions quickly.
_END_PRONOUN_RE = re.compile(rf"(?<![\w’'-]){_PRONOUN}$")
# How far from the end a pronoun match may start: the longest pronoun, and the newline that `$`
# may stand before.
_END_PRONOUN_REACH = 5
_END_NAME_RE = re.compile(rf"{NAME_AHEAD}(?<![\w’'.-])(?:{NAME_PHRASE})$")
_END_DESCRIPTION_RE = re.compile(rf"(?=[taoTAO])(?<![\w’'-]){_DESCRIPTION}$")
_PHRASE_CHARS_BACKWARDS_RE = re.compile(r"[\w’'.\- \t\u00a0]*")
"""The characters a name or a description is made of, read backwards from a window's end."""
_WORD_CHARS_BACKWARDS_RE = re.compile(r"[\w’'.-]*")
"""The characters of the last word of a name, read backwards from a window's end."""
_NAME_START_RE = re.compile(NAME_AHEAD)
_START_NAME_RE = re.compile(rf"(?:{NAME_PHRASE})(?![\w’'-])")
_START_OWNER_RE = re.compile(rf"(?:{NAME_PHRASE})(?=[’']s\b)")
_START_DESCRIPTION_RE = re.compile(rf"{_DESCRIPTION}?(?=\s*(?:[,.;:!?\x01]|$))")
_START_OWNED_DESCRIPTION_RE = re.compile(
    rf"(?:his|her|their){_B}+(?:[\w’'-]+{_B}+){{0,6}}?[\w’'-]+(?=,)"
)
_START_PRONOUN_RE = re.compile(rf"{_PRONOUN}(?![\w’'-])")
_PARENTHESIS_RE = re.compile(r"[ \t\u00a0]*\([^()\x01]{1,40}\),?$")
_ASIDE_OPENING_RE = re.compile(r"[ \t\u00a0]+(?:—|–|--)[ \t\u00a0]*")
_DASH_ASIDE_RE = re.compile(r"[ \t\u00a0]+(?:—|–|--)(?:(?!--)[^—–\x01]){1,120}(?:—|–|--)$")
_OF_NAME_RE = re.compile(rf"(?=[oaf])(?<![\w’'-])(?:of|at|for){_B}+(?:the{_B}+)?(?:{NAME_PHRASE})$")
_WHO_RE = re.compile(r"(?:,|" + _B + r"+(?:--|—|–))?" + _B + r"+(?:who|which)$")
_WHO_ENDINGS = ("who", "which", "who\n", "which\n")  # what a `_WHO_RE` match ends with
_COMMA_RE = re.compile(r",(?!\d)")  # not the comma of "70,000"
_CLAUSE_END_RE = re.compile(r"[,.;:\x01]")
_POSSESSIVE_RE = re.compile(r"[’']s[ \t\u00a0]+")
_ORDINAL_RE = re.compile(r"[ \t\u00a0]*(\d+(?:st|nd|rd|th))(?=[ \t\u00a0]+[A-Z])")
_LOWER_WORD_RE = re.compile(r"[ \t\u00a0]*([a-z][\w’'.-]*)")
_TIME_WORDS = words(
    """monday tuesday wednesday thursday friday saturday sunday morning afternoon evening night
    week weekend month year day days weeks months years ago recently again then"""
)
_DAYS = words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
_ON_RE = re.compile(r"[ \t\u00a0]+on$")
_LOWER_LEAD_RE = re.compile(r"(?:[a-z][\w-]*[ \t\u00a0]+){1,2}")
_ROLE_LEAD_RE = re.compile(r"(?:(?:[A-Z]{2,}|\d[\d/]*|[A-Z][a-z]+)[ \t\u00a0]+){1,2}")


def _named_aside(window: str, aside_start: int, offset: int) -> Speaker | None:
    """The name that opens a dash aside and ends at a comma or at the aside's end."""
    opening = _ASIDE_OPENING_RE.match(window, aside_start)
    name = _START_NAME_RE.match(window, opening.end()) if opening else None
    if name is None or not _can_speak(name.group()) or window[name.end()] not in ",—–- ":
        return None
    return Speaker(name.group(), offset + name.start(), "name")


def trim_end(window: str) -> str:
    """Drop trailing adverbs, auxiliaries and a party label: "Psaki has also" -> "Psaki",
    "Gwen Moore (D-Wis.) has" -> "Gwen Moore"."""
    window = window.rstrip()
    while True:
        if window.endswith((")", "),")):
            trimmed = _PARENTHESIS_RE.sub("", window)
            if trimmed != window:
                window = trimmed.rstrip()
                continue
        head, _, last = window.rpartition(" ")
        if head and (last in _SKIPPABLE or (last.endswith("ly") and last.islower())):
            window = head.rstrip()
        elif head and last in _DAYS:  # "Priebus later Thursday told"
            window = _ON_RE.sub("", head).rstrip()
        else:
            return window


_PARTY_LABEL_RE = re.compile(r"[RDI]-[A-Z][\w.]*")  # "R-Utah", "D-N.Y."


def _can_speak(name: str) -> bool:
    """Whether a capitalised phrase can name a speaker: not "After", not "Republican", not
    "Democrat of Ohio" or "R-Utah" (labels set after a name)."""
    tokens = name.split(" of ")[0].split()
    if all(token.lower() in LEADING_WORDS for token in tokens) or _PARTY_LABEL_RE.fullmatch(name):
        return False
    return not (len(tokens) == 1 and tokens[0].lower() in PEOPLE_ADJECTIVES)


_SOMEONE_WORDS = words(
    "another several some many few others most someone somebody anyone anybody everyone everybody"
)
"""Words that, alone and capitalised before a verb, are someone the article does not name
("Another said")."""


_CONJUNCTIONS = words(
    "as but and or so yet when while if after before since because though although then now"
)


def _without_opener(name: str, start: int) -> tuple[str, int]:
    """A name without the words that open its sentence before it ("As CNN reported"), and
    where it then starts."""
    first, _, rest = name.partition(" ")
    while rest and first.lower() in _CONJUNCTIONS:
        start += len(first) + 1
        name = rest
        first, _, rest = name.partition(" ")
    return name, start


def _end_phrase(window: str, offset: int, kinds: tuple[str, ...]) -> Speaker | None:
    """The pronoun, name or description (tried in that order, those of `kinds`) that ends the
    window. Each is looked for only where it can be: a pronoun in the last letters, a name when
    the last word is capitalised, and a name or a description after the last character that
    is neither part of a word nor a blank."""
    tail = window[:-1] if window.endswith("\n") else window  # `$` also matches before it
    if "pronoun" in kinds and tail[-1:] and tail[-1] in "eyt":  # he, she, they, it
        match = _END_PRONOUN_RE.search(window, max(0, len(window) - _END_PRONOUN_REACH))
        if match:
            return Speaker(match.group(), offset + match.start(), "pronoun")
    backwards = tail[::-1]
    floor = len(tail) - _PHRASE_CHARS_BACKWARDS_RE.match(backwards).end()
    last_word = _WORD_CHARS_BACKWARDS_RE.match(backwards).end()
    if "name" in kinds and last_word and _NAME_START_RE.match(backwards, last_word - 1):
        match = _END_NAME_RE.search(window, floor)
        if match and "description" in kinds and match.group().lower() in _SOMEONE_WORDS:
            return Speaker(match.group(), offset + match.start(), "description")  # "Another"
        if match and "description" in kinds and _role_from_place(window, match.start()):
            described = _END_DESCRIPTION_RE.search(window, floor)
            if described:  # "the senator from Vermont said": the senator, not Vermont
                return Speaker(described.group(), offset + described.start(), "description")
        if match and _can_speak(match.group()):
            match = _member_before(window, match) or match
            title = title_before(window, match.start(), 0)
            if kinds == ("name",) and not title and window[: match.start()].strip():
                return None  # a comma segment must be nothing but a name and its role
            name, start = _without_opener(match.group(), match.start())
            return Speaker(name, offset + start, "name", title=title)
    if "description" in kinds:
        match = _END_DESCRIPTION_RE.search(window, floor)
        if match:
            return Speaker(match.group(), offset + match.start(), "description")
        owned = tail.endswith(_ORG_HEAD_ENDINGS) and _END_OWNED_ORG_RE.search(window, floor)
        if owned and owned.group(2) in _OWN_OFFICES:  # "Mr. Vale's office": Vale
            return Speaker(owned.group(1), offset + owned.start(), "name")
        if owned and owned.group(2) in _OWN_DOCUMENTS:  # "Vale's letter": "the Vale letter"
            text = f"the {split_title(owned.group(1))[1]} {owned.group(2)}"
            return Speaker(text, offset + owned.start(), "description")
        if owned:  # "Mrs. Lopez's campaign": "the Lopez campaign"
            family = split_title(owned.group(1))[1].split()[-1]
            text = f"the {family} {owned.group(2)}"
            return Speaker(text, offset + owned.start(), "description")
    return None


_ROLE_FROM_RE = re.compile(  # "the senator from", "the former mayor of", "a reporter for"
    r"(?:^|[^\w’'-])(?:[Tt]he|[Aa]n?)[ \t\u00a0]+(?:[a-z][\w-]*[ \t\u00a0]+){0,2}"
    r"([a-z][\w-]*)[ \t\u00a0]+(from|of|for)[ \t\u00a0]+$"
)


def _role_from_place(window: str, start: int) -> bool:
    """Whether the name at `start` ends "the <role> from …", "… for …" or "… of <place>" ("the
    senator from Vermont", "a reporter for Agence France-Presse", "the former mayor of
    Dunmore"): the speaker is the one the role describes."""
    before = _ROLE_FROM_RE.search(window, max(0, start - 60), start)
    if before is None or not (_is_role(before.group(1)) or before.group(1) in PERSON_NOUNS):
        return False
    if before.group(2) == "for":  # not "Ben Ortiz, a spokesman for Mayor Ruiz": Ortiz
        return not window[: before.start()].rstrip().endswith(",")
    return before.group(2) == "from" or is_place(window[start:].strip())


def _person_noun_after(window: str, end: int) -> bool:
    """Whether a name is followed by the role or noun of the person it describes ("the Ohio
    businesswoman", "the New York senator"): the speaker is the description, not the place."""
    word = _word_after(window, end)
    return bool(word) and (_is_role(word) or word in PERSON_NOUNS)


def _org_head_after(window: str, end: int) -> bool:
    """Whether a name is followed by the organisation noun it names ("Lopez campaign")."""
    return _word_after(window, end) in _OWNED_ORGS


def _word_after(window: str, end: int) -> str:
    """The lower-case word right after `end`, without a full stop that ends the sentence
    ("…, said the Vale adviser."); "" when none follows."""
    word = _LOWER_WORD_RE.match(window, end)
    if not word:
        return ""
    found = word.group(1)
    return found[:-1] if found.endswith(".") and "." not in found[:-1] else found


def _member_before(window: str, name: re.Match[str]) -> re.Match[str] | None:
    """The person of an organisation whose name runs on past "for" or "on" ("Jo Lee of the
    Carter Center for Arms Studies"): then the name that ends the window is not the speaker."""
    if not window.endswith(_RUN_ON_ENDINGS, 0, name.start()):
        return None
    member = _MEMBER_RE.search(window, max(0, name.start() - 120), name.start())
    if member is None or " of " not in member.group():
        return None
    return None if is_org(member.group().split(" of ")[0]) else member


_RUN_ON_ENDINGS = (" for ", " on ", " for the ", " on the ")
_MEMBER_RE = re.compile(
    rf"{NAME_AHEAD}(?<![\w’'.-])(?:{NAME_PHRASE})(?={_B}+(?:for|on)(?:{_B}+the)?{_B}+$)"
)
_OWNED_ORGS = words("campaign administration")
"""Organisations known by their leader's family name: "the Lopez campaign"."""
_OWN_OFFICES = words("office")
"""What speaks for its owner: "Vale's office said" is Vale's word."""
_OWN_DOCUMENTS = words("statement letter email e-mail memo op-ed column essay memoir")
"""A person's own documents: "Vale's letter said" is read as "the Vale letter", which the
resolver gives to Vale when the article names such a person."""
_ORG_HEAD_ENDINGS = tuple(_OWNED_ORGS | _OWN_OFFICES | _OWN_DOCUMENTS)
_END_OWNED_ORG_RE = re.compile(
    rf"{NAME_AHEAD}(?<![\w’'.-])({NAME_PHRASE})[’'](?:s)?{_B}+(?:[a-z][\w-]*{_B}+){{0,2}}?"
    rf"({'|'.join(sorted(_ORG_HEAD_ENDINGS))})$"
)
_GOVERNING_RE = re.compile(
    rf"(?<![\w’'-])(?:for|to|about|against|with|of|on|at|by|from|toward|towards){_B}+$"
)


def governed(masked: str, speaker: Speaker) -> bool:
    """Whether the phrase is the object of a preposition (`"..." for Clinton, said Kunin`):
    then it is not the subject of the verb that follows it."""
    return bool(_GOVERNING_RE.search(masked, max(0, speaker.start - 12), speaker.start))


def speaker_before(masked: str, floor: int, verb_start: int) -> Speaker | None:
    """The subject right before a reporting verb, not reaching back past `floor`:
    `Psaki`, `he`, `the senator`, `Josh Earnest, the press secretary,`."""
    offset = max(floor, verb_start - 200)
    window = trim_end(masked[offset:verb_start])
    aside = _DASH_ASIDE_RE.search(window) if window.endswith(("—", "–", "--")) else None
    if aside:  # "Clinton — who has called for higher taxes — lambasting the plan"
        named = _named_aside(window, aside.start(), offset)
        window = trim_end(window[: aside.start()])
        if named and _END_DESCRIPTION_RE.search(window):
            return named  # "A former candidate -- Jo Lee, who lost in 2008 -- said"
        if "," in window and _OF_NAME_RE.search(window):
            window += ","  # "Jo Lee, the head of Acme Media -- a studio --": an appositive
    who = _WHO_RE.search(window) if window.endswith(_WHO_ENDINGS) else None
    if who:
        window = window[: who.start()].rstrip()
    if not window.endswith(","):
        found = _end_phrase(window, offset, ("pronoun", "name", "description"))
        if (
            found is not None
            and found.kind == "name"
            and (owner := _owner_of_role(window, found, offset))
        ):
            return owner
        comma = found.start - offset - 2 if found is not None and found.kind == "name" else -1
        if comma > 0 and window.startswith(", ", comma):
            # "Jo Lee of Dayton, Ohio says": the person of the town, not its state
            town = _end_phrase(window[:comma], offset, ("name",))
            if town is not None and " of " in town.text and _place_runs_on(town.text, found.text):
                return town
        return found
    # Appositives and asides between commas: the subject is the rightmost segment that is a
    # name (with its role words), else the segment before the first comma.
    cuts = [comma.start() for comma in _COMMA_RE.finditer(window)]
    segments = list(zip([-1, *cuts[:-1]], cuts, strict=True))
    for index in range(len(segments) - 1, 0, -1):
        seg_start, seg_end = segments[index]
        segment = window[seg_start + 1 : seg_end]
        if "\x01" in segment:
            break
        aside = window[segments[index - 1][0] + 1 : seg_start]
        if index > 1 and _names_a_noun_or_place(aside):
            continue
        if (index == 1 or aside.lstrip()[:1].islower()) and _place_runs_on(aside, segment):
            continue
        found = _end_phrase(trim_end(segment), offset + seg_start + 1, ("name",))
        if found and _of_someone(segment, found.start - offset - seg_start - 1):
            continue  # "Jo Lee, the daughter of Ana Lee, said": Jo Lee said it
        if found:
            found.appositive = window[seg_end + 1 :].strip(" ,") or None
            return found
    first_end = segments[0][1] if len(segments) > 1 else cuts[-1]
    found = _end_phrase(trim_end(window[:first_end]), offset, ("pronoun", "name", "description"))
    if found:
        found.appositive = window[first_end + 1 :].strip(" ,") or None
    return found


def _owner_of_role(window: str, found: Speaker, offset: int) -> Speaker | None:
    """The name before ", a spokesman for" when `found` ends such an apposition whose closing
    comma is missing ("Doug Andres, a spokesman for House Speaker Paul Ryan told the Post"):
    the spokesman speaks, not the one he speaks for."""
    comma = window.rfind(",", 0, found.start - offset)
    words = window[comma + 1 : found.start - offset].split()
    if comma <= 0 or len(words) < 3 or words[0] not in ("a", "an", "the"):
        return None
    if words[-1] not in ("for", "of", "to") or any(w[:1].isupper() for w in words[:-1]):
        return None
    return _end_phrase(window[:comma].rstrip(), offset, ("name",))


def _of_someone(segment: str, name_at: int) -> bool:
    """Whether a comma segment is a description of the subject that names another person
    after "of" ("the daughter of former President Bill Clinton and Senator Hillary Clinton"):
    its name is a relative's or a colleague's, not the speaker's."""
    before = segment[:name_at].split()
    return bool(before) and before[0] in ("the", "a", "an") and "of" in before


def _names_a_noun_or_place(aside: str) -> bool:
    """Whether the name in the comma segment after this aside belongs to it, not to the
    speaker: the aside is a noun phrase whose noun is no role ("the city's daily newspaper, The
    Morning Star"), or a relative clause that ends with one ("who lives outside the state
    capital, Sacramento"), or a place that runs on ("of Dayton, Ohio")."""
    words = aside.split()
    if not words:
        return False
    last = words[-1]
    if last[:1].islower():
        opening = ("the", "a", "an", "who", "which", "whose")
        return words[0] in opening and last not in ROLE_WORDS | ANY_TITLES
    return words[0] in ("of", "in", "from") and len(words) <= 4


def _place_runs_on(before: str, segment: str) -> bool:
    """Whether a comma segment is the state or country of the town that ends the segment
    before it ("a salesman from Sumter, South Carolina,", "in Dayton, Ohio,"): part of a
    place, not a speaker. (Checked after the subject's own segment, or after an aside that
    opens in lower case, not after a clause: "Ruiz was in Tipton, Iowa, promising".)"""
    words = before.split()
    return (
        len(words) >= 2
        and words[-2] in ("of", "in", "from")
        and words[-1][:1].isupper()
        and is_place(segment.strip())
    )


def speaker_after(masked: str, start: int, ceiling: int) -> Speaker | None:
    """The subject right after an inverted verb (`said Smith`, `according to the senator`,
    `said White House press secretary Josh Earnest`)."""
    window_start = start
    while window_start < ceiling and masked[window_start] in " \t\u00a0":
        window_start += 1
    window = masked[window_start : min(ceiling, window_start + 200)]
    position = _skip_roles(window, 0)
    if position == 0 and (loose := _LOWER_LEAD_RE.match(window)):
        # "said undecided Republican voter Jo Lee": a word or two in front of the role
        lead = _ROLE_LEAD_RE.match(window, loose.end())
        role = _LOWER_WORD_RE.match(window, lead.end() if lead else loose.end())
        if role and (role.group(1) in ROLE_WORDS or role.group(1) in ANY_TITLES):
            position = _skip_roles(window, role.start())
    # "said MSNBC host Chris Matthews", "said 9/11 widow Terry Strada", "said (former)
    # Democratic pollster Stan Greenberg": an acronym, a number or a word or two in front of
    # the role words
    lead = _ROLE_LEAD_RE.match(window, position)
    named = _START_NAME_RE.match(window, position)
    if lead and not (named and _can_speak(named.group()) and not named.group().isupper()):
        role = _LOWER_WORD_RE.match(window, lead.end())
        if role and role.group(1) in ANY_TITLES:
            position = _skip_roles(window, lead.end())
    for regex, kind in (
        (_START_PRONOUN_RE, "pronoun"),
        (_START_NAME_RE, "name"),
        (_START_OWNER_RE, "name"),
        (_START_DESCRIPTION_RE, "description"),
    ):
        match = regex.match(window, position if kind == "name" else 0)
        if not match or not match.group() or (kind == "name" and not _can_speak(match.group())):
            continue
        if (
            kind == "name"
            and (_org_head_after(window, match.end()) or _person_noun_after(window, match.end()))
            and not _later_name(window, match.end())
        ):
            continue  # "according to the Lopez campaign", "said the Ohio businesswoman"
        end = match.end()
        title = window[:position].strip() or None
        if kind == "name":
            possessive = _POSSESSIVE_RE.match(window, end)
            if possessive:  # "noted NBC’s Dante Chinni", "said Vale's aide, Jo Lee"
                owner = _START_NAME_RE.match(window, possessive.end())
                if owner or _later_name(window, possessive.end()):
                    end = possessive.end()
                if owner:
                    match, end = owner, owner.end()
            # "said White House press secretary Josh Earnest": the name is after the role
            later = _later_name(window, end)
            if later:
                title = window[: later.start()].strip()
                match, end = later, later.end()
        appositive = None
        rest = window[end:]
        if rest.startswith(","):
            appositive = _CLAUSE_END_RE.split(rest[1:], maxsplit=1)[0].strip() or None
        named = _appositive_name(window, end) if kind == "description" else None
        if named:  # "said the chief of staff, Jo Lee"
            return Speaker(named.group(), window_start + named.start(), "name", None, match.group())
        return Speaker(match.group(), window_start + match.start(), kind, appositive, title)
    owned = _START_OWNED_DESCRIPTION_RE.match(window)
    named = _appositive_name(window, owned.end()) if owned else None
    if owned and named:  # "said his best friend at Lehigh, Bruce Turry"
        return Speaker(named.group(), window_start + named.start(), "name", None, owned.group())
    return _after_unlisted_role(window, window_start)


def _appositive_name(window: str, end: int) -> re.Match[str] | None:
    """A name set off by commas after a description ("the chief of staff, Jo E. Lee,")."""
    comma = _APPOSITIVE_COMMA_RE.match(window, end)
    name = _START_NAME_RE.match(window, comma.end()) if comma else None
    if name is None or not _can_speak(name.group()):
        return None
    return name if window[name.end() : name.end() + 1] in ("", ",", ".", ";", "\x01") else None


_APPOSITIVE_COMMA_RE = re.compile(r",[ \t\u00a0]*")


def _after_unlisted_role(window: str, window_start: int) -> Speaker | None:
    """`said harbour master Lena Ortiz`, `said chief of staff Jo Lee`: one to three lower-case
    words the role list does not know, then a name; none of them a function or time word
    ("said on Friday Ortiz" is not) but an "of" inside the role."""
    position = 0
    for count in range(3):
        word = _LOWER_WORD_RE.match(window, position)
        if not word or word.group(1) in _TIME_WORDS:
            return None
        if word.group(1) in LEADING_WORDS and not (count == 1 and word.group(1) == "of"):
            return None
        position = word.end()
        while position < len(window) and window[position] in " \t\u00a0":
            position += 1
        name = _START_NAME_RE.match(window, position)
        if name and _can_speak(name.group()):
            title = window[:position].strip()
            return Speaker(name.group(), window_start + name.start(), "name", None, title)
    return None


def _skip_roles(window: str, position: int) -> int:
    """The position after the lower-case role words at `position` ("former Florida Gov."),
    blanks included; `position` itself when there are none."""
    moved = position
    while True:
        word = _LOWER_WORD_RE.match(window, moved)
        if not word or not (word.group(1) in ROLE_WORDS or word.group(1) in TITLE_MODIFIERS):
            break
        moved = word.end()
    if moved == position:
        return position
    while moved < len(window) and window[moved] in " \t\u00a0":
        moved += 1
    return moved


def _describes(word: str) -> bool:
    """A lower-case word that may describe a role ("nutritional-supplement", "longtime"): no
    function, time or verb-like word."""
    return (
        word not in LEADING_WORDS
        and word not in _TIME_WORDS
        and not word.endswith(("ed", "ing", "ly"))
        and "." not in word
    )


def _is_role(word: str) -> bool:
    """A role or title word, also with "co-" ("co-host")."""
    return word in ANY_TITLES or (word.startswith("co-") and word[3:] in ANY_TITLES)


def _later_name(window: str, position: int) -> re.Match[str] | None:
    """The name after lower-case role words (or a rank's ordinal: "Air Force 1st Lt. Jo
    Lee") that follow `position`, else None. Up to two describing words may come before the
    role words ("Idaho nutritional-supplement executive Jo Lee")."""
    moved = False
    described = 0
    while True:
        word = _LOWER_WORD_RE.match(window, position) or _ORDINAL_RE.match(window, position)
        if not word:
            break
        if not (
            _is_role(word.group(1)) or word.group(1) in TITLE_MODIFIERS or word.re is _ORDINAL_RE
        ):
            if moved or described == 2 or not _describes(word.group(1)):
                break
            described += 1
            position = word.end()
            continue
        position, moved = word.end(), True
    if not moved:
        return None
    if window.startswith(",", position):  # "Vale's deputy campaign manager, Jo Lee"
        position += 1
    while position < len(window) and window[position] in " \t\u00a0":
        position += 1
    return _START_NAME_RE.match(window, position)
