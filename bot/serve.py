"""`shopwatch serve`: one process with the API, the channels, the sender and the scheduler."""

from __future__ import annotations

import uvicorn

from bot.app import create_app
from config.settings import Settings


def serve(settings: Settings, *, host: str, port: int) -> int:
    app = create_app(settings)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,  # keep our logging set-up, which masks secrets
        timeout_graceful_shutdown=5,
        proxy_headers=False,
    )
    uvicorn.Server(config).run()
    return 0
