"""jobs: index (user_id, status) for the active-jobs count of every submit

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 21:30:00.000000

Every submit counts the user's pending/processing jobs (the concurrent-jobs cap); with only
(user_id, created_at) that count read every job row the user ever had (4.6 ms at 10k jobs,
0.01 ms with this index; benchmarks/load.py).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_jobs_user_status", "jobs", ["user_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_jobs_user_status", table_name="jobs")
