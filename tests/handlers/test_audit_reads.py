"""Every read of personal details is kept: who, what, when; `audit --case` prints it."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.cli.audit import trail_text
from bot.operator import by_operator
from storage import audit, bids, members
from storage.db import transaction
from storage.models import AuditLog, Member
from tests.handlers.test_conversations import file_shoplifting
from tests.support import harness


async def test_case_cases_and_digest_reads_are_kept_and_refusals_too(database_url, clock):
    async with harness(database_url, clock) as h:
        ref = await file_shoplifting(h)
        second = await file_shoplifting(h)
        clock.advance(minutes=3)
        await h.say("demo-officer", f"case {ref}")
        await h.say("demo-officer", "cases")
        await h.say("demo-staff", f"case {second}")
        await h.say("demo-manager", "digest")
        async with transaction(h.runtime.sessions) as session:
            bid = await bids.bid_by_code(session, code="WE")
            other = await bids.shop_by_name(session, bid_id=bid.id, name="Piccadilly Pharmacy")
            await members.create_member(
                session,
                bid_id=bid.id,
                role="staff",
                shop_id=other.id,
                display_name="Jo",
                channel="console",
                address="jo",
            )
        await h.say("jo", f"case {ref}")
        async with h.runtime.sessions() as session:
            rows = (await session.execute(select(AuditLog).order_by(AuditLog.id))).scalars().all()
            names = {
                m.id: m.display_name for m in (await session.execute(select(Member))).scalars()
            }
            case_one = await audit.case_trail(session, case_id=1)
        seen = [(names.get(r.member_id), r.action, r.case_id, r.allowed, r.at) for r in rows]
        at = clock.now
        assert seen == [
            ("PC Patel", "case", 1, True, at),
            ("PC Patel", "cases", 1, True, at),
            ("PC Patel", "cases", 2, True, at),
            ("Sam (Coventry Street Gifts)", "case", 2, True, at),
            ("Alex (West End BID)", "digest", None, True, at),
            ("Jo", "case", 1, False, at),
        ]
        assert [(e.action, m.display_name if m else None) for e, m in case_one] == [
            ("case", "PC Patel"),
            ("cases", "PC Patel"),
            ("case", "Jo"),
        ]
        assert second != ref


def test_the_trail_reads_in_london_time_with_who_and_whether_allowed():
    summer = datetime(2026, 7, 1, 12, 0, 5, tzinfo=UTC)  # 13:00 in London (BST)
    officer = Member(id=2, bid_id=1, role="officer", display_name="PC Patel")
    trail = [
        (AuditLog(at=summer, member_id=2, action="case", allowed=True, case_id=1), officer),
        (
            AuditLog(
                at=summer,
                action="export",
                detail=by_operator("export cases --format csv"),
                allowed=True,
                case_id=1,
            ),
            None,
        ),
        (
            AuditLog(
                at=summer, action="anonymised", detail="retention: closed case", allowed=True
            ),
            None,
        ),
        (
            AuditLog(
                at=summer, member_id=2, action="ack", detail="refused", allowed=False, case_id=1
            ),
            officer,
        ),
    ]
    lines = trail_text("WE-0001", trail, ZoneInfo("Europe/London")).splitlines()
    assert lines[0] == "Audit trail of WE-0001 (Europe/London time): 4 entries"
    assert lines[1] == "2026-07-01 13:00:05  allowed  PC Patel (member 2, officer): case"
    assert lines[2].startswith("2026-07-01 13:00:05  allowed  shell user ")
    assert lines[2].endswith(" (command line): export cases --format csv")
    assert lines[3].endswith("ShopWatch (automatic): anonymised - retention: closed case")
    assert lines[4] == "2026-07-01 13:00:05  REFUSED  PC Patel (member 2, officer): ack - refused"
