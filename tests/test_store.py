"""The store: schema migrations, upserts, and what sources remember."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from newsletter.gather.base import DayWindow, FeedState, PageText
from newsletter.models import Article
from newsletter.store import Store, metadata

NEW_YORK = ZoneInfo("America/New_York")


def article(n: int, text: str = "Body text.", url: str | None = "auto") -> Article:
    return Article(
        title=f"Title {n}",
        text=text,
        source="Desk",
        url=f"https://example.org/{n}" if url == "auto" else url,
        published=datetime(2022, 2, 22, 12, n, tzinfo=NEW_YORK),
    )


def test_migrations_build_exactly_the_declared_schema(tmp_path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    assert diff == []
    assert store.schema_version() == "0008"


def test_opening_again_keeps_rows(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    Store.open(url).upsert_articles([article(1), article(2)])
    reopened = Store.open(url)
    with reopened.engine.connect() as connection:
        assert connection.execute(sa.text("select count(*) from articles")).scalar() == 2


def test_upsert_stores_each_article_once(tmp_path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    first = store.upsert_articles([article(1), article(2), article(3, url=None)])
    again = store.upsert_articles([article(1), article(2), article(3, url=None)])
    changed = store.upsert_articles([article(1, text="A corrected body.")])

    assert (first.new, first.unchanged) == (3, 0)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert (changed.new, changed.updated) == (0, 1)
    stored = store.articles_in(DayWindow(date(2022, 2, 22), NEW_YORK))
    assert len(stored) == 3
    assert {a.text for a in stored if a.title == "Title 1"} == {"A corrected body."}


def assert_page_texts_are_read(store: Store) -> None:
    """Only articles stored with their page's text are listed, with the feed text's hash."""
    page = article(7, text="The whole page.").model_copy(update={"feed_hash": "f" * 32})
    store.upsert_articles([page, article(8), article(9, url=None)])
    ids = [page.id, article(8).id, article(9, url=None).id, "never-stored"]
    assert store.page_texts(ids) == {page.id: PageText("The whole page.", None, "f" * 32)}
    store.upsert_articles([article(7, text="The feed text is full now.")])
    assert store.page_texts(ids) == {}


def test_page_texts_are_the_articles_stored_with_their_page(tmp_path) -> None:
    assert_page_texts_are_read(Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}"))


def test_tracking_parameters_do_not_make_a_new_article(tmp_path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    store.upsert_articles([article(1, url="https://Example.org/story/?utm_source=x#top")])
    counts = store.upsert_articles([article(1, url="https://example.org/story")])
    assert counts.new == 0


def test_window_query_returns_aware_datetimes(tmp_path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    store.upsert_articles([article(1)])
    (found,) = store.articles_in(DayWindow(date(2022, 2, 22), NEW_YORK))
    assert found.published == datetime(2022, 2, 22, 12, 1, tzinfo=NEW_YORK)
    assert found.published.tzinfo is not None
    assert store.articles_in(DayWindow(date(2022, 2, 23), NEW_YORK)) == []


def test_feed_state_and_first_seen(tmp_path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    url = "https://example.org/feed.xml"
    assert store.feed_state(url) == FeedState()
    store.save_feed_state(url, FeedState(etag='"abc"', last_modified="Tue, 22 Feb 2022"))
    store.save_feed_state(url, FeedState(etag='"def"', last_modified=None))
    assert store.feed_state(url) == FeedState(etag='"def"', last_modified=None)

    early = datetime(2022, 2, 22, 8, tzinfo=UTC)
    assert store.first_seen("entry-1", early) == early
    assert store.first_seen("entry-1", datetime(2022, 2, 23, tzinfo=UTC)) == early


def test_postgresql_store() -> None:
    from tests.postgres import temporary_postgres

    with temporary_postgres() as url:
        store = Store.open(url)
        assert store.schema_version() == "0008"
        assert store.upsert_articles([article(1), article(2)]).new == 2
        assert store.upsert_articles([article(1), article(2)]).unchanged == 2
        assert len(store.articles_in(DayWindow(date(2022, 2, 22), NEW_YORK))) == 2
        store.save_feed_state("u", FeedState(etag="e"))
        store.save_feed_state("u", FeedState(etag="f"))
        assert store.feed_state("u").etag == "f"
        moment = datetime(2022, 2, 22, tzinfo=UTC)
        assert store.first_seen("k", moment) == store.first_seen("k", datetime.now(UTC))
        assert_page_texts_are_read(store)
        with store.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), metadata)
        assert diff == []
        store.close()
