"""Measure same-event grouping on labelled articles, on a templated feed, and its speed.

Usage:
    python bench/cluster_eval.py [LABELLED.jsonl] [--windows D1,D2] [--errors] [--offered]
    python bench/cluster_eval.py --templated 200 --seed 1
    python bench/cluster_eval.py --speed 500,1000,2000 --near-identical 10000

With `--labels LABELS.jsonl` ({"id", "event", "window", "borderline"} a line), LABELLED is a
quote evaluation file ({"doc", "text"}: the title on the first line) and its articles named in
LABELS are grouped: bench/cluster_labels/quotes-train-weeks.jsonl labels 89 articles of four
weeks of quotes-train.jsonl (2016-01-14, 03-01, 04-17 and 05-09, seven days each) and
bench/cluster_labels/quotes-train-weeks2.jsonl 64 articles of three more (2015-11-19, 2016-03-18
and 04-06), quotes-train-weeks3.jsonl 80 articles of four more (2016-05-23, 06-22, 07-13 and
08-05) and quotes-train-weeks4.jsonl 69 articles of four more (2015-12-30, 2016-04-26, 08-17
and 08-29), quotes-train-weeks5.jsonl 77 articles of five more (2015-11-29, 2016-01-07,
05-16, 06-11 and 07-05) and quotes-train-weeks6.jsonl 58 articles of six more (2015-12-23,
2016-01-22, 03-29, 05-31, 07-20 and 09-06; two events of two articles, on two dates each), by
the protocol of the clusters evaluation set, read independently of
the grouping code.

Labelled files come in two shapes: the evaluation shape (`id`, `outlet`, `date`, `title`,
`text`, `event`, `window`, `borderline`) or the test fixtures' shape (the `Article` fields and
`event`). Each date is grouped on its own, as `newsletter generate` groups one edition's day;
then, window by window and day by day, each group is judged against the stories of the
`lookback_days` before it as `generate` judges it, and a group that repeats or updates an
earlier story joins that story's cluster. Printed: pairwise precision, recall and F1 over
same-date pairs (each date grouped alone, as one edition's day is; then again with the
stories of earlier days joined, where two articles of one date may meet through an earlier
story) and same-window pairs, B-cubed over articles, and how many same-event
follow-ups were suppressed or marked as updates.

`--offered`: with `dedup.ask_model`, the pairs of each date's stories a model would be asked
about (`group.assist`): how many there are, and how many same-date gold pairs the offline
grouping left apart they cover (what a model could join at best; no model is asked here).

`--templated N`: N reports from one template each (`templated_feed.py`), all different events,
plus near-exact copies that must merge: stories made, stories that mix two reports' fillers,
copies merged.

Speed: the time of grouping 500 to 2,000 articles on one day (varied copies of the labelled
articles, each copy its own set of events), best of three, and the peak memory it allocates;
then N near-identical entries (one text with a counter changed).
"""

from __future__ import annotations

import argparse
import json
import re
import time
import tracemalloc
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import combinations
from pathlib import Path

from templated_feed import templated_feed

from newsletter.config import DedupSettings
from newsletter.group.assist import candidate_pairs
from newsletter.group.cluster import cluster
from newsletter.group.dedup import SentStory, fingerprint, judge
from newsletter.group.evidence import DayStats
from newsletter.group.rank import BACKGROUND_DAYS, day_stats
from newsletter.group.similarity import STOPWORDS
from newsletter.models import Article

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "clusters"


@dataclass(frozen=True)
class Item:
    """One labelled article: `key` is unique in the file (two copies of one URL differ)."""

    key: str
    article: Article
    event: str
    day: str
    window: str
    borderline: bool = False


def load(path: Path, labels: Path | None = None) -> list[Item]:
    rows = _rows(path)
    if labels is not None:  # articles in the quote files' shape, labelled by id
        texts = {row["doc"]: row["text"] for row in rows}
        rows = [_labelled(label, texts[label["id"]]) for label in _rows(labels)]
    return [_item(row) for row in rows]


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _labelled(label: dict, text: str) -> dict:
    """The evaluation shape for an article of a quote file (`doc` = outlet_date_slug)."""
    outlet, day, _ = label["id"].split("_", 2)
    return {**label, "outlet": outlet, "date": day, "title": text.split("\n", 1)[0], "text": text}


def _item(row: dict) -> Item:
    if "published" in row:  # the fixtures' shape
        article = Article(**{k: row[k] for k in ("title", "text", "source", "url", "published")})
        day = article.published.date().isoformat()
        event = row.get("continues", row["event"])  # a follow-up is its first day's event
        return Item(f"{article.source}|{article.url}", article, event, day, "all")
    lines = row["text"].split("\n", 1)  # the evaluation shape: the title is the first line
    titled = len(lines) > 1 and lines[0].strip() == row["title"].strip()
    text = lines[1].strip() if titled else row["text"]
    article = Article(
        title=row["title"].rstrip(".;").strip(),
        text=text,
        source=row["outlet"],
        url=f"https://{row['outlet']}.example/{row['id']}",
        published=datetime.fromisoformat(row["date"]).replace(hour=12, tzinfo=UTC),
    )
    return Item(row["id"], article, row["event"], row["date"], row["window"], row["borderline"])


def _background(items: list[Item], day: date) -> list[Article]:
    """The articles of the BACKGROUND_DAYS before `day`, as the store would hold them."""
    first = day - timedelta(BACKGROUND_DAYS)
    return [i.article for i in items if first <= date.fromisoformat(i.day) < day]


def group_days(items: list[Item], settings: DedupSettings) -> dict[str, str]:
    """Item key → predicted cluster id: each day grouped on its own (with the earlier days'
    articles as background), then linked to the earlier days' stories of its window that it
    repeats or updates."""
    predicted: dict[str, str] = {}
    windows: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        windows[item.window].append(item)
    for window, members in sorted(windows.items()):
        sent: list[tuple[date, SentStory, str]] = []
        days: dict[str, list[Item]] = defaultdict(list)
        for item in members:
            days[item.day].append(item)
        for day, on_day in sorted(days.items()):
            today = date.fromisoformat(day)
            recent = [
                s for d, s, _ in sent if today - timedelta(settings.lookback_days) <= d < today
            ]
            recent.reverse()  # latest first, as the pipeline asks
            cluster_of = {id(s): c for _, s, c in sent}
            keys_by_id: dict[str, list[str]] = defaultdict(list)
            for item in on_day:
                keys_by_id[item.article.id].append(item.key)
            background = _background(items, today)
            groups = cluster([i.article for i in on_day], settings, background)
            stats = day_stats(groups, recent, background)
            for number, group in enumerate(groups):
                verdict = judge(group, recent, settings, stats)
                cid = cluster_of[id(verdict.earlier)] if verdict else f"{window}/{day}/{number}"
                for article in group.articles:
                    for key in keys_by_id[article.id]:
                        predicted[key] = cid
                if verdict is None or verdict.outcome == "update":
                    story = SentStory(today, group.primary.title, fingerprint(group))
                    sent.append((today, story, cid))
    return predicted


def _pairs(items: list[Item], predicted: dict[str, str], scope: str) -> tuple[int, int, int]:
    """(true positive, predicted, gold) pairs among items of one date or one window."""
    tp = pred = gold = 0
    for a, b in combinations(items, 2):
        if getattr(a, scope) != getattr(b, scope):
            continue
        same_pred = predicted[a.key] == predicted[b.key]
        same_gold = a.event == b.event
        tp += same_pred and same_gold
        pred += same_pred
        gold += same_gold
    return tp, pred, gold


def _prf(tp: int, pred: int, gold: int) -> str:
    precision = f"{tp / pred:.3f}" if pred else "n/a"
    recall = f"{tp / gold:.3f}" if gold else "n/a"
    f1 = 2 * tp / (pred + gold) if pred + gold and tp else 0.0
    return f"P {precision} R {recall} F1 {f1:.3f} ({tp} right of {pred} predicted, {gold} gold)"


def _bcubed(items: list[Item], predicted: dict[str, str]) -> str:
    by_pred = Counter(predicted[i.key] for i in items)
    by_gold = Counter(i.event for i in items)
    both = Counter((predicted[i.key], i.event) for i in items)
    p = sum(both[predicted[i.key], i.event] / by_pred[predicted[i.key]] for i in items)
    r = sum(both[predicted[i.key], i.event] / by_gold[i.event] for i in items)
    p, r = p / len(items), r / len(items)
    return f"P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f}"


def _follow_ups(items: list[Item], predicted: dict[str, str], lookback: int) -> str:
    """Articles of a later day whose event was reported within `lookback` days before, in
    the window: how many joined that earlier story (suppressed or update)."""
    first: dict[tuple[str, str], str] = {}
    for item in sorted(items, key=lambda i: i.day):
        first.setdefault((item.window, item.event), item.day)
    linked = total = 0
    for item in items:
        earlier = [
            o
            for o in items
            if o.window == item.window
            and o.event == item.event
            and o.day < item.day
            and (date.fromisoformat(item.day) - date.fromisoformat(o.day)).days <= lookback
        ]
        if earlier:
            total += 1
            linked += any(predicted[o.key] == predicted[item.key] for o in earlier)
    return f"{linked} of {total} same-event follow-ups joined an earlier day's story"


def quality(items: list[Item], settings: DedupSettings, show_errors: bool) -> None:
    predicted = group_days(items, settings)
    events = len({i.event for i in items})
    days = len({i.day for i in items})
    stories = len(set(predicted.values()))
    print(f"{len(items)} articles, {events} events, {days} dates → {stories} stories")
    alone = group_days(items, settings.model_copy(update={"lookback_days": 0}))
    print(f"  same-date pairs:   {_prf(*_pairs(items, alone, 'day'))}  (each date alone)")
    print(f"  same-date, joined: {_prf(*_pairs(items, predicted, 'day'))}  (with earlier days)")
    print(f"  same-window pairs: {_prf(*_pairs(items, predicted, 'window'))}")
    print(f"  B-cubed:           {_bcubed(items, predicted)}")
    print(f"  across days:       {_follow_ups(items, predicted, settings.lookback_days)}")
    if show_errors:
        _print_errors(items, predicted)


def _print_errors(items: list[Item], predicted: dict[str, str]) -> None:
    members: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        members[predicted[item.key]].append(item)
    for cid, group in sorted(members.items()):
        if len({i.event for i in group}) > 1:
            print(f"  merged in {cid}:")
            for item in group:
                print(f"      {item.event}: {item.article.title[:80]}")
    by_event: dict[str, set[str]] = defaultdict(set)
    for item in items:
        by_event[item.event].add(predicted[item.key])
    for event, cids in sorted(by_event.items()):
        if len(cids) > 1:
            titles = [i.article.title[:60] for i in items if i.event == event]
            print(f"  split {event} into {len(cids)}: {titles}")


def offered(items: list[Item], settings: DedupSettings) -> None:
    """Per date: the story pairs a model would be asked about, and the gold pairs among them."""
    event_of = {i.article.id: i.event for i in items}
    asked = right = apart = covered = 0
    for day in sorted({i.day for i in items}):
        on_day = [i for i in items if i.day == day]
        background = _background(items, date.fromisoformat(day))
        groups = cluster([i.article for i in on_day], settings, background)
        events = [{event_of[a.id] for a in g.articles} for g in groups]
        stats = DayStats.of([p for g in groups for p in g.profiles])
        pairs = {(p.first, p.second) for p in candidate_pairs(groups, settings, stats)}
        asked += len(pairs)
        right += sum(bool(events[a] & events[b]) for a, b in pairs)
        for a, b in combinations(range(len(groups)), 2):
            if events[a] & events[b]:
                apart += 1
                covered += (a, b) in pairs
    print(
        f"  offered to a model: {asked} story pair(s), {right} of them one event; they cover "
        f"{covered} of the {apart} same-event story pairs the offline grouping left apart"
    )


def templated(n: int, seed: int, settings: DedupSettings) -> None:
    reports = templated_feed(n, seed)
    groups = cluster([r.article for r in reports], settings)
    fillers = {r.article.id: r.fillers for r in reports}
    mixed = [g for g in groups if len({fillers[a.id] for a in g.articles}) > 1]
    events = Counter(r.event for r in reports)
    copies = [e for e, count in events.items() if count > 1]
    group_of = {a.id: n for n, g in enumerate(groups) for a in g.articles}
    merged = sum(
        len({group_of[r.article.id] for r in reports if r.event == event}) == 1 for event in copies
    )
    print(
        f"Templated feed (seed {seed}): {n} reports + {len(reports) - n} near-exact copies → "
        f"{len(groups)} stories; {len(mixed)} mix two reports' fillers "
        f"(largest {max((len(g.articles) for g in groups), default=0)} articles); "
        f"{merged} of {len(copies)} copies merged"
    )


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


def varied(items: list[Item], size: int) -> list[Article]:
    """`size` articles on one day: copies of the labelled ones, each copy new events."""
    made: list[Article] = []
    day = items[0].article.published
    copy = 0
    while len(made) < size:
        for item in items[: size - len(made)]:
            article = item.article
            made.append(
                article.model_copy(
                    update={
                        "title": _vary(article.title, copy),
                        "text": _vary(article.text, copy),
                        "url": f"{article.url}-{copy}",
                        "published": day + timedelta(seconds=copy),
                    }
                )
            )
        copy += 1
    return made


def _timed(articles: list[Article], settings: DedupSettings, runs: int) -> tuple[float, int]:
    best, groups = float("inf"), []
    for _ in range(runs):
        start = time.perf_counter()
        groups = cluster(articles, settings)
        best = min(best, time.perf_counter() - start)
    return best, len(groups)


def _peak_mb(articles: list[Article], settings: DedupSettings) -> float:
    tracemalloc.start()
    cluster(articles, settings)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def speed(items: list[Item], sizes: list[int], near_identical: int) -> None:
    settings = DedupSettings()
    articles = varied(items, max(sizes))
    for size in sizes:
        subset = articles[:size]
        seconds, groups = _timed(subset, settings, 3)
        print(
            f"  {size:>5} articles → {groups:>5} groups in {seconds:.3f} s "
            f"({seconds / size * 1000:.2f} ms/article), peak {_peak_mb(subset, settings):.0f} MB"
        )
    if near_identical:
        base = items[0].article
        copies = [
            base.model_copy(
                update={
                    "text": base.text.replace(" ", f" {n} ", 1),
                    "url": f"{base.url}?entry={n}",
                    "published": base.published + timedelta(seconds=n % 3600),
                }
            )
            for n in range(near_identical)
        ]
        seconds, groups = _timed(copies, settings, 1)
        print(
            f"  {near_identical} near-identical entries → {groups} groups in {seconds:.2f} s, "
            f"peak {_peak_mb(copies, settings):.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labelled", nargs="?", type=Path, default=FIXTURES / "articles.jsonl")
    parser.add_argument(
        "--labels", type=Path, help="event labels by id for a quote file's articles (LABELLED)"
    )
    parser.add_argument("--windows", help="only these windows, comma-separated (e.g. D3,D4)")
    parser.add_argument("--exclude-borderline", action="store_true")
    parser.add_argument("--errors", action="store_true", help="list the wrong groupings")
    parser.add_argument("--offered", action="store_true", help="pairs a model would be asked")
    parser.add_argument("--templated", type=int, default=0, help="reports in a templated feed")
    parser.add_argument("--seed", type=int, default=1, help="seed of the templated feed")
    parser.add_argument("--speed", default="", help="sizes to time, e.g. 500,1000,2000")
    parser.add_argument("--same-event-points", type=float, help="dedup.same_event_points")
    parser.add_argument("--near-identical", type=int, default=0, help="entries to time")
    args = parser.parse_args()
    settings = DedupSettings()
    if args.same_event_points is not None:
        settings = settings.model_copy(update={"same_event_points": args.same_event_points})
    items = load(args.labelled, args.labels)
    if args.windows:
        items = [i for i in items if i.window in args.windows.split(",")]
    if args.exclude_borderline:
        items = [i for i in items if not i.borderline]
    quality(items, settings, args.errors)
    if args.offered:
        offered(items, settings)
    if args.templated:
        templated(args.templated, args.seed, settings)
    if args.speed or args.near_identical:
        speed(items, [int(s) for s in args.speed.split(",") if s], args.near_identical)


if __name__ == "__main__":
    main()
