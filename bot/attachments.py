"""The attachment store: fetches photos people sent from their platform onto local disk."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import mimetypes
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path

from bot.backoff import backoff
from bot.channels.base import Adapter, FetchError
from storage import files
from storage.db import Sessions, transaction
from storage.models import StoredFile
from storage.types import utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
MAX_BYTES = 20 * 1024 * 1024  # Telegram's own download limit for bots
LEASE = timedelta(minutes=5)
# Fetches wait ten times longer than messages: 10 s, 20 s … up to 50 minutes.
RETRY_BASE, RETRY_CAP = 10.0, 3000.0


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
        async with transaction(self._sessions) as session:
            rows = await files.claim_due(
                session,
                channels=list(self._adapters),
                now=self._clock(),
                max_attempts=MAX_ATTEMPTS,
                lease=LEASE,
                limit=limit,
            )
        for row in rows:
            await self._fetch(row)
        return len(rows)

    async def _fetch(self, row: StoredFile) -> None:
        file_id, attempts = row.id or 0, row.attempts + 1
        try:
            data, content_type = await self._adapters[row.channel].fetch(row.source)
            if len(data) > MAX_BYTES:
                raise FetchError("file too large", permanent=True)
            path = await asyncio.to_thread(
                self._write, row, data, content_type or row.content_type
            )
        except FetchError as exc:
            log.warning("could not fetch a %s file: %s", row.channel, exc)
            wait = backoff(attempts, base=RETRY_BASE, cap=RETRY_CAP)
            async with transaction(self._sessions) as session:
                await files.mark_fetch_failed(
                    session,
                    file_id=file_id,
                    attempts=MAX_ATTEMPTS if exc.permanent else attempts,
                    error=str(exc),
                    next_attempt_at=self._clock() + timedelta(seconds=wait),
                )
            return
        async with transaction(self._sessions) as session:
            await files.mark_fetched(
                session, file_id=file_id, attempts=attempts, path=str(path), size=len(data)
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
