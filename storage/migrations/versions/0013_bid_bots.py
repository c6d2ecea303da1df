"""bid: a BID's own Telegram bot (token, webhook secret and path) and WhatsApp sender

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    ("telegram_token", 100),
    ("telegram_secret", 256),
    ("telegram_path", 100),
    ("telegram_username", 64),
    ("whatsapp_from", 64),
    ("twilio_account_sid", 64),
    ("twilio_auth_token", 100),
)


def upgrade() -> None:
    with op.batch_alter_table("bid", schema=None) as batch_op:
        for name, length in _COLUMNS:
            batch_op.add_column(
                sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=True)
            )


def downgrade() -> None:
    with op.batch_alter_table("bid", schema=None) as batch_op:
        for name, _ in reversed(_COLUMNS):
            batch_op.drop_column(name)
