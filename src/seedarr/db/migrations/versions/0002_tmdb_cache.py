"""tmdb cache: answers keyed by (kind, key, language) with an expiry

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import seedarr.db.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tmdb_cache",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("fetched_at", seedarr.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", seedarr.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tmdb_cache")),
        sa.UniqueConstraint("kind", "key", "language", name=op.f("uq_tmdb_cache_kind_key_language")),
    )
    with op.batch_alter_table("tmdb_cache", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tmdb_cache_expires_at"), ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tmdb_cache", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tmdb_cache_expires_at"))

    op.drop_table("tmdb_cache")
