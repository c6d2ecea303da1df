"""The attachment store: fetches photos people sent from their platform onto local disk."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import mimetypes
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select, update

from bot.channels.base import Adapter, FetchError
from bot.sender import backoff
from storage.db import Sessions, transaction
from storage.models import StoredFile
from storage.types import utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
MAX_BYTES = 20 * 1024 * 1024  # Telegram's own download limit for bots


class FileFetcher:
    def __init__(
        self,
        sessions: Sessions,
        adapters: Mapping[str, Adapter],
        directory: Path,
        *,
        clock: Callable[[], datetime] = utcnow,
        idle_wait: float = 5.0,
    ) -> None:
        self._sessions = sessions
        self._adapters = adapters
        self._directory = directory
        self._clock = clock
        self._idle_wait = idle_wait

    async def run(self) -> None:
        while True:
            try:
                fetched = await self.fetch_due()
            except Exception:
                log.exception("attachment pass failed; trying again shortly")
                fetched = 0
            if not fetched:
                await asyncio.sleep(self._idle_wait)

    async def fetch_due(self, limit: int = 10) -> int:
        """Fetch up to `limit` files that are due; returns how many were attempted."""
        if not self._adapters:
            return 0
        now = self._clock()
        query = (
            select(StoredFile)
            .where(
                StoredFile.path.is_(None),  # type: ignore[union-attr]
                StoredFile.attempts < MAX_ATTEMPTS,
                StoredFile.next_attempt_at <= now,
                StoredFile.channel.in_(list(self._adapters)),  # type: ignore[attr-defined]
            )
            .order_by(StoredFile.id)  # type: ignore[arg-type]
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        async with transaction(self._sessions) as session:
            rows = list((await session.execute(query)).scalars())
            for row in rows:  # a lease, so another process leaves them alone meanwhile
                row.next_attempt_at = now + timedelta(minutes=5)
        for row in rows:
            await self._fetch(row)
        return len(rows)

    async def _fetch(self, row: StoredFile) -> None:
        values: dict[str, object] = {"attempts": row.attempts + 1}
        try:
            data, content_type = await self._adapters[row.channel].fetch(row.source)
            if len(data) > MAX_BYTES:
                raise FetchError("file too large", permanent=True)
            path = await asyncio.to_thread(
                self._write, row, data, content_type or row.content_type
            )
            values |= {"path": str(path), "size": len(data), "error": None}
        except FetchError as exc:
            values["error"] = str(exc)[:300]
            if exc.permanent:
                values["attempts"] = MAX_ATTEMPTS
            wait = backoff(row.attempts + 1) * 10
            values["next_attempt_at"] = self._clock() + timedelta(seconds=wait)
            log.warning("could not fetch a %s file: %s", row.channel, exc)
        async with transaction(self._sessions) as session:
            await session.execute(
                update(StoredFile).where(StoredFile.id == row.id).values(**values)
            )

    def _write(self, row: StoredFile, data: bytes, content_type: str) -> Path:
        # Named by a hash of the source: no personal data or tokens in file names.
        name = hashlib.sha256(f"{row.channel}:{row.source}".encode()).hexdigest()[:32]
        suffix = mimetypes.guess_extension(content_type.split(";")[0].strip()) or ".bin"
        folder = self._directory / row.channel
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}{suffix}"
        path.write_bytes(data)
        return path
