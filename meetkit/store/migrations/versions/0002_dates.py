"""Dates as dates: a meeting's date and an action's deadline.

SQLite has no date type: SQLAlchemy keeps ISO text there, which is what 0001 stored, so nothing
changes on SQLite (the old VARCHAR declaration stays: batch mode would copy the table through
CAST(date AS DATE), which SQLite turns into the number 2026). PostgreSQL converts the column.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COLUMNS = (("meetings", "date", False), ("actions", "due", True))


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, nullable in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                column,
                type_=sa.Date,
                existing_type=sa.String(10),
                existing_nullable=nullable,
                postgresql_using=f"{column}::date",
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, nullable in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                column,
                type_=sa.String(10),
                existing_type=sa.Date,
                existing_nullable=nullable,
                postgresql_using=f"to_char({column}, 'YYYY-MM-DD')",
            )
