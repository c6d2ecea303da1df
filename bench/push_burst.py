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

from bench._common import fresh_database, serving, show
from bot.app import create_app
from config.settings import Settings
from storage import queries
from storage.db import transaction
from storage.types import utcnow
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.twilio_api import FakeTwilio

PUBLIC = "https://shopwatch.example"
RECIPIENTS = 500  # 250 people on each platform, ten updates each


async def run(pushes: int, backend: str) -> None:
    async with (
        fresh_database(backend) as url,
        FakeTelegram() as tg,
        FakeTwilio() as tw,
    ):
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            database_url=url,
            public_url=PUBLIC,
            telegram_token=tg.token,
            telegram_secret="bench-secret-0123456789",
            telegram_api_url=tg.api_url,
            twilio_account_sid=tw.account_sid,
            twilio_auth_token=tw.auth_token,
            twilio_api_url=tw.base_url,
            whatsapp_from="whatsapp:+447700900000",
        )
        app = create_app(settings)
        runtime = app.state.runtime
        expected = await _queue_pushes(runtime.sessions, pushes)
        async with serving(app):
            started = time.perf_counter()
            done_at: dict[str, float] = {}
            while len(done_at) < 2:
                now = time.perf_counter() - started
                if (
                    "telegram" not in done_at
                    and len(tg.calls("sendMessage")) >= expected["telegram"]
                ):
                    done_at["telegram"] = now
                if "whatsapp" not in done_at and len(tw.messages()) >= expected["whatsapp"]:
                    done_at["whatsapp"] = now
                if now > 600:
                    break
                await asyncio.sleep(0.05)
            await asyncio.sleep(1.0)  # anything sent twice would show up now
        sent_tg = Counter(c.params["text"] for c in tg.calls("sendMessage") if c.status == 200)
        sent_wa = Counter(m.body for m in tw.messages())
    for platform, sent, limit in (("telegram", sent_tg, 30), ("whatsapp", sent_wa, 80)):
        seconds = done_at.get(platform, float("nan"))
        show(
            f"push burst to {platform} ({backend})",
            {
                "messages": expected[platform],
                "seconds": seconds,
                "per_s": expected[platform] / seconds,
                "limit_per_s": float(limit),
                "lost": expected[platform] - len(sent),
                "twice": sum(1 for n in sent.values() if n > 1),
            },
        )


async def _queue_pushes(sessions, pushes: int) -> dict[str, int]:
    """Members on both platforms, each with updates waiting in the outbox."""
    now = utcnow()
    expected = Counter[str]()
    async with transaction(sessions) as session:
        bid = await queries.create_bid(session, code="WE", name="West End")
        shop = await queries.create_shop(session, bid_id=bid.id, name="Gifts", street="Haymarket")
        identities = []
        for n in range(RECIPIENTS):
            channel = "telegram" if n % 2 == 0 else "whatsapp"
            address = str(100000 + n) if channel == "telegram" else f"+4477009{n:05d}"
            identity, _ = await queries.create_member(
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
            await queries.enqueue(
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
