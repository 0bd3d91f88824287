"""How far title + lede wording (rarity-weighted cosine) and shared event words go as
evidence that two of a day's articles report one event, on labelled articles.

Usage:
    python bench/cluster_sweep.py [LABELLED.jsonl] [--windows D3,D4]
        [--ledes 40,100,200] [--weights 4,8,16,24] [--thresholds 5,6,7]

For each lede length (words of the opening read for names and wording), weight of the title +
lede cosine in the evidence points, and merge threshold (`dedup.same_event_points`), the
articles are grouped day by day as `cluster_eval.py` groups them and same-date and same-window
pairwise precision and recall are printed, for the chosen windows only (the other windows
still serve as earlier days' background). Then the same-date pairs that share an event word
(debate, primary, poll...) in their title + lede, and how many of them report one event.
Choose settings on one half of the windows and read the other half as held out.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from itertools import combinations, product
from pathlib import Path

from cluster_eval import FIXTURES, Item, group_days, load

from newsletter.config import DedupSettings
from newsletter.group import evidence, similarity

EVENT_WORDS = frozenset(
    [
        "debate",
        "primary",
        "caucus",
        "hearing",
        "verdict",
        "speech",
        "address",
        "announcement",
        "endorsement",
        "poll",
        "vote",
        "ruling",
        "rally",
        "election",
        "summit",
        "agreement",
        "deal",
        "attack",
        "shooting",
        "indictment",
        "resignation",
        "interview",
        "ban",
        "proposal",
    ]
)
"""Nouns that name a happening (lower-cased, as `lead_words_of` gives them)."""


def _pairs(items: list[Item], predicted: dict[str, str], scope: str) -> str:
    right = made = gold = 0
    for a, b in combinations(items, 2):
        if getattr(a, scope) == getattr(b, scope):
            same = predicted[a.key] == predicted[b.key]
            right += same and a.event == b.event
            made += same
            gold += a.event == b.event
    precision = f"{right / made:.2f}" if made else "n/a"
    recall = f"{right / gold:.2f}" if gold else "n/a"
    return f"P {precision} R {recall} ({right}/{made} of {gold})"


def sweep(
    items: list[Item],
    chosen: list[Item],
    ledes: list[int],
    weights: list[float],
    thresholds: list[float],
) -> None:
    """Group with each combination of the project's settings changed (restored after)."""
    kept = similarity.LEDE_WORDS, evidence.LEAD_WEIGHT
    try:
        for lede_words, weight, threshold in product(ledes, weights, thresholds):
            similarity.LEDE_WORDS, evidence.LEAD_WEIGHT = lede_words, weight
            predicted = group_days(items, DedupSettings(same_event_points=threshold))
            print(
                f"lede {lede_words:>3} words, cosine x{weight:<4g} threshold {threshold:<4g}: "
                f"same-date {_pairs(chosen, predicted, 'day')}; "
                f"same-window {_pairs(chosen, predicted, 'window')}"
            )
    finally:
        similarity.LEDE_WORDS, evidence.LEAD_WEIGHT = kept


def event_words(chosen: list[Item]) -> None:
    """Same-date pairs sharing an event word in the title + lede (the project's lede)."""
    by_day: dict[str, list[Item]] = defaultdict(list)
    for item in chosen:
        by_day[item.day].append(item)
    words = {
        i.key: similarity.lead_words_of(f"{i.article.title} {similarity.lede(i.article.text)}")
        & EVENT_WORDS
        for i in chosen
    }
    sharing = right = gold = 0
    for on_day in by_day.values():
        for a, b in combinations(on_day, 2):
            gold += a.event == b.event
            if words[a.key] & words[b.key]:
                sharing += 1
                right += a.event == b.event
    print(
        f"event words in title + lede: {sharing} same-date pairs share one, "
        f"{right} of them one event ({gold} same-event pairs in all)"
    )


def _numbers(text: str, kind: type = int) -> list:
    """A comma-separated list of numbers."""
    return [kind(x) for x in text.split(",")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labelled", nargs="?", type=Path, default=FIXTURES / "articles.jsonl")
    parser.add_argument("--windows", help="comma-separated windows to score (default: all)")
    parser.add_argument("--ledes", default="40,100,200")
    parser.add_argument("--weights", default="4,8,16,24")
    parser.add_argument("--thresholds", default="5,6,7")
    args = parser.parse_args()
    items = load(args.labelled)
    windows = set(args.windows.split(",")) if args.windows else {i.window for i in items}
    chosen = [i for i in items if i.window in windows]
    sweep(
        items,
        chosen,
        _numbers(args.ledes),
        _numbers(args.weights, float),
        _numbers(args.thresholds, float),
    )
    event_words(chosen)


if __name__ == "__main__":
    main()
