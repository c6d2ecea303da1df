"""Keeping who read which personal details: one audit entry per case shown (who, what, when)."""

from __future__ import annotations

from collections.abc import Iterable

from handlers.turn import Turn
from storage import audit
from storage.models import Case


async def record_read(
    turn: Turn, action: str, *, cases: Iterable[Case] = (), detail: str = ""
) -> None:
    """Note that the sender was shown `cases` by `action`; with no case, BID-wide figures."""
    member_id = turn.actor.id
    identity_id = turn.identity.id if turn.identity else None
    ids = [case.id for case in cases if case.id is not None]
    if not ids:
        await audit.audit(
            turn.session,
            member_id=member_id,
            identity_id=identity_id,
            action=action,
            detail=detail,
            allowed=True,
            now=turn.now,
        )
        return
    await audit.audit_reads(
        turn.session,
        member_id=member_id,
        identity_id=identity_id,
        action=action,
        detail=detail,
        case_ids=ids,
        now=turn.now,
    )
