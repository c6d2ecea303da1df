"""The migrations build exactly the tables the models describe, and 0002 can be undone."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables)
from storage.db import make_engine
from storage.migrate import alembic_config, upgrade_async


async def _run(url: str, work: Any) -> Any:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(work)
    finally:
        await engine.dispose()


def _differences(connection: Any) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, SQLModel.metadata)


def _outbox_columns(connection: Any) -> set[str]:
    return {c["name"] for c in inspect(connection).get_columns("outbox")}


async def test_the_migrated_schema_is_the_models_schema(database_url: str) -> None:
    assert await _run(database_url, _differences) == []


async def test_parts_sent_can_be_removed_and_added_back(database_url: str) -> None:
    assert "parts_sent" in await _run(database_url, _outbox_columns)
    await asyncio.to_thread(command.downgrade, alembic_config(database_url), "0001")
    assert "parts_sent" not in await _run(database_url, _outbox_columns)
    await upgrade_async(database_url, "head")
    assert "parts_sent" in await _run(database_url, _outbox_columns)
