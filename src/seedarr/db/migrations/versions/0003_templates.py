"""templates: description (BBCode) and NFO templates, seeded with the shipped defaults

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import seedarr.db.types
from seedarr.render.defaults import DEFAULT_TEMPLATES, read_default

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("created_at", seedarr.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", seedarr.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_templates")),
        sa.UniqueConstraint("kind", "name", name="uq_templates_kind_name"),
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        table,
        [
            {
                "kind": kind,
                "name": name,
                "body": read_default(file_name),
                "builtin": True,
                "created_at": now,
                "updated_at": now,
            }
            for name, kind, file_name in DEFAULT_TEMPLATES
        ],
    )


def downgrade() -> None:
    op.drop_table("templates")
