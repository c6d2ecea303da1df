"""member preferences, broadcasts (alerts, events, polls), hot spots, lesson progress

Also the indexes the digest aggregates by: cases by BID and filing time, and each case's
first police action.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scheduled_push",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identity_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("due_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["identity_id"], ["identity.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("scheduled_push", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scheduled_push_due_at"), ["due_at"], unique=False)
    op.create_table(
        "hotspot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bid_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("case_ids", sa.JSON(), nullable=True),
        sa.Column("first_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bid_id"],
            ["bid.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("hotspot", schema=None) as batch_op:
        batch_op.create_index(
            "ix_hotspot_bid_kind_last", ["bid_id", "kind", "last_at"], unique=False
        )

    op.create_table(
        "broadcast",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bid_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("target", sa.JSON(), nullable=True),
        sa.Column("options", sa.JSON(), nullable=True),
        sa.Column("photo", sa.JSON(), nullable=True),
        sa.Column("draft", sa.Boolean(), nullable=False),
        sa.Column("shops", sa.Integer(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closes_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("results_sent_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["bid_id"],
            ["bid.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.create_index("ix_broadcast_bid_created", ["bid_id", "created_at"], unique=False)

    op.create_table(
        "lesson_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("bid_id", sa.Integer(), nullable=False),
        sa.Column("lesson", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.Column("started_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("completed_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["bid_id"],
            ["bid.id"],
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("member_id", "lesson"),
    )
    with op.batch_alter_table("lesson_progress", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lesson_progress_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "member_preference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("topics_off", sa.JSON(), nullable=True),
        sa.Column("kinds_off", sa.JSON(), nullable=True),
        sa.Column("streets", sa.JSON(), nullable=True),
        sa.Column("quiet_from", sa.Integer(), nullable=True),
        sa.Column("quiet_to", sa.Integer(), nullable=True),
        sa.Column("digest", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("digest_sent_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("member_id"),
    )
    op.create_table(
        "broadcast_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("answer", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["broadcast_id"],
            ["broadcast.id"],
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("broadcast_id", "member_id"),
    )
    with op.batch_alter_table("broadcast_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_broadcast_answer_broadcast_id"), ["broadcast_id"], unique=False
        )

    op.create_table(
        "broadcast_recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("shop_id", sa.Integer(), nullable=True),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["broadcast_id"],
            ["broadcast.id"],
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
        ),
        sa.ForeignKeyConstraint(
            ["shop_id"],
            ["shop.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("broadcast_id", "member_id"),
    )
    with op.batch_alter_table("broadcast_recipient", schema=None) as batch_op:
        batch_op.create_index("ix_broadcast_recipient_member", ["member_id", "at"], unique=False)

    op.create_table(
        "broadcast_reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["broadcast_id"],
            ["broadcast.id"],
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("broadcast_reply", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_broadcast_reply_broadcast_id"), ["broadcast_id"], unique=False
        )

    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_case_event_first_action", ["case_id", "author_role", "at"], unique=False
        )

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_bid_created", ["bid_id", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("scheduled_push", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scheduled_push_due_at"))
    op.drop_table("scheduled_push")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_bid_created")

    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.drop_index("ix_case_event_first_action")

    with op.batch_alter_table("broadcast_reply", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_broadcast_reply_broadcast_id"))

    op.drop_table("broadcast_reply")
    with op.batch_alter_table("broadcast_recipient", schema=None) as batch_op:
        batch_op.drop_index("ix_broadcast_recipient_member")

    op.drop_table("broadcast_recipient")
    with op.batch_alter_table("broadcast_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_broadcast_answer_broadcast_id"))

    op.drop_table("broadcast_answer")
    op.drop_table("member_preference")
    with op.batch_alter_table("lesson_progress", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lesson_progress_member_id"))

    op.drop_table("lesson_progress")
    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.drop_index("ix_broadcast_bid_created")

    op.drop_table("broadcast")
    with op.batch_alter_table("hotspot", schema=None) as batch_op:
        batch_op.drop_index("ix_hotspot_bid_kind_last")

    op.drop_table("hotspot")
