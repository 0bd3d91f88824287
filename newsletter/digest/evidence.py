"""Evidence per sentence: the article passages that support a sentence a model wrote, and
whether the person that sentence credits with words or an act is the one the article credits.

`Evidence` splits the articles into sentences (`sentences`), each with the names it holds and
the speakers the quote finder gives its quotes. A written sentence is aligned to the article
sentences it shares the most rare words with (each word weighed by how few article sentences
hold it; the sentence's own actor left out, so that it cannot pull the alignment towards
itself). The aligned sentences and the quotes in them are its evidence.

`misattributions` finds, in each clause of a headline or summary ("Clinton introduced Bond,
and Ross led the evening" has two), a named actor of a speech or act verb ("Paul Ryan said",
"Graham has called", "…, Chaffetz said") and checks that the evidence credits that person:
the person is named in an evidence sentence (not only as whom its act is aimed at: "told Ana
Ruiz", "a memo to Inspector General Ana Ruiz", "an interview with Ruiz") or speaks its
quotes; "he" or "she" as its doer carries the names of the sentence before; a doer
introduced by a role ("A judge has rejected…") is looked for among the doers and speakers of
the next ROLE_WINDOW sentences. Where a surname goes with several first names in the article (Bill,
Hillary and Chelsea Clinton), the first name must match too. Otherwise it says whom the
article credits instead (the quote's speaker, else the evidence sentence's doer). Not
actors: a group opening a sentence ("Readers wrote…"), doers joined by "and" (each may be
credited by a passage of its own), a capitalised word inside a name ("the Islamic State").
A headline, written in the present tense ("Flynn backs…", verbs recognised in headlines only),
condenses the article's title and lede: its doer must be one who speaks or acts (not merely one
named; a sentence's opening name counts, whatever its verb) in an article's title ("Pence: …",
"Ted Cruz endorses…", "SNL has fun…"), its lede, or the best evidence of the headline's main
clause ("Pence told Chris Wallace…" is no evidence that Wallace said it); a doer named by a
role ("The head of the union…") is looked for among the doers and speakers of the next
ROLE_WINDOW sentences. But when that best evidence names another person as the doer of the
headline's own verb ("Ruiz said…" for "Ortiz says…"; any clause: "…claimed that Ruiz had
asked"), the headline's doer must be one of its doers too, or the title's. A title word that
is a surname in the article ("Howard Dean") is a name when it stands alone ("Dean says…").
A doer is read past a time ("Bob Ruiz on Tuesday asked…"), a party label ("Ruiz (D-Ohio)
said…") and an opening clause ("Asked by Ortiz, Ruiz said…"); a summary sentence with no
verb we know has the person it opens with as its doer ("Ana Ruiz, the new anchor, is taking
over…"), when the article gives that first name and surname together.
Deterministic: the same text and articles give the same answer.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cached_property

from newsletter.digest.sentences import sentence_spans, sentences, title_case
from newsletter.models import Quote
from newsletter.quotes.cues import CUE_FORMS, INVERTIBLE
from newsletter.quotes.lexicon import GROUP_NOUNS, LEADING_WORDS, TITLE_WORDS, words
from newsletter.quotes.names import is_org

__all__ = ["Evidence", "Misattribution", "Passage"]

EVIDENCE_SHARE = 0.8  # an article sentence within this share of the best one is evidence too
MAX_PASSAGES = 3
ROLE_WINDOW = 2  # sentences after one that names its doer by a role ("A judge ruled…")
MAX_SUBJECT_WORDS = 20  # a verb further into a sentence is not its main verb
MAX_LEAD_WORDS = 6  # words between a verb or a preposition and the name it governs, at most

_ACT_VERBS = words(
    """voted decided changed chose called pointed rejected endorsed ruled signed invited
    launched filed sued fired hired ordered approved vetoed blocked banned released published
    sent gave made took won lost led met left ran went backed opposed supported refused
    agreed declined cancelled canceled raised cut spent paid bought sold proposed
    introduced passed found concluded rated checked cited compared accused blamed criticised
    criticized praised thanked attacked defended urged asked helped predicted"""
)
_HEADLINE_VERBS = words(  # a headline tells past news in the present tense: "Flynn backs Trump"
    """says tells calls urges backs slams warns endorses rejects refuses questions responds
    declines criticises criticizes mocks praises accuses blames asks defends attacks thanks
    supports opposes vows denies admits claims insists votes decides chooses rules signs
    invites launches files sues fires hires orders approves vetoes blocks bans releases
    publishes sends gives wins loses meets proposes introduces announces unveils pledges
    promises concedes acknowledges apologizes apologises"""
)
_BETWEEN = words("has had have also then later once first again")  # "Trump has also called"
_PRONOUNS = words("he she they his her their")
_STOP = LEADING_WORDS | words(
    """is are was were be been being has have had do does did will would can could may might
    must shall should not its it's than into onto about over more most very such said says
    told say one two also"""
)
_CALENDAR = words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december"""
)
_SUBJECT = re.compile(  # a sentence's opening name, before a comma or a lower-case word
    r"[\"“‘(]*(?:(?:The|A|An)\s+)?((?:[A-Z][\w’'.-]*\s+){0,4}[A-Z][\w’'-]*)(?=,|\s+[a-z])"
)
_OPENER = re.compile(r"^[A-Z][a-z]{2,}(?:ing|ed|ly)$")  # "Nearly", "Asked": not a name
_COORDINATE = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+")
_CLAUSE = re.compile(r",\s+(?:who|which|as|after|while|but)\b")
_CONNECTORS = words("of and the for on in de")
_NAME_RUN = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:(?:of|and|for|the)\s+)?[A-Z][\w’'-]*)+")
_WORD = re.compile(r"[A-Za-z][\w’'-]*")
_NAME_PART = re.compile(r"(?:[A-Z][\w’'-]*|[A-Z]\.(?:[A-Z]\.)*|de|da|van|von|al|bin|la|le)$")
_FULL_NAME = re.compile(r"(?=\b([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?([A-Z][\w’'-]+))")
_TITLES = frozenset(t.rstrip(".") for t in TITLE_WORDS) | words(
    "former retired then late acting interim incoming outgoing ex top chief"
)
_TITLE_SPEAKER = re.compile(r"^((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*):\s")
_TITLE_SUBJECT = re.compile(r"^((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*)\s+[a-z]")
_POSSESSIVE = re.compile(r"[’']s?$")
_QUOTE_MARK = re.compile(r"(?<![A-Za-z])[\"“”‘’']|[\"“”‘’'](?![A-Za-z])")  # not an apostrophe
_WHEN = re.compile(  # a time between a doer and its verb: "Ana Ruiz on Tuesday asked…"
    r"(?:(?:on|last|this|next|earlier|later)\s+)?(?:(?:this|last|next)\s+)?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|weekend|month|year"
    r"|night|morning|afternoon|evening)(?:\s+(?:night|morning|afternoon|evening))?\b"
    r"|(?:yesterday|today|tonight|earlier)\b"
)
_LABEL = re.compile(r"\s*\([^()]{1,40}\)")  # a party label or a state after a name
_SUBORDINATORS = words("after before when while since once if although though because unless")
_INTRODUCTION = re.compile(r"[\"“‘(]*([A-Za-z]+)\b[^,]{0,100},\s+")  # "Asked by X, Y said…"
_INVERTED = re.compile(  # "…, Ruiz said." or "…, the Harbor Gazette reported."
    r",\s+(?:the\s+)?((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*)"
    r"\s+(said|says|wrote|writes|added|reported|reports)\W*$"
)
_AIMING = words("to with for against about toward towards at over")
_DESCRIBING = words("the a an his her their its our of")  # "to the head of state Ana Ruiz"
_CAPITALISED_RUN = re.compile(r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*")
_CLAUSE_START = re.compile(  # where a clause with a doer of its own may begin
    r"(?:^|;\s+|\b(?:that|when|while|because|after|before|but|whether|as)\s+)"
)
_IRREGULAR = {
    form: base
    for base, forms in {
        "say": "said says",
        "tell": "told tells",
        "write": "wrote writes written",
        "speak": "spoke speaks",
        "make": "made makes",
        "take": "took takes",
        "give": "gave gives",
        "win": "won wins",
        "lose": "lost loses",
        "lead": "led leads",
        "meet": "met meets",
        "leave": "left leaves",
        "send": "sent sends",
        "pay": "paid pays",
        "find": "found finds",
    }.items()
    for form in forms.split()
}
_INFLECTION = re.compile(r"(?:ies|ied|ing|ed|es|s|e)$")


def _norm(word: str) -> str:
    word = word.replace("’", "'").lower()
    return (word[:-2] if word.endswith("'s") else word).strip("'")


def _stem(word: str) -> str:
    """A crude stem: enough to match inflections of one word ("decided" / "decide")."""
    return word[: max(4, len(word) - 3)] if len(word) > 4 else word


def _content(text: str) -> set[str]:
    """The stems of the words of `text` that carry its meaning (not "the", "said", "is")."""
    normal = (_norm(w) for w in _WORD.findall(text))
    return {_stem(word) for word in normal if len(word) > 2 and word not in _STOP}


def _names(text: str) -> set[str]:
    """The capitalised words of `text`, lower-cased, possessives dropped, and the initials of
    each name of several words ("Saturday Night Live" is also "snl")."""
    found = {_norm(w) for w in _WORD.findall(text) if w[0].isupper()}
    for run in _NAME_RUN.finditer(text):
        initials = [w[0] for w in run.group().split() if w.lower() not in _CONNECTORS]
        if len(initials) > 1:
            found.add("".join(initials).lower())
    return found


@dataclass
class Passage:
    """One article sentence: its text, the names in it and the speakers of its quotes."""

    index: int
    text: str
    names: frozenset[str]
    speakers: tuple[str, ...]

    @cached_property
    def actor(self) -> str | None:
        """The named doer of its first verb, if it has one (worked out when first asked)."""
        return _actor(self.text)

    @cached_property
    def subject(self) -> frozenset[str]:
        """The words of the name it opens with, titles left out, when that name is its
        subject ("Liz Cheney, the daughter of…, was the winner"): whatever its verb is."""
        opening = None if title_case(self.text) else _SUBJECT.match(self.text)
        return frozenset(_words(opening.group(1)) - _TITLES) if opening else frozenset()

    @property
    def spoken(self) -> frozenset[str]:
        return frozenset(_norm(w) for s in self.speakers for w in _WORD.findall(s))

    def doers_of(self, lemma: str) -> list[str | None]:
        """The doer of each use of the verb `lemma` here, None where it is not named ("she
        asked"): "Ana Ruiz acknowledged that Ben Ortiz had asked…" gives Ana Ruiz for
        "acknowledge" and Ben Ortiz for "ask" (not a participle's: "…, saying" has the doer
        of the verb before it)."""
        found: list[str | None] = []
        for verb in _WORD.finditer(self.text):
            word = verb.group()
            if word[0].isupper() or word.endswith("ing") or _lemma(word) != lemma:
                continue
            start = _clause_start(self.text, verb.start())
            doing = _doing(self.text[start : verb.end()], {word.lower()})
            if doing.end == verb.end() - start:
                found.append(doing.name)
        return found

    @cached_property
    def bystanders(self) -> frozenset[str]:
        """The words of the names it gives only as whom an act is done to or aimed at: after
        a verb or a preposition ("told Ana Ruiz", "in a memo to Inspector General Ana Ruiz",
        "an interview with host Ben Ortiz"), never as a doer."""
        aimed: set[str] = set()
        other: set[str] = set()
        for run in _CAPITALISED_RUN.finditer(self.text):
            aimed_at = _aims(_lead(self.text[: run.start()])) and not _POSSESSIVE.search(
                run.group()
            )
            (aimed if aimed_at else other).update(_words(run.group()))
        return frozenset(aimed - other)

    @cached_property
    def clause_doers(self) -> list[str]:
        """The named doer of each of its clauses ("Ruiz won the primary, and Ortiz took the
        caucus" has two)."""
        return [name for clause in _clauses(self.text) if (name := _actor(clause))]

    @property
    def pronoun_led(self) -> bool:
        """Whether "he", "she" or "they" is its doer (no named one, a pronoun up front)."""
        opening = {w.lower() for w in _WORD.findall(self.text)[:MAX_SUBJECT_WORDS]}
        return self.actor is None and bool(opening & _PRONOUNS)


@dataclass(frozen=True)
class Misattribution:
    """A written sentence that credits `actor` where the article credits someone else."""

    sentence: str
    actor: str
    credited: str  # whom the article credits, as it names them ("" when it names no one)
    evidence: str  # the article sentence that says so


def _actor(
    sentence: str,
    verbs: AbstractSet[str] = frozenset(),
    surnames: AbstractSet[str] = frozenset(),
) -> str | None:
    """The named person a sentence credits with speech or an act, if it has one: the name
    just before the sentence's first verb, titles left out ("Gov. Ana Ruiz, who leads the
    state, said…" is Ana Ruiz), or after an inverted cue at its end ("…, Ruiz said."). A title
    word that is one of `surnames` is a name when no other name follows it ("Dean says…")."""
    return _doing(sentence, verbs, surnames).name


@dataclass(frozen=True)
class _Doing:
    """A sentence's doer as `_actor` reads it (None when it is not named) and its verb."""

    name: str | None
    verb: str = ""  # "" when the sentence has no verb we know
    end: int = -1  # where the verb ends in the sentence


def _doing(
    sentence: str,
    verbs: AbstractSet[str] = frozenset(),
    surnames: AbstractSet[str] = frozenset(),
) -> _Doing:
    """`_actor`'s doer, with the verb it was read from."""
    tail = _INVERTED.search(sentence)
    if tail:
        return _Doing(tail.group(1), tail.group(2), tail.end(2))
    title_cased = title_case(sentence)
    words = list(_WORD.finditer(sentence))
    run: list[re.Match[str]] = []
    titled: re.Match[str] | None = None  # a title word that may be a surname
    skip_to = _introduction_end(sentence)
    joined = False  # the run follows "X and": one of several doers
    for i, word in enumerate(words[:MAX_SUBJECT_WORDS]):
        text = word.group()
        if word.start() < skip_to:
            continue
        if text == "and" and run:
            run, joined = [], True
            continue
        if run and (when := _WHEN.match(sentence, word.start())):
            skip_to = when.end()  # "Bob Ruiz on Tuesday asked": Ruiz asked
            continue
        if run and (label := _LABEL.match(sentence, run[-1].end())) and word.start() < label.end():
            skip_to = label.end()  # "Pence (R-Ind.) said": Pence said
            continue
        if run and "," in sentence[words[i - 1].end() : word.start()]:
            close = sentence.find(",", word.start())  # an apposition: ", who leads the state,"
            if 0 < close - word.start() < 90:
                skip_to = close
                continue
        capitalised = i > 0 and text[0].isupper() and not title_cased  # "the Islamic State"
        if not capitalised and (_is_verb(text) or text.lower() in verbs):
            if not run and titled is not None:
                return _Doing(titled.group(), text, word.end())
            of = run and re.search(r"\bof\s+(?:the\s+)?$", sentence[: run[0].start()])
            # "Members of the caucus said": not the caucus; "Ana Ruiz and Ben Ortiz said":
            # each may be credited by a different passage, so neither alone is the doer
            return _Doing(None if of or (joined and run) else _named(run), text, word.end())
        if text.lower() in _BETWEEN:
            continue
        titled = None
        if text[0].isupper() or _NAME_PART.match(text):
            if _norm(text) in _TITLES or (not run and _norm(text) in LEADING_WORDS | GROUP_NOUNS):
                run = []  # "Gov.", "Former President" or "Historians": the name comes after
                titled = word if _norm(text) in surnames else None
                continue
            if run and sentence[run[-1].end() : word.start()].strip():
                run = []  # "Pence (R-IN)": not one name
            if (not run and _OPENER.match(text)) or _norm(text) in _CALENDAR:
                run = []
                continue
            run.append(word)
            if re.search(r"[’']s$", text):
                run = []  # a possessive: "Trump's tweet"
            continue
        run, joined = [], False
    return _Doing(None)


def _lead(before: str) -> str:
    """The word before a name, past the words that describe the person ("to" in "…a memo to
    former secretary of state Ana Ruiz", "told" in "told council member Ana Ruiz"), or
    "according" for "according to" ("" after a comma or a capitalised word)."""
    ahead = before[-120:].split()[-MAX_LEAD_WORDS:]
    while ahead and ahead[-1].isalpha() and ahead[-1].islower():
        word = ahead.pop()
        if word in _DESCRIBING or not (word in LEADING_WORDS or _aims(word)):
            continue
        return "according" if word == "to" and ahead[-1:] == ["according"] else word
    return ""


def _aims(word: str) -> bool:
    """Whether a name right after `word` is whom an act is aimed at ("to", "with", "told"),
    not its doer ("according to", "by", "said", which may come before its subject)."""
    lower = word.lower()
    return lower in _AIMING or (_is_verb(lower) and lower not in INVERTIBLE)


def _clause_start(sentence: str, before: int) -> int:
    """Where the clause that holds the word at `before` begins: after the last "that",
    "when", "but"… before it, or the sentence's start."""
    starts = [m.end() for m in _CLAUSE_START.finditer(sentence, 0, before)]
    return starts[-1] if starts else 0


def _lemma(verb: str) -> str:
    """What the forms of one verb share: "asks" and "asked" are "ask", "says" and "said"
    "say"."""
    verb = verb.lower()
    return _IRREGULAR.get(verb) or _INFLECTION.sub("", verb)


def _introduction_end(sentence: str) -> int:
    """Where the doer may start in a sentence that opens with a clause of its own ("Asked by
    Ana Ruiz, Ben Ortiz said…", "After Ruiz spoke, Ortiz left"): after that clause's comma;
    -1 for a sentence that opens with its doer."""
    opening = _INTRODUCTION.match(sentence)
    if opening is None:
        return -1
    first = opening.group(1).lower()
    verb = first.endswith(("ed", "ing")) and _is_verb(first)
    return opening.end() if verb or first in _SUBORDINATORS else -1


def _title_doers(title: str, surnames: AbstractSet[str]) -> set[str]:
    """The words of the names of who speaks or acts in an article's title: "Pence: Flowers
    won't be at debate" is Pence, "Ah, friends once more: Ted Cruz endorses Trump" is Ted
    Cruz, "SEIU chief says…" no one named."""
    title = _QUOTE_MARK.sub("", title)  # "'SNL' has fun…"
    said = _TITLE_SPEAKER.match(title)
    doers = _words(said.group(1)) if said else set()
    for clause in [title, *title.split(": ", 1)[1:]]:
        doers |= _words(_actor(clause, _HEADLINE_VERBS, surnames) or "")
        if (subject := _TITLE_SUBJECT.match(clause)) and not _POSSESSIVE.search(subject[1]):
            doers |= _words(subject[1])  # "SNL has fun with…": a verb no list holds
    return doers


def _clauses(sentence: str) -> list[str]:
    """A sentence's clauses, each with a doer of its own: "Clinton introduced Bond, and host
    Ross led the evening" gives Clinton one act and Ross another."""
    return [part for part in _COORDINATE.split(sentence) if part.strip()]


def _words(*names: str) -> set[str]:
    """The words of `names`, normalised as the names of a passage are."""
    return {_norm(w) for name in names for w in _WORD.findall(name)}


def _main(headline: str) -> str:
    """A headline's main clause: "Ted Cruz endorses Trump, who says…" is about Cruz."""
    return _CLAUSE.split(headline, maxsplit=1)[0]


def _named(run: list[re.Match[str]]) -> str | None:
    name = " ".join(m.group() for m in run)
    return name if len(name) >= 3 else None


def _is_verb(word: str) -> bool:
    lower = word.lower()
    return lower in CUE_FORMS or lower in _ACT_VERBS


class Evidence:
    """The sentences of a story's articles, ready to support what a model wrote about them."""

    def __init__(
        self, articles: Sequence[tuple[str, Sequence[Quote]]], titles: Sequence[str] = ()
    ) -> None:
        self.passages: list[Passage] = []
        self.words: list[set[str]] = []
        self.firsts: set[int] = set()  # the index of each article's first sentence
        for text, quotes in articles:
            first = len(self.passages)
            for start, end in sentence_spans(text):
                body = " ".join(text[start:end].split())
                speakers = tuple(
                    q.speaker for q in quotes if q.speaker and q.start < end and q.end > start
                )
                self.passages.append(
                    Passage(len(self.passages), body, frozenset(_names(body)), speakers)
                )
                self.words.append(_content(body))
            self.firsts.add(first)
        self.given: dict[str, set[str]] = {}  # surname: the first names used with it
        for passage in self.passages:
            for first, last in _FULL_NAME.findall(passage.text):
                if first.lower() not in _TITLES | LEADING_WORDS:
                    self.given.setdefault(_norm(last), set()).add(first.lower())
        self.speakers = frozenset(
            _norm(w)
            for _, quotes in articles
            for q in quotes
            for w in _WORD.findall(q.speaker or "")
        )
        self.title_doers = [_title_doers(title, self.given) for title in titles]
        counts = Counter(w for words in self.words for w in words)
        n = len(self.words) or 1
        self.weight = {w: math.log(1 + n / c) for w, c in counts.items()}

    def support(self, sentence: str, leave_out: AbstractSet[str] = frozenset()) -> list[Passage]:
        """The article sentences that best support `sentence`, best first (none when it shares
        no word with the articles)."""
        wanted = _content(sentence) - leave_out
        scored = [
            (sum(self.weight[w] for w in wanted & words), i) for i, words in enumerate(self.words)
        ]
        scored = [(score, i) for score, i in scored if score > 0]
        if not scored:
            return []
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        best = scored[0][0]
        return [
            self.passages[i] for score, i in scored[:MAX_PASSAGES] if score >= EVIDENCE_SHARE * best
        ]

    def credited(self, passage: Passage) -> frozenset[str]:
        """Who `passage` credits: the names in it, its quotes' speakers, the sentence before's
        names when "he" or "she" is its doer; when it names no one as the doer or speaker ("A
        judge has rejected…"), also the doers and speakers of the ROLE_WINDOW sentences after
        it, where news writing names whom it introduced by a role ("Judge Ann Lee wrote…")."""
        credited = (passage.names - passage.bystanders) | passage.spoken
        window = self.passages[passage.index + 1 : passage.index + 1 + ROLE_WINDOW]
        if passage.pronoun_led and passage.index not in self.firsts:
            credited |= self.passages[passage.index - 1].names
        if passage.actor is None and not passage.speakers:
            for after in window:
                named = [after.actor or "", *after.speakers]
                credited |= {_norm(w) for name in named for w in _WORD.findall(name)}
        return credited

    def acting(self, passage: Passage) -> set[str]:
        """The words of the names of whoever speaks or acts in `passage`: its doer (each of
        its clauses' doer) and its quotes' speakers; for "he" or "she", the sentence before's;
        for a doer named by a role ("The head of the union…"), those of the ROLE_WINDOW
        sentences after it."""
        doers = _words(passage.actor or "", *passage.clause_doers, *passage.speakers)
        doers |= passage.subject
        if passage.pronoun_led and passage.index not in self.firsts:
            before = self.passages[passage.index - 1]
            doers |= _words(before.actor or "", *before.speakers)
        elif passage.actor is None and not passage.speakers:
            window = self.passages[passage.index + 1 : passage.index + 1 + ROLE_WINDOW]
            doers |= _words(*(name for p in window for name in (p.actor or "", *p.speakers)))
        return doers

    def heads(self, required: AbstractSet[str], passages: Sequence[Passage]) -> bool:
        """Whether the person (`required`, their name's words) is the one who speaks or acts
        in an article's title or lede, or in one of `passages` (a headline's evidence)."""
        leads = [self.passages[i] for i in sorted(self.firsts) if i < len(self.passages)]
        return any(required <= doers for doers in self.title_doers) or any(
            required <= self.acting(p) for p in [*leads, *passages]
        )

    def misattributions(self, text: str, headline: bool = False) -> list[Misattribution]:
        """Each sentence of `text` (a `headline` or not) that credits a named person with words
        or an act that its evidence credits to someone else."""
        if not self.passages:
            return []
        clauses = (clause for whole in sentences(text) for clause in _clauses(whole))
        return [m for clause in clauses if (m := self._misattributed(clause, headline))]

    def _opening_person(self, sentence: str) -> str | None:
        """The person a sentence opens with, by a first name and surname the article gives
        together ("Ana Ruiz, the new anchor, is taking over the show"): its doer whatever
        its verb. Not one of several ("Ana Ruiz and Ben Ortiz are…"), nor an organisation
        ("Harbor Gazette")."""
        opening = None if title_case(sentence) else _SUBJECT.match(sentence)
        if opening is None or re.match(r"\s+and\b", sentence[opening.end() :]):
            return None
        name = opening.group(1)
        tokens = [_norm(w) for w in _WORD.findall(name) if _norm(w) not in _TITLES]
        person = len(tokens) == 2 and tokens[0] in self.given.get(tokens[1], ())
        return name if person and not is_org(name) else None

    def _required(self, actor: str) -> set[str]:
        """The words of `actor`'s name that the evidence must give: the surname, and the
        first names too where the article has several people of that surname."""
        tokens = [
            _norm(w)
            for w in _WORD.findall(actor)
            if _norm(w) not in _TITLES or _norm(w) in self.given
        ]
        if not tokens:
            return set()
        surname, given = tokens[-1], set(tokens[:-1])
        return {surname} | (given if len(self.given.get(surname, ())) > 1 else set())

    def _misattributed(self, sentence: str, headline: bool) -> Misattribution | None:
        doing = _doing(sentence, _HEADLINE_VERBS if headline else frozenset(), self.given)
        actor = doing.name if doing.verb or headline else self._opening_person(sentence)
        if actor is None or not (required := self._required(actor)):
            return None
        if headline:  # its main clause's best evidence: "…, who says…" is another's act
            passages = self.support(_main(sentence), _content(actor))[:1]
            titled = any(required <= doers for doers in self.title_doers)
            other = None if titled else self._other_doer(required, doing.verb, passages)
            if other is not None:
                return Misattribution(sentence, actor, other[0], other[1].text)
            if self.heads(required, passages):
                return None
            first = passages[0] if passages else self.passages[min(self.firsts)]
        else:
            passages = self.support(sentence, _content(actor))
            if not passages or any(required <= self.credited(p) for p in passages):
                return None
            first = passages[0]
        credited = next(iter(first.speakers), first.actor or "")
        return Misattribution(sentence, actor, credited, first.text)

    def _other_doer(
        self, required: AbstractSet[str], verb: str, passages: Sequence[Passage]
    ) -> tuple[str, Passage] | None:
        """Another person the evidence names as the doer of the sentence's own verb ("Ana
        Ruiz acknowledged…" for "Ben Ortiz acknowledged…"), with the passage that says so;
        None when the evidence names none, leaves one unnamed ("she acknowledged"), or names
        the sentence's doer (`required`) as one or as the doer of a clause of its own ("Ruiz
        won the primary, and Ortiz took…")."""
        doers = [(name, p) for p in passages for name in p.doers_of(_lemma(verb))]
        named = [(name, p) for name, p in doers if name]
        if not named or len(named) < len(doers):
            return None
        acting = [name for p in passages for name in p.clause_doers] + [n for n, _ in named]
        if any(self._same_person(required, name) for name in acting):
            return None
        return named[0]

    def _same_person(self, required: AbstractSet[str], name: str) -> bool:
        """Whether `name` may be the person whose name's words are `required`: the same
        surname, and the same first name where both give one ("Cruz" is "Ted Cruz")."""
        other = self._required(name)
        return bool(other) and (other <= required or required <= other)
