"""The folder source, the day window, and gathering into the store."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsletter.gather import DayWindow, FolderSource, gather
from newsletter.store import Store

NEW_YORK = ZoneInfo("America/New_York")
DAY = date(2022, 2, 22)


def run_folder(path: Path, day: date = DAY, tz: ZoneInfo = NEW_YORK, store: Store | None = None):
    store = store or Store.open("sqlite:///db.sqlite")
    result = asyncio.run(gather([FolderSource(path=path)], DayWindow(day, tz), store))
    return result, store


def titles_of_the_day(path: Path, day: date = DAY, tz: ZoneInfo = NEW_YORK) -> list[str]:
    """Gather the folder into a new store, as an edition does, and read the day back."""
    result, store = run_folder(path, day, tz, Store.open(f"sqlite:///{path / 'day.sqlite'}"))
    store.upsert_articles(result.articles)
    titles = [a.title for a in store.articles_in(DayWindow(day, tz))]
    store.close()
    return titles


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    root = tmp_path / "desk"
    (root / "2022-02-22").mkdir(parents=True)
    (root / "2022-02-22" / "bridge.txt").write_text(
        "Bridge reopens after repairs\n\n“It is safe,” said engineer Ana Ruiz.\n"
    )
    (root / "2022-02-22" / "kicker.txt").write_text(
        "Metro\n\nTrams return to Elm Street\n\nThe trams came back on Tuesday morning.\n"
    )
    (root / "market.md").write_text(
        "---\ntitle: Market opens late\npublished: 2022-02-22T09:30:00-05:00\n"
        "url: https://example.org/market\nauthor: Lee Park\n---\nStalls opened at ten.\n"
    )
    (root / "old.md").write_text(
        "---\ntitle: Yesterday's news\npublished: 2022-02-21T09:30:00-05:00\n---\nOld.\n"
    )
    (root / "zoo.json").write_text(
        json.dumps(
            {
                "title": "Zoo welcomes <script>alert(1)</script> twins",
                "text": "Two red pandas were born.",
                "published": "2022-02-22T15:00:00Z",
                "url": "https://example.org/zoo",
            }
        )
    )
    (root / "2022-02-22" / "page.html").write_text(
        "<html><head><title>Library extends hours</title>"
        '<meta name="author" content="Sam Ode"></head><body><nav>Home | News</nav>'
        "<article><h1>Library extends hours</h1><p>The central library will open until nine "
        "every weekday from March, the board said on Tuesday after a long debate.</p>"
        "<p>“Readers asked for it, and we listened,” said director Mo Chen, who added that "
        "the extra hours would cost little.</p></article></body></html>"
    )
    return root


def test_reads_every_format_and_every_day(desk: Path) -> None:
    result, _ = run_folder(desk)
    titles = sorted(a.title for a in result.articles)
    assert titles == [
        "Bridge reopens after repairs",
        "Library extends hours",
        "Market opens late",
        "Trams return to Elm Street",
        "Yesterday's news",
        "Zoo welcomes <script>alert(1)</script> twins",
    ]
    assert "Yesterday's news" not in titles_of_the_day(desk)
    assert titles_of_the_day(desk, date(2022, 2, 21)) == ["Yesterday's news"]
    by_title = {a.title: a for a in result.articles}
    assert by_title["Bridge reopens after repairs"].dated_by == "folder"
    assert by_title["Market opens late"].author == "Lee Park"
    assert by_title["Market opens late"].dated_by == "article"
    assert "said director Mo Chen" in by_title["Library extends hours"].text
    assert "Home | News" not in by_title["Library extends hours"].text
    assert by_title["Trams return to Elm Street"].text == "The trams came back on Tuesday morning."
    assert result.reports[0].error is None


def test_bad_files_are_reported_and_the_rest_read(desk: Path) -> None:
    (desk / "broken.json").write_text("{not json")
    (desk / "2022-02-22" / "latin1.txt").write_bytes(
        "Caf\xe9 opens\n\nThe caf\xe9 opened.".encode("latin-1")
    )
    (desk / "2022-02-22" / "huge.txt").write_text("Huge\n\n" + "word " * 1_200_000)
    (desk / "2022-02-22" / "empty.txt").write_text("")

    result, _ = run_folder(desk)

    warnings = " | ".join(result.reports[0].warnings)
    assert "broken.json: skipped, invalid JSON" in warnings
    assert "huge.txt: skipped" in warnings and "byte limit" in warnings
    assert "empty.txt: skipped, the file is empty" in warnings
    assert "latin1.txt: not valid UTF-8" in warnings
    titles = {a.title for a in result.articles}
    assert "Café opens" in titles  # decoded with the documented fallback, not lost
    assert len(titles) == 7


def test_front_matter_that_would_expand_without_bound_is_refused(desk: Path) -> None:
    """Aliases of aliases: a few hundred bytes that a YAML reader would expand to gigabytes
    as soon as the title is read as text. The file is refused at once; the others are kept."""
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]  # three levels here; nine make 15 GB
    levels += [f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]" for a, b in zip("ab", "bc", strict=True)]
    (desk / "2022-02-22" / "bomb.md").write_text(
        "---\n" + "\n".join(levels) + "\ntitle: *c\n---\nThe text.\n"
    )
    (desk / "2022-02-22" / "listed.md").write_text("---\ntitle: [Ferry, pier]\n---\nThe text.\n")

    result, _ = run_folder(desk)

    warnings = " | ".join(result.reports[0].warnings)
    assert "bomb.md: skipped, unreadable front matter:" in warnings and "an alias" in warnings
    assert "listed.md: skipped, title must be text, not list" in warnings
    assert len(result.articles) == 6  # every other file of the desk


def test_links_in_the_folder_are_not_followed(desk: Path, tmp_path: Path) -> None:
    """A link to a file elsewhere (or to a folder) would publish what it points to."""
    secret = tmp_path / "secret.txt"
    secret.write_text("Server password\n\nThe password is hunter2.")
    (desk / "2022-02-22" / "password.txt").symlink_to(secret)
    (desk / "elsewhere").symlink_to(tmp_path, target_is_directory=True)

    result, _ = run_folder(desk)

    assert "Server password" not in {a.title for a in result.articles}
    assert len(result.articles) == 6
    warnings = " | ".join(result.reports[0].warnings)
    assert "password.txt: skipped, a link" in warnings


def test_missing_folder_fails_only_that_source(desk: Path) -> None:
    store = Store.open("sqlite:///db.sqlite")
    result = asyncio.run(
        gather(
            [FolderSource(path=desk / "nope", name="Ghost"), FolderSource(path=desk)],
            DayWindow(DAY, NEW_YORK),
            store,
        )
    )
    ghost, good = result.reports
    assert ghost.label == "Ghost" and "does not exist" in ghost.error
    assert good.error is None and good.articles == 6


def test_gathering_twice_stores_each_article_once(desk: Path) -> None:
    result, store = run_folder(desk)
    first = store.upsert_articles(result.articles)
    result, _ = run_folder(desk, store=store)
    second = store.upsert_articles(result.articles)
    assert first.new == 6
    assert (second.new, second.unchanged) == (0, 6)
    assert len(store.articles_in(DayWindow(DAY, NEW_YORK))) == 5


def test_day_window_across_a_timezone_boundary(tmp_path: Path) -> None:
    # 23:30 UTC on the 21st is already the 22nd in Paris, still the 21st in New York.
    (tmp_path / "late.md").write_text(
        "---\ntitle: Late\npublished: 2022-02-21T23:30:00Z\n---\nText.\n"
    )
    assert titles_of_the_day(tmp_path, tz=ZoneInfo("Europe/Paris")) == ["Late"]
    assert titles_of_the_day(tmp_path, day=date(2022, 2, 21)) == ["Late"]
    assert titles_of_the_day(tmp_path) == []  # not the 22nd in New York


def test_day_window_on_dst_days() -> None:
    spring = DayWindow(date(2022, 3, 13), NEW_YORK)  # clocks go forward: a 23-hour day
    autumn = DayWindow(date(2022, 11, 6), NEW_YORK)  # clocks go back: a 25-hour day
    assert (spring.end - spring.start).total_seconds() == 23 * 3600 or (
        spring.end.astimezone(UTC) - spring.start.astimezone(UTC)
    ).total_seconds() == 23 * 3600
    assert (autumn.end.astimezone(UTC) - autumn.start.astimezone(UTC)).total_seconds() == 25 * 3600
    assert datetime(2022, 3, 13, 4, 59, tzinfo=UTC) not in spring  # 23:59 EST on the 12th
    assert datetime(2022, 3, 13, 5, 0, tzinfo=UTC) in spring  # midnight EST
    assert datetime(2022, 3, 14, 3, 59, tzinfo=UTC) in spring  # 23:59 EDT
    assert datetime(2022, 3, 14, 4, 0, tzinfo=UTC) not in spring  # midnight EDT
    assert datetime(2022, 11, 7, 4, 59, tzinfo=UTC) in autumn  # 23:59 EST on the 6th
    assert datetime(2022, 11, 7, 5, 0, tzinfo=UTC) not in autumn


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        _ = datetime(2022, 2, 22, 12) in DayWindow(DAY, NEW_YORK)


def test_a_page_without_a_date_in_its_markup_takes_its_folder_s_day(desk: Path) -> None:
    """A year in a page's text ("built in 1998") is no date of the article: the page would be
    filed under that year and never seen on its day."""
    (desk / "2022-02-22" / "dock.html").write_text(
        "<html><head><title>Dock repairs finish</title></head><body><article>"
        "<h1>Dock repairs finish</h1>"
        "<p>The old ferry dock, built in 1998, reopened to boats on Tuesday after a winter of "
        "repairs to its pilings and its deck, the harbor board said.</p>"
        "<p>“The water is calm and the boats can sail again,” said harbor master Lena Ortiz, "
        "who thanked the crews that worked through the storms of January.</p>"
        "</article></body></html>"
    )
    assert "Dock repairs finish" in titles_of_the_day(desk)


def test_a_folder_is_read_within_the_source_s_time(desk: Path) -> None:
    """A source pointed at a huge folder (the whole disk) stops at `fetch.max_seconds` and
    says so, instead of holding up the run."""
    from newsletter.gather import FetchSettings

    store = Store.open("sqlite:///db.sqlite")
    limits = FetchSettings(max_seconds=1e-9)  # spent before the first file
    result = asyncio.run(
        gather([FolderSource(path=desk)], DayWindow(DAY, NEW_YORK), store, limits=limits)
    )
    assert result.articles == []
    (warning,) = result.reports[0].warnings
    assert warning.startswith("stopped after 1e-09 s for this source (fetch.max_seconds)")


def test_markdown_articles_are_read_without_their_markup(desk: Path) -> None:
    (desk / "2022-02-22" / "parks.md").write_text(
        "# The **parks** plan passes\n\n"
        "The council approved the *Parks & Paths* plan for the [east side](https://example.org"
        "/east) &amp; the river, \\*at last\\*.\n\n"
        "> “We did it,” said `Ana Ruiz`.\n"
    )
    result, _ = run_folder(desk)
    (article,) = [a for a in result.articles if a.title == "The parks plan passes"]
    assert article.text == (
        "The council approved the Parks & Paths plan for the east side & the river, *at last*."
        "\n\n“We did it,” said Ana Ruiz."
    )


def test_entities_in_json_and_front_matter_are_read_as_characters(desk: Path) -> None:
    """A CMS's export escapes its words ("Tom &amp; Jerry"); a reader sees "Tom & Jerry"."""
    (desk / "2022-02-22" / "cafe.json").write_text(
        json.dumps(
            {
                "title": "Tom &amp; Jerry&#39;s caf&eacute; reopens",
                "text": "The caf&eacute; on the pier reopened on Tuesday &mdash; at last.",
            }
        )
    )
    (desk / "2022-02-22" / "pier.md").write_text(
        "---\ntitle: Pier &amp; dock repairs end\n---\nThe pier &amp; the dock reopened.\n"
    )
    result, _ = run_folder(desk)
    read = {a.title: a.text for a in result.articles}
    assert (
        read["Tom & Jerry's café reopens"] == "The café on the pier reopened on Tuesday — at last."
    )
    assert read["Pier & dock repairs end"] == "The pier & the dock reopened."
