"""`python -m shopwatch` is the `shopwatch` command, wherever the project is installed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHOPWATCH_")}
    env["SHOPWATCH_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'module.db'}"
    return subprocess.run(
        [sys.executable, "-m", "shopwatch", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,  # not the checkout: the module must come from the installed project
        timeout=60,
    )


def test_python_dash_m_shopwatch_runs_the_command_line(tmp_path: Path) -> None:
    done = run(tmp_path, "db", "upgrade")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Database is up to date."
    assert (tmp_path / "module.db").exists()


def test_it_fails_like_the_command_does(tmp_path: Path) -> None:
    done = run(tmp_path, "frobnicate")
    assert done.returncode == 2
    assert done.stderr.startswith("shopwatch: ") and len(done.stderr.splitlines()) == 1
