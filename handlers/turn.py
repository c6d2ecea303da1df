"""One inbound message being handled: who sent it, the open transaction, and what to send."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from config.settings import Settings
from flows.model import Outbound
from handlers import delivery
from handlers.inbound import Inbound
from storage import outbox
from storage.members import StreetsStamp
from storage.models import Conversation, Identity, Member, Shop
from storage.preferences import AudienceRow

# Texts folded into one message stay under this (Telegram's caption limit is 1,024; a WhatsApp
# body is 1,600 with the option lines the question adds), so folding never splits a message.
FOLD_LIMIT = 1000


Reply = tuple[Outbound, dict[str, Any]]  # a message and its payload's routing hints


def folded(messages: Iterable[Outbound | str]) -> list[Outbound]:
    """Consecutive messages as one: a plain text (an intro, a hint, a warning) goes at the top
    of the message after it, so the person gets one message with the question and its options
    rather than two, and Telegram's per-chat and overall limits go further."""
    return [m for m, _ in folded_replies((_outbound(m), {}) for m in messages)]


def folded_replies(replies: Iterable[Reply]) -> list[Reply]:
    """`folded` for messages with routing hints: two fold only when their hints agree."""
    out: list[Reply] = []
    for message, extra in replies:
        if out and _plain(out[-1][0]) and message.text:
            before, hints = out[-1]
            text = f"{before.text}\n\n{message.text}" if before.text else message.text
            agree = all(hints[k] == v for k, v in extra.items() if k in hints)
            if agree and len(text) <= FOLD_LIMIT:
                out[-1] = (replace(message, text=text), {**hints, **extra})
                continue
        out.append((message, extra))
    return out


def _outbound(message: Outbound | str) -> Outbound:
    return Outbound(message) if isinstance(message, str) else message


def _plain(message: Outbound) -> bool:
    """Text only: nothing a channel shows as buttons or a keyboard, and no question asked."""
    return not message.options and not message.request_location and message.question is None


def payload_of(message: Outbound | str, **extra: Any) -> dict[str, Any]:
    """The JSON an outbox row carries: the channel-neutral message plus routing hints."""
    out = Outbound(message) if isinstance(message, str) else message
    # By hand rather than dataclasses.asdict, which deep-copies every field (every reply).
    payload: dict[str, Any] = {
        "text": out.text,
        "options": [{"key": o.key, "label": o.label} for o in out.options],
        "request_location": out.request_location,
        "question": out.question,
    }
    payload.update({k: v for k, v in extra.items() if v is not None})
    return payload


@dataclass
class Turn:
    """One inbound message being handled, inside its transaction."""

    session: AsyncSession
    inbound: Inbound
    now: datetime
    tz: ZoneInfo
    idle_minutes: int = 30
    identity: Identity | None = None
    member: Member | None = None
    conversation: Conversation | None = None  # loaded for registered members
    # The member's shop as loaded with them; holding it keeps it in the session's identity
    # map, so `session.get(Shop, ...)` in the turn costs no query.
    shop: Shop | None = None
    # The member's BID's streets as counted with them (handlers.conversation caches the
    # streets themselves while this stays the same); None when not read with the member.
    streets_stamp: StreetsStamp | None = None
    # The service's settings, for features that need them (attachments dir, hot-spot sizes).
    settings: Settings = field(default_factory=Settings.model_construct)
    # The role whose chat menu the next reply sets, for a person whose role just changed.
    menu_role: str | None = None

    # Cases filed in this turn: their follow-ups (handlers.follow_ups) run once it commits.
    filed: list[int] = field(default_factory=list)

    # Replies held back by `together`, to go as few messages as they fold into.
    held: list[Reply] | None = None

    async def reply(self, *messages: Outbound | str, **extra: Any) -> None:
        """Answer the sender on the channel they wrote from; texts in a row go as one message."""
        replies = [
            (_outbound(m), {k: v for k, v in extra.items() if v is not None}) for m in messages
        ]
        if self.held is not None:
            self.held += replies
            return
        await self._send(replies)

    @asynccontextmanager
    async def together(self) -> AsyncIterator[None]:
        """The replies made inside (by several handlers, say) fold together as one turn's."""
        if self.held is not None:  # already inside: the outer block sends them
            yield
            return
        self.held = []
        try:
            yield
            held = self.held
        finally:
            self.held = None
        await self._send(held)

    async def _send(self, replies: list[Reply]) -> None:
        for message, extra in folded_replies(replies):
            if self.menu_role:
                extra = {**extra, "menu": self.menu_role}
                self.menu_role = None
            await outbox.enqueue(
                self.session,
                channel=self.inbound.channel,
                address=self.inbound.address,
                identity_id=self.identity.id if self.identity else None,
                payload=delivery.keyboard_step(self.identity, payload_of(message, **extra)),
                now=self.now,
            )

    async def push(
        self,
        identities: Iterable[Identity],
        message: Outbound | str,
        *,
        case_id: int | None = None,
        topic: str | None = None,
        street: str | None = None,
        kind: str | None = None,
        audience: Sequence[AudienceRow] | None = None,
        **extra: Any,
    ) -> list[Identity]:
        """Send to other people (officers, a reporter) on each of their own channels.

        `topic` says what kind of message it is ("new_case", "case_update", "alert" …), so
        that people's preferences (what to get, quiet hours, stop) are honoured; `street` and
        `kind` are what it is about; `audience`, their rows for the push gate if read already
        (handlers.filing.officers_audience). Returns the identities it was queued for.
        """
        payload = payload_of(message, push=True, topic=topic, **extra)
        return await delivery.push(
            self.session,
            identities,
            payload,
            now=self.now,
            tz=self.tz,
            topic_name=topic,
            case_id=case_id,
            street=street,
            kind=kind,
            audience=audience,
        )

    @property
    def files_dir(self) -> Path:
        """Where files the product makes (evidence packs, charts, exports) are written."""
        return Path(self.settings.attachments_dir)

    @property
    def actor(self) -> Member:
        assert self.member is not None, "only registered members reach commands"
        return self.member
