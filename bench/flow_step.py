"""One flow step end to end: POST /console/messages until the reply is readable, on SQLite.

Real HTTP to the app under uvicorn, with the outbox sender running, so each figure covers
parsing, the dispatcher's transaction, the sender, and the console read; CPU per step is the
whole process's (server and client).
Run: .venv/bin/python -m bench.flow_step [messages] [sqlite|postgres]
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench import _server_stats
from bench._common import fresh_database, serving, show, summary
from bot.app import create_app
from bot.console_token import HEADER
from bot.demo import seed_demo
from config.settings import Settings
from storage.db import transaction

REPORT = [
    "report", "shoplifting", "no", "20 minutes ago", "somewhere else", "coventy stret", "yes",
    "Took three bottles of perfume and ran off", "3 bottles of perfume", "£120", "1",
    "tall, grey hoodie, about 30", "towards leicester sq", "yes", "no", "skip", "send",
]  # fmt: skip


async def run(messages: int, backend: str) -> None:
    async with fresh_database(backend) as url:
        token_file = Path(tempfile.mkdtemp()) / "console.token"
        settings = Settings(_env_file=None, database_url=url, console_token_file=str(token_file))
        app = create_app(settings)
        headers = {HEADER: app.state.runtime.console_token}
        async with transaction(app.state.runtime.sessions) as session:
            await seed_demo(session)
        async with (
            serving(app) as base,
            httpx.AsyncClient(base_url=base, timeout=30, headers=headers) as client,
        ):
            cursor = await client.get("/console/messages", params={"handle": "demo-staff"})
            after = cursor.json()["last_id"]
            took: list[float] = []
            by_answer: dict[str, list[float]] = {}
            cpu_by_answer: dict[str, list[float]] = {}
            waited = _server_stats.run_queue_seconds(os.getpid())
            started, cpu = time.perf_counter(), time.process_time()
            for n in range(messages):
                text = REPORT[n % len(REPORT)]
                t0, c0 = time.perf_counter(), time.process_time()
                response = await client.post(
                    "/console/messages", json={"handle": "demo-staff", "text": text}
                )
                response.raise_for_status()
                while True:
                    got = await client.get(
                        "/console/messages",
                        params={"handle": "demo-staff", "after": after, "wait": 5},
                    )
                    batch = got.json()["messages"]
                    if batch:
                        after = batch[-1]["id"]
                        break
                took.append(time.perf_counter() - t0)
                by_answer.setdefault(text, []).append(took[-1])
                cpu_by_answer.setdefault(text, []).append(time.process_time() - c0)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            waited = _server_stats.run_queue_seconds(os.getpid()) - waited
    figures = summary(took)
    figures["messages_per_s"] = messages / elapsed
    # The server and this client share the process: CPU per step counts both.
    figures["cpu_ms_per_step"] = 1000 * cpu / messages
    # Waiting for a CPU while runnable: what other work on the machine added to the wall times.
    figures["run_queue_ms_per_step"] = 1000 * waited / messages
    show(f"flow step via console endpoint ({backend})", figures)
    # Which answers make the tail: a report's filing does more than a step does.
    slowest = sorted(by_answer.items(), key=lambda kv: -_p50(kv[1]))[:3]
    print(
        "  slowest answers (p50 ms): "
        + ", ".join(f"{t!r} {1000 * _p50(v):.1f}" for t, v in slowest)
    )
    # CPU is steadier than wall time on a shared machine (it includes work the sender does
    # meanwhile, so it is the answer's cost plus a share of the background).
    costliest = sorted(cpu_by_answer.items(), key=lambda kv: -_p50(kv[1]))[:3]
    print(
        "  costliest answers (CPU p50 ms): "
        + ", ".join(f"{t!r} {1000 * _p50(v):.1f}" for t, v in costliest)
        + f"; a plain step {1000 * _p50([x for v in cpu_by_answer.values() for x in v]):.1f}"
    )


def _p50(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def main() -> None:
    messages = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    backend = sys.argv[2] if len(sys.argv) > 2 else "sqlite"
    asyncio.run(run(messages, backend))


if __name__ == "__main__":
    main()
