"""Story fingerprints: what each edition's stories were, so the next editions do not repeat them.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_fingerprints",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("edition_date", sa.Date, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("headline", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.Text, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.UniqueConstraint("edition_date", "position", name="uq_story_fingerprints_position"),
    )
    op.create_index("ix_story_fingerprints_edition_date", "story_fingerprints", ["edition_date"])


def downgrade() -> None:
    op.drop_table("story_fingerprints")
