"""Joining with an invite, and the kind answer for people who have not joined."""

from __future__ import annotations

import re

from flows import texts
from flows.template import fill
from handlers.commands.registry import COMMANDS, help_text
from handlers.lessons import offer_first
from handlers.turn import Turn
from storage import bids, conversations, members
from storage.channels import bid_code
from storage.models import Bid, Shop

_CODE = re.compile(r"^[A-Za-z0-9_-]{6,64}$")


async def unregistered(turn: Turn, command: tuple[str, str] | None) -> None:
    """Only `start CODE` / `join CODE`, and `lost`, do anything for someone not registered."""
    if command is not None and command[0] == "lost":
        await _lost_as_public(turn, command[1])
        return
    if command is None or command[0] not in ("start", "join") or not command[1]:
        await turn.reply(texts.NOT_REGISTERED)
        return
    await join(turn, command[1])


async def join(turn: Turn, args: str) -> None:
    """Join with an invite code; a member of the public becomes a member in the same chat."""
    code = args.split()[0]
    invite = (
        await members.usable_invite(turn.session, code=code, now=turn.now)
        if _CODE.match(code)
        else None
    )
    if invite is None:
        await turn.reply(texts.BAD_INVITE)
        return
    invite.uses_left -= 1
    name = (turn.inbound.display_name or turn.inbound.address)[:120]
    public = turn.member if turn.member is not None and turn.member.role == "public" else None
    if public is not None:
        # Their lost reports stay theirs: the same member, now with a role.
        public.bid_id, public.role, public.shop_id = invite.bid_id, invite.role, invite.shop_id
        public.display_name = name
    else:
        turn.identity, turn.member = await members.create_member(
            turn.session,
            bid_id=invite.bid_id,
            role=invite.role,
            shop_id=invite.shop_id,
            display_name=name,
            channel=turn.inbound.channel,
            address=turn.inbound.address,
        )
    assert turn.identity is not None
    turn.identity.last_inbound_at = turn.now
    bid = await turn.session.get(Bid, invite.bid_id)
    shop = await turn.session.get(Shop, invite.shop_id) if invite.shop_id else None
    assert bid is not None
    # Staff use the default menu, unless their chat had a public one to replace.
    if invite.role != "staff" or public is not None:
        turn.menu_role = invite.role
    await turn.reply(
        fill(texts.WELCOME[invite.role], name=name, bid=bid.name, shop=shop.name if shop else ""),
        welcome=invite.role,
    )
    if invite.role == "staff":
        await offer_first(turn)


async def _lost_as_public(turn: Turn, args: str) -> None:
    """A stranger reporting lost property: a member of the public of the BID (the one named,
    else the one whose own bot they wrote to, else the first), reached on this same chat,
    straight into the lost-property flow."""
    bid = await bids.bid_by_code(turn.session, code=args.split()[0].upper()) if args else None
    own = bid_code(turn.inbound.channel)
    bid = bid or (await bids.bid_by_code(turn.session, code=own) if own else None)
    bid = bid or await bids.first_bid(turn.session)
    if bid is None:
        await turn.reply(texts.NO_BID_FOR_LOST)
        return
    name = (turn.inbound.display_name or texts.PUBLIC_NAME)[:120]
    turn.identity, turn.member = await members.create_member(
        turn.session,
        bid_id=bid.id or 0,
        role="public",
        shop_id=None,
        display_name=name,
        channel=turn.inbound.channel,
        address=turn.inbound.address,
    )
    turn.identity.last_inbound_at = turn.now
    turn.conversation = await conversations.conversation_of(
        turn.session, identity_id=turn.identity.id or 0
    )
    turn.menu_role = "public"  # their Telegram menu: lost, help, not the staff menu
    await COMMANDS["lost"].run(turn, "")


async def already_registered(turn: Turn, args: str) -> None:
    """`start` or `join` from a member: what they can do, or that they are already in."""
    if turn.actor.role == "public" and args:
        await join(turn, args)
        return
    bid = await turn.session.get(Bid, turn.actor.bid_id)
    assert bid is not None
    if not args:
        await turn.reply(help_text(turn.actor.role))
        return
    await turn.reply(
        fill(texts.ALREADY_REGISTERED, role=texts.ROLE_WORDS[turn.actor.role], bid=bid.name)
    )
