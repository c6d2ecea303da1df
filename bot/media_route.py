"""`GET /media/{token}/{name}`: a case's photo or evidence pack, or a chart or export made to
send, at a signed, expiring URL, for WhatsApp (Twilio fetches the MediaUrl we send). Nothing
else is ever served here."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from fastapi import APIRouter, Response
from fastapi.responses import FileResponse

from config.settings import Settings, reveal
from storage import files
from storage.db import Sessions

PATH = "/media"
_TOKEN = re.compile(r"^(\d{1,12})-(\d{1,12})-([A-Za-z0-9_-]{43})$")
_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def media_key(settings: Settings) -> bytes | None:
    """The signing key: the media secret, or one derived from the Twilio auth token; None
    without either, and then no link is made or accepted."""
    secret = reveal(settings.media_secret)
    if secret:
        return secret.encode()
    token = reveal(settings.twilio_auth_token)
    if not token:
        return None
    return hmac.new(token.encode(), b"shopwatch media links", hashlib.sha256).digest()


def _signature(key: bytes, file_id: int, expires: int) -> str:
    mac = hmac.new(key, f"{file_id}:{expires}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def safe_name(name: str) -> str:
    """A file name fit for a URL path and a download: letters, digits, dot, dash, underscore."""
    return _NAME.sub("-", name).strip(".-")[:80] or "file"


class Signer:
    """Makes and checks the links: an HMAC over the file's id and the link's expiry."""

    def __init__(self, settings: Settings, clock: Callable[[], datetime]) -> None:
        self._key = media_key(settings)
        self._public = (settings.public_url or "").rstrip("/") or None
        self._lifetime = timedelta(minutes=settings.media_url_minutes)
        self._clock = clock

    def url(self, file_id: int, name: str) -> str | None:
        """The public link to a stored file, valid for the configured minutes; None without a
        public URL."""
        if self._public is None or self._key is None:
            return None
        expires = int((self._clock() + self._lifetime).timestamp())
        token = f"{file_id}-{expires}-{_signature(self._key, file_id, expires)}"
        return f"{self._public}{PATH}/{token}/{safe_name(name)}"

    def check(self, token: str) -> tuple[int, bool] | None:
        """(file id, still valid) for a genuine token; None for a forged or malformed one."""
        match = _TOKEN.match(token)
        if match is None or self._key is None:
            return None
        file_id, expires = int(match.group(1)), int(match.group(2))
        if not hmac.compare_digest(match.group(3), _signature(self._key, file_id, expires)):
            return None
        return file_id, self._clock().timestamp() < expires


def media_router(signer: Signer, sessions: Sessions) -> APIRouter:
    router = APIRouter()

    @router.get(PATH + "/{token}/{name}")
    async def media(token: str, name: str) -> Response:
        checked = signer.check(token)
        if checked is None:
            return Response("forbidden", status_code=403, media_type="text/plain")
        file_id, valid = checked
        if not valid:
            return _gone()
        async with sessions() as session:
            row = await files.stored(session, file_id=file_id)
        # Only a case's photos and packs, alerts' photos, and the charts and exports made to send.
        if row is None or not files.may_link(
            case_id=row.case_id, channel=row.channel, shared=row.shared
        ):
            return _gone()
        if not row.path:
            return _gone()
        path = Path(row.path)
        if not await asyncio.to_thread(path.is_file):
            return _gone()
        return FileResponse(
            path,
            media_type=row.content_type,
            filename=safe_name(name),
            content_disposition_type="inline",
            headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
        )

    return router


def _gone() -> Response:
    return Response("not found", status_code=404, media_type="text/plain")
