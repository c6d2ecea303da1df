"""The one entry point for every inbound message, whatever channel it came from."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Literal, cast
from zoneinfo import ZoneInfo

from sqlalchemy.exc import DBAPIError

from config.settings import Settings
from flows import engine, registry, texts
from flows.model import Command, Context, UserInput
from flows.template import fill
from handlers import answers, conversation, onboarding
from handlers.access import can_see
from handlers.commands import COMMANDS, allowed, help_text, split_command
from handlers.commands.officer import post_update
from handlers.commands.preferences import stop_or_start
from handlers.commands.staff import send_reply
from handlers.inbound import Inbound
from handlers.one_at_a_time import OneAtATime
from handlers.refs import parse_case_ref
from handlers.turn import Turn
from storage import audit, cases, conversations, inbox, members, outbox
from storage.channels import kind
from storage.db import Sessions, transaction
from storage.types import utcnow

log = logging.getLogger(__name__)

Handled = Literal["handled", "duplicate"]

_IN_FLOW_WORDS = ("cancel", "back", "help")
_MAX_ATTEMPTS = 5
# Channels whose sender may hold a message back until the person writes (WhatsApp's 24-hour
# window); on the others there is never a held row to release. On these, who_wrote says in its
# round trip whether any are held, so the UPDATE that releases them runs only when there are.
HOLDING_CHANNELS = frozenset({"whatsapp"})
# How stale the time of a person's last message may get: it serves WhatsApp's 24-hour window,
# where a minute early on the safe side costs nothing, and skipping the write on every answer
# of a conversation saves an UPDATE a message.
INBOUND_STAMP_EVERY = timedelta(minutes=1)


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
        on_filed: Callable[[list[int]], None] = lambda case_ids: None,
        settings: Settings | None = None,
    ) -> None:
        self._sessions = sessions
        self._tz = tz
        self._idle_minutes = idle_minutes
        self._clock = clock
        self._on_outbox = on_outbox
        self._on_filed = on_filed
        self._settings = settings or Settings.model_construct()
        self._one_at_a_time = OneAtATime()

    async def handle(
        self,
        inbound: Inbound,
        *,
        on_question: Callable[[str | None], None] | None = None,
        queued: int | None = None,
    ) -> Handled:
        """Process one message once; even an unexpected error gets the person an answer.

        `on_question` is told the question the person's conversation waited on as loaded,
        before this message moved it (a channel's check of a pressed button, at no extra read).
        `queued`: the message's row in the inbox (bot/inbox.py), deleted as it is handled.
        """
        async with self._one_at_a_time.held((inbound.channel, inbound.address)):
            handled, filed = await self._handle_in_turn(inbound, on_question, queued)
        if handled == "duplicate":
            return handled
        self._on_outbox()
        if filed:  # committed: what follows the filing may start
            self._on_filed(filed)
        return handled

    async def _handle_in_turn(
        self,
        inbound: Inbound,
        on_question: Callable[[str | None], None] | None,
        queued: int | None,
    ) -> tuple[Handled, list[int]]:
        """`handle`, the person's other messages in this process waiting their turn."""
        filed: list[int] = []
        try:
            for attempt in range(_MAX_ATTEMPTS):
                try:
                    async with transaction(self._sessions) as session:
                        turn = self._turn(session, inbound)
                        if queued is not None:
                            await inbox.done(session, queued_id=queued)
                        fresh, found = await _who_wrote(turn)
                        if not fresh:
                            return "duplicate", []
                        await self._handle(turn, found, on_question)
                    filed = turn.filed
                    break
                except conversations.StaleConversation:
                    log.info("conversation changed under us; retry %d", attempt + 1)
                except DBAPIError as error:
                    # The server dropped the connection (a restart): the pool reconnects,
                    # and nothing of this message was committed. Once, then it is a fault.
                    if not error.connection_invalidated or attempt > 0:
                        raise
                    log.warning("database connection lost; handling the message again")
            else:
                raise RuntimeError("conversation kept changing; gave up")
        except Exception:
            log.exception("failed to handle a %s message", inbound.channel)
            await self.apologise(inbound, queued)
        return "handled", filed

    def _turn(self, session: Any, inbound: Inbound) -> Turn:
        return Turn(
            session,
            inbound,
            self._clock(),
            self._tz,
            idle_minutes=self._idle_minutes,
            settings=self._settings,
        )

    async def apologise(self, inbound: Inbound, queued: int | None = None) -> None:
        """Tell the sender their last message was not saved; with `queued`, its inbox row goes
        in the same transaction, so it is not handled again. Never raises."""
        try:
            async with transaction(self._sessions) as session:
                if queued is not None:  # answered, if not as hoped: not to be handled again
                    await inbox.done(session, queued_id=queued)
                found = await members.member_by_identity(
                    session, channel=inbound.channel, address=inbound.address
                )
                turn = self._turn(session, inbound)
                turn.identity = found[0] if found else None
                await turn.reply(texts.CRASHED)
        except Exception:
            log.exception("could not even apologise")

    async def _handle(
        self,
        turn: Turn,
        found: members.WhoWrote | None,
        on_question: Callable[[str | None], None] | None = None,
    ) -> None:
        inbound = turn.inbound
        command = split_command(inbound.text) if inbound.text else None
        if found is None or found[1].removed_at is not None:
            # Someone who left (or was removed) is a stranger again, free to rejoin.
            await onboarding.unregistered(turn, command)
            return
        turn.identity, turn.member, loaded, turn.shop, turn.streets_stamp, held = found
        last = turn.identity.last_inbound_at
        if last is None or turn.now - last >= INBOUND_STAMP_EVERY:
            await members.stamp_inbound(turn.session, turn.identity, turn.now)
        if turn.identity.unreachable:
            # The platform had stopped them (blocked, a bad number); writing again undoes that,
            # in this transaction rather than one of its own per message.
            turn.identity.unreachable = False
            turn.identity.stopped_at = None
        if await stop_or_start(turn, command):
            return
        if held:
            await outbox.release_held(
                turn.session, channel=inbound.channel, address=inbound.address, now=turn.now
            )
        turn.conversation = loaded or await conversations.conversation_of(
            turn.session, identity_id=turn.identity.id or 0
        )
        state = turn.conversation.state
        if on_question is not None:
            on_question(awaiting(state))
        if command and command[0] in ("start", "join"):
            await COMMANDS[command[0]].run(turn, command[1])
            return
        # What the engine may know, read once for the turn (taking an answer changes none of it).
        ctx = await conversation.flow_context(turn) if state is not None else None
        if state is not None and ctx is not None and engine.forgotten(state, ctx):
            await conversation.save(turn, None)
            state = None
        if await answers.take(turn, command, state):
            return
        if state is not None and ctx is not None:
            if command is not None and _command_not_answer(command, inbound.slash):
                await self._command_in_flow(turn, state, *command)
            else:
                await self._in_flow(turn, state, ctx, command)
            return
        if command is None and inbound.reply_to and inbound.text.strip():
            await self._answer_to_push(turn, inbound.reply_to)
            return
        if command is None:
            if inbound.choice and inbound.question:
                await turn.reply(texts.QUESTION_CLOSED)
                return
            await turn.reply(fill(texts.NOT_UNDERSTOOD, help=help_text(turn.actor.role)))
            return
        await self._command(turn, *command)

    async def _command(self, turn: Turn, word: str, args: str) -> None:
        """Run a command the sender may use; refuse (and keep a record of) one they may not."""
        assert turn.identity is not None
        if not allowed(turn.actor.role, word):
            await audit.audit(
                turn.session,
                member_id=turn.actor.id,
                identity_id=turn.identity.id,
                action=word,
                detail=f"refused: {word} {args}"[:300],
                allowed=False,
                now=turn.now,
            )
            await turn.reply(
                fill(texts.NOT_FOR_ROLE, word=word, role=texts.ROLE_GROUPS[turn.actor.role])
            )
            return
        await COMMANDS[word].run(turn, args)

    async def _answer_to_push(self, turn: Turn, reply_to: str) -> None:
        """A chat reply to a message about a case: an officer's update or the reporter's reply."""
        case = await cases.case_of_message(
            turn.session, channel=turn.inbound.channel, provider_id=reply_to
        )
        text = turn.inbound.text.strip()
        if case is None or not can_see(turn.actor, case):
            await turn.reply(fill(texts.NOT_UNDERSTOOD, help=help_text(turn.actor.role)))
        elif turn.actor.role == "officer":
            await post_update(turn, case, text)
        elif turn.actor.role == "staff":
            await send_reply(turn, case, text)
        else:
            await turn.reply(fill(texts.NOT_UNDERSTOOD, help=help_text(turn.actor.role)))

    async def _command_in_flow(
        self, turn: Turn, state: dict[str, Any], word: str, args: str
    ) -> None:
        """A command in the middle of a report: run it, then ask the waiting question again."""
        if COMMANDS[word].starts_flow:
            # Nothing is lost: the report waits for its answer.
            await turn.reply(fill(texts.IN_FLOW_OTHER, kind=_kind_words(state)))
            return
        await self._command(turn, word, args)
        # Read after the command: it may have changed what the question shows.
        await turn.reply(*engine.reask(state, await conversation.flow_context(turn)))

    async def _in_flow(
        self, turn: Turn, state: dict[str, Any], ctx: Context, command: tuple[str, str] | None
    ) -> None:
        inbound = turn.inbound
        word = command[0] if command and not command[1] else None
        if word == "help":
            await turn.reply(fill(texts.IN_FLOW_HELP, kind=_kind_words(state)))
            return
        flow_command = cast(Command, word) if word in ("cancel", "back") else None
        user_input = UserInput(
            text=inbound.text.strip() if flow_command is None else "",
            choice=inbound.choice,
            question=inbound.question,
            photo=inbound.photo,
            location=inbound.location,
            command=flow_command,
            album=inbound.album,
        )
        await conversation.step(turn, engine.advance(state, user_input, ctx))


async def _who_wrote(turn: Turn) -> tuple[bool, members.WhoWrote | None]:
    """Whether the message is new (a platform may deliver one twice), and who wrote it.

    One round trip for the person, their conversation and their shop (kept on the turn, so the
    shop stays in the session's identity map for the flow context), and whether the streets
    cached for their BID are still current; on PostgreSQL the delivery is recorded in it too.
    """
    inbound = turn.inbound
    holding = kind(inbound.channel) in HOLDING_CHANNELS  # a BID's own sender too
    channel, address = inbound.channel, inbound.address
    if inbound.external_id:
        return await members.seen_and_who_wrote(
            turn.session,
            channel=channel,
            address=address,
            external_id=inbound.external_id,
            holding=holding,
        )
    return True, await members.who_wrote(
        turn.session, channel=channel, address=address, holding=holding
    )


def awaiting(state: dict[str, Any] | None) -> str | None:
    """The question a conversation waits on."""
    return engine.question_of(state) if state is not None else None


def _kind_words(state: dict[str, Any]) -> str:
    return registry.name_of(str(state.get("kind")))


def _command_not_answer(command: tuple[str, str], slash: bool) -> bool:
    """Whether a message sent while a report is open is a command rather than an answer.

    cancel, back and help belong to the report. A /slash command is always a command. A bare
    word is one when it cannot be an answer (mycases); a word with arguments when they start
    with a case reference (reply WE-0001 are you coming?). "report of a man taking lipsticks"
    stays an answer.
    """
    word, args = command
    if word in _IN_FLOW_WORDS:
        return False
    if slash:
        return True
    found = COMMANDS[word]
    if not args:
        return found.interrupts
    return found.takes_case and parse_case_ref(args.split()[0]) is not None
