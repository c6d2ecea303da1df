"""The fakes' file protocol: Bot API uploads and file_ids, and Twilio fetching MediaUrl."""

from __future__ import annotations

import pytest
import telegram
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import InputFile
from telegram.error import BadRequest
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from fakes import FakeTelegram, FakeTwilio
from fakes.server import running_async
from fakes.twilio_api import WHATSAPP_SANDBOX_NUMBER

USER = 424242
PDF = b"%PDF-1.7\n an evidence pack \n%%EOF"


@pytest.fixture
async def bot():
    async with FakeTelegram() as tg:
        b = telegram.Bot(tg.token, base_url=tg.api_url, base_file_url=tg.file_url)
        async with b:
            yield b, tg


async def test_send_document_by_upload_then_by_its_file_id(bot) -> None:
    b, tg = bot
    sent = await b.send_document(USER, InputFile(PDF, filename="WE-0001.pdf"), caption="pack")
    assert sent.document.file_name == "WE-0001.pdf" and sent.caption == "pack"
    assert sent.document.mime_type == "application/pdf" and sent.document.file_size == len(PDF)
    [upload] = tg.uploads(USER)
    assert upload.data == PDF and upload.filename == "WE-0001.pdf"
    assert tg.calls("sendDocument")[0].headers["content-type"].startswith("multipart/form-data")
    again = await b.send_document(USER, sent.document.file_id)
    assert again.document.file_id == sent.document.file_id and len(tg.uploads()) == 1
    file = await b.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == PDF


async def test_a_file_id_the_bot_never_issued_is_refused(bot) -> None:
    b, _ = bot
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await b.send_photo(USER, "AgACAgIAAxkBAAIanotherbotsfileid0123456789")
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await b.send_document(USER, "BQACAgIAAxkBAAIanotherbotsfileid0123456789")


async def test_twilio_fetches_media_urls_over_http_through_the_public_route() -> None:
    seen: list[str] = []

    async def media(request: Request) -> Response:
        seen.append(request.url.path)
        if request.path_params["name"] == "gone.pdf":
            return Response("not found", status_code=404)
        return Response(PDF, media_type="application/pdf")

    app = Starlette(routes=[Route("/media/{name}", media)])
    async with FakeTwilio() as tw, running_async(app) as base:
        tw.route("https://shopwatch.example", base)
        client = Client(tw.account_sid, tw.auth_token, http_client=AsyncTwilioHttpClient())
        client.api.base_url = tw.base_url
        try:
            for name in ("WE-0001.pdf", "gone.pdf"):
                await client.messages.create_async(
                    to="whatsapp:+447700900123",
                    from_=WHATSAPP_SANDBOX_NUMBER,
                    media_url=[f"https://shopwatch.example/media/{name}"],
                )
        finally:
            await client.http_client.close()
        good = await tw.wait_for_media(lambda m: m.media_urls[0].endswith("WE-0001.pdf"))
        bad = await tw.wait_for_media(lambda m: m.media_urls[0].endswith("gone.pdf"))
    assert seen == ["/media/WE-0001.pdf", "/media/gone.pdf"]
    assert good.fetched[0].ok and good.fetched[0].data == PDF and good.status == "queued"
    assert not bad.fetched[0].ok and bad.status == "failed"
    assert bad.resource["error_code"] == 63019
