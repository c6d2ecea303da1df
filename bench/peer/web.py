"""The peer's web side, in the shape of PTB's customwebhookbot example: no Updater, FastAPI
receives the webhook and puts each update on the application's queue."""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from telegram import Update
from telegram.ext import AIORateLimiter, Application, ContextTypes

from bench.peer.conversation import Desk, ShopliftingReport
from bench.peer.processor import OneAtATimePerPerson

WEBHOOK_PATH = "/telegram/webhook"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeerSettings:
    token: str
    secret: str
    api_url: str  # the Bot API base, token appended (PTB's base_url)
    public_url: str
    rate: float  # messages a second, all chats together

    @classmethod
    def from_env(cls) -> PeerSettings:
        env = os.environ
        return cls(
            token=env["PEER_TELEGRAM_TOKEN"],
            secret=env["PEER_TELEGRAM_SECRET"],
            api_url=env.get("PEER_TELEGRAM_API_URL", "https://api.telegram.org/bot"),
            public_url=env["PEER_PUBLIC_URL"],
            rate=float(env.get("PEER_TELEGRAM_RATE", "30")),
        )


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("update %s failed", getattr(update, "update_id", "?"), exc_info=context.error)


def build(settings: PeerSettings, desk: Desk) -> tuple[FastAPI, Application]:
    file_url = settings.api_url.removesuffix("bot") + "file/bot"
    application = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.api_url)
        .base_file_url(file_url)
        .updater(None)
        .concurrent_updates(OneAtATimePerPerson())
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.rate))
        .build()
    )
    application.add_handler(ShopliftingReport(desk).handler())
    application.add_error_handler(on_error)
    secret = settings.secret.encode()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with application:
            await application.bot.set_webhook(
                url=settings.public_url.rstrip("/") + WEBHOOK_PATH,
                secret_token=settings.secret,
                allowed_updates=["message", "callback_query"],
            )
            await application.start()
            yield
            await application.stop()

    api = FastAPI(lifespan=lifespan)

    @api.post(WEBHOOK_PATH)
    async def webhook(request: Request) -> Response:
        given = request.headers.get("x-telegram-bot-api-secret-token", "").encode()
        if not hmac.compare_digest(given, secret):
            return Response(status_code=403)
        update = Update.de_json(await request.json(), application.bot)
        await application.update_queue.put(update)
        if update.callback_query is not None:
            # Stop the button's spinner in this very answer: no request of its own.
            answer = {
                "method": "answerCallbackQuery",
                "callback_query_id": update.callback_query.id,
            }
            return JSONResponse(answer)
        return Response()

    @api.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return api, application
