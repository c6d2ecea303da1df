"""Subject access: everything held about one member, as plain JSON-ready data.

Other people's details are left out: messages about the member's reports that went to
officers are shown without the officers' addresses, and reads of their reports by role only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage import cases, identities, property, retention, subjects
from storage.models import Bid, Case, Member, Outbox, Shop
from storage.types import row_id


def _at(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


async def member_record(session: AsyncSession, member: Member, *, now: datetime) -> dict[str, Any]:
    """What ShopWatch holds about `member`: who they are, how they are reached, what they
    reported and wrote, the messages to them and about their reports, and the audit log."""
    member_id = row_id(member)
    bid = await session.get(Bid, member.bid_id)
    shop = await session.get(Shop, member.shop_id) if member.shop_id else None
    held = await identities.identities_of(session, member_ids=[member_id], include_removed=True)
    ids = [row_id(i) for i in held]
    forgotten = await retention.marked_at(session, what="member", row_ids=[member_id])
    reported = await subjects.cases_reported_by(session, member_id=member_id)
    to_them = await subjects.messages_to(session, identity_ids=ids)
    about = await subjects.messages_about(
        session, case_ids=[row_id(c) for c in reported], not_to=ids
    )
    written = await subjects.events_by(session, member_id=member_id)
    refs = await subjects.refs_of(
        session, case_ids=[m.case_id for m in (*to_them, *about) if m.case_id]
    )
    channel_of = {row_id(i): i.channel for i in held}
    return {
        "exported_at": now.isoformat(),
        "member": {
            "number": member_id,
            "bid": bid.code if bid else None,
            "role": member.role,
            "shop": shop.name if shop else None,
            "display_name": member.display_name,
            "joined_at": _at(member.created_at),
            "removed_at": _at(member.removed_at),
            "forgotten_at": _at(forgotten.get(member_id)),
        },
        "identities": [
            {
                "channel": i.channel,
                "address": i.address,
                "joined_at": _at(i.created_at),
                "last_message_at": _at(i.last_inbound_at),
                "unreachable": i.unreachable,
                "stopped_at": _at(i.stopped_at),
            }
            for i in held
        ],
        "conversations": [
            {
                "channel": channel_of.get(c.identity_id),
                "state": c.state,
                "updated_at": _at(c.updated_at),
            }
            for c in await subjects.conversations_of(session, identity_ids=ids)
        ],
        "reports": [await _report(session, case) for case in reported],
        "lost_property": [
            {
                "ref": i.ref,
                "category": i.category,
                "description": i.text,
                "contact": i.contact,
                "street": i.street,
                "lost_at": _at(i.at),
                "status": i.status,
                "reported_at": _at(i.created_at),
            }
            for i in await property.items_of_owner(session, owner_id=member_id, limit=1000)
        ],
        "case_events_written": [
            {"case": ref, "at": _at(e.at), "action": e.action, "text": e.text, "status": e.status}
            for e, ref in written
        ],
        "messages_to_them": [_message(m, refs) for m in to_them],
        "messages_about_their_reports": [_message(m, refs, to_others=True) for m in about],
        "audit": {
            "by_them": [
                {
                    "at": _at(a.at),
                    "action": a.action,
                    "detail": a.detail,
                    "allowed": a.allowed,
                    "case_id": a.case_id,
                }
                for a in await subjects.audit_by(session, member_id=member_id)
            ],
            "reads_of_their_reports": [
                {
                    "at": _at(a.at),
                    "by_role": role or "command line",
                    "action": a.action,
                    "allowed": a.allowed,
                    "case": next((c.ref for c in reported if c.id == a.case_id), None),
                }
                for a, role in await subjects.audit_of_cases(
                    session, case_ids=[row_id(c) for c in reported]
                )
                if a.member_id != member_id
            ],
        },
    }


async def _report(session: AsyncSession, case: Case) -> dict[str, Any]:
    shop = await session.get(Shop, case.shop_id)
    return {
        "ref": case.ref,
        "kind": case.kind,
        "status": case.status,
        "outcome": case.outcome,
        "crn": case.crn,
        "shop": shop.name if shop else None,
        "channel": case.channel,
        "created_at": _at(case.created_at),
        "occurred_at": _at(case.occurred_at),
        "location": case.location,
        "street": case.street,
        "latitude": case.latitude,
        "longitude": case.longitude,
        "answers": case.answers,
        "attachments": case.attachments,
        "updates": [
            {"at": _at(e.at), "author_role": e.author_role, "action": e.action, "text": e.text}
            for e in await cases.events_of(session, case_id=row_id(case))
        ],
    }


def _message(row: Outbox, refs: dict[int, str], *, to_others: bool = False) -> dict[str, Any]:
    record: dict[str, Any] = {
        "at": _at(row.created_at),
        "channel": row.channel,
        "status": row.status,
        "sent_at": _at(row.sent_at),
        "case": refs.get(row.case_id) if row.case_id else None,
        "text": row.payload.get("text", ""),
    }
    if not to_others:
        record["address"] = row.address
    return record
