"""The history of each subscriber's status (time and origin of every change), and the bounce
and complaint reports already read (so reading a mailbox again changes nothing).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subscriber_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id"), nullable=False
        ),
        sa.Column("time", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text, nullable=True),
    )
    op.create_index(
        "ix_subscriber_events_subscriber_id", "subscriber_events", ["subscriber_id"]
    )
    op.create_table(
        "bounce_reports",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id"), nullable=True),
        sa.Column("edition_date", sa.Date, nullable=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("received", sa.DateTime, nullable=False),
        sa.Column("detail", sa.Text, nullable=True),
    )
    op.create_index("ix_bounce_reports_subscriber_id", "bounce_reports", ["subscriber_id"])


def downgrade() -> None:
    op.drop_table("bounce_reports")
    op.drop_table("subscriber_events")
