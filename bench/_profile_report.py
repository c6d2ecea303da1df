"""Where a server's CPU goes: py-spy samples of the running process, and its SQL per update.

`start` attaches py-spy (from the venv) to the process; `stop` ends it, which writes the
samples as collapsed stacks; `report` prints the costliest functions (own time), the layers
the time is spent under (PTB, SQLAlchemy ORM and Core, aiosqlite, asyncpg, httpx, JSON,
logging, ShopWatch's own packages...), our own lines that lead to it, and the SQL statements
per update counted by `bench._sql_count`.
"""

from __future__ import annotations

import asyncio
import json
import re
import signal
import sys
from collections import Counter
from pathlib import Path

SPY = str(Path(sys.executable).with_name("py-spy"))
RATE = 200  # samples a second
_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")
ROOT = str(Path(__file__).resolve().parent.parent) + "/"
OURS = ("bot/", "handlers/", "flows/", "storage/", "config/")
_LOOP = "asyncio event loop"
_PLUMBING = frozenset({"other (stdlib, C)", _LOOP, "threading (worker threads)"})

# (layer, test on a frame's file path), most specific first; a frame belongs to the first match.
LAYERS: tuple[tuple[str, str], ...] = (
    *((f"ShopWatch {p}", ROOT + p) for p in OURS),
    ("the peer (bench/peer/)", ROOT + "bench/peer/"),
    ("PTB Bot API client (request, rate limiter)", "/telegram/ext/_aioratelimiter"),
    ("PTB Bot API client (request, rate limiter)", "/telegram/request/"),
    ("PTB Bot API client (request, rate limiter)", "/telegram/_bot.py"),
    ("PTB Bot API client (request, rate limiter)", "/telegram/ext/_extbot"),
    ("PTB objects (de_json, to_dict, text_html)", "/telegram/"),
    ("twilio (REST client, request validator)", "/twilio/"),
    ("aiohttp (Bot API and Twilio REST HTTP)", "/aiohttp/"),
    ("httpx/httpcore (Bot API HTTP)", "/httpx/"),
    ("httpx/httpcore (Bot API HTTP)", "/httpcore/"),
    ("SQLAlchemy ORM", "/sqlalchemy/orm/"),
    ("SQLAlchemy asyncio bridge", "/sqlalchemy/ext/asyncio/"),
    ("SQLAlchemy asyncio bridge", "/sqlalchemy/util/_concurrency"),
    ("SQLAlchemy Core (compile, execute, result)", "/sqlalchemy/"),
    ("SQLModel", "/sqlmodel/"),
    ("aiosqlite + sqlite3", "/aiosqlite/"),
    ("aiosqlite + sqlite3", "/sqlite3/"),
    ("asyncpg", "/asyncpg/"),
    ("JSON", "/json/"),
    ("pydantic", "/pydantic"),
    ("logging", "/logging/"),
    ("uvicorn/h11 (HTTP server)", "/uvicorn/"),
    ("uvicorn/h11 (HTTP server)", "/h11/"),
    ("FastAPI/Starlette", "/fastapi/"),
    ("FastAPI/Starlette", "/starlette/"),
    ("aiolimiter", "/aiolimiter/"),
    (_LOOP, "/asyncio/"),
    ("threading (worker threads)", "/threading.py"),
)


async def start(pid: int, output: str) -> asyncio.subprocess.Process:
    """py-spy sampling `pid` into `output`: only the thread holding the GIL, without pausing the
    process. Its guesses at which threads are idle count aiosqlite's waiting worker threads and
    the loop's epoll as busy, and pausing a process of many threads slows it several times
    over; the GIL's holder is the Python work exactly. SQLite's own C code runs without the
    GIL, so it shows as the server's CPU (from /proc) less the samples' total."""
    try:
        spy = await asyncio.create_subprocess_exec(
            *(SPY, "record", "--pid", str(pid), "--rate", str(RATE), "--format", "raw"),
            *("--output", output, "--full-filenames", "--gil", "--nonblocking"),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
    except FileNotFoundError:  # a profiling tool, not one of the project's dependencies
        raise SystemExit("--profile needs py-spy: .venv/bin/pip install 'py-spy>=0.4'") from None
    await asyncio.sleep(0.5)  # attached before the load begins
    return spy


async def stop(spy: asyncio.subprocess.Process) -> None:
    if spy.returncode is None:
        spy.send_signal(signal.SIGINT)
    _, err = await spy.communicate()
    if spy.returncode not in (0, -signal.SIGINT):
        print(f"  py-spy: {err.decode(errors='replace').strip()[-300:]}", flush=True)


def _frames(stack: str) -> list[tuple[str, str, str]]:
    """(function, file, line) from the outermost frame to the innermost."""
    out = []
    for part in stack.split(";"):
        match = _FRAME.match(part)
        if match:
            out.append((match["func"], match["file"], match["line"] or ""))
    return out


def _layer(path: str) -> str:
    return next((name for name, test in LAYERS if test in path), "other (stdlib, C)")


def _short(path: str) -> str:
    path = path.removeprefix(ROOT)
    return path.split("site-packages/")[-1]


def report(spy_file: str, sql_file: str | None, updates: int) -> None:
    """The profile, as figures per update."""
    samples: Counter[tuple[tuple[str, str, str], ...]] = Counter()
    for line in Path(spy_file).read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            samples[tuple(_frames(stack))] += int(count)
    total = sum(samples.values())
    if not total:
        print("  py-spy took no samples", flush=True)
        return
    ms = 1000 / RATE / updates  # ms per update that one sample stands for
    own: Counter[str] = Counter()
    charged: Counter[str] = Counter()
    under: Counter[str] = Counter()
    ours: Counter[str] = Counter()
    for frames, n in samples.items():
        if not frames:
            continue
        func, path, _ = frames[-1]
        own[f"{func} ({_short(path)})"] += n
        layers = [_layer(p) for _, p, _ in frames]
        charged[next((x for x in reversed(layers) if x not in _PLUMBING), _LOOP)] += n
        for layer in set(layers):
            under[layer] += n
        mine = [f for f in frames if f[1].startswith(ROOT) and _short(f[1]).startswith(OURS)]
        if mine:
            f, p, ln = mine[-1]
            ours[f"{_short(p)}:{ln} {f}"] += n
    print(
        f"  py-spy: {total} samples of the GIL's holder at {RATE}/s = {total * ms:.2f} ms/update"
    )
    print("  top 15 functions by own time (ms per update, share):")
    for name, n in own.most_common(15):
        print(f"    {n * ms:7.3f} {100 * n / total:5.1f}%  {name}")
    print("  layers: own time (stdlib and C charged to the library that called them) | time under")
    for name, n in charged.most_common():
        print(f"    {n * ms:7.3f} {100 * n / total:5.1f}% | {under[name] * ms:7.3f}  {name}")
    print("  our innermost line on the stack, top 15 (ms per update, with all it led to):")
    for name, n in ours.most_common(15):
        print(f"    {n * ms:7.3f} {100 * n / total:5.1f}%  {name}")
    if sql_file is not None:
        _sql(sql_file, updates)


def _sql(sql_file: str, updates: int) -> None:
    path = Path(sql_file)
    if not path.exists():
        print("  no SQL counts (the server did not write them)", flush=True)
        return
    figures = json.loads(path.read_text())
    counts: dict[str, int] = figures["counts"]
    seconds: dict[str, float] = figures["seconds"]
    ends = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"}
    statements = sum(n for s, n in counts.items() if s not in ends)
    commits, rollbacks = counts.get("COMMIT", 0), counts.get("ROLLBACK", 0)
    wall = 1000 * sum(seconds.values()) / updates
    pool = figures["pool"]
    print(
        f"  SQL per update: {statements / updates:.1f} statements in "
        f"{(commits + rollbacks) / updates:.2f} transactions ({commits / updates:.2f} committed,"
        f" {rollbacks / updates:.2f} rolled back), {wall:.1f} ms of wall time in the driver;"
        f" {pool['waits'] / updates:.2f} pool checkouts, waiting"
        f" {1000 * pool['seconds'] / updates:.1f} ms. Per update, times run and mean ms:"
    )
    for text, n in sorted(counts.items(), key=lambda kv: -kv[1])[:18]:
        if text not in ("COMMIT", "ROLLBACK"):
            mean = 1000 * seconds.get(text, 0.0) / n
            print(f"    {n / updates:6.2f} {mean:8.2f}  {text[:150]}")
    held = figures.get("held", {})
    if held:
        print("  pooled connections held, by who took them (per update: times, mean ms held):")
        for where, (n, took) in sorted(held.items(), key=lambda kv: -kv[1][1])[:8]:
            print(f"    {n / updates:6.2f} {1000 * took / n:8.2f}  {where[:150]}")
    print(flush=True)
