"""Property commands: lost (anyone, strangers too), items, returned and handed (staff), and
matches (officers). Each checks who may see what: a shop sees its own items, the public only
their own reports, and nobody another person's contact details."""

from __future__ import annotations

from flows import texts
from flows.format import format_time
from flows.template import fill
from handlers import conversation
from handlers.commands.registry import OFFICER, PUBLIC, STAFF, case_command, command
from handlers.property import matching  # noqa: F401  (its after-filing hook)
from handlers.property.returns import category_words, holds, returned
from handlers.reads import record_read
from handlers.refs import format_ref, parse_case_ref
from handlers.turn import Turn
from storage import property as store
from storage.models import Bid, Case, PropertyItem, PropertyMatch, Shop


@command(
    "lost",
    roles=[STAFF, PUBLIC],
    help=texts.HELP_LOST,
    menu=texts.MENU_LOST,
    interrupts=True,
    starts_flow=True,
)
async def lost(turn: Turn, args: str) -> None:
    """Report lost property: one's own, or (staff) a customer's."""
    by = "staff" if turn.actor.role == STAFF else "public"
    await conversation.start_flow(turn, "lost_property", {"by": by})


@command(
    "items",
    roles=[STAFF, PUBLIC],
    help=texts.HELP_ITEMS,
    menu=texts.MENU_ITEMS,
    interrupts=True,
)
async def items(turn: Turn, args: str) -> None:
    """Staff: what their shop holds, with status. The public: their own lost reports."""
    member = turn.actor
    if member.role != STAFF or member.shop_id is None:
        mine = await store.items_of_owner(turn.session, owner_id=member.id or 0)
        if not mine:
            await turn.reply(texts.LOST_MINE_NONE)
            return
        lines = [texts.LOST_MINE_HEAD]
        lines += [fill(texts.LOST_MINE_LINE, when=_when(turn, i), **_words(i)) for i in mine]
        await turn.reply("\n".join(lines))
        return
    held = await store.items_of_shop(turn.session, shop_id=member.shop_id)
    if not held:
        await turn.reply(texts.ITEMS_NONE)
        return
    shop = await turn.session.get(Shop, member.shop_id)
    await record_read(turn, "items", detail=f"found property of shop {member.shop_id}")
    lines = [fill(texts.ITEMS_HEAD, shop=shop.name if shop else "")]
    lines += [fill(texts.ITEMS_LINE, when=_when(turn, i), text=i.text, **_words(i)) for i in held]
    await turn.reply("\n".join(lines))


def _words(item: PropertyItem) -> dict[str, str]:
    return {
        "ref": item.ref,
        "category": category_words(item),
        "status": texts.ITEM_STATUS.get(item.status, item.status),
    }


def _when(turn: Turn, item: PropertyItem) -> str:
    return format_time(item.created_at, turn.tz)


async def _held_item(turn: Turn, word: str, args: str) -> tuple[PropertyItem | None, str]:
    """The found item named by a reference (or a handover code) that the sender holds."""
    first = args.split()[0] if args.split() else ""
    if not first:
        await turn.reply(fill(texts.NEED_ITEM_REF, word=word))
        return None, ""
    bid = await turn.session.get(Bid, turn.actor.bid_id)
    code = bid.code if bid else None
    parsed = parse_case_ref(first, default_code=code)
    item = await store.item_by_ref(turn.session, ref=format_ref(*parsed)) if parsed else None
    if item is None and bid is not None:
        row = await store.match_by_code(turn.session, bid_id=bid.id or 0, code=first)
        item = await turn.session.get(PropertyItem, row.found_id) if row else None
    shown = format_ref(*parsed) if parsed else first.upper()[:20]
    if item is None or not holds(turn.actor, item):
        # The same answer whether it exists or not: other shops' items are not ours to show.
        await turn.reply(fill(texts.NO_SUCH_ITEM, ref=shown))
        return None, shown
    return item, item.ref


@command(
    "returned",
    roles=[STAFF, OFFICER],
    help=texts.HELP_RETURNED,
    usage=texts.USAGE_RETURNED,
    interrupts=True,
)
async def returned_(turn: Turn, args: str) -> None:
    """The owner has collected it (by its reference or the owner's handover code)."""
    item, _ = await _held_item(turn, "returned", args)
    if item is None:
        return
    confirmed = [
        m
        for m in await store.matches_of(
            turn.session, item_ids=[item.id or 0], states=["confirmed"]
        )
        if m.found_id == item.id and await _is_lost(turn, m)
    ]
    if not confirmed:
        await turn.reply(fill(texts.NO_MATCH_TO_RETURN, ref=item.ref))
        return
    await returned(turn, item, confirmed[-1])


async def _is_lost(turn: Turn, row: PropertyMatch) -> bool:
    other = await turn.session.get(PropertyItem, row.other_id)
    return other is not None and other.side == "lost"


@command(
    "handed",
    roles=[STAFF],
    help=texts.HELP_HANDED,
    usage=texts.USAGE_HANDED,
    interrupts=True,
)
async def handed(turn: Turn, args: str) -> None:
    """The shop gave the found item to the police."""
    item, _ = await _held_item(turn, "handed", args)
    if item is None:
        return
    if item.status not in ("held", "matched"):
        status = texts.ITEM_STATUS.get(item.status, item.status)
        await turn.reply(fill(texts.NOT_HELD, ref=item.ref, status=status))
        return
    item.status, item.updated_at, item.held_by = "handed", turn.now, "police"
    open_states = ["asked", "answered", "officer", "confirmed"]
    for row in await store.matches_of(turn.session, item_ids=[item.id or 0], states=open_states):
        row.state, row.updated_at = "closed", turn.now
    await turn.reply(fill(texts.HANDED_DONE, ref=item.ref))


@case_command("matches", roles=[OFFICER], help=texts.HELP_MATCHES, usage=texts.USAGE_MATCHES)
async def matches(turn: Turn, case: Case, rest: str) -> None:
    """Possible matches for a case's stolen items (or for a found item), with the reasons."""
    mine = await store.items_of_case(turn.session, case_id=case.id or 0)
    rows = await store.matches_of(turn.session, item_ids=[i.id or 0 for i in mine])
    await record_read(turn, "matches", cases=[case])
    if not rows:
        await turn.reply(fill(texts.MATCHES_NONE, case=case.ref))
        return
    lines = [fill(texts.MATCHES_HEAD, case=case.ref)]
    for row in rows:
        found = await turn.session.get(PropertyItem, row.found_id)
        assert found is not None
        shop = await turn.session.get(Shop, found.shop_id) if found.shop_id else None
        reasons = texts.REASON_JOIN.join([*row.reasons, *row.against])
        lines.append(
            fill(
                texts.MATCHES_LINE,
                ref=found.ref,
                shop=shop.name if shop else "",
                status=texts.ITEM_STATUS.get(found.status, found.status),
                text=found.text,
                reasons=reasons,
                state=texts.MATCH_STATES.get(row.state, row.state),
            )
        )
    await turn.reply("\n".join(lines))
