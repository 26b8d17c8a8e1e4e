"""asset library: share links and list indexes on assets

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('share_links',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('asset_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('last_access_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('access_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['asset_id'], ['assets.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.create_index('ix_share_links_asset_expires', ['asset_id', 'expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_share_links_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('assets', schema=None) as batch_op:
        batch_op.drop_index('ix_assets_user_created')
        batch_op.create_index('ix_assets_user_created_id', ['user_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_assets_user_kind_created', ['user_id', 'kind', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_assets_user_style_created', ['user_id', 'style', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_assets_user_model_created', ['user_id', 'model', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_assets_user_batch_created', ['user_id', 'batch_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_assets_user_expires', ['user_id', 'expires_at'], unique=False)
        batch_op.create_index('ix_assets_expires', ['expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('assets', schema=None) as batch_op:
        batch_op.drop_index('ix_assets_expires')
        batch_op.drop_index('ix_assets_user_expires')
        batch_op.drop_index('ix_assets_user_batch_created')
        batch_op.drop_index('ix_assets_user_model_created')
        batch_op.drop_index('ix_assets_user_style_created')
        batch_op.drop_index('ix_assets_user_kind_created')
        batch_op.drop_index('ix_assets_user_created_id')
        batch_op.create_index('ix_assets_user_created', ['user_id', 'created_at'], unique=False)

    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_links_user_id'))
        batch_op.drop_index('ix_share_links_asset_expires')

    op.drop_table('share_links')
