"""The digest's property section: found, matched and returned, against the period before."""

from __future__ import annotations

from flows import texts
from flows.template import fill
from handlers.digest.registry import DigestAsk, Figure, Part, digest_section
from handlers.digest.words import counted
from storage import property as store


@digest_section("property", order=60)
async def property_section(ask: DigestAsk) -> Part | None:
    """How much found property was recorded, matched to an owner and returned."""
    w = ask.window
    now = await store.counts_between(ask.session, bid_id=ask.bid_id, start=w.mid, end=w.end)
    before = await store.counts_between(ask.session, bid_id=ask.bid_id, start=w.start, end=w.mid)
    if not any(now.values()) and not any(before.values()):
        return None
    figures = {key: Figure(now[key], before[key]) for key in now}
    line = fill(
        texts.DIGEST_PROPERTY,
        **{key: counted(now[key], before[key]) for key in now},
    )
    return Part([line], figures)
