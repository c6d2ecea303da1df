"""Every log line of a request carries its id: the platform's own where there is one."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.request_id import PEEK_LIMIT, RequestIdMiddleware, _platform_id
from config.logging import request_id
from fakes import FakeTelegram
from fakes import telegram_updates as tu
from fakes import twilio_webhooks as twh
from fakes.twilio_api import WHATSAPP_SANDBOX_NUMBER, FakeTwilio
from tests.bot.test_cli import SHOPWATCH
from tests.bot.test_serve import free_port, wait_healthy

PUBLIC = "https://shopwatch.example"
SECRET = "s3cret-Webhook_token"
WORDS = "the man in the red coat is back"


def serve_env(tmp_path: Path, tg: FakeTelegram, tw: FakeTwilio) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHOPWATCH_")}
    return env | {
        "SHOPWATCH_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'shopwatch.db'}",
        "SHOPWATCH_ATTACHMENTS_DIR": str(tmp_path / "attachments"),
        "SHOPWATCH_LOG_FORMAT": "json",
        "SHOPWATCH_PUBLIC_URL": PUBLIC,
        "SHOPWATCH_TELEGRAM_TOKEN": tg.token,
        "SHOPWATCH_TELEGRAM_API_URL": tg.api_url,
        "SHOPWATCH_TELEGRAM_SECRET": SECRET,
        "SHOPWATCH_TWILIO_ACCOUNT_SID": tw.account_sid,
        "SHOPWATCH_TWILIO_AUTH_TOKEN": tw.auth_token,
        "SHOPWATCH_TWILIO_API_URL": str(tw.base_url),
        "SHOPWATCH_WHATSAPP_FROM": WHATSAPP_SANDBOX_NUMBER,
    }


def test_request_ids_in_a_real_process_logging_json(tmp_path: Path) -> None:
    with FakeTelegram() as tg, FakeTwilio() as tw:
        env = serve_env(tmp_path, tg, tw)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [SHOPWATCH, "serve", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            wait_healthy(base, server)
            ids = exchange(base, tg, tw)
        finally:
            server.send_signal(signal.SIGTERM)
            code = server.wait(timeout=15)
            log = server.stderr.read() if server.stderr else ""
    assert code in (0, -signal.SIGTERM), log
    entries = [json.loads(line) for line in log.splitlines()]  # every line is JSON
    assert any(e["message"] == "channel telegram: on" for e in entries)
    by_request: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_request.setdefault(entry["request_id"], []).append(entry)
    for rid in ids.values():
        # uvicorn's access line is written while the request is handled: it has the id.
        assert any(e["logger"] == "uvicorn.access" for e in by_request[rid]), rid
    [warning] = by_request[ids["refused"]][:1]  # our own line, before uvicorn's access line
    assert warning["logger"] == "bot.channels.whatsapp" and "signature" in warning["message"]
    assert not any(WORDS in e["message"] for e in entries)  # nobody's words at INFO


def exchange(base: str, tg: FakeTelegram, tw: FakeTwilio) -> dict[str, str]:
    """A probe, a Telegram update and a WhatsApp message; the id each response echoed."""
    ids: dict[str, str] = {}
    probe = httpx.get(f"{base}/healthz", headers={"X-Request-ID": "probe-7"})
    assert probe.headers["x-request-id"] == "probe-7"
    ids["probe"] = "probe-7"
    odd = httpx.get(f"{base}/healthz", headers={"X-Request-ID": "not a safe id"})
    assert odd.headers["x-request-id"] != "not a safe id"
    assert len(odd.headers["x-request-id"]) == 16  # generated instead
    ids["generated"] = odd.headers["x-request-id"]

    update = tu.command("/start")
    telegram = httpx.post(
        f"{base}/telegram/webhook",
        content=json.dumps(update),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
    )
    assert telegram.status_code == 200
    assert telegram.headers["x-request-id"] == f"tg-{update['update_id']}"
    ids["telegram"] = telegram.headers["x-request-id"]
    # The route still read the body the middleware had read first: the bot answered.
    tg.wait_for_sync(lambda c: c.method == "sendMessage" and c.ok, timeout=10)

    params = twh.inbound_text(WORDS)
    whatsapp = httpx.post(
        f"{base}/whatsapp/webhook",
        data=params,
        headers=twh.signed_headers(f"{PUBLIC}/whatsapp/webhook", params, tw.auth_token),
    )
    assert whatsapp.status_code == 200, whatsapp.text
    assert whatsapp.headers["x-request-id"] == f"wa-{params['MessageSid']}"
    ids["whatsapp"] = whatsapp.headers["x-request-id"]
    tw.wait_for_sync(timeout=10)

    forged = twh.inbound_text("hello")
    refused = httpx.post(
        f"{base}/whatsapp/webhook",
        data=forged,
        headers=twh.signed_headers(f"{PUBLIC}/whatsapp/webhook", forged, "not-the-auth-token"),
    )
    assert refused.status_code == 403
    ids["refused"] = refused.headers["x-request-id"]
    return ids


async def call(app: Any, path: str, chunks: list[bytes]) -> list[MutableMapping[str, Any]]:
    """Drive the middleware as a server does; returns what it sent back."""
    incoming = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> MutableMapping[str, Any]:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "headers": []}
    await RequestIdMiddleware(app)(scope, receive, send)
    return sent


async def read_all(receive: Any) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            return body


async def test_a_body_in_several_chunks_reaches_the_route_whole() -> None:
    update = json.dumps({"update_id": 734100077, "message": {"text": "x" * 5000}}).encode()
    seen: dict[str, Any] = {}

    async def route(scope: Any, receive: Any, send: Any) -> None:
        seen["body"], seen["id"] = await read_all(receive), request_id.get()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    sent = await call(route, "/telegram/webhook", [update[:10], update[10:3000], update[3000:]])
    assert seen == {"body": update, "id": "tg-734100077"}
    assert (b"x-request-id", b"tg-734100077") in sent[0]["headers"]
    assert request_id.get() is None  # reset once the request is done


async def test_a_body_too_big_to_peek_at_still_reaches_the_route_and_gets_an_id() -> None:
    big = b"MessageSid=SM123&Body=" + b"y" * (2 * PEEK_LIMIT)
    seen: dict[str, Any] = {}

    async def route(scope: Any, receive: Any, send: Any) -> None:
        seen["body"], seen["id"] = await read_all(receive), request_id.get()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    chunks = [big[i : i + 65536] for i in range(0, len(big), 65536)]
    await call(route, "/whatsapp/webhook", chunks)
    assert seen["body"] == big and len(seen["id"]) == 16 and not seen["id"].startswith("wa-")


async def test_a_failing_route_leaves_its_id_for_the_servers_error_line() -> None:
    async def route(scope: Any, receive: Any, send: Any) -> None:
        raise RuntimeError("boom")

    # In a task of its own, as a server runs each request; the id is still set afterwards.
    async def in_task() -> str | None:
        with pytest.raises(RuntimeError):
            await call(route, "/whatsapp/status", [b"MessageSid=SM9&MessageStatus=sent"])
        return request_id.get()

    assert await asyncio.create_task(in_task()) == "wa-SM9"
    assert request_id.get() is None  # and it never reached the caller's context


@pytest.mark.parametrize(
    ("path", "body", "expected"),
    [
        ("/telegram/webhook", b'{"update_id": 4021, "message": {"text": "hi"}}', "tg-4021"),
        # Not first, or spaced otherwise: read from the whole body.
        ("/telegram/webhook", b'{"message": {"text": "x"}, "update_id": 77}', "tg-77"),
        ("/telegram/webhook", b'{"update_id": 1.5}', None),
        ("/telegram/webhook", b'{"update_id": "12"}', None),
        ("/telegram/webhook", b"not json", None),
        (
            "/whatsapp/webhook",
            b"Body=hi&MessageSid=SM0123abc&From=whatsapp%3A%2B44",
            "wa-SM0123abc",
        ),
        ("/whatsapp/webhook", b"MessageSid=SMfirst&Body=MessageSid%3DSMnot", "wa-SMfirst"),
        ("/whatsapp/webhook", b"Body=MessageSid%3DSMnot", None),
    ],
)
def test_the_platform_id_is_read_from_the_body(path: str, body: bytes, expected: str | None):
    assert _platform_id(path, body) == expected
