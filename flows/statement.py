"""A report as a draft witness statement: first-person paragraphs in the reporter's own words.

Pure: answers in, paragraphs out. Nothing is said that the reporter did not say; what they typed
is quoted as typed, and a question they skipped is left out rather than guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flows import texts
from flows.model import JSON
from flows.reading.words import normalise
from flows.template import fill

# A typed place that starts like this already says how it relates ("outside the Trocadero").
_PLACE_LEADS = frozenset(
    "outside by near opposite in at on behind beside inside under across along next corner "
    "top bottom end front between".split()
)


@dataclass(frozen=True)
class StatementFacts:
    """What a statement is drafted from: the filed report and who made it."""

    kind: str
    answers: Mapping[str, JSON]
    occurred_at: datetime  # timezone-aware
    created_at: datetime  # when the report was filed
    location: str  # the place as understood
    street: str | None
    role: str  # the reporter's role key: staff, manager…
    shop: str
    shop_street: str | None
    tz: ZoneInfo
    photos: int = 0


def long_date(moment: datetime, tz: ZoneInfo) -> str:
    """ "Monday 23 November 2026", in London time."""
    local = moment.astimezone(tz)
    return fill(
        texts.LONG_DATE,
        day=texts.DAY_NAMES_LONG[local.weekday()],
        date=local.day,
        month=texts.MONTH_NAMES_LONG[local.month - 1],
        year=local.year,
    )


def statement(facts: StatementFacts) -> list[str]:
    """The report as first-person paragraphs, ending before the statement of truth."""
    a = facts.answers
    paragraphs = [_work(facts), _what_happened(facts)]
    if facts.kind == "moped_snatch":
        paragraphs.append(_vehicle(a))
    if facts.kind in ("shoplifting", "theft"):
        paragraphs.append(_taken(a))
    if facts.kind == "begging_asb":
        paragraphs.append(_vulnerable(a))
    if facts.kind == "found_property":
        paragraphs.append(_held(a))
    else:
        paragraphs.append(_offenders(a))
    paragraphs.append(_afterwards(facts))
    return [p for p in paragraphs if p]


def _text(value: JSON) -> str | None:
    """A typed answer, tidied; None for skipped or empty answers."""
    if not isinstance(value, str):
        return None
    words = " ".join(value.split()).strip()
    return words or None


def _sentences(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def _work(facts: StatementFacts) -> str:
    role = texts.ROLE_WORDS.get(facts.role, facts.role)
    if facts.shop_street:
        return fill(texts.ST_WORK, role=role, shop=facts.shop, street=facts.shop_street)
    return fill(texts.ST_WORK_NO_STREET, role=role, shop=facts.shop)


def _where(facts: StatementFacts) -> str:
    where = facts.answers.get("where")
    if where == "shop":
        return fill(texts.ST_AT_SHOP, shop=facts.shop)
    street, place = facts.street, facts.location
    if where == "shared" or facts.answers.get("latitude") is not None:
        if street:
            return fill(texts.ST_SHARED_NEAR, place=place, street=street)
        return fill(texts.ST_SHARED, place=place)
    if street and normalise(street) == normalise(place):
        return fill(texts.ST_ON_STREET, street=street)
    first = normalise(place).split()[:1]
    leads = bool(first) and first[0] in _PLACE_LEADS
    if street:
        return fill(
            texts.ST_PLACE_NEAR if leads else texts.ST_AT_PLACE_NEAR, place=place, street=street
        )
    return place if leads else fill(texts.ST_AT_PLACE, place=place)


def _what_happened(facts: StatementFacts) -> str:
    a = facts.answers
    local = facts.occurred_at.astimezone(facts.tz)
    opening = fill(
        texts.ST_WHEN_WHERE,
        time=f"{local:%H:%M}",
        date=long_date(local, facts.tz),
        where=_where(facts),
    )
    typed = _text(a.get("when_text"))
    said_time = None
    if typed and normalise(typed) not in (normalise(f"{local:%H:%M}"), f"{local:%H %M}"):
        said_time = fill(texts.ST_WHEN_TEXT, words=typed)
    kind_line = None
    if facts.kind == "theft":
        kind_line = texts.ST_THEFT_TYPE.get(str(a.get("theft_type")))
    if facts.kind == "begging_asb":
        kind_line = texts.ST_BEHAVIOUR.get(str(a.get("behaviour")))
    what = _text(a.get("what"))
    own = fill(texts.ST_OWN_WORDS, words=what.rstrip(".")) + "." if what else None
    if facts.kind == "found_property":
        own = _found(a)
    return _sentences(opening, said_time, kind_line, own)


def _found(a: Mapping[str, JSON]) -> str | None:
    item = _text(a.get("category_text")) or _text(a.get("category"))
    words = _text(a.get("description"))
    if not item or not words:
        return None
    return fill(texts.ST_FOUND_WORDS, item=item, words=words.rstrip("."))


def _vehicle(a: Mapping[str, JSON]) -> str:
    target = texts.ST_TARGET.get(str(a.get("target")))
    vehicle = texts.ST_VEHICLE_WORDS.get(
        str(a.get("vehicle_type")), texts.ST_VEHICLE_WORDS["other"]
    )
    colour = _text(a.get("vehicle_colour"))
    ride = (
        fill(texts.ST_VEHICLE, vehicle=vehicle, colour=colour.rstrip("."))
        if colour
        else fill(texts.ST_VEHICLE_NO_COLOUR, vehicle=vehicle)
    )
    plate = _text(a.get("plate"))
    seen = fill(texts.ST_PLATE, plate=plate) if plate else texts.ST_NO_PLATE
    return _sentences(target, ride, seen)


def _taken(a: Mapping[str, JSON]) -> str:
    items = _text(a.get("items"))
    listed = fill(texts.ST_ITEMS, items=items.rstrip(".")) if items else None
    value = a.get("value")
    if isinstance(value, int | float) and not isinstance(value, bool):
        worth = fill(texts.ST_VALUE, value=f"£{value:,.2f}")
    else:
        worth = texts.ST_NO_VALUE
    return _sentences(listed, worth)


def _vulnerable(a: Mapping[str, JSON]) -> str:
    seemed = texts.ST_VULNERABLE.get(str(a.get("vulnerable")))
    referral = None
    if a.get("streetlink") is True:
        referral = texts.ST_STREETLINK_YES
    elif a.get("streetlink") is False:
        referral = texts.ST_STREETLINK_NO
    return _sentences(seemed, referral)


def _held(a: Mapping[str, JSON]) -> str:
    typed = _text(a.get("held_text"))
    if typed:
        return fill(texts.ST_HELD_TEXT, words=typed.rstrip("."))
    return texts.ST_HELD.get(str(a.get("held")), "")


def _offenders(a: Mapping[str, JSON]) -> str:
    count = texts.ST_OFFENDERS.get(str(a.get("offenders")))
    described = _text(a.get("description"))
    went = _text(a.get("direction"))
    return _sentences(
        count,
        fill(texts.ST_DESCRIPTION, words=described.rstrip(".")) if described else None,
        fill(texts.ST_DIRECTION, words=went.rstrip(".")) if went else None,
    )


def _afterwards(facts: StatementFacts) -> str:
    a = facts.answers
    safety = a.get("safety")
    danger = (
        texts.ST_DANGER_YES
        if safety is True
        else (texts.ST_DANGER_NO if safety is False else None)
    )
    cctv = texts.ST_CCTV.get(str(a.get("cctv")))
    reported = None
    if a.get("reported") is True:
        crn = _text(a.get("crn"))
        reported = fill(texts.ST_REPORTED_CRN, crn=crn) if crn else texts.ST_REPORTED
    elif a.get("reported") is False:
        reported = texts.ST_NOT_REPORTED
    photos = None
    if facts.photos:
        photos = texts.ST_PHOTOS.get(facts.photos) or fill(
            texts.ST_PHOTOS_MANY, count=facts.photos
        )
    created = facts.created_at.astimezone(facts.tz)
    via = fill(texts.ST_REPORTED_VIA, time=f"{created:%H:%M}", date=long_date(created, facts.tz))
    return _sentences(danger, cctv, reported, photos, via)
