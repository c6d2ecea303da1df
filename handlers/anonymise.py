"""Removing a case's personal details while keeping its anonymous facts for statistics.

Gone: free-text answers (what happened, descriptions of people, items), number plates,
photos (the stored files too), what anyone wrote on its timeline, the messages about it, and
who reported it (the case is credited to the BID's stand-in member). Kept: kind, times,
place and street, shop, status, outcome, crime reference, the choices made, and when each
action happened and by which role, so response times still add up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from flows import texts
from flows.anonymous import split_answers
from storage import audit, cases, erasure, retention
from storage.models import Case
from storage.types import row_id

KEEP_ACTIONS = ("filed",)  # "Report filed" is ours, not anybody's words


@dataclass(frozen=True)
class CaseRemoval:
    """What anonymising a case would remove."""

    answers: tuple[str, ...]
    photos: int
    notes: int
    messages: int

    def words(self) -> str:
        parts = [", ".join(self.answers)] if self.answers else []
        for count, one, many in (
            (self.photos, "photo", "photos"),
            (self.notes, "note on the timeline", "notes on the timeline"),
            (self.messages, "message", "messages"),
        ):
            if count:
                parts.append(f"{count} {one if count == 1 else many}")
        return "; ".join(parts) + ("; " if parts else "") + "who reported it"


async def removal_of(session: AsyncSession, case: Case) -> CaseRemoval:
    """What `anonymise_case` would remove from `case`, counted without changing anything."""
    _, removed = split_answers(case.kind, case.answers)
    events = await cases.events_of(session, case_id=row_id(case))
    notes = sum(
        1
        for e in events
        if e.text and e.text != texts.DETAILS_REMOVED and e.action not in KEEP_ACTIONS
    )
    messages = await erasure.count_messages(session, case_ids=[row_id(case)])
    return CaseRemoval(tuple(removed), len(case.attachments), notes, messages)


async def anonymise_case(
    session: AsyncSession, case: Case, *, now: datetime, reason: str
) -> list[str]:
    """Remove the case's personal details; returns stored photos' paths to delete on commit."""
    case_id = row_id(case)
    kept, _ = split_answers(case.kind, case.answers)
    case.answers = kept
    sources = [str(a["source"]) for a in case.attachments if a.get("source")]
    case.attachments = []
    # A photo another case of the shop also has stays in the store for that case.
    shared = await erasure.sources_in_use(
        session, shop_id=case.shop_id, except_case_id=case_id, sources=sources
    )
    stored = await erasure.files_of(session, sources=[s for s in sources if s not in shared])
    paths = await erasure.delete_files(session, file_ids=[row_id(f) for f in stored])
    stand_in = await retention.placeholder_member(
        session, bid_id=case.bid_id, display_name=texts.NAME_REMOVED, now=now
    )
    case.reporter_id = stand_in
    await session.flush()
    await erasure.credit_staff_events(session, case_id=case_id, to_member_id=stand_in)
    await erasure.blank_events(
        session, case_ids=[case_id], text=texts.DETAILS_REMOVED, keep_actions=KEEP_ACTIONS
    )
    await erasure.blank_messages(session, case_ids=[case_id])
    await retention.mark(session, what="case", row_id=case_id, now=now)
    await audit.audit(
        session,
        member_id=None,
        identity_id=None,
        action="anonymised",
        detail=reason,
        allowed=True,
        now=now,
        case_id=case_id,
    )
    return paths
