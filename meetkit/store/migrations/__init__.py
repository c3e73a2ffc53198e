"""Alembic migrations of the store's schema (see meetkit/store/migrate.py for when they run)."""
