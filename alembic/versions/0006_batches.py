"""spreadsheet batches and their rows

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 15:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('batches',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('source_key', sqlmodel.sql.sqltypes.AutoString(length=512), nullable=False),
    sa.Column('rows_key', sqlmodel.sql.sqltypes.AutoString(length=512), nullable=False),
    sa.Column('sheet_name', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('source_format', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('columns_json', sa.Text(), nullable=False),
    sa.Column('mapping_json', sa.Text(), nullable=False),
    sa.Column('defaults_json', sa.Text(), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('valid_rows', sa.Integer(), nullable=False),
    sa.Column('invalid_rows', sa.Integer(), nullable=False),
    sa.Column('succeeded', sa.Integer(), nullable=False),
    sa.Column('failed', sa.Integer(), nullable=False),
    sa.Column('cancelled', sa.Integer(), nullable=False),
    sa.Column('estimate_credits', sa.Integer(), nullable=False),
    sa.Column('credits_spent', sa.Integer(), nullable=False),
    sa.Column('error_code', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('error_message', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('starter_token', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('starter_heartbeat_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('starter_attempts', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('completed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.create_index('ix_batches_status_heartbeat', ['status', 'starter_heartbeat_at'], unique=False)
        batch_op.create_index('ix_batches_user_created', ['user_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_batches_user_id'), ['user_id'], unique=False)

    op.create_table('batch_rows',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('batch_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.Column('variant', sa.Integer(), nullable=False),
    sa.Column('product_name', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('params_json', sa.Text(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('job_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('upload_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('estimate', sa.Integer(), nullable=False),
    sa.Column('error_code', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('error_message', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('batch_id', 'row_number', 'variant', name='uq_batch_rows_unit')
    )
    with op.batch_alter_table('batch_rows', schema=None) as batch_op:
        batch_op.create_index('ix_batch_rows_batch_status', ['batch_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_batch_rows_job_id'), ['job_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('batch_rows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_batch_rows_job_id'))
        batch_op.drop_index('ix_batch_rows_batch_status')

    op.drop_table('batch_rows')
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_batches_user_id'))
        batch_op.drop_index('ix_batches_user_created')
        batch_op.drop_index('ix_batches_status_heartbeat')

    op.drop_table('batches')
