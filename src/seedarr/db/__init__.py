"""Database: async engine and sessions, models (one module per aggregate) and Alembic migrations."""
