"""Reports filed before places were kept under their step read the same after migration 0003."""

from __future__ import annotations

import asyncio
import json

from alembic import command
from sqlalchemy import text

from storage.db import make_engine
from storage.migrate import alembic_config, upgrade_async

OLD_SHOP = {"where": "shop", "location": "Coventry Street Gifts", "street": "Coventry Street",
            "latitude": None, "longitude": None, "what": "took gin"}  # fmt: skip
OLD_ELSEWHERE = {"where": "elsewhere", "where_other": "by the tube exit",
                 "location": "by the tube exit", "street": "Piccadilly Circus",
                 "latitude": 51.51, "longitude": -0.1345}  # fmt: skip

SETUP = (
    "INSERT INTO bid (code, name, last_case_number, created_at)"
    " VALUES ('WE', 'West End', 2, CURRENT_TIMESTAMP)",
    "INSERT INTO shop (bid_id, name, street, created_at)"
    " VALUES (1, 'Gifts', 'Coventry Street', CURRENT_TIMESTAMP)",
    "INSERT INTO member (bid_id, role, shop_id, display_name, created_at)"
    " VALUES (1, 'staff', 1, 'Sam', CURRENT_TIMESTAMP)",
)


async def _sql(url: str, statement: str, **params: object) -> list[tuple[object, ...]]:
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            result = await connection.execute(text(statement), params)
            return [tuple(r) for r in result.all()] if result.returns_rows else []
    finally:
        await engine.dispose()


async def test_old_place_answers_move_under_their_step_and_back(database_url: str) -> None:
    await asyncio.to_thread(command.downgrade, alembic_config(database_url), "0002")
    for insert in SETUP:
        await _sql(database_url, insert)
    for number, answers in ((1, OLD_SHOP), (2, OLD_ELSEWHERE)):
        await _sql(
            database_url,
            "INSERT INTO cases (ref, bid_id, number, kind, status, shop_id, reporter_id, channel,"
            " created_at, occurred_at, location, answers, attachments) VALUES (:ref, 1, :n,"
            " 'shoplifting', 'new', 1, 1, 'console', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP,"
            " 'x', :answers, '[]')",
            ref=f"WE-000{number}",
            n=number,
            answers=json.dumps(answers),
        )
    await upgrade_async(database_url, "head")
    rows = await _sql(database_url, "SELECT answers FROM cases ORDER BY number")
    shop, elsewhere = (r[0] if isinstance(r[0], dict) else json.loads(str(r[0])) for r in rows)
    assert shop["where"] == {
        "choice": "shop",
        "text": None,
        "location": "Coventry Street Gifts",
        "street": "Coventry Street",
        "latitude": None,
        "longitude": None,
    }
    assert shop["what"] == "took gin" and "street" not in shop
    assert elsewhere["where"]["choice"] == "elsewhere" and elsewhere["where"]["street"] is None
    assert elsewhere["where_other"]["street"] == "Piccadilly Circus"
    assert elsewhere["where_other"]["text"] == "by the tube exit"
    await asyncio.to_thread(command.downgrade, alembic_config(database_url), "0002")
    rows = await _sql(database_url, "SELECT answers FROM cases ORDER BY number")
    back = [r[0] if isinstance(r[0], dict) else json.loads(str(r[0])) for r in rows]
    assert (
        back[1]["street"] == "Piccadilly Circus" and back[1]["where_other"] == "by the tube exit"
    )
    assert back[0]["where"] == "shop" and back[0]["location"] == "Coventry Street Gifts"
