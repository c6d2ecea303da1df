"""Prevention tips (`tips`, and offered after a report) and lessons (`learn`) for everyone."""

from __future__ import annotations

from datetime import timedelta

from flows import texts
from flows.content import QUICK, Tips, tips_for_kind
from flows.model import Option, Outbound
from flows.reading.choice import parse_choice
from flows.template import fill
from handlers import delivery, lessons
from handlers.commands.registry import MEMBERS, command
from handlers.content import tips_of
from handlers.follow_ups import follow_up
from handlers.turn import Turn, payload_of
from storage import learning
from storage.models import Bid, Case

# The offer comes a little later: right after an incident is not the time for advice.
TIPS_DELAY = timedelta(minutes=2)


async def _tips(turn: Turn) -> dict[str, Tips]:
    bid = await turn.session.get(Bid, turn.actor.bid_id)
    return tips_of(turn.settings, bid.code if bid else "WE")


@follow_up
async def offer_tips(turn: Turn, case: Case) -> None:
    """ "Want 3 quick tips…?" a little after a report, once the moment has passed."""
    if turn.identity is None:  # the chat it was filed from has gone since
        return
    bid = await turn.session.get(Bid, case.bid_id)
    found = tips_for_kind(tips_of(turn.settings, bid.code if bid else "WE"), case.kind)
    if found is None:
        return
    offer = Outbound(
        fill(texts.TIPS_OFFER, count=min(QUICK, len(found.tips))),
        options=(Option(f"tips {found.key}", texts.TIPS_OFFER_YES),),
    )
    await delivery.push(
        turn.session,
        [turn.identity],
        payload_of(offer, push=True, topic="tips", case_ref=case.ref),
        now=turn.now,
        tz=turn.tz,
        topic_name="tips",
        delay=TIPS_DELAY,
    )


def _menu(tips: dict[str, Tips], head: str) -> Outbound:
    return Outbound(head, options=tuple(Option(f"tips {t.key}", t.title) for t in tips.values()))


@command("tips", roles=MEMBERS, help=texts.HELP_TIPS, menu=texts.MENU_TIPS, interrupts=True)
async def tips(turn: Turn, args: str) -> None:
    """The topics, or three quick tips on one (`tips shoplifting`), or the rest (`… more`)."""
    found = await _tips(turn)
    words = args.strip()
    if not words:
        await turn.reply(_menu(found, texts.TIPS_PICK))
        return
    more = words.lower().endswith(" more")
    words = words[: -len(" more")] if more else words
    options = [Option(t.key, t.title) for t in found.values()]
    key = parse_choice(words, options)
    if key is None:
        await turn.reply(_menu(found, texts.TIPS_UNKNOWN))
        return
    chosen = found[key]
    if more:
        rest = chosen.tips[QUICK:] or chosen.tips
        lines = [fill(texts.TIPS_MORE_HEAD, title=chosen.title), *(f"- {t}" for t in rest)]
        await turn.reply("\n".join(lines))
        return
    quick = chosen.tips[:QUICK]
    lines = [fill(texts.TIPS_HEAD, title=chosen.title, count=len(quick))]
    lines += [f"{n}. {t}" for n, t in enumerate(quick, start=1)]
    if len(chosen.tips) > QUICK:
        lines += ["", fill(texts.TIPS_MORE, key=chosen.key, count=len(chosen.tips) - QUICK)]
    await turn.reply("\n".join(lines))


@command("learn", roles=MEMBERS, help=texts.HELP_LEARN, menu=texts.MENU_LEARN, interrupts=True)
async def learn(turn: Turn, args: str) -> None:
    """The lessons with what is done, or one of them from its first message."""
    found = await lessons.bid_lessons(turn)
    options = [Option(x.key, x.title) for x in found]
    words = args.strip()
    if words:
        key = parse_choice(words, options)
        chosen = next((x for x in found if x.key == key), None)
        if chosen is not None:
            await lessons.begin(turn, chosen)
            return
    done = {
        p.lesson
        for p in await learning.progress_all(turn.session, member_id=turn.actor.id or 0)
        if p.completed_at is not None
    }
    head = texts.LEARN_UNKNOWN if words else texts.LEARN_PICK
    await turn.reply(
        Outbound(
            head,
            options=tuple(
                Option(
                    f"learn {x.key}", x.title + (texts.LEARN_DONE_MARK if x.key in done else "")
                )
                for x in found
            ),
        )
    )
