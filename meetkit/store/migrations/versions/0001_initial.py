"""The schema of meetkit 0.1.0, the first release (before migrations existed)."""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("type", sa.String(60), nullable=False, index=True),
        sa.Column("date", sa.String(10), nullable=False, index=True),
        sa.Column("time", sa.String(5), nullable=False),
        sa.Column("place", sa.Text),
        sa.Column("topic", sa.Text),
        sa.Column("host", sa.Text),
        sa.Column("recorder", sa.Text),
        sa.Column("lecturer", sa.Text),
        sa.Column("group_name", sa.Text),
        sa.Column("lang", sa.String(8)),
        sa.Column("number", sa.Integer),
        sa.Column("folder", sa.Text),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("signin_closed_at", sa.String(32)),
        sa.Column("extra", sa.Text),
    )
    op.create_table(
        "expected",
        sa.Column("meeting_id", sa.String(80), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("group_name", sa.Text),
        sa.Column("role", sa.String(20)),
        sa.Column("voting", sa.Boolean, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("meeting_id", sa.String(80), primary_key=True),
        sa.Column("path", sa.Text, primary_key=True),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("written_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "signins",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("meeting_id", sa.String(80), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("method", sa.String(12)),
        sa.Column("device", sa.String(64)),
        sa.Column("device_key", sa.String(64)),
        sa.Column("address", sa.String(64)),
        sa.UniqueConstraint("meeting_id", "name"),
    )
    op.create_index("ux_signins_device", "signins", ["meeting_id", "device_key"], unique=True)
    op.create_table(
        "guests",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("meeting_id", sa.String(80), nullable=False, index=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("device", sa.String(64)),
        sa.Column("device_key", sa.String(64)),
        sa.Column("address", sa.String(64)),
        sa.UniqueConstraint("meeting_id", "name"),
    )
    op.create_table(
        "leaves",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("meeting_id", sa.String(80), nullable=False, index=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("method", sa.String(12)),
        sa.UniqueConstraint("meeting_id", "name"),
    )
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("meeting_id", sa.String(80), index=True),
        sa.Column("name", sa.Text),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("address", sa.String(64)),
        sa.Column("device", sa.String(64)),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("method", sa.String(12)),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("meeting_id", sa.String(80), nullable=False, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("text_key", sa.Text, nullable=False),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("due", sa.String(10)),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("measures", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("done_at", sa.String(32)),
    )


def downgrade() -> None:
    for table in (
        "actions",
        "attempts",
        "leaves",
        "guests",
        "signins",
        "documents",
        "expected",
        "meetings",
    ):
        op.drop_table(table)
