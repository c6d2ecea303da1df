"""Everyone's say over what reaches them: stop and start, leave, and `alerts`."""

from __future__ import annotations

from flows import registry, texts
from flows.model import Option, Outbound, Street
from flows.preferences import CHOOSABLE, clock_words, parse_quiet
from flows.reading.choice import parse_choice
from flows.reading.streets import match_street
from flows.template import fill
from handlers.commands.registry import EVERYONE, MEMBERS, POLICE, command
from handlers.turn import Turn
from storage import bids, conversations, preferences
from storage.models import Bid, MemberPreference


async def stop_or_start(turn: Turn, word_args: tuple[str, str] | None) -> bool:
    """Before anything else: `stop` (also mid-report), and a stopped person's messages.

    Returns True when the message was dealt with here.
    """
    assert turn.identity is not None
    word, args = word_args or ("", "")
    if word == "stop" and not args:
        await stop(turn, args)
        return True
    if turn.identity.stopped_at is None:
        return False
    if word in ("start", "join"):
        await preferences.set_stopped(turn.session, identity_id=turn.identity.id or 0, at=None)
        turn.identity.stopped_at = None
        await turn.reply(texts.RESUMED)
        return True
    await turn.reply(texts.STILL_STOPPED)
    return True


@command("stop", roles=EVERYONE, help=texts.HELP_STOP, interrupts=True)
async def stop(turn: Turn, args: str) -> None:
    """No more messages to this chat until they send start; an open report is dropped."""
    assert turn.identity is not None
    await preferences.set_stopped(turn.session, identity_id=turn.identity.id or 0, at=turn.now)
    turn.identity.stopped_at = turn.now
    if turn.conversation is not None and turn.conversation.state is not None:
        await conversations.save_conversation(
            turn.session, conversation=turn.conversation, state=None, now=turn.now
        )
        turn.conversation.version += 1
        turn.conversation.state = None
    await turn.reply(texts.STOPPED)


@command("leave", roles=EVERYONE, help=texts.HELP_LEAVE, interrupts=True)
async def leave(turn: Turn, args: str) -> None:
    """Unregister, once they confirm: they are then a stranger to the bot."""
    bid = await turn.session.get(Bid, turn.actor.bid_id)
    name = bid.name if bid else ""
    if args.strip().lower() not in ("yes", "y", "confirm"):
        await turn.reply(
            Outbound(
                fill(texts.LEAVE_ASK, bid=name), options=(Option("leave yes", texts.LEAVE_YES),)
            )
        )
        return
    turn.actor.removed_at = turn.now
    if turn.conversation is not None and turn.conversation.state is not None:
        await conversations.save_conversation(
            turn.session, conversation=turn.conversation, state=None, now=turn.now
        )
    await turn.reply(fill(texts.LEFT, bid=name))


@command("alerts", roles=MEMBERS, help=texts.HELP_ALERTS, menu=texts.MENU_ALERTS, interrupts=True)
async def alerts(turn: Turn, args: str) -> None:
    """Show the member's choices, or change one: `alerts off events`, `alerts quiet 22-7`."""
    pref = await preferences.own_preference(
        turn.session, member_id=turn.actor.id or 0, now=turn.now
    )
    words = args.strip()
    if not words:
        await _show(turn, pref)
        return
    first, _, rest = words.partition(" ")
    first = first.lower()
    if first in ("on", "off") and rest.strip():
        await _toggle(turn, pref, on=first == "on", what=rest.strip())
    elif first == "quiet" and rest.strip():
        await _quiet(turn, pref, rest.strip())
    elif first in ("streets", "street") and turn.actor.role in POLICE and rest.strip():
        await _streets(turn, pref, rest.strip())
    else:
        await turn.reply(fill(texts.ALERTS_NOT_UNDERSTOOD, how=_how(turn)))
        return
    pref.updated_at = turn.now


def _how(turn: Turn) -> str:
    how = texts.ALERTS_HOW
    if turn.actor.role in POLICE:
        how += "\n" + texts.ALERTS_HOW_STREETS
    return how


async def _show(turn: Turn, pref: MemberPreference) -> None:
    choosable = CHOOSABLE.get(turn.actor.role, CHOOSABLE["staff"])
    lines = [texts.ALERTS_HEAD]
    options = []
    for name in choosable:
        off = name in pref.topics_off
        words = texts.TOPIC_WORDS[name]
        lines.append(
            fill(texts.ALERTS_TOPIC_LINE, topic=words, state=texts.OFF if off else texts.ON)
        )
        template = texts.ALERTS_TURN_ON if off else texts.ALERTS_TURN_OFF
        key = f"alerts {'on' if off else 'off'} {name}"
        options.append(Option(key, fill(template, topic=words.lower())))
    if pref.kinds_off:
        kinds = ", ".join(registry.name_of(k) for k in pref.kinds_off)
        lines.append(fill(texts.ALERTS_KINDS_OFF, kinds=kinds))
    else:
        lines.append(texts.ALERTS_KINDS_ALL)
    if pref.quiet_from is not None and pref.quiet_to is not None:
        start, end = clock_words(pref.quiet_from), clock_words(pref.quiet_to)
        lines.append(fill(texts.ALERTS_QUIET, start=start, end=end))
    else:
        lines.append(texts.ALERTS_QUIET_NONE)
    if turn.actor.role in POLICE:
        if pref.streets:
            lines.append(fill(texts.ALERTS_STREETS, streets=", ".join(pref.streets)))
        else:
            lines.append(texts.ALERTS_STREETS_ALL)
    lines += ["", _how(turn)]
    await turn.reply(Outbound("\n".join(lines), options=tuple(options)))


def _topic_or_kind(what: str) -> tuple[str, str] | None:
    """("topic", name) or ("kind", kind) for the words after `alerts on|off`."""
    topic_options = [Option(k, v) for k, v in texts.TOPIC_WORDS.items()]
    found = parse_choice(what, topic_options, {**texts.TOPIC_ALIASES})
    if found:
        return "topic", found
    kind_options = [Option(k, registry.name_of(k)) for k in registry.crime_kinds()]
    kind = parse_choice(what, kind_options)
    if kind:
        return "kind", kind
    return None


async def _toggle(turn: Turn, pref: MemberPreference, *, on: bool, what: str) -> None:
    found = _topic_or_kind(what)
    choosable = CHOOSABLE.get(turn.actor.role, CHOOSABLE["staff"])
    if found is None:
        await turn.reply(fill(texts.ALERTS_NOT_UNDERSTOOD, how=_how(turn)))
        return
    sort, name = found
    if sort == "topic" and name not in choosable:
        await turn.reply(fill(texts.ALERTS_CANNOT_OFF, topic=texts.TOPIC_WORDS[name]))
        return
    current = set(pref.topics_off if sort == "topic" else pref.kinds_off)
    current = current - {name} if on else current | {name}
    if sort == "topic":
        pref.topics_off = sorted(current)
        words = texts.TOPIC_WORDS[name]
    else:
        pref.kinds_off = sorted(current)
        words = fill(texts.KIND_ALERTS, kind=registry.name_of(name))
    template = texts.ALERTS_CHANGED_ON if on else texts.ALERTS_CHANGED_OFF
    await turn.reply(fill(template, what=words))


async def _quiet(turn: Turn, pref: MemberPreference, text: str) -> None:
    if text.lower() in ("off", "none", "no"):
        pref.quiet_from = pref.quiet_to = None
        await turn.reply(texts.ALERTS_QUIET_CLEARED)
        return
    hours = parse_quiet(text)
    if hours is None:
        await turn.reply(texts.ALERTS_QUIET_BAD)
        return
    pref.quiet_from, pref.quiet_to = hours
    start, end = clock_words(hours[0]), clock_words(hours[1])
    await turn.reply(fill(texts.ALERTS_QUIET_SET, start=start, end=end))


async def _streets(turn: Turn, pref: MemberPreference, text: str) -> None:
    if text.lower() in ("all", "every", "any", "off"):
        pref.streets = []
        await turn.reply(texts.ALERTS_STREETS_CLEARED)
        return
    bid = await turn.session.get(Bid, turn.actor.bid_id)
    known = await bids.streets_of(turn.session, bid_id=turn.actor.bid_id)
    streets = [Street(s.name, s.latitude, s.longitude) for s in known]
    chosen: list[str] = []
    for place in (p.strip() for p in text.replace(" and ", ",").split(",")):
        if not place:
            continue
        match = match_street(place, streets)
        if match.street is None or not match.sure:
            await turn.reply(
                fill(texts.ALERTS_STREETS_UNKNOWN, place=place, bid=bid.name if bid else "")
            )
            return
        if match.street.name not in chosen:
            chosen.append(match.street.name)
    pref.streets = chosen
    await turn.reply(fill(texts.ALERTS_STREETS_SET, streets=", ".join(chosen)))
