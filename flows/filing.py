"""A finished flow as a Report, ready for the dispatcher to store."""

from __future__ import annotations

import copy
import math
from datetime import datetime
from typing import TYPE_CHECKING

from flows import texts
from flows.kinds import SUMMARY
from flows.model import JSON, Outbound, Photo, Report, Result
from flows.photos import photos_of

if TYPE_CHECKING:
    from flows.walk import Walk


def file(walk: Walk) -> Result:
    """The finished report; the dispatcher thanks the person, so no message here."""
    walk.to_summary()
    if walk.st.q != SUMMARY:
        return walk.result()
    answers = walk.st.answers
    ctx = walk.ctx
    if walk.flow.step("when") is None:
        occurred_at = ctx.now.astimezone(ctx.tz)
    else:
        try:
            occurred_at = datetime.fromisoformat(str(answers.get("when")))
            if occurred_at.tzinfo is None:
                raise ValueError("naive time")
            occurred_at = occurred_at.astimezone(ctx.tz)
        except ValueError:
            answers.pop("when", None)
            walk.to_summary()
            return walk.result(Outbound(texts.HINT_WHEN))
    attachments = tuple(
        Photo(str(p.get("content_type", "")), str(p["source"]))
        for step in walk.flow.steps
        if step.kind == "photo"
        for p in photos_of(answers.get(step.id))
    )
    where = place_of(walk)
    street = where.get("street")
    report = Report(
        kind=walk.flow.kind,
        answers=copy.deepcopy(answers),
        occurred_at=occurred_at,
        location=str(where.get("location") or ctx.shop_name),
        street=street if isinstance(street, str) else None,
        latitude=_number(where.get("latitude")),
        longitude=_number(where.get("longitude")),
        attachments=attachments,
    )
    return Result(None, [], "filed", report)


def place_of(walk: Walk) -> dict[str, JSON]:
    """Where it happened: the last place step (in flow order) that found a place."""
    found: dict[str, JSON] = {}
    for step in walk.flow.steps:
        answer = walk.st.answers.get(step.id)
        if step.kind in ("place", "place_text") and isinstance(answer, dict):
            if answer.get("location"):
                found = answer
    return found


def _number(value: object) -> float | None:
    """A finite float, or None."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None
