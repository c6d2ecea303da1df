"""Shared benchmark plumbing: fresh databases, the app under uvicorn (in this process or as its
own `shopwatch serve` process), and percentiles."""

from __future__ import annotations

import asyncio
import gc
import os
import re
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import uvicorn
from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import make_engine
from storage.migrate import upgrade_async

PG_URL = os.environ.get(
    "SHOPWATCH_BENCH_DATABASE_URL",
    os.environ.get(
        "SHOPWATCH_TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
    ),
)


def freeze_heap() -> None:
    """Leave what is loaded so far out of this process's garbage collector, as `shopwatch
    serve` does for itself: a full collection otherwise walks every module imported (these
    processes import the app), and its pause, about 100 ms here, was timed as the server's (the
    slowest console step of every run, always the same one, was this process collecting)."""
    gc.collect()
    gc.freeze()


async def follow_ups_done(url: str, within: float = 30.0) -> int:
    """Wait (`within` seconds at most) until what follows every filing has run: the server runs
    it in a lull, which may come only once the people have stopped, and its CPU counts in the
    figures. How many are left (0 once all ran)."""
    engine = make_engine(url)
    deadline = time.monotonic() + within
    try:
        while True:
            async with engine.connect() as connection:
                left = (
                    await connection.execute(text("SELECT count(*) FROM case_follow_up"))
                ).scalar_one()
            if not left or time.monotonic() > deadline:
                return int(left)
            await asyncio.sleep(0.05)
    finally:
        await engine.dispose()


@asynccontextmanager
async def fresh_database(backend: str) -> AsyncIterator[str]:
    """A new, migrated database: a temporary SQLite file, or a new PostgreSQL database."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
            await upgrade_async(url)
            yield url
        return
    base = make_url(PG_URL)
    name = f"sw_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(
        host=base.host, port=base.port or 5432, user=base.username, database=base.database
    )
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = str(base.set(database=name))
        await upgrade_async(url)
        yield url
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@asynccontextmanager
async def serving(app: Any) -> AsyncIterator[str]:
    """Run the app (with its lifespan) under uvicorn on a free loopback port, in this loop."""
    # IPPROTO_TCP said outright: asyncio sets TCP_NODELAY only on sockets whose proto is TCP,
    # and accepted sockets inherit the listener's (0 for a bare socket()); without it every
    # response's body waits ~40 ms behind its headers (Nagle meeting delayed ACKs).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    )
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:  # noqa: ASYNC110 (uvicorn offers no start event)
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def serve_process(env: dict[str, str], *, wait: float = 60.0) -> AsyncIterator[str]:
    """`shopwatch serve` as its own process, as in production, so the fakes and the load
    generator in this process do not share its interpreter. Yields its base URL once
    `/healthz` answers; its output goes to a temporary file, checked by `server_log_report`.
    """
    port = free_port()
    async with server_process("shopwatch serve", serve_command(port), env, port, wait=wait) as (
        base,
        _,
    ):
        yield base


def serve_command(port: int) -> list[str]:
    """`shopwatch serve` on `port`, from this interpreter's environment."""
    return [str(Path(sys.executable).with_name("shopwatch")), "serve", "--port", str(port)]


@asynccontextmanager
async def server_process(
    name: str, command: list[str], env: dict[str, str], port: int, *, wait: float = 60.0
) -> AsyncIterator[tuple[str, asyncio.subprocess.Process]]:
    """Any web server as its own process listening on `port`: its base URL, once `/healthz`
    answers, and the process (for its pid); its output is checked as `serve_process` says."""
    log = tempfile.NamedTemporaryFile(  # kept: read after the run
        prefix=f"{name.split()[0]}-bench-", suffix=".log", delete=False
    )
    server = await asyncio.create_subprocess_exec(
        *command, env={**os.environ, **env}, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(timeout=2) as client:
            deadline = time.monotonic() + wait
            while True:
                if server.returncode is not None:
                    raise RuntimeError(f"{name} exited ({server.returncode}); see {log.name}")
                try:
                    if (await client.get(f"{base}/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{name} did not answer /healthz; see {log.name}")
                await asyncio.sleep(0.1)
        yield base, server
    finally:
        if server.returncode is None:
            server.terminate()
        await server.wait()
        log.close()
        server_log_report(log.name)


_PROBLEM = re.compile(r" (WARNING|ERROR|CRITICAL) |Traceback")


def server_log_report(path: str) -> None:
    """One line about the server's log: how many warnings and errors, and the first few.
    A clean log is deleted; one with problems is kept for reading."""
    lines = Path(path).read_text(errors="replace").splitlines()
    problems = [line for line in lines if _PROBLEM.search(line)]
    if not problems:
        Path(path).unlink()
        print(f"  server log: {len(lines)} lines, no warnings or errors", flush=True)
        return
    print(f"  server log: {len(lines)} lines, {len(problems)} warnings/errors, kept at {path}")
    for line in problems[:5]:
        print(f"    {line[:200]}", flush=True)


def summary(seconds: Sequence[float]) -> dict[str, float]:
    """Median, p99 and max in milliseconds."""
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": p99 * 1000,
        "max_ms": ordered[-1] * 1000,
    }


def show(title: str, figures: dict[str, float]) -> None:
    parts = [f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items()]
    print(f"{title}: " + "  ".join(parts), flush=True)
