"""A BID's streets as flow steps and the checks after filing read them, kept while unchanged."""

from __future__ import annotations

from collections import OrderedDict

from flows.model import Street
from handlers.turn import Turn
from storage import bids
from storage.members import StreetsStamp

# By (database, BID), with the stamp they were read at: streets change about never (they are
# only added, which changes the stamp), and a filing would otherwise read them again.
_STREETS: OrderedDict[tuple[str, int], tuple[StreetsStamp, tuple[Street, ...]]] = OrderedDict()
_STREETS_KEPT = 256


async def bid_streets(turn: Turn, bid_id: int) -> tuple[Street, ...]:
    """The BID's streets, read again only when the turn's stamp says they changed."""
    # The stamp was read with the member, for the member's own BID.
    member = turn.member
    stamp = turn.streets_stamp if member is not None and member.bid_id == bid_id else None
    key = (str(turn.session.get_bind().engine.url), bid_id)
    cached = _STREETS.get(key)
    if stamp is not None and cached is not None and cached[0] == stamp:
        _STREETS.move_to_end(key)
        return cached[1]
    rows = await bids.streets_of(turn.session, bid_id=bid_id)
    streets = tuple(Street(s.name, s.latitude, s.longitude) for s in rows)
    if stamp is not None:
        _STREETS[key] = (stamp, streets)
        _STREETS.move_to_end(key)
        while len(_STREETS) > _STREETS_KEPT:
            _STREETS.popitem(last=False)
    return streets
