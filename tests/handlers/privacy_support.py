"""Cases with personal details in them, for the retention, audit and erasure tests."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from storage import files
from storage.db import transaction
from storage.models import Case, StoredFile
from tests.handlers.test_conversations import SHOPLIFTING, run_lines
from tests.support import Harness

DESCRIPTION = "tall, grey hoodie, about 30"  # typed in SHOPLIFTING
WHAT = "Took three bottles of perfume and ran off"


async def file_with_photo(h: Harness, handle: str = "demo-staff", photo: str = "p1.jpg") -> str:
    """A shoplifting report with a description of the offender and one photo."""
    await run_lines(h, handle, SHOPLIFTING[:-1])
    await h.say(handle, photo={"content_type": "image/jpeg", "source": photo})
    await h.say(handle, "done")
    done = await h.say(handle, "send")
    ref = done[-1]["case_ref"]
    assert ref.startswith("WE-"), done
    return ref


async def store_photos(h: Harness, directory: Path) -> list[Path]:
    """Pretend the attachment store fetched every photo asked for: a file on disk for each."""
    made = []
    async with transaction(h.runtime.sessions) as session:
        for row in (await session.execute(select(StoredFile).order_by(StoredFile.id))).scalars():
            path = _fake_jpeg(directory / f"{row.id}.jpg")
            await files.mark_fetched(
                session, file_id=row.id or 0, attempts=1, path=str(path), size=20
            )
            made.append(path)
    return made


async def case_of(h: Harness, ref: str) -> Case:
    async with h.runtime.sessions() as session:
        case = (await session.execute(select(Case).where(Case.ref == ref))).scalar_one()
    return case


def _fake_jpeg(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    return path
