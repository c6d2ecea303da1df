"""The README's promise, as real processes: serve, chat from a terminal, export, stop."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.bot.test_cli import SHOPWATCH

LINES = [
    "report", "1", "no", "20 minutes ago", "2", "coventy stret", "yes",
    "Took three bottles of perfume and ran off", "3 bottles of perfume", "£120", "1",
    "tall, grey hoodie, about 30", "towards leicester sq", "yes", "no", "skip", "1",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError("the service did not become healthy")


def test_report_from_the_terminal_then_export_then_stop(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SHOPWATCH_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'shopwatch.db'}",
        "SHOPWATCH_ATTACHMENTS_DIR": str(tmp_path / "attachments"),
    }
    for variable in [v for v in env if v.startswith("SHOPWATCH_TELEGRAM") or "TWILIO" in v]:
        env.pop(variable)
    assert (
        subprocess.run(
            [SHOPWATCH, "demo", "--if-empty"], env=env, cwd=tmp_path, timeout=60
        ).returncode
        == 0
    )
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
        chat = subprocess.run(
            [SHOPWATCH, "chat", "--as", "demo-staff", "--server", base],
            input="\n".join(LINES) + "\n",
            env=env,
            cwd=tmp_path,
            text=True,
            capture_output=True,
            timeout=120,
        )
        assert chat.returncode == 0, chat.stderr
        assert "  1. Shoplifting" in chat.stdout
        assert "Did you mean Coventry Street?" in chat.stdout
        assert "Your reference is WE-0001." in chat.stdout
        assert "updates will come to you here" in chat.stdout
        exported = subprocess.run(
            [SHOPWATCH, "export", "cases", "--format", "json"],
            env=env,
            cwd=tmp_path,
            text=True,
            capture_output=True,
            timeout=60,
        )
        [case] = json.loads(exported.stdout)
        assert case["ref"] == "WE-0001" and case["street"] == "Coventry Street"
        assert case["answers"]["when_text"] == "20 minutes ago"
        assert case["answers"]["items"] == "3 bottles of perfume"
    finally:
        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=15)
        stopped_in = time.monotonic() - started
        log = server.stderr.read() if server.stderr else ""
    assert code in (0, -signal.SIGTERM), log
    assert stopped_in < 10
    assert "channel console: on" in log
    assert "Traceback" not in log


def test_chat_says_so_when_the_service_is_not_running(tmp_path: Path) -> None:
    result = subprocess.run(
        [SHOPWATCH, "chat", "--as", "demo-staff", "--server", f"http://127.0.0.1:{free_port()}"],
        input="report\n",
        text=True,
        capture_output=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert result.returncode == 1
    assert result.stderr.startswith("shopwatch: cannot reach ShopWatch")
    assert sys.executable  # the console script is the one beside this interpreter


def test_serve_no_scheduler_leaves_the_jobs_to_another_process(monkeypatch, sqlite_url) -> None:
    """Several serve processes on one database: only one runs reminders, digests, retention."""
    import bot.serve
    from bot.cli import build_parser
    from tests.support import settings_for

    asked: list[bool] = []

    class Stop(Exception):
        pass

    def recording(settings, *, run_scheduler: bool = True):
        asked.append(run_scheduler)
        raise Stop

    monkeypatch.setattr(bot.serve, "create_app", recording)
    for argv in (["serve"], ["serve", "--no-scheduler"]):
        args = build_parser().parse_args(argv)
        try:
            args.run(args, settings_for(sqlite_url))
        except Stop:
            pass
    assert asked == [True, False]
