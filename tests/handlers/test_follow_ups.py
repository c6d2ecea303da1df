"""The checks after filing run once the reporter has their reply, exactly once, crash or not."""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from handlers import follow_ups
from handlers.filing import officers_of
from handlers.follow_ups import FollowUps
from handlers.turn import Turn
from storage.db import make_engine, make_sessions
from storage.models import Case, CaseFollowUp
from tests.handlers.officer_support import file, join, moped
from tests.support import Clock, Harness, harness, texts_of

SECOND = "lsn-staff"
TWICE = moped(
    place="coventry street",
    what="woman had her black handbag snatched by two on a moped",
    description="helmets, one in a grey coat",
)


async def _file_without_follow_ups(h: Harness, handle: str, script: list[str]) -> str:
    """Walk a report; the last answer is sent and its replies read without running follow-ups."""
    for line in script[:-1]:
        assert await h.say(handle, line), f"no answer to {line!r}"
    last = {"handle": handle, "text": script[-1]}
    response = await h.client.post("/console/messages", json=last)
    assert response.status_code == 200
    await h.runtime.sender.drain()
    [filed] = await h.read(handle)
    return str(filed["case_ref"])


async def _waiting(h: Harness) -> list[CaseFollowUp]:
    async with h.runtime.sessions() as session:
        return list((await session.execute(select(CaseFollowUp))).scalars())


async def _two_reports(h: Harness, clock: Clock) -> tuple[str, str]:
    """A moped snatch, then the same one told by another shop: the second's hint is due."""
    await join(h, SECOND, "staff", shop="Leicester Square News")
    await h.inbox("demo-officer")
    first = await file(h, "demo-staff", moped())
    clock.advance(minutes=2)
    return first, await _file_without_follow_ups(h, SECOND, TWICE)


def _hints(messages: list[dict[str, Any]]) -> list[str]:
    return [m["text"] for m in messages if "may be an incident already reported" in m["text"]]


async def test_the_reporter_has_their_reference_before_the_checks_after_filing(
    database_url, clock
):
    async with harness(database_url, clock) as h:
        first, second = await _two_reports(h, clock)
        # The reporter was answered, the officers alerted; the duplicate check has not run.
        before = await h.read("demo-officer")
        assert [m["case_ref"] for m in before] == [first, second]
        [row] = await _waiting(h)
        assert row.attempts == 0

        await h.runtime.drain()
        [hint] = _hints(await h.read("demo-officer"))
        assert hint.startswith(f"*{second}* may be an incident already reported")
        assert await _waiting(h) == []
        await h.runtime.drain()
        assert await h.read("demo-officer") == []  # done once


async def test_a_failed_step_is_undone_and_tried_again_later_and_done_ones_are_not_repeated(
    database_url, clock, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    # Once with the other steps in their one transaction, then again on its own.
    failures = [RuntimeError("the disk is full"), RuntimeError("the disk is still full")]

    async def flaky(turn: Turn, case: Case) -> None:
        await turn.push(await officers_of(turn, case.bid_id), "half done")
        if failures:
            raise failures.pop()

    async with harness(database_url, clock) as h:
        await _two_reports(h, clock)
        # After the real steps: they are done and kept when this one fails.
        monkeypatch.setattr(follow_ups, "FOLLOW_UPS", [*follow_ups.FOLLOW_UPS, flaky])
        with caplog.at_level(logging.WARNING):
            await h.runtime.drain()
        assert "its steps one by one" in caplog.text and "tried again" in caplog.text
        assert failures == []
        first = await h.read("demo-officer")
        assert len(_hints(first)) == 1
        assert "half done" not in texts_of(first)  # the failed step's push went with it
        [row] = await _waiting(h)
        assert row.attempts == 1
        assert len(row.done.split(",")) == len(follow_ups.FOLLOW_UPS) - 1

        await h.runtime.drain()  # not due yet: nothing is retried in a tight loop
        assert (await _waiting(h))[0].attempts == 1
        clock.advance(minutes=2)
        await h.runtime.drain()
        again = await h.read("demo-officer")
        assert _hints(again) == []  # done once, not again
        assert texts_of(again) == "half done"
        assert await _waiting(h) == []


async def test_a_follow_up_that_keeps_failing_is_given_up_and_logged(
    database_url, clock, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    async def broken(turn: Turn, case: Case) -> None:
        raise RuntimeError("a bug")

    async with harness(database_url, clock) as h:
        await _two_reports(h, clock)
        monkeypatch.setattr(follow_ups, "FOLLOW_UPS", [broken])
        for _ in range(follow_ups.MAX_ATTEMPTS + 2):
            await h.runtime.drain()
            clock.advance(hours=1)
        [row] = await _waiting(h)  # kept, for someone to look at
        assert row.attempts == follow_ups.MAX_ATTEMPTS
        assert "gave up on the follow-up of case" in caplog.text


async def test_after_a_crash_the_next_process_does_what_was_left(database_url, clock):
    async with harness(database_url, clock) as h:
        first, second = await _two_reports(h, clock)
    # The process stopped before the follow-up ran; the next one starts on the same database.
    async with harness(database_url, clock, demo=False) as again:
        await again.runtime.follow_ups.sweep()
        assert len(await _waiting(again)) == 1  # within its lease: the filer may still run it
        clock.advance(seconds=31)
        await again.runtime.drain()
        [hint] = _hints(await again.inbox("demo-officer"))
        assert f"*{second}* may be an incident already reported" in hint
        assert first in hint
        assert await _waiting(again) == []


async def test_two_processes_taking_one_follow_up_do_it_once(database_url, clock):
    async with harness(database_url, clock) as h:
        _, second = await _two_reports(h, clock)
        async with h.runtime.sessions() as session:
            case = (await session.execute(select(Case).where(Case.ref == second))).scalar_one()
        engine = make_engine(database_url)
        try:
            other = FollowUps(make_sessions(engine), tz=h.runtime.settings.tz, clock=clock)
            await asyncio.gather(
                h.runtime.follow_ups.run_one(case.id or 0), other.run_one(case.id or 0)
            )
        finally:
            await engine.dispose()
        assert len(_hints(await h.inbox("demo-officer"))) == 1
        assert await _waiting(h) == []


async def _run_queued(
    h: Any, monkeypatch: pytest.MonkeyPatch, lull: float, busy: bool = False
) -> tuple[list[float], float]:
    """Three cases filed at once, their steps run by the worker while `replies_first` takes
    `lull` of what it is given (1.0: no lull ever comes), with requests under way after each
    step or not (`busy`); what each case was given, and how long the worker took."""
    worker = h.runtime.follow_ups
    given: list[float] = []
    # Each case's steps, all in one transaction; with a request after each, one each.
    steps = 3 * (len(follow_ups.FOLLOW_UPS) if busy else 1)
    done = asyncio.Event()

    async def replies_first(within: float) -> None:
        given.append(within)
        await asyncio.sleep(within * lull)

    def stepped() -> None:
        nonlocal steps
        steps -= 1
        if not steps:
            done.set()

    async def no_drain() -> None:  # the cases wait in the queue, as under steady load
        return None

    monkeypatch.setattr(worker, "_replies_first", replies_first)
    monkeypatch.setattr(worker, "_on_outbox", stepped)
    monkeypatch.setattr(worker, "_busy", lambda: busy)
    monkeypatch.setattr(worker, "drain", no_drain)
    for _ in range(3):
        await file(h, "demo-staff", moped())
    assert len(await _waiting(h)) == 3
    started = asyncio.get_running_loop().time()
    running = asyncio.create_task(worker.run())
    try:
        await asyncio.wait_for(done.wait(), 30)
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
    took = asyncio.get_running_loop().time() - started
    assert await _waiting(h) == []
    return given, took


async def test_a_cases_steps_wait_for_a_moment_when_no_request_is_being_handled(
    database_url, clock, monkeypatch: pytest.MonkeyPatch
):
    async with harness(database_url, clock) as h:
        given, _ = await _run_queued(h, monkeypatch, lull=0.0)  # lulls come at once
    assert len(given) == 3  # once for each case: its steps go together
    assert all(0 < within <= follow_ups.DEFER_AT_MOST for within in given)


async def test_a_request_that_comes_as_the_steps_run_waits_for_one_step_only(
    database_url, clock, monkeypatch: pytest.MonkeyPatch
):
    """Each step commits on its own once a request is under way, and the next waits again."""
    assert len(follow_ups.FOLLOW_UPS) > 1
    async with harness(database_url, clock) as h:
        given, _ = await _run_queued(h, monkeypatch, lull=0.0, busy=True)
    assert len(given) == 3 * len(follow_ups.FOLLOW_UPS)  # a wait for a lull before each step
    assert all(0 < within <= follow_ups.DEFER_AT_MOST for within in given)


async def test_under_steady_load_the_steps_wait_no_longer_than_defer_at_most(
    database_url, clock, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(follow_ups, "DEFER_AT_MOST", 0.3)
    async with harness(database_url, clock) as h:
        given, took = await _run_queued(h, monkeypatch, lull=1.0)  # no lull comes
    # Each case waited out what was left of its 0.3 s, no more; the cases after, already
    # late, did not wait at all.
    assert len(given) <= 3 and all(0 < within <= 0.3 for within in given)
    assert took < 0.3 + 2.0


async def test_a_stop_as_a_case_is_handed_over_still_stops_the_worker(database_url, clock):
    """Python 3.11's wait_for swallowed a cancel that came as its wait ended: the worker went on
    and `serve` never finished stopping (seen in bench.scale_out)."""
    engine = make_engine(database_url)
    try:
        worker = FollowUps(make_sessions(engine), tz=ZoneInfo("Europe/London"), clock=clock)
        for _ in range(30):
            task = asyncio.create_task(worker.run())
            for _ in range(5):  # past the first sweep, into the wait for a case
                await asyncio.sleep(0)
            await asyncio.sleep(0.01)
            worker.filed([0])  # handed over, and at once told to stop
            task.cancel()
            done, _ = await asyncio.wait([task], timeout=2)
            assert done, "the worker did not stop"
            assert task.cancelled()
    finally:
        await engine.dispose()
