"""Across editions: a story sent yesterday is not sent again today, unless it moved on."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from newsletter import pipeline
from newsletter.cli import app
from newsletter.config import Settings
from tests.test_cluster import FIXTURES

FIELDS = ("title", "text", "source", "url", "published")
MONDAY, TUESDAY = date(2026, 3, 9), date(2026, 3, 10)


def write_articles(folder: Path, events: set[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n, line in enumerate(FIXTURES.read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        if row["event"] in events:
            (folder / f"{n:02d}.json").write_text(json.dumps({k: row[k] for k in FIELDS}))


def settings(tmp_path: Path, **overrides) -> Settings:
    return Settings(
        timezone="UTC",
        data_dir=tmp_path / "data",
        output_dir=tmp_path / "out",
        sources=[{"type": "folder", "path": str(tmp_path / "articles"), "name": "Desk"}],
        **overrides,
    )


def edition(tmp_path: Path, day: date, **overrides) -> tuple[pipeline.RunReport, dict]:
    report = asyncio.run(pipeline.generate(settings(tmp_path, **overrides), day))
    data = json.loads((tmp_path / "out" / day.isoformat() / "edition.json").read_text())
    return report, data


def headlines(data: dict) -> list[str]:
    return [s["headline"] for s in data["stories"]]


def test_a_story_sent_yesterday_is_left_out_today(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", {"bridge-closure", "bridge-repeat", "solar-farm"})
    monday, sent = edition(tmp_path, MONDAY)
    assert monday.articles == 3 and monday.stories == len(sent["stories"]) >= 1
    assert all("Calder" in h for h in headlines(sent))

    tuesday, data = edition(tmp_path, TUESDAY)
    assert tuesday.articles == 5  # two rewrites of Monday's bridge story, three on solar
    assert [s.sent_on for s in tuesday.suppressed] == [MONDAY]
    assert not any("Calder" in h for h in headlines(data))
    assert any("Dunmore" in h or "Brightfield" in h for h in headlines(data))


def test_a_follow_up_with_a_new_quote_comes_back_as_an_update(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", {"fire-riverton", "fire-riverton-cause"})
    edition(tmp_path, MONDAY)
    tuesday, data = edition(tmp_path, TUESDAY)
    assert tuesday.suppressed == [] and tuesday.updates == 1
    (story,) = data["stories"]
    assert story["headline"].startswith("Update: ")
    first_quote = story["quotes"][0]["text"]
    assert "reconnected that panel" in first_quote  # the new quote leads
    assert "panel" in story["summary"].split(".")[0]  # and so does the new material


def test_regenerating_a_date_does_not_suppress_its_own_stories(tmp_path: Path) -> None:
    write_articles(tmp_path / "articles", {"nurses-strike", "gallery-reopens"})
    first, data = edition(tmp_path, MONDAY)
    again, data_again = edition(tmp_path, MONDAY)
    assert again.suppressed == []
    assert headlines(data_again) == headlines(data)
    assert first.groups == again.groups >= 2


def test_beyond_max_stories_the_rest_are_listed_as_also_today_or_left_out(
    tmp_path: Path,
) -> None:
    write_articles(tmp_path / "articles", {"rates-hold", "library-hours", "chess-prodigy"})
    listed, data = edition(tmp_path, MONDAY, max_stories=1)
    assert listed.stories == 1 and listed.also_today == 2
    assert [s["topic"] for s in data["stories"]][-2:] == ["Also today", "Also today"]
    assert "Norland" in data["stories"][0]["headline"]  # three sources rank first

    omitted, data = edition(tmp_path, MONDAY, max_stories=1, ranking={"also_today": "omit"})
    assert omitted.also_today == 0 and len(data["stories"]) == 1
    assert any("left out" in note for note in omitted.notes)


def test_explain_groups_prints_each_storys_articles_and_why_and_edition_json_counts_them(
    tmp_path: Path,
) -> None:
    write_articles(tmp_path / "articles", {"fire-riverton", "chess-prodigy"})
    config = tmp_path / "newsletter.toml"
    config.write_text(
        f'timezone = "UTC"\ndata_dir = "{tmp_path / "data"}"\n'
        f'output_dir = "{tmp_path / "out"}"\n'
        f'[[sources]]\ntype = "folder"\npath = "{tmp_path / "articles"}"\nname = "Desk"\n'
    )
    args = ["generate", "--config", str(config), "--date", MONDAY.isoformat()]
    result = CliRunner().invoke(app, [*args, "--explain-groups"])
    assert result.exit_code == 0, result.output
    assert "4 articles → 2 stories" in result.output
    assert "3 articles: " in result.output  # the fire, from three outlets
    assert "joined by" in result.output and "riverton" in result.output
    assert "grandmaster" not in result.output  # a story of one article is not explained
    data = json.loads((tmp_path / "out" / MONDAY.isoformat() / "edition.json").read_text())
    assert (data["grouped_articles"], data["grouped_stories"]) == (4, 2)

    plain = CliRunner().invoke(app, args)
    assert "joined by" not in plain.output
