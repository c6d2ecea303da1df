"""One turn at a time per key: in the order they came, other keys side by side, nothing kept."""

from __future__ import annotations

import asyncio

import pytest

from handlers.one_at_a_time import OneAtATime


async def test_one_key_goes_in_order_and_other_keys_side_by_side() -> None:
    turns = OneAtATime()
    events: list[str] = []
    release = asyncio.Event()

    async def turn(key: str, name: str) -> None:
        async with turns.held(key):
            events.append(f"{name} in")
            await release.wait()
            events.append(f"{name} out")

    tasks = [asyncio.create_task(turn("sam", f"sam{n}")) for n in range(3)]
    tasks.append(asyncio.create_task(turn("kim", "kim")))
    await asyncio.sleep(0.01)
    assert events == ["sam0 in", "kim in"]  # sam's others wait; kim is not held up by them
    release.set()
    await asyncio.gather(*tasks)
    sam = [e for e in events if e.startswith("sam")]
    assert sam == ["sam0 in", "sam0 out", "sam1 in", "sam1 out", "sam2 in", "sam2 out"]
    assert len(turns) == 0


async def test_a_turn_cancelled_while_waiting_or_failing_lets_the_next_go() -> None:
    turns = OneAtATime()
    release = asyncio.Event()

    async def holder() -> None:
        async with turns.held("sam"):
            await release.wait()
            raise RuntimeError("the turn failed")

    async def waiter() -> str:
        async with turns.held("sam"):
            return "mine"

    first = asyncio.create_task(holder())
    await asyncio.sleep(0)
    cancelled = asyncio.create_task(waiter())
    later = asyncio.create_task(waiter())
    await asyncio.sleep(0.01)
    cancelled.cancel()
    release.set()
    with pytest.raises(RuntimeError):
        await first
    assert await later == "mine"
    assert cancelled.cancelled()
    assert len(turns) == 0
