"""property_item: the matcher's stored reading (features, marks, traits, reading) and a
prefilter index that also covers what bounds each candidate's weight; shop: opening hours

Existing rows keep reading 0 and are read from their text until the scheduler's property
pass stores their reading (handlers/property/jobs.py).

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD = ["bid_id", "side", "category", "status", "at"]
_NEW = [*_OLD, "colour_mask", "marks", "traits", "reading", "latitude", "longitude"]


def upgrade() -> None:
    with op.batch_alter_table("shop", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("opening_hours", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True)
        )
    with op.batch_alter_table("property_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("features", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("marks", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("traits", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("reading", sa.Integer(), nullable=False, server_default="0"))
        batch_op.drop_index("ix_property_prefilter")
        batch_op.create_index("ix_property_prefilter", _NEW, unique=False)
    with op.batch_alter_table("property_item", schema=None) as batch_op:
        for name in ("features", "marks", "traits", "reading"):
            batch_op.alter_column(name, server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("property_item", schema=None) as batch_op:
        batch_op.drop_index("ix_property_prefilter")
        batch_op.create_index("ix_property_prefilter", _OLD, unique=False)
        batch_op.drop_column("reading")
        batch_op.drop_column("traits")
        batch_op.drop_column("marks")
        batch_op.drop_column("features")
    with op.batch_alter_table("shop", schema=None) as batch_op:
        batch_op.drop_column("opening_hours")
