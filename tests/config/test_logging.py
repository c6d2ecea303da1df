"""Log lines: plain or JSON, and no token or secret in them, tracebacks included."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Shaped like the real thing: a Bot API token and a Twilio auth token.
TOKEN = "7012345678:AAHf3kQ9xZ_vB2mN8pL4rT6yW1cE5dG7hJ0"
AUTH = "f3a9c1e07b5d4a2c9e8f6b1d3a5c7e90"

# Run in its own process: what reaches stderr is exactly what an operator's log would hold.
SCRIPT = """
import logging, sys
from urllib.parse import quote
from config.logging import request_id, setup_logging

token, auth, fmt = sys.argv[1:4]
setup_logging([token, auth], fmt=fmt)
log = logging.getLogger("bot.channels.telegram")

def send():
    raise ConnectionError(f"POST https://api.telegram.org/bot{token}/sendMessage failed")

request_id.set("tg-424242")
try:
    try:
        send()
    except ConnectionError as exc:
        raise RuntimeError(f"Twilio said no to {auth} (form: AuthToken={quote(auth)})") from exc
except RuntimeError:
    log.exception("sending failed with token %s", token)
log.warning("stack too", stack_info=True)
request_id.set(None)
log.info("outside any request")
raise ValueError(f"at start-up: {token}")
"""


def run(fmt: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, TOKEN, AUTH, fmt],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )


@pytest.mark.parametrize("fmt", ["plain", "json"])
def test_secrets_are_masked_in_messages_tracebacks_and_uncaught_errors(fmt: str) -> None:
    done = run(fmt)
    assert done.returncode == 1  # the uncaught ValueError still ends the process
    log = done.stderr
    assert "ConnectionError" in log and "RuntimeError" in log and "ValueError" in log
    assert "The above exception was the direct cause" in log.replace("\\n", "\n")
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert AUTH not in log and "7012345678%3A" not in log
    assert "bot***/sendMessage" in log and "Twilio said no to ***" in log


def test_json_lines_carry_the_request_id_and_the_traceback() -> None:
    lines = run("json").stderr.splitlines()
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    failed, stack, outside, uncaught = entries
    assert failed["level"] == "ERROR" and failed["logger"] == "bot.channels.telegram"
    assert failed["request_id"] == "tg-424242"
    assert failed["message"] == "sending failed with token ***"
    assert failed["exception"].startswith("Traceback") and "RuntimeError" in failed["exception"]
    assert "stack" in stack and stack["request_id"] == "tg-424242"
    assert outside["request_id"] is None and outside["message"] == "outside any request"
    assert uncaught["level"] == "CRITICAL"
    assert uncaught["exception"].endswith("ValueError: at start-up: ***")
    assert all(entry["time"].endswith("+00:00") for entry in entries)


def test_plain_lines_show_the_request_id_when_there_is_one() -> None:
    lines = run("plain").stderr.splitlines()
    assert " ERROR bot.channels.telegram [tg-424242]: sending failed with token ***" in lines[0]
    assert any(line.endswith(" INFO bot.channels.telegram: outside any request") for line in lines)


LEVEL_SCRIPT = """
import logging
from config.logging import setup_logging
from config.settings import load_settings

settings = load_settings()
setup_logging([], settings.log_level, fmt=settings.log_format)  # as bot.cli does
logging.getLogger("uvicorn.access").info("POST /telegram/webhook 200")
logging.getLogger("shopwatch").warning("kept")
"""


@pytest.mark.parametrize(("level", "access_logged"), [("INFO", True), ("warning", False)])
def test_the_log_level_setting_decides_what_is_written(
    tmp_path: Path, level: str, access_logged: bool
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", LEVEL_SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
        env={"SHOPWATCH_LOG_LEVEL": level, "HOME": str(tmp_path), "PATH": ""},
    )
    assert done.returncode == 0, done.stderr
    assert "kept" in done.stderr
    assert ("POST /telegram/webhook" in done.stderr) is access_logged
