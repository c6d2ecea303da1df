"""`shopwatch telegram set-webhook`, run as a real process against the fake Bot API."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.channels.telegram_setup import ALLOWED_UPDATES
from fakes import FakeTelegram

SHOPWATCH = str(Path(sys.executable).with_name("shopwatch"))
SECRET = "cli-Secret_123"


def set_webhook(cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SHOPWATCH_")}
    return subprocess.run(
        [SHOPWATCH, "telegram", "set-webhook"],
        capture_output=True,
        text=True,
        env={**clean, "SHOPWATCH_DATABASE_URL": f"sqlite+aiosqlite:///{cwd}/x.db", **env},
        timeout=60,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def tg():
    with FakeTelegram() as fake:
        yield fake


def settings_env(tg: FakeTelegram) -> dict[str, str]:
    return {
        "SHOPWATCH_TELEGRAM_TOKEN": tg.token,
        "SHOPWATCH_TELEGRAM_API_URL": tg.api_url,
        "SHOPWATCH_PUBLIC_URL": "https://shopwatch.example/",
        "SHOPWATCH_TELEGRAM_SECRET": SECRET,
    }


def test_set_webhook_registers_the_url_secret_updates_and_menus(tg, tmp_path):
    tg.reset()
    done = set_webhook(tmp_path, **settings_env(tg))
    assert done.returncode == 0, done.stderr
    assert "https://shopwatch.example/telegram/webhook" in done.stdout
    assert tg.token not in done.stdout + done.stderr and SECRET not in done.stdout + done.stderr
    assert tg.webhook["url"] == "https://shopwatch.example/telegram/webhook"
    assert tg.webhook["secret_token"] == SECRET
    assert tg.webhook["allowed_updates"] == list(ALLOWED_UPDATES)
    [menu] = tg.calls("setMyCommands")
    assert [c["command"] for c in menu.params["commands"]] == [
        "report",
        "found",
        "mycases",
        "tips",
        "learn",
        "alerts",
        "lost",
        "items",
        "help",
    ]


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        ("SHOPWATCH_TELEGRAM_TOKEN", "SHOPWATCH_TELEGRAM_TOKEN"),
        ("SHOPWATCH_PUBLIC_URL", "SHOPWATCH_PUBLIC_URL"),
        ("SHOPWATCH_TELEGRAM_SECRET", "SHOPWATCH_TELEGRAM_SECRET"),
    ],
)
def test_set_webhook_needs_the_token_url_and_secret(tg, tmp_path, missing, named):
    tg.reset()
    env = settings_env(tg)
    del env[missing]
    done = set_webhook(tmp_path, **env)
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith("shopwatch: ") and named in line
    assert tg.calls("setWebhook") == []


def test_set_webhook_refuses_a_secret_telegram_would_refuse(tg, tmp_path):
    tg.reset()
    done = set_webhook(tmp_path, **{**settings_env(tg), "SHOPWATCH_TELEGRAM_SECRET": "has space"})
    assert done.returncode == 2 and "SHOPWATCH_TELEGRAM_SECRET" in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_set_webhook_reports_a_refused_token_and_an_unreachable_api(tg, tmp_path):
    tg.reset()
    wrong = "7012345678:AAWrongTokenWrongTokenWrongToken-999"
    done = set_webhook(tmp_path, **{**settings_env(tg), "SHOPWATCH_TELEGRAM_TOKEN": wrong})
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert "refused SHOPWATCH_TELEGRAM_TOKEN" in line and wrong not in line
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/bot"
    done = set_webhook(tmp_path, **{**settings_env(tg), "SHOPWATCH_TELEGRAM_API_URL": closed})
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert "could not reach the Bot API" in line and tg.token not in line
