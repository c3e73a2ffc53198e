"""Alembic's environment for a committee's database: its own history and version table
(``committee_alembic_version``), so it may share a PostgreSQL database with a branch store."""

from alembic import context

from meetkit.store.committee import VERSION_TABLE, metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
