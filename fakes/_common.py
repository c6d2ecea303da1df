"""Shared plumbing for the fakes: body parsing, call recording, serving."""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Self
from urllib.parse import parse_qsl

from starlette.requests import Request

from .server import ServerThread


@dataclass
class UploadedFile:
    """A file part of a multipart request."""

    field_name: str
    filename: str | None
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class Call:
    """One request received by a fake.

    ``method`` is the API method (Telegram) or ``"<HTTP verb> <path>"``-ish name (Twilio),
    ``params`` the decoded parameters, ``at`` the ``time.time()`` it was received,
    ``status`` the HTTP status answered and ``response`` the JSON body answered.
    """

    method: str
    params: dict[str, Any]
    at: float
    status: int = 200
    response: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def parse_multipart(
    body: bytes, content_type: str
) -> tuple[list[tuple[str, str]], list[UploadedFile]]:
    """Parse ``multipart/form-data`` with the stdlib (no python-multipart needed)."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    fields: list[tuple[str, str]] = []
    files: list[UploadedFile] = []
    if not msg.is_multipart():
        return fields, files
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name is None:
            continue
        filename = part.get_param("filename", header="content-disposition")
        decoded = part.get_payload(decode=True)
        payload = decoded if isinstance(decoded, bytes) else b""
        if filename is not None:
            files.append(
                UploadedFile(
                    str(name),
                    str(filename),
                    part.get_content_type() or "application/octet-stream",
                    payload,
                )
            )
        else:
            charset = part.get_content_charset() or "utf-8"
            fields.append((str(name), payload.decode(charset, "replace")))
    return fields, files


async def read_params(request: Request) -> tuple[list[tuple[str, str]], Any, list[UploadedFile]]:
    """Return (form/query pairs, json body or None, uploaded files) for any request shape."""
    pairs: list[tuple[str, str]] = list(request.query_params.multi_items())
    json_body: Any = None
    files: list[UploadedFile] = []
    if request.method in ("POST", "PUT", "PATCH"):
        body = await request.body()
        ctype = request.headers.get("content-type", "")
        base = ctype.split(";", 1)[0].strip().lower()
        if body:
            if base == "application/json":
                json_body = json.loads(body)
            elif base == "multipart/form-data":
                fields, files = parse_multipart(body, ctype)
                pairs.extend(fields)
            else:  # application/x-www-form-urlencoded or unspecified
                pairs.extend(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    return pairs, json_body, files


class Recorder:
    """Thread-safe call log shared by server thread and test thread."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._calls: list[Call] = []

    def _record(self, call: Call) -> Call:
        with self._lock:
            self._calls.append(call)
        return call

    def _all_calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)


async def poll_until(
    probe: Callable[[], Any],
    timeout: float,  # noqa: ASYNC109 - polling deadline, not a cancel scope
    describe: Callable[[], str],
    interval: float = 0.01,
) -> Any:
    """Await until ``probe()`` returns something truthy; raise TimeoutError otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() >= deadline:
            raise TimeoutError(describe())
        await asyncio.sleep(interval)


def poll_until_sync(
    probe: Callable[[], Any], timeout: float, describe: Callable[[], str], interval: float = 0.01
) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() >= deadline:
            raise TimeoutError(describe())
        time.sleep(interval)


class Served:
    """Mixin: ``with fake:`` / ``async with fake:`` serves ``self.app`` on 127.0.0.1."""

    app: Any
    base_url: str | None = None
    _server: ServerThread | None = None

    def start(self) -> str:
        if self._server is not None:
            raise RuntimeError("already running")
        self._server = ServerThread(self.app)
        self.base_url = self._server.start()
        return self.base_url

    def _before_stop(self) -> None:
        """Hook: wake up anything (e.g. long polls) that would delay the shutdown."""

    def stop(self) -> None:
        if self._server is not None:
            self._before_stop()
            self._server.stop()
            self._server = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def __aenter__(self) -> Self:
        await asyncio.to_thread(self.start)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.to_thread(self.stop)

    def _require_url(self) -> str:
        if not self.base_url:
            raise RuntimeError("fake is not running; use `with fake:` or `async with fake:`")
        return self.base_url
