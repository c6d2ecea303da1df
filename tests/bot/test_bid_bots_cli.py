"""`shopwatch bid add/set/show` with a BID's own bot and sender, and `telegram set-webhook` for
every bot, run as real processes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from fakes import FakeTelegram
from tests.bot.test_cli import SHOPWATCH

TOKEN = "7098765432:AAOxfordStreetsOwnBotToken-98765"
AUTH = "f" * 32
SID = "AC" + "1" * 32


def run(db: Path, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SHOPWATCH_")}
    return subprocess.run(
        [SHOPWATCH, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**clean, "SHOPWATCH_DATABASE_URL": f"sqlite+aiosqlite:///{db}", **env},
        timeout=60,
        cwd=db.parent,
    )


def bid_row(db: Path, code: str) -> dict[str, str | None]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return dict(conn.execute("select * from bid where code = ?", (code,)).fetchone())


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "bots.db"


def test_a_bid_gets_its_own_bot_and_sender_and_no_secret_is_printed(db: Path) -> None:
    made = run(db, "bid", "add", "OX", "--name", "Oxford", "--telegram-token", "-", stdin=TOKEN)
    assert made.returncode == 0, made.stderr
    assert "/telegram/ox/webhook" in made.stdout and "Restart" in made.stdout
    row = bid_row(db, "OX")
    assert row["telegram_token"] == TOKEN and row["telegram_path"] is None
    secret = row["telegram_secret"]
    assert secret and len(secret) >= 32  # made up, since none was given

    sender = run(
        db,
        "bid",
        "set",
        "OX",
        "--whatsapp-from",
        "whatsapp:+447700900999",
        "--twilio-account-sid",
        SID,
        "--twilio-auth-token",
        AUTH,
        "--telegram-path",
        "/hooks/oxford",
        "--telegram-username",
        "@ox_shopwatch_bot",
    )
    assert sender.returncode == 0, sender.stderr
    assert "/whatsapp/ox/webhook" in sender.stdout and "Restart" in sender.stdout
    row = bid_row(db, "OX")
    assert row["whatsapp_from"] == "whatsapp:+447700900999" and row["twilio_auth_token"] == AUTH
    assert row["telegram_secret"] == secret and row["telegram_path"] == "/hooks/oxford"

    shown = run(db, "bid", "show", "OX", SHOPWATCH_PUBLIC_URL="https://sw.example")
    assert shown.returncode == 0, shown.stderr
    assert "7098765432:**********" in shown.stdout
    assert "https://sw.example/hooks/oxford" in shown.stdout
    assert "whatsapp:+447700900999" in shown.stdout and "@ox_shopwatch_bot" in shown.stdout
    assert run(db, "shop", "add", "--bid", "OX", "--name", "A", "--street", "B").returncode in (
        0,
        2,
    )
    invited = run(
        db, "invite", "--bid", "OX", "--role", "officer", SHOPWATCH_TELEGRAM_BOT_USERNAME="x_bot"
    )
    assert invited.returncode == 0, invited.stderr
    code = invited.stdout.splitlines()[-1]
    assert f"https://t.me/ox_shopwatch_bot?start={code}" in invited.stdout  # its own bot
    assert "send it to +447700900999" in invited.stdout
    everything = made.stdout + made.stderr + sender.stdout + sender.stderr + shown.stdout
    for value in (TOKEN, TOKEN.split(":")[1], secret, AUTH, SID):
        assert value not in everything

    back = run(db, "bid", "set", "OX", "--no-telegram-bot", "--no-whatsapp-sender")
    assert back.returncode == 0, back.stderr
    row = bid_row(db, "OX")
    assert row["telegram_token"] is None and row["whatsapp_from"] is None
    assert "the deployment's bot" in run(db, "bid", "show", "OX").stdout


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--telegram-token", "not-a-token"), "not a bot token"),
        (("--telegram-token", TOKEN, "--telegram-secret", "has space"), "--telegram-secret"),
        (("--telegram-token", TOKEN, "--telegram-path", "/healthz"), "app's own routes"),
        (("--telegram-token", TOKEN, "--telegram-path", "no-slash"), "--telegram-path"),
        (("--telegram-secret", "abc"), "give --telegram-token"),
        (("--whatsapp-from", "+447700900999"), "whatsapp:+"),
        (("--whatsapp-from", "whatsapp:+447700900999"), "no Twilio account"),
        (("--whatsapp-from", "whatsapp:+447700900999", "--twilio-account-sid", SID), "together"),
        (("--no-telegram-bot", "--telegram-token", TOKEN), "cannot go with"),
        ((), "nothing to set"),
    ],
)
def test_bad_bot_options_are_one_line_errors_and_change_nothing(
    db: Path, args: tuple[str, ...], named: str
) -> None:
    assert run(db, "bid", "add", "OX", "--name", "Oxford").returncode == 0
    before = bid_row(db, "OX")
    done = run(db, "bid", "set", "OX", *args)
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert named in line, line
    assert TOKEN not in line
    assert bid_row(db, "OX") == before


def test_two_bids_cannot_share_a_bot_or_a_path(db: Path) -> None:
    assert (
        run(db, "bid", "add", "OX", "--name", "Oxford", "--telegram-token", TOKEN).returncode == 0
    )
    again = run(db, "bid", "add", "SO", "--name", "Soho", "--telegram-token", TOKEN)
    assert again.returncode == 2 and "already BID OX's own" in again.stderr
    assert run(db, "bid", "show", "SO").returncode == 2  # nothing half-written
    other = "7098765433:AAAnotherOwnBotTokenForSoho-12345"
    path = run(
        db, "bid", "add", "SO", "--name", "Soho", "--telegram-token", other,
        "--telegram-path", "/telegram/ox/webhook",
    )  # fmt: skip
    assert path.returncode == 2 and "already uses it" in path.stderr


def test_set_webhook_registers_every_bot(db: Path) -> None:
    with FakeTelegram() as tg:
        own = tg.add_bot(TOKEN, bot_username="ox_bot")
        assert (
            run(db, "bid", "add", "OX", "--name", "Oxford", "--telegram-token", TOKEN).returncode
            == 0
        )
        secret = bid_row(db, "OX")["telegram_secret"]
        env = {
            "SHOPWATCH_TELEGRAM_TOKEN": tg.token,
            "SHOPWATCH_TELEGRAM_API_URL": tg.api_url,
            "SHOPWATCH_PUBLIC_URL": "https://sw.example",
            "SHOPWATCH_TELEGRAM_SECRET": "default-Secret",
        }
        done = run(db, "telegram", "set-webhook", **env)
        assert done.returncode == 0, done.stderr
        assert tg.webhook["url"] == "https://sw.example/telegram/webhook"
        assert own.webhook["url"] == "https://sw.example/telegram/ox/webhook"
        assert own.webhook["secret_token"] == secret
        assert "BID OX's own bot" in done.stdout
        assert TOKEN not in done.stdout + done.stderr and str(secret) not in done.stdout

        # Without the deployment's token, the BIDs' own bots are still registered.
        own.reset()
        del env["SHOPWATCH_TELEGRAM_TOKEN"]
        alone = run(db, "telegram", "set-webhook", **env)
        assert alone.returncode == 0, alone.stderr
        assert own.webhook["url"] == "https://sw.example/telegram/ox/webhook"
