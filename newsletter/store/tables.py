"""The current schema: every table of the store, in one `metadata`.

The migrations in `newsletter/migrations/` build exactly these tables (a test compares them);
a change here goes with a new migration.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("url", sa.Text, nullable=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("source", sa.String(200), nullable=False),
    sa.Column("author", sa.String(300), nullable=True),
    sa.Column("published", sa.DateTime, nullable=False, index=True),
    sa.Column("dated_by", sa.String(20), nullable=False),
    sa.Column("content_hash", sa.String(32), nullable=False, index=True),
    # the content hash of the feed's own text when `text` was fetched from the entry's page
    sa.Column("feed_hash", sa.String(32), nullable=True),
    sa.Column("first_gathered", sa.DateTime, nullable=False),
    sa.Column("last_gathered", sa.DateTime, nullable=False),
)

feed_state = sa.Table(
    "feed_state",
    metadata,
    sa.Column("url_hash", sa.String(64), primary_key=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("etag", sa.Text, nullable=True),
    sa.Column("last_modified", sa.String(100), nullable=True),
    sa.Column("checked", sa.DateTime, nullable=False),
)

first_seen = sa.Table(
    "first_seen",
    metadata,
    sa.Column("key_hash", sa.String(64), primary_key=True),
    sa.Column("seen", sa.DateTime, nullable=False),
)

editions = sa.Table(
    "editions",
    metadata,
    sa.Column("date", sa.Date, primary_key=True),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("stories", sa.Integer, nullable=False),
    sa.Column("engine", sa.String(50), nullable=False),
    sa.Column("edition_json", sa.Text, nullable=False),
    sa.Column("generated", sa.DateTime, nullable=False),
)

digest_cache = sa.Table(
    "digest_cache",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("task", sa.String(20), nullable=False),
    sa.Column("model", sa.String(200), nullable=False),
    sa.Column("prompt_hash", sa.String(64), nullable=False),
    sa.Column("outcome", sa.String(20), nullable=False),
    sa.Column("result_json", sa.Text, nullable=False),
    sa.Column("created", sa.DateTime, nullable=False),
)

llm_calls = sa.Table(
    "llm_calls",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("time", sa.DateTime, nullable=False, index=True),
    sa.Column("edition_date", sa.Date, nullable=True, index=True),
    sa.Column("task", sa.String(20), nullable=False),
    sa.Column("model", sa.String(200), nullable=False),
    sa.Column("prompt_hash", sa.String(64), nullable=False),
    sa.Column("mode", sa.String(20), nullable=False),
    sa.Column("tokens_in", sa.Integer, nullable=False),
    sa.Column("tokens_out", sa.Integer, nullable=False),
    sa.Column("latency_ms", sa.Integer, nullable=False),
    sa.Column("outcome", sa.String(40), nullable=False),
    sa.Column("cost", sa.Float, nullable=True),
)

subscribers = sa.Table(
    "subscribers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("email", sa.String(320), nullable=False),
    sa.Column("email_key", sa.String(320), nullable=False, unique=True),  # lower-cased
    sa.Column("name", sa.Text, nullable=True),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("subscribed_at", sa.DateTime, nullable=False),
    sa.Column("unsubscribed_at", sa.DateTime, nullable=True),
    sa.Column("bounced_at", sa.DateTime, nullable=True),
    sa.Column("status_reason", sa.Text, nullable=True),
    sa.Column("complained_at", sa.DateTime, nullable=True),
)

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("edition_date", sa.Date, nullable=False),
    sa.Column("subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id"), nullable=False),
    sa.Column("state", sa.String(10), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("claimed_by", sa.String(40), nullable=True),
    sa.Column("claimed_at", sa.DateTime, nullable=True),
    sa.Column("sent_at", sa.DateTime, nullable=True),
    sa.Column("message_id", sa.String(300), nullable=True),
    sa.Column("smtp_code", sa.Integer, nullable=True),
    sa.Column("error", sa.Text, nullable=True),
    sa.UniqueConstraint("edition_date", "subscriber_id", name="uq_deliveries_edition_subscriber"),
    sa.Index("ix_deliveries_edition_state", "edition_date", "state"),
)

# -- the schedule (`newsletter.runs`, `newsletter.schedule`, `newsletter.alerts` own the rules) --

edition_runs = sa.Table(  # one row per edition date: the claim, then the outcome
    "edition_runs",
    metadata,
    sa.Column("date", sa.Date, primary_key=True),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("trigger", sa.String(20), nullable=False),
    sa.Column("step", sa.String(20), nullable=True),
    sa.Column("scheduled_for", sa.DateTime, nullable=True),
    sa.Column("started", sa.DateTime, nullable=True),
    sa.Column("finished", sa.DateTime, nullable=True),
    sa.Column("owner", sa.String(200), nullable=True),
    sa.Column("heartbeat", sa.DateTime, nullable=True),
    sa.Column("late", sa.Boolean, nullable=False),
    sa.Column("articles", sa.Integer, nullable=False),
    sa.Column("stories", sa.Integer, nullable=False),
    sa.Column("sent", sa.Integer, nullable=False),
    sa.Column("failed", sa.Integer, nullable=False),
    sa.Column("sources_failed", sa.Integer, nullable=False),
    sa.Column("error", sa.Text, nullable=True),
)

source_health = sa.Table(
    "source_health",
    metadata,
    sa.Column("label", sa.String(200), primary_key=True),
    sa.Column("last_success", sa.DateTime, nullable=True),
    sa.Column("last_failure", sa.DateTime, nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("consecutive_failures", sa.Integer, nullable=False),
    sa.Column("last_articles", sa.Integer, nullable=False),
    sa.Column("checked", sa.DateTime, nullable=False),
)

alert_state = sa.Table(
    "alert_state",
    metadata,
    sa.Column("key", sa.String(250), primary_key=True),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("raised", sa.DateTime, nullable=False),
    sa.Column("cleared", sa.DateTime, nullable=True),
    sa.Column("message", sa.Text, nullable=False),
)

schedule_lease = sa.Table(  # which scheduler process is the active one
    "schedule_lease",
    metadata,
    sa.Column("name", sa.String(50), primary_key=True),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("heartbeat", sa.DateTime, nullable=False),
)

schedule_jobs = sa.Table(  # APScheduler's SQLAlchemyJobStore table, declared so Alembic owns it
    "schedule_jobs",
    metadata,
    sa.Column("id", sa.Unicode(191), primary_key=True),
    sa.Column("next_run_time", sa.Float(25), index=True),
    sa.Column("job_state", sa.LargeBinary, nullable=False),
)

story_fingerprints = sa.Table(  # `newsletter.group.dedup` owns what a fingerprint holds
    "story_fingerprints",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("edition_date", sa.Date, nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("headline", sa.Text, nullable=False),
    sa.Column("fingerprint", sa.Text, nullable=False),
    sa.Column("created", sa.DateTime, nullable=False),
    sa.UniqueConstraint("edition_date", "position", name="uq_story_fingerprints_position"),
)
