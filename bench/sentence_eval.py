"""Count the sentence cuts a reader would not make, on real articles.

Usage: python bench/sentence_eval.py ARTICLES.jsonl [ARTICLES2.jsonl ...] [--show N]

ARTICLES.jsonl holds one article a line ({"doc", "text"}). A cut is wrong when the sentence
before it ends at a month, title or honorific abbreviation ("Nov.", "Sen.", "Gov.", "Rev.",
"Mr.") or the sentence after it starts with a lower-case word that continues it.
Also prints the extractive summaries that end at such an abbreviation, and the time taken.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import time
from pathlib import Path

from newsletter.digest.extractive import summarise
from newsletter.digest.sentences import sentences

_ABBREVIATION_END = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|"
    r"Rev|St)\.[\"”’]?$"
)
_CLOCK = re.compile(r"^[\d:]+\s?[ap]\.m\.\W*$")


def wrong_cuts(found: list[str]) -> list[str]:
    """The cuts between consecutive sentences that a reader would not make."""
    wrong = []
    for before, after in itertools.pairwise(found):
        continues = re.match(r"[\"“‘(]?[a-z]", after) and not after.startswith("(h/t")
        if (_ABBREVIATION_END.search(before) and not _CLOCK.match(before)) or continues:
            wrong.append(f"…{before[-40:]} | {after[:40]}…")
    return wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=Path, nargs="+")
    parser.add_argument("--show", type=int, default=10, help="list this many wrong cuts")
    args = parser.parse_args()
    texts = [
        json.loads(line)["text"].partition("\n")[2]
        for path in args.articles
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    started = time.perf_counter()
    split = [sentences(text) for text in texts]
    elapsed = time.perf_counter() - started
    wrong = [cut for found in split for cut in wrong_cuts(found)]
    summaries = [summarise(text) for text in texts]
    cut_short = [s for s in summaries if _ABBREVIATION_END.search(s)]
    total = sum(len(found) for found in split)
    print(f"{len(texts)} articles, {total} sentences in {elapsed:.2f} s")
    print(f"cuts a reader would not make: {len(wrong)} ({len(wrong) / max(total, 1):.2%})")
    print(f"extractive summaries ending at an abbreviation: {len(cut_short)}/{len(summaries)}")
    for cut in wrong[: args.show]:
        print(f"  {cut}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
