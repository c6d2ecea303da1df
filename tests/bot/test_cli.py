"""The `shopwatch` command line, run as a real process on a fresh database."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SHOPWATCH = str(Path(sys.executable).with_name("shopwatch"))


_NEW_SHOP = ("shop", "add", "--bid", "WE", "--name", "A", "--street", "Coventry Street")


def run(db: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "SHOPWATCH_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        **env,
    }
    return subprocess.run(
        [SHOPWATCH, *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        cwd=db.parent,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert run(path, "demo").returncode == 0
    return path


@pytest.fixture
def demo_db(tmp_path: Path, demo_template: Path) -> Path:
    """A fresh copy of a demo-seeded database."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    return path


def test_setting_up_a_bid_from_nothing(db: Path, tmp_path: Path) -> None:
    streets = tmp_path / "streets.txt"
    streets.write_text("Oxford Street\nRegent Street | 51.5136, -0.1410\n\n# a comment\n")
    made = run(db, "bid", "add", "OX", "--name", "Oxford Street", "--streets", str(streets))
    assert made.returncode == 0, made.stderr
    assert (
        run(
            db, "shop", "add", "--bid", "OX", "--name", "Corner Shop", "--street", "Oxford Street"
        ).returncode
        == 0
    )
    invite = run(
        db,
        "invite",
        "--bid",
        "OX",
        "--role",
        "staff",
        "--shop",
        "corner shop",
        "--uses",
        "3",
        "--days",
        "2",
    )
    assert invite.returncode == 0, invite.stderr
    code = invite.stdout.strip().splitlines()[-1]
    assert 6 <= len(code) <= 64 and all(c.isalnum() or c in "_-" for c in code)
    officer = run(db, "invite", "--bid", "OX", "--role", "officer")
    assert officer.returncode == 0 and officer.stdout.strip().splitlines()[-1] != code
    exported = run(db, "export", "cases", "--format", "json")
    assert exported.returncode == 0 and json.loads(exported.stdout) == []
    csv_out = run(db, "export", "cases", "--bid", "OX", "--format", "csv", "--since", "2026-01-01")
    assert csv_out.returncode == 0 and csv_out.stdout.startswith("ref,kind,status")


def test_demo_is_idempotent(demo_db: Path) -> None:
    before = _digest(demo_db)
    assert run(demo_db, "demo").returncode == 0
    assert _digest(demo_db) == before
    assert run(demo_db, "bid", "add", "WE", "--name", "Again").returncode == 2


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("invite", "--bid", "NOPE", "--role", "officer"), "unknown BID"),
        (("invite", "--bid", "NOPE", "--role", "staff"), "unknown BID"),
        (("invite", "--bid", "WE", "--role", "staff"), "--shop is required"),
        (("invite", "--bid", "WE", "--role", "chef"), "invalid choice"),
        (("invite", "--bid", "WE", "--role", "staff", "--shop", "Nowhere"), "unknown shop"),
        (("invite", "--bid", "WE", "--role", "officer", "--uses", "0"), "--uses"),
        (("shop", "add", "--bid", "XX", "--name", "A", "--street", "B"), "unknown BID"),
        (("shop", "add", "--bid", "WE", "--name", "A"), "--street"),
        (
            ("shop", "add", "--bid", "WE", "--name", "A", "--street", "Acacia Avenue"),
            "not one of WE's streets (nearest: ",
        ),
        (
            (*_NEW_SHOP, "--hours", "Mon-Sat 9 till late"),
            "--hours: could not read the times '9 till late'",
        ),
        (("shop", "set", "--bid", "WE", "--name", "Nowhere", "--hours", "Sun 12-6"), "no shop"),
        (("shop", "set", "--bid", "WE", "--name", "Coventry Street Gifts"), "--hours"),
        (("bid", "add", "we", "--name", "Lower"), "2 to 5 capital letters"),
        (("bid", "add", "WE"), "--name"),
        (("export", "cases", "--format", "xml"), "invalid choice"),
        (("export", "cases", "--format", "json", "--since", "last week"), "--since"),
        (("frobnicate",), "invalid choice"),
        ((), "required"),
    ],
)
def test_bad_arguments_get_one_line_and_change_nothing(
    demo_db: Path, args: tuple[str, ...], says: str
) -> None:
    before = _digest(demo_db)
    result = run(demo_db, *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert says in lines[0] and "Traceback" not in result.stderr
    assert _digest(demo_db) == before


def test_a_shop_takes_the_bids_own_spelling_of_its_street(demo_db: Path) -> None:
    added = run(
        demo_db, "shop", "add", "--bid", "WE", "--name", "Tea Room", "--street", "coventry st"
    )
    assert added.returncode == 0, added.stderr
    assert "on Coventry Street." in added.stdout
    new = ("shop", "add", "--bid", "WE", "--name", "Far Shop", "--street", "Acacia Avenue")
    assert run(demo_db, *new, "--new-street").returncode == 0
    with sqlite3.connect(demo_db) as conn:
        streets = {r[0] for r in conn.execute("SELECT name FROM street")}
    assert "Acacia Avenue" in streets and "coventry st" not in streets


def test_a_shops_opening_hours_are_set_read_kindly_and_forgotten(demo_db: Path) -> None:
    shop = ("--bid", "WE", "--name", "Coventry Street Gifts")
    said = run(demo_db, "shop", "set", *shop, "--hours", "mon-sat 9am-9pm; sunday 12-6")
    assert said.returncode == 0, said.stderr
    assert "open Mon-Sat 09:00-21:00, Sun 12:00-18:00." in said.stdout
    with sqlite3.connect(demo_db) as conn:
        [(hours,)] = conn.execute("SELECT opening_hours FROM shop WHERE name = ?", (shop[3],))
    assert hours == "Mon-Sat 09:00-21:00, Sun 12:00-18:00"
    added = ("shop", "add", "--bid", "WE", "--name", "Night Cafe", "--street", "Haymarket")
    said = run(demo_db, *added, "--hours", "daily 18:00-24:00")
    assert said.returncode == 0 and "open Mon-Sun 18:00-24:00." in said.stdout
    assert run(demo_db, "shop", "set", *shop, "--no-hours").returncode == 0
    with sqlite3.connect(demo_db) as conn:
        [(hours,)] = conn.execute("SELECT opening_hours FROM shop WHERE name = ?", (shop[3],))
    assert hours is None


def _digest(db: Path) -> str:
    """The database's rows, independent of SQLite's page layout."""
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        dump = [sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in sorted(tables)]
    return hashlib.sha256(repr(dump).encode()).hexdigest()


def test_a_malformed_setting_stops_with_its_name(db: Path) -> None:
    result = run(db, "demo", SHOPWATCH_TIMEZONE="Mars/Olympus")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("shopwatch: SHOPWATCH_TIMEZONE")
    bad_url = run(db, "demo", SHOPWATCH_PUBLIC_URL="not a url")
    assert bad_url.returncode == 2 and "SHOPWATCH_PUBLIC_URL" in bad_url.stderr


def test_a_bad_streets_file_is_named(db: Path, tmp_path: Path) -> None:
    streets = tmp_path / "streets.txt"
    streets.write_text("Fine Street\nBroken | north, west\n")
    result = run(db, "bid", "add", "BR", "--name", "Broken", "--streets", str(streets))
    assert result.returncode == 2 and "line 2" in result.stderr
    unknown = run(db, "export", "cases", "--format", "json", "--bid", "BR")
    assert unknown.returncode == 2 and "unknown BID" in unknown.stderr
