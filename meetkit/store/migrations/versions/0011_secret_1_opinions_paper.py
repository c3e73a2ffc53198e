"""Issue 19. Opinions keep no order of arrival: no serial id, a random key instead, and the day
instead of the moment; the rows are copied into a new table in key order (so neither the file
nor the new keys follow the old ids) and the old table is dropped. And the paper ballots of a
secret ballot get a table of their own (ballot_paper: the tellers' totals)."""

import datetime as dt
import secrets

import sqlalchemy as sa
from alembic import op

revision = "secret_1"
down_revision = "development_1"
branch_labels = None
depends_on = None


def _day(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


def upgrade() -> None:
    bind = op.get_bind()
    old = sa.Table("opinions", sa.MetaData(), autoload_with=bind)
    rows = [dict(r._mapping) for r in bind.execute(sa.select(old))]
    new = op.create_table(
        "opinions_new",
        sa.Column("meeting_id", sa.String(80), primary_key=True),
        sa.Column("key", sa.String(16), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("category", sa.String(20), nullable=False, default="other"),
        sa.Column("about", sa.Text, default=""),
        sa.Column("name", sa.Text, default=""),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sqlite_with_rowid=False,
    )
    moved = []
    for row in rows:
        moved.append(
            {
                "meeting_id": row["meeting_id"],
                "key": secrets.token_hex(4),
                "text": row["text"],
                "category": row["category"],
                "about": row["about"],
                "name": row["name"],
                "source": row["source"],
                "day": _day(row["at"]),
            }
        )
    moved.sort(key=lambda r: (r["meeting_id"], r["key"]))
    if moved:
        op.bulk_insert(new, moved)
    op.drop_table("opinions")
    op.rename_table("opinions_new", "opinions")
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE opinions RENAME CONSTRAINT opinions_new_pkey TO opinions_pkey")
    op.create_table(
        "ballot_paper",
        sa.Column("meeting_id", sa.String(80), primary_key=True),
        sa.Column("item", sa.Text, primary_key=True),
        sa.Column("yes", sa.Integer, nullable=False),
        sa.Column("no", sa.Integer, nullable=False),
        sa.Column("abstain", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("the order of arrival is gone by design")
