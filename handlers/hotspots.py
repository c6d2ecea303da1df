"""Hot spots: after each report, whether it makes a cluster of the same kind close by in a
short time; if so the BID's officers and managers hear of it, once per cluster."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import timedelta

from flows import registry, texts
from flows.reading.streets import distance_m
from flows.template import fill
from handlers.bid_streets import bid_streets
from handlers.filing import officers_of
from handlers.follow_ups import follow_up
from handlers.turn import Turn
from storage import hotspots, identities
from storage.hotspots import NearCase
from storage.models import Case, Hotspot

Point = tuple[float, float]


def _position(case: Case | NearCase, streets: dict[str, Point]) -> Point | None:
    """Where a case happened: its shared location, else its street's coordinates."""
    if case.latitude is not None and case.longitude is not None:
        return case.latitude, case.longitude
    return streets.get(case.street or "")


def densest(cases: list[NearCase], anchor_id: int, span: timedelta) -> list[NearCase]:
    """The most cases, including the one `anchor_id`, whose times all fall within `span`.

    Each group is the cases from one case's time to that time plus `span`; with the cases in
    time order its ends are found by bisection (the first such group of the most wins).
    """
    ordered = sorted(cases, key=lambda c: (c.occurred_at, c.id))
    times = [c.occurred_at for c in ordered]
    at = next((n for n, c in enumerate(ordered) if c.id == anchor_id), None)
    best: list[NearCase] = []
    if at is None:
        return best
    for start in times:
        low, high = bisect_left(times, start), bisect_right(times, start + span)
        if low <= at < high and high - low > len(best):
            best = ordered[low:high]
    return best


@follow_up
async def check_hotspot(turn: Turn, case: Case) -> None:
    if case.kind not in registry.crime_kinds():
        return
    settings = turn.settings
    span = timedelta(minutes=settings.hotspot_minutes)
    known = await bid_streets(turn, case.bid_id)
    streets = {
        s.name: (s.latitude, s.longitude)
        for s in known
        if s.latitude is not None and s.longitude is not None
    }
    centre = _position(case, streets)
    if centre is None:
        return
    candidates = await hotspots.cases_near_in_time(
        turn.session,
        bid_id=case.bid_id,
        kind=case.kind,
        start=case.occurred_at - span,
        end=case.occurred_at + span,
    )
    near = []
    for other in candidates:
        where = _position(other, streets)
        if where is not None and distance_m(*centre, *where) <= settings.hotspot_metres:
            near.append(other)
    cluster = densest(near, case.id or 0, span)
    if len(cluster) < settings.hotspot_reports:
        return
    for spot in await hotspots.recent_hotspots(
        turn.session, bid_id=case.bid_id, kind=case.kind, since=case.occurred_at - span
    ):
        if distance_m(spot.latitude, spot.longitude, *centre) <= settings.hotspot_metres:
            # The same cluster growing: kept with it, not alerted again.
            spot.case_ids = sorted({*spot.case_ids, case.id or 0})
            spot.last_at = max(spot.last_at, case.occurred_at)
            return
    spot = await hotspots.add_hotspot(
        turn.session,
        Hotspot(
            bid_id=case.bid_id,
            kind=case.kind,
            latitude=centre[0],
            longitude=centre[1],
            place=case.street or case.location[:120],
            case_ids=sorted(c.id for c in cluster),
            first_at=min(c.occurred_at for c in cluster),
            last_at=max(c.occurred_at for c in cluster),
            created_at=turn.now,
        ),
    )
    text = fill(
        texts.HOTSPOT_PUSH,
        count=len(cluster),
        kind=registry.name_of(case.kind),
        metres=settings.hotspot_metres,
        minutes=settings.hotspot_minutes,
        where=spot.place,
        refs=", ".join(c.ref for c in sorted(cluster, key=lambda c: c.id)),
    )
    people = await officers_of(turn, case.bid_id)
    for role in ("manager", "admin"):
        people += await identities.identities_by_role(turn.session, bid_id=case.bid_id, role=role)
    await turn.push(people, text, topic="hotspot", kind=case.kind, hotspot_id=spot.id)
