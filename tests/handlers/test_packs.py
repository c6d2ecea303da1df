"""`pack REF`: the evidence pack is stored, sent as a document, audited, and holds the case."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pypdf
from PIL import Image
from sqlalchemy import select

from storage import files
from storage.db import transaction
from storage.models import AuditLog, StoredFile
from tests.handlers.officer_support import file, join, moped
from tests.support import Clock, harness, texts_of


def read_pdf(path: Path) -> tuple[int, str, int]:
    """The file's size, its text (spaces made single) and the images on its last page."""
    data = path.read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return len(data), text, len(reader.pages[-1].images)


async def test_the_pack_holds_the_statement_timeline_photo_links_and_references(
    sqlite_url, tmp_path
):
    # Summer: London is an hour ahead of UTC, so a time printed in UTC would show.
    clock = Clock(datetime(2026, 7, 6, 13, 10, tzinfo=UTC))
    async with harness(sqlite_url, clock, attachments_dir=str(tmp_path / "store")) as h:
        await join(h, "lsn-staff", "staff", shop="Leicester Square News")
        ref = await file(h, "demo-staff", moped(crn="CAD4521/06JUL", photo="console-photo-1"))
        picture = tmp_path / "snatch.jpg"
        Image.new("RGB", (640, 480), (200, 30, 30)).save(picture)
        async with transaction(h.runtime.sessions) as session:
            [row] = (await session.execute(select(StoredFile))).scalars().all()
            await files.mark_fetched(
                session, file_id=row.id, attempts=1, path=str(picture), size=picture.stat().st_size
            )
        clock.advance(minutes=2)
        other = await file(h, "lsn-staff", moped(place="coventry street"))
        clock.advance(minutes=20)
        await h.say("demo-officer", f"ack {ref}")
        await h.say("demo-officer", f"link {ref} {other}")
        clock.advance(minutes=30)
        await h.say("demo-officer", f"update {ref} CCTV collected from the shop")
        await h.say("demo-officer", f"crn {ref} 1234567/26")
        await h.inbox("demo-officer")

        [sent] = await h.say("demo-officer", f"pack {ref}")
        assert sent["text"].startswith(f"Evidence pack for {ref}: the report as a draft")
        assert "1 photo" in sent["text"]
        [attached] = sent["files"]
        assert attached["kind"] == "document" and attached["name"] == f"{ref}.pdf"
        async with h.runtime.sessions() as session:
            stored = await session.get(StoredFile, attached["id"])
            [audited] = (
                (await session.execute(select(AuditLog).where(AuditLog.action == "pack")))
                .scalars()
                .all()
            )
        assert stored is not None and stored.content_type == "application/pdf"
        path = Path(stored.path or "")
        assert audited.allowed and audited.case_id is not None
        assert path.is_relative_to(tmp_path / "store")
        size, text, images = read_pdf(path)
        assert size == stored.size
        assert images == 1, "the photo is in the pack"
        for fact in (
            f"Evidence pack {ref}",
            "Two lads on a moped grabbed a black handbag off a woman",  # their own words
            "towards Leicester Square",
            "black helmets, grey puffer jacket",
            "I work as",
            "Coventry Street Gifts",
            "1234567/26",
            "CAD4521/06JUL (given by the reporter)",
            other,  # linked
            "Report filed",
            "Seen by the police",
            "CCTV collected from the shop",
            "Linked with",
            "06/07/2026 14:10",  # filed, London time
            "06/07/2026 14:32",  # acknowledged
            "PC Patel (police officer)",
            "This statement (consisting of",
        ):
            assert fact in text, fact
        assert "06/07/2026 13:10" not in text


async def test_only_officers_get_packs(sqlite_url, clock, tmp_path):
    async with harness(sqlite_url, clock, attachments_dir=str(tmp_path)) as h:
        ref = await file(h, "demo-staff", moped())
        refused = texts_of(await h.say("demo-staff", f"pack {ref}"))
        assert refused.startswith("Sorry, pack is not available to shop staff.")
        assert "I can't find case WE-0042" in texts_of(await h.say("demo-officer", "pack WE-0042"))
        assert not list(tmp_path.rglob("*.pdf"))
