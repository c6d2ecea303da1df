"""A burst of 5,000 pushes through the outbox: half to Telegram, half to WhatsApp.

Updates on many cases at once reach the fake Bot API and the fake Twilio REST API over real
HTTP, through the real adapters and the sender. Prints messages/s per platform against the
platforms' limits (Telegram 30/s overall, WhatsApp 80/s per sender) and checks that every
message arrived exactly once.
Run: .venv/bin/python -m bench.push_burst [pushes] [sqlite|postgres]
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter
from typing import Any

from bench._common import fresh_database, serve_process, show
from fakes.telegram_api import FakeTelegram
from fakes.twilio_api import FakeTwilio
from storage import bids, members, outbox
from storage.db import Sessions, make_engine, make_sessions, transaction
from storage.types import utcnow

PUBLIC = "https://shopwatch.example"
RECIPIENTS = 500  # 250 people on each platform, ten updates each


async def run(pushes: int, backend: str) -> None:
    async with (
        fresh_database(backend) as url,
        FakeTelegram() as tg,
        FakeTwilio() as tw,
    ):
        env = {
            "SHOPWATCH_DATABASE_URL": url,
            "SHOPWATCH_PUBLIC_URL": PUBLIC,
            "SHOPWATCH_TELEGRAM_TOKEN": tg.token,
            "SHOPWATCH_TELEGRAM_SECRET": "bench-secret-0123456789",
            "SHOPWATCH_TELEGRAM_API_URL": tg.api_url,
            "SHOPWATCH_TWILIO_ACCOUNT_SID": tw.account_sid,
            "SHOPWATCH_TWILIO_AUTH_TOKEN": tw.auth_token,
            **tw.env,  # SHOPWATCH_TWILIO_API_URL
            "SHOPWATCH_WHATSAPP_FROM": "whatsapp:+447700900000",
        }
        engine = make_engine(url)
        expected = await _queue_pushes(make_sessions(engine), pushes)
        await engine.dispose()
        # The product runs as its own process, as in production: the fakes and this script
        # must not take its CPU.
        async with serve_process(env):
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline and (  # noqa: ASYNC110 (the fakes' threads fill these)
                len(_sent(tg)) < expected["telegram"] or len(tw.messages()) < expected["whatsapp"]
            ):
                await asyncio.sleep(0.1)
            await asyncio.sleep(2.0)  # anything sent twice would show up now
        telegram_calls = _sent(tg)
        whatsapp_calls = [c for c in tw.calls() if "Messages.json" in c.method and c.status == 201]
        sent_tg = Counter(c.params["text"] for c in telegram_calls)
        sent_wa = Counter(m.body for m in tw.messages())
    for platform, sent, calls, limit in (
        ("telegram", sent_tg, telegram_calls, 30),
        ("whatsapp", sent_wa, whatsapp_calls, 80),
    ):
        times = sorted(c.at for c in calls)
        seconds = times[-1] - times[0] if len(times) > 1 else float("nan")
        show(
            f"push burst to {platform} ({backend})",
            {
                "messages": expected[platform],
                "seconds": seconds,
                "per_s": (len(times) - 1) / seconds,
                "busiest_second": float(_busiest_second(times)),
                "limit_per_s": float(limit),
                "lost": expected[platform] - len(sent),
                "twice": sum(1 for n in sent.values() if n > 1),
            },
        )


def _sent(tg: FakeTelegram) -> list[Any]:
    return [c for c in tg.calls("sendMessage") if c.status == 200]


def _busiest_second(times: list[float]) -> int:
    """The most messages in any one-second window."""
    most, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


async def _queue_pushes(sessions: Sessions, pushes: int) -> dict[str, int]:
    """Members on both platforms, each with updates waiting in the outbox."""
    now = utcnow()
    expected = Counter[str]()
    async with transaction(sessions) as session:
        bid = await bids.create_bid(session, code="WE", name="West End")
        assert bid.id is not None
        shop = await bids.create_shop(session, bid_id=bid.id, name="Gifts", street="Haymarket")
        identities = []
        for n in range(RECIPIENTS):
            channel = "telegram" if n % 2 == 0 else "whatsapp"
            address = str(100000 + n) if channel == "telegram" else f"+4477009{n:05d}"
            identity, _ = await members.create_member(
                session,
                bid_id=bid.id,
                role="staff",
                shop_id=shop.id,
                display_name=f"Staff {n}",
                channel=channel,
                address=address,
            )
            identity.last_inbound_at = now  # inside WhatsApp's 24-hour window
            identities.append(identity)
        for n in range(pushes):
            identity = identities[n % RECIPIENTS]
            text = (
                f"Update on WE-{n:04d} (shoplifting): CCTV collected. Status: being looked into."
            )
            await outbox.enqueue(
                session,
                channel=identity.channel,
                address=identity.address,
                identity_id=identity.id,
                payload={"text": text, "options": [], "push": True, "case_ref": f"WE-{n:04d}"},
                now=now,
            )
            expected[identity.channel] += 1
    return dict(expected)


def main() -> None:
    pushes = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    backend = sys.argv[2] if len(sys.argv) > 2 else "sqlite"
    asyncio.run(run(pushes, backend))


if __name__ == "__main__":
    main()
