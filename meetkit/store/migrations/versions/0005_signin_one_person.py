"""Adds signins.address_key and guests.address_key (one address signs in one person per
meeting) and the signin_codes table (printed codes can be reissued, earlier ones revoked)."""

import sqlalchemy as sa
from alembic import op

revision = "signin_1"
down_revision = "members_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("signins", "guests"):
        with op.batch_alter_table(table) as b:
            b.add_column(sa.Column("address_key", sa.String(64), nullable=True))
    op.create_index("ux_signins_address", "signins", ["meeting_id", "address_key"], unique=True)
    op.create_table(
        "signin_codes",
        sa.Column("meeting_id", sa.String(80), primary_key=True),
        sa.Column("generation", sa.Integer, nullable=False),
        sa.Column("issued_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("signin_codes")
    op.drop_index("ux_signins_address", table_name="signins")
    for table in ("signins", "guests"):
        with op.batch_alter_table(table) as b:
            b.drop_column("address_key")
