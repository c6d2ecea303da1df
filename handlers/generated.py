"""Files the product makes for people (charts, exports): written under the attachments dir,
recorded as stored files, named in an outbox payload's `files`."""

from __future__ import annotations

import asyncio
import mimetypes
import secrets
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from config.settings import Settings
from storage import files

FOLDER = "generated"


async def save_generated(
    session: AsyncSession,
    settings: Settings,
    *,
    data: bytes,
    name: str,
    kind: Literal["photo", "document"],
    now: datetime,
) -> dict[str, Any]:
    """Write `data` to a file of its own and record it; returns the payload's file entry."""
    folder = Path(settings.attachments_dir) / FOLDER / now.strftime("%Y-%m")
    # An unguessable name: the folder may be served or backed up with others.
    unique = f"{secrets.token_urlsafe(12)}-{name}"
    path = folder / unique
    await asyncio.to_thread(_write, path, data)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    file_id = await files.add_generated(
        session, path=str(path), content_type=content_type, name=unique, size=len(data), now=now
    )
    # The path is for the console, which shows where the file is on this machine.
    return {"id": file_id, "kind": kind, "name": name, "path": str(path.absolute())}


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
