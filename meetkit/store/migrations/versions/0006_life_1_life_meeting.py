"""The organizational life meeting: opinions, the opinion page, heart-to-heart talks, and who
confirmed a rectification item done."""

import sqlalchemy as sa
from alembic import op

revision = "life_1"
down_revision = "signin_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "opinions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("meeting_id", sa.String(80), nullable=False, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("about", sa.Text),
        sa.Column("name", sa.Text),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
    )
    op.create_table(
        "opinion_pages",
        sa.Column("meeting_id", sa.String(80), primary_key=True),
        sa.Column("opened_at", sa.String(32), nullable=False),
        sa.Column("closed_at", sa.String(32)),
    )
    op.create_table(
        "talks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("meeting_id", sa.String(80), nullable=False, index=True),
        sa.Column("a", sa.Text, nullable=False),
        sa.Column("b", sa.Text, nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("topic", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "confirmations",
        sa.Column("action_id", sa.Integer, primary_key=True),
        sa.Column("confirmed_by", sa.Text, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    for table in ("confirmations", "talks", "opinion_pages", "opinions"):
        op.drop_table(table)
