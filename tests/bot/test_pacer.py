"""The overall rate limit: evenly spaced, replies before pushes, in order within each kind."""

from __future__ import annotations

import asyncio

from bot.pacer import PUSH_SHARE, Pacer


async def test_replies_go_before_pushes_that_waited_longer() -> None:
    pacer = Pacer(100.0)
    went: list[str] = []

    async def one(name: str, urgent: bool) -> None:
        await pacer.wait(urgent=urgent)
        went.append(name)

    await pacer.wait()  # takes the first slot: everyone after waits
    pushes = [asyncio.create_task(one(f"push {n}", False)) for n in range(5)]
    await asyncio.sleep(0)
    replies = [asyncio.create_task(one(f"reply {n}", True)) for n in range(3)]
    await asyncio.gather(*pushes, *replies)
    assert went == [f"reply {n}" for n in range(3)] + [f"push {n}" for n in range(5)]


async def test_requests_are_spaced_by_the_rate() -> None:
    pacer = Pacer(50.0)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await asyncio.gather(*(pacer.wait() for _ in range(11)))
    assert loop.time() - started >= 10 / 50 - 0.005  # ten gaps of 20 ms, never a burst


async def test_a_waiter_that_gives_up_does_not_take_a_turn() -> None:
    pacer = Pacer(100.0)
    await pacer.wait()
    gone = asyncio.create_task(pacer.wait())
    await asyncio.sleep(0)
    gone.cancel()
    await asyncio.wait_for(pacer.wait(), 1.0)
    assert gone.cancelled()


async def test_no_rate_is_no_limit() -> None:
    pacer = Pacer(0)
    await asyncio.wait_for(asyncio.gather(*(pacer.wait() for _ in range(1000))), 1.0)


async def test_replies_that_keep_every_turn_busy_still_leave_pushes_a_share() -> None:
    # 10 ms a turn: the waiters below must queue, so the first of them has to run before the
    # slot the test takes has passed (at 1 ms a busy machine sometimes let it straight through).
    pacer = Pacer(100.0)
    went: list[str] = []

    async def one(name: str, urgent: bool) -> None:
        await pacer.wait(urgent=urgent)
        went.append(name)

    await pacer.wait()
    pushes = [asyncio.create_task(one("push", False)) for _ in range(3)]
    replies = [asyncio.create_task(one("reply", True)) for _ in range(3 * PUSH_SHARE)]
    await asyncio.gather(*pushes, *replies)
    # Each push after PUSH_SHARE - 1 replies in a row: slower, never starved.
    first_push = went.index("push")
    assert first_push == PUSH_SHARE - 1
    assert went[: 3 * PUSH_SHARE].count("push") == 3
