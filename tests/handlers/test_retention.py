"""Retention: personal details go when their time is up; the anonymous facts stay."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select
from sqlmodel import SQLModel

from bot.export import case_records
from flows import texts
from handlers import retention
from handlers.retention.job import days_for, scopes
from storage import bids, conversations, files, identities
from storage import retention as rules
from storage.db import transaction
from storage.models import (
    AuditLog,
    CaseEvent,
    Conversation,
    Identity,
    Member,
    Outbox,
    StoredFile,
)
from tests.handlers.privacy_support import (
    DESCRIPTION,
    WHAT,
    case_of,
    file_with_photo,
    store_photos,
)
from tests.handlers.test_conversations import run_lines
from tests.support import harness, texts_of

SUSPECT = "suspect is John Smith of Foo Road"


async def everything(h) -> str:
    """Every row of every table, as one string to search for what must be gone."""
    out = []
    async with h.runtime.sessions() as session:
        for table in SQLModel.metadata.sorted_tables:
            for row in (await session.execute(select(table))).all():
                out.append(json.dumps([str(v) for v in row], ensure_ascii=False))
    return "\n".join(out)


def due_of(findings, what: str, code: str | None = "WE"):
    [finding] = [
        f for f in findings if f.entry.what == what and (f.bid.code if f.bid else None) == code
    ]
    return finding


async def test_a_closed_case_loses_its_personal_details_after_a_year(
    database_url, clock, tmp_path
):
    async with harness(database_url, clock, attachments_dir=str(tmp_path / "att")) as h:
        ref = await file_with_photo(h)
        [photo] = await store_photos(h, tmp_path / "att")
        clock.advance(minutes=7)
        await h.say("demo-officer", f"ack {ref}")
        await h.say("demo-officer", f"update {ref} {SUSPECT}")
        await h.say("demo-staff", f"reply {ref} thanks, he was here yesterday too")
        await h.say("demo-officer", f"close {ref} nfa")
        assert SUSPECT in await everything(h)
        before = await case_of(h, ref)

        clock.advance(days=364)
        findings = await retention.look(h.runtime.sessions, now=clock.now)
        assert due_of(findings, "cases").due == []
        clock.advance(days=2)
        [due] = due_of(await retention.look(h.runtime.sessions, now=clock.now), "cases").due
        assert due.label.startswith(f"{ref} (closed")
        for words in ("What happened", "Description", "1 photo", "who reported it"):
            assert words in due.removes
        assert photo.exists()  # a look changes nothing

        done = await retention.run(h.runtime.sessions, now=clock.now)
        assert [d.label for d in due_of(done, "cases").due] == [due.label]
        after = await case_of(h, ref)
        assert not photo.exists()
        dump = await everything(h)
        for gone in (DESCRIPTION, WHAT, SUSPECT, "he was here yesterday", "p1.jpg"):
            assert gone not in dump, gone
        # The anonymous facts stay, for the statistics.
        for fact in (
            "kind",
            "status",
            "outcome",
            "shop_id",
            "street",
            "created_at",
            "occurred_at",
            "last_police_action_at",
            "latitude",
        ):
            assert getattr(after, fact) == getattr(before, fact), fact
        assert set(after.answers) == {
            "safety",
            "when",
            "where",
            "where_other",
            "value",
            "offenders",
            "cctv",
            "reported",
        }
        assert after.attachments == []
        async with h.runtime.sessions() as session:
            events = list(
                (
                    await session.execute(select(CaseEvent).where(CaseEvent.case_id == after.id))
                ).scalars()
            )
            reporter = await session.get(Member, after.reporter_id)
            reached = await identities.identities_of(session, member_ids=[after.reporter_id])
            stored = (await session.execute(select(StoredFile))).scalars().all()
            case_messages = (
                (await session.execute(select(Outbox).where(Outbox.case_id == after.id)))
                .scalars()
                .all()
            )
            [record] = await case_records(session, bid_id=None, since=None)
            marks = (
                (await session.execute(select(AuditLog).where(AuditLog.action == "anonymised")))
                .scalars()
                .all()
            )
        assert [(e.action, e.status, e.author_role) for e in events][:2] == [
            ("filed", "new", "staff"),
            ("ack", "acknowledged", "officer"),
        ]
        assert {e.text for e in events} == {"Report filed", texts.DETAILS_REMOVED}
        assert reporter.display_name == texts.NAME_REMOVED and reached == []
        assert reporter.removed_at is not None
        assert stored == []
        assert case_messages and all(
            m.payload == {"text": ""} and m.address == "" for m in case_messages
        )
        assert record["reporter"] == texts.NAME_REMOVED
        assert [m.case_id for m in marks] == [after.id]
        # Done once: the next run finds nothing, and the reporter still uses the bot as before.
        again = await retention.run(h.runtime.sessions, now=clock.now + timedelta(hours=2))
        assert due_of(again, "cases").due == []
        assert "report" in texts_of(await h.say("demo-staff", "help"))


async def test_open_cases_stay_and_a_late_note_restarts_the_clock(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        kept_open = await file_with_photo(h, photo="a.jpg")
        closed = await file_with_photo(h, photo="b.jpg")
        await h.say("demo-officer", f"close {closed} nfa")
        clock.advance(days=300)
        await h.say("demo-staff", f"reply {closed} one more thing")
        clock.advance(days=100)
        findings = await retention.look(h.runtime.sessions, now=clock.now)
        assert due_of(findings, "cases").due == []
        clock.advance(days=300)
        due = due_of(await retention.look(h.runtime.sessions, now=clock.now), "cases").due
        assert [d.label.split()[0] for d in due] == [closed]
        assert kept_open != closed


async def test_each_bid_has_its_own_settings(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        async with transaction(h.runtime.sessions) as session:
            we = await bids.bid_by_code(session, code="WE")
            ox = await bids.create_bid(session, code="OX", name="Oxford Street")
            await rules.set_days(session, bid_id=None, what="cases", days=100, now=clock.now)
            await rules.set_days(session, bid_id=we.id, what="cases", days=30, now=clock.now)
            await rules.set_days(session, bid_id=we.id, what="cases", days=40, now=clock.now)
        async with h.runtime.sessions() as session:
            found = {
                (f.entry.what, f.bid.code if f.bid else None): f.days
                for f in await scopes(session)
            }
            settings = await rules.rules(session)
        assert found[("cases", "WE")] == 40 and found[("cases", "OX")] == 100
        assert found[("members", "OX")] == 30 and found[("messages", None)] == 30
        assert days_for(retention.ENTRIES["drafts"], ox.id, settings) == 30
        ref = await file_with_photo(h)
        await h.say("demo-officer", f"close {ref} nfa")
        clock.advance(days=41)
        assert [
            d.label.split()[0]
            for d in due_of(await retention.look(h.runtime.sessions, now=clock.now), "cases").due
        ] == [ref]


async def test_messages_drafts_files_and_members_who_left(sqlite_url, clock, tmp_path):
    async with harness(sqlite_url, clock) as h:
        await h.say("demo-staff", "help")
        await run_lines(h, "demo-staff", ["report", "shoplifting"])  # and never finished
        made = tmp_path / "pack.pdf"
        made.write_bytes(b"%PDF-1.4 pretend")
        async with transaction(h.runtime.sessions) as session:
            file_id = await files.add_generated(
                session,
                path=str(made),
                content_type="application/pdf",
                name="WE-0001.pdf",
                size=16,
                now=clock.now,
            )
            officer = (
                await session.execute(select(Member).where(Member.display_name == "PC Patel"))
            ).scalar_one()
            officer.removed_at = clock.now
        clock.advance(days=29)
        findings = await retention.look(h.runtime.sessions, now=clock.now)
        assert all(not f.due for f in findings)
        clock.advance(days=2)
        # A message written now is not touched, even once sent.
        await h.say("demo-manager", "help")
        findings = await retention.look(h.runtime.sessions, now=clock.now)
        assert len(due_of(findings, "messages", None).due) >= 2
        assert [d.row_id for d in due_of(findings, "files", None).due] == [file_id]
        assert len(due_of(findings, "drafts").due) >= 1
        assert [d.row_id for d in due_of(findings, "members").due] == [officer.id]
        await retention.run(h.runtime.sessions, now=clock.now)
        assert not made.exists()
        async with h.runtime.sessions() as session:
            rows = (await session.execute(select(Outbox).order_by(Outbox.id))).scalars().all()
            staff_state = await conversations.state_at(
                session, channel="console", address="demo-staff"
            )
            drafts = (await session.execute(select(Conversation))).scalars().all()
            tombstone = (
                await session.execute(select(Identity).where(Identity.member_id == officer.id))
            ).scalar_one()
            generated = await session.get(StoredFile, file_id)
        old = [r for r in rows if r.created_at < clock.now]
        assert old and all(r.payload == {"text": ""} and r.address == "" for r in old)
        assert [r.payload["text"] != "" for r in rows if r.created_at == clock.now] == [True]
        assert staff_state is None and len(drafts) == 1  # the manager's, written just now
        assert tombstone.address == f"forgotten-{tombstone.id}" and tombstone.unreachable
        assert generated is None
        # The officer who left can no longer talk as one: that address is a stranger now.
        assert "invite" in texts_of(await h.say("demo-officer", "cases")).lower()


async def test_the_scheduler_runs_retention_at_most_hourly(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        async with transaction(h.runtime.sessions) as session:
            await rules.set_days(session, bid_id=None, what="cases", days=0, now=clock.now)
        first = await file_with_photo(h)
        await h.say("demo-officer", f"close {first} nfa")
        clock.advance(minutes=1)
        await h.runtime.scheduler.tick()
        assert (await case_of(h, first)).attachments == []
        second = await file_with_photo(h, photo="p2.jpg")
        await h.say("demo-officer", f"close {second} nfa")
        clock.advance(minutes=30)
        await h.runtime.scheduler.tick()  # within the hour of the last run: not yet
        assert (await case_of(h, second)).attachments != []
        clock.advance(minutes=31)
        await h.runtime.scheduler.tick()
        assert (await case_of(h, second)).attachments == []


async def test_a_photo_another_case_still_has_stays_in_the_store(sqlite_url, clock, tmp_path):
    async with harness(sqlite_url, clock) as h:
        closed = await file_with_photo(h, photo="same.jpg")
        await file_with_photo(h, photo="same.jpg")  # the same photo sent with a second report
        [stored] = await store_photos(h, tmp_path / "att")
        await h.say("demo-officer", f"close {closed} nfa")
        clock.advance(days=366)
        await retention.run(h.runtime.sessions, now=clock.now)
        assert (await case_of(h, closed)).attachments == []
        assert stored.exists()
        async with h.runtime.sessions() as session:
            assert len((await session.execute(select(StoredFile))).scalars().all()) == 1
