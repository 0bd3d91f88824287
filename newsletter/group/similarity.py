"""What an article is made of, for comparing it: its `Profile`, and the test that matches a
story with one sent in an earlier edition (`same_event`).

An article (or a story already sent) is reduced to a `Profile`: a MinHash of its word
3-shingles (near-duplicate text, via `datasketch`), its terms (names and numbers: capitalised
words that do not start a sentence, and figures of two or more digits), the word 5-grams of
its quoted passages (a quote shared by two outlets), its title words (compared with
`rapidfuzz`), its time, and what its title and lede (first sentences) name and say
(`lead_terms`, `lead_words`: what the day's grouping weighs, see `evidence`), and the
happenings its opening reports with their days (`anchors`). Across
editions, `same_event` decides from those, with the thresholds of `[dedup]`:

- word shingles nearly the same (MinHash Jaccard >= `near_duplicate`) and at least half of
  the names and numbers shared: one story, lightly rewritten or syndicated (templated texts,
  such as results tables or earnings notes, share their words but not their names);
- else a score of shared terms (overlap of the smaller set), title similarity and a shared
  quote, at or above `same_event`. Names and numbers carry most of the weight because they
  are what a rewrite keeps; two fires on one day share "fire" and "firefighters" but not the
  town, the street or the chief's name.

Articles further apart in time than `time_window_hours` are never one event. All hashes are
stable across runs (a word's is the CRC-32 of its lower-case UTF-8; n-grams mix their words'
hashes, `shingles`), so profiles can be kept in the store. A text is read in a few regex
passes (`_Reading`); Python reads each distinct word of the day once and looks each word
of a text up once, as a number; the rest is done on arrays of those numbers.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash
from rapidfuzz import fuzz

from newsletter.config import DedupSettings
from newsletter.group.anchors import anchors_of
from newsletter.group.shingles import (
    NUM_PERM,
    SCHEME,
    SEED,
    gram_hashes,
    joined_gram_hashes,
    minhashes_of,
)
from newsletter.models import Article
from newsletter.quotes.lexicon import MONTHS, WEEKDAYS

__all__ = [
    "NUM_PERM",
    "STOPWORDS",
    "Profile",
    "merge_profiles",
    "pair_score",
    "profile",
    "profiles",
    "quoted_passages",
    "same_event",
    "stable_hash",
    "terms_of",
]

QUOTE_GRAM = 5
_READ_AT_ONCE = 8
"""Articles read before their MinHashes and quote n-grams are computed, together."""
SHINGLE = 3
LEDE_WORDS = 40

_WORD = re.compile(r"[\w$%]++(?:[’'.,-][\w%]++)*+")
# (possessive: a word once read is never read again shorter; no backtracking to try)
_SENTENCE_BREAK = re.compile(r"(?=[\s\"”’'“])(?:(?<=[.!?])[\"”’']?\s+|\n+|[“\"])")
_LEDE_BREAK = re.compile(r"(?=[\s\"”’'])(?:(?<=[.!?])[\"”’']?\s+|\n+)")
# (a first character from a set lets the regex engine skip ahead to candidates)
_OPENING = re.compile(
    r"[.!?\n“\"](?:(?<=[.!?])[\"”’']?\s+|(?<=[\n“\"]))[^\w$%]*([\w$%]+(?:[’'.,-][\w%]+)*)"
    r"(?:(?:[^\w$%\n“\".!?]|[.!?](?![\"”’']?\s))*([\w$%]))?"
)
"""The first word after each sentence break (as `_SENTENCE_BREAK` breaks; a text read
with a line break before it) and the first letter of the next word when it is in the same
sentence."""
_QUOTED = re.compile(r"[“\"]([^“”\"]{12,}+)[”\"]")
"""A quoted passage, up to the next mark: an opening mark that is never closed ends the run
of its letters at the next one, so that a text of unclosed marks is read in linear time."""


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOPWORDS = _word_set(
    """a an and are as at be but by for from has have he her his i in is it its mr mrs ms
    no not of on or our she so that the their them there they this to was we were what when
    who why will with you your after before over under new old more most
    today yesterday tomorrow tonight morning evening night"""
) | frozenset((*WEEKDAYS, *MONTHS))
TITLES = _word_set(
    """sen senator rep representative gov governor pres president dr mr mrs ms jr sr st
    gen col lt sgt capt chief mayor council member i'm i’m it's it’s"""
)
"""Words that stand before a name or open a quote but name nobody by themselves."""
_PARTY_STATE = re.compile(r"^[dri]-[a-z.]+$")  # (D-Vt.), (R-Fla.)


def stable_hash(text: str) -> int:
    """A hash that is the same in every process (Python's own `hash` is not)."""
    return zlib.crc32(text.encode("utf-8"))


@dataclass(frozen=True)
class Profile:
    """What the same-event test compares. `time` is None for a story kept from an earlier
    edition (the lookback decides instead); `words` is the content vocabulary, for telling
    how much of a follow-up is new."""

    title: str
    minhash: LeanMinHash
    terms: frozenset[str]
    quote_grams: frozenset[int]
    words: frozenset[int]
    time: datetime | None = None
    lead_terms: frozenset[str] = frozenset()
    """Names (the last word of a run of capitalised words) and numbers of the title and lede
    (the first sentences): `lead_names_of`."""
    lead_words: frozenset[str] = frozenset()
    """Content words of the title and lede, lower-cased, plural -s dropped."""
    anchors: frozenset[str] = frozenset()
    """The happenings its opening reports, each with its day (`anchors_of`)."""
    text: str | None = None
    """Its text, where it is at hand (not for a story kept from an earlier edition)."""


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def terms_of(title: str, text: str) -> frozenset[str]:
    """Names and numbers: capitalised words that do not open a sentence (nor a quote) unless
    the next word is capitalised too, and figures with two or more digits. Lower-cased,
    possessives dropped."""
    return _Reading(title, text, _Lexicon()).terms


@dataclass(frozen=True, slots=True)
class _Word:
    """What one distinct word of a title or lede gives a profile."""

    term: str | None
    """The name or number it is where it counts as one (`terms_of`)."""
    capitalised: bool
    """A name only where it does not plainly open a sentence."""
    name: str | None
    """The name it is in a title or lede (`lead_names_of`): no title word, no party label."""
    lead: str | None
    """The content word it is in a title or lede (`lead_words_of`)."""

    @classmethod
    def of(cls, word: str) -> _Word:
        lowered, first = word.lower(), word[0]
        capitalised = not (first.isdigit() or first == "$") and first.isupper()
        term = _term(word, lowered)
        plain_name = capitalised and term and term not in TITLES and not _PARTY_STATE.match(term)
        name = term if plain_name else None
        return cls(term, capitalised, name, _lead_word(lowered))


def _term(word: str, lowered: str) -> str | None:
    """The name or number a word is where it counts as one: a figure, or a capitalised word
    (lower-cased, no possessive, no stopword)."""
    first = word[0]
    if first.isdigit() or first == "$":
        return _figure(word)
    return _name_term(lowered) if first.isupper() else None


class _Lexicon(dict[str, _Word]):
    """The words met so far: those of titles and ledes with their `_Word` (read on first
    lookup), and every word of the texts in `vocabulary`."""

    def __init__(self) -> None:
        super().__init__()
        self.vocabulary = _Vocabulary()

    def __missing__(self, word: str) -> _Word:
        entry = self[word] = _Word.of(word)
        return entry


_FIGURE, _NAME = 1, 2
"""The kinds of term a word can be (`_Vocabulary.columns`); 0 is none."""


def _kind(word: str, term: str | None) -> int:
    """The kind of term a word is, where `_term` made it `term`."""
    if term is None:
        return 0
    first = word[0]
    return _FIGURE if first.isdigit() or first == "$" else _NAME


class _Vocabulary(dict[str, int]):
    """The distinct words of the texts read so far, numbered in the order met; each is read
    once. By number (`columns`): the stable hash of its lower-case form,
    whether it is a content word (more than three letters, no stopword), and whether it is a
    figure or a name (`_term`); `hashes` and `terms` hold those hashes and terms. New words
    are read together, after each lookup of a text's words (`numbers`)."""

    def __init__(self) -> None:
        super().__init__()
        self.terms: list[str | None] = []
        self.hashes: list[int] = []
        """(one int object per word, shared by the profiles that hold it)"""
        self._unread: list[str] = []
        """Words numbered, not yet read."""
        self._new: tuple[list[int], list[bool], list[int]] = ([], [], [])
        self._hashes = np.zeros(0, dtype=np.uint64)
        self._content = np.zeros(0, dtype=bool)
        self._kinds = np.zeros(0, dtype=np.int8)

    def __missing__(self, word: str) -> int:
        number = self[word] = len(self)
        self._unread.append(word)
        return number

    def numbers(self, words: list[str]) -> np.ndarray:
        """The words' numbers; the words new to the vocabulary are read together (`_read`)."""
        numbers = np.fromiter(map(self.__getitem__, words), dtype=np.int64, count=len(words))
        if self._unread:
            self._read()
        return numbers

    def _read(self) -> None:
        """Note what each new word is, in the order they were numbered."""
        words, self._unread = self._unread, []
        lowered = [word.lower() for word in words]
        hashes = [zlib.crc32(word.encode("utf-8")) for word in lowered]
        terms = list(map(_term, words, lowered))
        self.hashes += hashes
        self.terms += terms
        new_hashes, content, kinds = self._new
        new_hashes += hashes
        content += [len(word) > 3 and word not in STOPWORDS for word in lowered]
        kinds += map(_kind, words, terms)

    def columns(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Hashes, content flags and term kinds, by word number."""
        hashes, content, kinds = self._new
        if hashes:
            size = len(self.terms)
            if size > len(self._hashes):  # grown by doubling: each word is copied O(1) times
                capacity = max(2 * len(self._hashes), size, 1024)
                self._hashes = _grown(self._hashes, capacity)
                self._content = _grown(self._content, capacity)
                self._kinds = _grown(self._kinds, capacity)
            first = size - len(hashes)
            self._hashes[first:size] = np.array(hashes, dtype=np.uint64)
            self._content[first:size] = np.array(content, dtype=bool)
            self._kinds[first:size] = np.array(kinds, dtype=np.int8)
            for column in self._new:
                column.clear()
        return self._hashes, self._content, self._kinds


def _grown(values: np.ndarray, capacity: int) -> np.ndarray:
    grown = np.zeros(capacity, dtype=values.dtype)
    grown[: len(values)] = values
    return grown


class _Reading:
    """One reading of an article: its words in order (`words`, no word spans a sentence
    break), their hashes (`hashes`), those of its quoted passages one after another
    (`quoted`, `quote_sizes` words each), its content words (`content`, hashed) and its names
    and numbers (`terms`, as `terms_of` says). The text is read by the regex engine in two
    passes; Python reads each distinct word of the day once (`_Vocabulary`), and looks each
    word of a text up once; the rest is done on arrays of word numbers."""

    def __init__(self, title: str, text: str, lexicon: _Lexicon) -> None:
        vocabulary = lexicon.vocabulary
        words, quotes = _words_and_quotes(text)
        self.words = words
        numbers = vocabulary.numbers(words)
        hashes, content, kinds = vocabulary.columns()
        self.hashes = hashes[numbers]
        self.quote_sizes = [end - start for start, end in quotes]
        self.quoted = np.concatenate([self.hashes[start:end] for start, end in quotes or [(0, 0)]])
        distinct, counts = np.unique(numbers, return_counts=True)
        self.content = frozenset(
            map(vocabulary.hashes.__getitem__, distinct[content[distinct]].tolist())
        )
        kind = kinds[distinct]
        found = _title_terms(_words(title), lexicon)
        terms = vocabulary.terms
        found.update(terms[n] for n in distinct[kind == _FIGURE].tolist())
        named = kind == _NAME
        if named.any():
            # a capitalised word is a name where it does not open a sentence, or opens one
            # followed by another capitalised word ("Brightfield Energy won ...")
            count = dict(zip(distinct[named].tolist(), counts[named].tolist(), strict=True))
            plain = Counter(
                number
                for first, next_ in _OPENING.findall(f"\n{text}")
                if not next_.isupper() and (number := vocabulary.get(first)) in count
            )
            found.update(terms[n] for n, times in count.items() if times > plain.get(n, 0))
        self.terms = frozenset(found)


@lru_cache(maxsize=1024)
def _fillers(text: str) -> frozenset[tuple[str, str, str]]:
    """Each name or figure of `text` with the words on either side of it, (before, after,
    term): the slots a template fills."""
    words = _WORD.findall(text)
    return frozenset(
        (words[i - 1].lower(), words[i + 1].lower(), term)
        for i in range(1, len(words) - 1)
        if (term := _term(words[i], words[i].lower())) is not None
    )


def _words_and_quotes(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """A text's words, and where each quoted passage's words lie among them (first, end).
    The same words as `_words(text)` and `_words(passage)`: no word spans a quotation mark."""
    words: list[str] = []
    quotes = []
    start = 0
    for match in _QUOTED.finditer(text):
        words += _WORD.findall(text, start, match.start(1))
        first = len(words)
        words += _WORD.findall(text, match.start(1), match.end(1))
        quotes.append((first, len(words)))
        start = match.end(1)
    words += _WORD.findall(text, start)
    return words, quotes


def _title_terms(words: list[str], lexicon: _Lexicon) -> set[str]:
    """`terms_of` for a title: one sentence, whatever its punctuation."""
    opens_name = _opens_name(words)
    found = set()
    for position, word in enumerate(words):
        entry = lexicon[word]
        if entry.term and (position > 0 or opens_name or not entry.capitalised):
            found.add(entry.term)
    return found


def _figure(word: str) -> str | None:
    figure = word.strip("$%").replace(",", "").lower()
    return figure if sum(c.isdigit() for c in figure) >= 2 else None


def _name_term(lowered: str) -> str | None:
    term = lowered.removesuffix("'s").removesuffix("’s")
    return term if term not in STOPWORDS and len(term) > 1 else None


def lead_names_of(title: str, lede: str, lexicon: _Lexicon | None = None) -> frozenset[str]:
    """What a title and lede name: the last word of each run of capitalised words ("Joe
    Biden" is "biden", as later mentions call him) and figures of two or more digits. A
    title in title case names nothing (every word is capitalised there). `lexicon`: the
    words read so far, when many texts are read."""
    lexicon = _Lexicon() if lexicon is None else lexicon
    heading = _words(title)
    capitals = sum(w[0].isupper() for w in heading)
    chunks = _SENTENCE_BREAK.split(lede)
    if heading and capitals < 0.6 * len(heading):
        chunks[:0] = _SENTENCE_BREAK.split(title)
    found: set[str] = set()
    for chunk in chunks:
        words = _words(chunk)
        opens_name = _opens_name(words)
        last = None  # the last word of the run of names being read
        for position, word in enumerate(words):
            entry = lexicon[word]
            if entry.name and (position > 0 or opens_name):
                last = entry.name
                continue
            if last:
                found.add(last)
                last = None
            if entry.term and not entry.capitalised:
                found.add(entry.term)  # a figure
        if last:
            found.add(last)
    return frozenset(found)


def _opens_name(words: list[str]) -> bool:
    """Whether a sentence's first word starts a name ("Brightfield Energy won ...")."""
    return len(words) > 1 and words[1][0].isupper()


def quoted_passages(text: str) -> list[str]:
    """The text between double quotation marks (straight or curly), at least 12 characters."""
    return _QUOTED.findall(text)


def quote_grams_of(passage: str) -> set[int]:
    """The word 5-grams of one quoted passage, hashed (none when it is shorter)."""
    return set(gram_hashes(_hashes(_words(passage), {}), QUOTE_GRAM).tolist())


def _hashes(words: list[str], known: dict[str, int]) -> list[int]:
    """The stable hashes of words in lower case, from `known` where it has them."""
    return [known[w] if w in known else stable_hash(w.lower()) for w in words]


def _title_key(title: str) -> str:
    return " ".join(w for w in (w.lower() for w in _words(title)) if w not in STOPWORDS)


def lede(text: str) -> str:
    """The first sentences of a text (of five words or more) up to LEDE_WORDS words."""
    chosen: list[str] = []
    count = 0
    for sentence in _pieces(_LEDE_BREAK, text[: LEDE_WORDS * 40]):
        words = len(sentence.split())
        if words < 5:
            continue  # a dateline, a byline, a section label
        chosen.append(sentence)
        count += words
        if count >= LEDE_WORDS:
            break
    return " ".join(chosen)


def _pieces(breaks: re.Pattern[str], text: str) -> Iterator[str]:
    """`breaks.split(text)` one piece at a time, for a pattern without groups that never
    matches an empty string: the caller may stop early."""
    start = 0
    for match in breaks.finditer(text):
        yield text[start : match.start()]
        start = match.end()
    yield text[start:]


def lead_words_of(text: str, lexicon: _Lexicon | None = None) -> frozenset[str]:
    """Content words, lower-cased, possessive and plural endings dropped."""
    lexicon = _Lexicon() if lexicon is None else lexicon
    return frozenset(lead for word in _words(text) if (lead := lexicon[word].lead))


def _lead_word(lowered: str) -> str | None:
    word = lowered.removesuffix("'s").removesuffix("’s")
    if len(word) < 3 or word in STOPWORDS or not word[0].isalpha():
        return None
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def profiles(articles: Iterable[Article]) -> list[Profile]:
    """The profiles of many articles, read `_READ_AT_ONCE` at a time (`_profiles_of`)."""
    lexicon = _Lexicon()
    found: list[Profile] = []
    batch: list[tuple[Article, _Reading]] = []
    for article in articles:
        batch.append((article, _Reading(article.title, article.text, lexicon)))
        if len(batch) == _READ_AT_ONCE:
            found += _profiles_of(batch, lexicon)
            batch.clear()
    return found + _profiles_of(batch, lexicon) if batch else found


def _profiles_of(batch: list[tuple[Article, _Reading]], lexicon: _Lexicon) -> list[Profile]:
    """The profiles of a few articles read: their MinHashes and quote n-grams computed
    together."""
    minhashes = minhashes_of([reading.hashes for _, reading in batch], SHINGLE)
    quote_grams = _quote_grams([reading for _, reading in batch])
    found = []
    for (article, reading), minhash, grams in zip(batch, minhashes, quote_grams, strict=True):
        opening = lede(article.text)
        found.append(
            Profile(
                title=_title_key(article.title),
                minhash=minhash,
                terms=reading.terms,
                quote_grams=grams,
                words=reading.content,
                time=article.published,
                lead_terms=lead_names_of(article.title, opening, lexicon),
                lead_words=lead_words_of(f"{article.title} {opening}", lexicon),
                anchors=anchors_of(article.title, article.text, article.published),
                text=article.text,
            )
        )
    return found


def refilled(a: Profile, b: Profile) -> tuple[int, int] | None:
    """How many names and how many figures of one text stand where the other has another
    between the same two words ("the council of Dunmore voted" and "the council of Vale
    voted"): a template's slots filled anew, not a passage one version adds or drops. None
    when a text is not at hand."""
    if a.text is None or b.text is None:
        return None
    mine, others = a.terms - b.terms, b.terms - a.terms
    theirs = {(before, after) for before, after, term in _fillers(b.text) if term in others}
    replaced = {
        term
        for before, after, term in _fillers(a.text)
        if term in mine and (before, after) in theirs
    }
    figures = sum(1 for term in replaced if term[0].isdigit() or term[0] == "$")
    return len(replaced) - figures, figures


def _quote_grams(readings: list[_Reading]) -> list[frozenset[int]]:
    """Each reading's quote n-grams (`quote_grams_of` of each of its passages), computed
    together."""
    sizes = [size for reading in readings for size in reading.quote_sizes]
    quoted = np.concatenate([reading.quoted for reading in readings])
    grams = joined_gram_hashes(quoted, sizes, QUOTE_GRAM).tolist()
    found = []
    start = 0
    for reading in readings:
        end = start + sum(max(size - QUOTE_GRAM + 1, 0) for size in reading.quote_sizes)
        found.append(frozenset(grams[start:end]))
        start = end
    return found


def profile(article: Article) -> Profile:
    return profiles([article])[0]


def merge_profiles(members: list[Profile]) -> Profile:
    """One profile for a group: the union of its members' text, terms and quotes, the first
    member's title, no time."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    for member in members:
        minhash.merge(member.minhash)
    return Profile(
        title=members[0].title,
        minhash=LeanMinHash(minhash),
        terms=frozenset().union(*(m.terms for m in members)),
        quote_grams=frozenset().union(*(m.quote_grams for m in members)),
        words=frozenset().union(*(m.words for m in members)),
        lead_terms=frozenset().union(*(m.lead_terms for m in members)),
        lead_words=frozenset().union(*(m.lead_words for m in members)),
        anchors=frozenset().union(*(m.anchors for m in members)),
    )


def _term_overlap(a: Profile, b: Profile) -> float:
    """Shared names and numbers over those of the profile with fewer (1.0 when neither has
    any)."""
    smaller = min(len(a.terms), len(b.terms))
    if not smaller:
        return 1.0 if not a.terms and not b.terms else 0.0
    return len(a.terms & b.terms) / smaller


def pair_score(a: Profile, b: Profile) -> float:
    """How much two profiles look like one event, 0..1: shared names and numbers, title
    similarity and a shared quote."""
    overlap = _term_overlap(a, b) if a.terms and b.terms else 0.0
    title = fuzz.token_set_ratio(a.title, b.title) / 100.0
    quote = 1.0 if a.quote_grams & b.quote_grams else 0.0
    return 0.6 * overlap + 0.2 * title + 0.2 * quote


def same_event(a: Profile, b: Profile, settings: DedupSettings) -> bool:
    """Whether two profiles report one event (see the module docstring)."""
    if a.time is not None and b.time is not None:
        hours = abs((a.time - b.time).total_seconds()) / 3600
        if hours > settings.time_window_hours:
            return False
    if a.minhash.jaccard(b.minhash) >= settings.near_duplicate and _term_overlap(a, b) >= 0.5:
        return True  # the same words about the same names: templated texts differ in names
    if len(a.terms & b.terms) < settings.min_shared_terms and not (a.quote_grams & b.quote_grams):
        return False
    return pair_score(a, b) >= settings.same_event
