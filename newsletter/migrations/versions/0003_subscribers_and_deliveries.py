"""Subscribers and the delivery ledger.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subscribers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("email_key", sa.String(320), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("subscribed_at", sa.DateTime, nullable=False),
        sa.Column("unsubscribed_at", sa.DateTime, nullable=True),
        sa.Column("bounced_at", sa.DateTime, nullable=True),
        sa.Column("status_reason", sa.Text, nullable=True),
    )
    op.create_index("ix_subscribers_status", "subscribers", ["status"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("edition_date", sa.Date, nullable=False),
        sa.Column(
            "subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id"), nullable=False
        ),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("claimed_by", sa.String(40), nullable=True),
        sa.Column("claimed_at", sa.DateTime, nullable=True),
        sa.Column("sent_at", sa.DateTime, nullable=True),
        sa.Column("message_id", sa.String(300), nullable=True),
        sa.Column("smtp_code", sa.Integer, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.UniqueConstraint(
            "edition_date", "subscriber_id", name="uq_deliveries_edition_subscriber"
        ),
    )
    op.create_index("ix_deliveries_edition_state", "deliveries", ["edition_date", "state"])


def downgrade() -> None:
    op.drop_table("deliveries")
    op.drop_table("subscribers")
