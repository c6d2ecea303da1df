"""Subject access and erasure: everything held about a member, and forgetting them."""

from __future__ import annotations

import json

from sqlalchemy import select

from flows import texts
from handlers.erasure import forget_member
from handlers.subject import member_record
from storage import identities, members, outbox
from storage.db import transaction
from storage.models import Identity, Member, Outbox
from tests.handlers.privacy_support import DESCRIPTION, case_of, file_with_photo, store_photos
from tests.handlers.test_retention import everything
from tests.support import harness, texts_of

SAM = "Sam (Coventry Street Gifts)"


async def sam(session) -> Member:
    found = await members.member_by_identity(session, channel="console", address="demo-staff")
    assert found is not None
    return found[1]


async def test_a_member_gets_everything_held_and_can_be_forgotten(database_url, clock, tmp_path):
    async with harness(database_url, clock, attachments_dir=str(tmp_path / "att")) as h:
        closed = await file_with_photo(h, photo="a.jpg")  # closed, no crime reference
        with_crn = await file_with_photo(h, photo="b.jpg")  # closed, crime reference
        still_open = await file_with_photo(h, photo="c.jpg")
        await h.say("demo-officer", f"update {closed} CCTV shows him clearly")
        await h.say("demo-staff", f"reply {closed} he comes in every Tuesday")
        await h.say("demo-officer", f"close {closed} nfa")
        await h.say("demo-officer", f"crn {with_crn} 1234567/25")
        await h.say("demo-officer", f"close {with_crn} crime-ref")
        await h.say("demo-officer", f"case {with_crn}")
        await h.inbox("demo-staff")
        await h.say("demo-staff", "report")  # a report begun and not finished
        stored = await store_photos(h, tmp_path / "att")

        async with h.runtime.sessions() as session:
            record = await member_record(session, await sam(session), now=clock.now)
        json.dumps(record)  # plain JSON all through
        assert record["member"]["display_name"] == SAM and record["member"]["role"] == "staff"
        assert [(i["channel"], i["address"]) for i in record["identities"]] == [
            ("console", "demo-staff")
        ]
        assert [r["ref"] for r in record["reports"]] == [closed, with_crn, still_open]
        assert record["reports"][0]["answers"]["description"] == DESCRIPTION
        assert "he comes in every Tuesday" in [e["text"] for e in record["case_events_written"]]
        to_them = " ".join(m["text"] for m in record["messages_to_them"])
        assert "CCTV shows him clearly" in to_them and "address" in record["messages_to_them"][0]
        about = record["messages_about_their_reports"]
        assert about and all("address" not in m for m in about)  # the officers' own details
        assert any("he comes in every Tuesday" in m["text"] for m in about)
        assert record["conversations"] and record["conversations"][0]["state"]
        reads = record["audit"]["reads_of_their_reports"]
        assert (reads[-1]["by_role"], reads[-1]["action"], reads[-1]["case"]) == (
            "officer",
            "case",
            with_crn,
        )
        assert SAM in await everything(h)

        async with transaction(h.runtime.sessions) as session:
            member = await sam(session)
            [reached] = await identities.identities_of(session, member_ids=[member.id])
            # A message still waiting for them when they are forgotten is never sent.
            waiting = await outbox.enqueue(
                session,
                channel="console",
                address="demo-staff",
                identity_id=reached.id,
                payload={"text": "Update on a case: we have a name"},
                now=clock.now,
            )
            paths = await forget_member(session, member, now=clock.now, reason="member forget")
            assert await forget_member(session, member, now=clock.now, reason="again") == []
        # Only the anonymised case's photo goes; the police keep the other two.
        assert paths == [str(stored[0])]
        dump = await everything(h)
        assert SAM not in dump and "demo-staff" not in dump
        assert "he comes in every Tuesday" not in dump and "CCTV shows him clearly" not in dump
        # The police keep what they need: the crime-referenced and the open case, whole.
        assert (await case_of(h, with_crn)).answers["description"] == DESCRIPTION
        assert (await case_of(h, still_open)).answers["description"] == DESCRIPTION
        assert "description" not in (await case_of(h, closed)).answers
        async with h.runtime.sessions() as session:
            after = await member_record(
                session, await session.get(Member, member.id), now=clock.now
            )
            given_up = await session.get(Outbox, waiting.id)
            identity = (
                await session.execute(select(Identity).where(Identity.member_id == member.id))
            ).scalar_one()
        assert after["member"]["display_name"] == texts.NAME_REMOVED
        assert after["member"]["forgotten_at"] and after["member"]["removed_at"]
        assert after["conversations"] == [] and after["messages_to_them"]
        assert all(m["text"] == "" for m in after["messages_to_them"])
        assert identity.unreachable and identity.stopped_at is not None
        assert identity.address == f"forgotten-{identity.id}"
        assert given_up.status == "failed" and given_up.payload == {"text": ""}
        # Writing from the old address is a stranger writing: not recognised, nothing shown.
        answer = texts_of(await h.say("demo-staff", f"case {with_crn}"))
        assert "invite" in answer.lower() and with_crn not in answer
