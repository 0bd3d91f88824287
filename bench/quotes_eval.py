"""Measure the quote finder against gold quotes.

Usage: python bench/quotes_eval.py GOLD.jsonl [GOLD2.jsonl ...] [--errors N] [--min-confidence X]

Each gold file is JSON Lines, one article a line: {"doc", "text", "quotes": [{"start", "end",
"text", "speaker", "speaker_type", ...}]}. A predicted quote matches a gold one when their spans
overlap by at least half of the longer span (one-to-one). A speaker is right when, after
lower-casing and dropping titles and party labels, the last words of person names are equal and,
where both names give a first name, the first names agree too (an initial matches: "Bill
Clinton" is not "Hillary Clinton", "H. Clinton" is); or when organisation names are equal or one
contains the other.

Speed is articles per second of processor time, so that other work on the machine does not
change it much.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from newsletter.models import Quote, forget_display_texts
from newsletter.quotes import MIN_CONFIDENCE, find


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TITLES = _words(
    """mr mrs ms miss dr sen senator rep representative gov governor president vice secretary gen
    general lt col sgt capt adm maj prof professor rev judge justice mayor speaker chairman
    chairwoman spokesman spokeswoman former first lady sir dame lord the"""
)
_PARTIES = _words("democrat democratic republican gop independent")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_PARTY_LABEL_RE = re.compile(r"\(?\b[DRI]-[A-Z][\w.]*\)?|\([^()]*\)")
_MIN_TIMING_SECONDS = 2.0


@dataclass
class Tally:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    verbatim: int = 0
    speaker_checked: int = 0
    speaker_right: int = 0
    attributed_right: int = 0
    checked_by: Counter[str] = field(default_factory=Counter)  # by the gold's `resolved_by`
    right_by: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    wrong_speakers: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in (
            "predicted",
            "gold",
            "matched",
            "verbatim",
            "speaker_checked",
            "speaker_right",
            "attributed_right",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.checked_by.update(other.checked_by)
        self.right_by.update(other.right_by)
        self.misses += other.misses
        self.false_positives += other.false_positives
        self.wrong_speakers += other.wrong_speakers


def _tokens(name: str, *, person: bool = True) -> list[str]:
    """The words of a name that are compared: no titles, suffixes or (for people) party
    labels ("(D-Wis.)", "R-Texas", "Democrat")."""
    if person:
        name = _PARTY_LABEL_RE.sub(" ", name)
    words = re.findall(r"[\w’'-]+", name.lower().replace("’s", "").replace("'s", ""))
    dropped = _TITLES | _PARTIES if person else _TITLES
    return [w for w in words if w.strip("’'") not in dropped and w not in _SUFFIXES]


def _first_names_agree(first: str, other: str) -> bool:
    """Equal, or one of them is the other's initial ("h" and "hillary")."""
    if len(first) == 1 or len(other) == 1:
        return first[0] == other[0]
    return first == other


def same_speaker(predicted: str | None, gold: str | None, gold_type: str | None) -> bool:
    """The scoring rule for speakers (see the module docstring)."""
    if gold is None or predicted is None:
        return predicted is None and gold is None
    if gold_type == "organisation":
        p, g = " ".join(_tokens(predicted, person=False)), " ".join(_tokens(gold, person=False))
        return bool(p and g) and (p == g or p in g or g in p)
    predicted_tokens, gold_tokens = _tokens(predicted), _tokens(gold)
    if not predicted_tokens or not gold_tokens:
        return False
    if predicted_tokens[-1] != gold_tokens[-1]:
        return False
    if len(predicted_tokens) > 1 and len(gold_tokens) > 1:
        return _first_names_agree(predicted_tokens[0], gold_tokens[0])
    return True


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    longer = max(a[1] - a[0], b[1] - b[0])
    return longer > 0 and shared * 2 >= longer


def match(predicted: list[Quote], gold: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs, largest overlaps first."""
    candidates = []
    for i, quote in enumerate(predicted):
        for j, item in enumerate(gold):
            if _overlap((quote.start, quote.end), (item["start"], item["end"])):
                shared = min(quote.end, item["end"]) - max(quote.start, item["start"])
                candidates.append((-shared, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in sorted(candidates):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def _clip(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def score_article(article: dict, min_confidence: float) -> Tally:
    text = article["text"]
    predicted = [q for q in find(text) if q.confidence >= min_confidence]
    gold = article["quotes"]
    tally = Tally(predicted=len(predicted), gold=len(gold))
    tally.verbatim = sum(q.text == text[q.start : q.end] for q in predicted)
    pairs = match(predicted, gold)
    tally.matched = len(pairs)
    doc = article.get("doc", "?")
    for i, j in pairs:
        quote, item = predicted[i], gold[j]
        right = same_speaker(quote.speaker, item["speaker"], item.get("speaker_type"))
        if item["speaker"] is not None:
            tally.speaker_checked += 1
            tally.speaker_right += right
            tally.checked_by[item.get("resolved_by") or "?"] += 1
            tally.right_by[item.get("resolved_by") or "?"] += right
        tally.attributed_right += right
        if not right:
            tally.wrong_speakers.append(
                f"{doc} @{quote.start}: predicted {quote.speaker!r} ({quote.cue}, "
                f"{quote.confidence:.2f}), gold {item['speaker']!r} "
                f"[{item.get('resolved_by')}]: “{_clip(quote.text)}”"
            )
    matched_p = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    for i, quote in enumerate(predicted):
        if i not in matched_p:
            tally.false_positives.append(
                f"{doc} @{quote.start}: {quote.speaker!r} {quote.confidence:.2f}: "
                f"“{_clip(quote.text)}”"
            )
    for j, item in enumerate(gold):
        if j not in matched_g:
            tally.misses.append(
                f"{doc} @{item['start']}: {item['speaker']!r}: “{_clip(item['text'])}”"
            )
    return tally


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def articles_per_second(articles: list[dict]) -> tuple[float, float]:
    """(articles per second, mean article length in characters), timing `find` alone."""
    if not articles:
        return 0.0, 0.0
    rounds = 0
    started = time.process_time()
    while True:
        forget_display_texts()  # each pass from cold, as a day's articles come once
        for article in articles:
            find(article["text"])
        rounds += 1
        elapsed = time.process_time() - started
        if elapsed >= _MIN_TIMING_SECONDS:
            break
    mean_length = sum(len(a["text"]) for a in articles) / len(articles)
    return rounds * len(articles) / elapsed, mean_length


def report(name: str, tally: Tally, articles: list[dict], errors: int) -> None:
    precision = _ratio(tally.matched, tally.predicted)
    recall = _ratio(tally.matched, tally.gold)
    f1 = _ratio(2 * tally.matched, tally.predicted + tally.gold)
    speed, mean_length = articles_per_second(articles)
    print(
        f"== {name}: {len(articles)} articles, {tally.gold} gold quotes, "
        f"{tally.predicted} predicted"
    )
    print(f"  quote precision     {precision:.3f}  ({tally.matched}/{tally.predicted})")
    print(f"  quote recall        {recall:.3f}  ({tally.matched}/{tally.gold})")
    print(f"  quote F1            {f1:.3f}")
    print(
        f"  verbatim rate       {_ratio(tally.verbatim, tally.predicted):.3f}  "
        f"({tally.verbatim}/{tally.predicted})"
    )
    print(
        f"  speaker accuracy    {_ratio(tally.speaker_right, tally.speaker_checked):.3f}  "
        f"({tally.speaker_right}/{tally.speaker_checked} matched, gold speaker named)"
    )
    for how, checked in sorted(tally.checked_by.items()):
        right = tally.right_by[how]
        print(f"  - named by {how:<10} {_ratio(right, checked):.3f}  ({right}/{checked})")
    print(
        f"  attributed precision {_ratio(tally.attributed_right, tally.predicted):.3f} "
        f"({tally.attributed_right}/{tally.predicted})"
    )
    print(f"  speed               {speed:.0f} articles/s (mean {mean_length / 1000:.1f} KB)")
    for title, examples in (
        ("missed", tally.misses),
        ("false positives", tally.false_positives),
        ("wrong speakers", tally.wrong_speakers),
    ):
        if errors and examples:
            print(f"  -- {title} ({len(examples)}), first {min(errors, len(examples))}:")
            for example in examples[:errors]:
                print(f"     {example}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 2)[2],
    )
    parser.add_argument("gold", nargs="+", type=Path, help="gold quotes, JSON Lines")
    parser.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="print N example misses, false positives and wrong speakers",
    )
    parser.add_argument(
        "--min-confidence",
        type=float,
        default=MIN_CONFIDENCE,
        metavar="X",
        help=f"ignore predictions under X (default {MIN_CONFIDENCE}, the product's threshold)",
    )
    args = parser.parse_args(argv)
    print(f"min confidence {args.min_confidence}")
    every_article: list[dict] = []
    total = Tally()
    for path in args.gold:
        with path.open(encoding="utf-8") as lines:
            articles = [json.loads(line) for line in lines if line.strip()]
        tally = Tally()
        for article in articles:
            tally.add(score_article(article, args.min_confidence))
        report(path.name, tally, articles, args.errors)
        total.add(tally)
        every_article += articles
    if len(args.gold) > 1:
        report("all files", total, every_article, 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
