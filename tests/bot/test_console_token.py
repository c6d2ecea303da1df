"""The console: only with its token, off by default behind a public URL, and it shows what
arrived since the person last read."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import httpx

from bot.app import console_line, create_app
from bot.console_token import HEADER, ensure_token
from flows import texts
from tests.bot.telegram_support import telegram_app
from tests.bot.test_send_failures import _file_shoplifting
from tests.support import harness, settings_for, texts_of


async def test_the_console_refuses_a_request_without_its_token(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        token = h.runtime.console_token
        assert token and len(token) >= 32
        body = {"handle": "demo-staff", "text": "help"}
        transport = httpx.ASGITransport(app=h.app, client=("127.0.0.1", 50001))
        async with httpx.AsyncClient(transport=transport, base_url="http://shopwatch") as bare:
            assert (await bare.post("/console/messages", json=body)).status_code == 401
            wrong = {HEADER: token[:-1] + ("x" if token[-1] != "x" else "y")}
            assert (
                await bare.post("/console/messages", json=body, headers=wrong)
            ).status_code == 401
            params = {"handle": "demo-staff", "after": 0}
            assert (await bare.get("/console/messages", params=params)).status_code == 401
            right = {HEADER: token}
            assert (
                await bare.post("/console/messages", json=body, headers=right)
            ).status_code == 200


def test_the_token_file_is_owner_only_and_kept(tmp_path: Path):
    path = tmp_path / "deep" / "console.token"
    token = ensure_token(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ensure_token(path) == token  # made once
    path.chmod(0o644)
    assert ensure_token(path) == token
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # a looser file is tightened


async def test_the_console_is_off_behind_a_public_url_unless_asked_for(
    sqlite_url, tmp_path, caplog
):
    public = {"public_url": "https://shopwatch.example", "console_token_file": str(tmp_path / "t")}
    off = settings_for(sqlite_url, **public)
    assert not off.console_on
    assert "off" in console_line(off) and "SHOPWATCH_CONSOLE=on" in console_line(off)
    app = create_app(off, run_sender=False, run_scheduler=False)
    assert not any(path.startswith("/console") for path in app.openapi()["paths"])
    assert not (tmp_path / "t").exists()
    on = settings_for(sqlite_url, console="on", **public)
    assert on.console_on and console_line(on).startswith("console: on")
    app = create_app(on, run_sender=False, run_scheduler=False)
    assert any(path.startswith("/console") for path in app.openapi()["paths"])
    assert settings_for(sqlite_url).console_on  # no public URL: on, as before
    caplog.set_level(logging.INFO)
    async with app.router.lifespan_context(app):
        pass
    assert console_line(on) in caplog.text


async def test_a_chat_opened_after_a_push_shows_what_arrived_since_they_last_read(
    sqlite_url, clock, tmp_path
):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        h = t.h
        await h.say("demo-officer", "help")  # read: the officer's console is up to date
        ref = await _file_shoplifting(t)  # the alert reaches the officer while nobody looks
        await h.runtime.drain()
        opened = await h.client.get("/console/messages", params={"handle": "demo-officer"})
        since = opened.json()["last_id"]
        shown = await h.client.get(
            "/console/messages", params={"handle": "demo-officer", "after": since}
        )
        assert ref in texts_of(shown.json()["messages"])
        again = await h.client.get("/console/messages", params={"handle": "demo-officer"})
        assert again.json()["last_id"] == shown.json()["last_id"]  # now read


async def test_odd_console_text_gets_a_plain_answer(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        for typed in ("cases ²", "cases ①", "case ²", "\x00help"):
            replies = await h.say("demo-officer", typed)
            assert replies and texts.CRASHED not in texts_of(replies), typed


async def test_the_console_is_for_this_machine_and_refuses_what_it_cannot_read(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        right = {HEADER: h.runtime.console_token or ""}
        body = {"handle": "demo-staff", "text": "help"}
        away = httpx.ASGITransport(app=h.app, client=("192.0.2.7", 50002))
        async with httpx.AsyncClient(transport=away, base_url="http://shopwatch") as other:
            assert (
                await other.post("/console/messages", json=body, headers=right)
            ).status_code == 403
            params = {"handle": "demo-staff", "after": 0}
            assert (
                await other.get("/console/messages", params=params, headers=right)
            ).status_code == 403
        unreadable = [
            {"handle": "no spaces allowed", "text": "help"},
            {"handle": "demo-staff", "text": "x" * 4097},
            {"handle": "demo-staff", "location": {"latitude": 91, "longitude": 0}},
            {"text": "help"},
        ]
        for wrong in unreadable:
            answer = await h.client.post("/console/messages", json=wrong)
            assert answer.status_code == 422, wrong
            assert answer.json()["detail"][0]["loc"][0] == "body"
        answer = await h.client.post(
            "/console/messages", content=b"{not json", headers={"content-type": "application/json"}
        )
        assert answer.status_code == 422
        for query in (
            {"handle": "bad handle", "after": 0},
            {"handle": "demo-staff", "after": "soon"},
            {"handle": "demo-staff", "after": 0, "wait": 31},
            {"after": 0},
        ):
            answer = await h.client.get("/console/messages", params=query)
            assert answer.status_code == 422, query
            assert answer.json()["detail"][0]["loc"][0] == "query"
        assert (await h.client.post("/console/messages", json=body)).status_code == 200
