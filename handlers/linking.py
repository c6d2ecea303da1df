"""Linked incidents: likely duplicates at filing, joining and separating cases, and the
updates that reach every reporter of one incident."""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta

from flows import texts
from flows.duplicates import CRIME_KINDS, WINDOW_MINUTES, Incident, Suggestion, likely_duplicates
from flows.model import Option, Outbound
from flows.template import fill
from handlers.access import can_see
from handlers.bid_streets import bid_streets
from handlers.filing import officers_audience
from handlers.follow_ups import follow_up
from handlers.refs import format_ref, parse_case_ref
from handlers.turn import Turn
from handlers.views import status_words, update_push
from storage import cases, identities, links
from storage.links import NearbyCase
from storage.models import Bid, Case, Shop


def incident_of(case: Case | NearbyCase, shop: str) -> Incident:
    """A stored case as the duplicate check reads it (a place answer by how it was given)."""
    answers = dict(case.answers)
    where = answers.get("where")
    if isinstance(where, dict):
        other = answers.get("where_other")
        how = where.get("choice")
        if how == "elsewhere" and isinstance(other, dict):
            how = other.get("choice")
        answers["where"] = how
    return Incident(
        ref=case.ref,
        kind=case.kind,
        answers=answers,
        occurred_at=case.occurred_at,
        street=case.street,
        latitude=case.latitude,
        longitude=case.longitude,
        shop=shop,
        location=case.location,
    )


async def suggestions_for(
    turn: Turn, case: Case, *, linked: Collection[int] | None = None
) -> list[Suggestion]:
    """Earlier or later reports of the BID that may tell of the same incident as `case`.

    Cases already linked with it are left out: `linked` when the caller knows them (a case
    just filed has none), else read.
    """
    if case.kind not in CRIME_KINDS:
        return []
    window = timedelta(minutes=WINDOW_MINUTES)
    nearby = await links.cases_around(
        turn.session,
        bid_id=case.bid_id,
        start=case.occurred_at - window,
        end=case.occurred_at + window,
        kinds=CRIME_KINDS,
        exclude_id=case.id or 0,
    )
    if not nearby:
        return []
    if linked is None:
        group = await links.group_of(turn.session, case_id=case.id or 0)
        linked = {c.id for c in group if c.id is not None}
    shop = await turn.session.get(Shop, case.shop_id)
    return likely_duplicates(
        incident_of(case, shop.name if shop else ""),
        [incident_of(c, c.shop) for c in nearby if c.id not in linked],
        streets=await bid_streets(turn, case.bid_id),
    )


@follow_up
async def suggest_duplicates(turn: Turn, case: Case) -> None:
    """Right after the new-case alert, the officers hear which reports it may be the same as."""
    found = await suggestions_for(turn, case, linked=())  # nothing links a case being filed
    if not found:
        return
    officers = await officers_audience(turn, case.bid_id)
    text = fill(texts.DUPLICATES_ALERT, ref=case.ref, lines="\n".join(s.text for s in found))
    options = tuple(
        Option(f"link {case.ref} {s.ref}", fill(texts.LINK_BUTTON, ref=s.ref)) for s in found
    )
    await turn.push(
        [row[0] for row in officers],
        Outbound(text, options=options),
        audience=officers,
        case_id=case.id,
        topic="new_case",
        street=case.street,
        case_ref=case.ref,
    )


async def named_case(turn: Turn, text: str) -> Case | None:
    """The case whose reference starts `text`, if this officer may see it."""
    first = text.strip().split(" ", 1)[0] if text.strip() else ""
    bid = await turn.session.get(Bid, turn.actor.bid_id)
    parsed = parse_case_ref(first, default_code=bid.code if bid else None) if first else None
    if parsed is None:
        return None
    found = await cases.case_by_ref(turn.session, ref=format_ref(*parsed))
    return found if found is not None and can_see(turn.actor, found) else None


async def link(turn: Turn, target: Case, other: Case) -> list[Case]:
    """Join the two cases' groups; each case's timeline says what it was linked with."""
    await links.link_cases(turn.session, a=target, b=other, by=turn.actor.id, now=turn.now)
    group = [target, *await links.group_of(turn.session, case_id=target.id or 0)]
    for case in group:
        others = ", ".join(c.ref for c in group if c.id != case.id)
        await cases.add_event(
            turn.session,
            case=case,
            author_id=turn.actor.id,
            author_role=turn.actor.role,
            action="link",
            text=fill(texts.LINK_EVENT, refs=others),
            now=turn.now,
        )
    return sorted(group, key=lambda c: c.id or 0)


async def share_update(turn: Turn, target: Case, text: str) -> None:
    """An officer's update on `target` reaches the reporters of every case linked with it.

    Each hears it about their own case, which is then being looked into too (a closed one
    stays closed); a reporter of two linked cases hears it once.
    """
    group = await links.group_of(turn.session, case_id=target.id or 0)
    told = {target.reporter_id}
    for case in group:
        if case.status != "closed":
            case.status = "investigating"
        case.last_police_action_at = turn.now
        await cases.add_event(
            turn.session,
            case=case,
            author_id=turn.actor.id,
            author_role=turn.actor.role,
            action="update",
            text=text,
            now=turn.now,
        )
        if case.reporter_id in told:
            continue
        told.add(case.reporter_id)
        await turn.push(
            await identities.identities_of(turn.session, member_ids=[case.reporter_id]),
            update_push(case, turn.actor, text, turn.tz),
            case_id=case.id,
            topic="case_update",
            case_ref=case.ref,
            status=status_words(case),
        )


async def close_as_duplicate(turn: Turn, target: Case, note: str) -> str | None:
    """`close REF duplicate [of WE-0005] [note]`: link it to its original and point at it.

    The original is the case the note names, else the earliest case it is linked with.
    Returns the words for the reporter, or None when there is nothing to point at.
    """
    words = note.split()
    if words and words[0].lower() == "of":
        words = words[1:]
    original = await named_case(turn, words[0]) if words else None
    group = await links.group_of(turn.session, case_id=target.id or 0)
    if original is not None and original.id != target.id:
        rest = " ".join(words[1:])
        if original.id not in {c.id for c in group}:
            await link(turn, target, original)
    elif group:
        original, rest = group[0], note
    else:
        return None
    await links.set_duplicate_of(
        turn.session, case_id=target.id or 0, original_id=original.id or 0
    )
    return fill(texts.CLOSE_DUPLICATE_PUSH, ref=original.ref) + (f". {rest}" if rest else "")
