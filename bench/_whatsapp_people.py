"""The people of `bench.whatsapp_webhook`, in a process of their own, so that the fake Twilio
API (in the benchmark's process) does not slow their posts and their timing.

Each posts their next message as soon as the webhook has answered the last (the burst); every
post is signed before the burst starts. Prints JSON: per person, [seconds since the epoch
posted, seconds to the webhook's answer (15 when Twilio would have given up)] per message.
Run by the benchmark: python -m bench._whatsapp_people URL TOKEN STAFF MESSAGES
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import time

import aiohttp

from fakes import twilio_webhooks as twh

PUBLIC = "https://shopwatch.example"  # what Twilio signs; the app is reached on loopback
TWILIO_WAIT = 15.0  # seconds Twilio waits for a webhook's answer
WORDS = ("report", "cancel", "mycases", "help")  # each one answered with one message

Signed = tuple[dict[str, str], dict[str, str]]  # form and headers


def number(n: int) -> str:
    return f"+4477009{n:05d}"


def signed_posts(token: str, who: int, count: int) -> list[Signed]:
    posts = []
    for k in range(count):
        params = twh.inbound_text(
            WORDS[k % len(WORDS)], from_=f"whatsapp:{number(who)}", profile_name=f"Staff {who}"
        )
        posts.append((params, twh.signed_headers(f"{PUBLIC}/whatsapp/webhook", params, token)))
    return posts


async def post(
    client: aiohttp.ClientSession, url: str, params: dict[str, str], headers: dict[str, str]
) -> float | None:
    """Seconds to the webhook's answer; None when Twilio would have given up (15 s)."""
    posted = time.time()
    for attempt in range(2):
        try:
            async with client.post(url, data=params, headers=headers) as response:
                response.raise_for_status()
                await response.read()
        except TimeoutError:
            return None  # the server still handles the message
        except aiohttp.ClientConnectionError:
            if attempt:
                raise
            # A kept-alive connection closed under us: post again, as Twilio would; the
            # repeated MessageSid is acknowledged and not processed twice.
            continue
        break
    seconds = time.time() - posted
    return seconds if seconds < TWILIO_WAIT else None


async def person(
    client: aiohttp.ClientSession, url: str, posts: list[Signed]
) -> list[list[float]]:
    timed = []
    for params, headers in posts:
        posted = time.time()
        timed.append([posted, await post(client, url, params, headers) or TWILIO_WAIT])
    return timed


async def people(url: str, token: str, staff: int, messages: int) -> list[list[list[float]]]:
    posts = [signed_posts(token, n, messages // staff) for n in range(staff)]
    # As bench._common.freeze_heap (not imported: it would load the app here): a collection's
    # pause would be timed as the server's.
    gc.collect()
    gc.freeze()
    # aiohttp rather than httpx: a post costs it a fraction of the CPU, and the people share
    # two cores with the server and the fake Twilio API. Idle connections are dropped before
    # uvicorn's 5 s keep-alive closes them under a post.
    connector = aiohttp.TCPConnector(limit=staff, keepalive_timeout=2.0)
    timeout = aiohttp.ClientTimeout(total=TWILIO_WAIT)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as client:
        return await asyncio.gather(*(person(client, url, each) for each in posts))


def main() -> None:
    url, token, staff, messages = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    print(json.dumps(asyncio.run(people(url, token, staff, messages))))


if __name__ == "__main__":
    main()
