"""Photos and packs across channels, through the real endpoints against the fakes: a phone's
photo is stored without its location, reaches an officer on their own channel with the alert
and with `case`, and `pack` arrives as a Telegram document or as WhatsApp media that Twilio
fetched from the signed, expiring /media URL the app serves over real HTTP."""

from __future__ import annotations

import asyncio
import io
import re
from pathlib import Path

import httpx
import pypdf
from PIL import Image
from sqlalchemy import select, update

from bot.chat import render
from fakes import telegram_updates as tu
from flows import texts
from storage.db import transaction
from storage.models import Case, StoredFile
from tests.bot.telegram_support import Chat, text_of
from tests.bot.test_officer_loop import both
from tests.bot.test_telegram_flows import FLOWS as TG_FLOWS
from tests.bot.whatsapp_support import FLOWS as WA_FLOWS
from tests.handlers.officer_support import file, moped
from tests.media_support import DEVICE, gps_of, jpeg_with_gps, served
from tests.support import Harness, harness

REPORTER_WA = "+447700900123"
OFFICER_WA = "+447700900555"
LINK = re.compile(r"^https://shopwatch\.example/media/(\d+)-(\d+)-([A-Za-z0-9_-]{43})/(.+)$")


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def clean_photo(data: bytes, size: tuple[int, int]) -> None:
    """A JPEG without location or device, turned upright."""
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and image.size == size
    assert gps_of(data) == {} and not image.getexif()
    assert DEVICE.encode() not in data and b"taken at the till" not in data


async def stored_files(h: Harness) -> list[StoredFile]:
    async with h.runtime.sessions() as session:
        return list((await session.execute(select(StoredFile).order_by(StoredFile.id))).scalars())


async def telegram_report(reporter: Chat, photo: bytes) -> None:
    """A shoplifting report on Telegram, its photo `photo`, sent."""
    steps, _ = TG_FLOWS["shoplifting"]
    for step in steps:
        if step[0] == "say":
            await reporter.say(step[1])
        elif step[0] == "press":
            await reporter.press(step[1])
        elif step[0] == "where":
            await reporter.share_location(step[1], step[2])
        else:
            await reporter.send_photo(photo)
    assert "Your reference is WE-0001" in text_of(await reporter.press("Send"))


async def test_a_whatsapp_photo_reaches_a_telegram_officer_without_its_location(
    database_url, clock, tmp_path
):
    async with both(database_url, clock, tmp_path) as (telegram, wa):
        await wa.join(REPORTER_WA)
        officer = telegram.chat(tu.BOB)
        await officer.join(await telegram.invite("officer"))
        second = telegram.chat(tu.make_user(7004, "Priya"))
        await second.join(await telegram.invite("officer"))
        taken = jpeg_with_gps((64, 48), orientation=6)  # held sideways
        assert gps_of(taken) and DEVICE.encode() in taken
        for line in [*WA_FLOWS["shoplifting"], "1"]:
            if line == "PHOTO":
                await wa.photo(REPORTER_WA, data=taken)
            else:
                await wa.say(line, REPORTER_WA)

        # With the alert: uploaded from the store (multipart), upright, without location.
        [alert] = await officer.replies()
        assert alert["caption"].startswith("New shoplifting report WE-0001")
        [uploaded] = telegram.tg.uploads(officer.id)
        clean_photo(uploaded.data, (48, 64))
        [other] = await second.replies()  # every officer, though it was fetched once
        assert other["photo"] and other["caption"] == alert["caption"]
        assert len([c for c in wa.tw.calls() if c.method == "GET cdn"]) == 1
        [kept] = await stored_files(telegram.h)
        assert kept.case_id is not None and kept.content_type == "image/jpeg"
        clean_photo(await asyncio.to_thread(Path(kept.path or "").read_bytes), (48, 64))
        assert kept.telegram_bot == telegram.tg.token.split(":")[0] and kept.telegram_file_id

        # With `case`: the file_id Telegram gave the upload, reused by the same bot.
        shown = await officer.say("/case WE-0001")
        assert "WE-0001" in text_of(shown) and len(telegram.tg.uploads(officer.id)) == 1
        by_id = telegram.tg.calls("sendPhoto")[-1]
        assert by_id.params["photo"] == kept.telegram_file_id

        # Another bot (the token changed): its file_id is not reused; the bytes go again.
        async with transaction(telegram.h.runtime.sessions) as session:
            await session.execute(update(StoredFile).values(telegram_bot="999"))
        await officer.say("/case WE-0001")
        assert len(telegram.tg.uploads(officer.id)) == 2


async def test_a_telegram_photo_reaches_a_whatsapp_officer_by_a_signed_link(
    database_url, clock, tmp_path
):
    async with both(database_url, clock, tmp_path) as (telegram, wa):
        async with served(telegram.h.app) as base:
            wa.tw.route("https://shopwatch.example", base)
            await wa.join(OFFICER_WA, role="officer", shop=None, name="PC Ade")
            reporter = telegram.chat(tu.ALICE)
            await reporter.join(await telegram.invite())
            await telegram_report(reporter, jpeg_with_gps((64, 48)))

            # The alert's text, then the photo as media Twilio fetched from our link.
            bodies = await wa.inbox(OFFICER_WA)
            assert bodies[0].startswith("New shoplifting report *WE-0001*")
            sent = await wa.tw.wait_for_media(lambda m: m.to == f"whatsapp:{OFFICER_WA}")
            [fetched] = sent.fetched
            assert fetched.ok and fetched.content_type == "image/jpeg"
            clean_photo(fetched.data, (64, 48))
            link = LINK.match(fetched.url)
            assert link is not None, fetched.url

            # `case` shows it again, by a link of its own.
            wa.tw.clear()
            await wa.say("case WE-0001", OFFICER_WA)
            again = await wa.tw.wait_for_media(lambda m: m.to == f"whatsapp:{OFFICER_WA}")
            assert again.fetched[0].ok and again.fetched[0].data == fetched.data

            # The link: forged is refused, expired is gone, and it serves case files only.
            file_id, expires, signature, name = link.groups()
            async with httpx.AsyncClient(base_url=base) as client:
                path = f"/media/{file_id}-{expires}-{signature}/{name}"
                assert (await client.get(path)).status_code == 200
                forged = f"/media/{file_id}-{int(expires) + 3600}-{signature}/{name}"
                assert (await client.get(forged)).status_code == 403
                other = f"/media/{int(file_id) + 1}-{expires}-{signature}/{name}"
                assert (await client.get(other)).status_code == 403
                assert (await client.get("/media/../../etc/passwd")).status_code == 404
                clock.advance(minutes=31)
                assert (await client.get(path)).status_code == 404
                signer = telegram.h.app.state.runtime.adapters["whatsapp"]._signer
                async with transaction(telegram.h.runtime.sessions) as session:
                    await session.execute(update(StoredFile).values(case_id=None))
                not_of_a_case = signer.url(int(file_id), "x.jpg").split("example", 1)[1]
                assert (await client.get(not_of_a_case)).status_code == 404


async def test_pack_on_whatsapp_is_a_pdf_twilio_fetched_and_on_telegram_a_document(
    database_url, clock, tmp_path
):
    async with both(database_url, clock, tmp_path) as (telegram, wa):
        async with served(telegram.h.app) as base:
            wa.tw.route("https://shopwatch.example", base)
            await wa.join(OFFICER_WA, role="officer", shop=None, name="PC Ade")
            officer = telegram.chat(tu.BOB)
            await officer.join(await telegram.invite("officer"))
            reporter = telegram.chat(tu.ALICE)
            await reporter.join(await telegram.invite())
            await telegram_report(reporter, jpeg_with_gps((64, 48)))
            await wa.inbox(OFFICER_WA)
            # The reporter's own file_id would forward their GPS: the clean copy goes instead.
            [alert] = await officer.replies()
            assert alert["photo"][-1]["file_id"] != reporter.last_photo
            clean_photo(telegram.tg.uploads(officer.id)[0].data, (64, 48))
            wa.tw.clear()

            await wa.say("pack WE-0001", OFFICER_WA)
            told, _ = [m.body for m in wa.messages(OFFICER_WA)]
            assert told.startswith("Evidence pack for WE-0001")
            sent = await wa.tw.wait_for_media(lambda m: m.to == f"whatsapp:{OFFICER_WA}")
            [fetched] = sent.fetched
            assert fetched.ok and fetched.content_type == "application/pdf"
            assert fetched.url.endswith("/WE-0001.pdf")
            assert "Evidence pack WE-0001" in pdf_text(fetched.data)

            [document] = await officer.say("/pack WE-0001")
            assert document["document"]["file_name"] == "WE-0001.pdf"
            assert document["caption"].startswith("Evidence pack for WE-0001")
            upload = telegram.tg.uploads(officer.id)[-1]
            assert upload.filename == "WE-0001.pdf" and "WE-0001" in pdf_text(upload.data)


async def test_a_file_that_is_not_a_photo_is_refused_kindly_and_the_report_stands(
    database_url, clock, tmp_path
):
    async with both(database_url, clock, tmp_path) as (telegram, wa):
        await wa.join(REPORTER_WA)
        gif = b"GIF89a" + b"\x00" * 200  # declared a JPEG by the sender, a GIF by its bytes
        for line in [*WA_FLOWS["shoplifting"], "1"]:
            if line == "PHOTO":
                await wa.photo(REPORTER_WA, data=gif)
            else:
                await wa.say(line, REPORTER_WA)
        await wa.inbox(REPORTER_WA)
        assert await telegram.h.runtime.fetcher.fetch_due() == 1
        [told] = await wa.inbox(REPORTER_WA)
        assert told.startswith("The file you sent with WE-0001 could not be kept")
        assert "add WE-0001" in told
        [refused] = await stored_files(telegram.h)
        assert refused.path is None and (refused.error or "").startswith("refused (type)")
        async with telegram.h.runtime.sessions() as session:
            case = (await session.execute(select(Case))).scalar_one()
        assert case.attachments == [] and case.status == "new"

        # Too large for WhatsApp's 5 MB for images: stopped on the way, and said so.
        big = b"\xff\xd8\xff\xe0" + b"\x00" * (5 * 1024 * 1024 + 10)
        await wa.say("add WE-0001", REPORTER_WA)
        await wa.photo(REPORTER_WA, data=big)
        await wa.say("done", REPORTER_WA)
        await wa.inbox(REPORTER_WA)
        assert await telegram.h.runtime.fetcher.fetch_due() == 1
        [too_big] = await wa.inbox(REPORTER_WA)
        assert "too large to keep (at most 5 MB here)" in too_big
        assert texts.MEDIA_WHY  # the words exist for every reason


async def test_a_telegram_file_over_20_mb_is_refused_before_it_is_downloaded(
    database_url, clock, tmp_path
):
    async with both(database_url, clock, tmp_path) as (telegram, _):
        reporter = telegram.chat(tu.ALICE)
        await reporter.join(await telegram.invite())
        await telegram_report(reporter, b"\xff\xd8\xff\xe0" + b"\x00" * (20 * 1024 * 1024 + 1))
        assert await telegram.h.runtime.fetcher.fetch_due() == 1
        assert telegram.tg.calls("file") == []  # getFile told the size; nothing downloaded
        [told] = await reporter.replies()
        assert "too large to keep (at most 20 MB here)" in told["text"]


async def test_pack_on_the_console_is_a_file_path(sqlite_url, clock, tmp_path):
    async with harness(sqlite_url, clock, attachments_dir=str(tmp_path / "store")) as h:
        ref = await file(h, "demo-staff", moped())
        await h.inbox("demo-officer")
        [sent] = await h.say("demo-officer", f"pack {ref}")
        [attached] = sent["files"]
        path = Path(attached["path"])
        assert path.is_relative_to(tmp_path / "store") and path.suffix == ".pdf"
        assert ref in pdf_text(await asyncio.to_thread(path.read_bytes))
        shown = render(sent, tty=False)
        assert shown.startswith(f"Evidence pack for {ref}") and f"File: {path}" in shown
