"""`python -m bench._sql_count serve --port N`: `shopwatch serve`, counting and timing its SQL.

Every statement any engine runs is counted by its text (parameters are already placeholders)
and timed from the driver call to its return (wall clock: on SQLite a BEGIN IMMEDIATE's time is
its wait for the write lock), with commits and rollbacks; so is every wait for a connection
from the pool. SIGUSR1 starts afresh (so start-up is left out); the figures are written as JSON
to $BENCH_SQL_COUNTS when the process stops. (uvicorn, once shut down, raises the SIGTERM it
caught again, so they are written by that signal's handler: an atexit hook would never run.)
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from types import FrameType
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool
from sqlalchemy.util import queue

from bot.cli import main
from storage import driver

COUNTS: Counter[str] = Counter()
SECONDS: defaultdict[str, float] = defaultdict(float)
POOL: Counter[str] = Counter()
POOL_SECONDS = [0.0]
_SPACES = re.compile(r"\s+")
_LISTS = re.compile(r"\((?:\s*(?:\?|\$\d+|%\(\w+\)s)\s*,)+\s*(?:\?|\$\d+|%\(\w+\)s)\s*\)")


def shape(statement: str) -> str:
    """One line per kind of statement: spaces squeezed, placeholder lists folded."""
    return _LISTS.sub("(…)", _SPACES.sub(" ", statement).strip())


@event.listens_for(Engine, "before_cursor_execute")
def _before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
    conn.info.setdefault("bench_started", []).append(time.perf_counter())


@event.listens_for(Engine, "after_cursor_execute")
def _after(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
    took = time.perf_counter() - conn.info["bench_started"].pop()
    key = shape(statement)
    COUNTS[key] += 1
    SECONDS[key] += took


def _on_driver(statement: str, params: Any, seconds: float) -> None:
    """A statement run on the driver (storage.driver), where engine events do not see it."""
    key = shape(statement)
    COUNTS[key] += 1
    if key != "COMMIT":
        SECONDS[key] += seconds


driver.WATCHERS.append(_on_driver)

HELD: Counter[str] = Counter()
HELD_SECONDS: defaultdict[str, float] = defaultdict(float)
_OURS = re.compile(r"/(?:bot|handlers|storage)/")


def _holder() -> str:
    """Our innermost frames in the task that took a pooled connection (the greenlet's own
    stack has only SQLAlchemy in it, so the task's chain of awaits is walked instead)."""
    try:
        task = asyncio.current_task()
    except RuntimeError:
        return "?"
    where: list[str] = []
    coro: Any = task.get_coro() if task else None
    while coro is not None and hasattr(coro, "cr_frame"):
        frame = coro.cr_frame
        if frame is not None and _OURS.search(frame.f_code.co_filename):
            path = Path(frame.f_code.co_filename)
            where.append(f"{path.parent.name}/{path.name}:{frame.f_lineno}")
        coro = coro.cr_await
    return " > ".join(where[-3:]) or "?"


@event.listens_for(Pool, "checkout")
def _checkout(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    record.info["bench_held"] = (time.perf_counter(), _holder())


@event.listens_for(Pool, "checkin")
def _checkin(dbapi_connection: Any, record: Any) -> None:
    started = record.info.pop("bench_held", None)
    if started is not None:
        HELD[started[1]] += 1
        HELD_SECONDS[started[1]] += time.perf_counter() - started[0]


@event.listens_for(Engine, "begin")
def _begin(conn: Any) -> None:
    if conn.dialect.name == "sqlite":  # storage.db begins it on the cursor, unseen by events
        COUNTS["BEGIN IMMEDIATE"] += 1


@event.listens_for(Engine, "commit")
def _commit(conn: Any) -> None:
    COUNTS["COMMIT"] += 1


@event.listens_for(Engine, "rollback")
def _rollback(conn: Any) -> None:
    COUNTS["ROLLBACK"] += 1


_get = queue.AsyncAdaptedQueue.get


def _timed_get(self: Any, block: bool = True, timeout: float | None = None) -> Any:
    started = time.perf_counter()
    try:
        return _get(self, block, timeout)
    finally:
        POOL["waits"] += 1
        POOL_SECONDS[0] += time.perf_counter() - started


queue.AsyncAdaptedQueue.get = _timed_get  # type: ignore[method-assign]


def _restart(signum: int, frame: FrameType | None) -> None:
    COUNTS.clear()
    SECONDS.clear()
    POOL.clear()
    POOL_SECONDS[0] = 0.0
    HELD.clear()
    HELD_SECONDS.clear()


def _write_and_stop(signum: int, frame: FrameType | None) -> None:
    figures = {
        "counts": COUNTS,
        "seconds": SECONDS,
        "pool": {**POOL, "seconds": POOL_SECONDS[0]},
        "held": {k: [HELD[k], HELD_SECONDS[k]] for k in HELD},
    }
    Path(os.environ["BENCH_SQL_COUNTS"]).write_text(json.dumps(figures))
    raise SystemExit(0)


if __name__ == "__main__":
    signal.signal(signal.SIGUSR1, _restart)
    signal.signal(signal.SIGTERM, _write_and_stop)
    sys.argv[0] = "shopwatch"
    main()
