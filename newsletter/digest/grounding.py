"""The grounding gate: what a model wrote may only name what its source names.

Checked in a headline, a summary or an intro: every number, every capitalised name, and every
quoted passage. A number passes when the source holds the same value (`numbers`: "156,000",
"1.5 million", "$25M", "19-15", "twenty-nine" and "29" are read as printed; "fourth" needs an
ordinal 4; "a second" reads "another", not checked). A name passes when the source holds it
after normalising case and punctuation ("U.S." is "US", "Psaki’s" is "Psaki"), or holds a
capitalised name it is another form of ("Democratic" of "Democrats", "Mexican" of "Mexico",
"Americans" of "U.S.": `nameforms`), or
is written in capitals and spells the initials of a name the source gives ("RNC" of
"Republican National Committee", "UKIP" of "UK Independence Party").
A quoted passage passes only when it is short (scare quotes such as “door to diplomacy”) and
verbatim in the source: quotes are printed from the quote finder's list, never from a model's
text. Sentence-initial function words ("The",
"After", "Much"), participles and adverbs ("Lacking", "Asked", "Separately"), role and document
words ("Lawyer", "Op-ed"; not titles, which are checked: "Gov.") are not names. In a
Title Case line an ordinary word is capitalised too, so there a capitalised word also passes
when a word of the source shares its stem ("Warns" / "warned"); a name the source never uses
still fails. The prompts ask for sentence case all the same.
`problems` says what is wrong with each item (a name or number the source lacks, a quotation
that is not verbatim in it, or one that is but is too long); `unsupported` lists the items.

Nor may a headline or summary restate a quote as fact: `echoes` finds a run of
MIN_ECHOED_WORDS or more consecutive words (after the same normalising of case and
punctuation; names, and the function words that lead into it, not counted) taken from one of the
candidate quotes. Reported speech counts: a person's pronoun and the verb forms that go with
it are one word ("I don't see" is "she doesn't see"), and a name may stand for a pronoun
("…that Hale wants" for "…that he wants"). Short scare quotes stay allowed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import lemminflect

from newsletter.digest.nameforms import NameForms, handle_words
from newsletter.digest.numbers import Mention, Numbers, mentions
from newsletter.digest.sentences import title_case
from newsletter.models import Quote
from newsletter.quotes.lexicon import (
    COMMON_SUBJECTS,
    DOCUMENT_HEADS,
    GROUP_NOUNS,
    MONTHS,
    ROLE_WORDS,
    TITLE_NORMAL,
    TITLE_WORDS,
    words,
)

__all__ = ["MAX_QUOTED_WORDS", "MIN_ECHOED_WORDS", "Problem", "echoes", "problems", "unsupported"]

MAX_QUOTED_WORDS = 5
MIN_ECHOED_WORDS = 6
MIN_GAPPED_SAYING = 4  # words of a saying a run with a word left out or put in must hold

_TOKEN = re.compile(r"[^\W_](?:[\w’'.\-]*[^\W_])?\.?")
_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]|(?:(?<=^)|(?<=[\s(]))[‘']([^’']+)[’'](?=[\s.,;:!?)]|$)")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n)[\"“‘(]*$")
# A sentence's first word that is a participle or an adverb, not a name: "Lacking", "Asked".
_OPENER = re.compile(r"^[a-z]{3,}(?:ing|ed|ly)$")
_FUNCTION_WORDS = set(
    re.findall(
        r"\w+",
        """a an the this that these those it its he she they we you i his her their our my your
    in on at of for from to by with without after before during amid despite as while when
    where if but and or so yet nor also meanwhile however still then now here there what who
    why how not no new more most some many all both each other another one two three
    is are was were be been being has have had do does did will would can could may might must
    shall should says said say over under into up down out off about against than much few
    several such any every either neither less least only even just earlier later today
    yesterday tomorrow tonight instead again once since until separately afterwards afterward
    elsewhere together overall indeed although though unless because whereas whether whenever
    wherever among across through throughout toward towards beyond within along behind beside
    besides beneath inside outside upon via""",
    )
)
# A sentence's first word that tells what someone does or what was written, not who: "Lawyer
# Ana Ruiz…", "Columnist Ana Ruiz…", "Op-ed writers…". Offices stay checked ("Gov." is a
# claim), as do the role words that are common surnames too ("Judge", "Bishop").
_OCCUPATIONS = words(
    """columnist analyst journalist reporter economist strategist pollster anchor host
    correspondent editor moderator coach adviser advisor aide founder manager"""
)
_SURNAMES_TOO = words("judge bishop")
_COMMON_OPENERS = (
    frozenset((ROLE_WORDS - TITLE_WORDS) | _OCCUPATIONS | DOCUMENT_HEADS) - _SURNAMES_TOO
)


_SHORT_TITLES = {  # titles and words news shortens, each with its full form
    "dr": "doctor", "prof": "professor", "rev": "reverend", "sgt": "sergeant",
    "capt": "captain", "atty": "attorney", "supt": "superintendent", "det": "detective",
    "adm": "admiral", "maj": "major", "cmdr": "commander", "amb": "ambassador",
    "tv": "television",
    # a chamber of Congress by its members: "her Senate vote" where she was "a New York senator"
    "senate": "senator", "house": "representative", "congressional": "representative",
}  # fmt: skip
# each title word and month, bare ("sen", "oct"), and the one form it stands for: "Sen." is
# supported by "Senator", "October" by "Oct."
_FULL_FORMS = (
    {t.rstrip("."): t.rstrip(".") for t in TITLE_WORDS}
    | {short.rstrip("."): full for short, full in TITLE_NORMAL.items()}
    | {month[:3]: month for month in MONTHS if month != "may"}
    | {"sept": "september"}
    | _SHORT_TITLES
)
_PREFIXES = words("ex anti pro non pre post co mid vice")  # "Ex-Secret Service": no name
_NOT_IN_WORD = re.compile(r"'s$|[^\w-]")  # a possessive 's, and what is not a letter or hyphen


@lru_cache(maxsize=65536)  # an article's words repeat, and so do the day's articles' words
def _normal(word: str) -> str:
    return _NOT_IN_WORD.sub("", word.replace("’", "'").lower())


def _checked(mention: Mention, before: str, after: str = "") -> bool:
    """Whether a number is checked: not "one", "first" or "zero", which are more often words
    than figures ("one of them", "at first"), nor "second" after "a", which reads "another"
    ("a second letter"), nor "the two" who do something ("the two are old friends"), which
    names people the text has named; `before` and `after` are the text around it."""
    if mention.spelled and mention.ordinal and mention.text.lower() == "second":
        return not re.search(r"\b[Aa]\s+$", before)
    if mention.spelled and re.search(r"\b[Tt]he\s+$", before) and _THE_TWO.match(after):
        return False
    return not (mention.spelled and max(mention.sides[0]) <= 1)


_THE_TWO = re.compile(  # "the two are…", "the two of them", "the two met": a reference
    r"\s+(?:are|were|have|had|will|would|did|do|met|spoke|agreed|share|shared|of)\b"
)


_SITE = re.compile(r"([a-z][\w-]+)\.(?:com|org|net|gov|edu|io|tv|news|co\.uk)")  # "x.com"


def _words(text: str) -> set[str]:
    """The words of `text`, normalised, with the parts of each hyphenated one, the name of a
    web address ("infowars" of "Infowars.com"), the words of a handle ("@Morning_Joe") and
    "twitter" where something was tweeted."""
    words: set[str] = set()
    for match in _TOKEN.finditer(text):
        word = _normal(match.group())
        words.add(word)
        words.update(part for part in word.split("-") if part)
        if site := _SITE.fullmatch(match.group().lower().rstrip(".")):
            words.add(_normal(site.group(1)))
        if word.startswith(("tweet", "retweet")):
            words.add("twitter")  # what was tweeted was on Twitter
    words.update(_normal(word) for word in handle_words(text))
    return words


_NAME_RUN = re.compile(r"[A-Z][\w’'.-]*(?:\s+(?:(?:of|for|and|the|on)\s+)*[A-Z][\w’'.-]*)+")
_CONNECTORS = words("of for and the on")


def _acronyms(source: str) -> set[str]:
    """The initials of each run of capitalised words in `source`, lower-cased, with and
    without the small words inside it ("Republican National Committee" is "rnc",
    "Department of Justice" "dj" and "doj"); a word in capitals gives all its letters ("UK
    Independence Party" is "ukip")."""
    found: set[str] = set()
    for run in _NAME_RUN.finditer(source):
        tokens = run.group().split()
        for i, j in itertools.combinations(range(len(tokens) + 1), 2):
            part = tokens[i:j]
            if len(part) < 2 or part[0] in _CONNECTORS or part[-1] in _CONNECTORS:
                continue
            letters = [re.sub(r"[^A-Za-z]", "", t) for t in part]
            heads = [w if w.isupper() and len(w) <= 4 else w[:1] for w in letters]
            found.add("".join(heads).lower())
            kept = (h for h, t in zip(heads, part, strict=True) if t not in _CONNECTORS)
            found.add("".join(kept).lower())
    return found


def _flat(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.replace("’", "'").lower()).split())


def _stem(word: str) -> str:
    """A crude stem: enough to match inflections of one word, not to join two words."""
    return word[: max(4, len(word) - 3)]


def _common_plural(word: str, words: set[str]) -> bool:
    """Whether `word` is the plural of a word of `words` that is no party or nationality
    ("storms" for "storm"; not "republicans" for "republican": that is a name)."""
    singular = _singular(word)
    return singular != word and singular in words and not singular.endswith(_NAME_ENDINGS)


_NAME_ENDINGS = ("ian", "ese", "ish", "ic", "an", "crat")


def _singular(word: str) -> str:
    """The singular of a regular plural ("storms", "taxes", "cities"); other words as they are."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _named_parts(token: str, word: str, titled: bool) -> list[str]:
    """The parts of a hyphenated word that name someone or something: those written with a
    capital ("Romney" of "Romney-style"); in a title-cased line, every part; never a prefix
    ("Ex-Secret Service", "Anti-Trump")."""
    parts = [part for part in word.split("-") if part]
    if len(parts) > 1 and parts[0] in _PREFIXES:
        token, parts = token.split("-", 1)[1], parts[1:]
    if titled or len(parts) == 1:
        return parts
    capitalised = [part for part in token.split("-") if part[:1].isupper()]
    return [_normal(part) for part in capitalised] or parts


def everyday(word: str, after: str) -> bool:
    """Whether a capitalised word that opens a sentence, alone (the next word is in lower
    case), is an English word ("Rivals", "Storms"), not a name to find: the lexicon of
    lemminflect knows it, and it is no party or nationality ("Republicans") and no role word
    that is a common surname too ("Bishop")."""
    if "-" in word or word in _SURNAMES_TOO or _LOWER_NEXT.match(after) is None:
        return False
    if _singular(word).endswith(_NAME_ENDINGS):  # "Libertarians", "Canadian": names
        return False
    return bool(lemminflect.getAllLemmas(word))


_NAME_NEXT = re.compile(r"\s+[A-Z]")  # a capitalised word follows: "Appraiser Oliver Hedge"
_LOWER_NEXT = re.compile(r"\s+(?:[A-Z]{2,}\s+)?[a-z]")  # "Rivals count", "Top GOP donors"


def _stems(words: set[str]) -> set[str]:
    return {_stem(w) for w in words if len(w) >= 4}


@dataclass(frozen=True)
class Problem:
    """An item of a text that its source does not support, and why: a `name` or `number` the
    source does not hold, a `misquote` (a quoted passage not verbatim in the source) or a
    `long_quote` (verbatim, but longer than MAX_QUOTED_WORDS)."""

    kind: Literal["name", "number", "misquote", "long_quote"]
    text: str  # as `text` has it; a quoted passage in “curly quotes”


def unsupported(text: str, source: str) -> list[str]:
    """The numbers, names and quoted passages of `text` that `source` does not support,
    in the order they appear (empty when the text passes)."""
    return [problem.text for problem in problems(text, source)]


def problems(text: str, source: str) -> list[Problem]:
    """What `unsupported` lists, each with its kind: quoted passages first, then names and
    numbers, in the order they appear (empty when the text passes)."""
    words, flat = _words(source), _flat(source)
    known = Numbers(source)
    stems: set[str] | None = None
    forms: NameForms | None = None
    full: set[str] | None = None  # the article's words, titles and months in full
    acronyms: set[str] | None = None
    found: list[Problem] = []
    for match in _QUOTED.finditer(text):
        passage = (match.group(1) or match.group(2)).strip()
        if _flat(passage) not in flat:
            found.append(Problem("misquote", f"“{passage}”"))
        elif len(passage.split()) > MAX_QUOTED_WORDS:
            found.append(Problem("long_quote", f"“{passage}”"))
    figures = mentions(text)
    placed = [
        (m.start, Problem("number", m.text))
        for m in figures
        if _checked(m, text[: m.start], text[m.end :]) and not known.supports(m)
    ]
    in_figure = {i for m in figures for i in range(m.start, m.end)}
    for line in re.finditer(r"[^\n]+", text):
        titled = title_case(line.group())
        for match in _TOKEN.finditer(line.group()):
            token = match.group()
            if line.start() + match.start() in in_figure or token[0].isdigit():
                continue
            if not re.search(r"\.\w", token):  # a sentence's full stop, not "U.S."
                token = token.rstrip(".")
            if not token[0].isupper():
                continue
            before = line.group()[: match.start()]
            initial = titled or _SENTENCE_START.search(before) is not None
            word = _normal(token)
            if initial and (
                word in _FUNCTION_WORDS
                or _OPENER.search(word)
                or word in GROUP_NOUNS
                or word in _COMMON_OPENERS
                or word in COMMON_SUBJECTS
            ):
                continue
            parts = _named_parts(token, word, titled)
            if all(p in words for p in parts):
                continue
            if initial and not titled and everyday(word, line.group()[match.end() :]):
                continue  # "Rivals count…": an English word that opens a sentence
            if initial and not titled and _NAME_NEXT.match(line.group(), match.end()):
                stems = _stems(words) if stems is None else stems
                if _stem(word) in stems and "NOUN" in lemminflect.getAllLemmas(word):
                    continue  # "Appraiser Oliver Hedge" where he "appraises golf courses"
            if initial and all(_common_plural(p, words) for p in parts):  # "Storms", "storm"
                continue
            forms = NameForms.of(source) if forms is None else forms
            if all(p in words or forms.knows(p) for p in parts):
                continue
            if token.isupper() and word.isalpha() and len(word) > 1:  # "RNC"
                acronyms = _acronyms(source) if acronyms is None else acronyms
                if word in acronyms:
                    continue
            full = {_FULL_FORMS.get(w, w) for w in words} if full is None else full
            if _FULL_FORMS.get(word, word) in full:  # "Sen." where the article says "Senator"
                continue
            if titled:
                stems = _stems(words) if stems is None else stems
                if all(len(p) >= 4 and _stem(p) in stems for p in parts):
                    continue
            placed.append((line.start() + match.start(), Problem("name", token)))
    found += [problem for _, problem in sorted(placed, key=lambda pair: pair[0])]
    return list(dict.fromkeys(found))


_WORD = re.compile(r"\w+(?:'\w+)*")
_INSERTED = re.compile(r"\[[^\]]*\]")  # an editor's words inside a quote: "they [Russia] do"


def _word_spans(text: str) -> list[re.Match[str]]:
    """The words of `text`, with their places in it ("it’s" is one word)."""
    return list(_WORD.finditer(text.replace("’", "'")))


_PERSON = "·person"
_REPORTED = {  # the words a quote's own words become when reported: "I don't" / "he doesn't"
    **dict.fromkeys(("i", "he", "she", "we", "they", "you"), _PERSON),
    **dict.fromkeys(("me", "him", "us", "them", "her"), "·them"),
    **dict.fromkeys(("my", "his", "our", "their", "your"), "·their"),
    **dict.fromkeys(("am", "is", "are"), "·is"),
    **dict.fromkeys(("was", "were"), "·was"),
    **dict.fromkeys(("have", "has"), "·has"),
    **dict.fromkeys(("do", "does"), "·does"),
    **dict.fromkeys(("don't", "doesn't"), "·doesn't"),
}


def _as_reported(spans: list[re.Match[str]]) -> list[str]:
    """Words to compare, lower-cased, each pronoun of a person one word and the forms a verb
    takes with them one word: "I don't" is "he doesn't"."""
    return [_REPORTED.get(word, word) for word in (m.group().lower() for m in spans)]


def _longest_run(
    words: list[str], quoted: list[str], names: AbstractSet[int] = frozenset()
) -> tuple[int, int, int, bool]:
    """(words shared, start, end in `quoted`, whether a word is left out) of the longest run of
    words shared by both, in order, with at most one word left out on one side ("very much on
    the ballot" for "very much is on the ballot"); a word of `words` at one of `names` also
    matches a person's pronoun ("Hale" for "he"). A word left out of the quote is not counted
    as shared."""
    best = (0, 0, 0, False)
    none = (0, 0)
    exact = [[none] * (len(quoted) + 1) for _ in range(2)]  # the two rows before: (shared, start)
    gapped = [none] * (len(quoted) + 1)
    for i, word in enumerate(words):
        exact_now = [none] * (len(quoted) + 1)
        gapped_now = [none] * (len(quoted) + 1)
        for j, other in enumerate(quoted, start=1):
            if not (word == other or (other == _PERSON and i in names)):
                continue
            shared, start = exact[1][j - 1]
            exact_now[j] = (shared + 1, start if shared else j - 1)
            options = [gapped[j - 1], exact[0][j - 1]]  # one more word, or one skipped in text
            if j >= 2:
                options.append(exact[1][j - 2])  # a word of the quote skipped
            shared, start = max(options)
            if shared:
                gapped_now[j] = (shared + 1, start)
            found = ((*exact_now[j], j, False), (*gapped_now[j], j, True))
            best = max(best, *found, key=lambda run: (run[0], not run[3]))  # exact on a tie
        exact = [exact[1], exact_now]
        gapped = gapped_now
    return best


def _echoed_length(run: list[re.Match[str]], quote: str) -> int:
    """How many words of a shared run count as the quote's: not the names in it (“principal
    of Sandy Hook Elementary School” repeats a name, not a saying) and not the function words
    that lead into it (“that bombastic comments…”)."""
    lead = 0
    while lead < len(run) and run[lead].group().lower() in _FUNCTION_WORDS:
        lead += 1
    return sum(1 for m in run[lead:] if not _named(m, quote))


def _named(word: re.Match[str], quote: str) -> bool:
    """Whether a word of a quote is (part of) a name: capitalised, and not its first word."""
    return word.group().istitle() and bool(quote[: word.start()].strip())


def _said_words(run: list[re.Match[str]], quote: str) -> int:
    """The words of a run that carry a saying: not names, figures or function words."""
    return sum(
        1
        for m in run
        if m.group().lower() not in _FUNCTION_WORDS
        and not m.group()[0].isdigit()
        and not _named(m, quote)
    )


def echoes(text: str, quotes: Iterable[Quote]) -> list[tuple[Quote, str]]:
    """Each quote that `text` repeats MIN_ECHOED_WORDS or more consecutive words of (case and
    punctuation aside, with or without an editor's [inserted] words; names and the function
    words that lead into the run not counted; with one word left out on either side, one word
    more, MIN_GAPPED_SAYING of them words of a saying), with those words as the quote has
    them, in the order of `quotes`."""
    spans_of_text = _word_spans(text)
    words = _as_reported(spans_of_text)
    names = {i for i, m in enumerate(spans_of_text) if i and m.group().istitle()}
    found: list[tuple[Quote, str]] = []
    for quote in quotes:
        spans = _word_spans(quote.text)
        inserted = [(m.start(), m.end()) for m in _INSERTED.finditer(quote.text)]
        spoken = [m for m in spans if not any(a <= m.start() < b for a, b in inserted)]
        runs = []
        for keep in (spans, spoken):
            shared, start, end, gapped = _longest_run(words, _as_reported(keep), names)
            runs.append((shared, keep[start:end], end - start - shared, gapped))
        shared, run, skipped, gapped = max(runs, key=lambda r: r[0])
        echoed = _echoed_length(run, quote.text) - skipped
        if not shared or echoed < MIN_ECHOED_WORDS:
            continue
        if not gapped or (
            echoed > MIN_ECHOED_WORDS and _said_words(run, quote.text) >= MIN_GAPPED_SAYING
        ):
            found.append((quote, quote.text[run[0].start() : run[-1].end()]))
    return found
