"""editor projects, project versions, project clips and exports (templates are 0011)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 20:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sqlmodel.sql.sqltypes.AutoString(length=36)


def _s(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _when() -> sqlmodel.sql.sqltypes.UTCDateTime:
    return sqlmodel.sql.sqltypes.UTCDateTime()


def _owned(table: str) -> list:
    return [
        sa.Column("project_id", _ID, nullable=False),
        sa.Column("user_id", _ID, nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["editor_projects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
    ]


def _owned_indexes(table: str) -> None:
    op.create_index(op.f(f"ix_{table}_project_id"), table, ["project_id"], unique=False)
    op.create_index(op.f(f"ix_{table}_user_id"), table, ["user_id"], unique=False)


def upgrade() -> None:
    op.create_table(
        "editor_projects",
        sa.Column("id", _ID, nullable=False),
        sa.Column("user_id", _ID, nullable=False),
        sa.Column("source_asset_id", _ID, nullable=True),
        sa.Column("name", _s(200), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("preview_key", _s(512), nullable=True),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("updated_at", _when(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_editor_projects_user_id"), "editor_projects", ["user_id"], unique=False)
    op.create_index(
        "ix_editor_projects_user_updated", "editor_projects", ["user_id", "updated_at"], unique=False
    )
    op.create_index(
        "ix_editor_projects_user_source", "editor_projects", ["user_id", "source_asset_id"], unique=False
    )
    op.create_table(
        "project_versions",
        sa.Column("id", _ID, nullable=False),
        *_owned("project_versions"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("timeline", sa.JSON(), nullable=False),
        sa.Column("saved_at", _when(), nullable=False),
        sa.Column("exported_asset_id", _ID, nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "version", name="uq_project_versions_project_version"),
    )
    _owned_indexes("project_versions")
    op.create_table(
        "project_clips",
        sa.Column("id", _ID, nullable=False),
        *_owned("project_clips"),
        sa.Column("job_id", _ID, nullable=False),
        sa.Column("target_clip_id", _s(64), nullable=False),
        sa.Column("storage_key", _s(512), nullable=False),
        sa.Column("thumbnail_key", _s(512), nullable=True),
        sa.Column("duration", sa.Float(), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=True),
        sa.Column("model", _s(64), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_id"),
    )
    _owned_indexes("project_clips")
    op.create_table(
        "project_exports",
        sa.Column("id", _ID, nullable=False),
        *_owned("project_exports"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("job_id", _ID, nullable=False),
        sa.Column("asset_id", _ID, nullable=False),
        sa.Column("format", _s(8), nullable=False),
        sa.Column("aspect_ratio", _s(8), nullable=False),
        sa.Column("stream_copied", sa.Boolean(), nullable=False),
        sa.Column("rendered", sa.JSON(), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_id"),
    )
    _owned_indexes("project_exports")
    op.create_index(op.f("ix_project_exports_asset_id"), "project_exports", ["asset_id"], unique=False)
    op.create_index(
        "ix_project_exports_project_created", "project_exports", ["project_id", "created_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_project_exports_project_created", table_name="project_exports")
    op.drop_index(op.f("ix_project_exports_asset_id"), table_name="project_exports")
    for table in ("project_exports", "project_clips", "project_versions"):
        op.drop_index(op.f(f"ix_{table}_user_id"), table_name=table)
        op.drop_index(op.f(f"ix_{table}_project_id"), table_name=table)
        op.drop_table(table)
    op.drop_index("ix_editor_projects_user_source", table_name="editor_projects")
    op.drop_index("ix_editor_projects_user_updated", table_name="editor_projects")
    op.drop_index(op.f("ix_editor_projects_user_id"), table_name="editor_projects")
    op.drop_table("editor_projects")
