"""One turn at a time for each person in this process: their messages queue here, in order.

Turns of one person at once (a burst: Telegram may deliver a chat's updates on several
connections together) would meet on their identity and conversation rows in the database,
each holding a pooled connection while it waited for the row lock, and the later ones would
then retry as stale. One person's 20 messages at once held 20 of the pool's 25 connections and
stalled everyone else's replies (bench.telegram_peer --paced, PostgreSQL). Waiting here holds
no connection, and asyncio's lock wakes its waiters in the order they came.
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from types import TracebackType


class OneAtATime:
    """An asyncio lock per key, kept only while someone holds it or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[Hashable, tuple[asyncio.Lock, int]] = {}

    def __len__(self) -> int:  # keys held or waited for, for tests
        return len(self._locks)

    def held(self, key: Hashable) -> _Held:
        return _Held(self._locks, key)


class _Held:
    """`async with`: the key's turn, waited for; the lock forgotten when nobody wants it."""

    __slots__ = ("_key", "_lock", "_locks")

    def __init__(self, locks: dict[Hashable, tuple[asyncio.Lock, int]], key: Hashable) -> None:
        self._locks, self._key = locks, key
        lock, users = locks.get(key) or (asyncio.Lock(), 0)
        locks[key] = (lock, users + 1)
        self._lock = lock

    async def __aenter__(self) -> None:
        try:
            await self._lock.acquire()
        except BaseException:  # cancelled while waiting: no longer wanting it
            self._let_go()
            raise

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._lock.release()
        self._let_go()

    def _let_go(self) -> None:
        lock, users = self._locks[self._key]
        if users == 1:
            del self._locks[self._key]
        else:
            self._locks[self._key] = (lock, users - 1)
