"""Police officer commands: list, read and work cases; every action reaches the reporter."""

from __future__ import annotations

import math

from sqlalchemy import func, select

from flows import texts
from flows.model import Option, Outbound
from flows.parse import parse_crn, parse_outcome
from handlers.access import case_from_args
from handlers.timeline import case_command, reporter_identities
from handlers.turn import Turn
from handlers.views import case_line, status_words, update_push
from storage import queries
from storage.models import Bid, Case

PAGE = 10


async def cases(turn: Turn, word: str, args: str) -> None:
    bid = await turn.session.get(Bid, turn.actor.bid_id)
    assert bid is not None
    page = int(args) if args.isdigit() and int(args) > 0 else 1
    open_cases = (Case.bid_id == bid.id) & (Case.status != "closed")
    total = (await turn.session.execute(select(func.count()).where(open_cases))).scalar_one()
    if not total:
        await turn.reply(texts.NO_OPEN_CASES.format(bid=bid.name))
        return
    pages = math.ceil(total / PAGE)
    page = min(page, pages)
    query = (
        select(Case)
        .where(open_cases)
        .order_by(Case.created_at, Case.id)
        .offset((page - 1) * PAGE)
        .limit(PAGE)
    )
    rows = list((await turn.session.execute(query)).scalars())
    lines = [texts.CASES_HEAD.format(bid=bid.name, page=page, pages=pages)]
    lines += [case_line(c, turn.tz) for c in rows]
    if page < pages:
        lines.append(texts.CASES_MORE.format(next=page + 1))
    await turn.reply("\n".join(lines))


async def ack(turn: Turn, word: str, args: str) -> None:
    found = await case_from_args(turn, word, args)
    if not found:
        return
    target = found[0]
    if target.status != "new":
        await turn.reply(texts.ALREADY_ACKED.format(ref=target.ref, status=status_words(target)))
        return
    await _act(turn, target, "ack", "acknowledged", texts.ACK_PUSH)
    await turn.reply(texts.ACKED.format(ref=target.ref))


async def update(turn: Turn, word: str, args: str) -> None:
    found = await case_from_args(turn, word, args)
    if not found:
        return
    target, text = found
    await post_update(turn, target, text)


async def post_update(turn: Turn, target: Case, text: str) -> None:
    if target.status == "closed":
        await turn.reply(texts.IS_CLOSED.format(ref=target.ref))
        return
    if not text:
        await turn.reply(texts.UPDATE_NEED_TEXT.format(ref=target.ref))
        return
    await _act(turn, target, "update", "investigating", text[:2000])
    await turn.reply(texts.UPDATED.format(ref=target.ref, status=status_words(target)))


async def crn(turn: Turn, word: str, args: str) -> None:
    found = await case_from_args(turn, word, args)
    if not found:
        return
    target, text = found
    if not text:
        await turn.reply(texts.CRN_NEED.format(ref=target.ref))
        return
    number = parse_crn(text)
    if number is None:
        await turn.reply(texts.CRN_BAD.format(text=text[:30]))
        return
    target.crn = number
    await _act(turn, target, "crn", target.status, texts.CRN_PUSH.format(crn=number))
    await turn.reply(texts.CRN_SET.format(crn=number, ref=target.ref))


async def close(turn: Turn, word: str, args: str) -> None:
    found = await case_from_args(turn, word, args)
    if not found:
        return
    target, rest = found
    if target.status == "closed":
        outcome = texts.OUTCOME_WORDS.get(target.outcome or "", "")
        await turn.reply(texts.ALREADY_CLOSED.format(ref=target.ref, outcome=outcome))
        return
    outcome, note = _outcome_and_note(rest)
    if outcome is None:
        options = tuple(
            Option(f"close {target.ref} {key}", label)
            for key, label in texts.OUTCOME_WORDS.items()
        )
        await turn.reply(Outbound(texts.CLOSE_PICK.format(ref=target.ref), options=options))
        return
    target.outcome = outcome
    words = texts.OUTCOME_WORDS[outcome]
    text = texts.CLOSE_PUSH.format(outcome=words) + (f". {note}" if note else "")
    await _act(turn, target, "close", "closed", text)
    await turn.reply(texts.CLOSED.format(ref=target.ref, outcome=words))


async def reopen(turn: Turn, word: str, args: str) -> None:
    found = await case_from_args(turn, word, args)
    if not found:
        return
    target = found[0]
    if target.status != "closed":
        await turn.reply(texts.NOT_CLOSED.format(ref=target.ref, status=status_words(target)))
        return
    target.outcome = None
    await _act(turn, target, "reopen", "investigating", texts.REOPEN_PUSH)
    await turn.reply(texts.REOPENED.format(ref=target.ref))


async def _act(turn: Turn, target: Case, action: str, status: str, text: str) -> None:
    """Change the case, record who did what, and tell the reporter, all in this transaction."""
    target.status = status
    target.last_police_action_at = turn.now
    await queries.add_event(
        turn.session,
        case=target,
        author_id=turn.actor.id,
        author_role=turn.actor.role,
        action=action,
        text=text,
        now=turn.now,
    )
    push = update_push(target, turn.actor, text, turn.tz)
    reporters = await reporter_identities(turn, target)
    await turn.push(
        reporters, push, case_id=target.id, case_ref=target.ref, status=status_words(target)
    )


def _outcome_and_note(rest: str) -> tuple[str | None, str]:
    """The outcome may be one word (`nfa`) or several (`no further action`); the rest is a note."""
    words = rest.split()
    for size in (3, 2, 1):
        if len(words) >= size:
            outcome = parse_outcome(" ".join(words[:size]))
            if outcome:
                return outcome, " ".join(words[size:])
    return None, rest


COMMANDS = {
    "cases": cases,
    "case": case_command,
    "ack": ack,
    "update": update,
    "crn": crn,
    "close": close,
    "reopen": reopen,
}
