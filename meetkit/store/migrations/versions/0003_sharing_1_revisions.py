"""Adds the revisions table: how many times each meeting was changed (the SEQUENCE of its
calendar invitation, `meetkit share ID --ics`)."""

import sqlalchemy as sa
from alembic import op

revision = "sharing_1"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "revisions",
        sa.Column("meeting_id", sa.String(80), primary_key=True),
        sa.Column("sequence", sa.Integer, nullable=False, default=0),
        sa.Column("changed_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("revisions")
