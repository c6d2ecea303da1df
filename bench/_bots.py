"""The two bots of `bench.telegram_peer`, each as its own server process on the fake Bot API:
the peer (`python -m bench.peer`) and ShopWatch (`shopwatch serve`, on a fresh database with the
people registered as staff; with `bench._sql_count` in front when its SQL is to be counted)."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench._common import free_port, fresh_database, server_process
from bench._telegram_people import Observed
from bench.telegram_webhook import register
from fakes import telegram_updates as tu

SECRET = "bench-secret"
SHOP = "Coventry Street Gifts"  # where `register` puts every member of staff


def users_for(first: int, n: int) -> list[dict[str, Any]]:
    return [tu.make_user(first + i, f"Staff{i}") for i in range(n)]


@dataclass(frozen=True)
class Served:
    """A bot's server process, up and answering."""

    base: str
    pid: int
    db_url: str | None = None  # a PostgreSQL database, whose backends' CPU counts too
    counts_sql: bool = False  # SIGUSR1 starts its SQL count afresh (bench._sql_count)
    database: str = ""  # ShopWatch's database, whatever the backend


@asynccontextmanager
async def peer(tg: Observed, users: list[dict[str, Any]], rate: float) -> AsyncIterator[Served]:
    with tempfile.TemporaryDirectory() as folder:
        members = Path(folder) / "members.json"
        members.write_text(json.dumps({str(u["id"]): SHOP for u in users}))
        port = free_port()
        command = [sys.executable, "-m", "bench.peer", "--port", str(port)]
        env = {
            "PEER_TELEGRAM_TOKEN": tg.token,
            "PEER_TELEGRAM_SECRET": SECRET,
            "PEER_TELEGRAM_API_URL": tg.api_url,
            "PEER_PUBLIC_URL": "https://bench.example",
            "PEER_TELEGRAM_RATE": str(rate),
        }
        async with server_process("peer", [*command, "--members", str(members)], env, port) as (
            base,
            server,
        ):
            yield Served(base, server.pid)


@asynccontextmanager
async def shopwatch(
    tg: Observed, users: list[dict[str, Any]], rate: float, backend: str, sql_file: str | None
) -> AsyncIterator[Served]:
    async with fresh_database(backend) as url:
        await register(url, users)
        with tempfile.TemporaryDirectory() as files:
            port = free_port()
            env = {
                "SHOPWATCH_DATABASE_URL": url,
                "SHOPWATCH_PUBLIC_URL": "https://bench.example",
                "SHOPWATCH_TELEGRAM_TOKEN": tg.token,
                "SHOPWATCH_TELEGRAM_SECRET": SECRET,
                "SHOPWATCH_TELEGRAM_API_URL": tg.api_url,
                "SHOPWATCH_TELEGRAM_RATE": str(rate),
                "SHOPWATCH_CONSOLE": "off",
                "SHOPWATCH_ATTACHMENTS_DIR": files,
            }
            command = [str(Path(sys.executable).with_name("shopwatch"))]
            if sql_file:
                env["BENCH_SQL_COUNTS"] = sql_file
                command = [sys.executable, "-m", "bench._sql_count"]
            command += ["serve", "--port", str(port)]
            async with server_process("shopwatch serve", command, env, port) as (base, server):
                db_url = url if backend == "postgres" else None
                yield Served(base, server.pid, db_url, counts_sql=bool(sql_file), database=url)
