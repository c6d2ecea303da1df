"""The digest's sections about keeping the BID informed: alerts and hot spots, events,
training, and polls (the members' say in police priorities)."""

from __future__ import annotations

from flows import registry, texts
from flows.polls import results_words
from flows.template import fill
from handlers.digest.registry import DigestAsk, Figure, Part, digest_section
from handlers.digest.words import count, counted
from storage import broadcasts, hotspots, learning
from storage.digest import BEFORE, NOW


@digest_section("alerts", order=70)
async def alerts(ask: DigestAsk) -> Part | None:
    """Alerts sent and hot spots raised, with the cases of each hot spot."""
    sent = await broadcasts.alert_figures(ask.session, bid_id=ask.bid_id, window=ask.window)
    spots = await hotspots.hotspots_in(ask.session, bid_id=ask.bid_id, window=ask.window)
    if not sent and not spots:
        return None
    lines: list[str] = []
    figures: dict[str, Figure] = {}
    now, before = sent.get(NOW, (0, 0, 0)), sent.get(BEFORE, (0, 0, 0))
    if sent:
        figures["alerts"] = Figure(now[0], before[0])
        lines.append(
            fill(
                texts.DIGEST_ALERTS,
                figure=counted(now[0], before[0]),
                shops=count(now[1]),
                replies=count(now[2]),
            )
        )
    if spots:
        current = [s for s in spots if s.created_at >= ask.window.mid]
        earlier = len(spots) - len(current)
        figures["hotspots"] = Figure(len(current), earlier)
        lines.append(fill(texts.DIGEST_HOTSPOTS, figure=counted(len(current), earlier)))
        for spot in current:
            refs = await hotspots.refs_of(ask.session, case_ids=spot.case_ids)
            lines.append(
                fill(
                    texts.DIGEST_HOTSPOT_LINE,
                    kind=registry.name_of(spot.kind).capitalize(),
                    where=spot.place or "",
                    refs=", ".join(refs),
                )
            )
    return Part(lines, figures)


@digest_section("events", order=75)
async def events(ask: DigestAsk) -> Part | None:
    """Events announced this period, and how many are going."""
    found = await broadcasts.of_period(
        ask.session, bid_id=ask.bid_id, window=ask.window, kind="event"
    )
    if not found:
        return None
    items = []
    for event in found:
        counts = await broadcasts.answer_counts(ask.session, broadcast_id=event.id or 0)
        items.append(
            fill(texts.DIGEST_EVENT_ITEM, text=event.text[:60], going=counts.get("going", 0))
        )
    return Part([fill(texts.DIGEST_EVENTS, items="; ".join(items))])


@digest_section("training", order=80)
async def training(ask: DigestAsk) -> Part | None:
    """Lessons finished, and how much of the BID's staff has done at least one."""
    done = await learning.completions(ask.session, bid_id=ask.bid_id, window=ask.window)
    trained, staff = await learning.staff_trained(
        ask.session, bid_id=ask.bid_id, before=ask.window.end
    )
    if not done and not trained:
        return None
    now, before = done.get(NOW, 0), done.get(BEFORE, 0)
    line = fill(texts.DIGEST_TRAINING, figure=counted(now, before), people=trained, staff=staff)
    return Part(
        [line], {"lessons_finished": Figure(now, before), "staff_trained": Figure(trained, None)}
    )


@digest_section("polls", order=90)
async def polls(ask: DigestAsk) -> Part | None:
    """Each poll asked this period with its answers so far."""
    found = await broadcasts.of_period(
        ask.session, bid_id=ask.bid_id, window=ask.window, kind="poll"
    )
    if not found:
        return None
    lines = []
    for poll in found:
        counts = await broadcasts.answer_counts(ask.session, broadcast_id=poll.id or 0)
        items, total = results_words(poll.options, counts)
        lines.append(fill(texts.DIGEST_POLL, question=poll.text, answers=total, items=items))
    return Part(lines)
