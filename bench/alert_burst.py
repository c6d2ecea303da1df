"""An officer's alert to every shop of a BID of 2,000 shops, drained at the platforms' limits.

A real `shopwatch serve` process; 2,000 shops with one member of staff each, half on Telegram
and half on WhatsApp (one in ten of those outside the 24-hour window, so they get the
template). The officer sends `alert all: …` on the console; this prints how long the command
took, how fast each platform was sent to against its limit (Telegram 30/s overall, WhatsApp
80/s per sender), and checks that every shop got it exactly once.
Run: .venv/bin/python -m bench.alert_burst [shops] [sqlite|postgres]

Measured (2 shared cores, noisy), 2,000 shops: the command answered in 1.5 s (SQLite) and
1.4 s (PostgreSQL); Telegram 1,000 in 36-37 s at 27/s, busiest second 30 (limit 30);
WhatsApp 900 texts in 17 s at 53/s, busiest second 75-78 (limit 80), and 100 templates;
none lost, none sent twice, on both databases.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from bench._common import fresh_database, serve_process, show
from bench.push_burst import PUBLIC, _busiest_second
from bot.console_token import HEADER, ensure_token
from fakes.telegram_api import FakeTelegram
from fakes.twilio_api import FakeTwilio
from storage import bids, members
from storage.db import make_engine, make_sessions, transaction
from storage.types import utcnow

TEMPLATE = "HX" + "7" * 32
TEXT = "two women in grey coats taking perfume, heading to Leicester Square"


async def _seed(url: str, shops: int) -> dict[str, int]:
    engine = make_engine(url)
    now = utcnow()
    expected = Counter[str]()
    async with transaction(make_sessions(engine)) as session:
        bid = await bids.create_bid(session, code="WE", name="West End", streets=[])
        assert bid.id is not None
        await members.create_member(
            session,
            bid_id=bid.id,
            role="officer",
            shop_id=None,
            display_name="PC Patel",
            channel="console",
            address="officer",
        )
        for n in range(shops):
            shop = await bids.create_shop(
                session, bid_id=bid.id, name=f"Shop {n}", street="Coventry Street"
            )
            channel = "telegram" if n % 2 == 0 else "whatsapp"
            address = str(200000 + n) if channel == "telegram" else f"+4477009{n:05d}"
            identity, _ = await members.create_member(
                session,
                bid_id=bid.id,
                role="staff",
                shop_id=shop.id,
                display_name=f"Staff {n}",
                channel=channel,
                address=address,
            )
            outside = channel == "whatsapp" and n % 20 == 1
            identity.last_inbound_at = now - timedelta(hours=30 if outside else 1)
            expected["whatsapp template" if outside else channel] += 1
    await engine.dispose()
    return dict(expected)


async def run(shops: int, backend: str) -> None:
    async with fresh_database(backend) as url, FakeTelegram() as tg, FakeTwilio() as tw:
        tw.add_content(TEMPLATE, "There is an update on {{1}} ({{2}}). Reply to read it.")
        expected = await _seed(url, shops)
        token_file = Path(tempfile.mkdtemp()) / "console.token"
        env = {
            "SHOPWATCH_DATABASE_URL": url,
            "SHOPWATCH_PUBLIC_URL": PUBLIC,
            "SHOPWATCH_TELEGRAM_TOKEN": tg.token,
            "SHOPWATCH_TELEGRAM_SECRET": "bench-secret-0123456789",
            "SHOPWATCH_TELEGRAM_API_URL": tg.api_url,
            "SHOPWATCH_TWILIO_ACCOUNT_SID": tw.account_sid,
            "SHOPWATCH_TWILIO_AUTH_TOKEN": tw.auth_token,
            **tw.env,
            "SHOPWATCH_WHATSAPP_FROM": "whatsapp:+447700900000",
            "SHOPWATCH_WHATSAPP_UPDATE_TEMPLATE": TEMPLATE,
            # The bench speaks as the officer on the console, beside the public URL.
            "SHOPWATCH_CONSOLE": "on",
            "SHOPWATCH_CONSOLE_TOKEN_FILE": str(token_file),
        }
        token = ensure_token(token_file)
        async with (
            serve_process(env) as base,
            httpx.AsyncClient(timeout=120, headers={HEADER: token}) as client,
        ):
            started = time.monotonic()
            response = await client.post(
                f"{base}/console/messages",
                json={"handle": "officer", "text": f"alert all: {TEXT}"},
            )
            assert response.status_code == 200, response.text
            command_s = time.monotonic() - started
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline and (  # noqa: ASYNC110 (the fakes fill these)
                len(_alerts(tg)) < expected["telegram"]
                or len(tw.messages()) < expected["whatsapp"] + expected["whatsapp template"]
            ):
                await asyncio.sleep(0.2)
            await asyncio.sleep(3.0)  # anything sent twice would show up now
            answer = await client.get(
                f"{base}/console/messages", params={"handle": "officer", "after": 0}
            )
            told = [m["text"] for m in answer.json()["messages"]]
    show(f"alert to {shops} shops: the command ({backend})", {"seconds": command_s})
    print(f"  the officer was told: {told[-1].splitlines()[0] if told else '(nothing)'}")
    telegram = _alerts(tg)
    texts = [m for m in tw.messages() if m.content_sid is None]
    templates = [m for m in tw.messages() if m.content_sid is not None]
    for platform, calls, times, limit, want in (
        (
            "telegram",
            [c.params["chat_id"] for c in telegram],
            [c.at for c in telegram],
            30,
            "telegram",
        ),
        ("whatsapp", [m.to for m in texts], [m.at for m in texts], 80, "whatsapp"),
        (
            "whatsapp template",
            [m.to for m in templates],
            [m.at for m in templates],
            80,
            "whatsapp template",
        ),
    ):
        got = Counter(str(c) for c in calls)
        ordered = sorted(times)
        seconds = ordered[-1] - ordered[0] if len(ordered) > 1 else float("nan")
        show(
            f"  {platform}",
            {
                "expected": expected[want],
                "delivered": len(got),
                "lost": expected[want] - len(got),
                "twice": sum(1 for n in got.values() if n > 1),
                "seconds": seconds,
                "per_s": (len(ordered) - 1) / seconds if len(ordered) > 1 else 0.0,
                "busiest_second": float(_busiest_second(ordered)),
                "limit_per_s": float(limit),
            },
        )


def _alerts(tg: FakeTelegram) -> list[Any]:
    return [c for c in tg.calls("sendMessage") if c.status == 200 and TEXT in c.params["text"]]


def main() -> None:
    shops = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    backend = sys.argv[2] if len(sys.argv) > 2 else "sqlite"
    asyncio.run(run(shops, backend))


if __name__ == "__main__":
    main()
