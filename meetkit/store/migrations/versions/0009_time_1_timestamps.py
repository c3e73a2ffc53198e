"""Timestamps as timestamps: every moment meetkit records (created_at, signins.at, done_at…).

PostgreSQL converts the ISO text columns to TIMESTAMP (naive local time, as stored). SQLite has
no timestamp type: schema.ISODateTime reads and writes the very text meetkit always stored there
("2026-12-01T19:05:00", ``isoformat(timespec="seconds")``), so the rows stay as they are. Nothing
is rewritten, and the old VARCHAR declaration stays (batch mode would copy each table through
CAST(at AS DATETIME), which SQLite turns into the number 2026), as 0002 does.
"""

import sqlalchemy as sa
from alembic import op

revision = "time_1"
down_revision = "docs_1"
branch_labels = None
depends_on = None

# (table, column, nullable)
COLUMNS = (
    ("meetings", "created_at", False),
    ("meetings", "signin_closed_at", True),
    ("meetings", "cancelled_at", True),
    ("member_ids", "updated_at", False),
    ("documents", "written_at", False),
    ("signins", "at", False),
    ("guests", "at", False),
    ("signin_codes", "issued_at", False),
    ("leaves", "at", False),
    ("attempts", "at", False),
    ("actions", "created_at", False),
    ("actions", "updated_at", False),
    ("actions", "done_at", True),
    ("votes", "recorded_at", False),
    ("appraisal_grades", "decided_at", False),
    ("opinions", "at", False),
    ("opinion_pages", "opened_at", False),
    ("opinion_pages", "closed_at", True),
    ("talks", "created_at", False),
    ("confirmations", "at", False),
    ("revisions", "changed_at", False),
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, nullable in COLUMNS:
        op.alter_column(
            table,
            column,
            type_=sa.DateTime,
            existing_type=sa.String(32),
            existing_nullable=nullable,
            postgresql_using=f'"{column}"::timestamp',
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, nullable in COLUMNS:
        op.alter_column(
            table,
            column,
            type_=sa.String(32),
            existing_type=sa.DateTime,
            existing_nullable=nullable,
            postgresql_using=f"""to_char("{column}", 'YYYY-MM-DD"T"HH24:MI:SS')""",
        )
