"""Persistence: SQLAlchemy 2 tables, Alembic migrations (run at start-up) and keyword-only service functions.

SQLite file by default, PostgreSQL by URL (``postgresql+psycopg://…``).
"""
