"""The benchmarks' reading of PostgreSQL's CPU: backends that end between readings count too.

Like the benchmarks, it reads PostgreSQL's processes in this machine's /proc: the test server
is the local one (SHOPWATCH_TEST_DATABASE_URL, 127.0.0.1 in `.ci/run`)."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bench import _server_stats
from bench._server_stats import ENDED
from tests.storage.test_reconnect import ON_POSTGRES


async def _connect(database_url: str) -> asyncpg.Connection:
    url = make_url(database_url)
    return await asyncpg.connect(
        host=url.host, port=url.port or 5432, user=url.username, database=url.database
    )


@ON_POSTGRES
async def test_a_connection_that_came_and_went_between_readings_is_counted(
    database_url: str,
) -> None:
    before = await _server_stats.db_cpu(database_url)
    assert ENDED in before
    for _ in range(3):  # work on connections that are gone by the next reading
        goes = await _connect(database_url)
        await goes.fetchval("SELECT count(*) FROM generate_series(1, 1000000)")
        await goes.close()
    after = await _server_stats.db_cpu(database_url)
    live = sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items() if pid != ENDED)
    assert _server_stats.db_delta(before, after) > live  # the live backends alone missed it
    assert _server_stats.db_delta(before, after) >= 0.01  # a clock tick at the least


def test_without_the_ended_figure_only_the_live_backends_count() -> None:
    before = {101: 1.0, 102: 2.0}
    after = {101: 1.5, 103: 0.25}
    assert _server_stats.db_delta(before, after) == pytest.approx(0.75)


def test_a_backend_that_ended_is_counted_from_the_first_reading_on() -> None:
    # 102 had used 2.0 s by the first reading and 2.5 s when it ended; another lived and went.
    before = {ENDED: 10.0, 101: 1.0, 102: 2.0}
    after = {ENDED: 10.0 + 2.5 + 0.4, 101: 1.5}
    assert _server_stats.db_delta(before, after) == pytest.approx(0.5 + 0.5 + 0.4)
