"""The work after a filing that the reporter's reply does not wait for, done durably just after.

A filing writes a follow-up row in its own transaction, with the case and the reply. Once that
commits, the dispatcher hands the case here, and one worker task runs the `@follow_up` hooks (the
duplicate hint, the hot-spot check, the tips offer) in a transaction that also records them
done and deletes the row: a crash runs them again, and a committed step is never repeated. If
that fails, each step goes in its own transaction, so one failing step holds back none of the
others. The steps wait for the replies on their way and for a moment when no request is being
handled, so the database and the CPU are theirs first; for DEFER_AT_MOST after the handover at
most, so that under steady load they are only late, never starved. A request that comes while
they run waits for the step under way only: the rest are committed after it, once there is a
lull again. A sweep takes what a crash or a failure left behind.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from config.settings import Settings
from handlers.inbound import Inbound
from handlers.turn import Turn
from storage import follow_ups
from storage.db import Sessions, transaction
from storage.models import Case
from storage.types import utcnow

log = logging.getLogger(__name__)

FollowUp = Callable[[Turn, Case], Awaitable[None]]
# Registered from each feature's module with @follow_up; they only push (to officers, or to
# the reporter a little later), never reply, since the reply has gone.
FOLLOW_UPS: list[FollowUp] = []

# A row is swept only after this: the process that filed the case runs it at once.
LEASE = timedelta(seconds=30)
SWEEP_EVERY = 5.0  # seconds
MAX_ATTEMPTS = 5  # then it stays, logged, for someone to look at
RETRY_AFTER = timedelta(minutes=1)  # times the attempts made
# How long after its handover a case's steps may wait for a lull. When many people file at once
# (300 at human pace, all at the end of a report), running the steps meanwhile doubled the CPU
# the filings asked for and held every answer back: p99 0.4 s against the peer's 25 ms.
DEFER_AT_MOST = 10.0  # seconds


def follow_up(hook: FollowUp) -> FollowUp:
    """Run `hook(turn, case)` once after every new case, after the reporter has their reply."""
    FOLLOW_UPS.append(hook)
    return hook


def schedule(turn: Turn, case: Case) -> None:
    """Write the case's follow-up row in the filing's transaction; it runs after commit."""
    follow_ups.add(
        turn.session,
        case_id=case.id or 0,
        identity_id=turn.identity.id if turn.identity else None,
        filed_at=turn.now,
        due_at=turn.now + LEASE,
    )
    turn.filed.append(case.id or 0)


class FollowUps:
    """One worker doing the cases' follow-ups in the order they were filed."""

    def __init__(
        self,
        sessions: Sessions,
        *,
        tz: ZoneInfo,
        settings: Settings | None = None,
        clock: Callable[[], datetime] = utcnow,
        on_outbox: Callable[[], None] = lambda: None,
        replies_first: Callable[[float], Awaitable[None]] | None = None,
        busy: Callable[[], bool] = lambda: False,
    ) -> None:
        self._sessions = sessions
        self._tz = tz
        self._settings = settings or Settings.model_construct()
        self._clock = clock
        self._on_outbox = on_outbox
        self._replies_first = replies_first
        self._busy = busy
        self._queue: asyncio.Queue[tuple[int, float]] = asyncio.Queue()  # case, handed at
        # The worker and a test's drain never run one case's hooks at the same time.
        self._lock = asyncio.Lock()

    def filed(self, case_ids: Iterable[int]) -> None:
        """Cases whose filing just committed (called by the dispatcher)."""
        now = asyncio.get_running_loop().time()
        for case_id in case_ids:
            self._queue.put_nowait((case_id, now))

    async def run(self) -> None:
        """Forever: each case as it is handed over, and a sweep every few seconds."""
        await self.sweep()  # what the last process left
        while True:
            try:
                # Not wait_for: on Python 3.11 it swallows a cancel that comes as the get ends,
                # and this loop, ended only by a cancel, kept `serve` from stopping.
                async with asyncio.timeout(SWEEP_EVERY):
                    case_id, handed_at = await self._queue.get()
            except TimeoutError:
                await self.sweep()
                continue
            await self.run_one(case_id, patient_until=handed_at + DEFER_AT_MOST)

    async def drain(self) -> None:
        """Everything handed over, then everything due (tests and benchmarks)."""
        while not self._queue.empty():
            await self.run_one(self._queue.get_nowait()[0])
        await self.sweep()

    async def sweep(self) -> None:
        """Cases whose follow-up a crash left, or a failure put off, once it is due."""
        try:
            async with transaction(self._sessions) as session:
                due = await follow_ups.due(
                    session, now=self._clock(), below=MAX_ATTEMPTS, limit=100
                )
        except Exception:
            log.exception("could not look for follow-ups left to do")
            return
        for case_id in due:  # few, and rare: left by a crash or a failure
            await self.run_one(case_id)

    async def run_one(self, case_id: int, *, patient_until: float | None = None) -> None:
        """The case's steps not yet done, each in a transaction that records it done.

        `patient_until` (loop time): before each step till then, let the replies on their way
        and the requests being handled go first (a step holds the database while it runs; on
        SQLite, its one connection).
        """
        loop = asyncio.get_running_loop()
        together = True  # the steps left, in one transaction; after a failure, one by one
        async with self._lock:
            while True:
                left = patient_until - loop.time() if patient_until is not None else 0.0
                if left > 0 and self._replies_first is not None:
                    await self._replies_first(left)
                try:
                    more = await self._step(case_id, together=together)
                except Exception:
                    if together:  # so that one failing step holds back none of the others
                        log.warning("follow-up of case %d failed; its steps one by one", case_id)
                        together = False
                        continue
                    log.exception("follow-up of case %d failed; it will be tried again", case_id)
                    await self._put_off(case_id)
                    return
                self._on_outbox()
                if not more:
                    return

    async def _step(self, case_id: int, *, together: bool) -> bool:
        """The steps not yet done (`together`), or the first of them; whether any is left.

        All in one transaction costs one lock, read and record of the row in place of one per
        step (about 1 ms each); a crash still repeats only what was not committed. A request
        that comes (`busy`) ends the transaction after the step under way, late or not: a
        backlog of cases past DEFER_AT_MOST holds no request back for more than one step.
        """
        async with transaction(self._sessions) as session:
            held = await follow_ups.hold(session, case_id=case_id)
            if held is None:  # all done, here or by another process
                return False
            left = [hook for hook in FOLLOW_UPS if _name(hook) not in held.done]
            now = left if together else left[:1]
            if now:
                turn = Turn(
                    session,
                    Inbound(
                        channel=held.case.channel,
                        address=held.identity.address if held.identity else "",
                    ),
                    held.filed_at,  # as of the filing: what it alerts and offers is dated so
                    self._tz,
                    identity=held.identity,
                    member=held.member,
                    shop=held.shop,
                    streets_stamp=held.streets_stamp,
                    settings=self._settings,
                )
                for ran, hook in enumerate(now, 1):
                    await hook(turn, held.case)
                    if ran < len(now) and self._busy():
                        # A request came meanwhile: it goes first (on SQLite it waits for
                        # this transaction), and the steps left wait for the next lull.
                        now = now[:ran]
                        break
            await follow_ups.did(
                session,
                case_id=case_id,
                done=held.done | {_name(hook) for hook in now},
                last=len(left) <= len(now),
            )
            return len(left) > len(now)

    async def _put_off(self, case_id: int) -> None:
        now = self._clock()
        try:
            async with transaction(self._sessions) as session:
                # Each failure waits longer before the next attempt.
                tried = await follow_ups.put_off(
                    session, case_id=case_id, due_at=lambda tried: now + RETRY_AFTER * tried
                )
            if tried >= MAX_ATTEMPTS:
                log.error("gave up on the follow-up of case %d after %d attempts", case_id, tried)
        except Exception:
            log.exception("could not put off the follow-up of case %d", case_id)


def _name(hook: FollowUp) -> str:
    return f"{hook.__module__}.{hook.__qualname__}"
