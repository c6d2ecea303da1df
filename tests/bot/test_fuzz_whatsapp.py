"""No signed input to the Twilio endpoints gets a 5xx or "something went wrong"."""

from __future__ import annotations

import logging
import random
from collections import Counter
from urllib.parse import parse_qsl, quote

from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from fakes import twilio_webhooks as twh
from flows import texts
from tests.bot.fuzz_support import generated
from tests.bot.whatsapp_support import ALICE, PUBLIC, STATUS, WEBHOOK, WhatsApp, whatsapp

KEYS = [
    "MessageSid",
    "SmsSid",
    "AccountSid",
    "From",
    "To",
    "WaId",
    "Body",
    "ProfileName",
    "NumMedia",
    "MediaUrl0",
    "MediaContentType0",
    "Latitude",
    "Longitude",
    "Address",
    "Label",
    "ButtonPayload",
    "ButtonText",
    "OriginalRepliedMessageSid",
    "MessageStatus",
    "SmsStatus",
    "ErrorCode",
    "MessageType",
]
# Values Twilio never sends but a forger or a bug might: odd numbers, odd numbers of digits.
ODD = [
    "",
    " ",
    "whatsapp:",
    "whatsapp:+",
    "whatsapp:+4",
    "whatsapp:+447700900123" * 10,
    "+447700900123",
    "447700900123",
    "nan",
    "inf",
    "-1",
    "1e309",
    "99999999999999999999",
    "²",
    "cases ²",
    "report",
    "help",
    "x" * 5000,
    "\x00",
    "\ufffd",
    "😀" * 50,
    "http://127.0.0.1:1/x",
    "failed",
    "undelivered",
    "63016",
]
VALUE = st.sampled_from(ODD) | st.text(max_size=30)
FORM = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=10), VALUE, max_size=12)


def _mutations(form: dict[str, str], rng: random.Random, count: int) -> list[dict[str, str]]:
    out = []
    for _ in range(count):
        mutated = dict(form)
        for _ in range(rng.choice((1, 2, 3))):
            key = rng.choice([*mutated, *KEYS]) if mutated else rng.choice(KEYS)
            if rng.random() < 0.3:
                mutated.pop(key, None)
            else:
                mutated[key] = rng.choice(ODD)
        out.append(mutated)
    return out


def _originals(wa: WhatsApp) -> list[dict[str, str]]:
    sender = f"whatsapp:{ALICE}"
    return [
        twh.inbound_text("report", from_=sender),
        twh.inbound_text("cases ²", from_=sender),
        twh.inbound_media(wa.tw.add_media(b"\xff\xd8\xff\xd9", "image/jpeg"), from_=sender),
        twh.inbound_location(from_=sender),
        twh.inbound_button("1", "Yes", from_=sender),
        twh.inbound_reply("thanks", "SM" + "0" * 32, from_=sender),
        twh.status_callback("SM" + "1" * 32, "delivered"),
        twh.status_callback("SM" + "1" * 32, "failed", error_code=63016),
    ]


class Poster:
    def __init__(self, wa: WhatsApp) -> None:
        self.wa = wa
        self.validator = RequestValidator(wa.tw.auth_token)
        self.tried = 0
        self.statuses: Counter[int] = Counter()
        self.failures: list[str] = []

    async def form(self, path: str, params: dict[str, str]) -> None:
        body = "&".join(f"{_quote(k)}={_quote(v)}" for k, v in params.items()).encode()
        await self.raw(path, body)

    async def raw(self, path: str, body: bytes) -> None:
        """Signed over what the body parses as, so the signature check passes where it can."""
        self.tried += 1
        parsed = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        signature = self.validator.compute_signature(f"{PUBLIC}{path}", parsed)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": signature,
        }
        try:
            response = await self.wa.h.client.post(
                f"{PUBLIC}{path}", content=body, headers=headers
            )
        except Exception as exc:  # a crash in the app: Twilio would see a 5xx
            self.failures.append(f"{type(exc).__name__}: {exc} for {path} {body[:160]!r}")
            return
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} for {path} {body[:160]!r}")


def _quote(value: str) -> str:
    return quote(value, safe="")


RAW = [
    b"",
    b"&&&",
    b"=",
    b"Body",
    b"%",
    b"%zz=%zz",
    b"\xff\xfe\x00",
    b"From=whatsapp%3A%2B447700900123&Body=%ff%fe",
    b"From=whatsapp%3A%2B447700900123&Body=%ED%A0%80",  # a lone surrogate, UTF-8-ish
    b"From=whatsapp%3A%2B447700900123&From=whatsapp%3A%2B1&Body=hi",
    b'{"Body": "json"}',
    b"NumMedia=5&MediaUrl0=&MediaContentType0=image%2Fjpeg",
]


async def test_no_twilio_input_gets_a_5xx_or_an_apology(
    sqlite_url, clock, tmp_path, measured, caplog
):
    rng = random.Random(9)
    caplog.set_level(logging.INFO)
    async with whatsapp(sqlite_url, clock, tmp_path) as wa:
        poster = Poster(wa)
        await wa.join(role="officer")
        originals = _originals(wa)
        for path in (WEBHOOK, STATUS):
            for form in originals:
                await poster.form(path, form)
                for mutated in _mutations(form, rng, 12):
                    await poster.form(path, mutated)
            for form in generated(FORM, 120):
                await poster.form(path, form)
            for body in [*RAW, *generated(st.binary(max_size=120), 30)]:
                await poster.raw(path, body)
        await wa.h.runtime.drain()
        health = await wa.h.client.get("/healthz")
        sorry = [m.body for m in wa.tw.messages() if texts.CRASHED in (m.body or "")]
    crashed = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    measured(
        f"twilio webhook+status fuzz: {poster.tried} inputs, {len(poster.failures)} × 5xx, "
        f"{len(sorry)} 'something went wrong', statuses {dict(sorted(poster.statuses.items()))}"
    )
    assert poster.failures == [], "\n".join(poster.failures)
    assert sorry == []
    assert crashed == []
    assert health.status_code == 200


async def test_odd_whatsapp_text_gets_a_plain_answer(sqlite_url, clock, tmp_path):
    async with whatsapp(sqlite_url, clock, tmp_path) as wa:
        await wa.join(role="officer")
        for text in ("cases ²", "cases ①", "case ²", "5"):
            bodies = await wa.say(text)
            assert bodies and not any(texts.CRASHED in b for b in bodies), text
