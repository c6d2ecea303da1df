"""Where: at the shop, somewhere else, a typed street or landmark, or a shared location.

A place step stores a Place under its own id: how it was answered (`choice`), the words typed
(`text`), and what we made of them (`location`, `street`, `latitude`, `longitude`).
"""

from __future__ import annotations

import math

from flows import texts
from flows.flow import Flow, Step
from flows.kinds import CHECK, FAR, reader
from flows.model import JSON, Context, Option, Result, Street, UserInput
from flows.reading.choice import parse_choice
from flows.reading.streets import (
    distance_from_area,
    has_extra_words,
    is_coordinates,
    match_street,
    nearest_street,
)
from flows.reading.words import normalise
from flows.reading.yesno import parse_yes_no
from flows.state import StreetGuess
from flows.template import fill
from flows.walk import MAX_TEXT, Walk

Place = dict[str, JSON]
# A shared location further than this from every known street is checked with the person.
FAR_M = 1500.0


def place(
    choice: str,
    text: str | None = None,
    location: str | None = None,
    street: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Place:
    """A place answer as stored."""
    return {
        "choice": choice,
        "text": text[:MAX_TEXT] if text else text,
        "location": location[:MAX_TEXT] if location else location,
        "street": street,
        "latitude": latitude,
        "longitude": longitude,
    }


def at_street(choice: str, typed: str, street: Street) -> Place:
    """A typed place matched to a known street; words beyond the street's name are kept."""
    location = typed if has_extra_words(typed, street.name) else street.name
    return place(choice, typed, location, street.name, street.latitude, street.longitude)


def in_words(choice: str, typed: str) -> Place:
    """The person's own words as a place, matched to no street."""
    return place(choice, typed, typed)


def _options(walk: Walk, step: Step) -> tuple[Option, ...]:
    if step.kind == "place_text":
        return (Option("keep", texts.KEEP_MY_WORDS),) if walk.st.keep else ()
    return tuple(Option(o.key, walk.shop(o.label)) for o in step.options)


def _prompt(walk: Walk, step: Step) -> str:
    if step.kind == "place_text" and walk.st.keep:
        return fill(texts.ASK_WHERE_AGAIN, typed=walk.st.keep)
    return step.prompt


def _show(flow: Flow, step: Step, answers: dict[str, JSON], ctx: Context) -> str:
    value = answers.get(step.id)
    if isinstance(value, dict) and value.get("choice") == "elsewhere":
        # "Somewhere else" is only the way in: the street or landmark step says where.
        later = flow.steps[flow.index(step.id) + 1 :]
        value = next(
            (answers[s.id] for s in later if s.kind == "place_text" and s.id in answers), value
        )
    if not isinstance(value, dict):
        return str(value)
    if value.get("choice") == "shop":
        return fill(texts.AT_SHOP_SUMMARY, shop=ctx.shop_name)
    location = str(value.get("location") or "")
    street = value.get("street")
    if street and is_coordinates(location):
        return fill(texts.SHARED_NEAR, street=street)
    if street and street != location:
        return fill(texts.NEAR_STREET, location=location, street=street)
    return location


def read_place(walk: Walk, step: Step, inp: UserInput) -> Result:
    """Read a place at either kind of place step."""
    ctx, st = walk.ctx, walk.st
    if inp.choice == "shop":
        st.keep = None
        return walk.accept(step, place("shop", None, ctx.shop_name, ctx.shop_street))
    if inp.choice == "elsewhere":
        return walk.accept(step, place("elsewhere"))
    if inp.choice == "keep":
        typed = st.keep or ""
        st.keep = None
        return walk.accept(step, in_words("keep", typed))
    if inp.location is not None:
        return _shared(walk, step, inp)
    text = (inp.text or "").strip()[:MAX_TEXT]
    if not text:
        return walk.again(texts.HINT_WHERE)
    offered = walk.offered()
    # An option's words as they are on it: Telegram's keyboard that also shares a location
    # sends a tapped option so, as text.
    key = next((o.key for o in offered if normalise(o.label) == normalise(text)), None)
    if key is not None:
        return read_place(walk, step, UserInput(choice=key))
    aliases = dict(step.aliases)
    if step.kind == "place":
        key = parse_choice(text, offered, aliases, cutoff=101)
        if key in ("shop", "elsewhere"):
            return read_place(walk, step, UserInput(choice=key))
        if parse_yes_no(text) is not None:
            return walk.again(texts.HINT_CHOICE)
    match = match_street(text, ctx.streets)
    if match.street is not None and match.sure:
        st.keep = None
        return walk.accept(step, at_street("typed", text, match.street))
    if step.kind == "place":
        # A typo of a button ("somwhere else") counts only when it is a close one.
        key = parse_choice(text, offered, aliases, cutoff=88)
        if key in ("shop", "elsewhere"):
            return read_place(walk, step, UserInput(choice=key))
    if match.street is not None:
        st.guess = StreetGuess(step.id, match.street.name, text)
        return walk.goto(f"{step.id}{CHECK}")
    if sum(c.isalpha() for c in text) >= 3:
        st.keep = None
        return walk.accept(step, in_words("typed", text))
    return walk.again(texts.HINT_WHERE)


def _shared(walk: Walk, step: Step, inp: UserInput) -> Result:
    """A location shared from the phone: matched to the nearest known street."""
    assert inp.location is not None
    lat, lon = inp.location.latitude, inp.location.longitude
    if not (
        isinstance(lat, int | float)
        and isinstance(lon, int | float)
        and math.isfinite(lat)
        and math.isfinite(lon)
        and -90 <= lat <= 90
        and -180 <= lon <= 180
    ):
        return walk.again(texts.HINT_WHERE)
    near = nearest_street(lat, lon, walk.ctx.streets)
    where = (inp.location.address or "").strip()[:MAX_TEXT] or f"{lat:.5f}, {lon:.5f}"
    walk.st.keep = None
    shared = place("shared", None, where, near.name if near else None, float(lat), float(lon))
    away = distance_from_area(float(lat), float(lon), walk.ctx.streets)
    if away is not None and away > FAR_M:
        # Far outside the area: a phone's stale fix, or a place the police here do not cover.
        walk.st.far = {"step": step.id, "place": shared, "metres": round(away)}
        return walk.goto(f"{step.id}{FAR}")
    return walk.accept(step, shared)


for _kind in ("place", "place_text"):
    reader(
        _kind,
        hint=texts.HINT_WHERE,
        show=_show,
        options=_options,
        prompt=_prompt,
        takes_location=True,
    )(read_place)
