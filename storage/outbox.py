"""Outbox rows: claimed and settled by the sender, read by the channels. Callers own the
transaction.

A sender running in this process may take rows at insert (`hand_over_to`): a message to
someone with nothing else unsent is written already leased to it (status `sending`, due again
when the lease runs out, as if claimed) and handed to it in memory once the transaction
commits, so it costs no claim transaction. Should the process die first, the lease runs out
and any sender claims it as usual. Rows written due (`pending`) wake it instead. On a channel
whose messages are delivered by being recorded sent (the console: its reader shows them), such
a reply is written `sent` already, and the taker is told at commit, to wake the readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Table,
    and_,
    bindparam,
    case,
    event,
    exists,
    func,
    insert,
    literal,
    literal_column,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, aliased, attributes
from sqlmodel import col

from storage import conversations
from storage.attached import Shape
from storage.driver import Driver, driver_of, numbered, placeholders
from storage.models import (
    Outbox,
)

UNSETTLED = ("pending", "sending")


def _unsettled(status: Any) -> ColumnElement[bool]:
    """`status IN ('pending', 'sending')` written into the SQL: a list of values would be an
    expanding parameter, whose SQL is rendered again at every execution."""
    return status.in_([literal_column(f"'{s}'") for s in UNSETTLED])


# Keys of `session.info` (the AsyncSession's is its sync Session's).
_TAKER = "outbox.taker"  # who takes rows at insert, for every session of the factory
_HANDED = "outbox.handed"  # rows written leased to the taker in this transaction
_SENT = "outbox.sent"  # rows written sent in this transaction (a channel delivered so)
_DUE = "outbox.due"  # (channel, address) of rows made due in this transaction
# (channel, address) → how this transaction writes its rows to them: status and lease end.
_DECIDED = "outbox.decided"
_DUE_NOW: tuple[str, datetime | None] = ("pending", None)


class Taker(Protocol):
    """A sender in this process that takes rows at insert."""

    def lease_for(self, channel: str) -> datetime | None:
        """Until when a row written now would be leased to it; None: write it due instead."""
        ...

    def sends_by_recording(self, channel: str) -> bool:
        """Whether a row on `channel` is delivered by being recorded sent, its readers woken
        at commit: a reply to someone with nothing else unsent may then be written sent."""
        ...

    def committed(
        self, handed: list[Outbox], due: set[tuple[str, str]], sent: list[Outbox]
    ) -> None:
        """A transaction committed: `handed` are its to send now, `due` wait to be claimed,
        `sent` were written sent (their readers are to be woken)."""
        ...


def hand_over_to(sessions: async_sessionmaker[AsyncSession], taker: Taker) -> None:
    """Rows written through `sessions` from now on may be taken at insert by `taker`."""
    sessions.configure(info={_TAKER: taker})


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    taker = session.info.get(_TAKER)
    if taker is None:
        return
    handed, due = session.info.pop(_HANDED, None), session.info.pop(_DUE, None)
    sent = session.info.pop(_SENT, None)
    session.info.pop(_DECIDED, None)
    if handed or due or sent:
        taker.committed(handed or [], due or set(), sent or [])


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    for key in (_HANDED, _DUE, _SENT, _DECIDED):
        session.info.pop(key, None)


def _made_due(session: AsyncSession, channel: str, address: str) -> None:
    if _TAKER in session.info:
        session.info.setdefault(_DUE, set()).add((channel, address))


# Is anything to this person still unsent? (ix_outbox_recipient answers it.)
_UNSETTLED_FOR = (
    select(col(Outbox.id))
    .where(
        col(Outbox.channel) == bindparam("channel"),
        col(Outbox.address) == bindparam("address"),
        _unsettled(col(Outbox.status)),
    )
    .limit(1)
)


def _at_once(taker: Taker, channel: str, payload: dict[str, Any]) -> tuple[str, datetime | None]:
    """How a reply is written to someone with nothing earlier unsent: sent already on a
    channel delivered by recording it, else leased to the taker (or due, if it takes none)."""
    if payload.get("push"):
        return _DUE_NOW
    if taker.sends_by_recording(channel):
        return ("sent", None)
    until = taker.lease_for(channel)
    return _DUE_NOW if until is None else ("sending", until)


async def _decide(
    session: AsyncSession, channel: str, address: str, payload: dict[str, Any]
) -> tuple[str, datetime | None]:
    """The status and lease a new row is written with: at once for the taker if it may have
    it, else due.

    Only a reply (not a push: a broadcast's many rows are cheaper claimed in batches) and only
    when nothing earlier to the person is unsent, so that sending it at once keeps their order;
    a later row of the same transaction to the same person goes the way the first went.
    """
    taker: Taker | None = session.info.get(_TAKER)
    if taker is None:
        return _DUE_NOW
    decided: dict[tuple[str, str], tuple[str, datetime | None]]
    decided = session.info.setdefault(_DECIDED, {})
    key = (channel, address)
    if key in decided:
        return decided[key]
    decision = _at_once(taker, channel, payload)
    if decision != _DUE_NOW:
        # Rows this transaction added are in `decided`; flushing the rest early is not ours.
        with session.no_autoflush:
            found = await session.execute(_UNSETTLED_FOR, {"channel": channel, "address": address})
            if found.first() is not None:
                decision = _DUE_NOW
    decided[key] = decision
    return decision


# Building the statement (and its aliases) costs milliseconds of CPU, and the sender claims
# often: each is built once. On the table, run on the driver: the ORM's bulk UPDATE …
# RETURNING of entities cost more than the statement.
@lru_cache(maxsize=32)
def _claim_query(*, holding_back: bool, channels: int) -> Any:
    """The claim for this many channels, built once (its values are bound per call, see
    claim_due): one UPDATE of the rows a SELECT … FOR UPDATE SKIP LOCKED picks, RETURNING them
    (PostgreSQL; SQLite ≥ 3.35). A parameter per channel: the driver takes no expanding list."""
    candidate = aliased(Outbox, name="candidate")
    earlier = aliased(Outbox, name="earlier")
    holding: ColumnElement[bool] = _unsettled(col(earlier.status))
    if holding_back:
        holding = and_(
            holding,
            (col(earlier.attempts) == 0) | (col(earlier.created_at) > bindparam("held_since")),
        )
    blocked = exists().where(
        and_(
            col(earlier.channel) == col(candidate.channel),
            col(earlier.address) == col(candidate.address),
            col(earlier.id) < col(candidate.id),
            holding,
        )
    )
    due: Select[Any] = (
        select(col(candidate.id))
        .where(
            _unsettled(col(candidate.status)),
            col(candidate.next_attempt_at) <= bindparam("now"),
            col(candidate.channel).in_([bindparam(f"channel_{n}") for n in range(channels)]),
            ~blocked,
        )
        .order_by(col(candidate.id))
        .limit(bindparam("limit", type_=Integer))
        .with_for_update(skip_locked=True, of=candidate)
    )
    # Picked once, as a materialised CTE: in an IN (subquery) PostgreSQL may run the locking
    # SELECT again under concurrency and lease more rows than its LIMIT.
    picked = due.cte("picked").prefix_with("MATERIALIZED")
    return (
        update(_TABLE)
        .where(_TABLE.c.id.in_(select(picked.c.id)))
        .values(status="sending", next_attempt_at=bindparam("until"))
        .returning(*_TABLE.columns)
    )


_TABLE: Table = Outbox.__table__  # type: ignore[attr-defined]
_CLAIMED = Shape(Outbox, 0)


async def claim_due(
    driver: Driver,
    *,
    channels: Sequence[str],
    now: datetime,
    lease: timedelta,
    limit: int,
    hold: timedelta | None = None,
) -> list[Outbox]:
    """Rows due now whose earlier rows to the same person are all settled, leased to us.

    The lease (status `sending`, due again at now + lease) keeps other senders off them; if we
    die mid-send it runs out and the row is sent again. Locked rows are skipped, not waited on.
    With `hold`, an earlier row that has already failed and was written longer ago than that
    no longer keeps later ones back: one failing message must not freeze a person's queue.
    One statement: the rows picked, leased and returned together, oldest first.
    """
    params: dict[str, Any] = {
        "now": now,
        "limit": limit,
        "until": now + lease,
    }
    if hold is not None:
        params["held_since"] = now - hold
    params.update((f"channel_{n}", channel) for n, channel in enumerate(channels))
    query = _claim_query(holding_back=hold is not None, channels=len(channels))
    rows = await driver.select(query, params)
    return sorted((_CLAIMED.detached(row) for row in rows), key=lambda row: row.id or 0)


async def note_progress(
    session: AsyncSession, *, row_id: int, parts_sent: int, provider_id: str | None
) -> None:
    """Parts of a split message delivered so far, so a retry or a restart sends only the rest."""
    await _set(session, row_id, parts_sent=parts_sent, provider_id=provider_id, attempt_at=None)


async def mark_attempts(
    driver: Driver, *, leases: Sequence[tuple[int, datetime]], at: datetime, until: datetime
) -> set[int]:
    """The next part of each row is being handed to the platform now: in doubt until its answer
    is noted. In one statement, and only while a row is still ours: leased until the time
    given with it, as we claimed it. Returns the rows marked; one missing had its lease run
    out and another sender claimed it since (so this one must not send it).

    A marked row's lease is renewed to `until`: a send that waited long for a rate limiter
    (past its lease, unclaimed yet) must not be claimed and sent again while it is on the wire.
    """
    if not leases:
        return set()
    # SQLite compares row values only with a VALUES list; PostgreSQL types a VALUES list's
    # placeholders on their own (as text), so there it is a plain list of rows.
    pairs = ", ".join("(?, ?)" for _ in leases)
    listed = f"VALUES {pairs}" if driver.sqlite else pairs
    rows = await driver.fetch(
        "UPDATE outbox SET attempt_at = ?, next_attempt_at = ? "
        f"WHERE (id, next_attempt_at) IN ({listed}) AND status = 'sending' RETURNING id",
        driver.at(at),
        driver.at(until),
        *(v for row_id, lease in leases for v in (row_id, driver.at(lease))),
    )
    return {int(row[0]) for row in rows}


async def mark_all_sent(driver: Driver, rows: Sequence[dict[str, Any]]) -> None:
    """Several rows delivered, in one statement run for each (keys as `mark_sent` takes)."""
    if rows:
        await driver.execute_many(
            "UPDATE outbox SET status = 'sent', attempts = ?, provider_id = ?, error = ?, "
            "sent_at = ?, parts_sent = 0, attempt_at = NULL WHERE id = ?",
            [
                (r["attempts"], r["provider_id"], r["error"], driver.at(r["now"]), r["row_id"])
                for r in rows
            ],
        )


async def known_provider_ids(
    session: AsyncSession, *, channel: str, provider_ids: Sequence[str]
) -> set[str]:
    """Which of these platform message ids some row has recorded already."""
    if not provider_ids:
        return set()
    query = select(col(Outbox.provider_id)).where(
        col(Outbox.channel) == channel, col(Outbox.provider_id).in_(provider_ids)
    )
    return {str(p) for p in (await session.execute(query)).scalars()}


async def mark_sent(
    session: AsyncSession,
    *,
    row_id: int,
    attempts: int,
    provider_id: str | None,
    error: str | None,
    now: datetime,
) -> None:
    await _set(
        session,
        row_id,
        status="sent",
        attempts=attempts,
        provider_id=provider_id,
        error=error,
        sent_at=now,
        parts_sent=0,
        attempt_at=None,
    )


async def mark_held(
    session: AsyncSession,
    *,
    row_id: int,
    attempts: int,
    provider_id: str | None,
    error: str | None,
) -> None:
    """Kept back on purpose until the person writes; parts already sent stay counted."""
    await _set(
        session,
        row_id,
        status="held",
        attempts=attempts,
        provider_id=provider_id,
        error=error,
        attempt_at=None,
    )


async def mark_failed(
    session: AsyncSession, *, row_id: int, attempts: int, error: str | None
) -> None:
    await _set(
        session,
        row_id,
        status="failed",
        attempts=attempts,
        error=error,
        parts_sent=0,
        attempt_at=None,
    )


async def retry_at(
    session: AsyncSession, *, row_id: int, attempts: int, error: str | None, at: datetime
) -> None:
    await _set(
        session,
        row_id,
        status="pending",
        attempts=attempts,
        error=error,
        next_attempt_at=at,
        attempt_at=None,
    )


async def put_back(session: AsyncSession, *, row_ids: Sequence[int], now: datetime) -> None:
    """Claimed rows not attempted after all (an earlier one failed): due again at once."""
    if row_ids:
        await session.execute(
            update(Outbox)
            .where(col(Outbox.id).in_(row_ids))
            .values(status="pending", next_attempt_at=now)
        )


async def last_sent_payload(
    session: AsyncSession, *, channel: str, address: str
) -> dict[str, Any] | None:
    """The payload of the last message sent to `address`."""
    query = (
        select(col(Outbox.payload))
        .where(
            col(Outbox.channel) == channel,
            col(Outbox.address) == address,
            col(Outbox.status) == "sent",
        )
        .order_by(col(Outbox.id).desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def holds_another(session: AsyncSession, *, channel: str, address: str, row_id: int) -> bool:
    """Whether a row other than `row_id` is already held for `address`."""
    query = (
        select(col(Outbox.id))
        .where(
            col(Outbox.channel) == channel,
            col(Outbox.address) == address,
            col(Outbox.status) == "held",
            col(Outbox.id) != row_id,
        )
        .limit(1)
    )
    return (await session.execute(query)).first() is not None


async def by_provider_id(
    session: AsyncSession, *, channel: str, provider_id: str
) -> Outbox | None:
    """The latest row sent as the platform's message `provider_id`, locked for update."""
    query = (
        select(Outbox)
        .where(col(Outbox.channel) == channel, col(Outbox.provider_id) == provider_id)
        .order_by(col(Outbox.id).desc())
        .limit(1)
        .with_for_update()
    )
    return (await session.execute(query)).scalar_one_or_none()


async def note_error(session: AsyncSession, *, row_id: int, error: str) -> None:
    await _set(session, row_id, error=error[:300])


async def note_delivery(
    session: AsyncSession, *, row_id: int, delivery_status: str, error: str | None = None
) -> None:
    """What the platform reported after sending (delivered, read, failed …)."""
    values: dict[str, Any] = {"delivery_status": delivery_status}
    if error is not None:
        values["error"] = error[:300]
    await _set(session, row_id, **values)


async def requeue(
    session: AsyncSession, *, row: Outbox, payload: dict[str, Any], now: datetime, error: str
) -> None:
    """Send a row again from its first part, with a new payload: due now, and this process's
    sender told so at commit (not left for its next look)."""
    row_id = row.id or 0
    _made_due(session, row.channel, row.address)
    await _set(
        session,
        row_id,
        payload=payload,
        status="pending",
        next_attempt_at=now,
        delivery_status=None,
        parts_sent=0,
        error=error[:300],
        attempt_at=None,
    )


async def last_id(session: AsyncSession, *, channel: str, address: str) -> int:
    """The id of the last row written for `address` (0 when there is none)."""
    query = select(func.max(col(Outbox.id))).where(
        col(Outbox.channel) == channel, col(Outbox.address) == address
    )
    return int((await session.execute(query)).scalar_one() or 0)


async def mark_read(driver: Driver, *, row_ids: Sequence[int]) -> None:
    """The person has seen these (the console's reader fetched them)."""
    if row_ids:
        await driver.execute(
            "UPDATE outbox SET delivery_status = 'read' "
            f"WHERE id IN ({placeholders(len(row_ids))}) AND delivery_status IS NULL",
            *row_ids,
        )


async def last_read_id(session: AsyncSession, *, channel: str, address: str) -> int:
    """The id of the last sent row `address` has read (0 when none): read on from there."""
    query = select(func.max(col(Outbox.id))).where(
        col(Outbox.channel) == channel,
        col(Outbox.address) == address,
        col(Outbox.delivery_status) == "read",
    )
    return int((await session.execute(query)).scalar_one() or 0)


async def sent_after(
    driver: Driver, *, channel: str, address: str, after: int, limit: int = 100
) -> list[tuple[int, dict[str, Any]]]:
    """The id and payload of rows sent to `address` with an id above `after`, oldest first
    (read on every console poll)."""
    rows = await driver.fetch(
        "SELECT id, payload FROM outbox WHERE channel = ? AND address = ? AND status = 'sent' "
        "AND id > ? ORDER BY id LIMIT ?",
        channel,
        address,
        after,
        limit,
    )
    return [(int(row_id), driver.from_json(payload)) for row_id, payload in rows]


# A reader reads on from the last id it was given, and also gets any row sent not read yet:
# ids are taken as rows are written, not as their transactions commit, so a row may become
# sent after a later one was read (a push committed just after a reply, or sent after it).
_UNREAD = (
    "SELECT id, payload, delivery_status FROM outbox WHERE channel = ? AND address = ? "
    "AND status = 'sent' AND (id > ? OR delivery_status IS NULL) ORDER BY id LIMIT ?"
)
# PostgreSQL reads and marks in one statement, so one round trip with no BEGIN or COMMIT.
_READ_SENT_PG = numbered(
    f"WITH got AS ({_UNREAD}), "
    "marked AS (UPDATE outbox SET delivery_status = 'read' WHERE id IN "
    "(SELECT id FROM got WHERE delivery_status IS NULL) AND delivery_status IS NULL) "
    "SELECT id, payload FROM got ORDER BY id"
)


async def read_sent(
    driver: Driver, *, channel: str, address: str, after: int, limit: int = 100
) -> list[tuple[int, dict[str, Any]]]:
    """`sent_after`, with any row sent earlier not yet read (`_UNREAD`), those rows now marked
    read (`mark_read`): on PostgreSQL in one statement, so the caller's driver transaction may
    be `single`."""
    if driver.sqlite:
        found = await driver.fetch_as_is(_UNREAD, (channel, address, after, limit))
        await mark_read(driver, row_ids=[row_id for row_id, _, read in found if read is None])
        return [(int(row_id), driver.from_json(payload)) for row_id, payload, _ in found]
    found = await driver.fetch_as_is(_READ_SENT_PG, (channel, address, after, limit))
    return [(int(row_id), driver.from_json(payload)) for row_id, payload in found]


async def _set(session: AsyncSession, row_id: int, **values: Any) -> None:
    await session.execute(
        update(Outbox)
        .where(col(Outbox.id) == row_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class ChannelBacklog:
    """What one channel has not sent yet."""

    channel: str
    pending: int  # waiting for their turn, or claimed by a sender right now
    retrying: int  # pending rows that have failed at least once
    held: int  # WhatsApp rows waiting for the person to write (24-hour window)
    oldest: datetime | None  # created_at of the oldest pending row


async def backlog(session: AsyncSession) -> list[ChannelBacklog]:
    """Per channel, from one grouped query over the (status, next_attempt_at) index."""
    status = col(Outbox.status)
    unsent = status.in_(UNSETTLED)
    query = (
        select(
            col(Outbox.channel),
            func.count().filter(unsent),
            func.count().filter(unsent, col(Outbox.attempts) > 0),
            func.count().filter(status == "held"),
            func.min(case((unsent, col(Outbox.created_at)))),
        )
        .where(status.in_((*UNSETTLED, "held")))
        .group_by(col(Outbox.channel))
    )
    return [ChannelBacklog(*row) for row in (await session.execute(query)).all()]


def _reply_insert(*, saving: bool = False) -> Any:
    """A reply written as one statement: as the taker would have it (bound: `clear` its status,
    `until` its lease, `sent_at`) when nothing earlier to the person is unsent, else due now
    (`pending`); `saving`, with the conversation's waiting save (storage.conversations) in a
    WITH."""
    table = Outbox.__table__  # type: ignore[attr-defined]
    behind = exists().where(
        table.c.channel == bindparam("channel"),
        table.c.address == bindparam("address"),
        _unsettled(table.c.status),
    )
    now = bindparam("now", type_=table.c.created_at.type)
    until = bindparam("until", type_=table.c.next_attempt_at.type)
    sent_at = bindparam("sent_at", type_=table.c.sent_at.type)
    values = {
        "identity_id": bindparam("identity_id", type_=Integer),
        "channel": bindparam("channel"),
        "address": bindparam("address"),
        "payload": bindparam("payload", type_=table.c.payload.type),
        "case_id": bindparam("case_id", type_=Integer),
        "status": case((behind, "pending"), else_=bindparam("clear", type_=table.c.status.type)),
        "attempts": 0,
        "parts_sent": 0,
        "next_attempt_at": case((behind, now), else_=until),
        "sent_at": case((behind, None), else_=sent_at),
        "created_at": now,
    }
    chosen = select(*(v if isinstance(v, ColumnElement) else literal(v) for v in values.values()))
    if saving:
        # Written only if the conversation's compare-and-set took: no row back means stale.
        chosen = chosen.select_from(conversations.SAVE.returning(literal(1)).cte("saved"))
    return insert(table).from_select(list(values), chosen).returning(table.c.id, table.c.status)


_REPLY_INSERT = _reply_insert()
# PostgreSQL only (SQLite has no UPDATE inside a WITH): the turn's conversation saved too.
_SAVE_AND_REPLY = _reply_insert(saving=True)


async def enqueue(
    session: AsyncSession,
    *,
    channel: str,
    address: str,
    payload: dict[str, Any],
    identity_id: int | None = None,
    case_id: int | None = None,
    now: datetime,
) -> Outbox:
    what: dict[str, Any] = {
        "identity_id": identity_id,
        "channel": channel,
        "address": address,
        "payload": payload,
        "case_id": case_id,
    }
    taker: Taker | None = session.info.get(_TAKER)
    decided = session.info.get(_DECIDED) or {}
    if taker is not None and (channel, address) not in decided:
        clear = _at_once(taker, channel, payload)
        if clear != _DUE_NOW:
            return await _insert_reply(session, what, now, clear)
    row = _row(what, now, await _decide(session, channel, address, payload))
    session.add(row)
    return _written(session, row)


async def _insert_reply(
    session: AsyncSession,
    what: dict[str, Any],
    now: datetime,
    clear: tuple[str, datetime | None],
) -> Outbox:
    """The first reply of a transaction to a person, decided and written in one statement
    (rather than a SELECT, then the ORM's INSERT at flush)."""
    if any(isinstance(pending, Outbox) for pending in session.new):
        await session.flush()  # rows added before it keep their place in the person's order
    driver = await driver_of(session)  # nearly every message: on the driver (storage.driver)
    decided = _as_decided(now, clear)  # what the row gets if nothing is behind it
    values = {
        **what,
        "now": now,
        "clear": decided["status"],
        "until": decided["next_attempt_at"],
        "sent_at": decided["sent_at"],
    }
    saving = conversations.take_pending(session)
    if saving is None:
        ((row_id, written_as),) = await driver.run(_REPLY_INSERT, values)
    else:
        written = await driver.run(_SAVE_AND_REPLY, {**values, **saving})
        if not written:
            raise conversations.StaleConversation(saving["conversation_id"])
        ((row_id, written_as),) = written
    # The lease as bound (not as read back), so that a mark later matches it exactly.
    decision = clear if written_as == decided["status"] else _DUE_NOW
    session.info.setdefault(_DECIDED, {})[(what["channel"], what["address"])] = decision
    return _written(session, _as_written(what, now, decision, row_id=row_id))


_NOW = bindparam("now", type_=_TABLE.c.created_at.type)
_PUSH_INSERT = insert(_TABLE).values(
    identity_id=bindparam("identity_id", type_=Integer),
    channel=bindparam("channel", type_=_TABLE.c.channel.type),
    address=bindparam("address", type_=_TABLE.c.address.type),
    payload=bindparam("payload", type_=_TABLE.c.payload.type),
    case_id=bindparam("case_id", type_=Integer),
    status="pending",
    attempts=0,
    parts_sent=0,
    next_attempt_at=_NOW,
    created_at=_NOW,
)


async def enqueue_pushes(
    session: AsyncSession, pushes: Sequence[dict[str, Any]], *, now: datetime
) -> None:
    """Many pushes at once (an alert to every shop), due now, each a dict of `enqueue`'s
    identity_id, channel, address, payload and case_id: one statement on the driver for them
    all. Built and flushed by the ORM one by one, 300 had cost about 45 ms of CPU (a third of
    it making the objects), the database held meanwhile; the sender claims them in batches.

    A person this transaction already wrote to a way of its own (a reply handed to the sender)
    gets theirs through `enqueue`, the same way, so their order is kept.
    """
    decided = session.info.get(_DECIDED) or {}
    apart = [p for p in pushes if (p["channel"], p["address"]) in decided]
    together = [p for p in pushes if (p["channel"], p["address"]) not in decided]
    for push in apart:
        await enqueue(session, **push, now=now)
    if not together:
        return
    if any(isinstance(pending, Outbox) for pending in session.new):
        await session.flush()  # rows added before these keep their place in each one's order
    driver = await driver_of(session)
    await driver.run_many(_PUSH_INSERT, [{**push, "now": now} for push in together])
    for push in together:
        _made_due(session, push["channel"], push["address"])
        if _TAKER in session.info:  # a later reply to them comes after it, as `enqueue` decides
            session.info.setdefault(_DECIDED, {})[(push["channel"], push["address"])] = _DUE_NOW


def _as_decided(now: datetime, decision: tuple[str, datetime | None]) -> dict[str, Any]:
    """A new row's status, due time and time sent: due now, leased to the taker, or sent."""
    status, until = decision
    return {
        "status": status,
        "next_attempt_at": now if until is None else until,
        "sent_at": now if status == "sent" else None,
    }


def _row(what: dict[str, Any], now: datetime, decision: tuple[str, datetime | None]) -> Outbox:
    """A new row as decided, for the ORM to write."""
    return Outbox(**what, **_as_decided(now, decision), created_at=now)


_OUTBOX = attributes.manager_of_class(Outbox)
_DEFAULTS = {
    "attempts": 0,
    "parts_sent": 0,
    "sent_at": None,
    "provider_id": None,
    "delivery_status": None,
    "error": None,
    "attempt_at": None,
}


def _as_written(
    what: dict[str, Any], now: datetime, decision: tuple[str, datetime | None], *, row_id: int
) -> Outbox:
    """The row an INSERT just wrote, as the ORM builds one it loads (no validation, no change
    events: a fifth of a reply's INSERT in CPU otherwise), never added to the session."""
    values = {**_DEFAULTS, **what, "id": row_id, **_as_decided(now, decision), "created_at": now}
    row: Outbox = _OUTBOX.new_instance()
    row.__dict__.update(values)
    object.__setattr__(row, "__pydantic_fields_set__", set(values))
    object.__setattr__(row, "__pydantic_extra__", None)
    object.__setattr__(row, "__pydantic_private__", None)
    return row


def _written(session: AsyncSession, row: Outbox) -> Outbox:
    """A row this transaction wrote: handed to the taker at commit, told it as sent, or due
    for a claim."""
    if row.status == "sending":
        session.info.setdefault(_HANDED, []).append(row)
    elif row.status == "sent":
        session.info.setdefault(_SENT, []).append(row)
    else:
        _made_due(session, row.channel, row.address)
    return row


async def release_held(session: AsyncSession, *, channel: str, address: str, now: datetime) -> int:
    """The person wrote to us: messages held back for them may now be sent."""
    result = await session.execute(
        update(Outbox)
        .where(
            col(Outbox.channel) == channel,
            col(Outbox.address) == address,
            col(Outbox.status) == "held",
        )
        .values(status="pending", next_attempt_at=now)
    )
    released = int(result.rowcount or 0)  # type: ignore[attr-defined]
    if released:
        _made_due(session, channel, address)
    return released
