"""The one entry point for every inbound message, whatever channel it came from."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Literal, cast
from zoneinfo import ZoneInfo

from flows import engine, texts
from flows.model import Command, Context, Option, Outbound, Result, UserInput
from flows.parse import parse_choice
from handlers import filing, manager, officer, onboarding, staff
from handlers.access import can_see
from handlers.context import flow_context
from handlers.inbound import Inbound
from handlers.turn import Turn
from handlers.words import allowed, split_command
from storage import queries
from storage.db import Sessions, transaction
from storage.models import Conversation
from storage.types import utcnow

log = logging.getLogger(__name__)

Handled = Literal["handled", "duplicate"]
Command_ = Callable[[Turn, str, str], Awaitable[None]]

COMMANDS: dict[str, Command_] = {
    **staff.COMMANDS,
    **officer.COMMANDS,
    **manager.COMMANDS,
}
_PICK = "kind"
_IN_FLOW_WORDS = ("cancel", "back", "help")
_MAX_ATTEMPTS = 5


class Dispatcher:
    """Finds who wrote, runs a command or steps their flow, and saves it all in one go."""

    def __init__(
        self,
        sessions: Sessions,
        *,
        tz: ZoneInfo,
        idle_minutes: int = 30,
        clock: Callable[[], datetime] = utcnow,
        on_outbox: Callable[[], None] = lambda: None,
    ) -> None:
        self._sessions = sessions
        self._tz = tz
        self._idle_minutes = idle_minutes
        self._clock = clock
        self._on_outbox = on_outbox

    async def handle(self, inbound: Inbound) -> Handled:
        """Process one message once; even an unexpected error gets the person an answer."""
        try:
            for attempt in range(_MAX_ATTEMPTS):
                try:
                    async with transaction(self._sessions) as session:
                        turn = Turn(session, inbound, self._clock(), self._tz)
                        if inbound.external_id and not await queries.mark_seen(
                            session, channel=inbound.channel, external_id=inbound.external_id
                        ):
                            return "duplicate"
                        await self._handle(turn)
                    break
                except queries.StaleConversation:
                    log.info("conversation changed under us; retry %d", attempt + 1)
            else:
                raise RuntimeError("conversation kept changing; gave up")
        except Exception:
            log.exception("failed to handle a %s message", inbound.channel)
            await self._apologise(inbound)
        self._on_outbox()
        return "handled"

    async def _apologise(self, inbound: Inbound) -> None:
        try:
            async with transaction(self._sessions) as session:
                found = await queries.member_by_identity(
                    session, channel=inbound.channel, address=inbound.address
                )
                turn = Turn(session, inbound, self._clock(), self._tz)
                turn.identity = found[0] if found else None
                await turn.reply(texts.CRASHED)
        except Exception:
            log.exception("could not even apologise")

    async def _handle(self, turn: Turn) -> None:
        inbound = turn.inbound
        found = await queries.member_by_identity(
            turn.session, channel=inbound.channel, address=inbound.address
        )
        command = split_command(inbound.text) if inbound.text else None
        if found is None:
            await onboarding.unregistered(turn, command)
            return
        turn.identity, turn.member = found
        turn.identity.last_inbound_at = turn.now
        turn.identity.unreachable = False
        await queries.release_held(
            turn.session, channel=inbound.channel, address=inbound.address, now=turn.now
        )
        conversation = await queries.conversation_of(turn.session, identity_id=turn.identity.id)
        state = conversation.state

        if command and command[0] in ("start", "join"):
            await onboarding.already_registered(turn, command[1])
            return
        if state is not None and _menu_gone_quiet(state, turn, self._idle_minutes):
            await queries.save_conversation(
                turn.session, conversation=conversation, state=None, now=turn.now
            )
            conversation.version += 1
            state = None
        if state is not None:
            if _other_command(command, inbound.slash):
                # Nothing is lost: the report waits for its answer.
                await turn.reply(texts.IN_FLOW_OTHER.format(kind=_kind_words(state)))
            else:
                await self._in_flow(turn, conversation, state, command)
            return
        if command is None and inbound.reply_to and inbound.text.strip():
            await self._answer_to_push(turn, inbound.reply_to)
            return
        if command is None:
            if inbound.choice and inbound.question:
                await turn.reply(texts.QUESTION_CLOSED)
                return
            await turn.reply(texts.NOT_UNDERSTOOD.format(help=texts.HELP[turn.actor.role]))
            return
        word, args = command
        if not allowed(turn.actor.role, word):
            await queries.audit(
                turn.session,
                member_id=turn.actor.id,
                identity_id=turn.identity.id,
                action=word,
                detail=f"refused: {word} {args}"[:300],
                allowed=False,
                now=turn.now,
            )
            await turn.reply(
                texts.NOT_FOR_ROLE.format(word=word, role=texts.ROLE_WORDS[turn.actor.role])
            )
            return
        if word in ("report", "found"):
            await self._start(turn, conversation, word, args)
        elif word == "help" or word == "start":
            await turn.reply(texts.HELP[turn.actor.role])
        elif word == "cancel":
            await turn.reply(texts.NOTHING_TO_CANCEL)
        elif word == "back":
            await turn.reply(texts.NOTHING_TO_GO_BACK)
        else:
            await COMMANDS[word](turn, word, args)

    async def _answer_to_push(self, turn: Turn, reply_to: str) -> None:
        """A chat reply to a message about a case: an officer's update or the reporter's reply."""
        case = await queries.case_of_message(
            turn.session, channel=turn.inbound.channel, provider_id=reply_to
        )
        text = turn.inbound.text.strip()
        if case is None or not can_see(turn.actor, case):
            await turn.reply(texts.NOT_UNDERSTOOD.format(help=texts.HELP[turn.actor.role]))
        elif turn.actor.role == "officer":
            await officer.post_update(turn, case, text)
        elif turn.actor.role == "staff":
            await staff.send_reply(turn, case, text)
        else:
            await turn.reply(texts.NOT_UNDERSTOOD.format(help=texts.HELP[turn.actor.role]))

    async def _start(self, turn: Turn, conversation: Conversation, word: str, args: str) -> None:
        if word == "found":
            await self._run(
                turn, conversation, engine.start("found_property", await self._ctx(turn))
            )
            return
        kind = parse_choice(args, _kind_options()) if args else None
        if kind is None:
            state = {"menu": _PICK, "last_at": turn.now.isoformat()}
            await queries.save_conversation(
                turn.session, conversation=conversation, state=state, now=turn.now
            )
            await turn.reply(_pick_question())
            return
        await self._run(turn, conversation, engine.start(kind, await self._ctx(turn)))

    async def _in_flow(
        self,
        turn: Turn,
        conversation: Conversation,
        state: dict[str, Any],
        command: tuple[str, str] | None,
    ) -> None:
        inbound = turn.inbound
        word = command[0] if command and not command[1] else None
        if word == "help":
            await turn.reply(texts.IN_FLOW_HELP.format(kind=_kind_words(state)))
            return
        flow_command = cast(Command, word) if word in ("cancel", "back") else None
        if state.get("menu") == _PICK:
            await self._pick(turn, conversation, inbound, flow_command)
            return
        user_input = UserInput(
            text=inbound.text.strip() if flow_command is None else "",
            choice=inbound.choice,
            question=inbound.question,
            photo=inbound.photo,
            location=inbound.location,
            command=flow_command,
        )
        await self._run(
            turn, conversation, engine.advance(state, user_input, await self._ctx(turn))
        )

    async def _pick(
        self, turn: Turn, conversation: Conversation, inbound: Inbound, command: Command | None
    ) -> None:
        """The report menu: which kind of incident, before a flow starts."""
        if command is not None:
            await queries.save_conversation(
                turn.session, conversation=conversation, state=None, now=turn.now
            )
            await turn.reply(texts.PICK_CANCELLED)
            return
        options = _kind_options()
        kind = inbound.choice if inbound.choice in {o.key for o in options} else None
        kind = kind or parse_choice(inbound.text, options)
        if kind is None:
            await turn.reply(texts.PICK_KIND_HINT, _pick_question())
            return
        await self._run(turn, conversation, engine.start(kind, await self._ctx(turn)))

    async def _run(self, turn: Turn, conversation: Conversation, result: Result) -> None:
        await queries.save_conversation(
            turn.session, conversation=conversation, state=result.state, now=turn.now
        )
        if result.outcome == "filed" and result.report is not None:
            await filing.file_report(turn, result.report)
        for message in result.messages:
            await turn.reply(message)

    async def _ctx(self, turn: Turn) -> Context:
        return await flow_context(turn, idle_minutes=self._idle_minutes)


def _kind_options() -> tuple[Option, ...]:
    return tuple(Option(kind, label) for kind, label in texts.KIND_LABELS.items())


def _pick_question() -> Outbound:
    return Outbound(texts.PICK_KIND, options=_kind_options(), question=_PICK)


def _kind_words(state: dict[str, Any]) -> str:
    return texts.KIND_NAMES.get(str(state.get("kind")), "new")


def awaiting(state: dict[str, Any] | None) -> str | None:
    """The question a conversation waits on: the report menu's, or its flow's."""
    if state is None:
        return None
    if state.get("menu") == _PICK:
        return _PICK
    return engine.question_of(state)


def _other_command(command: tuple[str, str] | None, slash: bool) -> bool:
    """A command other than cancel/back/help, sent while a report is open.

    A /slash command is always a command. A bare word counts only when it is the whole message
    and cannot be an answer: "case WE-0001" or "the report" may well be answers.
    """
    if command is None or command[0] in _IN_FLOW_WORDS:
        return False
    return slash or (not command[1] and command[0] in _BARE_COMMANDS)


_BARE_COMMANDS = ("report", "found", "mycases", "cases", "digest")


def _menu_gone_quiet(state: dict[str, Any], turn: Turn, idle_minutes: int) -> bool:
    """The report menu was left unanswered too long: forget it rather than trap the person."""
    if state.get("menu") != _PICK:
        return False
    try:
        last = datetime.fromisoformat(str(state["last_at"]))
    except (KeyError, ValueError):
        return True
    return (turn.now - last).total_seconds() > idle_minutes * 60
