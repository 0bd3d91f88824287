"""Articles remember the feed text their page text was fetched for, so a re-read feed neither
fetches that page again nor replaces the page text with the feed's teaser.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("feed_hash", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("feed_hash")
