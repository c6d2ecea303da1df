"""Pushes to two BIDs' members: through the deployment's one bot and sender, then with BID OX
on a Telegram bot and WhatsApp sender of its own.

Platform limits are per bot (Telegram, about 30 messages a second) and per sender (Twilio, 80
a second), and the sender paces each separately, so the second run should take about half the
time: prints messages/s per platform and per bot and sender in both runs, their ratio, and checks
every message arrived once, through the right bot or sender.
Telegram's rate is lowered to 10 a second per bot by default (SHOPWATCH_TELEGRAM_RATE), so
that the platform's pace, not this machine's CPU, is what a run measures; WhatsApp's 80 a second
per sender is fixed, and on a busy 2-core machine the CPU may come first.
Run: .venv/bin/python -m bench.bid_bots [telegram-pushes] [whatsapp-pushes] [sqlite|postgres]
     [telegram-rate]
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
from storage.channels import TELEGRAM, WHATSAPP, bid_channel
from storage.db import Sessions, make_engine, make_sessions, transaction
from storage.types import utcnow

PUBLIC = "https://shopwatch.example"
OX_TOKEN = "7098765432:AAOxfordStreetsOwnBotToken-98765"
OX_FROM = "whatsapp:+447700900999"
WE_FROM = "whatsapp:+447700900000"
PEOPLE = 200  # per BID and platform


async def run(
    telegram: int, whatsapp: int, backend: str, *, own: bool, rate: float
) -> dict[str, float]:
    """One run; returns messages/s per platform."""
    async with fresh_database(backend) as url, FakeTelegram() as tg, FakeTwilio() as tw:
        ox = tg.add_bot(OX_TOKEN, bot_username="ox_shopwatch_bot")
        env = {
            "SHOPWATCH_DATABASE_URL": url,
            "SHOPWATCH_PUBLIC_URL": PUBLIC,
            "SHOPWATCH_TELEGRAM_TOKEN": tg.token,
            "SHOPWATCH_TELEGRAM_SECRET": "bench-secret-0123456789",
            "SHOPWATCH_TELEGRAM_API_URL": tg.api_url,
            "SHOPWATCH_TWILIO_ACCOUNT_SID": tw.account_sid,
            "SHOPWATCH_TWILIO_AUTH_TOKEN": tw.auth_token,
            **tw.env,
            "SHOPWATCH_WHATSAPP_FROM": WE_FROM,
            "SHOPWATCH_CONSOLE": "off",
            "SHOPWATCH_TELEGRAM_RATE": str(rate),
        }
        engine = make_engine(url)
        await _queue(make_sessions(engine), telegram, whatsapp, own=own)
        await engine.dispose()
        async with serve_process(env):
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline and (  # noqa: ASYNC110 (the fakes' threads fill these)
                len(_sent(tg)) + len(_sent(ox)) < telegram or len(tw.messages()) < whatsapp
            ):
                await asyncio.sleep(0.1)
            await asyncio.sleep(2.0)  # anything sent twice would show up now
        bots = {"telegram": _sent(tg), "telegram:OX": _sent(ox)}
        senders = {
            sender: [c for c in _created(tw) if c.params.get("From") == sender]
            for sender in (WE_FROM, OX_FROM)
        }
    rates: dict[str, float] = {}
    label = "own bot and sender for OX" if own else "one bot and sender for both"
    limit: float
    for platform, groups, limit, expected in (
        ("telegram", bots, rate, telegram),
        ("whatsapp", senders, 80, whatsapp),
    ):
        if not expected:
            continue
        calls = [c for group in groups.values() for c in group]
        times = sorted(c.at for c in calls)
        seconds = times[-1] - times[0] if len(times) > 1 else float("nan")
        texts = Counter(str(c.params.get("text") or c.params.get("Body")) for c in calls)
        wrong = sum(
            1
            for name, group in groups.items()
            for c in group
            if _owner(name, own) not in (None, _bid_of(c))
        )
        rates[platform] = (len(times) - 1) / seconds
        figures: dict[str, float] = {
            "messages": float(expected),
            "seconds": seconds,
            "per_s": rates[platform],
            "limit_per_s_each": float(limit),
            "lost": float(expected - len(texts)),
            "twice": float(sum(1 for n in texts.values() if n > 1)),
            "wrong_bot": float(wrong),
        }
        for name, group in groups.items():
            # Each bot's and sender's own rate (the fake's clock: its busiest second bunches
            # whenever its thread stalls, so the rate over the whole run is the steadier figure).
            at = sorted(c.at for c in group)
            figures[f"per_s_{name}"] = (len(at) - 1) / (at[-1] - at[0]) if len(at) > 1 else 0.0
        show(f"{platform} pushes to two BIDs, {label} ({backend})", figures)
    return rates


def _sent(tg: FakeTelegram) -> list[Any]:
    return [c for c in tg.calls("sendMessage") if c.status == 200]


def _created(tw: FakeTwilio) -> list[Any]:
    return [c for c in tw.calls() if "Messages.json" in c.method and c.status == 201]


def _bid_of(call: Any) -> str:
    """The BID a pushed text was for (its case reference's prefix)."""
    text = str(call.params.get("text") or call.params.get("Body"))
    return text.split("Update on ", 1)[1][:2]


def _owner(bot: str, own: bool) -> str | None:
    """Whose messages a bot or sender should carry; None: anyone's (it serves both BIDs)."""
    if not own:
        return None
    return "OX" if bot in ("telegram:OX", OX_FROM) else "WE"


async def _queue(sessions: Sessions, telegram: int, whatsapp: int, *, own: bool) -> None:
    """Members of WE and OX on both platforms (OX's on its own bot and sender when `own`),
    with pushes waiting in the outbox, half for each BID."""
    now = utcnow()
    async with transaction(sessions) as session:
        people: dict[tuple[str, str], list[Any]] = {}
        for code in ("WE", "OX"):
            bid = await bids.create_bid(session, code=code, name=code)
            assert bid.id is not None
            if code == "OX" and own:
                bid.telegram_token, bid.telegram_secret = OX_TOKEN, "ox-bench-secret-0123"
                bid.whatsapp_from = OX_FROM
            shop = await bids.create_shop(session, bid_id=bid.id, name="Gifts", street="Haymarket")
            for platform in (TELEGRAM, WHATSAPP):
                channel = bid_channel(platform, code) if code == "OX" and own else platform
                for n in range(PEOPLE):
                    number = n + (PEOPLE if code == "OX" else 0)
                    address = (
                        str(100000 + number) if platform == TELEGRAM else f"+4477009{number:05d}"
                    )
                    identity, _ = await members.create_member(
                        session,
                        bid_id=bid.id,
                        role="staff",
                        shop_id=shop.id,
                        display_name=f"Staff {number}",
                        channel=channel,
                        address=address,
                    )
                    identity.last_inbound_at = now  # inside WhatsApp's 24-hour window
                    people.setdefault((code, platform), []).append(identity)
        for platform, count in ((TELEGRAM, telegram), (WHATSAPP, whatsapp)):
            for n in range(count):
                code = ("WE", "OX")[n % 2]
                identity = people[(code, platform)][(n // 2) % PEOPLE]
                text = f"Update on {code}-{n:04d} (shoplifting): CCTV collected."
                await outbox.enqueue(
                    session,
                    channel=identity.channel,
                    address=identity.address,
                    identity_id=identity.id,
                    payload={"text": text, "options": [], "push": True},
                    now=now,
                )


async def main_async(telegram: int, whatsapp: int, backend: str, rate: float) -> None:
    ratios: dict[str, float] = {}
    # One platform at a time, so that one's sending does not take the other's CPU.
    for pushes in ((telegram, 0), (0, whatsapp)):
        if not any(pushes):
            continue
        one = await run(*pushes, backend, own=False, rate=rate)
        two = await run(*pushes, backend, own=True, rate=rate)
        ratios |= {platform: two[platform] / one[platform] for platform in one}
    show(f"own bot and sender ÷ one, messages/s ({backend})", ratios)


def main() -> None:
    telegram = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    whatsapp = int(sys.argv[2]) if len(sys.argv) > 2 else 1600
    backend = sys.argv[3] if len(sys.argv) > 3 else "sqlite"
    rate = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0
    asyncio.run(main_async(telegram, whatsapp, backend, rate))


if __name__ == "__main__":
    main()
