"""A 20-story edition made offline (extractive engine) from articles written for this test:
a lead story, "In this edition", sections from the sources' `section` setting, every story
linked, under 60 KB, and `newsletter check` passes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsletter.cli import app
from tests.test_render import parse

DAY = "2022-02-22"
CONFIG = """
name = "The Valley Brief"
timezone = "America/New_York"
output_dir = "out"
data_dir = "data"

[[sources]]
type = "folder"
path = "ledger"
name = "Riverton Ledger"
section = "Local"

[[sources]]
type = "folder"
path = "wire"
name = "Valley Wire"
section = "Business"
"""
# (who, did what, where, a detail): twenty events that share no wording.
EVENTS = [
    ("The harbour board", "approved a longer pier", "Riverton", "ferries can dock at low tide"),
    ("A bakery cooperative", "opened a second oven hall", "Millbrook", "bread goes to schools"),
    ("The regional orchestra", "hired a conductor from Lisbon", "Eastfield", "concerts resume"),
    ("Volunteer divers", "mapped a sunken barge", "Cole Bay", "fuel tanks were found intact"),
    ("The county library", "lengthened its weekend hours", "Ashby", "students asked for it"),
    ("A solar farm developer", "signed a lease with farmers", "Dunmore", "sheep will graze there"),
    ("The tram operator", "ordered twelve new carriages", "Port Hallam", "deliveries start soon"),
    ("Beekeepers", "reported a record honey harvest", "Greyford", "clover bloomed early"),
    ("The hospital trust", "opened a night clinic", "Kelso Park", "waiting times should fall"),
    ("A textile mill", "restarted its wool looms", "Brackley", "forty weavers were rehired"),
    ("Firefighters", "tested a drone for rescues", "Wexcombe", "it carries floats to swimmers"),
    ("The chess club", "won the national junior title", "Lindale", "three players are eleven"),
    ("Archaeologists", "uncovered a Roman mosaic", "Caster Hill", "a dolphin pattern survives"),
    ("The water utility", "replaced a cracked main", "Oakhurst", "taps ran brown for a day"),
    ("A cider maker", "exported its first crates to Japan", "Pelham", "pears came from Kent"),
    ("Robotics students", "built a tide-gauge buoy", "Sandmere", "it reports every minute"),
    ("The zoo", "welcomed twin red panda cubs", "Norbridge", "keepers named them after rivers"),
    ("Cyclists", "opened a gravel trail across moorland", "Hexley", "it follows an old railway"),
    ("The fishmongers' market", "moved into a restored hall", "Quayside", "rents were frozen"),
    ("A theatre troupe", "staged a play in a lighthouse", "Stormness", "twelve seats per night"),
]


def write_articles(root: Path) -> None:
    for n, (who, did, where, detail) in enumerate(EVENTS):
        folder = "ledger" if n % 2 == 0 else "wire"
        write_md(root / folder / DAY / f"event-{n}.md", n, who, did, where, detail, "")
    for n in (3, 6):  # two events the other source reported too: more coverage
        who, did, where, detail = EVENTS[n]
        other = "wire" if n % 2 == 0 else "ledger"
        write_md(root / other / DAY / f"event-{n}-b.md", n, who, did, where, detail, "again-")


def write_md(
    path: Path, n: int, who: str, did: str, where: str, detail: str, variant: str
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    front = {
        "title": f"{who} {did} in {where}",
        "url": f"https://{path.parent.parent.name}.example.org/{variant}event-{n}",
        "published": f"2022-02-22T{8 + n % 10:02d}:00:00-05:00",
    }
    body = (
        f"{who} {did} in {where} on Tuesday, and officials said {detail}. "
        f"The decision in {where} followed months of planning by residents.\n\n"
        f'"This is a good day for {where}," said Morgan Hale{n}, who led the work.\n'
    )
    path.write_text("---\n" + json.dumps(front) + "\n---\n" + body, encoding="utf-8")


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, str, str]:
    root = tmp_path_factory.mktemp("layout")
    (root / "newsletter.toml").write_text(CONFIG, encoding="utf-8")
    write_articles(root)
    config = str(root / "newsletter.toml")
    made = CliRunner().invoke(app, ["generate", "--config", config, "--date", DAY])
    assert made.exit_code == 0, made.output
    folder = root / "out" / DAY
    return (
        root,
        json.loads((folder / "edition.json").read_text(encoding="utf-8")),
        (folder / "email.html").read_text(encoding="utf-8"),
        (folder / "email.txt").read_text(encoding="utf-8"),
    )


def test_twenty_stories_with_a_lead_contents_and_sections(edition) -> None:
    _, made, html, text = edition
    stories = made["stories"]
    assert len(stories) == 20
    page = parse(html).text
    lead = page.index("Lead story")
    contents = page.index("In this edition")
    lead_headline = page[lead:contents]
    assert "Volunteer divers" in lead_headline or "The tram operator" in lead_headline
    assert {s["topic"] for s in stories} == {"Local", "Business"}
    assert page.index("Local") > contents and page.index("Business") > contents
    assert "LEAD STORY" in text and "IN THIS EDITION" in text


def test_every_story_links_out_and_the_html_stays_small(edition) -> None:
    _, made, html, _ = edition
    more = parse(html).text.count("Read more at ")
    assert more == len(made["stories"]) == 20
    assert len(html.encode("utf-8")) < 60 * 1024


def test_check_passes_the_edition_without_a_warning(edition) -> None:
    root, _, _, _ = edition
    config = str(root / "newsletter.toml")
    result = CliRunner().invoke(app, ["check", "--config", config, "--date", DAY])
    assert result.exit_code == 0, result.output
    assert "All pre-send checks passed" in result.output


def test_the_subject_and_preheader_lead_with_the_lead_story(edition) -> None:
    _, made, html, _ = edition
    page = parse(html).text
    lead = page[page.index("Lead story") + len("Lead story") :].split(" in ")[0].strip()
    assert made["subject"].startswith(f"The Valley Brief: {lead}")
    assert made["preheader"].startswith(lead)


def test_importance_offline_comes_from_coverage_and_recency(edition) -> None:
    _, made, _, _ = edition
    rated = {s["headline"]: s["importance"] for s in made["stories"]}
    two_sources = [h for h in rated if h.startswith(("Volunteer divers", "The tram operator"))]
    assert len(two_sources) == 2
    assert all(rated[h] >= 3 for h in two_sources)  # 2 + one more source (+ recency)
    single = {i for h, i in rated.items() if h not in two_sources}
    assert single == {2, 3}  # the newer half of the day gets a point
