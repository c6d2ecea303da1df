"""The fakes speak the real protocols: exercised with the real PTB and twilio clients over HTTP."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import time
import warnings

import httpx
import pytest
import telegram
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from fakes import (
    DEFAULT_ACCOUNT_SID,
    DEFAULT_AUTH_TOKEN,
    WHATSAPP_SANDBOX_NUMBER,
    FakeTelegram,
    FakeTwilio,
    running,
    running_async,
)
from fakes import telegram_updates as tu
from fakes import twilio_webhooks as twh
from fakes.telegram_api import WEBHOOK_ANSWER

USER_ID = tu.ALICE["id"]


@pytest.fixture
async def tg():
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def bot(tg: FakeTelegram):
    b = telegram.Bot(tg.token, base_url=tg.api_url, base_file_url=tg.file_url)
    async with b:
        yield b


@pytest.fixture
async def tw():
    async with FakeTwilio() as fake:
        yield fake


@pytest.fixture
async def twilio_client(tw: FakeTwilio):
    # AsyncTwilioHttpClient opens an aiohttp session in __init__: build it inside a loop.
    client = Client(tw.account_sid, tw.auth_token, http_client=AsyncTwilioHttpClient())
    client.api.base_url = tw.base_url
    yield client
    await client.http_client.close()


def _retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 deprecates the int form; both are fine here
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


# ---------------------------------------------------------------- server helper
def test_running_helper_starts_fast_and_stops() -> None:
    app = Starlette(routes=[Route("/ping", lambda r: PlainTextResponse("pong"))])
    t0 = time.monotonic()
    with running(app) as url:
        assert time.monotonic() - t0 < 0.5
        assert httpx.get(f"{url}/ping").text == "pong"
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/ping")


async def test_running_async_helper() -> None:
    app = Starlette(routes=[Route("/ping", lambda r: PlainTextResponse("pong"))])
    async with running_async(app) as url, httpx.AsyncClient() as client:
        assert (await client.get(f"{url}/ping")).text == "pong"


# ---------------------------------------------------------------------- Telegram
async def test_get_me(bot: telegram.Bot, tg: FakeTelegram) -> None:
    me = await bot.get_me()
    assert me.is_bot and me.username == "shopwatch_test_bot"
    assert bot.username == "shopwatch_test_bot"
    assert tg.calls("getMe")[0].ok


async def test_send_message_with_inline_keyboard(bot: telegram.Bot, tg: FakeTelegram) -> None:
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes", callback_data="confirm:1"),
                InlineKeyboardButton("No", callback_data="cancel"),
            ]
        ]
    )
    m1 = await bot.send_message(USER_ID, "Is this right?", reply_markup=markup)
    m2 = await bot.send_message(USER_ID, "<b>Thanks</b> &amp; bye", parse_mode="HTML")
    assert m2.message_id == m1.message_id + 1
    assert m1.chat.id == USER_ID and m1.text == "Is this right?"
    assert m1.reply_markup == markup
    assert m2.text == "Thanks & bye" and m2.entities[0].type == "bold"
    assert isinstance(m1.date, dtm.datetime)
    call = tg.calls("sendMessage")[0]
    assert call.params["chat_id"] == USER_ID
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "confirm:1"
    assert tg.sent_texts(USER_ID) == ["Is this right?", "<b>Thanks</b> &amp; bye"]
    assert tg.sent_messages(USER_ID)[0]["message_id"] == m1.message_id


async def test_send_message_protocol_errors(bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(USER_ID, "1 < 2 <b>x", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)reserved"):
        await bot.send_message(USER_ID, "Thanks!", parse_mode="MarkdownV2")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(USER_ID, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(
            USER_ID,
            "x",
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("a", callback_data="d" * 65)]]
            ),
        )
    ok = await bot.send_message(
        USER_ID, "Thanks\\! Report \\#12 filed\\.", parse_mode="MarkdownV2"
    )
    assert ok.text == "Thanks! Report #12 filed."


async def test_edit_message(bot: telegram.Bot, tg: FakeTelegram) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="y")]])
    sent = await bot.send_message(USER_ID, "Confirm?", reply_markup=markup)
    edited = await bot.edit_message_text("Confirmed", chat_id=USER_ID, message_id=sent.message_id)
    assert edited.text == "Confirmed" and edited.reply_markup is None and edited.edit_date
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Confirmed", chat_id=USER_ID, message_id=sent.message_id)
    again = await bot.edit_message_reply_markup(USER_ID, sent.message_id, reply_markup=markup)
    assert again.reply_markup == markup
    assert (
        tg.message(USER_ID, sent.message_id)["reply_markup"]["inline_keyboard"][0][0]["text"]
        == "Yes"
    )


async def test_answer_callback_query(bot: telegram.Bot, tg: FakeTelegram) -> None:
    upd = tu.callback_query("report:confirm")
    qid = upd["callback_query"]["id"]
    assert await bot.answer_callback_query(qid, text="Saved") is True
    assert tg.calls("answerCallbackQuery")[0].params == {"callback_query_id": qid, "text": "Saved"}
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(qid)


async def test_webhook_methods(bot: telegram.Bot, tg: FakeTelegram) -> None:
    assert (
        await bot.set_webhook(
            "https://shop.example/tg",
            secret_token="s3cr3t-Token_1",
            allowed_updates=["message", "callback_query"],
        )
        is True
    )
    assert tg.webhook["url"] == "https://shop.example/tg"
    assert tg.webhook["allowed_updates"] == ["message", "callback_query"]
    assert tg.webhook["secret_token"] == "s3cr3t-Token_1"
    with pytest.raises(Conflict):
        await bot.get_updates()
    assert await bot.delete_webhook() is True
    assert tg.webhook == {}
    assert await bot.get_updates(timeout=0) == ()
    with pytest.raises(BadRequest, match=r"(?i)unallowed characters"):
        await bot.set_webhook("https://shop.example/tg", secret_token="bad token!")


async def test_deliver_posts_to_webhook_with_secret(bot: telegram.Bot, tg: FakeTelegram) -> None:
    received: list[tuple[str | None, dict]] = []

    async def hook(request: Request) -> PlainTextResponse:
        received.append(
            (request.headers.get("x-telegram-bot-api-secret-token"), await request.json())
        )
        return PlainTextResponse("ok")

    app = Starlette(routes=[Route("/tg", hook, methods=["POST"])])
    async with running_async(app) as url:
        await bot.set_webhook(f"{url}/tg", secret_token="abc")
        upd = tu.text_message("Shoplifter at till 3")
        resp = await tg.deliver(upd)
    assert resp is not None and resp.status_code == 200
    assert received == [("abc", upd)]


async def test_a_method_in_the_webhook_answer_is_carried_out(
    bot: telegram.Bot, tg: FakeTelegram
) -> None:
    """As Telegram does ("Making requests when getting updates"), whatever the body's type."""
    press = tu.callback_query("q|safety|no")
    qid = press["callback_query"]["id"]

    async def hook(request: Request) -> Response:
        return JSONResponse({"method": "answerCallbackQuery", "callback_query_id": qid})

    app = Starlette(routes=[Route("/tg", hook, methods=["POST"])])
    async with running_async(app) as url:
        await bot.set_webhook(f"{url}/tg")
        resp = await tg.deliver(press)
    assert resp is not None and resp.status_code == 200
    [call] = tg.calls("answerCallbackQuery")
    assert call.ok and call.params["callback_query_id"] == qid and call.headers[WEBHOOK_ANSWER]
    form = httpx.Response(
        200,
        content=b"method=sendMessage&chat_id=42&text=Hi",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    sent = await tg.carry_out(form)
    assert sent is not None and sent.ok and tg.sent_texts(42) == ["Hi"]
    # The bot never learns of a refusal: it is only recorded.
    refused = await tg.carry_out(httpx.Response(200, json={"method": "answerCallbackQuery"}))
    assert refused is not None and refused.status == 400
    for nothing in (httpx.Response(200), httpx.Response(200, json={"ok": True})):
        assert await tg.carry_out(nothing) is None
    assert await tg.carry_out(httpx.Response(200, json={"method": "../getMe"})) is None


async def test_get_updates_offset_and_long_poll(bot: telegram.Bot, tg: FakeTelegram) -> None:
    u1, u2 = tu.command("/start SHOP42"), tu.text_message("hello")
    tg.queue_update(u1, u2)
    got = await bot.get_updates(timeout=0)
    assert [u.update_id for u in got] == [u1["update_id"], u2["update_id"]]
    assert got[0].message.text == "/start SHOP42"
    assert got[0].message.parse_entities(["bot_command"]).popitem()[1] == "/start"
    # confirming via offset drops them
    assert await bot.get_updates(offset=u2["update_id"] + 1, timeout=0) == ()
    assert tg.pending_updates() == []

    # long poll: returns as soon as an update is queued
    async def later() -> None:
        await asyncio.sleep(0.2)
        tg.queue_update(tu.text_message("late"))

    t0 = time.monotonic()
    task = asyncio.create_task(later())
    got = await bot.get_updates(offset=u2["update_id"] + 1, timeout=10)
    await task
    assert [u.message.text for u in got] == ["late"]
    assert time.monotonic() - t0 < 1.0
    # empty long poll is capped at long_poll_cap
    tg.long_poll_cap = 0.3
    t0 = time.monotonic()
    assert await bot.get_updates(offset=got[0].update_id + 1, timeout=30) == ()
    assert 0.25 < time.monotonic() - t0 < 1.5


async def test_get_file_and_download(bot: telegram.Bot, tg: FakeTelegram) -> None:
    upd = tu.photo(caption="CCTV still")
    sizes = upd["message"]["photo"]
    assert [s["width"] for s in sizes] == sorted(s["width"] for s in sizes)
    tg.add_file(b"\xff\xd8jpegbytes", file_id=sizes[-1]["file_id"], file_path="photos/file_7.jpg")
    message = Update.de_json(upd, bot).message
    f = await bot.get_file(message.photo[-1].file_id)
    assert f.file_path == f"{tg.file_url}{tg.token}/photos/file_7.jpg"
    assert bytes(await f.download_as_bytearray()) == b"\xff\xd8jpegbytes"
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")


async def test_send_photo_upload_multipart(bot: telegram.Bot, tg: FakeTelegram) -> None:
    msg = await bot.send_photo(USER_ID, photo=b"PNGDATA" * 10, caption="evidence")
    assert msg.caption == "evidence" and len(msg.photo) == 3
    call = tg.calls("sendPhoto")[0]
    assert call.headers["content-type"].startswith("multipart/form-data")
    assert call.params["photo"].data == b"PNGDATA" * 10
    f = await bot.get_file(msg.photo[-1].file_id)
    assert bytes(await f.download_as_bytearray()) == b"PNGDATA" * 10


async def test_command_menus(bot: telegram.Bot, tg: FakeTelegram) -> None:
    assert (
        await bot.set_my_commands([("start", "Start"), ("report", "Report an incident")]) is True
    )
    [(scope, commands)] = tg.commands.items()
    assert json.loads(scope)[0] == {"type": "default"}
    assert [c["command"] for c in commands] == ["start", "report"]
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([("Not A Command", "x")])


async def test_fault_injection(bot: telegram.Bot, tg: FakeTelegram) -> None:
    tg.fail_next("sendMessage", status=429, retry_after=7)
    with pytest.raises(RetryAfter) as exc:
        await bot.send_message(USER_ID, "hi")
    assert _retry_after_seconds(exc.value) == 7
    assert tg.calls("sendMessage")[0].response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
    tg.fail_next("sendMessage", status=403)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(USER_ID, "hi")
    tg.fail_next("sendMessage", status=500, count=2)
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.send_message(USER_ID, "hi")
    assert (await bot.send_message(USER_ID, "finally")).text == "finally"
    # chat-scoped fault and blocked chats
    tg.fail_next("*", status=403, chat_id=42)
    assert await bot.send_message(43, "other chat ok")
    with pytest.raises(Forbidden):
        await bot.send_message(42, "scoped")
    tg.blocked_chats.add(USER_ID)
    with pytest.raises(Forbidden):
        await bot.send_message(USER_ID, "hi")
    assert tg.sent_texts(USER_ID) == ["finally"]


async def test_wrong_token_and_unknown_method(tg: FakeTelegram) -> None:
    bad = telegram.Bot("123:wrong", base_url=tg.api_url, base_file_url=tg.file_url)
    with pytest.raises(InvalidToken):
        await bad.get_me()
    async with httpx.AsyncClient() as client:
        r = await client.post(f"{tg.api_url}{tg.token}/fooBar")
        assert r.status_code == 404
        assert r.json() == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method not found",
        }
        r = await client.get(f"{tg.api_url}123:wrong/getMe")
        assert (r.status_code, r.json()["description"]) == (401, "Unauthorized")
        # JSON body and GET query strings work too, method names are case-insensitive
        r = await client.post(
            f"{tg.api_url}{tg.token}/sendmessage", json={"chat_id": 9, "text": "j"}
        )
        assert r.json()["result"]["chat"]["id"] == 9
        r = await client.get(
            f"{tg.api_url}{tg.token}/sendMessage", params={"chat_id": "9", "text": "q"}
        )
        assert r.json()["result"]["message_id"] == 1002


async def test_wait_for(bot: telegram.Bot, tg: FakeTelegram) -> None:
    async def product() -> None:
        await asyncio.sleep(0.1)
        await bot.send_message(USER_ID, "Report #7 saved")

    task = asyncio.create_task(product())
    call = await tg.wait_for_text(USER_ID, "saved", timeout=3)
    await task
    assert call.params["text"] == "Report #7 saved"
    assert (await tg.wait_for("sendMessage")).ok
    tg.clear()
    with pytest.raises(TimeoutError):
        await tg.wait_for("sendMessage", timeout=0.1)


def test_update_builders_parse_with_ptb() -> None:
    bot = telegram.Bot("1:x")
    updates = [
        tu.text_message("hi"),
        tu.command("/start CODE123"),
        tu.command("report", mention=True, chat=tu.group_chat()),
        tu.callback_query("confirm"),
        tu.photo(),
        tu.location(51.5, -0.1, horizontal_accuracy=12.5),
        tu.contact(),
        tu.sticker(),
        tu.edited_message("fixed typo", message_id=5),
        tu.channel_post("announcement"),
        tu.message_reaction(5, new=["👍"]),
        tu.group_message("in group"),
        tu.my_chat_member("kicked"),
        tu.document(),
    ]
    ids = [u["update_id"] for u in updates]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    parsed = [Update.de_json(u, bot) for u in updates]
    assert parsed[1].message.text == "/start CODE123"
    assert parsed[1].message.entities[0].type == "bot_command"
    assert (
        parsed[2].message.text == "/report@shopwatch_test_bot"
        and parsed[2].effective_chat.type == "supergroup"
    )
    assert (
        parsed[3].callback_query.data == "confirm"
        and parsed[3].callback_query.message.from_user.is_bot
    )
    assert parsed[4].message.photo[-1].width == 1280
    assert parsed[5].message.location.horizontal_accuracy == 12.5
    assert parsed[6].message.contact.user_id == tu.ALICE["id"]
    assert parsed[7].message.sticker.emoji == "👍"
    assert parsed[8].edited_message.edit_date is not None
    assert parsed[9].channel_post.sender_chat.type == "channel"
    assert parsed[10].message_reaction.new_reaction[0].emoji == "👍"
    assert parsed[11].message.chat.type == "supergroup"
    assert parsed[12].my_chat_member.new_chat_member.status == "kicked"
    assert parsed[13].message.document.mime_type == "application/pdf"
    for u in parsed:
        assert u.effective_chat is not None
    # UTF-16 offsets for commands after emoji-free text; lengths count UTF-16 units
    assert tu.command("/start 🙂")["message"]["entities"][0]["length"] == 6


# ------------------------------------------------------------------------ Twilio
async def test_twilio_create_message(twilio_client: Client, tw: FakeTwilio) -> None:
    msg = await twilio_client.messages.create_async(
        to="whatsapp:+447700900123",
        from_=WHATSAPP_SANDBOX_NUMBER,
        body="Report received",
        status_callback="https://shop.example/twilio/status",
    )
    assert msg.sid.startswith("SM") and len(msg.sid) == 34
    assert msg.status == "queued" and msg.to == "whatsapp:+447700900123"
    assert msg.from_ == WHATSAPP_SANDBOX_NUMBER and msg.body == "Report received"
    assert msg.account_sid == DEFAULT_ACCOUNT_SID and msg.num_segments == "1"
    assert msg.error_code is None and isinstance(msg.date_created, dtm.datetime)
    [sent] = tw.messages(to="+447700900123")
    assert sent.sid == msg.sid and sent.status_callback == "https://shop.example/twilio/status"
    fetched = await twilio_client.messages(msg.sid).fetch_async()
    assert fetched.body == "Report received"
    assert (await tw.wait_for(lambda m: m.body.startswith("Report"))).sid == msg.sid


async def test_twilio_media_and_content(twilio_client: Client, tw: FakeTwilio) -> None:
    msg = await twilio_client.messages.create_async(
        to="whatsapp:+447700900123",
        from_=WHATSAPP_SANDBOX_NUMBER,
        media_url=["https://x.example/a.jpg", "https://x.example/b.jpg"],
    )
    assert msg.sid.startswith("MM") and msg.num_media == "2"
    assert tw.messages()[0].media_urls == ["https://x.example/a.jpg", "https://x.example/b.jpg"]
    tw.add_content("HX" + "0" * 32, "Hi {{1}}, report {{2}} is logged.")
    msg = await twilio_client.messages.create_async(
        to="whatsapp:+447700900123",
        from_=WHATSAPP_SANDBOX_NUMBER,
        content_sid="HX" + "0" * 32,
        content_variables=json.dumps({"1": "Alice", "2": "#12"}),
    )
    assert msg.body == "Hi Alice, report #12 is logged."
    assert tw.messages()[-1].content_variables == {"1": "Alice", "2": "#12"}


async def test_twilio_errors(twilio_client: Client, tw: FakeTwilio) -> None:
    tw.fail_next(429)
    with pytest.raises(TwilioRestException) as exc:
        await twilio_client.messages.create_async(
            to="whatsapp:+447700900123", from_=WHATSAPP_SANDBOX_NUMBER, body="x"
        )
    assert exc.value.status == 429 and exc.value.code == 20429
    tw.fail_next(400, code=63016)
    with pytest.raises(TwilioRestException) as exc:
        await twilio_client.messages.create_async(
            to="whatsapp:+447700900123", from_=WHATSAPP_SANDBOX_NUMBER, body="x"
        )
    assert exc.value.code == 63016 and "outside the allowed window" in exc.value.msg
    with pytest.raises(TwilioRestException) as exc:
        await twilio_client.messages.create_async(
            to="whatsapp:07700", from_=WHATSAPP_SANDBOX_NUMBER, body="x"
        )
    assert exc.value.code == 21211
    with pytest.raises(TwilioRestException) as exc:
        await twilio_client.messages.create_async(
            to="whatsapp:+447700900123", from_=WHATSAPP_SANDBOX_NUMBER
        )
    assert exc.value.code == 21602
    assert tw.messages() == []
    bad = Client(tw.account_sid, "wrong", http_client=AsyncTwilioHttpClient())
    bad.api.base_url = tw.base_url
    with pytest.raises(TwilioRestException) as exc:
        await bad.messages.create_async(to="+447700900123", from_="+15005550006", body="x")
    await bad.http_client.close()
    assert (exc.value.status, exc.value.code) == (401, 20003)
    async with httpx.AsyncClient() as client:
        r = await client.post(
            f"{tw.base_url}/2010-04-01/Accounts/{tw.account_sid}/Messages.json", data={}
        )
    assert r.json() == {
        "code": 20003,
        "message": "Authenticate",
        "more_info": "https://www.twilio.com/docs/errors/20003",
        "status": 401,
    }


async def test_twilio_media_download(tw: FakeTwilio) -> None:
    url = tw.add_media(b"JPEG!", "image/jpeg")
    assert "/Messages/MM" in url and "/Media/ME" in url
    plain = tw.add_media_file("cctv.jpg", b"RAW")
    auth = (tw.account_sid, tw.auth_token)
    async with httpx.AsyncClient(follow_redirects=True) as client:
        assert (await client.get(url)).status_code == 401
        r = await client.get(url, auth=auth)
        assert r.content == b"JPEG!" and r.headers["content-type"] == "image/jpeg"
        assert (await client.get(plain, auth=auth)).content == b"RAW"
        assert (await client.get(plain)).status_code == 401


async def test_signed_webhooks_and_status_callbacks(tw: FakeTwilio) -> None:
    seen: list[tuple[bool, dict]] = []

    async def hook(request: Request) -> PlainTextResponse:
        form = dict(_parse_form(await request.body()))  # no python-multipart in the venv
        valid = RequestValidator(DEFAULT_AUTH_TOKEN).validate(
            str(request.url), form, request.headers.get("x-twilio-signature", "")
        )
        seen.append((valid, form))
        return PlainTextResponse("<Response/>", status_code=200 if valid else 403)

    app = Starlette(
        routes=[Route("/wa", hook, methods=["POST"]), Route("/status", hook, methods=["POST"])]
    )
    async with running_async(app) as url:
        params = twh.inbound_text("Lost wallet found by till 2")
        assert RequestValidator(DEFAULT_AUTH_TOKEN).validate(
            f"{url}/wa", params, twh.sign(f"{url}/wa", params)
        )
        assert (await twh.post_signed(f"{url}/wa", params)).status_code == 200
        bad = await twh.post_signed(f"{url}/wa", params, auth_token="0" * 32)
        assert bad.status_code == 403
        for extra in (
            twh.inbound_media(tw.add_media(b"img"), "photo"),
            twh.inbound_location(51.5, -0.14, address="1 High St", label="Shop"),
            twh.inbound_button("CONFIRM_12", "Yes"),
            twh.inbound_reply("that one", "SM" + "a" * 32),
        ):
            assert (await twh.post_signed(f"{url}/wa", extra)).status_code == 200

        client = Client(tw.account_sid, tw.auth_token, http_client=AsyncTwilioHttpClient())
        client.api.base_url = tw.base_url
        msg = await client.messages.create_async(
            to="whatsapp:+447700900123",
            from_=WHATSAPP_SANDBOX_NUMBER,
            body="hi",
            status_callback=f"{url}/status",
        )
        await client.http_client.close()
        resp = await tw.send_status(msg.sid, "undelivered", error_code=63016)
        assert resp.status_code == 200
    assert [v for v, _ in seen] == [True, False, True, True, True, True, True]
    text = seen[0][1]
    assert text["From"] == "whatsapp:+447700900123" and text["WaId"] == "447700900123"
    assert text["NumMedia"] == "0" and text["MessageSid"].startswith("SM")
    media = seen[2][1]
    assert media["NumMedia"] == "1" and media["MediaContentType0"] == "image/jpeg"
    assert media["MessageSid"].startswith("MM")
    assert seen[3][1]["Latitude"] == "51.5" and seen[4][1]["ButtonPayload"] == "CONFIRM_12"
    assert seen[5][1]["OriginalRepliedMessageSid"] == "SM" + "a" * 32
    status = seen[6][1]
    assert status["MessageSid"] == msg.sid and status["MessageStatus"] == "undelivered"
    assert status["ErrorCode"] == "63016"
    assert tw.message(msg.sid).status == "undelivered"


def _parse_form(body: bytes) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(body.decode(), keep_blank_values=True)


async def test_ptb_application_polling_round_trip(tg: FakeTelegram) -> None:
    from telegram.ext import Application, CallbackQueryHandler, CommandHandler

    async def start(update: Update, context) -> None:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Report", callback_data="report")]])
        await update.message.reply_text(f"Welcome, code {context.args[0]}", reply_markup=keyboard)

    async def pressed(update: Update, context) -> None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_text("Reporting…")

    app = (
        Application.builder()
        .token(tg.token)
        .base_url(tg.api_url)
        .base_file_url(tg.file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    tg.queue_update(tu.command("/start SHOP42"))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        call = await tg.wait_for_text(USER_ID, "Welcome, code SHOP42")
        sent = call.response["result"]
        tg.queue_update(tu.callback_query("report", message=sent))
        await tg.wait_for("editMessageText")
        await app.updater.stop()
        await app.stop()
    assert tg.message(USER_ID, sent["message_id"])["text"] == "Reporting…"
    assert tg.calls("answerCallbackQuery")[0].ok
    assert tg.pending_updates() == []  # updater confirmed everything on shutdown
