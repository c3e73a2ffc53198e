"""meetings: cancelled_at and cancel_reason (meetkit cancel), end_time (meetkit minutes --end)"""

import sqlalchemy as sa
from alembic import op

revision = "docs_1"
down_revision = "decisions_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meetings") as b:
        b.add_column(sa.Column("end_time", sa.String(5), nullable=True))
        b.add_column(sa.Column("cancelled_at", sa.String(32), nullable=True))
        b.add_column(sa.Column("cancel_reason", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meetings") as b:
        b.drop_column("cancel_reason")
        b.drop_column("cancelled_at")
        b.drop_column("end_time")
