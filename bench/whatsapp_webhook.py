"""WhatsApp webhook benchmark: 200 staff writing at once, from signed post to reply at Twilio.

The product runs as its own process (`shopwatch serve`), as in production; this process holds
the fake Twilio REST API (in threads) and the load generator. Real HTTP both ways: form posts
signed for SHOPWATCH_PUBLIC_URL + path (which the server checks) to `POST /whatsapp/webhook`
on the server's port, replies through the twilio library to the fake. Each simulated person
sends a message, waits for the answer, then sends the next. The server paces sends at 80/s
(WhatsApp's per-sender limit), so msgs_per_s cannot pass 80. Run as
`.venv/bin/python -m bench.whatsapp_webhook [sqlite|postgres ...]`.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from datetime import timedelta

import httpx

from bench._common import fresh_database, serve_process, show, summary
from bot.demo import seed_demo
from fakes import twilio_webhooks as twh
from fakes.twilio_api import WHATSAPP_SANDBOX_NUMBER, FakeTwilio
from storage import bids, members
from storage.db import make_engine, make_sessions, transaction
from storage.types import utcnow

STAFF = 200
MESSAGES = 2000
PUBLIC = "https://shopwatch.example"  # what Twilio signs; the app is reached on loopback
WORDS = ("report", "cancel", "mycases", "help")  # each one answered with one message


def number(n: int) -> str:
    return f"+4477009{n:05d}"


class Replies:
    """Watches the fake Twilio API and wakes whoever waits for their next reply."""

    def __init__(self, tw: FakeTwilio) -> None:
        self._tw = tw
        self._seen = 0
        self._arrived: dict[str, list[float]] = {}
        self._changed = asyncio.Event()

    async def watch(self) -> None:
        while True:
            messages = self._tw.messages()
            for message in messages[self._seen :]:
                address = message.to.removeprefix("whatsapp:")
                self._arrived.setdefault(address, []).append(message.at)
            if len(messages) > self._seen:
                self._seen = len(messages)
                changed, self._changed = self._changed, asyncio.Event()
                changed.set()
            await asyncio.sleep(0.02)

    async def nth(self, address: str, n: int) -> float:
        """When the `n`th reply (from 1) to `address` reached Twilio (time.time())."""
        while len(self._arrived.get(address, ())) < n:
            await self._changed.wait()
        return self._arrived[address][n - 1]


async def person(
    client: httpx.AsyncClient, url: str, token: str, who: int, replies: Replies
) -> tuple[list[float], list[float]]:
    """One member of staff: (webhook answer times, post-to-reply times) in seconds."""
    answered, latencies = [], []
    for k in range(MESSAGES // STAFF):
        params = twh.inbound_text(
            WORDS[k % len(WORDS)], from_=f"whatsapp:{number(who)}", profile_name=f"Staff {who}"
        )
        headers = twh.signed_headers(f"{PUBLIC}/whatsapp/webhook", params, token)
        posted = time.time()
        try:
            response = await client.post(url, data=params, headers=headers)
        except httpx.TransportError:
            # A kept-alive connection closed under us: post again, as Twilio would; the
            # repeated MessageSid is acknowledged and not processed twice.
            response = await client.post(url, data=params, headers=headers)
        response.raise_for_status()
        answered.append(time.time() - posted)
        arrived = await asyncio.wait_for(replies.nth(number(who), k + 1), 60)
        latencies.append(arrived - posted)
    return answered, latencies


async def register(url: str) -> None:
    """The demo BID and the staff, straight into the database, each recently in touch."""
    engine = make_engine(url)
    try:
        async with transaction(make_sessions(engine)) as session:
            await seed_demo(session)
            bid = await bids.bid_by_code(session, code="WE")
            assert bid is not None and bid.id is not None
            shop = await bids.shop_by_name(session, bid_id=bid.id, name="Coventry Street Gifts")
            assert shop is not None
            for n in range(STAFF):
                identity, _ = await members.create_member(
                    session,
                    bid_id=bid.id,
                    role="staff",
                    shop_id=shop.id,
                    display_name=f"Staff {n}",
                    channel="whatsapp",
                    address=number(n),
                )
                identity.last_inbound_at = utcnow() - timedelta(minutes=5)
    finally:
        await engine.dispose()


async def run(backend: str) -> None:
    async with fresh_database(backend) as url, FakeTwilio() as tw:
        await register(url)
        env = {
            "SHOPWATCH_DATABASE_URL": url,
            "SHOPWATCH_PUBLIC_URL": PUBLIC,
            "SHOPWATCH_TWILIO_ACCOUNT_SID": tw.account_sid,
            "SHOPWATCH_TWILIO_AUTH_TOKEN": tw.auth_token,
            **tw.env,  # SHOPWATCH_TWILIO_API_URL
            "SHOPWATCH_WHATSAPP_FROM": WHATSAPP_SANDBOX_NUMBER,
            "SHOPWATCH_CONSOLE": "off",
        }
        async with serve_process(env) as base:
            replies = Replies(tw)
            watcher = asyncio.create_task(replies.watch())
            limits = httpx.Limits(max_connections=STAFF, max_keepalive_connections=STAFF)
            async with httpx.AsyncClient(limits=limits, timeout=60) as client:
                started = time.perf_counter()
                results = await asyncio.gather(
                    *(
                        person(client, f"{base}/whatsapp/webhook", tw.auth_token, n, replies)
                        for n in range(STAFF)
                    )
                )
                elapsed = time.perf_counter() - started
            watcher.cancel()
            await asyncio.sleep(1.0)  # a reply sent twice would show up now
            sent = len(tw.messages())
        latencies = [seconds for _, each in results for seconds in each]
        answers = [seconds for each, _ in results for seconds in each]
        show(
            f"whatsapp webhook ({backend}, {STAFF} staff, {MESSAGES} messages)",
            {
                "seconds": elapsed,
                "msgs_per_s": len(latencies) / elapsed,
                **summary(latencies),
            },
        )
        webhook = summary(answers)
        show("  webhook answered (TwiML)", {k: v for k, v in webhook.items() if k != "n"})
        assert sent == MESSAGES, f"{sent} replies reached Twilio, expected {MESSAGES}"


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    for backend in sys.argv[1:] or ["sqlite", "postgres"]:
        asyncio.run(run(backend))


if __name__ == "__main__":
    main()
