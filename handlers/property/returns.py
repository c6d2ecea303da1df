"""Returning an item safely.

The owner is never shown what the finder wrote or photographed: they hear that something like
their item may have been handed in, and are asked about something the finder recorded that
they have not said. The holder (the shop, or the police for items they hold) sees the answer
beside the item and decides. A stolen item's match goes to the crime case's officer instead.
"""

from __future__ import annotations

import secrets
from typing import Any

from flows import texts
from flows.model import Option, Outbound
from flows.property import Match, check_answer, verification_question
from flows.reading.words import normalise
from flows.template import fill
from handlers.property import records
from handlers.timeline import officer_identities
from handlers.turn import Turn
from storage import identities
from storage import property as store
from storage.models import Case, Identity, Member, PropertyItem, PropertyMatch, Shop

OWNER_Q, HOLDER_Q, OFFICER_Q = "verify", "hold", "stolen"
_CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
_YES = frozenset({"1", "yes", "y", "yeah", "yep", "confirm", "it is theirs", "theirs"})
_NO = frozenset({"2", "no", "n", "nope", "reject", "not theirs", "not it"})
TOPIC = "property"
MAX_QUESTIONS = 2


def category_words(item: PropertyItem) -> str:
    return texts.PROPERTY_CATEGORY_NAMES.get(item.category, item.category)


def handover_code() -> str:
    """A short code the owner shows at collection (6 characters, unambiguous)."""
    return "".join(secrets.choice(_CODE_LETTERS) for _ in range(6))


async def _item(turn: Turn, item_id: int) -> PropertyItem:
    item = await turn.session.get(PropertyItem, item_id)
    assert item is not None
    return item


async def owner_identities(turn: Turn, item: PropertyItem) -> list[Identity]:
    if item.owner_id is None:
        return []
    return await identities.identities_of(turn.session, member_ids=[item.owner_id])


async def holder_identities(turn: Turn, found: PropertyItem) -> list[Identity]:
    """The staff of the shop that holds it, or the BID's officers for police-held items."""
    if found.held_by == "police" or found.shop_id is None:
        return await identities.identities_by_role(
            turn.session, bid_id=found.bid_id, role="officer"
        )
    return await store.staff_identities(turn.session, shop_id=found.shop_id)


def holds(member: Member, found: PropertyItem) -> bool:
    """Whether this member holds the found item (and so decides and closes its matches)."""
    if member.bid_id != found.bid_id or found.side != "found":
        return False
    if found.held_by == "police":
        return member.role == "officer"
    return member.role == "staff" and member.shop_id == found.shop_id


async def _push(turn: Turn, people: list[Identity], message: Outbound | str, **extra: Any) -> None:
    await turn.push(people, message, topic=TOPIC, **extra)


async def matched(turn: Turn, found: PropertyItem, other: PropertyItem, match: Match) -> None:
    """A found item clearly fits a lost report or a stolen item: start settling it."""
    if await store.match_between(turn.session, found_id=found.id or 0, other_id=other.id or 0):
        return
    row = PropertyMatch(
        bid_id=found.bid_id,
        found_id=found.id or 0,
        other_id=other.id or 0,
        score=match.score,
        reasons=list(match.reasons),
        against=list(match.against),
        state="officer",
        created_at=turn.now,
        updated_at=turn.now,
    )
    if other.side == "stolen":
        await store.add_match(turn.session, row)
        await _tell_officer(turn, row, found, other)
        return
    question = verification_question(records.features_of(found), records.features_of(other))
    if question is not None:
        row.question_key, row.question = question.key, question.text
        row.expected, row.asked, row.state = list(question.expected), [question.key], "asked"
    else:
        row.state = "answered"
    await store.add_match(turn.session, row)
    owners = await owner_identities(turn, other)
    owner = await turn.session.get(Member, other.owner_id) if other.owner_id else None
    words = {"category": category_words(other), "ref": other.ref}
    if question is None:
        await _push(turn, owners, fill(texts.OWNER_NO_QUESTION, **words))
        await ask_holder(turn, row, found)
        return
    template = texts.OWNER_MAYBE_STAFF if owner and owner.role == "staff" else texts.OWNER_MAYBE
    ask = Outbound(fill(template, question=question.text, **words), question=_q(OWNER_Q, row))
    await _push(turn, owners, ask)


def _q(kind: str, row: PropertyMatch) -> str:
    return f"{kind}:{row.id}"


async def ask_holder(turn: Turn, row: PropertyMatch, found: PropertyItem) -> None:
    """The holder sees the owner's answer beside their own record, and decides."""
    words = {
        "ref": found.ref,
        "category": category_words(found),
        "text": found.text,
        "reasons": texts.REASON_JOIN.join(row.reasons),
    }
    if row.question:
        verdict = texts.VERDICT_WORDS.get(row.verdict or "unsure", "")
        before = "".join(
            fill(texts.HOLDER_EARLIER, question=str(e["question"]), answer=str(e["answer"]))
            for e in row.earlier
        )
        text = fill(
            texts.HOLDER_CHECK,
            earlier=before,
            question=row.question,
            answer=row.answer or "",
            verdict=verdict,
            **words,
        )
    else:
        text = fill(texts.HOLDER_CHECK_NO_QUESTION, **words)
    options = (Option("yes", texts.HOLDER_YES), Option("no", texts.HOLDER_NO))
    message = Outbound(text, options=options, question=_q(HOLDER_Q, row))
    await _push(turn, await holder_identities(turn, found), message)


async def _tell_officer(
    turn: Turn, row: PropertyMatch, found: PropertyItem, stolen: PropertyItem
) -> None:
    case = await turn.session.get(Case, stolen.case_id) if stolen.case_id else None
    shop = await turn.session.get(Shop, found.shop_id) if found.shop_id else None
    if case is None:
        return
    against = texts.REASON_JOIN.join(row.against)
    text = fill(
        texts.OFFICER_STOLEN,
        case=case.ref,
        item=stolen.text,
        ref=found.ref,
        shop=shop.name if shop else "",
        text=found.text,
        reasons=texts.REASON_JOIN.join(row.reasons),
        against=fill(texts.OFFICER_AGAINST, against=against) if against else "",
    )
    options = (Option("yes", texts.OFFICER_YES), Option("no", texts.OFFICER_NO))
    message = Outbound(text, options=options, question=_q(OFFICER_Q, row))
    # The case's officer decides (it may be evidence); the reporter is not told.
    await turn.push(await officer_identities(turn, case), message, topic=TOPIC, case_id=case.id)


async def owner_answers(turn: Turn, row: PropertyMatch, answer: str) -> None:
    """The owner's answer is checked against the finder's record and goes to the holder; an
    unsure first answer gets one more question first."""
    found = await _item(turn, row.found_id)
    other = await _item(turn, row.other_id)
    found_features, other_features = records.features_of(found), records.features_of(other)
    earlier = [k for k in row.asked if k != row.question_key]
    question = verification_question(found_features, other_features, asked=earlier)
    verdict = check_answer(question, answer).outcome if question is not None else "unsure"
    row.updated_at = turn.now
    if verdict == "unsure" and len(row.asked) < MAX_QUESTIONS:
        following = verification_question(found_features, other_features, asked=row.asked)
        if following is not None:
            row.earlier = [*row.earlier, {"question": row.question, "answer": answer[:300]}]
            row.question_key, row.question = following.key, following.text
            row.expected, row.asked = list(following.expected), [*row.asked, following.key]
            again = fill(texts.OWNER_ANOTHER, question=following.text)
            await turn.reply(Outbound(again, question=_q(OWNER_Q, row)))
            return
    row.answer, row.verdict, row.state = answer[:300], verdict, "answered"
    await turn.reply(texts.OWNER_THANKS_ANSWER)
    await ask_holder(turn, row, found)


async def holder_decides(turn: Turn, row: PropertyMatch, yes: bool) -> None:
    """The holder confirms (the owner hears where to collect it) or rejects the match."""
    found = await _item(turn, row.found_id)
    if not holds(turn.actor, found) or row.state != "answered":
        await turn.reply(texts.HOLDER_NOTHING_WAITING)
        return
    other = await _item(turn, row.other_id)
    owners = await owner_identities(turn, other)
    row.decided_by, row.updated_at = turn.actor.id, turn.now
    words = {"category": category_words(other), "ref": other.ref}
    if not yes:
        row.state = "rejected"
        await _push(turn, owners, fill(texts.OWNER_REJECTED, **words))
        await turn.reply(fill(texts.HOLDER_REJECTED, ref=found.ref))
        return
    row.state, row.code = "confirmed", handover_code()
    found.status = other.status = "matched"
    found.updated_at = other.updated_at = turn.now
    shop = await turn.session.get(Shop, found.shop_id) if found.shop_id else None
    if found.held_by == "police" or shop is None:
        # The officer confirming it says where, in their own words, when they hand it over.
        text = fill(texts.OWNER_CONFIRMED_POLICE, code=row.code, **words)
    else:
        text = fill(
            texts.OWNER_CONFIRMED, shop=shop.name, street=shop.street, code=row.code,
            hours=fill(texts.OWNER_HOURS, hours=shop.opening_hours) if shop.opening_hours else "",
            **words,
        )  # fmt: skip
    await _push(turn, owners, text)
    await turn.reply(fill(texts.HOLDER_CONFIRMED, ref=found.ref, code=row.code))


async def officer_decides(turn: Turn, row: PropertyMatch, yes: bool) -> None:
    """The case's officer keeps the found item for the police, or sets the match aside."""
    found = await _item(turn, row.found_id)
    if turn.actor.role != "officer" or row.state != "officer":
        await turn.reply(texts.HOLDER_NOTHING_WAITING)
        return
    row.decided_by, row.updated_at = turn.actor.id, turn.now
    if not yes:
        row.state = "rejected"
        await turn.reply(fill(texts.OFFICER_DROPPED, ref=found.ref))
        return
    row.state = "confirmed"
    shop = await turn.session.get(Shop, found.shop_id) if found.shop_id else None
    if found.held_by != "police" and found.shop_id is not None:
        staff = await store.staff_identities(turn.session, shop_id=found.shop_id)
        await _push(turn, staff, fill(texts.SHOP_KEEP_FOR_POLICE, ref=found.ref))
    await turn.reply(fill(texts.OFFICER_KEPT, ref=found.ref, shop=shop.name if shop else ""))


async def returned(turn: Turn, found: PropertyItem, row: PropertyMatch) -> None:
    """The owner has collected it: everything is closed and both sides thanked."""
    other = await _item(turn, row.other_id)
    row.state, row.updated_at = "returned", turn.now
    found.status = other.status = "returned"
    found.updated_at = other.updated_at = turn.now
    words = {"category": category_words(other), "ref": other.ref}
    await _push(turn, await owner_identities(turn, other), fill(texts.OWNER_RETURNED, **words))
    await turn.reply(fill(texts.HOLDER_DONE, ref=found.ref))


async def take(turn: Turn, command: tuple[str, str] | None, state: object) -> bool:
    """A button press or typed answer that settles a match; True when it was one."""
    inbound = turn.inbound
    question = inbound.question or ""
    kind, _, ident = question.partition(":")
    if inbound.choice and kind in (HOLDER_Q, OFFICER_Q) and ident.isdigit():
        row = await turn.session.get(PropertyMatch, int(ident))
        if row is None or row.bid_id != turn.actor.bid_id:
            return False
        decide = holder_decides if kind == HOLDER_Q else officer_decides
        await decide(turn, row, inbound.choice == "yes")
        return True
    text = inbound.text.strip()
    if state is not None or command is not None or not text or inbound.choice:
        return False
    member = turn.actor
    said = normalise(text)
    if said in _YES | _NO:
        waiting = None
        if member.role == "staff" and member.shop_id is not None:
            waiting = await store.waiting_for_shop(turn.session, shop_id=member.shop_id)
            if waiting is not None:
                await holder_decides(turn, waiting, said in _YES)
                return True
        if member.role == "officer":
            waiting = await store.waiting_for_officer(turn.session, bid_id=member.bid_id)
            if waiting is not None:
                await officer_decides(turn, waiting, said in _YES)
                return True
            waiting = await store.waiting_for_police(turn.session, bid_id=member.bid_id)
            if waiting is not None:
                await holder_decides(turn, waiting, said in _YES)
                return True
    if member.role in ("staff", "public"):
        asked = await store.waiting_for_owner(turn.session, owner_id=member.id or 0)
        if asked is not None:
            await owner_answers(turn, asked, text)
            return True
    return False
