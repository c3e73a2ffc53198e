"""Members are people: member_ids (stable ids), and expected rows' member_id, label and away, note; actions' owner_ids."""

import sqlalchemy as sa
from alembic import op

revision = "members_1"
down_revision = "sharing_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member_ids",
        sa.Column("id", sa.String(120), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("group_name", sa.Text, server_default=""),
        sa.Column("phone", sa.String(40), server_default=""),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    with op.batch_alter_table("expected") as b:
        b.add_column(sa.Column("member_id", sa.Text, nullable=True))
        b.add_column(sa.Column("label", sa.Text, nullable=True))
        b.add_column(sa.Column("away", sa.Boolean, nullable=True))
        b.add_column(sa.Column("note", sa.Text, nullable=True))
    with op.batch_alter_table("actions") as b:
        b.add_column(sa.Column("owner_ids", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("actions") as b:
        b.drop_column("owner_ids")
    with op.batch_alter_table("expected") as b:
        b.drop_column("note")
        b.drop_column("away")
        b.drop_column("label")
        b.drop_column("member_id")
    op.drop_table("member_ids")
