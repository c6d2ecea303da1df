"""The attachment store: fetches files people sent from their platform onto local disk (streamed,
typed by their bytes, photos cleaned of metadata), and finds stored files for the channels that
send them on (a WhatsApp photo to a Telegram officer, say), fetching one at once if need be."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import mimetypes
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.backoff import backoff
from bot.channels.base import Adapter, FetchError
from bot.media import MB, Refused, strip_metadata
from handlers.media import file_refused
from storage import files
from storage.db import Sessions, transaction
from storage.models import StoredFile
from storage.types import row_id, utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=5)
# Fetches wait ten times longer than messages: 10 s, 20 s … up to 50 minutes.
RETRY_BASE, RETRY_CAP = 10.0, 3000.0
# How long a send waits for a photo from another platform before going without it.
FETCH_NOW_TIMEOUT = 20.0  # well inside the sender's 60 s lease
ELSEWHERE_WAIT = 10.0  # …and for one another process is fetching


@dataclass(frozen=True)
class Media:
    """A stored file an outbox payload names, as a channel needs it to send it on."""

    id: int
    kind: str  # "photo" or "document"
    name: str
    content_type: str
    path: Path | None  # on disk, once fetched
    channel: str  # where it came from ("telegram", "whatsapp", "console", "generated")
    source: str
    telegram_file_id: str | None
    telegram_bot: str | None
    case_id: int | None
    shared: bool = False  # an alert's photo, sent on to others

    def read(self) -> bytes:
        assert self.path is not None
        return self.path.read_bytes()


def _media(row: StoredFile, kind: str, name: str | None = None) -> Media:
    suffix = mimetypes.guess_extension(row.content_type) or ""
    return Media(
        id=row_id(row),
        kind=kind,
        name=name or f"photo-{row_id(row)}{suffix}",
        content_type=row.content_type,
        path=Path(row.path) if row.path else None,
        channel=row.channel,
        source=row.source,
        telegram_file_id=row.telegram_file_id,
        telegram_bot=row.telegram_bot,
        case_id=row.case_id,
        shared=row.shared,
    )


class FileFetcher:
    def __init__(
        self,
        sessions: Sessions,
        adapters: Mapping[str, Adapter],
        directory: Path,
        *,
        clock: Callable[[], datetime] = utcnow,
        idle_wait: float = 5.0,
        tz: ZoneInfo | None = None,
        on_outbox: Callable[[], None] = lambda: None,
    ) -> None:
        self._sessions = sessions
        self._adapters = adapters  # filled once the adapters exist: they use us to send
        self._directory = directory
        self._clock = clock
        self._idle_wait = idle_wait
        self._tz = tz or ZoneInfo("Europe/London")
        self._on_outbox = on_outbox
        self._fetching: dict[int, asyncio.Lock] = {}

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

    # --- what the channels send on ----------------------------------------------------------

    async def photos(self, sources: Sequence[str]) -> list[Media]:
        """The stored files of these photo sources, in order; unknown sources are left out."""
        async with self._sessions() as session:
            rows = await files.by_sources(session, channel=None, sources=list(sources))
        return [_media(rows[source], "photo") for source in sources if source in rows]

    async def ensure(self, media: Media) -> Media | None:
        """The file on disk, fetched now if it was not yet (a send waits for it, up to a
        bound); None when it cannot be had now."""
        if media.path is not None:
            return media
        # One fetch per file in this process: the alert to every officer waits for the same.
        lock = self._fetching.setdefault(media.id, asyncio.Lock())
        try:
            async with lock:
                async with self._sessions() as session:
                    row = await files.stored(session, file_id=media.id)
                if row is not None and row.path is None:
                    try:
                        row = await self._fetch_now(row)
                    except Exception:  # a photo must never hold back the message it goes with
                        log.exception("fetching a %s file to send it failed", media.channel)
                        row = None
        finally:
            if not lock.locked():
                self._fetching.pop(media.id, None)
        return _media(row, media.kind, media.name) if row is not None and row.path else None

    async def _fetched_elsewhere(self, row: StoredFile) -> StoredFile | None:
        """Another process holds the file's lease: wait a little for it to be stored."""
        if row.attempts:
            return None  # it failed before and waits to be tried again: do not hold the send
        for _ in range(int(ELSEWHERE_WAIT / 0.25)):
            await asyncio.sleep(0.25)
            async with self._sessions() as session:
                again = await files.stored(session, file_id=row_id(row))
            if again is None or again.path or again.attempts >= MAX_ATTEMPTS:
                return again
        return None

    async def generated(self, entries: Sequence[dict[str, Any]]) -> list[Media]:
        """The files an outbox payload's `files` names ({"id", "kind", "name"}), in order."""
        ids = [int(e["id"]) for e in entries if isinstance(e.get("id"), int)]
        async with self._sessions() as session:
            rows = await files.generated_files(session, file_ids=ids)
        return [
            _media(rows[int(e["id"])], str(e.get("kind") or "document"), str(e.get("name") or ""))
            for e in entries
            if isinstance(e.get("id"), int) and int(e["id"]) in rows
        ]

    async def note_telegram_file(self, media: Media, *, telegram_file_id: str, bot: str) -> None:
        """Telegram's file_id for a file we uploaded, so that bot sends it again by id."""
        async with transaction(self._sessions) as session:
            await files.note_telegram_file(
                session, file_id=media.id, telegram_file_id=telegram_file_id, bot=bot
            )

    async def _fetch_now(self, row: StoredFile) -> StoredFile | None:
        """Fetch one file at once; its row after, if stored. When another process holds its
        lease, wait a little for that one instead."""
        if row.channel not in self._adapters:
            return None
        async with transaction(self._sessions) as session:
            claimed = await files.claim_one(
                session,
                file_id=row_id(row),
                now=self._clock(),
                max_attempts=MAX_ATTEMPTS,
                lease=LEASE,
            )
        if claimed is None:
            return await self._fetched_elsewhere(row)
        try:
            async with asyncio.timeout(FETCH_NOW_TIMEOUT):
                await self._fetch(claimed)
        except TimeoutError:
            log.warning("a %s file took too long to fetch; sent without it", row.channel)
            return None
        async with self._sessions() as session:
            return await files.stored(session, file_id=row_id(row))

    # --- fetching ---------------------------------------------------------------------------

    async def _fetch(self, row: StoredFile) -> None:
        file_id, attempts = row.id or 0, row.attempts + 1
        adapter = self._adapters[row.channel]
        try:
            original, content_type = await adapter.fetch(row.source)
            data = await asyncio.to_thread(strip_metadata, original, content_type)
            path = await asyncio.to_thread(self._write, row, data, content_type)
        except Refused as exc:
            await self._refused(row, exc, attempts)
            return
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
        # The platform's own file_id is reused only for exactly what we keep: a photo that had
        # metadata removed is uploaded clean instead (and gets a file_id of its own then).
        owner = adapter.file_owner if data == original else None
        async with transaction(self._sessions) as session:
            await files.mark_fetched(
                session,
                file_id=file_id,
                attempts=attempts,
                path=str(path),
                size=len(data),
                content_type=content_type,
                telegram_file_id=row.source if owner else None,
                telegram_bot=owner,
            )

    async def _refused(self, row: StoredFile, exc: Refused, attempts: int) -> None:
        """Never kept: recorded as refused, taken off its case, and the sender told why."""
        log.info("refused a %s file: %s", row.channel, exc)
        limits = getattr(self._adapters[row.channel], "download_limits", None)
        limit = limits.of(row.content_type) if limits is not None else 0
        async with transaction(self._sessions) as session:
            await files.mark_fetch_failed(
                session,
                file_id=row_id(row),
                attempts=MAX_ATTEMPTS,
                error=f"refused ({exc.reason}): {exc}",
                next_attempt_at=self._clock(),
            )
            told = await file_refused(
                session,
                file=row,
                reason=exc.reason,
                limit_mb=limit // MB,
                now=self._clock(),
                tz=self._tz,
            )
        if told:
            self._on_outbox()

    def _write(self, row: StoredFile, data: bytes, content_type: str) -> Path:
        # Named by a hash of the source: no personal data or tokens in file names.
        name = hashlib.sha256(f"{row.channel}:{row.source}".encode()).hexdigest()[:32]
        suffix = mimetypes.guess_extension(content_type) or ".bin"
        folder = self._directory / row.channel
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}{suffix}"
        path.write_bytes(data)
        return path
