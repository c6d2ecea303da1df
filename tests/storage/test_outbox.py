"""Outbox queries on every backend: claiming, settling, progress, and what channels read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlmodel import col

from storage import outbox
from storage.db import Sessions, engine_of, make_engine, make_sessions, transaction
from storage.driver import driver_of, driver_transaction
from storage.models import Outbox

NOW = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
LEASE = timedelta(seconds=60)


@pytest.fixture
async def sessions(database_url: str):
    engine = make_engine(database_url)
    yield make_sessions(engine)
    await engine.dispose()


async def _queue(sessions: Sessions, *rows: tuple[str, str]) -> list[int]:
    async with transaction(sessions) as session:
        made = [
            await outbox.enqueue(
                session, channel=channel, address=address, payload={"text": address}, now=NOW
            )
            for channel, address in rows
        ]
        await session.flush()
    return [row.id or 0 for row in made]


async def _get(sessions: Sessions, row_id: int) -> Outbox:
    async with sessions() as session:
        row = await session.get(Outbox, row_id)
    assert row is not None
    return row


async def test_a_claim_leases_rows_and_skips_people_with_an_earlier_one_unsettled(sessions):
    first, second, other = await _queue(
        sessions, ("telegram", "1"), ("telegram", "1"), ("telegram", "2")
    )
    async with transaction(sessions) as session:
        await outbox.retry_at(session, row_id=first, attempts=1, error="500", at=NOW + LEASE)
        claimed = await outbox.claim_due(
            await driver_of(session), channels=["telegram"], now=NOW, lease=LEASE, limit=10
        )
    assert [r.id for r in claimed] == [other]  # "1" waits: its first row is not due yet
    assert (await _get(sessions, other)).status == "sending"
    async with transaction(sessions) as session:
        again = await outbox.claim_due(
            await driver_of(session), channels=["telegram"], now=NOW + LEASE, lease=LEASE, limit=10
        )
        assert [r.id for r in again] == [first, other]  # the lease on `other` ran out
        await outbox.put_back(session, row_ids=[first], now=NOW)
    assert second not in [r.id for r in again]
    assert (await _get(sessions, first)).status == "pending"


async def test_settling_a_row_records_the_outcome_and_resets_its_progress(sessions):
    sent, failed, held = await _queue(
        sessions, ("telegram", "1"), ("telegram", "2"), ("whatsapp", "+447700900123")
    )
    async with transaction(sessions) as session:
        for row_id in (sent, failed, held):
            await outbox.note_progress(session, row_id=row_id, parts_sent=2, provider_id="p2")
        await outbox.mark_sent(
            session, row_id=sent, attempts=1, provider_id="p3", error=None, now=NOW
        )
        await outbox.mark_failed(session, row_id=failed, attempts=2, error="403")
        await outbox.mark_held(session, row_id=held, attempts=1, provider_id="HX", error=None)
    done, gone, kept = [await _get(sessions, i) for i in (sent, failed, held)]
    assert (done.status, done.parts_sent, done.provider_id, done.sent_at) == ("sent", 0, "p3", NOW)
    assert (gone.status, gone.parts_sent, gone.provider_id, gone.error) == (
        "failed",
        0,
        "p2",
        "403",
    )
    assert (kept.status, kept.parts_sent, kept.provider_id) == ("held", 2, "HX")  # resumes later


async def test_status_callbacks_find_the_latest_row_and_a_requeue_starts_over(sessions):
    number = "+447700900123"
    older, newer = await _queue(sessions, ("whatsapp", number), ("whatsapp", number))
    async with transaction(sessions) as session:
        for row_id in (older, newer):
            await outbox.mark_sent(
                session, row_id=row_id, attempts=1, provider_id="SM1", error=None, now=NOW
            )
        row = await outbox.by_provider_id(session, channel="whatsapp", provider_id="SM1")
        assert row is not None and row.id == newer
        assert await outbox.by_provider_id(session, channel="telegram", provider_id="SM1") is None
        await outbox.note_delivery(session, row_id=newer, delivery_status="delivered")
        first = await session.get(Outbox, older)
        assert first is not None
        await outbox.requeue(
            session, row=first, payload={"text": "again"}, now=NOW, error="x" * 400
        )
    requeued, delivered = await _get(sessions, older), await _get(sessions, newer)
    assert (requeued.status, requeued.parts_sent, requeued.payload) == (
        "pending",
        0,
        {"text": "again"},
    )
    assert requeued.delivery_status is None and len(requeued.error or "") == 300
    assert (delivered.delivery_status, delivered.error) == ("delivered", None)


async def test_what_channels_read_back(sessions):
    number = "+447700900123"
    first, second, _ = await _queue(
        sessions, ("console", "sam"), ("console", "sam"), ("console", "kim")
    )
    held, waiting = await _queue(sessions, ("whatsapp", number), ("whatsapp", number))
    async with transaction(sessions) as session:
        await outbox.mark_sent(
            session, row_id=first, attempts=1, provider_id=None, error=None, now=NOW
        )
        await outbox.mark_held(session, row_id=held, attempts=1, provider_id=None, error=None)
    async with sessions() as session:
        assert await outbox.last_id(session, channel="console", address="sam") == second
        assert await outbox.last_id(session, channel="console", address="nobody") == 0
        assert await outbox.last_sent_payload(session, channel="console", address="sam") == {
            "text": "sam"
        }
        assert await outbox.last_sent_payload(session, channel="console", address="kim") is None
        assert await outbox.holds_another(
            session, channel="whatsapp", address=number, row_id=waiting
        )
        assert not await outbox.holds_another(
            session, channel="whatsapp", address=number, row_id=held
        )


async def test_the_driver_settles_rows_as_sqlalchemy_wrote_them(sessions):
    """The sender's marks and records, and the console's read, run on the driver
    (storage.driver) over rows SQLAlchemy wrote: a lease matches only as it was written."""
    first, second = await _queue(sessions, ("console", "sam"), ("console", "sam"))
    async with transaction(sessions) as session:
        await outbox.put_back(session, row_ids=[second], now=NOW)
        claimed = await outbox.claim_due(
            await driver_of(session), channels=["console"], now=NOW, lease=LEASE, limit=10
        )
    assert [row.id for row in claimed] == [first]
    lease = claimed[0].next_attempt_at
    assert lease is not None
    engine = engine_of(sessions)
    at, until = NOW + timedelta(seconds=1), NOW + timedelta(seconds=61, microseconds=7)
    async with driver_transaction(engine) as driver:
        stale = await outbox.mark_attempts(
            driver, leases=[(first, lease - timedelta(microseconds=1))], at=at, until=until
        )
        marked = await outbox.mark_attempts(driver, leases=[(first, lease)], at=at, until=until)
    assert (stale, marked) == (set(), {first})  # only while the lease is as we took it
    row = await _get(sessions, first)
    assert (row.attempt_at, row.next_attempt_at) == (at, until)
    async with driver_transaction(engine) as driver:
        assert await outbox.sent_after(driver, channel="console", address="sam", after=0) == []
        sent = {"attempts": 1, "provider_id": "p-1", "error": None, "now": NOW}
        await outbox.mark_all_sent(driver, [{**sent, "row_id": first}])
    row = await _get(sessions, first)
    assert (row.status, row.sent_at, row.provider_id, row.attempt_at) == ("sent", NOW, "p-1", None)
    async with driver_transaction(engine) as driver:
        rows = await outbox.sent_after(driver, channel="console", address="sam", after=0)
        assert rows == [(first, {"text": "sam"})]  # the second is not sent yet
        assert await outbox.sent_after(driver, channel="console", address="sam", after=first) == []
    async with sessions() as session:
        assert await outbox.last_read_id(session, channel="console", address="sam") == 0
    for _ in range(2):  # read again, it is still there, and read
        async with driver_transaction(engine, single=True) as driver:
            got = await outbox.read_sent(driver, channel="console", address="sam", after=0)
        assert got == [(first, {"text": "sam"})]
        async with sessions() as session:
            assert await outbox.last_read_id(session, channel="console", address="sam") == first


async def test_a_single_statement_driver_transaction_refuses_a_second(sessions):
    """On PostgreSQL a `single` one runs outside any transaction: a second statement there
    would not be atomic with the first, so it is refused."""
    (row_id,) = await _queue(sessions, ("console", "sam"))
    engine = engine_of(sessions)
    sent = {"row_id": row_id, "attempts": 1, "provider_id": None, "error": None, "now": NOW}
    async with driver_transaction(engine, single=True) as driver:
        await outbox.mark_all_sent(driver, [sent])
        if not driver.sqlite:
            with pytest.raises(RuntimeError):
                await outbox.mark_read(driver, row_ids=[row_id])
    assert (await _get(sessions, row_id)).status == "sent"


async def test_a_driver_transaction_that_fails_commits_nothing(sessions):
    (row_id,) = await _queue(sessions, ("console", "sam"))
    sent = {"row_id": row_id, "attempts": 1, "provider_id": None, "error": None, "now": NOW}
    with pytest.raises(RuntimeError):
        async with driver_transaction(engine_of(sessions)) as driver:
            await outbox.mark_all_sent(driver, [sent])
            raise RuntimeError("after the write")
    assert (await _get(sessions, row_id)).status == "pending"
    async with driver_transaction(engine_of(sessions)) as driver:  # the connection is fine
        await outbox.mark_all_sent(driver, [sent])
    assert (await _get(sessions, row_id)).status == "sent"


async def test_pushes_written_together_are_due_in_order_after_what_the_transaction_wrote(sessions):
    """An alert's pushes go in one statement: each a due row like `enqueue` writes, after the
    rows added before them, and claimable as one batch."""
    async with transaction(sessions) as session:
        # A row the ORM holds unflushed: it keeps its place before the pushes to "1".
        earlier = await outbox.enqueue(
            session, channel="telegram", address="1", payload={"text": "first"}, now=NOW
        )
        await outbox.enqueue_pushes(
            session,
            [
                {
                    "channel": "telegram",
                    "address": address,
                    "identity_id": None,
                    "case_id": None,
                    "payload": {"text": f"alert {address}", "push": True, "options": []},
                }
                for address in ("1", "2", "3")
            ],
            now=NOW,
        )
    async with sessions() as session:
        rows = list((await session.execute(select(Outbox).order_by(col(Outbox.id)))).scalars())
    assert [(r.address, r.payload["text"]) for r in rows] == [
        ("1", "first"),
        ("1", "alert 1"),
        ("2", "alert 2"),
        ("3", "alert 3"),
    ]
    assert rows[0].id == earlier.id
    assert all(r.status == "pending" and r.attempts == 0 and r.parts_sent == 0 for r in rows)
    assert all(r.next_attempt_at == NOW and r.created_at == NOW for r in rows[1:])
    assert rows[1].payload == {"text": "alert 1", "push": True, "options": []}
    async with transaction(sessions) as session:
        claimed = await outbox.claim_due(
            await driver_of(session), channels=["telegram"], now=NOW, lease=LEASE, limit=10
        )
    # "1"'s push waits for its first row; the others go at once.
    assert [r.payload["text"] for r in claimed] == ["first", "alert 2", "alert 3"]


async def test_pushes_begin_the_transaction_when_they_are_its_first_statement(sessions):
    """On PostgreSQL the first row begins SQLAlchemy's transaction: a rollback undoes them all."""
    pushes = [
        {"channel": "telegram", "address": str(n), "identity_id": None, "case_id": None,
         "payload": {"text": "x"}}
        for n in range(3)
    ]  # fmt: skip
    session = sessions()
    try:
        async with session.begin():
            await outbox.enqueue_pushes(session, pushes, now=NOW)
            await session.rollback()
        async with session.begin():
            await outbox.enqueue_pushes(session, pushes[:1], now=NOW)
    finally:
        await session.close()
    async with sessions() as session:
        rows = list((await session.execute(select(Outbox))).scalars())
    assert [r.address for r in rows] == ["0"]


class _Taker:
    """A sender in this process taking replies at insert: what it was handed at commit."""

    def __init__(self) -> None:
        self.handed: list[Outbox] = []
        self.due: set[tuple[str, str]] = set()
        self.sent: list[Outbox] = []

    def sends_by_recording(self, channel: str) -> bool:
        return channel == "console"

    def lease_for(self, channel: str) -> datetime | None:
        return NOW + LEASE

    def committed(
        self, handed: list[Outbox], due: set[tuple[str, str]], sent: list[Outbox]
    ) -> None:
        self.handed += handed
        self.due |= due
        self.sent += sent


async def test_a_reply_after_pushes_to_the_same_person_waits_behind_them(sessions):
    taker = _Taker()
    outbox.hand_over_to(sessions, taker)
    push = {"identity_id": None, "case_id": None, "payload": {"text": "alert", "push": True}}
    async with transaction(sessions) as session:
        await outbox.enqueue_pushes(
            session, [{**push, "channel": "telegram", "address": "1"}], now=NOW
        )
        await outbox.enqueue(
            session, channel="telegram", address="1", payload={"text": "reply"}, now=NOW
        )
        await outbox.enqueue(
            session, channel="telegram", address="2", payload={"text": "other"}, now=NOW
        )
    assert [r.payload["text"] for r in taker.handed] == ["other"]  # "1"'s reply is not
    assert taker.due == {("telegram", "1")}
    async with sessions() as session:
        rows = list((await session.execute(select(Outbox).order_by(col(Outbox.id)))).scalars())
    assert [(r.payload["text"], r.status) for r in rows] == [
        ("alert", "pending"),
        ("reply", "pending"),
        ("other", "sending"),
    ]


async def test_replies_on_a_channel_delivered_by_recording_are_written_sent_in_order(sessions):
    taker = _Taker()
    outbox.hand_over_to(sessions, taker)
    async with transaction(sessions) as session:
        for text in ("first", "second"):  # the second goes the way the first went
            await outbox.enqueue(
                session, channel="console", address="sam", payload={"text": text}, now=NOW
            )
        await outbox.enqueue(
            session,
            channel="console",
            address="kim",
            payload={"text": "alert", "push": True},
            now=NOW,
        )
        await outbox.enqueue(
            session, channel="console", address="kim", payload={"text": "reply"}, now=NOW
        )
    assert [r.payload["text"] for r in taker.sent] == ["first", "second"]
    assert taker.due == {("console", "kim")} and taker.handed == []
    async with sessions() as session:
        rows = list((await session.execute(select(Outbox).order_by(col(Outbox.id)))).scalars())
    assert [(r.payload["text"], r.status, r.sent_at) for r in rows] == [
        ("first", "sent", NOW),
        ("second", "sent", NOW),
        ("alert", "pending", None),  # a push is the sender's
        ("reply", "pending", None),  # behind it: never sent before it
    ]


async def test_a_row_sent_after_a_later_one_was_read_is_still_read(sessions):
    """Ids are taken as rows are written: the earlier row, sent last, is not skipped."""
    first, second = await _queue(sessions, ("console", "sam"), ("console", "sam"))
    sent = {"attempts": 1, "provider_id": None, "error": None, "now": NOW}
    engine = engine_of(sessions)
    async with driver_transaction(engine) as driver:
        await outbox.mark_all_sent(driver, [{**sent, "row_id": second}])
    async with driver_transaction(engine, single=True) as driver:
        got = await outbox.read_sent(driver, channel="console", address="sam", after=0)
    assert [row_id for row_id, _ in got] == [second]
    async with driver_transaction(engine) as driver:
        await outbox.mark_all_sent(driver, [{**sent, "row_id": first}])
    for expected in ([first], []):  # given once, though the reader is past its id
        async with driver_transaction(engine, single=True) as driver:
            got = await outbox.read_sent(driver, channel="console", address="sam", after=second)
        assert [row_id for row_id, _ in got] == expected
