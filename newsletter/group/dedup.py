"""Across editions: a story the readers already got is not sent again, unless it moved on.

Each story of an edition leaves a `Fingerprint` in the store (its group's merged profile: the
MinHash of its text, its names and numbers, those of its titles and ledes, the 5-grams of its
quotes, its vocabulary, and its article ids). A new group is `judge`d against the stories of
the last `dedup.lookback_days` editions before its own date (never against its own date, so
regenerating a date does not suppress its own stories). It matches one when they share an
article, or when `follows` finds that it reports the same event. Never when the two are
written from one template with other fillers: `PairKind.TEMPLATE`, or much text shared while
each leads with a name the other lacks (another town's weather warning the next day).
Otherwise, when

- `same_event` says so (near-copies, or shared names, title words and quotes), unless each
  leads with a name the other lacks;
- or it quotes the same long passage as the story sent (`LONG_QUOTE_GRAMS` word 5-grams,
  nine words in a row: a slogan or a refrain said again elsewhere is shorter) about a
  name that leads one of them: a reaction or follow-up repeats what was said;
- or the evidence that joins two reports of one day (`evidence.evidence`: rare names and
  numbers leading one and named in the other, a shared quote, title and lede alike, each
  weighted by its rarity among the day's articles, the stories sent and the articles of
  the week before, `rank.day_stats`) reaches `dedup.same_event_points`; the same happening
  on the same day in both openings ("Tuesday night's debate", each day resolved from its
  own article's date) counts here too.

A match is suppressed unless the group brings substantial new material: a quote not in the
story sent (`update_new_quote`), or a share of names and numbers the story did not have of at
least `update_new_share`. Then it is kept and `mark_update` makes it lead with what is new:
"Update:" before the headline, the new quotes first, and a summary that opens with the first
sentence carrying new material. A story matched only through a shared happening is never
left out (it may report what the story sent only previewed): it is kept as an update.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from datasketch import LeanMinHash, MinHash

from newsletter.config import DedupSettings
from newsletter.digest.candidates import candidates
from newsletter.digest.extractive import MAX_SUMMARY_WORDS, sentences
from newsletter.group.cluster import StoryGroup
from newsletter.group.evidence import (
    LONG_QUOTE_GRAMS,
    TEMPLATE_OVERLAP,
    DayStats,
    PairKind,
    evidence,
    pair_kind,
)
from newsletter.group.shingles import HASHES, NUM_PERM, SCHEME, SEED
from newsletter.group.similarity import (
    Profile,
    merge_profiles,
    quote_grams_of,
    quoted_passages,
    same_event,
    terms_of,
)
from newsletter.models import Story, StoryQuote

__all__ = [
    "UPDATE_PREFIX",
    "Fingerprint",
    "SentStory",
    "Verdict",
    "fingerprint",
    "follows",
    "judge",
    "mark_update",
]

UPDATE_PREFIX = "Update: "


@dataclass(frozen=True)
class Fingerprint:
    """What is kept of a story sent, to recognise it later."""

    profile: Profile
    article_ids: frozenset[str]

    def to_json(self) -> str:
        p = self.profile
        return json.dumps(
            {
                "title": p.title,
                "hashes": HASHES,
                "minhash": [int(v) for v in p.minhash.hashvalues],
                "seed": int(p.minhash.seed),
                "scheme": p.minhash.scheme,
                "terms": sorted(p.terms),
                "quote_grams": sorted(p.quote_grams),
                "words": sorted(p.words),
                "lead_terms": sorted(p.lead_terms),
                "lead_words": sorted(p.lead_words),
                "anchors": sorted(p.anchors),
                "article_ids": sorted(self.article_ids),
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, data: str) -> Fingerprint:
        raw = json.loads(data)
        if raw.get("hashes") == HASHES:
            minhash = MinHash(
                num_perm=NUM_PERM, seed=raw["seed"], hashvalues=raw["minhash"], scheme=raw["scheme"]
            )
            quote_grams = frozenset(raw["quote_grams"])
        else:  # stored with other n-gram hashes: its names and words still compare
            minhash, quote_grams = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME), frozenset()
        return cls(
            profile=Profile(
                title=raw["title"],
                minhash=LeanMinHash(minhash),
                terms=frozenset(raw["terms"]),
                quote_grams=quote_grams,
                words=frozenset(raw["words"]),
                lead_terms=frozenset(raw.get("lead_terms", ())),  # absent before they were kept
                lead_words=frozenset(raw.get("lead_words", ())),
                anchors=frozenset(raw.get("anchors", ())),
            ),
            article_ids=frozenset(raw["article_ids"]),
        )


@dataclass(frozen=True)
class SentStory:
    """A story of an earlier edition: the day it went out, its headline, its fingerprint."""

    edition_date: date | str
    headline: str
    fingerprint: Fingerprint


@dataclass(frozen=True)
class Verdict:
    """A group matched a story sent before: `outcome` is "suppressed" or "update"."""

    outcome: str
    earlier: SentStory
    new_quotes: tuple[str, ...]
    new_share: float


def fingerprint(group: StoryGroup) -> Fingerprint:
    return Fingerprint(merge_profiles(group.profiles), frozenset(a.id for a in group.articles))


def _new_quotes(group: StoryGroup, known: frozenset[int]) -> list[str]:
    """Quoted passages of the group none of whose 5-grams the earlier story had."""
    found: list[str] = []
    for article in group.articles:
        for passage in quoted_passages(article.text):
            grams = quote_grams_of(passage)
            if grams and not grams & known and passage not in found:
                found.append(passage)
    return found


def _swapped_lead(a: Profile, b: Profile) -> bool:
    """Whether each leads with a name or number the other does not name anywhere: with much
    text shared, one template's slot filled twice (another town's weather warning)."""
    return bool(a.lead_terms - b.terms) and bool(b.lead_terms - a.terms)


def follows(
    mine: Profile,
    theirs: Profile,
    settings: DedupSettings,
    stats: DayStats | None = None,
    anchored: bool = True,
) -> bool:
    """Whether a later story reports the event of a story sent (see the module docstring).
    `stats`: document frequencies in the day and the stories sent (without them, only
    `same_event` and the shared quote decide); `anchored`: whether the same happening on
    the same day in both openings counts."""
    if pair_kind(mine, theirs, settings.near_duplicate) == PairKind.TEMPLATE:
        return False
    swapped = _swapped_lead(mine, theirs)
    if swapped and mine.minhash.jaccard(theirs.minhash) >= TEMPLATE_OVERLAP:
        return False  # one template's slot filled twice
    if same_event(mine, theirs, settings) and not swapped:
        return True
    named = (mine.lead_terms & theirs.terms) | (theirs.lead_terms & mine.terms)
    if named and len(mine.quote_grams & theirs.quote_grams) >= LONG_QUOTE_GRAMS:
        return True
    if stats is None:
        return False
    found = evidence(mine, theirs, stats, anchored=anchored)
    return found.points >= settings.same_event_points


def _closeness(mine: Fingerprint, theirs: Fingerprint) -> tuple[bool, float]:
    """How close a story is to one sent: sharing an article first, then the most text alike."""
    shared = bool(mine.article_ids & theirs.article_ids)
    return shared, mine.profile.minhash.jaccard(theirs.profile.minhash)


def judge(
    group: StoryGroup,
    sent: list[SentStory],
    settings: DedupSettings,
    stats: DayStats | None = None,
) -> Verdict | None:
    """None when the group is news; else whether the story it repeats is left out or updated.
    Of the stories sent that it matches, the closest (`_closeness`) is the one it repeats, the
    first in `sent`'s order among equals (most recent first is the caller's choice); `stats`
    weighs the evidence by rarity (`follows`)."""
    if not sent:
        return None
    mine = fingerprint(group)
    matches = [
        earlier
        for earlier in sent
        if mine.article_ids & earlier.fingerprint.article_ids
        or follows(mine.profile, earlier.fingerprint.profile, settings, stats)
    ]
    if not matches:
        return None
    earlier = max(matches, key=lambda e: _closeness(mine, e.fingerprint))
    theirs = earlier.fingerprint
    quotes = _new_quotes(group, theirs.profile.quote_grams)
    terms = mine.profile.terms
    share = len(terms - theirs.profile.terms) / len(terms) if terms else 0.0
    substantial = (settings.update_new_quote and bool(quotes)) or (
        share >= settings.update_new_share
    )
    firm = bool(mine.article_ids & theirs.article_ids) or follows(
        mine.profile, theirs.profile, settings, stats, anchored=False
    )  # not matched on a shared happening alone, which may be what the story sent previewed
    outcome = "update" if substantial or not firm else "suppressed"
    return Verdict(outcome, earlier, tuple(quotes), share)


def _is_new(text: str, verdict: Verdict) -> bool:
    """Whether a quote (or a sentence holding one) is new material of the update."""
    if any(passage in text for passage in verdict.new_quotes):
        return True
    grams = quote_grams_of(text)
    return (
        bool(verdict.new_quotes)
        and bool(grams)
        and not grams & (verdict.earlier.fingerprint.profile.quote_grams)
    )


def _new_lead(group: StoryGroup, verdict: Verdict) -> str | None:
    """The first sentence (primary first) that carries a new quote or a new name or number."""
    known = verdict.earlier.fingerprint.profile.terms
    for article in group.articles:
        for sentence in sentences(article.text):
            if len(sentence.split()) < 5:
                continue
            new_quote = any(passage in sentence for passage in verdict.new_quotes)
            if new_quote or terms_of("", sentence) - known:
                return sentence
    return None


def _lead_summary(summary: str, lead: str) -> str:
    """The summary opening with `lead`, then its own sentences while they fit."""
    chosen = [lead]
    words = len(lead.split())
    for sentence in sentences(summary):
        count = len(sentence.split())
        if sentence == lead or words + count > MAX_SUMMARY_WORDS:
            continue
        chosen.append(sentence)
        words += count
    return " ".join(chosen)


def mark_update(story: Story, group: StoryGroup, verdict: Verdict) -> Story:
    """The story as an update: "Update:" headline, new quotes first, new material leading."""
    quotes = list(story.quotes)
    if verdict.new_quotes and not any(_is_new(q.text, verdict) for q in quotes):
        for article in group.articles:
            fresh = [q for q in candidates(article) if _is_new(q.text, verdict)]
            if fresh:
                best = max(fresh, key=lambda q: (q.confidence, len(q.text)))
                quotes.insert(0, StoryQuote(**best.model_dump(), article_id=article.id))
                break
    quotes.sort(key=lambda q: not _is_new(q.text, verdict))  # stable: new ones first
    lead = _new_lead(group, verdict)
    summary = story.summary
    if lead and not summary.startswith(lead):
        summary = _lead_summary(summary, lead)
    headline = story.headline
    if not headline.startswith(UPDATE_PREFIX):
        headline = UPDATE_PREFIX + headline
    return story.model_copy(update={"headline": headline, "summary": summary, "quotes": quotes})
