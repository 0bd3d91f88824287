"""Measure same-event grouping against the labelled set, and its speed.

Usage: python bench/cluster_eval.py [FIXTURES.jsonl] [--errors]

Quality: the articles of each day are clustered as `newsletter generate` clusters them (one
edition's day at a time) and every pair of articles is scored: a true positive is a pair put
in one group that carries one event label. Prints pairwise precision, recall and F1, and with
`--errors` the pairs it got wrong.

Across editions: each second-day group that continues a first-day event (`continues` in the
fixtures) is checked against the first day's stories as `newsletter generate` checks it:
suppressed, or kept as an update.

Speed: 2,000 articles made by varying the fixtures (every name and number, and a third of the
longer words, get a suffix per copy, so each copy is a new set of events), all on one day, the
hardest case; the time of `cluster` at 500, 1,000 and 2,000 articles, best of three runs.
"""

from __future__ import annotations

import argparse
import json
import re
import time
import zlib
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from newsletter.config import DedupSettings
from newsletter.digest.cluster import StoryGroup, cluster
from newsletter.digest.dedup import SentStory, fingerprint, judge
from newsletter.digest.similarity import STOPWORDS
from newsletter.models import Article

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "clusters"
SIZES = (500, 1000, 2000)
ARTICLE_FIELDS = ("title", "text", "source", "url", "published")


def load(path: Path) -> list[tuple[Article, dict[str, str]]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [(Article(**{k: row[k] for k in ARTICLE_FIELDS}), row) for row in rows]


def pairwise(groups: list[list[str]], labels: dict[str, str]) -> tuple[int, int, int]:
    """(true positives, predicted pairs, gold pairs) over the articles in `groups`."""
    predicted = {frozenset(p) for g in groups for p in combinations(g, 2)}
    by_label: dict[str, list[str]] = defaultdict(list)
    for group in groups:
        for key in group:
            by_label[labels[key]].append(key)
    gold = {frozenset(p) for members in by_label.values() for p in combinations(members, 2)}
    return len(predicted & gold), len(predicted), len(gold)


def scores(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = tp / predicted if predicted else 1.0
    recall = tp / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def by_day(items: list[tuple[Article, dict[str, str]]]) -> dict[str, list[Article]]:
    days: dict[str, list[Article]] = defaultdict(list)
    for article, _ in items:
        days[article.published.date().isoformat()].append(article)
    return dict(sorted(days.items()))


def _key(article: Article) -> str:
    return f"{article.source}|{article.url}"


def quality(items: list[tuple[Article, dict[str, str]]], show_errors: bool) -> None:
    labels = {_key(a): row["event"] for a, row in items}
    settings = DedupSettings()
    tp = predicted = gold = 0
    wrong: list[str] = []
    groups_by_day: dict[str, list[StoryGroup]] = {}
    for day, articles in by_day(items).items():
        groups = cluster(articles, settings)
        groups_by_day[day] = groups
        # an exact copy (same id) is dropped by cluster: count it back into its group
        keys_by_id: dict[str, list[str]] = defaultdict(list)
        for article in articles:
            keys_by_id[article.id].append(_key(article))
        members = [[k for a in g.articles for k in keys_by_id[a.id]] for g in groups]
        t, p, g = pairwise(members, labels)
        tp, predicted, gold = tp + t, predicted + p, gold + g
        print(f"{day}: {len(articles)} articles → {len(groups)} groups")
        for group in members:
            events = {labels[k] for k in group}
            if len(events) > 1:
                wrong.append(f"  merged: {sorted(events)}")
        seen: dict[str, int] = defaultdict(int)
        for group in members:
            for event in {labels[k] for k in group}:
                seen[event] += 1
        wrong += [f"  split: {event} in {n} groups" for event, n in seen.items() if n > 1]
    precision, recall, f1 = scores(tp, predicted, gold)
    print(
        f"Pairwise same-event grouping on {len(items)} articles, "
        f"{len(set(labels.values()))} events: precision {precision:.3f}, recall {recall:.3f}, "
        f"F1 {f1:.3f} ({tp} of {predicted} predicted pairs right, {gold} gold pairs)"
    )
    if show_errors:
        print("\n".join(wrong) or "  no errors")
    across_editions(items, groups_by_day, settings)


def across_editions(
    items: list[tuple[Article, dict[str, str]]],
    groups_by_day: dict[str, list[StoryGroup]],
    settings: DedupSettings,
) -> None:
    days = list(groups_by_day)
    if len(days) < 2:
        return
    rows = {_key(a): row for a, row in items}
    sent = [
        SentStory(days[0], group.primary.title, fingerprint(group))
        for group in groups_by_day[days[0]]
    ]
    right = total = 0
    for group in groups_by_day[days[1]]:
        row = rows[_key(group.primary)]
        verdict = judge(group, sent, settings)
        outcome = verdict.outcome if verdict else "new"
        expected = row.get("expect", "new")
        total += 1
        right += outcome == expected
        mark = "ok " if outcome == expected else "BAD"
        print(f"  {mark} {row['event']}: expected {expected}, got {outcome}")
    print(f"Across editions: {right} of {total} second-day groups judged as labelled")


def _vary(text: str, copy: int) -> str:
    suffix = "".join("qxzvkj"[int(d)] for d in f"{copy:d}" if d in "012345") or "w"
    suffix = f"{suffix}{copy}"

    def change(match: re.Match[str]) -> str:
        word = match.group(0)
        if word.lower() in STOPWORDS:
            return word
        if word[0].isupper() or word[0].isdigit():
            return word + suffix
        if len(word) >= 6 and (zlib.crc32(word.encode()) + copy) % 3 == 0:
            return word + suffix
        return word

    return re.sub(r"\w+", change, text)


def synthetic(items: list[tuple[Article, dict[str, str]]], size: int) -> list[Article]:
    made: list[Article] = []
    copy = 0
    while len(made) < size:
        for article, _ in items:
            if len(made) == size:
                break
            made.append(
                article.model_copy(
                    update={
                        "title": _vary(article.title, copy),
                        "text": _vary(article.text, copy),
                        "url": f"{article.url}-{copy}",
                        "published": article.published.replace(day=9),
                    }
                )
            )
        copy += 1
    return made


def speed(items: list[tuple[Article, dict[str, str]]]) -> None:
    articles = synthetic(items, max(SIZES))
    settings = DedupSettings()
    timings = []
    for size in SIZES:
        subset = articles[:size]
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            groups = cluster(subset, settings)
            best = min(best, time.perf_counter() - start)
        timings.append(best)
        print(f"  {size:>5} articles → {len(groups):>4} groups in {best:.3f} s")
    per_article = [t / n * 1000 for t, n in zip(timings, SIZES, strict=True)]
    print(
        "Speed: "
        + ", ".join(f"{ms:.2f} ms/article at {n}" for ms, n in zip(per_article, SIZES, strict=True))
        + f"; 2,000 in {timings[-1]:.2f} s (target < 2 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fixtures", nargs="?", type=Path, default=FIXTURES / "articles.jsonl")
    parser.add_argument("--errors", action="store_true", help="list the wrong groupings")
    args = parser.parse_args()
    items = load(args.fixtures)
    quality(items, args.errors)
    speed(items)


if __name__ == "__main__":
    main()
