"""What a server process cost, read from /proc: CPU seconds and peak memory; and the CPU of
the PostgreSQL backends serving one database, which a server on PostgreSQL also costs."""

from __future__ import annotations

import os
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of the process, all its threads together."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def run_queue_seconds(pid: int) -> float:
    """Time the process's threads have spent runnable but waiting for a CPU (schedstat): on a
    busy machine, the part of a latency that is the machine's, not the program's."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[1])
        except (FileNotFoundError, IndexError, ValueError):  # a thread gone, or no schedstat
            pass
    return total / 1e9


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


ENDED = 0  # db_cpu's key for the CPU of PostgreSQL processes that have ended (no pid is 0)


async def db_cpu(url: str) -> dict[int, float]:
    """CPU seconds so far of each backend connected to the database of `url`, and under key
    0 those of every PostgreSQL process that has ended (the postmaster's reaped children): a
    backend that came and went between two readings (a pool's overflow connection, an
    autovacuum worker) is counted there, where the live ones alone would miss it. (So is the
    backend of the reading before, a few ms.)"""
    parts = make_url(url)
    conn = await asyncpg.connect(
        host=parts.host, port=parts.port or 5432, user=parts.username, database=parts.database
    )
    try:
        rows = await conn.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            parts.database,
        )
        out: dict[int, float] = {}
        try:  # read while this connection's own backend, a child of the postmaster, lives
            out[ENDED] = _reaped_seconds(_parent(await conn.fetchval("SELECT pg_backend_pid()")))
        except (FileNotFoundError, PermissionError):  # PostgreSQL is elsewhere
            pass
    finally:
        await conn.close()
    for row in rows:
        try:
            out[row["pid"]] = cpu_seconds(row["pid"])
        except (FileNotFoundError, PermissionError):  # gone, or PostgreSQL is elsewhere
            pass
    return out


def db_delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU between two readings: the live backends' growth, and the ended ones' less what
    those that had been live at the first reading had already used by then."""
    live = sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items() if pid != ENDED)
    if ENDED not in before or ENDED not in after:
        return live
    gone = sum(cpu for pid, cpu in before.items() if pid != ENDED and pid not in after)
    return live + after[ENDED] - before[ENDED] - gone


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _reaped_seconds(pid: int) -> float:
    """cutime + cstime: the CPU of the process's children that have ended and been waited for."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / _TICK
