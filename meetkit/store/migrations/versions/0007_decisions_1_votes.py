"""Adds the decision tables: votes (tallies), ballots, ballot_voters, ballot_counts (secret
ballots), appraisals, appraisal_voters, appraisal_counts, appraisal_reasons, appraisal_grades."""

import sqlalchemy as sa
from alembic import op

revision = "decisions_1"
down_revision = "life_1"
branch_labels = None
depends_on = None

# Voters and counters are WITHOUT ROWID on SQLite: their rows sit in key order, not in the order
# ballots were cast (docs/decisions.md).
_NO_ROWID = {"sqlite_with_rowid": False}


def upgrade() -> None:
    op.create_table(
        "votes",
        sa.Column("meeting_id", sa.String(80), primary_key=True),
        sa.Column("item", sa.Text, primary_key=True),
        sa.Column("yes", sa.Integer, nullable=False),
        sa.Column("no", sa.Integer, nullable=False),
        sa.Column("abstain", sa.Integer, nullable=False),
        sa.Column("method", sa.String(8), nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "ballots",
        sa.Column("meeting_id", sa.String(80), primary_key=True),
        sa.Column("item", sa.Text, primary_key=True),
        sa.Column("choices", sa.Text, nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("cast", sa.Integer, nullable=False),
    )
    op.create_table(
        "ballot_voters",
        sa.Column("meeting_id", sa.String(80), primary_key=True),
        sa.Column("item", sa.Text, primary_key=True),
        sa.Column("member", sa.Text, primary_key=True),
        **_NO_ROWID,
    )
    op.create_table(
        "ballot_counts",
        sa.Column("meeting_id", sa.String(80), primary_key=True),
        sa.Column("item", sa.Text, primary_key=True),
        sa.Column("choice", sa.Integer, primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
        **_NO_ROWID,
    )
    op.create_table(
        "appraisals",
        sa.Column("meeting_id", sa.String(80), primary_key=True),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("ballots", sa.Integer, nullable=False),
        sa.Column("committee", sa.Boolean, nullable=False),
    )
    op.create_table(
        "appraisal_voters",
        sa.Column("meeting_id", sa.String(80), primary_key=True),
        sa.Column("member", sa.Text, primary_key=True),
        **_NO_ROWID,
    )
    op.create_table(
        "appraisal_counts",
        sa.Column("meeting_id", sa.String(80), primary_key=True),
        sa.Column("subject", sa.Text, primary_key=True),
        sa.Column("grade", sa.String(24), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
        **_NO_ROWID,
    )
    op.create_table(
        "appraisal_reasons",
        sa.Column("meeting_id", sa.String(80), primary_key=True),
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        **_NO_ROWID,
    )
    op.create_table(
        "appraisal_grades",
        sa.Column("meeting_id", sa.String(80), primary_key=True),
        sa.Column("member", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("grade", sa.String(24), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("decided_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "appraisal_grades",
        "appraisal_reasons",
        "appraisal_counts",
        "appraisal_voters",
        "appraisals",
        "ballot_counts",
        "ballot_voters",
        "ballots",
        "votes",
    ):
        op.drop_table(table)
