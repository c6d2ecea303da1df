"""Forgetting a member: their personal data goes, the anonymous case facts stay.

What the police may still need stays with the case: a case with a crime reference, or one
still open, keeps its report and timeline (evidence for an investigation that has, or may
get, its own police record), but nothing on it names or reaches the member any more. Every
other case they reported is anonymised at once, as retention would do later.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from flows import texts
from handlers.anonymise import anonymise_case
from storage import audit, erasure, identities, property, retention, subjects
from storage.models import Case, Member
from storage.types import row_id


def held_for_police(case: Case) -> bool:
    """Whether the report must stay as it is: it has a crime reference, or is still open."""
    return bool(case.crn) or case.status != "closed"


async def forget_member(
    session: AsyncSession, member: Member, *, now: datetime, reason: str
) -> list[str]:
    """Remove `member`'s personal data; returns stored files' paths to delete on commit."""
    member_id = row_id(member)
    if await retention.marked_at(session, what="member", row_ids=[member_id]):
        return []  # forgotten already
    ids = [
        row_id(i)
        for i in await identities.identities_of(
            session, member_ids=[member_id], include_removed=True
        )
    ]
    # Nothing more reaches them: unsent messages are given up, sent ones emptied, and each
    # address becomes a tombstone, so writing from it again is a stranger writing.
    await erasure.give_up_messages(session, identity_ids=ids, error="member forgotten")
    await erasure.blank_messages(session, identity_ids=ids)
    await erasure.forget_identities(session, identity_ids=ids, now=now)
    # Copies of case views, alerts and updates that named them, sent to other people.
    await erasure.blank_messages_naming(session, name=member.display_name)
    member.display_name = texts.NAME_REMOVED
    member.removed_at = member.removed_at or now
    await session.flush()
    paths: list[str] = []
    for case in await subjects.cases_reported_by(session, member_id=member_id):
        if held_for_police(case):
            # Alerts and passed-on replies carry their name; the case itself keeps the report.
            await erasure.blank_messages(session, case_ids=[row_id(case)])
            await _note(session, case, now, f"{reason}: reporter's details removed, report kept")
        else:
            paths += await anonymise_case(session, case, now=now, reason=reason)
    # What they wrote on other cases (replies, notes, an officer's updates), unless held.
    written = await subjects.case_ids_written_on(session, member_id=member_id)
    released = []
    for case_id in written:
        on = await session.get(Case, case_id)
        if on is not None and not held_for_police(on):
            released.append(case_id)
    await erasure.blank_events(
        session, case_ids=released, author_id=member_id, text=texts.DETAILS_REMOVED
    )
    await erasure.blank_audit_details(session, member_id=member_id)
    await property.forget_owner(session, owner_id=member_id, now=now)
    await retention.mark(session, what="member", row_id=member_id, now=now)
    return paths


async def _note(session: AsyncSession, case: Case, now: datetime, detail: str) -> None:
    await audit.audit(
        session,
        member_id=None,
        identity_id=None,
        action="anonymised",
        detail=detail,
        allowed=True,
        now=now,
        case_id=row_id(case),
    )
