"""showcase items and likes

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "showcase_items",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("model", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("storage_key", sqlmodel.sql.sqltypes.AutoString(length=512), nullable=False),
        sa.Column("poster_key", sqlmodel.sql.sqltypes.AutoString(length=512), nullable=True),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("duration", sa.Float(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("source_asset_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("builtin_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("featured_by", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["source_asset_id"], ["assets.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("builtin_key"),
    )
    with op.batch_alter_table("showcase_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_showcase_items_active_order", ["active", "kind", "sort_order"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_showcase_items_source_asset_id"), ["source_asset_id"], unique=False
        )

    op.create_table(
        "showcase_likes",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("item_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["showcase_items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("item_id", "user_id", name="uq_showcase_likes_item_user"),
    )
    with op.batch_alter_table("showcase_likes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_showcase_likes_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_showcase_likes_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("showcase_likes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_showcase_likes_user_id"))
        batch_op.drop_index(batch_op.f("ix_showcase_likes_item_id"))

    op.drop_table("showcase_likes")
    with op.batch_alter_table("showcase_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_showcase_items_source_asset_id"))
        batch_op.drop_index("ix_showcase_items_active_order")

    op.drop_table("showcase_items")
