"""Run an ASGI app with uvicorn on an ephemeral 127.0.0.1 port in a background thread.

Usage::

    with running(app) as base_url:          # sync tests / fixtures
        httpx.get(f"{base_url}/...")

    async with running_async(app) as base_url:   # pytest-asyncio tests
        ...

The server has its own thread and event loop, so it keeps answering even while the test's
loop is blocked in synchronous code, and the product under test talks to it over real HTTP.
Startup is typically ~20 ms; shutdown ~0.1 s (uvicorn's main-loop tick).
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import uvicorn

__all__ = ["ServerThread", "running", "running_async"]


class ServerThread:
    """A uvicorn server bound to ``host:0``; ``start()`` returns once it accepts connections."""

    def __init__(self, app: Any, host: str = "127.0.0.1") -> None:
        self.host = host
        # IPPROTO_TCP so that asyncio sets TCP_NODELAY on accepted sockets (it checks proto);
        # otherwise each answer's body waits ~40 ms behind its headers.
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, 0))
        self.port: int = self._sock.getsockname()[1]
        config = uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            ws="none",
            http="h11",
            loop="asyncio",
            timeout_graceful_shutdown=1,
            timeout_keep_alive=5,
        )
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._run, name=f"fake-server-{self.port}", daemon=True
        )
        self._error: BaseException | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _run(self) -> None:
        try:
            self.server.run(sockets=[self._sock])
        except BaseException as exc:  # pragma: no cover - surfaced by start()
            self._error = exc

    def start(self, timeout: float = 5.0) -> str:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if self._error is not None or not self._thread.is_alive():
                raise RuntimeError(f"fake server failed to start: {self._error!r}")
            if time.monotonic() > deadline:
                raise TimeoutError("fake server did not start in time")
            time.sleep(0.002)
        return self.base_url

    def stop(self, timeout: float = 5.0) -> None:
        if not self._thread.is_alive():
            self._sock.close()
            return
        self.server.should_exit = True
        self._thread.join(timeout)
        if self._thread.is_alive():  # pragma: no cover - stuck connection
            self.server.force_exit = True
            self._thread.join(timeout)
        self._sock.close()


@contextmanager
def running(app: Any, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``app`` for the duration of the block; yields the base URL (no trailing slash)."""
    srv = ServerThread(app, host)
    srv.start()
    try:
        yield srv.base_url
    finally:
        srv.stop()


@asynccontextmanager
async def running_async(app: Any, host: str = "127.0.0.1") -> AsyncIterator[str]:
    """Async variant of :func:`running`; start/stop run off the caller's event loop."""
    srv = ServerThread(app, host)
    await asyncio.to_thread(srv.start)
    try:
        yield srv.base_url
    finally:
        await asyncio.to_thread(srv.stop)
