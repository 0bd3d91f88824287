"""Measure how the quote finder's work grows on hostile text: twice the text, how much more time.

Usage: python bench/quotes_hostile.py [--copies N] [--stage quotes|group]

Each shape is one short unit repeated N and 2N times, written here (no article text): quotes and
reporting verbs with no sentence end, quotes alone in one long paragraph, names before each
quote, pronouns, and runs of open marks. For each it prints the processor time at N and 2N
copies and their ratio: about 2 when the work grows with the text, about 4 when it grows with
its square (a feed's one hostile article would then hold up the whole edition).
With `--stage group`, the same shapes go through what grouping reads of an article (its
words, names and quoted passages: `group.similarity.profiles`) instead.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import UTC, datetime

from newsletter.group.similarity import profiles
from newsletter.models import Article
from newsletter.quotes import find

SHAPES = {
    "cues, no sentence end": '"The toll," said ',
    "quotes in one paragraph": "“a” ",
    "names and quotes": 'Ana Ruiz said "the toll is high." ',
    "pronouns": 'He said, "the toll is high." ',
    "split quotes": '"The toll," said Ana Ruiz, "is high" ',
    "open marks": "“",
    "open marks before words": "“word ",
}


_DAY = datetime(2026, 1, 1, tzinfo=UTC)


def _grouped(text: str) -> None:
    profiles([Article(title="Hostile", text=text, source="bench", published=_DAY)])


STAGES: dict[str, Callable[[str], object]] = {"quotes": find, "group": _grouped}


def timed(stage: Callable[[str], object], text: str) -> float:
    start = time.process_time()
    stage(text)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=2000, help="copies of each unit (N)")
    parser.add_argument("--stage", choices=STAGES, default="quotes", help="what reads the text")
    args = parser.parse_args()
    stage = STAGES[args.stage]
    print(f"{'shape':26} {'size':>9} {'time':>8} {'2x size':>9} {'time':>8} {'ratio':>6}")
    for name, unit in SHAPES.items():
        small, large = unit * args.copies, unit * (2 * args.copies)
        first, second = timed(stage, small), timed(stage, large)
        ratio = second / first if first else float("nan")
        print(
            f"{name:26} {len(small):>9,} {first:>7.2f}s {len(large):>9,} {second:>7.2f}s "
            f"{ratio:>6.1f}"
        )


if __name__ == "__main__":
    main()
