"""Police officer commands that work a case; every action reaches the reporter."""

from __future__ import annotations

from flows import texts
from flows.model import Option, Outbound
from flows.reading.crn import crn_problem, parse_crn
from flows.template import fill
from handlers.commands.registry import POLICE, case_command
from handlers.linking import close_as_duplicate, share_update
from handlers.outcomes import outcome_and_note
from handlers.timeline import reporter_identities
from handlers.turn import Turn
from handlers.views import status_words, update_push
from storage import cases
from storage.models import Case


@case_command("ack", roles=POLICE, help=texts.HELP_ACK, menu=texts.MENU_ACK)
async def ack(turn: Turn, target: Case, rest: str) -> None:
    """Acknowledge a new case."""
    if target.status != "new":
        await turn.reply(fill(texts.ALREADY_ACKED, ref=target.ref, status=status_words(target)))
        return
    await _act(turn, target, "ack", "acknowledged", texts.ACK_PUSH)
    await turn.reply(fill(texts.ACKED, ref=target.ref))


@case_command(
    "update",
    roles=POLICE,
    help=texts.HELP_UPDATE,
    menu=texts.MENU_UPDATE,
    usage=texts.USAGE_UPDATE,
)
async def update(turn: Turn, target: Case, text: str) -> None:
    """Send the reporter an update; the case is then being looked into."""
    await post_update(turn, target, text)


async def post_update(turn: Turn, target: Case, text: str) -> None:
    """An officer's update on `target`, typed as a command or as a reply to a push."""
    if target.status == "closed":
        await turn.reply(fill(texts.IS_CLOSED, ref=target.ref))
        return
    if not text:
        await turn.reply(fill(texts.UPDATE_NEED_TEXT, ref=target.ref))
        return
    await _act(turn, target, "update", "investigating", text)
    await share_update(turn, target, text)  # linked cases: every reporter of the incident
    await turn.reply(fill(texts.UPDATED, ref=target.ref, status=status_words(target)))


@case_command("crn", roles=POLICE, help=texts.HELP_CRN, menu=texts.MENU_CRN, usage=texts.USAGE_CRN)
async def crn(turn: Turn, target: Case, text: str) -> None:
    """Add a CAD or crime reference number."""
    if not text:
        await turn.reply(fill(texts.CRN_NEED, ref=target.ref))
        return
    problem = crn_problem(text)
    number = parse_crn(text)
    if problem is not None or number is None:
        typed = text.strip()[:30]
        await turn.reply(
            fill(texts.CRN_BAD[problem or "characters"], text=typed, length=len(typed))
        )
        return
    target.crn = number
    await _act(turn, target, "crn", target.status, fill(texts.CRN_PUSH, crn=number))
    await turn.reply(fill(texts.CRN_SET, crn=number, ref=target.ref))


@case_command(
    "close", roles=POLICE, help=texts.HELP_CLOSE, menu=texts.MENU_CLOSE, usage=texts.USAGE_CLOSE
)
async def close(turn: Turn, target: Case, rest: str) -> None:
    """Close with an outcome and an optional note; without an outcome, offer the list."""
    if target.status == "closed":
        outcome = texts.OUTCOME_WORDS.get(target.outcome or "", "")
        await turn.reply(fill(texts.ALREADY_CLOSED, ref=target.ref, outcome=outcome))
        return
    chosen, note = outcome_and_note(rest)
    if chosen is None:
        options = tuple(
            Option(f"close {target.ref} {key}", label)
            for key, label in texts.OUTCOME_WORDS.items()
        )
        await turn.reply(Outbound(fill(texts.CLOSE_PICK, ref=target.ref), options=options))
        return
    target.outcome = chosen
    words = texts.OUTCOME_WORDS[chosen]
    text = fill(texts.CLOSE_PUSH, outcome=words) + (f". {note}" if note else "")
    if chosen == "duplicate":
        text = await close_as_duplicate(turn, target, note) or text
    await _act(turn, target, "close", "closed", text)
    await turn.reply(fill(texts.CLOSED, ref=target.ref, outcome=words))


@case_command("reopen", roles=POLICE, help=texts.HELP_REOPEN, menu=texts.MENU_REOPEN)
async def reopen(turn: Turn, target: Case, rest: str) -> None:
    """Reopen a closed case; it is then being looked into again."""
    if target.status != "closed":
        await turn.reply(fill(texts.NOT_CLOSED, ref=target.ref, status=status_words(target)))
        return
    target.outcome = None
    await _act(turn, target, "reopen", "investigating", texts.REOPEN_PUSH)
    await turn.reply(fill(texts.REOPENED, ref=target.ref))


async def _act(turn: Turn, target: Case, action: str, status: str, text: str) -> None:
    """Change the case, record who did what, and tell the reporter, all in this transaction."""
    target.status = status
    target.last_police_action_at = turn.now
    await cases.add_event(
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
        reporters,
        push,
        case_id=target.id,
        topic="case_update",
        case_ref=target.ref,
        status=status_words(target),
    )
