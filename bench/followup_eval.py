"""Measure same-event follow-ups across days: editions generated day by day through the store.

Usage:
    python bench/followup_eval.py [LABELLED.jsonl] [--windows D3,D4] [--lookback 3] [--errors]
    python bench/followup_eval.py QUOTES.jsonl --labels LABELS.jsonl
    python bench/followup_eval.py --templated 200 --seed 1

Each window of the labelled file (same shapes as `cluster_eval.py` reads) gets its own
temporary SQLite store holding its articles (`--labels`: a quote evaluation file's articles
labelled by id, as `cluster_eval.py` reads them). Its dates are then made in order as `newsletter
generate` makes them offline: the stories sent in the `lookback` days before (from the store's
fingerprints), the earlier days' articles as background, `plan_edition` (grouping, then `judge`
against what was sent), the extractive engine, `EditionPlan.finish`, and the day's printed
stories saved as fingerprints for the next days.

`--templated N`: three days of a templated feed (`templated_feed.py`) in one store, every
story printed (`max_stories` N): N reports, then N others from the same templates (other towns,
companies, figures: all news), then the first day's N again under other URLs (each a repeat
of its own report, to be left out).

A gold follow-up is an article whose event had an article on an earlier date of its window
at most `lookback` days before. Printed:

- follow-ups found: those whose story was suppressed or marked as an update against an
  earlier story holding an article of the same event, of all gold follow-ups;
- wrong: articles suppressed or marked as an update against a story of other events;
- dropped never sent: stories (and their articles) left out, suppressed or beyond
  `max_stories` and the "Also today" list, with an article whose event no earlier edition
  printed.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from cluster_eval import FIXTURES, Item, load
from templated_feed import templated_feed

from newsletter.config import Settings
from newsletter.digest.extractive import ExtractiveEngine
from newsletter.gather import DayWindow
from newsletter.group.cluster import StoryGroup
from newsletter.group.dedup import Verdict, judge
from newsletter.group.rank import background_articles, day_stats, plan_edition, sent_stories
from newsletter.pipeline import digest_all
from newsletter.store import Store


@dataclass
class Outcome:
    """What became of the labelled articles, edition by edition."""

    follow_ups: int = 0
    updated: int = 0
    suppressed: int = 0
    wrong: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    dropped_stories: set[str] = field(default_factory=set)
    missed: list[str] = field(default_factory=list)


def _settings(folder: Path, lookback: int, max_stories: int) -> Settings:
    settings = Settings(
        timezone="UTC",
        data_dir=folder,
        output_dir=folder / "out",
        sources=[],
        max_stories=max_stories,
    )
    dedup = settings.dedup.model_copy(update={"lookback_days": lookback})
    return settings.model_copy(update={"dedup": dedup})


def templated_days(n: int, seed: int) -> list[Item]:
    """A templated feed's three days (see the module docstring), as labelled items."""
    found = []
    for day, (feed_seed, suffix) in enumerate(((seed, ""), (seed + 1, ""), (seed, "?again"))):
        for report in templated_feed(n, feed_seed, copy_every=0):
            article = report.article.model_copy(
                update={
                    "url": f"{report.article.url}{suffix}",
                    "published": report.article.published + timedelta(days=day),
                }
            )
            event = f"{feed_seed}/{report.event}"
            key = f"{day}/{event}"
            found.append(Item(key, article, event, article.published.date().isoformat(), "T"))
    return found


def _is_follow_up(item: Item, window: list[Item], lookback: int) -> bool:
    day = date.fromisoformat(item.day)
    return any(
        o.event == item.event and 0 < (day - date.fromisoformat(o.day)).days <= lookback
        for o in window
    )


async def _window(items: list[Item], lookback: int, max_stories: int, outcome: Outcome) -> None:
    """Make the window's editions in date order in a store of their own."""
    event_of = {i.article.id: i.event for i in items}
    with tempfile.TemporaryDirectory() as folder:
        settings = _settings(Path(folder), lookback, max_stories)
        store = Store.open(settings.database)
        try:
            store.upsert_articles([i.article for i in items])
            printed_events: set[str] = set()
            for day in sorted({date.fromisoformat(i.day) for i in items}):
                articles = store.articles_in(DayWindow(day, settings.tz))
                sent = sent_stories(store, day, lookback)
                background = background_articles(store, day, settings.tz)
                plan = plan_edition(articles, sent, settings, background)
                stories = await digest_all(
                    ExtractiveEngine(), [g.articles for g in plan.chosen], lambda *_: None
                )
                plan.finish(stories, settings)
                store.save_fingerprints(day, plan.fingerprint_rows())
                shown = {g.key for g in plan.chosen}
                shown |= {g.key for g in plan.rest[: settings.ranking.max_also_today]}
                stats = day_stats(plan.groups, sent, background)
                for group in plan.groups:
                    verdict = plan.updates.get(group.key)
                    if verdict is None and group.key not in shown:
                        verdict = judge(group, sent, settings.dedup, stats)
                    left_out = group.key not in shown
                    seen = (event_of, printed_events)
                    _score(group, verdict, left_out, seen, items, lookback, outcome)
                printed_events |= {event_of[a.id] for _, g in plan.printed for a in g.articles}
        finally:
            store.close()


def _score(
    group: StoryGroup,
    verdict: Verdict | None,
    left_out: bool,
    seen: tuple[dict[str, str], set[str]],
    window: list[Item],
    lookback: int,
    outcome: Outcome,
) -> None:
    """Count one group's articles: `seen` is each article's event and the events printed
    by earlier editions."""
    event_of, printed_events = seen
    items = {i.article.id: i for i in window}
    earlier = {event_of[a] for a in verdict.earlier.fingerprint.article_ids} if verdict else set()
    for article in group.articles:
        item = items[article.id]
        label = f"{item.day} {item.event}: {article.title[:70]}"
        follow_up = _is_follow_up(item, window, lookback)
        outcome.follow_ups += follow_up
        if verdict is not None and item.event not in earlier:
            outcome.wrong.append(f"{label} (as {verdict.outcome} of {verdict.earlier.headline})")
        elif verdict is not None and follow_up:
            outcome.updated += verdict.outcome == "update"
            outcome.suppressed += verdict.outcome == "suppressed"
        elif follow_up:
            outcome.missed.append(label)
        if left_out and item.event not in printed_events:
            why = f"repeats {verdict.earlier.headline}" if verdict else "beyond max_stories"
            outcome.dropped.append(f"{label} ({why})")
            outcome.dropped_stories.add(group.key)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labelled", nargs="?", type=Path, default=FIXTURES / "articles.jsonl")
    parser.add_argument(
        "--labels", type=Path, help="event labels by id for a quote file's articles (LABELLED)"
    )
    parser.add_argument("--windows", help="only these windows, comma-separated (e.g. D3,D4)")
    parser.add_argument("--lookback", type=int, default=3, help="dedup.lookback_days")
    parser.add_argument("--errors", action="store_true", help="list the misses and wrong ones")
    parser.add_argument("--templated", type=int, default=0, help="reports a day, templated")
    parser.add_argument("--seed", type=int, default=1, help="seed of the templated feed")
    parser.add_argument("--max-stories", type=int, default=20, help="max_stories")
    args = parser.parse_args()
    if args.templated:
        items = templated_days(args.templated, args.seed)
    else:
        items = load(args.labelled, args.labels)
    max_stories = max(args.templated, args.max_stories)
    if args.windows:
        items = [i for i in items if i.window in args.windows.split(",")]
    windows: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        windows[item.window].append(item)
    outcome = Outcome()
    for _, members in sorted(windows.items()):
        asyncio.run(_window(members, args.lookback, max_stories, outcome))
    found = outcome.updated + outcome.suppressed
    share = f"{found / outcome.follow_ups:.0%}" if outcome.follow_ups else "n/a"
    print(
        f"{len(items)} articles in {len(windows)} window(s), lookback {args.lookback} days:\n"
        f"  follow-ups found: {found} of {outcome.follow_ups} ({share}; "
        f"{outcome.updated} marked update, {outcome.suppressed} suppressed)\n"
        f"  wrong (another event suppressed or marked): {len(outcome.wrong)}\n"
        f"  dropped never sent: {len(outcome.dropped_stories)} stories "
        f"({len(outcome.dropped)} articles)"
    )
    if args.errors:
        for title, lines in (
            ("wrong", outcome.wrong),
            ("dropped", outcome.dropped),
            ("missed", outcome.missed),
        ):
            for line in lines:
                print(f"  {title}: {line}")


if __name__ == "__main__":
    main()
