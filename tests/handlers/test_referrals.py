"""A StreetLink referral: StreetLink's route at once, the outreach contact in chat, counted."""

from __future__ import annotations

from datetime import timedelta

from storage import referrals
from storage.models import Bid
from tests.handlers.officer_support import join
from tests.support import harness, texts_of

BEGGING = [
    "report",
    "begging",
    "no",
    "20 minutes ago",
    "leicster sq",
    "1",  # aggressive begging
    "Man asking customers for money at the door, sleeping in the doorway at night",
    "3",  # not sure whether vulnerable
]
AFTER_YES = ["1", "Grey coat, about 50", "skip", "no", "no", "skip"]


async def _report(h) -> tuple[str, str]:
    for line in BEGGING:
        await h.say("demo-staff", line)
    route = texts_of(await h.say("demo-staff", "yes"))
    for line in AFTER_YES:
        await h.say("demo-staff", line)
    return route, texts_of(await h.say("demo-staff", "send"))


async def test_a_referral_reaches_the_outreach_contact_and_is_recorded(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await join(h, "outreach-wm", "outreach")
        route, filed = await _report(h)
        # StreetLink's own route comes the moment they say yes, then the next question.
        assert "*streetlink.org.uk*" in route and "call 999" in route
        assert route.index("streetlink.org.uk") < route.index("How many offenders")
        assert "Your reference is *WE-0001*" in filed
        assert (
            "Your StreetLink request on WE-0001 has been passed to the West End outreach" in filed
        )

        [referral] = await h.inbox("outreach-wm")
        lines = referral["text"].split("\n")
        assert lines[0] == "StreetLink referral from Coventry Street Gifts, West End: *WE-0001*"
        assert lines[1] == "Seen: Mon 23 Nov, 14:10, Leicester Square"
        assert "Behaviour: Aggressive begging" in lines
        assert "Seems vulnerable: Not sure" in lines
        assert "Description: Grey coat, about 50" in lines
        assert "Sam" not in referral["text"]  # the reporter's own name is not theirs to have
        assert referral["topic"] == "new_case"

        alert = texts_of(await h.inbox("demo-officer"))
        assert "Seems vulnerable: Not sure\nStreetLink referral: Yes" in alert
        view = texts_of(await h.say("demo-officer", "case WE-0001"))
        assert "StreetLink referral passed to the outreach contact (outreach-wm)" in view
        async with h.runtime.sessions() as session:
            bid = await session.get(Bid, 1)
            counted = await referrals.count_referrals(
                session, bid_id=bid.id, since=clock.now - timedelta(days=7)
            )
        assert (counted.passed_on, counted.no_contact) == (1, 0)
        # The outreach contact sees referrals, not cases.
        refused = texts_of(await h.say("outreach-wm", "case WE-0001"))
        assert refused.startswith("Sorry, case is not available to outreach contacts.")
        assert texts_of(await h.say("outreach-wm", "help")).startswith("What you can do:")


async def test_without_an_outreach_contact_the_reporter_is_told_plainly(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        _, filed = await _report(h)
        assert "West End has no outreach contact on ShopWatch yet" in filed
        assert "send the StreetLink alert yourself" in filed
        view = texts_of(await h.say("demo-officer", "case WE-0001"))
        assert "no outreach contact to pass it to yet" in view
        async with h.runtime.sessions() as session:
            counted = await referrals.count_referrals(
                session, bid_id=1, since=clock.now - timedelta(days=7)
            )
        assert (counted.passed_on, counted.no_contact, counted.asked) == (0, 1, 1)
