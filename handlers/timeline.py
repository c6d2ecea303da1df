"""A case's events with the names of who did each, and who to tell about a case."""

from __future__ import annotations

from typing import Any

from flows import registry, texts
from flows.template import fill
from handlers.case_notes import case_notes
from handlers.reads import record_read
from handlers.turn import Turn
from handlers.views import case_detail
from storage import cases, identities
from storage.models import Case, CaseEvent, Identity, Member, Shop


async def show_case(turn: Turn, case: Case) -> None:
    """The full report and its timeline, with the case's photos."""
    events = await cases.events_of(turn.session, case_id=case.id or 0)
    shop = await turn.session.get(Shop, case.shop_id)
    assert shop is not None
    named: list[tuple[CaseEvent, str]] = []
    for event in events:
        author = await turn.session.get(Member, event.author_id) if event.author_id else None
        who = author.display_name if author else texts.ROLE_WORDS.get(event.author_role, "")
        named.append((event, who))
    photos = [a["source"] for a in case.attachments]
    await record_read(turn, "case", cases=[case])
    notes = await case_notes(turn, case)
    await turn.reply(
        case_detail(case, shop, named, turn.now, turn.tz, notes), case_ref=case.ref, photos=photos
    )


async def reporter_identities(turn: Turn, case: Case) -> list[Identity]:
    """Every way to reach the person who reported `case`."""
    return await identities.identities_of(turn.session, member_ids=[case.reporter_id])


async def officer_identities(turn: Turn, case: Case) -> list[Identity]:
    """Officers who worked on the case; every officer of the BID if nobody has yet."""
    events = await cases.events_of(turn.session, case_id=case.id or 0)
    worked = sorted({e.author_id for e in events if e.author_role == "officer" and e.author_id})
    if worked:
        return await identities.identities_of(turn.session, member_ids=worked)
    return await identities.identities_by_role(turn.session, bid_id=case.bid_id, role="officer")


async def staff_note_to_officers(
    turn: Turn, case: Case, *, action: str, text: str, push_text: str, **extra: Any
) -> None:
    """What a reporter adds to their case (a reply, a note or photos): on its timeline, and
    pushed to the officers working on it in `push_text` (filled with shop, ref, kind, text)."""
    await cases.add_event(
        turn.session,
        case=case,
        author_id=turn.actor.id,
        author_role="staff",
        action=action,
        text=text,
        now=turn.now,
    )
    shop = await turn.session.get(Shop, case.shop_id)
    push = fill(
        push_text,
        shop=shop.name if shop else "",
        ref=case.ref,
        kind=registry.name_of(case.kind),
        text=text,
    )
    await turn.push(
        await officer_identities(turn, case),
        push,
        case_id=case.id,
        case_ref=case.ref,
        status=case.status,
        **extra,
    )
