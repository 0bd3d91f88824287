"""The schedule: edition runs (the per-date claim), source health, alert state, the scheduler
lease, and APScheduler's job table.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "edition_runs",
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
    op.create_table(
        "source_health",
        sa.Column("label", sa.String(200), primary_key=True),
        sa.Column("last_success", sa.DateTime, nullable=True),
        sa.Column("last_failure", sa.DateTime, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("consecutive_failures", sa.Integer, nullable=False),
        sa.Column("last_articles", sa.Integer, nullable=False),
        sa.Column("checked", sa.DateTime, nullable=False),
    )
    op.create_table(
        "alert_state",
        sa.Column("key", sa.String(250), primary_key=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("raised", sa.DateTime, nullable=False),
        sa.Column("cleared", sa.DateTime, nullable=True),
        sa.Column("message", sa.Text, nullable=False),
    )
    op.create_table(
        "schedule_lease",
        sa.Column("name", sa.String(50), primary_key=True),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("heartbeat", sa.DateTime, nullable=False),
    )
    op.create_table(
        "schedule_jobs",
        sa.Column("id", sa.Unicode(191), primary_key=True),
        sa.Column("next_run_time", sa.Float(25), nullable=True),
        sa.Column("job_state", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_schedule_jobs_next_run_time", "schedule_jobs", ["next_run_time"])


def downgrade() -> None:
    op.drop_table("schedule_jobs")
    op.drop_table("schedule_lease")
    op.drop_table("alert_state")
    op.drop_table("source_health")
    op.drop_table("edition_runs")
