"""The digest's sections about reports: kinds, places, hours, police response, outcomes."""

from __future__ import annotations

from flows import registry, texts
from flows.template import fill
from handlers.digest.registry import DigestAsk, Figure, Part, digest_section
from handlers.digest.words import compared, counted, duration, percent, share
from storage import digest
from storage.digest import BEFORE, NOW

TOP_STREETS = 5
TOP_HOURS = 3


@digest_section("kinds", order=10)
async def kinds(ask: DigestAsk) -> Part | None:
    """How many reports, of which kinds; and per day, for the chart."""
    found = await digest.by_kind(
        ask.session, bid_id=ask.bid_id, kinds=ask.crime_kinds, window=ask.window
    )
    total_now = sum(n for (p, _), n in found.items() if p == NOW)
    total_before = sum(n for (p, _), n in found.items() if p == BEFORE)
    figures = {"reports": Figure(total_now, total_before)}
    if not found:
        return Part([texts.DIGEST_NONE], figures)
    items = []
    for kind in ask.crime_kinds:
        now, before = found.get((NOW, kind), 0), found.get((BEFORE, kind), 0)
        figures[f"reports_{kind}"] = Figure(now, before)
        if now or before:
            items.append((now, f"{registry.name_of(kind)} {counted(now, before)}"))
    items.sort(key=lambda item: -item[0])
    days = await digest.per_day(
        ask.session, bid_id=ask.bid_id, kinds=ask.crime_kinds, window=ask.window, tz=ask.tz
    )
    lines = [
        fill(texts.DIGEST_TOTAL, figure=counted(total_now, total_before)),
        fill(texts.DIGEST_KINDS, items=", ".join(words for _, words in items)),
    ]
    return Part(lines, figures, {"per_day": days})


@digest_section("streets", order=20)
async def streets(ask: DigestAsk) -> Part | None:
    """The places with most reports."""
    rows = await digest.by_street(
        ask.session, bid_id=ask.bid_id, kinds=ask.crime_kinds, window=ask.window, top=TOP_STREETS
    )
    if not rows:
        return None
    items = ", ".join(f"{street} {counted(now, before)}" for street, now, before in rows)
    figures = {f"street {street}": Figure(now, before) for street, now, before in rows}
    return Part([fill(texts.DIGEST_STREETS, items=items)], figures)


@digest_section("hours", order=30)
async def hours(ask: DigestAsk) -> Part | None:
    """The hours of the day reports happen at most (London time)."""
    found = await digest.by_hour_of_day(
        ask.session, bid_id=ask.bid_id, kinds=ask.crime_kinds, window=ask.window, tz=ask.tz
    )
    busiest = sorted(
        ((n, hour) for (p, hour), n in found.items() if p == NOW), key=lambda x: (-x[0], x[1])
    )[:TOP_HOURS]
    if not busiest:
        return None
    items = []
    figures = {}
    for now, hour in busiest:
        before = found.get((BEFORE, hour), 0)
        span = fill(texts.HOUR_SPAN, start=f"{hour:02d}:00", end=f"{(hour + 1) % 24:02d}:00")
        items.append(f"{span} {counted(now, before)}")
        figures[f"hour {hour:02d}"] = Figure(now, before)
    return Part([fill(texts.DIGEST_HOURS, items=", ".join(items))], figures)


@digest_section("response", order=40)
async def response(ask: DigestAsk) -> Part | None:
    """Time to first police action (median, 90th percentile), shares within 1 h and 24 h."""
    found = await digest.response(
        ask.session, bid_id=ask.bid_id, kinds=ask.crime_kinds, window=ask.window
    )
    now, before = found.get(NOW), found.get(BEFORE)
    if now is None and before is None:
        return None
    empty = digest.Response(0, 0, 0, 0, None, None)
    now, before = now or empty, before or empty
    figures = {
        "median_seconds": Figure(now.median, before.median),
        "p90_seconds": Figure(now.p90, before.p90),
        "within_hour_percent": Figure(
            share(now.within_hour, now.cases), share(before.within_hour, before.cases)
        ),
        "within_day_percent": Figure(
            share(now.within_day, now.cases), share(before.within_day, before.cases)
        ),
        "untouched": Figure(now.untouched, before.untouched),
    }
    lines = [texts.DIGEST_RESPONSE_HEAD]
    if now.acted:
        lines += [
            fill(
                texts.DIGEST_MEDIAN, figure=compared(duration(now.median), duration(before.median))
            ),
            fill(texts.DIGEST_P90, figure=compared(duration(now.p90), duration(before.p90))),
        ]
    else:
        lines.append(texts.DIGEST_NO_ACTION)
    for key, template in (
        ("within_hour_percent", texts.DIGEST_WITHIN_HOUR),
        ("within_day_percent", texts.DIGEST_WITHIN_DAY),
    ):
        figure = figures[key]
        lines.append(fill(template, figure=compared(percent(figure.now), percent(figure.before))))
    lines.append(fill(texts.DIGEST_UNTOUCHED, figure=counted(now.untouched, before.untouched)))
    return Part(lines, figures)


@digest_section("outcomes", order=50)
async def outcomes(ask: DigestAsk) -> Part | None:
    """How closed cases ended."""
    found = await digest.outcomes(
        ask.session, bid_id=ask.bid_id, kinds=ask.crime_kinds, window=ask.window
    )
    if not found:
        return None
    closed_now = sum(n for (p, _), n in found.items() if p == NOW)
    closed_before = sum(n for (p, _), n in found.items() if p == BEFORE)
    figures = {"closed": Figure(closed_now, closed_before)}
    items = []
    for key, words in texts.OUTCOME_WORDS.items():
        now, before = found.get((NOW, key), 0), found.get((BEFORE, key), 0)
        figures[f"outcome_{key}"] = Figure(now, before)
        if now or before:
            items.append(f"{words} {counted(now, before)}")
    line = fill(
        texts.DIGEST_OUTCOMES, figure=counted(closed_now, closed_before), items=", ".join(items)
    )
    return Part([line], figures)
