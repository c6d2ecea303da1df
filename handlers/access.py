"""Who may see or act on which case: checked on every read and every command."""

from __future__ import annotations

from flows import texts
from flows.template import fill
from handlers.refs import format_ref, parse_case_ref
from handlers.turn import Turn
from storage import audit, cases
from storage.models import Bid, Case, Member


def can_see(member: Member, case: Case) -> bool:
    if member.bid_id != case.bid_id:
        return False
    if member.role == "staff":
        return member.shop_id == case.shop_id
    return member.role in ("officer", "manager", "admin")


async def case_from_args(turn: Turn, word: str, args: str) -> tuple[Case, str] | None:
    """The case named first in `args` and the rest of the text, or None after replying why."""
    first, _, rest = args.strip().partition(" ")
    if not first:
        await turn.reply(fill(texts.NEED_REF, word=word))
        return None
    bid = await turn.session.get(Bid, turn.actor.bid_id)
    parsed = parse_case_ref(first, default_code=bid.code if bid else None)
    if parsed is None:
        await turn.reply(fill(texts.BAD_REF, text=first[:20]))
        return None
    ref = format_ref(*parsed)
    case = await cases.case_by_ref(turn.session, ref=ref)
    if case is None or not can_see(turn.actor, case):
        if case is not None:
            await audit.audit(
                turn.session,
                member_id=turn.actor.id,
                identity_id=turn.identity.id if turn.identity else None,
                action=word,
                detail=f"refused: {word} {ref} (not theirs)",
                allowed=False,
                now=turn.now,
                case_id=case.id,
            )
        # The same answer whether it exists or not: other shops' cases are not ours to reveal.
        await turn.reply(fill(texts.NO_SUCH_CASE, ref=ref))
        return None
    return case, rest.strip()
