"""hero groups, attempt groups, iterations (pro mode)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 20:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("metadata", sa.JSON(), nullable=False, server_default="{}"))
    op.create_table(
        "attempt_groups",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("hero_asset_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("hero_group_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("model", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("duration", sa.Float(), nullable=False),
        sa.Column("aspect_ratio", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("resolution", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("final_asset_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("final_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("idempotency_key", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    op.create_index(
        "ix_attempt_groups_user_created", "attempt_groups", ["user_id", "created_at"], unique=False
    )
    op.create_index(op.f("ix_attempt_groups_user_id"), "attempt_groups", ["user_id"], unique=False)
    op.create_table(
        "hero_groups",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("aspect_ratio", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("model", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("primary_asset_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("favorite_asset_ids", sa.JSON(), nullable=False),
        sa.Column("idempotency_key", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    op.create_index("ix_hero_groups_user_created", "hero_groups", ["user_id", "created_at"], unique=False)
    op.create_index(op.f("ix_hero_groups_user_id"), "hero_groups", ["user_id"], unique=False)
    op.create_table(
        "attempt_iterations",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("group_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("hero_asset_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("motion_prompt", sa.Text(), nullable=False),
        sa.Column("negative_prompt", sa.Text(), nullable=False),
        sa.Column("camera", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("speed", sa.Float(), nullable=True),
        sa.Column("intensity", sa.Float(), nullable=True),
        sa.Column("direction", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("feedback", sa.Text(), nullable=False),
        sa.Column("model", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("auto_pick_asset_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("auto_pick", sa.JSON(), nullable=True),
        sa.Column("user_pick_asset_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("settled_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["attempt_groups.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_attempt_iterations_group_n", "attempt_iterations", ["group_id", "n"], unique=True)
    op.create_index(op.f("ix_attempt_iterations_user_id"), "attempt_iterations", ["user_id"], unique=False)
    op.create_table(
        "hero_rounds",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("group_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("enhanced_prompt", sa.Text(), nullable=True),
        sa.Column("mutation", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("seed", sa.Integer(), nullable=True),
        sa.Column("candidates", sa.Integer(), nullable=False),
        sa.Column("job_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["hero_groups.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_hero_rounds_group_n", "hero_rounds", ["group_id", "n"], unique=True)
    op.create_index(op.f("ix_hero_rounds_job_id"), "hero_rounds", ["job_id"], unique=False)
    op.create_index(op.f("ix_hero_rounds_user_id"), "hero_rounds", ["user_id"], unique=False)
    op.create_table(
        "attempt_pick_log",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("iteration_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("asset_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("auto_asset_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["iteration_id"], ["attempt_iterations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_attempt_pick_log_iteration_id"), "attempt_pick_log", ["iteration_id"], unique=False
    )
    op.create_index(op.f("ix_attempt_pick_log_user_id"), "attempt_pick_log", ["user_id"], unique=False)
    op.create_table(
        "attempts",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("iteration_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("group_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("job_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("model", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("asset_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("scores", sa.JSON(), nullable=True),
        sa.Column("overall", sa.Float(), nullable=True),
        sa.Column("score_error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("scored_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["attempt_groups.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["iteration_id"], ["attempt_iterations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_id"),
    )
    op.create_index(op.f("ix_attempts_group_id"), "attempts", ["group_id"], unique=False)
    op.create_index("ix_attempts_iteration_index", "attempts", ["iteration_id", "index"], unique=True)
    op.create_index(op.f("ix_attempts_user_id"), "attempts", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_attempts_user_id"), table_name="attempts")
    op.drop_index("ix_attempts_iteration_index", table_name="attempts")
    op.drop_index(op.f("ix_attempts_group_id"), table_name="attempts")
    op.drop_table("attempts")
    op.drop_index(op.f("ix_attempt_pick_log_user_id"), table_name="attempt_pick_log")
    op.drop_index(op.f("ix_attempt_pick_log_iteration_id"), table_name="attempt_pick_log")
    op.drop_table("attempt_pick_log")
    op.drop_index(op.f("ix_hero_rounds_user_id"), table_name="hero_rounds")
    op.drop_index(op.f("ix_hero_rounds_job_id"), table_name="hero_rounds")
    op.drop_index("ix_hero_rounds_group_n", table_name="hero_rounds")
    op.drop_table("hero_rounds")
    op.drop_index(op.f("ix_attempt_iterations_user_id"), table_name="attempt_iterations")
    op.drop_index("ix_attempt_iterations_group_n", table_name="attempt_iterations")
    op.drop_table("attempt_iterations")
    op.drop_index(op.f("ix_hero_groups_user_id"), table_name="hero_groups")
    op.drop_index("ix_hero_groups_user_created", table_name="hero_groups")
    op.drop_table("hero_groups")
    op.drop_index(op.f("ix_attempt_groups_user_id"), table_name="attempt_groups")
    op.drop_index("ix_attempt_groups_user_created", table_name="attempt_groups")
    op.drop_table("attempt_groups")
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.drop_column("metadata")
