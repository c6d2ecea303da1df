"""retention_rule and anonymised: retention settings per BID, and what has been anonymised

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "retention_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bid_id", sa.Integer(), nullable=True),
        sa.Column("what", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["bid_id"], ["bid.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bid_id", "what"),
    )
    op.create_table(
        "anonymised",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("what", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("what", "row_id"),
    )


def downgrade() -> None:
    op.drop_table("anonymised")
    op.drop_table("retention_rule")
