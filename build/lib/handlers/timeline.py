"""A case's events with the names of who did each, and who to tell about a case."""

from __future__ import annotations

from flows import texts
from handlers.access import case_from_args
from handlers.turn import Turn
from handlers.views import case_detail
from storage import queries
from storage.models import Case, CaseEvent, Identity, Member, Shop


async def show_case(turn: Turn, case: Case) -> None:
    events = await queries.events_of(turn.session, case_id=case.id or 0)
    shop = await turn.session.get(Shop, case.shop_id)
    assert shop is not None
    named: list[tuple[CaseEvent, str]] = []
    for event in events:
        author = await turn.session.get(Member, event.author_id) if event.author_id else None
        who = author.display_name if author else texts.ROLE_WORDS.get(event.author_role, "")
        named.append((event, who))
    photos = [a["source"] for a in case.attachments]
    await turn.reply(
        case_detail(case, shop, named, turn.now, turn.tz), case_ref=case.ref, photos=photos
    )


async def reporter_identities(turn: Turn, case: Case) -> list[Identity]:
    return await queries.identities_of(turn.session, member_ids=[case.reporter_id])


async def officer_identities(turn: Turn, case: Case) -> list[Identity]:
    """Officers who worked on the case; every officer of the BID if nobody has yet."""
    events = await queries.events_of(turn.session, case_id=case.id or 0)
    worked = sorted({e.author_id for e in events if e.author_role == "officer" and e.author_id})
    if not worked:
        officers = await queries.members_of(turn.session, bid_id=case.bid_id, role="officer")
        worked = [o.id for o in officers if o.id is not None]
    return await queries.identities_of(turn.session, member_ids=worked)


async def case_command(turn: Turn, word: str, args: str) -> None:
    """`case REF`: the full report and its timeline, for anyone allowed to see it."""
    found = await case_from_args(turn, word, args)
    if found:
        await show_case(turn, found[0])
