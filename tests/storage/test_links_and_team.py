"""Linked incidents, referral counts and the team queries, on every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from storage import bids, cases, identities, links, members, outbox, referrals, team
from storage.db import make_engine, make_sessions, transaction
from storage.models import Case, Outbox

NOW = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)


@pytest.fixture
async def sessions(database_url: str):
    engine = make_engine(database_url)
    yield make_sessions(engine)
    await engine.dispose()


async def _bid_with_cases(session, count: int) -> tuple[int, list[Case]]:
    bid = await bids.create_bid(session, code="WE", name="West End")
    shop = await bids.create_shop(session, bid_id=bid.id, name="Gifts", street="Coventry Street")
    _, member = await members.create_member(
        session,
        bid_id=bid.id,
        role="staff",
        shop_id=shop.id,
        display_name="Sam",
        channel="console",
        address="sam",
    )
    made = []
    for n in range(1, count + 1):
        case = Case(
            ref=f"WE-{n:04d}",
            bid_id=bid.id,
            number=n,
            kind="moped_snatch",
            shop_id=shop.id,
            reporter_id=member.id,
            channel="console",
            created_at=NOW + timedelta(minutes=n),
            occurred_at=NOW + timedelta(minutes=n),
            location="Coventry Street",
        )
        session.add(case)
        made.append(case)
    await session.flush()
    return bid.id, made


async def test_groups_merge_split_and_count_once(sessions):
    async with transaction(sessions) as session:
        bid_id, (a, b, c, d) = await _bid_with_cases(session, 4)
        assert await links.count_incidents(session, bid_id=bid_id, since=NOW) == 4
        await links.link_cases(session, a=b, b=c, by=None, now=NOW)
        await links.link_cases(session, a=d, b=a, by=None, now=NOW)
        assert await links.count_incidents(session, bid_id=bid_id, since=NOW) == 2
        # Joining two groups makes one, keyed by its earliest case.
        await links.link_cases(session, a=c, b=d, by=None, now=NOW)
        assert [x.ref for x in await links.group_of(session, case_id=c.id)] == [
            "WE-0001",
            "WE-0002",
            "WE-0004",
        ]
        assert await links.count_incidents(session, bid_id=bid_id, since=NOW) == 1
        keys = await links.incident_keys(session, case_ids=[a.id, b.id, c.id, d.id])
        assert set(keys.values()) == {a.id}
        # The root leaves: the rest keep together under the next earliest.
        assert await links.unlink_case(session, case_id=a.id) == [b.id, c.id, d.id]
        keys = await links.incident_keys(session, case_ids=[a.id, b.id, c.id, d.id])
        assert keys == {a.id: a.id, b.id: b.id, c.id: b.id, d.id: b.id}
        await links.set_duplicate_of(session, case_id=d.id, original_id=b.id)
        assert (await links.link_of(session, case_id=d.id)).duplicate_of == b.id
        await links.unlink_case(session, case_id=b.id)
        assert (await links.link_of(session, case_id=d.id)).duplicate_of is None
        # Two left alone is still a pair; one more out and nothing is linked.
        await links.unlink_case(session, case_id=c.id)
        assert await links.link_of(session, case_id=d.id) is None
        assert await links.count_incidents(session, bid_id=bid_id, since=NOW) == 4
        assert await links.count_incidents(session, bid_id=bid_id, since=NOW, kinds=["x"]) == 0


async def test_referrals_are_counted_per_case(sessions):
    async with transaction(sessions) as session:
        bid_id, (a, b, c) = await _bid_with_cases(session, 3)
        for case, action in ((a, "referral"), (b, "referral_wait"), (c, "referral")):
            await cases.add_event(
                session,
                case=case,
                author_id=None,
                author_role="system",
                action=action,
                text="",
                now=NOW,
            )
        counted = await referrals.count_referrals(session, bid_id=bid_id, since=NOW)
        assert (counted.passed_on, counted.no_contact, counted.asked) == (2, 1, 3)
        later = await referrals.count_referrals(session, bid_id=bid_id, since=NOW + timedelta(1))
        assert later.asked == 0


async def test_a_removed_member_is_out_of_every_lookup_and_can_join_again(sessions):
    async with transaction(sessions) as session:
        bid = await bids.create_bid(session, code="WE", name="West End")
        identity, officer = await members.create_member(
            session,
            bid_id=bid.id,
            role="officer",
            shop_id=None,
            display_name="PC Bob",
            channel="telegram",
            address="42",
        )
        for text in ("queued", "held"):
            row = await outbox.enqueue(
                session,
                channel="telegram",
                address="42",
                identity_id=identity.id,
                payload={"text": text},
                now=NOW,
            )
            row.status = "pending" if text == "queued" else "held"
        assert [t.member.display_name for t in await team.team_of(session, bid_id=bid.id)] == [
            "PC Bob"
        ]
        await team.remove_member(session, member=officer, now=NOW)
    async with transaction(sessions) as session:
        assert await identities.identities_by_role(session, bid_id=bid.id, role="officer") == []
        assert await identities.identities_of(session, member_ids=[officer.id]) == []
        assert await members.member_by_identity(session, channel="telegram", address="42") is None
        assert await team.team_of(session, bid_id=bid.id) == []
        [gone] = await team.team_of(session, bid_id=bid.id, include_removed=True)
        assert gone.member.removed_at == NOW and len(gone.identities) == 1
        rows = (await session.execute(select(Outbox))).scalars().all()
        assert {r.status for r in rows} == {"cancelled"}
        again, member = await members.create_member(
            session,
            bid_id=bid.id,
            role="staff",
            shop_id=None,
            display_name="Bob",
            channel="telegram",
            address="42",
        )
        assert again.id == identity.id and member.id != officer.id
        found = await members.member_by_identity(session, channel="telegram", address="42")
        assert found is not None and found[1].id == member.id


async def test_open_invites_are_listed_and_revoked(sessions):
    async with transaction(sessions) as session:
        bid = await bids.create_bid(session, code="WE", name="West End")
        soon = await members.create_invite(
            session,
            bid_id=bid.id,
            role="officer",
            shop_id=None,
            uses=1,
            expires_at=NOW + timedelta(1),
        )
        later = await members.create_invite(
            session,
            bid_id=bid.id,
            role="outreach",
            shop_id=None,
            uses=2,
            expires_at=NOW + timedelta(3),
        )
        await members.create_invite(
            session, bid_id=bid.id, role="officer", shop_id=None, uses=1, expires_at=NOW
        )
        listed = await team.open_invites(session, bid_id=bid.id, now=NOW)
        assert [i.code for i, _ in listed] == [soon.code, later.code]
        assert (await team.revoke_invite(session, code=soon.code, now=NOW)) is not None
        assert await team.revoke_invite(session, code=soon.code, now=NOW) is None
        assert await members.usable_invite(session, code=soon.code, now=NOW) is None
        assert [i.code for i, _ in await team.open_invites(session, bid_id=bid.id, now=NOW)] == [
            later.code
        ]
