"""`shopwatch chat --as HANDLE`: a terminal chat with the running service's console channel.

Type `:photo NAME` to send a photo and `:location LAT,LON` to share a location.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
from typing import Any

import httpx

from bot.console_token import HEADER
from bot.waiters import set_within
from flows import texts
from flows.template import fill

_BOLD = re.compile(r"\*([^*\n]+)\*")
QUIET_AFTER_EOF = 2.0


def render(message: dict[str, Any], *, tty: bool) -> str:
    """A message as the terminal shows it: text, then numbered options."""
    text = _BOLD.sub("\033[1m\\1\033[0m" if tty else "\\1", message.get("text", ""))
    lines = [text]
    options = message.get("options") or []
    if message.get("question"):
        lines += [f"  {n}. {o['label']}" for n, o in enumerate(options, start=1)]
    else:
        lines += [f"  - {o['label']}: send {o['key']}" for o in options]
    # Files (an evidence pack, a chart) are on this machine: show where.
    files = [f for f in message.get("files") or () if f.get("path")]
    lines += ["  " + fill(texts.CONSOLE_FILE, path=str(f["path"])) for f in files]
    return "\n".join(lines)


def parse_line(handle: str, line: str) -> dict[str, Any]:
    body: dict[str, Any] = {"handle": handle, "text": line}
    if line.startswith(":photo"):
        name = line[len(":photo") :].strip() or "photo.jpg"
        body = {"handle": handle, "photo": {"content_type": "image/jpeg", "source": name}}
    elif line.startswith(":location"):
        try:
            lat, lon = (float(p) for p in line[len(":location") :].split(","))
            body = {"handle": handle, "location": {"latitude": lat, "longitude": lon}}
        except ValueError:
            pass
    return body


async def chat(handle: str, server: str, token: str, token_file: str = "console.token") -> int:
    tty = sys.stdin.isatty()
    headers = {HEADER: token}
    async with httpx.AsyncClient(base_url=server, timeout=40, headers=headers) as client:
        try:
            start = await client.get("/console/messages", params={"handle": handle})
        except httpx.HTTPError as exc:
            print(f"shopwatch: cannot reach ShopWatch at {server} ({exc})", file=sys.stderr)
            return 1
        if start.status_code == 401:
            print(
                f"shopwatch: ShopWatch at {server} refused the console token "
                f"{'in ' + token_file if token else '(there is none in ' + token_file + ')'}; "
                "run this where shopwatch serve runs, or run shopwatch demo there first",
                file=sys.stderr,
            )
            return 1
        if start.status_code == 404:
            print(
                f"shopwatch: ShopWatch at {server} has its console off "
                "(SHOPWATCH_CONSOLE=on turns it on)",
                file=sys.stderr,
            )
            return 1
        if start.status_code >= 400:
            print(f"shopwatch: ShopWatch at {server} said {start.status_code}", file=sys.stderr)
            return 1
        cursor = _Cursor(int(start.json()["last_id"]))
        reader = asyncio.create_task(_print_incoming(client, handle, cursor, tty))
        if tty:
            print(f"Chatting as {handle}. Type help, or press Ctrl-D to leave.")
        try:
            while True:
                line = await asyncio.to_thread(sys.stdin.readline)
                if not line:
                    break
                line = line.strip()
                if not line:
                    continue
                response = await client.post("/console/messages", json=parse_line(handle, line))
                if response.status_code >= 400:
                    print(f"(not sent: {response.status_code} {response.text[:200]})")
            await _wait_until_quiet(cursor)
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
    return 0


class _Cursor:
    """The last message shown, and a signal each time another arrives."""

    def __init__(self, last: int) -> None:
        self.last = last
        self.arrived = asyncio.Event()


async def _print_incoming(
    client: httpx.AsyncClient, handle: str, cursor: _Cursor, tty: bool
) -> None:
    while True:
        try:
            response = await client.get(
                "/console/messages",
                params={"handle": handle, "after": cursor.last, "wait": 20},
            )
            response.raise_for_status()
        except httpx.HTTPError:
            await asyncio.sleep(1)
            continue
        for message in response.json()["messages"]:
            print(render(message, tty=tty) + "\n", flush=True)
            cursor.last = message["id"]
            cursor.arrived.set()


async def _wait_until_quiet(cursor: _Cursor) -> None:
    """After the last line, keep printing until the bot has been quiet for a moment."""
    while True:
        cursor.arrived.clear()
        if not await set_within(cursor.arrived, QUIET_AFTER_EOF):
            return
