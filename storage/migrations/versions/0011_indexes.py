"""indexes for a large database: cases by BID, kind and time; members by BID and role

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cases_bid_kind_occurred", ["bid_id", "kind", "occurred_at"], unique=False
        )
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.create_index("ix_member_bid_role", ["bid_id", "role"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_index("ix_member_bid_role")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_bid_kind_occurred")
