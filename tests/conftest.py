"""Fresh databases per test (SQLite always; PostgreSQL when SHOPWATCH_TEST_DATABASE_URL is set),
a controllable clock, and the app wired to them."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from storage.migrate import upgrade
from tests.support import PG_URL, Clock

BACKENDS = ["sqlite", *(["postgres"] if PG_URL else [])]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str | None]:
    """A migrated PostgreSQL database that each test's database is copied from."""
    if not PG_URL:
        yield None
        return
    name = f"sw_tpl_{uuid.uuid4().hex[:8]}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    upgrade(str(make_url(PG_URL).set(database=name)))
    yield name
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _pg_admin(sql: str) -> None:
    url = make_url(PG_URL)
    conn = await asyncpg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        database=url.database,
    )
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _fresh_url(
    backend: str, tmp_path: Path, sqlite_template: Path, pg_template: str | None
) -> AsyncIterator[str]:
    if backend == "sqlite":
        path = tmp_path / "shopwatch.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    name = f"sw_{uuid.uuid4().hex[:12]}"
    await _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    try:
        yield str(make_url(PG_URL).set(database=name))
    finally:
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
async def database_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    pg_template: str | None,
) -> AsyncIterator[str]:
    """A fresh, migrated database on every backend under test."""
    async for url in _fresh_url(request.param, tmp_path, sqlite_template, pg_template):
        yield url


@pytest.fixture
async def sqlite_url(tmp_path: Path, sqlite_template: Path) -> AsyncIterator[str]:
    """A fresh, migrated SQLite database, for tests about behaviour rather than storage."""
    async for url in _fresh_url("sqlite", tmp_path, sqlite_template, None):
        yield url


@pytest.fixture
def clock() -> Clock:
    # A Monday afternoon in November (GMT), so London time equals UTC.
    return Clock(datetime(2026, 11, 23, 14, 30, tzinfo=UTC))


@pytest.fixture
def later() -> timedelta:
    return timedelta(minutes=31)


@pytest.fixture
def measured(record_property: Callable[[str, object], None]) -> Callable[[str], None]:
    """Report a figure a test measured (a score, a count of inputs tried) in the run's summary.

    Printed at the end of `make test`, also when the suite runs on several workers.
    """

    def report(line: str) -> None:
        record_property("measured", line)

    return report


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The figures tests reported with the `measured` fixture, one line each."""
    lines = [
        str(value)
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", ())
        if name == "measured"
    ]
    if lines:
        terminalreporter.section("measured by the tests")
        for line in lines:
            terminalreporter.write_line(line)
