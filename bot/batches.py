"""One writer for many callers: the writes waiting when it starts are committed together.

A transaction costs more than most single writes in it, so callers that write at the same
moment (the sender's marks and records, WhatsApp's status callbacks) share one. Each caller
awaits its own write's result. A batch that fails is tried again one write at a time, so one
bad write fails only its own caller.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

W = TypeVar("W")


class Batches(Generic[W]):
    def __init__(self, commit: Callable[[list[W]], Awaitable[list[Any]]], *, name: str) -> None:
        """`commit(batch)` writes the batch in one transaction: a result for each write."""
        self._commit_batch = commit
        self._name = name
        self._waiting: list[tuple[W, asyncio.Future[Any]]] = []
        self._writer: asyncio.Task[None] | None = None
        self.transactions = 0  # committed, for tests and benchmarks
        self.writes = 0

    def add(self, write: W) -> asyncio.Future[Any]:
        """Queue `write` for the next batch; the future holds its result once committed."""
        done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting.append((write, done))
        if self._writer is None:
            self._writer = asyncio.create_task(self._write_all(), name=self._name)
        return done

    async def _write_all(self) -> None:
        try:
            while self._waiting:
                batch, self._waiting = self._waiting, []
                await self._commit(batch)
        finally:
            self._writer = None

    async def _commit(self, batch: list[tuple[W, asyncio.Future[Any]]]) -> None:
        try:
            results = await self._commit_batch([write for write, _ in batch])
        except Exception as exc:
            if len(batch) > 1:
                for one in batch:
                    await self._commit([one])
            elif not batch[0][1].done():
                batch[0][1].set_exception(exc)
            return
        self.transactions += 1
        self.writes += len(batch)
        for (_, done), result in zip(batch, results, strict=True):
            if not done.done():
                done.set_result(result)
