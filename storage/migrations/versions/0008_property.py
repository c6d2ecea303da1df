"""property_item and property_match: found, lost and stolen property, and their matches

The prefilter index narrows a BID's open items by side, category and time.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "property_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bid_id", sa.Integer(), nullable=False),
        sa.Column("side", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("shop_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("held_by", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("contact", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("street", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("colour_mask", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["bid_id"],
            ["bid.id"],
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["member.id"],
        ),
        sa.ForeignKeyConstraint(
            ["shop_id"],
            ["shop.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bid_id", "side", "number"),
        sa.UniqueConstraint("ref"),
    )
    with op.batch_alter_table("property_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_property_item_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_property_item_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_property_item_shop_id"), ["shop_id"], unique=False)
        batch_op.create_index(
            "ix_property_prefilter", ["bid_id", "side", "category", "status", "at"], unique=False
        )

    op.create_table(
        "property_match",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bid_id", sa.Integer(), nullable=False),
        sa.Column("found_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=True),
        sa.Column("against", sa.JSON(), nullable=True),
        sa.Column("question_key", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("question", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("expected", sa.JSON(), nullable=True),
        sa.Column("asked", sa.JSON(), nullable=True),
        sa.Column("earlier", sa.JSON(), nullable=True),
        sa.Column("answer", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("verdict", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bid_id"],
            ["bid.id"],
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["member.id"],
        ),
        sa.ForeignKeyConstraint(
            ["found_id"],
            ["property_item.id"],
        ),
        sa.ForeignKeyConstraint(
            ["other_id"],
            ["property_item.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("found_id", "other_id"),
    )
    with op.batch_alter_table("property_match", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_property_match_bid_id"), ["bid_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_property_match_found_id"), ["found_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_property_match_other_id"), ["other_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("property_match", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_property_match_other_id"))
        batch_op.drop_index(batch_op.f("ix_property_match_found_id"))
        batch_op.drop_index(batch_op.f("ix_property_match_bid_id"))

    op.drop_table("property_match")
    with op.batch_alter_table("property_item", schema=None) as batch_op:
        batch_op.drop_index("ix_property_prefilter")
        batch_op.drop_index(batch_op.f("ix_property_item_shop_id"))
        batch_op.drop_index(batch_op.f("ix_property_item_owner_id"))
        batch_op.drop_index(batch_op.f("ix_property_item_case_id"))

    op.drop_table("property_item")
