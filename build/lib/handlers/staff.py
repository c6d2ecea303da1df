"""Shop staff commands beyond the report flows: their cases, and answering the police."""

from __future__ import annotations

from sqlalchemy import select

from flows import texts
from handlers.access import case_from_args
from handlers.timeline import case_command, officer_identities
from handlers.turn import Turn
from handlers.views import case_line, kind_words
from storage import queries
from storage.models import Case, Shop

_RECENT = 10


async def mycases(turn: Turn, word: str, args: str) -> None:
    query = (
        select(Case)
        .where(Case.reporter_id == turn.actor.id)
        .order_by(Case.created_at.desc(), Case.id.desc())  # type: ignore[attr-defined]
        .limit(_RECENT)
    )
    cases = list((await turn.session.execute(query)).scalars())
    if not cases:
        await turn.reply(texts.NO_CASES_STAFF)
        return
    lines = [texts.MYCASES_HEAD, *(case_line(c, turn.tz) for c in cases)]
    await turn.reply("\n".join(lines))


async def reply(turn: Turn, word: str, args: str) -> None:
    found = await case_from_args(turn, word, args)
    if not found:
        return
    target, text = found
    await send_reply(turn, target, text)


async def send_reply(turn: Turn, target: Case, text: str) -> None:
    """The reporter's answer: a case event, pushed to the officers working on it."""
    if not text:
        await turn.reply(texts.REPLY_NEED_TEXT.format(ref=target.ref))
        return
    await queries.add_event(
        turn.session,
        case=target,
        author_id=turn.actor.id,
        author_role="staff",
        action="reply",
        text=text[:2000],
        now=turn.now,
    )
    shop = await turn.session.get(Shop, target.shop_id)
    push = texts.PUSH_REPLY.format(
        shop=shop.name if shop else "", ref=target.ref, kind=kind_words(target), text=text[:2000]
    )
    officers = await officer_identities(turn, target)
    await turn.push(officers, push, case_id=target.id, case_ref=target.ref, status=target.status)
    await turn.reply(texts.REPLY_SENT.format(ref=target.ref))


COMMANDS = {"mycases": mycases, "case": case_command, "reply": reply}
