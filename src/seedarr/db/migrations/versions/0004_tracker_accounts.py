"""tracker accounts: configured trackers, their settings, encrypted secrets, auth flag and synced metadata

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import seedarr.db.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tracker_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tracker_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("secrets", seedarr.db.types.EncryptedSecret(), nullable=True),
        sa.Column("auth_status", sa.String(length=16), nullable=False),
        sa.Column("auth_message", sa.Text(), nullable=True),
        sa.Column("checked_at", seedarr.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("metadata", sa.JSON(), nullable=True),
        sa.Column("synced_at", seedarr.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("created_at", seedarr.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", seedarr.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "auth_status IN ('ok', 'failed', 'unknown')", name=op.f("ck_tracker_accounts_auth_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracker_accounts")),
        sa.UniqueConstraint("name", name=op.f("uq_tracker_accounts_name")),
    )
    with op.batch_alter_table("tracker_accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tracker_accounts_tracker_id"), ["tracker_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tracker_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tracker_accounts_tracker_id"))

    op.drop_table("tracker_accounts")
