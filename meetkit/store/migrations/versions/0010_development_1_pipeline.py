"""Adds the tables of developing new members (发展党员): development_people, development_steps
and development_votes (the general meeting's vote items that record a step)."""

import sqlalchemy as sa
from alembic import op

revision = "development_1"
down_revision = "time_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "development_people",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("applied", sa.Date, nullable=True),
        sa.Column("born", sa.Date, nullable=True),
        sa.Column("grp", sa.Text, default=""),
        sa.Column("note", sa.Text, default=""),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "development_steps",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("person_id", sa.Integer, nullable=False),
        sa.Column("step", sa.String(32), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("date_to", sa.Date, nullable=True),
        sa.Column("by", sa.Text, default=""),
        sa.Column("meeting_id", sa.String(80), nullable=True),
        sa.Column("hours", sa.Integer, nullable=True),
        sa.Column("months", sa.Integer, nullable=True),
        sa.Column("note", sa.Text, default=""),
        sa.Column("override", sa.Text, nullable=True),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
    )
    op.create_index(
        "ix_development_steps_person_id", "development_steps", ["person_id"], unique=False
    )
    op.create_table(
        "development_votes",
        sa.Column("meeting_id", sa.String(80), primary_key=True),
        sa.Column("item", sa.Text, primary_key=True),
        sa.Column("person_id", sa.Integer, nullable=False),
        sa.Column("step", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_index("ix_development_steps_person_id", table_name="development_steps")
    for table in ("development_votes", "development_steps", "development_people"):
        op.drop_table(table)
