"""A member's conversation with a flow: what the engine may know, and saving each step."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.orm.attributes import set_committed_value

from flows import engine, registry
from flows.model import JSON, Context, Report, Result
from handlers.additions import file_addition
from handlers.bid_streets import bid_streets
from handlers.filing import file_report
from handlers.property.matching import file_lost
from handlers.turn import Turn
from storage import conversations
from storage.models import Shop


async def flow_context(turn: Turn) -> Context:
    """Everything the flow engine may know about the sender's world, read once per message."""
    member = turn.actor
    streets = await bid_streets(turn, member.bid_id)
    # The shop read with the member, while it is still theirs: no lookup in the session.
    shop = turn.shop if turn.shop is not None and turn.shop.id == member.shop_id else None
    if shop is None and member.shop_id:
        shop = await turn.session.get(Shop, member.shop_id)
    return Context(
        now=turn.now,
        tz=turn.tz,
        streets=streets,
        shop_name=shop.name if shop else "your shop",
        shop_street=shop.street if shop else None,
        idle_minutes=turn.idle_minutes,
    )


async def save(turn: Turn, state: dict[str, object] | None) -> None:
    """Store the conversation's new state (version-checked against a message at once)."""
    conversation = turn.conversation
    assert conversation is not None, "only members have conversations"
    await conversations.save_conversation(
        turn.session, conversation=conversation, state=state, now=turn.now
    )
    # What the UPDATE just wrote, set as loaded: changing the attributes would have the ORM
    # write them all over again at the flush.
    set_committed_value(conversation, "version", conversation.version + 1)
    set_committed_value(conversation, "state", state)


FILERS: dict[str, Callable[[Turn, Report], Awaitable[object]]] = {
    "case": file_report,
    "addition": file_addition,
    "lost": file_lost,
}


async def step(turn: Turn, result: Result) -> None:
    """Save what the engine produced, file a finished report, and send its messages."""
    await save(turn, result.state)
    # What filing says (the reference, a referral passed on, tips) is one message where it fits.
    async with turn.together():
        if result.outcome == "filed" and result.report is not None:
            flow = registry.FLOWS[result.report.kind]
            await FILERS[flow.files_as](turn, result.report)
        await turn.reply(*result.messages)


async def start_flow(turn: Turn, kind: str, answers: dict[str, JSON] | None = None) -> None:
    """Begin the flow `kind` for this member (with what is already known of it)."""
    await step(turn, engine.start(kind, await flow_context(turn), answers))
