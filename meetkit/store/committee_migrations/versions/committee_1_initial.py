"""The committee's tables: branches (name and key), bundles received, the meetings they report,
exemptions and opinions returned."""

import sqlalchemy as sa
from alembic import op

from meetkit.store.schema import ISODate, ISODateTime

revision = "committee_1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "committee_branches",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("fingerprint", sa.String(40), nullable=False),
        sa.Column("registered_at", ISODateTime, nullable=False),
    )
    op.create_table(
        "committee_bundles",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("branch_id", sa.Integer, sa.ForeignKey("committee_branches.id"), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("quarter", sa.Integer),
        sa.Column("created", ISODateTime, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("meetkit", sa.String(40), nullable=False),
        sa.Column("schema", sa.String(60), nullable=False),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("imported_at", ISODateTime, nullable=False),
        sa.Column("branch_info", sa.Text, nullable=False),
        sa.Column("key_items", sa.Text, nullable=False),
        sa.UniqueConstraint("branch_id", "period"),
    )
    op.create_index("committee_bundles_year", "committee_bundles", ["year", "branch_id"])
    op.create_table(
        "committee_meetings",
        sa.Column(
            "branch_id", sa.Integer, sa.ForeignKey("committee_branches.id"), primary_key=True
        ),
        sa.Column("meeting_id", sa.String(80), primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("date", ISODate, nullable=False),
        sa.Column("type", sa.String(60), nullable=False),
        sa.Column("group_name", sa.Text, nullable=False),
        sa.Column("cancelled", sa.Boolean, nullable=False),
        sa.Column("known", sa.Boolean, nullable=False),
        sa.Column("expected", sa.Integer, nullable=False),
        sa.Column("attended", sa.Integer, nullable=False),
        sa.Column("source_created", ISODateTime, nullable=False),
        sa.Column("details", sa.Text, nullable=False),
    )
    op.create_index(
        "committee_meetings_rollup",
        "committee_meetings",
        [
            "year",
            "cancelled",
            "branch_id",
            "type",
            "group_name",
            "date",
            "known",
            "expected",
            "attended",
        ],
    )
    op.create_index("committee_meetings_branch", "committee_meetings", ["branch_id", "date"])
    op.create_table(
        "committee_exemptions",
        sa.Column(
            "branch_id", sa.Integer, sa.ForeignKey("committee_branches.id"), primary_key=True
        ),
        sa.Column("type", sa.String(60), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("quarter", sa.Integer, primary_key=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created", ISODateTime, nullable=False),
    )
    op.create_table(
        "committee_returns",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("branch_id", sa.Integer, sa.ForeignKey("committee_branches.id"), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("opinion", sa.Text, nullable=False),
        sa.Column("created", ISODateTime, nullable=False),
        sa.Column("file", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "committee_returns",
        "committee_exemptions",
        "committee_meetings",
        "committee_bundles",
        "committee_branches",
    ):
        op.drop_table(table)
