"""One flow step end to end: POST /console/messages, answered with the reply.

Real HTTP to the app with the outbox sender running, so each figure covers parsing, the
dispatcher's transaction, the sender, and the console read. By default the app is `shopwatch
serve` in its own process, as in production, and this process is the one client: CPU per step is
the server's (from /proc). `--in-process` runs the app under uvicorn in this process instead, as
earlier figures were taken: the client's CPU and the server's then share one interpreter, and
work the server does after a reply (the checks after a filing) delays the client reading it.
`--profile` (own process only): the server counts and times its SQL (`bench._sql_count`) and is
sampled with py-spy, and where its CPU goes is printed (`bench/_profile_report.py`).
`--two-requests`: the POST answers at once and a GET waits for the reply (`shopwatch chat`'s
shape, and every step's before the POST could answer with it).
The client posts with aiohttp, at about a third of httpx's CPU a request (measured): its CPU is
inside each timed step, and on PostgreSQL it queues with the server and the database for the
two cores. `--httpx` posts with httpx, as figures before 2026-12-03 were taken.
Run: .venv/bin/python -m bench.flow_step [messages] [sqlite|postgres] [--in-process] [--profile]
[--two-requests] [--httpx]
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any

import aiohttp
import httpx

from bench import _profile_report, _server_stats
from bench._common import (
    follow_ups_done,
    free_port,
    freeze_heap,
    fresh_database,
    serve_command,
    server_process,
    serving,
    show,
    summary,
)
from bot.app import create_app
from bot.console_token import HEADER
from bot.demo import seed_demo
from config.settings import Settings
from storage.db import make_engine, make_sessions, transaction

REPORT = [
    "report", "shoplifting", "no", "20 minutes ago", "somewhere else", "coventy stret", "yes",
    "Took three bottles of perfume and ran off", "3 bottles of perfume", "£120", "1",
    "tall, grey hoodie, about 30", "towards leicester sq", "yes", "no", "skip", "send",
]  # fmt: skip


@asynccontextmanager
async def in_process(url: str, token_file: Path) -> AsyncIterator[tuple[str, str, int]]:
    """The app under uvicorn here: its base URL, the console token, and this process's pid."""
    settings = Settings(_env_file=None, database_url=url, console_token_file=str(token_file))
    app = create_app(settings)
    async with transaction(app.state.runtime.sessions) as session:
        await seed_demo(session)
    async with serving(app) as base:
        yield base, app.state.runtime.console_token, os.getpid()


@asynccontextmanager
async def own_process(
    url: str, token_file: Path, sql_file: str | None = None
) -> AsyncIterator[tuple[str, str, int]]:
    """`shopwatch serve` on the demo BID: its base URL, the console token, and its pid; with
    `sql_file`, counting its SQL into it (SIGUSR1 starts the count afresh)."""
    engine = make_engine(url)
    try:
        async with transaction(make_sessions(engine)) as session:
            await seed_demo(session)
    finally:
        await engine.dispose()
    port = free_port()
    env = {
        "SHOPWATCH_DATABASE_URL": url,
        "SHOPWATCH_CONSOLE": "on",
        "SHOPWATCH_CONSOLE_TOKEN_FILE": str(token_file),
    }
    command = serve_command(port)
    if sql_file:
        env["BENCH_SQL_COUNTS"] = sql_file
        command = [sys.executable, "-m", "bench._sql_count", *command[1:]]
    async with server_process("shopwatch serve", command, env, port) as (
        base,
        server,
    ):
        token = await asyncio.to_thread(token_file.read_text)
        yield base, token.strip(), server.pid


class Client:
    """The one client's requests to the console, answered as JSON (either HTTP library)."""

    def __init__(self, base: str, token: str, *, use_httpx: bool) -> None:
        self._base, self._headers, self._httpx = base, {HEADER: token}, use_httpx
        self._stack = AsyncExitStack()

    async def __aenter__(self) -> Client:
        if self._httpx:
            self._client = await self._stack.enter_async_context(
                httpx.AsyncClient(base_url=self._base, timeout=30, headers=self._headers)
            )
        else:
            self._session = await self._stack.enter_async_context(
                aiohttp.ClientSession(
                    self._base,
                    headers=self._headers,
                    timeout=aiohttp.ClientTimeout(total=30),
                    connector=aiohttp.TCPConnector(limit=1),
                )
            )
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._stack.aclose()

    async def post(self, path: str, body: dict[str, object]) -> Any:
        if self._httpx:
            response = await self._client.post(path, json=body)
            response.raise_for_status()
            return response.json()
        async with self._session.post(path, json=body) as answer:
            answer.raise_for_status()
            return await answer.json()

    async def get(self, path: str, params: dict[str, str | int]) -> Any:
        if self._httpx:
            response = await self._client.get(path, params=params)
            response.raise_for_status()
            return response.json()
        query = {key: str(value) for key, value in params.items()}
        async with self._session.get(path, params=query) as answer:
            answer.raise_for_status()
            return await answer.json()


async def run(
    messages: int,
    backend: str,
    *,
    here: bool = False,
    profile: bool = False,
    two: bool = False,
    use_httpx: bool = False,
) -> None:
    async with fresh_database(backend) as url:
        folder = Path(tempfile.mkdtemp())
        token_file = folder / "console.token"
        sql, spy_file = (
            (str(folder / "sql.json"), str(folder / "spy.txt")) if profile else ("", "")
        )
        app = in_process(url, token_file) if here else own_process(url, token_file, sql or None)
        async with app as (base, token, pid), Client(base, token, use_httpx=use_httpx) as client:
            cursor = await client.get("/console/messages", {"handle": "demo-staff"})
            after = cursor["last_id"]
            took: list[float] = []
            by_answer: dict[str, list[float]] = {}
            cpu_by_answer: dict[str, list[float]] = {}
            # Here, the interpreter's own clock (fine-grained); a server's from /proc, in ticks
            # of 10 ms: per answer, means over many steps, not single readings, mean something.
            clock = time.process_time if here else partial(_server_stats.cpu_seconds, pid)
            if profile:
                os.kill(pid, signal.SIGUSR1)  # count SQL from here on
            spy = await _profile_report.start(pid, spy_file) if profile else None
            freeze_heap()
            waited = _server_stats.run_queue_seconds(pid)
            started, cpu = time.perf_counter(), clock()
            for n in range(messages):
                text = REPORT[n % len(REPORT)]
                c0 = clock()  # read before the step's clock starts: it is the client's work
                t0 = time.perf_counter()
                body: dict[str, object] = {"handle": "demo-staff", "text": text}
                if not two:
                    body |= {"after": after, "wait": 5}
                answer = await client.post("/console/messages", body)
                batch = [] if two else answer["messages"]
                while not batch:
                    got = await client.get(
                        "/console/messages", {"handle": "demo-staff", "after": after, "wait": 5}
                    )
                    batch = got["messages"]
                after = batch[-1]["id"]
                took.append(time.perf_counter() - t0)
                by_answer.setdefault(text, []).append(took[-1])
                cpu_by_answer.setdefault(text, []).append(clock() - c0)
            elapsed = time.perf_counter() - started
            left = await follow_ups_done(url)  # the last filings' follow-ups count too
            cpu = clock() - cpu
            waited = _server_stats.run_queue_seconds(pid) - waited
            if spy is not None:
                await _profile_report.stop(spy)
    figures = summary(took)
    if left:
        print(f"  {left} filings' follow-ups had not run 30 s after the last step")
    figures["messages_per_s"] = messages / elapsed
    # In process, the server and this client share it: CPU per step then counts both.
    figures["cpu_ms_per_step"] = 1000 * cpu / messages
    # Waiting for a CPU while runnable: what other work on the machine added to the wall times.
    figures["run_queue_ms_per_step"] = 1000 * waited / messages
    where = "in this process, client included" if here else "server in its own process"
    where += "; a POST, then a GET for the reply" if two else "; one POST answered with the reply"
    where += "; httpx client" if use_httpx else ""
    show(f"flow step via console endpoint ({backend}; {where})", figures)
    # Which answers make the tail: a report's filing does more than a step does.
    slowest = sorted(by_answer.items(), key=lambda kv: -_p50(kv[1]))[:3]
    print(
        "  slowest answers (p50 ms): "
        + ", ".join(f"{t!r} {1000 * _p50(v):.1f}" for t, v in slowest)
    )
    # CPU is steadier than wall time on a shared machine (it includes work the server does
    # meanwhile, such as the checks after a filing: the answer's cost plus a share of that).
    costliest = sorted(cpu_by_answer.items(), key=lambda kv: -_mean(kv[1]))[:3]
    print(
        "  costliest answers (CPU mean ms): "
        + ", ".join(f"{t!r} {1000 * _mean(v):.1f}" for t, v in costliest)
        + f"; a plain step {1000 * _p50([_mean(v) for v in cpu_by_answer.values()]):.1f}"
    )
    if profile:
        _profile_report.report(spy_file, sql, messages)


def _p50(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    messages = int(args[0]) if args else 1000
    backend = args[1] if len(args) > 1 else "sqlite"
    here, profile = "--in-process" in sys.argv[1:], "--profile" in sys.argv[1:]
    if here and profile:
        raise SystemExit("--profile samples the server's own process: not with --in-process")
    two, use_httpx = "--two-requests" in sys.argv[1:], "--httpx" in sys.argv[1:]
    asyncio.run(run(messages, backend, here=here, profile=profile, two=two, use_httpx=use_httpx))


if __name__ == "__main__":
    main()
