"""member.removed_at, identity.stopped_at, audit_log.case_id

Members who leave or are removed, people who sent stop, and which case an audited read was of.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("removed_at", storage.types.UTCDateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("identity", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("stopped_at", storage.types.UTCDateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("case_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_audit_log_case_id"), ["case_id"], unique=False)
        batch_op.create_foreign_key("fk_audit_log_case_id", "cases", ["case_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_constraint("fk_audit_log_case_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_audit_log_case_id"))
        batch_op.drop_column("case_id")
    with op.batch_alter_table("identity", schema=None) as batch_op:
        batch_op.drop_column("stopped_at")
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_column("removed_at")
