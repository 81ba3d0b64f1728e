"""image uploads: screenshots already hosted, one row per (content SHA-256, host), delete link encrypted

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import seedarr.db.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "image_uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("host", sa.String(length=32), nullable=False),
        sa.Column("full_url", sa.Text(), nullable=False),
        sa.Column("thumb_url", sa.Text(), nullable=False),
        sa.Column("viewer_url", sa.Text(), nullable=False),
        sa.Column("delete_url", seedarr.db.types.EncryptedSecret(), nullable=True),
        sa.Column("expires_at", seedarr.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("created_at", seedarr.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_image_uploads")),
        sa.UniqueConstraint("sha256", "host", name="uq_image_uploads_sha256_host"),
    )


def downgrade() -> None:
    op.drop_table("image_uploads")
