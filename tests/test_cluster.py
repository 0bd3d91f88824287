"""Within a day: reports of one event become one story that cites every source."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path

from newsletter.digest.extractive import ExtractiveEngine
from newsletter.group.cluster import cluster
from newsletter.models import Article

FIXTURES = Path(__file__).parent / "fixtures" / "clusters" / "articles.jsonl"
FIELDS = ("title", "text", "source", "url", "published")


def labelled() -> list[tuple[Article, str]]:
    rows = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines()]
    return [(Article(**{k: r[k] for k in FIELDS}), r["event"]) for r in rows]


def event(*names: str) -> list[Article]:
    return [a for a, label in labelled() if label in names]


def labels_of(groups, lookup: dict[str, str]) -> list[set[str]]:
    return [{lookup[a.id] for a in g.articles} for g in groups]


def test_url_variants_and_syndicated_copies_merge() -> None:
    rates = event("rates-hold")  # with an AMP copy and a UTM-tagged copy of two of them
    recall = event("ebike-recall")  # with the same text from two feeds, and a mobile URL
    groups = cluster(rates + recall)
    assert len(groups) == 2
    (rate_group,) = [g for g in groups if "Norland" in g.primary.text]
    assert len(rate_group.articles) == 3  # five reports, two of them URL variants
    assert rate_group.duplicates == 2
    assert set(rate_group.sources) == {"The Ledger", "Wireline", "Metro Bulletin"}
    (recall_group,) = [g for g in groups if g is not rate_group]
    assert len(recall_group.articles) == 4
    assert recall_group.independent_sources == 3  # the syndicated copy is not independent


def test_two_fires_in_two_towns_on_one_day_stay_apart() -> None:
    groups = cluster(event("fire-riverton", "fire-ashford", "football-final"))
    lookup = {a.id: label for a, label in labelled()}
    assert sorted(map(sorted, labels_of(groups, lookup))) == [
        ["fire-ashford"],
        ["fire-riverton"],
        ["football-final"],
    ]


def test_same_company_different_news_stays_apart() -> None:
    groups = cluster(event("polaris-greenleaf", "polaris-results"))
    assert sorted(len(g.articles) for g in groups) == [2, 3]


def test_order_is_the_same_whatever_order_the_articles_come_in() -> None:
    day = [a for a, _ in labelled() if a.published.day == 9]
    shuffled = day[:]
    random.Random(7).shuffle(shuffled)
    first = [[a.id for a in g.articles] for g in cluster(day)]
    again = [[a.id for a in g.articles] for g in cluster(shuffled)]
    assert first == again


def test_a_groups_story_cites_all_sources_and_quotes_each_from_its_own_article() -> None:
    (group,) = cluster(event("nurses-strike"))
    story = asyncio.run(ExtractiveEngine().digest(group.articles))
    assert [s.name for s in story.sources] == group.sources
    assert {s.name for s in story.sources} == {"Northern Post", "Harbor Herald", "Valley Wire"}
    assert story.article_ids == [a.id for a in group.articles]
    texts = {a.id: a.text for a in group.articles}
    assert story.quotes
    for quote in story.quotes:
        assert texts[quote.article_id][quote.start : quote.end] == quote.text
    # the primary is the most complete report, and its title is the headline
    assert story.headline == max(group.articles, key=lambda a: len(a.text)).title


def test_quotes_come_from_other_members_when_the_primary_has_none() -> None:
    (group,) = cluster(event("polaris-greenleaf"))
    quoted = [a for a in group.articles if "“" in a.text]
    story = asyncio.run(ExtractiveEngine().digest(group.articles))
    assert story.quotes
    assert {q.article_id for q in story.quotes} <= {a.id for a in quoted}
    assert len({q.text for q in story.quotes}) == len(story.quotes)  # a shared quote once
