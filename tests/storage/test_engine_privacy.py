"""What people typed stays out of database error messages, and so out of logged tracebacks."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from storage.db import make_engine, make_sessions, transaction
from storage.models import Outbox

WORDS = "Tall man in a red coat took the perfume, his number is 07700 900123"


async def test_a_failed_insert_does_not_repeat_the_message_it_carried(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with pytest.raises(IntegrityError) as raised:
            async with transaction(make_sessions(engine)) as session:
                # No such identity: the foreign key refuses the row on both databases.
                session.add(
                    Outbox(
                        identity_id=999_999,
                        channel="console",
                        address="demo-staff",
                        payload={"text": WORDS},
                    )
                )
    finally:
        await engine.dispose()
    message = str(raised.value)
    assert "red coat" not in message and "07700" not in message
    assert "parameters hidden" in message
