"""Alembic migration environment (configured in code by :func:`api.storage.engine.migrate`)."""
