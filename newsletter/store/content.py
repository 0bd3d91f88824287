"""What was gathered and made: articles, what sources remember between runs (feed state,
first-seen entries), editions, and the fingerprints of each edition's stories."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa

from newsletter.gather.base import DayWindow, FeedState, PageText
from newsletter.models import Article, Edition
from newsletter.store.base import StoreBase, _aware, _digest, _utc
from newsletter.store.tables import articles, editions, feed_state, first_seen, story_fingerprints


@dataclass
class UpsertCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


class ContentStore(StoreBase):
    def upsert_articles(
        self, found: Iterable[Article], *, now: datetime | None = None
    ) -> UpsertCounts:
        """Store articles by id: new ones are added, changed ones updated, none duplicated."""
        moment = _utc(now or datetime.now(UTC))
        unique = {a.id: a for a in found}
        counts = UpsertCounts()
        if not unique:
            return counts
        with self.engine.begin() as connection:
            known = dict(
                connection.execute(
                    sa.select(articles.c.id, articles.c.content_hash).where(
                        articles.c.id.in_(unique)
                    )
                ).all()
            )
            rows = []
            for article in unique.values():
                if article.id not in known:
                    counts.new += 1
                elif known[article.id] != article.content_hash:
                    counts.updated += 1
                else:
                    counts.unchanged += 1
                rows.append(
                    {
                        "id": article.id,
                        "url": article.url,
                        "title": article.title,
                        "text": article.text,
                        "source": article.source,
                        "author": article.author,
                        "published": _utc(article.published),
                        "dated_by": article.dated_by,
                        "content_hash": article.content_hash,
                        "feed_hash": article.feed_hash,
                        "first_gathered": moment,
                        "last_gathered": moment,
                    }
                )
            statement = self._insert(articles)
            kept = {"id", "first_gathered", "published", "dated_by"}
            statement = statement.on_conflict_do_update(
                index_elements=[articles.c.id],
                set_={c.name: statement.excluded[c.name] for c in articles.c if c.name not in kept},
            )
            connection.execute(statement, rows)
        return counts

    def articles_in(self, window: DayWindow) -> list[Article]:
        """The stored articles published inside the window, oldest first."""
        query = (
            sa.select(articles)
            .where(articles.c.published >= _utc(window.start))
            .where(articles.c.published < _utc(window.end))
            .order_by(articles.c.published, articles.c.id)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [
            Article(
                title=row["title"],
                text=row["text"],
                source=row["source"],
                published=_aware(row["published"]),
                url=row["url"],
                author=row["author"],
                dated_by=row["dated_by"],
                feed_hash=row["feed_hash"],
            )
            for row in rows
        ]

    def page_texts(self, ids: Collection[str]) -> dict[str, PageText]:
        """Of the articles `ids`, those stored with text fetched from their page (a feed
        entry's link), by id, with the content hash of the feed text it was fetched for."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, PageText] = {}
        columns = (articles.c.id, articles.c.text, articles.c.author, articles.c.feed_hash)
        with self.engine.connect() as connection:
            for start in range(0, len(wanted), 500):  # within every database's parameter limit
                query = (
                    sa.select(*columns)
                    .where(articles.c.id.in_(wanted[start : start + 500]))
                    .where(articles.c.feed_hash.is_not(None))
                )
                for row in connection.execute(query):
                    found[row.id] = PageText(row.text, row.author, row.feed_hash)
        return found

    # -- what sources remember ---------------------------------------------------------------

    def feed_state(self, url: str) -> FeedState:
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(feed_state.c.etag, feed_state.c.last_modified).where(
                    feed_state.c.url_hash == _digest(url)
                )
            ).first()
        return FeedState(etag=row.etag, last_modified=row.last_modified) if row else FeedState()

    def save_feed_state(self, url: str, state: FeedState) -> None:
        values = {
            "url": url,
            "etag": state.etag,
            "last_modified": state.last_modified,
            "checked": _utc(datetime.now(UTC)),
        }
        statement = self._insert(feed_state).values(url_hash=_digest(url), **values)
        statement = statement.on_conflict_do_update(
            index_elements=[feed_state.c.url_hash], set_=values
        )
        with self.engine.begin() as connection:
            connection.execute(statement)

    def first_seen(self, key: str, now: datetime) -> datetime:
        statement = (
            self._insert(first_seen)
            .values(key_hash=_digest(key), seen=_utc(now))
            .on_conflict_do_nothing(index_elements=[first_seen.c.key_hash])
        )
        with self.engine.begin() as connection:
            connection.execute(statement)
            seen = connection.execute(
                sa.select(first_seen.c.seen).where(first_seen.c.key_hash == _digest(key))
            ).scalar_one()
        return _aware(seen)

    # -- editions ----------------------------------------------------------------------------

    def save_edition(self, edition: Edition) -> None:
        values = {
            "subject": edition.subject,
            "stories": len(edition.stories),
            "engine": edition.engine,
            "edition_json": edition.model_dump_json(),
            "generated": _utc(edition.generated_at),
        }
        statement = self._insert(editions).values(date=edition.date, **values)
        statement = statement.on_conflict_do_update(index_elements=[editions.c.date], set_=values)
        with self.engine.begin() as connection:
            connection.execute(statement)

    def edition(self, day: date) -> Edition | None:
        """The stored edition of a day, as `generate` composed it."""
        with self.engine.connect() as connection:
            stored = connection.execute(
                sa.select(editions.c.edition_json).where(editions.c.date == day)
            ).scalar_one_or_none()
        return Edition.model_validate_json(stored) if stored is not None else None

    def edition_dates(self) -> list[date]:
        """The days that have a stored edition, newest first."""
        with self.engine.connect() as connection:
            days = connection.execute(sa.select(editions.c.date).order_by(editions.c.date.desc()))
            return list(days.scalars())

    # -- stories sent (fingerprints) ---------------------------------------------------------

    def save_fingerprints(self, day: date, stories: Iterable[tuple[str, str]]) -> None:
        """Replace the fingerprints of `day`'s stories with `stories` ((headline, fingerprint
        JSON) in edition order): regenerating a date keeps only its latest stories."""
        now = _utc(datetime.now(UTC))
        rows = [
            {"edition_date": day, "position": n, "headline": h, "fingerprint": f, "created": now}
            for n, (h, f) in enumerate(stories)
        ]
        with self.engine.begin() as connection:
            connection.execute(
                sa.delete(story_fingerprints).where(story_fingerprints.c.edition_date == day)
            )
            if rows:
                connection.execute(sa.insert(story_fingerprints), rows)

    def fingerprints_between(self, first: date, before: date) -> list[tuple[date, str, str]]:
        """(edition date, headline, fingerprint JSON) of the stories of editions from `first`
        up to the day before `before`, the most recent edition first, in edition order."""
        query = (
            sa.select(
                story_fingerprints.c.edition_date,
                story_fingerprints.c.headline,
                story_fingerprints.c.fingerprint,
            )
            .where(story_fingerprints.c.edition_date >= first)
            .where(story_fingerprints.c.edition_date < before)
            .order_by(story_fingerprints.c.edition_date.desc(), story_fingerprints.c.position)
        )
        with self.engine.connect() as connection:
            return [(row[0], row[1], row[2]) for row in connection.execute(query).all()]
