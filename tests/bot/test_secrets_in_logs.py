"""A failing send never puts a token in the logs (lines or tracebacks), nor a message body
above debug."""

from __future__ import annotations

import io
import logging
from typing import Any

from bot.channels import telegram_setup
from bot.console_token import HEADER
from config.logging import Redactor, make_handler, redact_records
from tests.bot.telegram_support import SECRET, telegram_app

BODY = "Tall man, grey hoodie, took perfume: BODY-7f3a"


async def test_a_failing_send_logs_no_token_and_no_body(
    sqlite_url, clock, tmp_path, caplog, monkeypatch
):
    stream = io.StringIO()
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        settings = t.h.runtime.settings
        secrets = [*settings.secret_values(), t.h.runtime.console_token or ""]
        token = t.tg.token
        assert token in secrets and SECRET in secrets
        handler = make_handler(secrets, stream=stream)
        root = logging.getLogger()
        root.addHandler(handler)
        previous = logging.getLogRecordFactory()
        redact_records(Redactor(secrets))
        caplog.set_level(logging.DEBUG)
        try:
            alice = t.chat()
            await alice.join(await t.invite())
            # The platform's refusal names the token; a send that raises carries it too.
            t.tg.fail_next(
                "sendMessage", 400, description=f"Bad Request: wrong bot{token} here {SECRET}"
            )
            await _queue(t, str(alice.id), BODY)
            await t.h.runtime.drain()

            async def explode(*args: Any, **kwargs: Any) -> Any:
                raise RuntimeError(f"POST {settings.telegram_api_url}{token}/sendMessage failed")

            with monkeypatch.context() as patched:  # an adapter bug: logged with its traceback
                patched.setattr(telegram_setup, "call", explode)
                await _queue(t, str(alice.id), BODY + " again")
                await t.h.runtime.drain()
            await t.h.client.get(
                "/console/messages",
                params={"handle": "demo-staff"},
                headers={HEADER: "wrong"},
            )
        finally:
            root.removeHandler(handler)
            logging.setLogRecordFactory(previous)
    ours = stream.getvalue()
    everything = caplog.text + ours
    assert "failed for good" in ours and "Traceback" in ours  # the failures were logged
    for secret in (token, SECRET, t.h.runtime.console_token or "-"):
        assert secret not in everything
    above_debug = [
        r.getMessage() + (r.exc_text or "") for r in caplog.records if r.levelno > logging.DEBUG
    ]
    assert not [line for line in above_debug if "BODY-7f3a" in line]


async def _queue(t: Any, address: str, text: str) -> None:
    from storage import outbox
    from storage.db import transaction

    async with transaction(t.h.runtime.sessions) as session:
        await outbox.enqueue(
            session,
            channel="telegram",
            address=address,
            payload={"text": text, "options": [], "question": None},
            now=t.h.runtime.dispatcher._clock(),
        )
