"""Measure the story gate on hand-written digests of real articles.

Usage: python bench/gate_eval.py ARTICLES.jsonl DIGESTS.jsonl [--show N]

The digests kept here: bench/gate_digests/dev.jsonl (30 faithful, 39 with a fault) on the
quotes-dev articles, bench/gate_digests/train.jsonl (15 + 20) and holdout.jsonl (15 + 21, other
articles) and holdout2.jsonl (11 + 5) on the quotes-train articles, each written after the
rules had been tuned on the sets before it.

ARTICLES.jsonl holds the articles, one a line ({"doc", "text"}: the title on the first line,
the text after it), as the quote evaluation files do. DIGESTS.jsonl holds digests written by
hand in the model's reply format, one a line, naming their article by `doc`:

    {"doc": "...", "fault": null | "number" | "name" | "wrong_person" | "restated_quote"
     | "unsupported" | "quote_id", "note": "what was planted",
     "reply": {"headline", "summary", "quote_ids", "topic", "importance"}}

A faithful digest (fault null) should pass; each other one has one fault planted. Every reply
goes through the gate the LLM engine calls (`StoryGate`, quote ids numbered as the engine
numbers them) and the engine's choice of quotes. The report gives accepted / rejected per
fault type, the false alarms with their reasons and the faults that got through.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

from newsletter.config.sections import DEFAULT_TOPICS
from newsletter.digest.gate import StoryGate
from newsletter.digest.replies import ReplyError
from newsletter.models import Article

FAULTS = ("number", "name", "wrong_person", "restated_quote", "unsupported", "quote_id")


def read_articles(path: Path) -> dict[str, Article]:
    articles = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            title, _, text = row["text"].partition("\n")
            articles[row["doc"]] = Article(
                title=title.strip(),
                text=text.strip(),
                source=row["doc"].split("_")[0],
                url=f"https://example.org/{row['doc']}",
                published=datetime(2016, 10, 1, tzinfo=UTC),
            )
    return articles


def verdict(article: Article, reply: dict[str, object]) -> str | None:
    """None when the gate accepts the reply, else the reason it gives the model."""
    gate = StoryGate([article], DEFAULT_TOPICS)
    try:
        gate(json.dumps(reply))
    except ReplyError as exc:
        return str(exc)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("digests", type=Path)
    parser.add_argument("--show", type=int, default=50, help="at most this many listed cases")
    args = parser.parse_args()
    articles = read_articles(args.articles)
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    false_alarms: list[str] = []
    misses: list[str] = []
    caught: list[str] = []
    for line in args.digests.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        digest = json.loads(line)
        if digest["doc"] not in articles:
            print(f"no article {digest['doc']!r} in {args.articles}", file=sys.stderr)
            return 2
        fault = digest["fault"] or "faithful"
        reason = verdict(articles[digest["doc"]], digest["reply"])
        tally[fault]["rejected" if reason else "accepted"] += 1
        where = f"{digest['doc']}: {digest.get('note', '')}".rstrip(": ")
        if fault == "faithful" and reason:
            false_alarms.append(f"{digest['doc']}\n    {reason}")
        elif fault != "faithful" and not reason:
            misses.append(f"[{fault}] {where}")
        elif fault != "faithful":
            caught.append(f"[{fault}] {where}\n    {reason}")
    print(f"{'digests':<16}{'n':>4}{'accepted':>10}{'rejected':>10}")
    for kind in ("faithful", *FAULTS):
        if counts := tally.get(kind):
            n = counts["accepted"] + counts["rejected"]
            print(f"{kind:<16}{n:>4}{counts['accepted']:>10}{counts['rejected']:>10}")
    planted = [tally[k] for k in FAULTS if k in tally]
    n_faults = sum(c["accepted"] + c["rejected"] for c in planted)
    faithful = tally["faithful"]
    print(
        f"faithful accepted {faithful['accepted']}/{faithful['accepted'] + faithful['rejected']}; "
        f"faults rejected {sum(c['rejected'] for c in planted)}/{n_faults}"
    )
    for title, cases in (
        ("false alarms", false_alarms),
        ("faults let through", misses),
        ("faults caught", caught),
    ):
        print(f"\n{title} ({len(cases)}):")
        for case in cases[: args.show]:
            print(f"  {case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
