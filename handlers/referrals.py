"""StreetLink referrals: passed to the BID's outreach contact once the report is filed.

The outreach contact is a member with the role "outreach", joining by invite like anyone
(`shopwatch invite --bid WE --role outreach`): they are reached on their own chat app, can stop
or be removed like any member, and see nothing but the referrals sent to them.
"""

from __future__ import annotations

from flows import texts
from flows.format import format_time
from flows.model import Report
from flows.template import fill
from handlers.filing import after_filing
from handlers.turn import Turn
from handlers.views import answer_lines, place
from storage import cases, identities, referrals
from storage.models import Bid, Case, Member, Shop

# What outreach workers need to find the person; the reporter's own name is not among it.
REFERRAL_ANSWERS = ("behaviour", "what", "vulnerable", "description", "direction")


@after_filing
async def pass_on_referral(turn: Turn, case: Case, report: Report) -> None:
    """A yes to StreetLink reaches the outreach contact in chat, and the case records it."""
    if case.answers.get("streetlink") is not True:
        return
    bid = await turn.session.get(Bid, case.bid_id)
    shop = await turn.session.get(Shop, case.shop_id)
    assert bid is not None and shop is not None
    contacts = await identities.identities_by_role(
        turn.session, bid_id=case.bid_id, role="outreach"
    )
    if not contacts:
        await _record(turn, case, referrals.NO_CONTACT, texts.REFERRAL_EVENT_NONE)
        await turn.reply(fill(texts.REFERRAL_NO_CONTACT, bid=bid.name, ref=case.ref))
        return
    facts = answer_lines(case, shop, turn.now, turn.tz, REFERRAL_ANSWERS, skip_unanswered=True)
    alert = fill(
        texts.REFERRAL_ALERT,
        shop=shop.name,
        bid=bid.name,
        ref=case.ref,
        when=format_time(case.occurred_at, turn.tz),
        where=place(case),
        facts="\n".join(facts),
    )
    await turn.push(
        contacts, alert, case_id=case.id, topic="new_case", street=case.street, case_ref=case.ref
    )
    people = [await turn.session.get(Member, i.member_id) for i in contacts]
    names = ", ".join(sorted({m.display_name for m in people if m is not None}))
    await _record(turn, case, referrals.PASSED_ON, fill(texts.REFERRAL_EVENT, names=names))
    await turn.reply(fill(texts.REFERRAL_PASSED, bid=bid.name, ref=case.ref))


async def _record(turn: Turn, case: Case, action: str, text: str) -> None:
    await cases.add_event(
        turn.session,
        case=case,
        author_id=None,
        author_role="system",
        action=action,
        text=text,
        now=turn.now,
    )
