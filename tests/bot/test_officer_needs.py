"""Issue 12 end to end through the channel endpoints: a WhatsApp reporter's moped snatch reaches
a Telegram officer complete, a second shop's report of it is linked, an update reaches both
reporters, the pack comes back as a PDF, a referral reaches the outreach contact, and a removed
officer hears nothing more."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
from PIL import Image
from sqlalchemy import select

from fakes import telegram_updates as tu
from storage.models import Member, Outbox, StoredFile
from tests.bot.telegram_support import text_of
from tests.bot.test_officer_loop import both
from tests.bot.whatsapp_support import FLOWS

ALICE = "+447700900123"  # Coventry Street Gifts
LEE = "+447700900456"  # Leicester Square News
SNATCH = ["report", "moped snach", "yes", *FLOWS["moped_snatch"][3:], "1"]
SECOND_SHOP = [
    "report",
    "moped snatch",
    "no",
    "just now",
    "2",
    "coventry street",
    "Customer's phone grabbed out of her hand by two lads on a black moped",
    "2",  # a customer
    "1",  # moped
    "black",
    "LD19",
    "2",
    "dark helmets, one in a grey hoodie",
    "towards piccadilly",
    "yes",
    "no",
    "skip",
    "send",
]
BEGGING = ["report", "begging", "no", "just now", "leicster sq", "1", "Asking for money"]
BEGGING += ["yes", "yes", "1", "Grey coat, sleeping bag", "skip", "no", "no", "skip", "send"]


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (480, 360), (20, 20, 160)).save(out, "JPEG")
    return out.getvalue()


def read_pdf(path: Path) -> tuple[str, int]:
    return read_pdf_bytes(path.read_bytes())


def read_pdf_bytes(data: bytes) -> tuple[str, int]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return text, sum(len(page.images) for page in reader.pages)


async def test_what_an_officer_needs_to_act(database_url, clock, tmp_path):
    async with both(database_url, clock, tmp_path) as (telegram, wa):
        await wa.join(ALICE)
        await wa.join(LEE, shop="Leicester Square News", name="Lee Chan")
        officer = telegram.chat(tu.BOB)
        await officer.join(await telegram.invite("officer"))
        outreach = telegram.chat(tu.make_user(7003, "Olu", last_name="Ade"))
        await outreach.join(await telegram.invite("outreach"))

        # A complete alert for the WhatsApp reporter's moped snatch.
        for line in SNATCH:
            if line == "PHOTO":
                await wa.photo(ALICE, data=jpeg())
            elif line == "LOCATION":
                await wa.location(51.5104, -0.1323, ALICE, address="Coventry St, London")
            else:
                await wa.say(line, ALICE)
        # The WhatsApp photo comes with it, uploaded from the store, the alert its caption.
        [alert] = await officer.replies()
        lines = alert["caption"].split("\n")
        assert lines[0] == "New moped snatch report WE-0001"
        assert lines[2] == "Someone was hurt or in danger"
        where = alert["caption"].index(lines[2])
        danger = {"type": "bold", "offset": where, "length": len(lines[2])}
        assert danger in alert["caption_entities"]
        for fact in ("Number plate: LD19 ABC", "Direction: towards Piccadilly Circus"):
            assert fact in lines
        [uploaded] = telegram.tg.uploads(officer.id)
        assert Image.open(io.BytesIO(uploaded.data)).size == (480, 360)
        assert await telegram.h.runtime.fetcher.fetch_due() == 0  # fetched to send it

        # Another shop reports it too; the officer is told it may be the same, and links them.
        clock.advance(minutes=3)
        for line in SECOND_SHOP:
            await wa.say(line, LEE)
        second, maybe = await officer.replies()
        assert second["text"].startswith("New moped snatch report WE-0002")
        assert "Possibly the same as WE-0001 (Coventry Street, 3 min apart" in maybe["text"]
        linked = await officer.press("Link with WE-0001")
        assert "WE-0002 and WE-0001 are linked as one incident" in text_of(linked)

        # One update reaches both reporters, each about their own report.
        clock.advance(minutes=5)
        await wa.inbox(ALICE)
        await wa.inbox(LEE)
        await officer.say("/update WE-0002 Officers are reviewing the CCTV on Coventry Street")
        [to_alice] = await wa.inbox(ALICE)
        [to_lee] = await wa.inbox(LEE)
        assert to_alice.startswith("Update on WE-0001 (moped snatch")
        assert to_lee.startswith("Update on WE-0002 (moped snatch")
        for pushed in (to_alice, to_lee):
            assert "Bob - Officers are reviewing the CCTV on Coventry Street" in pushed

        # The pack: a PDF in the attachment store, sent as a document, holding the case.
        [sent] = await officer.say("/pack WE-0001")
        assert sent["caption"].startswith("Evidence pack for WE-0001: the report as a draft")
        assert sent["document"]["file_name"] == "WE-0001.pdf"
        pdf = telegram.tg.uploads(officer.id)[-1]
        assert "Evidence pack WE-0001" in read_pdf_bytes(pdf.data)[0]
        async with telegram.h.runtime.sessions() as session:
            rows = (await session.execute(select(Outbox).order_by(Outbox.id))).scalars().all()
            [attached] = rows[-1].payload["files"]
            stored = await session.get(StoredFile, attached["id"])
        assert attached["kind"] == "document" and attached["name"] == "WE-0001.pdf"
        text, images = read_pdf(Path(stored.path))
        assert images == 1
        for fact in (
            "Phone grabbed from a customer's hand",
            "towards Piccadilly Circus",
            "LD19 ABC",
            "Alice Marsh",
            "someone was hurt or in danger",
            "Report filed",
            "Linked with WE-0002 as one incident",
            "Officers are reviewing the CCTV on Coventry Street",
            "23/11/2026 14:30",
            "23/11/2026 14:38",
            "WE-0002",
        ):
            assert fact in text, fact

        # A begging report with a referral reaches the outreach contact.
        for line in BEGGING:
            await wa.say(line, ALICE)
        [referral] = await outreach.replies()
        assert referral["text"].startswith(
            "StreetLink referral from Coventry Street Gifts, West End: WE-0003"
        )
        assert "Description: Grey coat, sleeping bag" in referral["text"]

        # A removed officer gets one line saying so, and nothing more.
        await officer.replies()
        async with telegram.h.runtime.sessions() as session:
            bob = await session.execute(select(Member).where(Member.display_name == "Bob"))
            bob_id = bob.scalar_one().id
        await telegram.h.say("demo-manager", f"members remove {bob_id} yes")
        [goodbye] = await officer.replies()
        assert goodbye["text"].startswith("You have been removed from ShopWatch for West End")
        clock.advance(minutes=1)
        for line in SECOND_SHOP[:-1]:
            await wa.say(line, ALICE)
        filed = await wa.say("send", ALICE)
        assert "Your reference is *WE-0004*" in filed[0]
        assert await officer.replies() == []
        assert "invite code" in text_of(await officer.say("/cases"))
