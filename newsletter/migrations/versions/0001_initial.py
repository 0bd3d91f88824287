"""Articles, feed state, first-seen entries and editions.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("author", sa.String(300), nullable=True),
        sa.Column("published", sa.DateTime, nullable=False),
        sa.Column("dated_by", sa.String(20), nullable=False),
        sa.Column("content_hash", sa.String(32), nullable=False),
        sa.Column("first_gathered", sa.DateTime, nullable=False),
        sa.Column("last_gathered", sa.DateTime, nullable=False),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    op.create_table(
        "feed_state",
        sa.Column("url_hash", sa.String(64), primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("etag", sa.Text, nullable=True),
        sa.Column("last_modified", sa.String(100), nullable=True),
        sa.Column("checked", sa.DateTime, nullable=False),
    )
    op.create_table(
        "first_seen",
        sa.Column("key_hash", sa.String(64), primary_key=True),
        sa.Column("seen", sa.DateTime, nullable=False),
    )
    op.create_table(
        "editions",
        sa.Column("date", sa.Date, primary_key=True),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("stories", sa.Integer, nullable=False),
        sa.Column("engine", sa.String(50), nullable=False),
        sa.Column("edition_json", sa.Text, nullable=False),
        sa.Column("generated", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for table in ("editions", "first_seen", "feed_state", "articles"):
        op.drop_table(table)
