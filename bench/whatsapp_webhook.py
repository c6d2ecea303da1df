"""WhatsApp webhook benchmark: a burst of 2,000 signed posts from 200 staff, to replies at Twilio.

The product runs as its own process (`shopwatch serve`), as in production; this process holds
the fake Twilio REST API (in threads) and the load generator. Real HTTP both ways: form posts
signed for SHOPWATCH_PUBLIC_URL + path (which the server checks) to `POST /whatsapp/webhook`
on the server's port, replies through the twilio library to the fake. Each simulated person
posts their next message as soon as the webhook has answered the last (the burst), so every
post must be answered within Twilio's 15 s while the replies queue; the server paces sends at
80/s (WhatsApp's per-sender limit), so replies_per_s cannot pass 80. Prints the webhook's
answer times, post-to-reply times, and the server's CPU per message (everything it did for
the burst, replies included, until the last reply reached Twilio). Run as
`.venv/bin/python -m bench.whatsapp_webhook [--profile] [--statuses] [--staff N]
[--messages M] [sqlite|postgres ...]`; `--profile` also prints where the server's CPU goes
(py-spy) and its SQL per message; `--statuses` has Twilio post the sent, delivered and read
callbacks for every reply, as it does (CPU per message then includes them); `--staff` and
`--messages` make a smaller burst while iterating.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import httpx

from bench import _profile_report, _server_stats
from bench._common import (
    follow_ups_done,
    free_port,
    freeze_heap,
    fresh_database,
    server_process,
    show,
    summary,
)
from bench._whatsapp_people import PUBLIC, TWILIO_WAIT, number
from bot.demo import seed_demo
from fakes import twilio_webhooks as twh
from fakes.twilio_api import WHATSAPP_SANDBOX_NUMBER, FakeTwilio
from storage import bids, members
from storage.db import make_engine, make_sessions, transaction
from storage.types import utcnow

STAFF = 200
MESSAGES = 2000
STATUSES = ("sent", "delivered", "read")  # the callbacks Twilio posts for each reply


def _sys_seconds(pid: int) -> float:
    """The server's CPU in the kernel (stime): its sockets' sends and receives, its file I/O."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[12]) / os.sysconf("SC_CLK_TCK")


class Replies:
    """Watches the fake Twilio API and wakes whoever waits for their next reply; with
    `statuses`, answers each reply with Twilio's status callbacks (sent, delivered, read)."""

    def __init__(self, tw: FakeTwilio, statuses: Statuses | None = None) -> None:
        self._tw = tw
        self._seen = 0
        self._arrived: dict[str, list[float]] = {}
        self._changed = asyncio.Event()
        self._statuses = statuses

    async def watch(self) -> None:
        while True:
            messages = self._tw.messages()
            for message in messages[self._seen :]:
                address = message.to.removeprefix("whatsapp:")
                self._arrived.setdefault(address, []).append(message.at)
                if self._statuses is not None:
                    self._statuses.report(message.sid, message.to)
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


class Statuses:
    """Twilio's status callbacks for each reply, signed, posted one after another."""

    def __init__(self, client: httpx.AsyncClient, url: str, tw: FakeTwilio) -> None:
        self._client, self._url, self._tw = client, url, tw
        self._tasks: set[asyncio.Task[None]] = set()
        self.answers: list[float] = []

    def report(self, sid: str, to: str) -> None:
        task = asyncio.create_task(self._post_all(sid, to))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _post_all(self, sid: str, to: str) -> None:
        for status in STATUSES:
            params = twh.status_callback(
                sid, status, to=to, from_=WHATSAPP_SANDBOX_NUMBER, account_sid=self._tw.account_sid
            )
            headers = twh.signed_headers(f"{PUBLIC}/whatsapp/status", params, self._tw.auth_token)
            posted = time.time()
            response = await self._client.post(self._url, data=params, headers=headers)
            response.raise_for_status()
            seconds = time.time() - posted
            answered = seconds if seconds < TWILIO_WAIT else None
            self.answers.append(TWILIO_WAIT if answered is None else answered)

    async def drain(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks))


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


async def run(backend: str, profile: bool, statuses: bool) -> None:
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
        port = free_port()
        command = [str(Path(sys.executable).with_name("shopwatch"))]
        spy_file = sql_file = ""
        if profile:
            folder = tempfile.mkdtemp()
            spy_file, sql_file = f"{folder}/spy.txt", f"{folder}/sql.json"
            env["BENCH_SQL_COUNTS"] = sql_file
            command = [sys.executable, "-m", "bench._sql_count"]
        command += ["serve", "--port", str(port)]
        async with server_process("shopwatch serve", command, env, port) as (base, server):
            # Idle connections dropped before uvicorn's 5 s keep-alive closes them under a post.
            limits = httpx.Limits(
                max_connections=STAFF, max_keepalive_connections=STAFF, keepalive_expiry=2.0
            )
            status_client = httpx.AsyncClient(limits=limits, timeout=TWILIO_WAIT)
            callbacks = (
                Statuses(status_client, f"{base}/whatsapp/status", tw) if statuses else None
            )
            replies = Replies(tw, callbacks)
            watcher = asyncio.create_task(replies.watch())
            spy = None
            if profile:
                os.kill(server.pid, signal.SIGUSR1)  # count SQL from here on
                spy = await _profile_report.start(server.pid, spy_file)
            freeze_heap()
            cpu_before = _server_stats.cpu_seconds(server.pid)
            sys_before = _sys_seconds(server.pid)
            started = time.perf_counter()
            people = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bench._whatsapp_people",
                f"{base}/whatsapp/webhook",
                tw.auth_token,
                str(STAFF),
                str(MESSAGES),
                stdout=asyncio.subprocess.PIPE,
            )
            out, _ = await people.communicate()
            timed: list[list[list[float]]] = json.loads(out)
            results = []
            for who, posts in enumerate(timed):
                # Replies keep each person's order, so the nth reply answers the nth post.
                latencies = []
                for k, (posted, _) in enumerate(posts):
                    try:
                        arrived = await asyncio.wait_for(replies.nth(number(who), k + 1), 120)
                    except TimeoutError:
                        break  # counted as missing
                    latencies.append(arrived - posted)
                results.append(([answered for _, answered in posts], latencies))
            if callbacks is not None:
                await asyncio.sleep(0.1)  # the watcher has seen the last reply
                await callbacks.drain()
            elapsed = time.perf_counter() - started
            await status_client.aclose()
            await follow_ups_done(url)  # the last filings' follow-ups count too
            cpu = _server_stats.cpu_seconds(server.pid) - cpu_before
            kernel = _sys_seconds(server.pid) - sys_before
            if spy is not None:
                await _profile_report.stop(spy)
            watcher.cancel()
            await asyncio.sleep(1.0)  # a reply sent twice would show up now
            sent = len(tw.messages())
        latencies = [seconds for _, each in results for seconds in each]
        answers = [seconds for each, _ in results for seconds in each]
        show(
            f"whatsapp burst ({backend}, {STAFF} staff, {MESSAGES} messages)",
            {
                "seconds": elapsed,
                "replies_per_s": len(latencies) / elapsed,
                "server_cpu_ms_per_msg": 1000 * cpu / MESSAGES,
                "of_it_kernel_ms": 1000 * kernel / MESSAGES,
            },
        )
        webhook = summary(answers)
        late = sum(1 for seconds in answers if seconds >= TWILIO_WAIT)
        show(
            "  webhook answered (TwiML)",
            {**{k: v for k, v in webhook.items() if k != "n"}, "over_15s": late},
        )
        show(
            "  post to reply at Twilio",
            {**summary(latencies), "missing": MESSAGES - len(latencies)},
        )
        if callbacks is not None:
            answered = summary(callbacks.answers)
            late = sum(1 for seconds in callbacks.answers if seconds >= TWILIO_WAIT)
            show("  status callbacks answered", {**answered, "over_15s": late})
        if profile:
            _profile_report.report(spy_file, sql_file, MESSAGES)
        assert sent <= MESSAGES, f"{sent} replies reached Twilio for {MESSAGES} messages"


def _option(name: str, default: int) -> int:
    args = sys.argv[1:]
    return int(args[args.index(name) + 1]) if name in args else default


def main() -> None:
    global STAFF, MESSAGES
    logging.basicConfig(level=logging.WARNING)
    STAFF, MESSAGES = _option("--staff", STAFF), _option("--messages", MESSAGES)
    backends = [a for a in sys.argv[1:] if a in ("sqlite", "postgres")]
    for backend in backends or ["sqlite", "postgres"]:
        asyncio.run(run(backend, "--profile" in sys.argv, "--statuses" in sys.argv))


if __name__ == "__main__":
    main()
