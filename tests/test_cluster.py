"""Within a day: reports of one event become one story that cites every source."""

from __future__ import annotations

import asyncio
import json
import random
import re
from itertools import chain
from pathlib import Path

import pytest

from bench.templated_feed import templated_feed
from newsletter.digest.extractive import ExtractiveEngine, group_quotes
from newsletter.group.cluster import cluster
from newsletter.models import Article
from tests.conftest import morning_report

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
    others = [a for a, label in labelled() if a.published.day == 10]  # a day's worth besides
    groups = cluster(event("fire-riverton", "fire-ashford", "football-final"), background=others)
    lookup = {a.id: label for a, label in labelled()}
    assert sorted(map(sorted, labels_of(groups, lookup))) == [
        ["fire-ashford"],
        ["fire-riverton"],
        ["football-final"],
    ]


def test_on_a_thin_day_the_same_people_in_two_reports_do_not_make_them_one_event() -> None:
    """With three articles and nothing earlier, every name looks rare: the mayor, her city
    and her party leading two reports of different news do not join them."""
    appointment = morning_report(
        "Mayor Elena Varga names Ines Albright to run the Dunmore harbor board",
        "Dunmore Mayor Elena Varga picked Ines Albright, a former shipping executive, to "
        "chair the harbor board, City Hall said. Councillor Ruth Pike welcomed the choice of "
        "Albright, who starts next month.",
        "Capitol Wire",
        5,
    )
    budget = morning_report(
        "Dunmore Democrats attack Varga's spending plan",
        "Democrats led by Ruth Pike turned on Elena Varga's budget at Dunmore City Hall "
        "on Tuesday, saying it cuts library hours while raising the parking levy. A vote "
        "is set for the end of the month.",
        "Metro Bulletin",
        20,
    )
    weather = morning_report(
        "Storm brings snow to the Kessler valley",
        "A late storm left ten centimetres of snow across the Kessler valley on Monday, "
        "closing two mountain roads.",
        "Valley Post",
        30,
    )
    groups = cluster([appointment, budget, weather])
    assert len(groups) == 3, [g.explain() for g in groups]


def test_same_company_different_news_stays_apart() -> None:
    groups = cluster(event("polaris-greenleaf", "polaris-results"))
    lookup = {a.id: label for a, label in labelled()}
    assert all(len(labels) == 1 for labels in labels_of(groups, lookup))
    assert any(
        labels_of([g], lookup) == [{"polaris-results"}] and len(g.articles) == 2 for g in groups
    )


def test_order_is_the_same_whatever_order_the_articles_come_in() -> None:
    day = [a for a, _ in labelled() if a.published.day == 9]
    shuffled = day[:]
    random.Random(7).shuffle(shuffled)
    first = [[a.id for a in g.articles] for g in cluster(day)]
    again = [[a.id for a in g.articles] for g in cluster(shuffled)]
    assert first == again


def test_a_groups_story_cites_all_sources_and_quotes_each_from_its_own_article() -> None:
    (group,) = cluster(event("fire-riverton"))
    story = asyncio.run(ExtractiveEngine().digest(group.articles))
    assert [s.name for s in story.sources] == group.sources
    assert len(group.sources) == 3
    assert story.article_ids == [a.id for a in group.articles]
    texts = {a.id: a.text for a in group.articles}
    assert story.quotes
    for quote in story.quotes:
        assert texts[quote.article_id][quote.start : quote.end] == quote.text
    # the primary is the most complete report, and its title is the headline
    assert story.headline == max(group.articles, key=lambda a: len(a.text)).title


def test_quotes_come_from_other_members_when_the_primary_has_none() -> None:
    articles = event("polaris-greenleaf")  # one of the reports quotes nobody
    quoted = [a for a in articles if "“" in a.text]
    assert len(quoted) < len(articles)
    chosen = group_quotes(articles)  # before the summary takes what it already prints
    assert chosen
    assert {q.article_id for q in chosen} <= {a.id for a in quoted}
    assert len({q.text for q in chosen}) == len(chosen)  # a shared quote once


def test_a_templated_feed_is_one_story_per_report_and_its_copies_merge() -> None:
    reports = templated_feed(200, seed=3)
    groups = cluster([r.article for r in reports])
    fillers = {r.article.id: r.fillers for r in reports}
    assert len(groups) >= 180
    assert all(len({fillers[a.id] for a in g.articles}) == 1 for g in groups)
    group_of = {a.id: n for n, g in enumerate(groups) for a in g.articles}
    copies = [r for r in reports if r.article.source == "Regional Wire"]
    assert copies
    for copy in copies:
        (original,) = [r for r in reports if r.event == copy.event and r is not copy]
        assert group_of[copy.article.id] == group_of[original.article.id]


def test_one_article_naming_two_events_does_not_chain_them_into_one_story() -> None:
    library = [
        morning_report(
            "Harlow council approves the new Quarry Street library",
            "Harlow councillors approved the Quarry Street library on Monday. Mayor Jin Park "
            "said: “Harlow has waited twenty years for this library.” Building starts in June.",
            "Harlow Echo",
            1,
        ),
        morning_report(
            "Quarry Street library gets the green light in Harlow",
            "The Quarry Street library in Harlow will be built after a council vote. “Harlow "
            "has waited twenty years for this library,” Mayor Jin Park told reporters.",
            "County Post",
            2,
        ),
    ]
    barrier = [
        morning_report(
            "Dunmore flood barrier opens on the River Ansel",
            "The Dunmore flood barrier on the River Ansel opened on Monday. Engineer Ola Berg "
            "said: “The Ansel will not reach the high street again.” It cost 14 million.",
            "Valley Wire",
            3,
        ),
        morning_report(
            "River Ansel barrier protects Dunmore high street",
            "Dunmore's new barrier on the River Ansel is open. “The Ansel will not reach the "
            "high street again,” engineer Ola Berg said of the 14 million project.",
            "Dunmore Times",
            4,
        ),
    ]
    roundup = morning_report(
        "Harlow library and Dunmore barrier: a week of ribbon cutting",
        "Harlow approved its Quarry Street library and Dunmore opened its River Ansel "
        "barrier. Mayor Jin Park and engineer Ola Berg both spoke on Monday.",
        "Weekly Digest",
        5,
    )
    groups = cluster([*library, *barrier, roundup])
    ids = [{a.id for a in g.articles} for g in groups]
    assert {a.id for a in library} <= next(g for g in ids if library[0].id in g)
    assert {a.id for a in barrier} <= next(g for g in ids if barrier[0].id in g)
    assert not any(library[0].id in g and barrier[0].id in g for g in ids)
    joined = next(g for g in groups if library[0] in g.articles)
    assert "park" in joined.evidence[0]  # the editor is told why: the mayor in both


def _terms_sentence_by_sentence(title: str, text: str) -> frozenset[str]:
    """`terms_of` as its docstring defines it, read one sentence and one word at a time."""
    from newsletter.group.similarity import _SENTENCE_BREAK, STOPWORDS, _words

    plain_break = re.compile(r"(?<=[.!?])[\"”’']?\s+|\n+|[“\"]")
    assert _SENTENCE_BREAK.split(text) == plain_break.split(text)
    found = set()
    for chunk in (title, *plain_break.split(text)):
        words = _words(chunk)
        opens_name = len(words) > 1 and words[1][0].isupper()
        for position, word in enumerate(words):
            if word[0].isdigit() or word[0] == "$":
                figure = word.strip("$%").replace(",", "").lower()
                if sum(c.isdigit() for c in figure) >= 2:
                    found.add(figure)
            elif word[0].isupper() and (position > 0 or opens_name):
                term = word.lower().removesuffix("'s").removesuffix("’s")
                if term not in STOPWORDS and len(term) > 1:
                    found.add(term)
    return frozenset(found)


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. Senate met. “We won,” said Ana Ruiz.’ Then $1,200.50 went to state-Owned "
        'firms!\n\n"Quiet," he said... Ben Ortiz’s plan (R-Ohio) cost 3,000% more? Yes.’ And',
        "Harbor Board votes. Harbor staff agree. “Harbor” is a word! Said Lee: Yes.\nLee Park",
        "“Open it,” Mayor Tan said. Open. Tan? Tan Lee won 12 of 14 seats.” Done 99",
        'Alone.\n"Plain words," Kim said.  Kim.Kim Kim? "Kim".',
    ],
)
def test_names_are_read_as_a_sentence_by_sentence_reading_would(text: str) -> None:
    from newsletter.group.similarity import (
        _Lexicon,
        _Reading,
        _words,
        quoted_passages,
        stable_hash,
        terms_of,
    )

    reading = _Reading("Ruiz wins 40 seats", text, _Lexicon())
    assert reading.words == _words(text)
    passages = [_words(passage) for passage in quoted_passages(text)]
    assert reading.quote_sizes == [len(words) for words in passages]
    assert reading.quoted.tolist() == [stable_hash(w.lower()) for w in chain(*passages)]
    assert reading.terms == terms_of("Ruiz wins 40 seats", text)
    assert reading.terms == _terms_sentence_by_sentence("Ruiz wins 40 seats", text)


def test_names_exclude_words_that_only_open_sentences() -> None:
    from newsletter.group.similarity import terms_of

    text = (
        "The U.S. Senate met. “We won,” said Ana Ruiz.’ Then $1,200.50 went to state-Owned "
        'firms!\n\n"Quiet," he said... Ben Ortiz’s plan (R-Ohio) cost 3,000% more? Yes.’ And'
    )
    terms = terms_of("Ruiz wins", text)
    assert {"ruiz", "1200.50", "ortiz", "3000"} <= terms and "senate" not in terms


FERRY_VOTE = (
    "Harlow voters backed the new ferry terminal on Tuesday, with 5,210 votes for it and "
    "3,980 against, the county clerk said. Mayor Jin Park called the result a mandate. "
    "Turnout was 41 percent. Work on the Quarry Street pier could begin in the spring, "
    "and the Lowther Bridge will stay open while it is built. "
)


def test_an_updated_version_of_a_report_is_one_story_with_the_first() -> None:
    """The later edition updates the counts and adds a paragraph: names added and figures
    changed in place are one text's versions, not a template filled anew."""
    early = morning_report("Harlow backs the ferry terminal", FERRY_VOTE, "Harlow Echo", 1)
    late_text = (
        FERRY_VOTE.replace("5,210", "6,954").replace("3,980", "5,105").replace("41", "47")
        + "Councillor Ada Brennan of the Marsh Lane ward said the Pendle road plan comes next, "
        "and the Dunmore ferry company welcomed the vote."
    )
    late = morning_report("Harlow voters back the ferry terminal", late_text, "Harlow Echo", 40)
    other_town = morning_report(
        "Dunmore backs the ferry terminal",
        FERRY_VOTE.replace("Harlow", "Dunmore")
        .replace("Jin Park", "Rosa Vint")
        .replace("Quarry Street", "Mill Lane")
        .replace("Lowther", "Kestrel"),
        "Harlow Echo",
        41,
    )
    groups = cluster([early, late, other_town])
    assert sorted(len(g.articles) for g in groups) == [1, 2]
    (pair,) = [g for g in groups if len(g.articles) == 2]
    assert {a.id for a in pair.articles} == {early.id, late.id}


def test_a_quoted_passage_starts_at_the_last_opening_mark_before_its_close() -> None:
    """An opening mark that is never closed does not swallow the passages after it (and a
    text of many such marks is read once, not once per mark)."""
    from newsletter.group.similarity import quoted_passages

    text = (
        "“An opening mark the writer never closed. "
        "“The harbor board will vote on Monday,” Ana Ruiz said."
    )
    assert quoted_passages(text) == ["The harbor board will vote on Monday,"]
