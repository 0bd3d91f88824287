"""What an article is made of, for comparing it: its `Profile`, and the test that matches a
story with one sent in an earlier edition (`same_event`).

An article (or a story already sent) is reduced to a `Profile`: a MinHash of its word
3-shingles (near-duplicate text, via `datasketch`), its terms (names and numbers: capitalised
words that do not start a sentence, and figures of two or more digits), the word 5-grams of
its quoted passages (a quote shared by two outlets), its title words (compared with
`rapidfuzz`), its time, and what its title and lede (first sentences) name and say
(`lead_terms`, `lead_words`: what the day's grouping weighs, see `evidence`). Across
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
passes (`_Reading`); Python then touches each distinct word once, not each occurrence.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from datasketch import LeanMinHash, MinHash
from rapidfuzz import fuzz

from newsletter.config import DedupSettings
from newsletter.group.shingles import (
    NUM_PERM,
    SCHEME,
    SEED,
    gram_hashes,
    minhash_of,
    passage_gram_hashes,
)
from newsletter.models import Article

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
SHINGLE = 3
LEDE_WORDS = 40

_WORD = re.compile(r"[\w$%]+(?:[’'.,-][\w%]+)*")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’']?\s+|\n+|[“\"]")
_LEDE_BREAK = re.compile(r"(?<=[.!?])[\"”’']?\s+|\n+")
_OPENING = re.compile(
    r"(?:\A|[.!?][\"”’']?\s+|\n|[“\"])[^\w$%]*([\w$%]+(?:[’'.,-][\w%]+)*)"
    r"(?:(?:[^\w$%\n“\".!?]|[.!?](?![\"”’']?\s))*([\w$%]))?"
)
"""The first word after each sentence break (as `_SENTENCE_BREAK` breaks) and the first
letter of the next word when it is in the same sentence."""
_QUOTED = re.compile(r"[“\"]([^”\"]{12,}?)[”\"]")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOPWORDS = _word_set(
    """a an and are as at be but by for from has have he her his i in is it its mr mrs ms
    no not of on or our she so that the their them there they this to was we were what when
    who why will with you your after before over under new old more most
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    today yesterday tomorrow tonight morning evening night"""
)
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


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def terms_of(title: str, text: str) -> frozenset[str]:
    """Names and numbers: capitalised words that do not open a sentence (nor a quote) unless
    the next word is capitalised too, and figures with two or more digits. Lower-cased,
    possessives dropped."""
    return _Reading(title, text).terms


class _Reading:
    """One reading of an article: its words in order (`words`, no word spans a sentence
    break), each distinct word's stable hash in lower case (`hash_of`) and its names and
    numbers (`terms`, as `terms_of` says). The text is read by the regex engine in a few
    passes; Python touches each distinct word once, not each occurrence."""

    def __init__(self, title: str, text: str) -> None:
        self.words = _words(text)
        counts = Counter(self.words)
        lowered = {word: word.lower() for word in counts}
        self.lowered = lowered
        self.hash_of = {word: stable_hash(low) for word, low in lowered.items()}
        # a capitalised word is a name where it does not open a sentence, or opens one
        # followed by another capitalised word ("Brightfield Energy won ...")
        plain_openings = Counter(
            first for first, following in _OPENING.findall(text) if not following.isupper()
        )
        found = _title_terms(_words(title))
        for word, count in counts.items():
            first = word[0]
            if first.isdigit() or first == "$":
                figure = _figure(word)
                if figure:
                    found.add(figure)
            elif first.isupper() and count > plain_openings[word]:
                term = _name_term(lowered[word])
                if term:
                    found.add(term)
        self.terms = frozenset(found)

    def content_words(self) -> frozenset[int]:
        """The hashes of the distinct words of more than three letters, stopwords left out."""
        return frozenset(
            self.hash_of[word]
            for word, low in self.lowered.items()
            if len(low) > 3 and low not in STOPWORDS
        )


def _title_terms(words: list[str]) -> set[str]:
    """`terms_of` for a title: one sentence, whatever its punctuation."""
    found: set[str] = set()
    for position, word in enumerate(words):
        first = word[0]
        if first.isdigit() or first == "$":
            figure = _figure(word)
            if figure:
                found.add(figure)
        elif first.isupper() and (position > 0 or _opens_name(words)):
            term = _name_term(word.lower())
            if term:
                found.add(term)
    return found


def _figure(word: str) -> str | None:
    figure = word.strip("$%").replace(",", "").lower()
    return figure if sum(c.isdigit() for c in figure) >= 2 else None


def _name_term(lowered: str) -> str | None:
    term = lowered.removesuffix("'s").removesuffix("’s")
    return term if term not in STOPWORDS and len(term) > 1 else None


def lead_names_of(title: str, lede: str) -> frozenset[str]:
    """What a title and lede name: the last word of each run of capitalised words ("Joe
    Biden" is "biden", as later mentions call him) and figures of two or more digits. A
    title in title case names nothing (every word is capitalised there)."""
    heading = _words(title)
    capitals = sum(w[0].isupper() for w in heading)
    chunks = _SENTENCE_BREAK.split(lede)
    if heading and capitals < 0.6 * len(heading):
        chunks[:0] = _SENTENCE_BREAK.split(title)
    found: set[str] = set()
    for chunk in chunks:
        run: list[str] = []
        words = _words(chunk)
        for position, word in enumerate(words):
            term = word.lower().removesuffix("'s").removesuffix("’s")
            if _is_name(word, term, position, words):
                run.append(term)
                continue
            if run:
                found.add(run[-1])
                run = []
            if word[0].isdigit() or word[0] == "$":
                figure = word.strip("$%").replace(",", "").lower()
                if sum(c.isdigit() for c in figure) >= 2:
                    found.add(figure)
        if run:
            found.add(run[-1])
    return frozenset(found)


def _is_name(word: str, term: str, position: int, words: list[str]) -> bool:
    return (
        word[0].isupper()
        and (position > 0 or _opens_name(words))
        and term not in STOPWORDS
        and term not in TITLES
        and not _PARTY_STATE.match(term)
        and len(term) > 1
    )


def _opens_name(words: list[str]) -> bool:
    """Whether a sentence's first word starts a name ("Brightfield Energy won ...")."""
    return len(words) > 1 and words[1][0].isupper()


def quoted_passages(text: str) -> list[str]:
    """The text between double quotation marks (straight or curly), at least 12 characters."""
    return [m.group(1) for m in _QUOTED.finditer(text)]


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
    for sentence in _LEDE_BREAK.split(text[: LEDE_WORDS * 40]):
        words = len(sentence.split())
        if words < 5:
            continue  # a dateline, a byline, a section label
        chosen.append(sentence)
        count += words
        if count >= LEDE_WORDS:
            break
    return " ".join(chosen)


def lead_words_of(text: str) -> frozenset[str]:
    """Content words, lower-cased, possessive and plural endings dropped."""
    found = set()
    for word in _words(text):
        word = word.lower().removesuffix("'s").removesuffix("’s")
        if len(word) < 3 or word in STOPWORDS or not word[0].isalpha():
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        found.add(word)
    return frozenset(found)


def profiles(articles: Iterable[Article]) -> list[Profile]:
    """The profiles of many articles."""
    found = []
    for article in articles:
        reading = _Reading(article.title, article.text)
        word_hash = reading.hash_of.__getitem__
        opening = lede(article.text)
        passages = [_hashes(_words(p), reading.hash_of) for p in quoted_passages(article.text)]
        found.append(
            Profile(
                title=_title_key(article.title),
                minhash=minhash_of(gram_hashes(list(map(word_hash, reading.words)), SHINGLE)),
                terms=reading.terms,
                quote_grams=frozenset(passage_gram_hashes(passages, QUOTE_GRAM).tolist()),
                words=reading.content_words(),
                time=article.published,
                lead_terms=lead_names_of(article.title, opening),
                lead_words=lead_words_of(f"{article.title} {opening}"),
            )
        )
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
