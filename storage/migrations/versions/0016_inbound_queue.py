"""inbound_queue: messages acknowledged to their platform before they are handled

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbound_queue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("message", sa.JSON(), nullable=True),
        sa.Column("received_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_inbound_queue_person", "inbound_queue", ["channel", "address", "id"], unique=False
    )
    op.create_index("ix_inbound_queue_due_at", "inbound_queue", ["due_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_inbound_queue_due_at", table_name="inbound_queue")
    op.drop_index("ix_inbound_queue_person", table_name="inbound_queue")
    op.drop_table("inbound_queue")
