"""Turning a finished flow into a case, and telling the reporter and the officers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import asdict

from flows import registry, texts
from flows.format import format_time
from flows.model import Option, Outbound, Report
from flows.template import fill
from handlers import follow_ups
from handlers.refs import format_ref
from handlers.turn import Turn
from handlers.views import alert_lines, at_shop, kind_words, place
from storage import cases, files, preferences
from storage.models import Case, Identity, Shop
from storage.preferences import AudienceRow

AfterFiling = Callable[[Turn, Case, Report], Awaitable[None]]
# What features do once a case is filed and the officers alerted, in the filing's transaction
# (property matching, a referral), each registered from its own module with @after_filing.
# What the reporter's reply need not wait for is a @follow_up (handlers.follow_ups) instead.
AFTER_FILING: list[AfterFiling] = []


def after_filing(hook: AfterFiling) -> AfterFiling:
    """Run `hook(turn, case, report)` after every new case, in the filing transaction."""
    AFTER_FILING.append(hook)
    return hook


async def file_report(turn: Turn, report: Report) -> Case:
    """Store the report as a case, thank the reporter, and alert the BID's officers."""
    member = turn.actor
    assert member.shop_id is not None, "only shop staff file reports"
    shop = await turn.session.get(Shop, member.shop_id)
    assert shop is not None
    number, code, bid_name = await cases.take_case_number(turn.session, bid_id=member.bid_id)
    case = Case(
        ref=format_ref(code, number),
        bid_id=member.bid_id,
        number=number,
        kind=report.kind,
        shop_id=member.shop_id,
        reporter_id=member.id or 0,
        channel=turn.inbound.channel,
        created_at=turn.now,
        occurred_at=report.occurred_at,
        location=report.location[:300],
        street=report.street,
        latitude=report.latitude,
        longitude=report.longitude,
        answers=dict(report.answers),
        attachments=[asdict(photo) for photo in report.attachments],
    )
    turn.session.add(case)
    await turn.session.flush()
    # Only photos that are part of a filed report are fetched and kept.
    for photo in report.attachments:
        await files.want_file(
            turn.session,
            channel=turn.inbound.channel,
            source=photo.source,
            content_type=photo.content_type,
            now=turn.now,
            case_id=case.id,
        )
    await cases.add_event(
        turn.session,
        case=case,
        author_id=member.id,
        author_role="staff",
        action="filed",
        text="Report filed",
        now=turn.now,
    )
    flow = registry.FLOWS[report.kind]
    await turn.reply(fill(flow.filed_text, ref=case.ref, bid=bid_name), case_ref=case.ref)
    await alert_officers(turn, case, shop)
    for hook in AFTER_FILING:
        await hook(turn, case, report)
    follow_ups.schedule(turn, case)
    return case


async def alert_officers(turn: Turn, case: Case, shop: Shop) -> None:
    """Every officer of the BID hears of a new case, with buttons to act on it."""
    officers = await officers_audience(turn, case.bid_id)
    alert = Outbound(
        fill(
            texts.ALERT,
            kind=kind_words(case),
            ref=case.ref,
            when=format_time(case.occurred_at, turn.tz),
            where=place(case),
            facts="\n".join(alert_lines(case, shop, turn.now, turn.tz)),
            by=fill(
                texts.ALERT_BY_THERE if at_shop(case) else texts.ALERT_BY,
                reporter=turn.actor.display_name,
                shop=shop.name,
            ),
        ),
        # No question: these buttons are shortcuts for officer commands.
        options=(
            Option(f"ack {case.ref}", texts.ALERT_ACK),
            Option(f"case {case.ref}", texts.ALERT_DETAILS),
        ),
    )
    await turn.push(
        [row[0] for row in officers],
        alert,
        audience=officers,
        case_id=case.id,
        topic="new_case",
        street=case.street,
        kind=case.kind,
        case_ref=case.ref,
        status=case.status,
        # The photos go with it, on each officer's own channel (bot/ finds them in the store).
        photos=[str(a["source"]) for a in case.attachments if a.get("source")] or None,
        photo_channel=case.channel if case.attachments else None,
    )


async def officers_of(turn: Turn, bid_id: int) -> list[Identity]:
    """The BID's officers' chats, read once per turn: the alert and what follows it go to them."""
    return [row[0] for row in await officers_audience(turn, bid_id)]


async def officers_audience(turn: Turn, bid_id: int) -> list[AudienceRow]:
    """The officers' chats with their members and preferences (what the push gate reads), in
    one round trip, once per turn.

    Kept in the session's `info` with the turn they were read for, so a session that outlived
    its turn would read them again.
    """
    key = ("officers", bid_id)
    kept = turn.session.info.get(key)
    if kept is not None and kept[0] is turn:
        return list(kept[1])
    found = await preferences.audience_with_role(turn.session, bid_id=bid_id, role="officer")
    turn.session.info[key] = (turn, found)
    return list(found)
