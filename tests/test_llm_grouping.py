"""With `dedup.ask_model`, one call per edition asks a model (a local OpenAI-style server here)
which likely pairs of stories report one event; code joins only the offered pairs it names."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from newsletter.cli import app
from newsletter.config import DedupSettings, LLMSettings
from newsletter.digest import LLMEngine
from newsletter.group.assist import Pair, ask_model, merge_said
from newsletter.group.cluster import StoryGroup, cluster
from newsletter.store import Store
from tests.chatserver import LocalChatServer, Reply
from tests.conftest import morning_report

DAY = date(2026, 3, 9)
SETTINGS = DedupSettings()



FERRY = morning_report(
    "Harbor council approves Kestrel ferry route",
    "The Harbor council voted on Monday to start a ferry route between Kestrel Quay and Port "
    "Dunmore next spring. Mayor Ana Ruiz said the crossing would cut commutes by half an hour. "
    "The route will run every 40 minutes. “Families on the islands have waited long enough "
    "for this,” Ruiz said after the vote.",
    "Valley Wire",
    1,
)
CROSSING = morning_report(
    "Islanders to get a faster crossing to the mainland",
    "Commuters from the islands will be able to reach Port Dunmore by boat from next spring, "
    "after councillors backed the plan on Monday. The new service leaves from Kestrel Quay. "
    "Ruiz, who campaigned for it, called it overdue. Boat operators will bid for the contract "
    "this summer.",
    "Harbor Herald",
    5,
)
LIBRARY = morning_report(
    "Library in Saltmere extends opening hours",
    "The Saltmere library will open until 9 p.m. on weekdays from April, librarian Tom Okafor "
    "said on Monday. The change follows a survey of 600 readers.",
    "Metro Bulletin",
    9,
)
BULLETIN = (
    "The {town} town council postponed the {subject} at its meeting on Monday evening, by "
    "{votes} votes to 2. The measure was item {item} on the agenda. Council member Rosa Lind "
    "said: “This decision reflects what residents told us at the public hearings, and we will "
    "review it next year.” Residents can read the minutes on the town website."
)
ASHBURY = morning_report(
    "Ashbury council postponed the parking plan",
    BULLETIN.format(town="Ashbury", subject="parking plan", votes=5, item=12),
    "County Bulletin",
    11,
)
ELMFORD = morning_report(
    "Elmford council postponed the school budget",
    BULLETIN.format(town="Elmford", subject="school budget", votes=4, item=31),
    "County Bulletin",
    13,
)
DAY_ARTICLES = [FERRY, CROSSING, LIBRARY, ASHBURY, ELMFORD]


def titles(groups: list[StoryGroup]) -> list[set[str]]:
    return [{a.title for a in g.articles} for g in groups]


def grouped_with_model(server: LocalChatServer, store: Store) -> tuple[list[StoryGroup], int]:
    async def run() -> tuple[list[StoryGroup], int]:
        llm = LLMSettings(base_url=server.url, model="local-model")
        engine = LLMEngine(llm, store, edition_date=DAY, backoff=0.001)
        try:
            return await ask_model(cluster(DAY_ARTICLES), SETTINGS, engine.same_events)
        finally:
            await engine.aclose()

    return asyncio.run(run())


def test_the_model_joins_the_likely_pair_it_names_and_is_asked_once(server, store) -> None:
    offline = cluster(DAY_ARTICLES)
    assert len(offline) == 5  # the two ferry reports share too little for the offline bar
    server.enqueue(
        {"same": [[1, 3]]},  # not offered: told so, and asked again
        {"same": [[2, 1]]},
    )
    groups, asked = grouped_with_model(server, store)
    assert asked == 1 and len(server.requests) == 2
    prompt = server.requests[0]["messages"][-1]["content"]
    assert "Kestrel Quay" in prompt and "[1, 2]" in prompt
    assert "Ashbury" not in prompt  # templated reports are never offered
    assert "not one of the pairs" in server.requests[1]["messages"][-1]["content"]
    assert titles(groups) == [
        {FERRY.title, CROSSING.title},
        {LIBRARY.title},
        {ASHBURY.title},
        {ELMFORD.title},
    ]
    (joined,) = [g for g in groups if len(g.articles) == 2]
    assert any("the model: one event" in note for note in joined.evidence)

    again, _ = grouped_with_model(server, store)  # the same day again: from the cache
    assert len(server.requests) == 2
    assert titles(again) == titles(groups)
    (usage,) = store.usage(edition_date=DAY)
    assert (usage.model, usage.calls, usage.failed) == ("local-model", 2, 1)


def test_a_model_that_keeps_failing_leaves_the_offline_grouping(server, store) -> None:
    server.enqueue(*[Reply(status=503)] * 4)
    groups, asked = grouped_with_model(server, store)
    assert asked == 1
    assert titles(groups) == titles(cluster(DAY_ARTICLES))


def test_a_chain_of_pairs_never_joins_templated_reports() -> None:
    """Told that each bulletin is one event with the same ferry story, code joins the first
    pair only: the second would put two towns' bulletins in one story."""
    groups = cluster([FERRY, ASHBURY, ELMFORD])
    ferry, ashbury, elmford = (
        next(n for n, g in enumerate(groups) if g.primary.title == t)
        for t in (FERRY.title, ASHBURY.title, ELMFORD.title)
    )
    pairs = [
        Pair(min(ferry, ashbury), max(ferry, ashbury), 5.0),
        Pair(min(ferry, elmford), max(ferry, elmford), 4.0),
    ]
    said = [(ferry + 1, ashbury + 1), (ferry + 1, elmford + 1)]
    joined = merge_said(groups, pairs, said, SETTINGS)
    assert sorted(titles(joined), key=len) == [{ELMFORD.title}, {FERRY.title, ASHBURY.title}]
    unoffered = merge_said(groups, [], said, SETTINGS)
    assert titles(unoffered) == titles(groups)


def write_day(tmp_path: Path, llm: str = "") -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for n, article in enumerate(DAY_ARTICLES):
        fields = article.model_dump(include={"title", "text", "source", "url", "published"})
        (folder / f"{n}.json").write_text(json.dumps(fields, default=str))
    (tmp_path / "newsletter.toml").write_text(
        'timezone = "UTC"\n[[sources]]\ntype = "folder"\npath = "articles"\n'
        f"{llm}[dedup]\nask_model = true\n"
    )


def generate(tmp_path: Path) -> tuple[str, dict]:
    done = CliRunner().invoke(app, ["generate", "--date", DAY.isoformat()])
    assert done.exit_code == 0, done.output
    saved = json.loads((tmp_path / "out" / DAY.isoformat() / "edition.json").read_text())
    return done.output, saved


def test_generate_with_a_model_prints_one_story_for_the_pair_it_joined(tmp_path: Path) -> None:
    def answer(request: dict) -> Reply:
        if "Pairs to judge" in request["messages"][-1]["content"]:
            return Reply(content={"same": [[1, 2]]})
        return Reply(content="no story today")  # stories and intro: written offline

    with LocalChatServer(answer) as server:
        write_day(tmp_path, f'[llm]\nbase_url = "{server.url}"\nmodel = "local-model"\n')
        output, saved = generate(tmp_path)
        grouping = [r for r in server.requests if "Pairs to judge" in str(r["messages"])]
        assert len(grouping) == 1
    assert "joined 1 of them" in output
    assert saved["grouped_stories"] == 4
    (ferry,) = [s for s in saved["stories"] if len(s["article_ids"]) == 2]
    assert [s["name"] for s in ferry["sources"]] == ["Valley Wire", "Harbor Herald"]
    usage = CliRunner().invoke(app, ["usage", "--date", DAY.isoformat()])
    assert "local-model" in usage.output


def test_generate_asks_nothing_without_a_model(tmp_path: Path) -> None:
    write_day(tmp_path)
    output, saved = generate(tmp_path)
    assert saved["grouped_stories"] == 5
    assert "asked about" not in output
