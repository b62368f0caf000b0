"""Alembic migrations of festplan's database; they run on SQLite and PostgreSQL alike."""
