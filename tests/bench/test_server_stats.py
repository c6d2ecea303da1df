"""The benchmarks' reading of PostgreSQL's CPU: backends that end between readings count too."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bench import _server_stats
from tests.storage.test_reconnect import ON_POSTGRES


def _can_read_postgres_processes(url: str) -> bool:
    host = make_url(url).host
    return host in ("127.0.0.1", "localhost", None)  # /proc holds its processes only if local


@ON_POSTGRES
async def test_a_connection_that_came_and_went_between_readings_is_counted(
    database_url: str,
) -> None:
    if not _can_read_postgres_processes(database_url):
        pytest.skip("PostgreSQL is on another host: its processes are not in this /proc")
    url = make_url(database_url)
    stays = await asyncpg.connect(
        host=url.host, port=url.port or 5432, user=url.username, database=url.database
    )
    try:
        before = await _server_stats.db_cpu(database_url)
        assert 0 in before  # the ended backends' figure
        for _ in range(3):  # work on connections that are gone by the next reading
            goes = await asyncpg.connect(
                host=url.host, port=url.port or 5432, user=url.username, database=url.database
            )
            await goes.fetchval("SELECT count(*) FROM generate_series(1, 1000000)")
            await goes.close()
        after = await _server_stats.db_cpu(database_url)
    finally:
        await stays.close()
    live = sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items() if pid != 0)
    assert _server_stats.db_delta(before, after) > live  # the live backends alone missed it
    assert _server_stats.db_delta(before, after) >= 0.01  # a clock tick at the least


def test_without_the_ended_figure_only_the_live_backends_count() -> None:
    before = {101: 1.0, 102: 2.0}
    after = {101: 1.5, 103: 0.25}
    assert _server_stats.db_delta(before, after) == pytest.approx(0.75)


def test_a_backend_that_ended_is_counted_from_the_first_reading_on() -> None:
    # 102 had used 2.0 s by the first reading and 2.5 s when it ended; 103 lived and went.
    before = {0: 10.0, 101: 1.0, 102: 2.0}
    after = {0: 10.0 + 2.5 + 0.4, 101: 1.5}
    assert _server_stats.db_delta(before, after) == pytest.approx(0.5 + 0.5 + 0.4)
