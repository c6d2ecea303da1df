"""`shopwatch serve`: one process with the API, the channels, the sender and the scheduler."""

from __future__ import annotations

import gc
import socket
from types import FrameType

import uvicorn

from bot.app import Runtime, create_app
from config.settings import Settings


class _Server(uvicorn.Server):
    """uvicorn, telling the app the moment a stop signal arrives."""

    def __init__(self, config: uvicorn.Config, runtime: Runtime) -> None:
        super().__init__(config)
        self._runtime = runtime

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        # What start-up loaded (modules, flows, word lists, caches) lives as long as the
        # process: frozen out of the collector, a full collection walks only what requests
        # made since (a 70 ms pause every few hundred messages became about 14 ms).
        gc.collect()
        gc.freeze()

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self._runtime.stopping()
        super().handle_exit(sig, frame)


def serve(settings: Settings, *, host: str, port: int, scheduler: bool = True) -> int:
    """Several may share one PostgreSQL database; the scheduler must run in one of them only."""
    app = create_app(settings, run_scheduler=scheduler)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,  # keep our logging set-up, which masks secrets
        timeout_graceful_shutdown=5,
        proxy_headers=False,
    )
    _Server(config, app.state.runtime).run()
    return 0
