"""How cases read in the chat: one-line summaries, the full report, update pushes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from flows import registry, texts
from flows.describe import describe
from flows.format import format_time
from flows.model import Context
from flows.reading.streets import is_coordinates
from flows.reading.words import normalise
from flows.template import fill
from storage.models import Case, CaseEvent, Member, Shop


def place(case: Case) -> str:
    """Where it happened as people read it: at the shop, or their words and the street near."""
    if at_shop(case):
        return fill(texts.AT_SHOP_SUMMARY, shop=case.location)
    if case.street and is_coordinates(case.location):
        return case.street
    if case.street and normalise(case.location) != normalise(case.street):
        return fill(texts.NEAR_STREET, location=case.location, street=case.street)
    return case.street or case.location


def street_of(case: Case) -> str:
    """The street a case is counted under (in the digest), else the words given."""
    return case.street or case.location


def at_shop(case: Case) -> bool:
    """Whether it happened at the reporter's own shop."""
    where = case.answers.get("where")
    return isinstance(where, dict) and where.get("choice") == "shop"


def kind_words(case: Case) -> str:
    return registry.name_of(case.kind)


def status_words(case: Case) -> str:
    words = texts.STATUS_WORDS.get(case.status, case.status)
    if case.status == "closed" and case.outcome:
        words += f" ({texts.OUTCOME_WORDS.get(case.outcome, case.outcome)})"
    return words


def case_line(case: Case, tz: ZoneInfo) -> str:
    return fill(
        texts.CASE_LINE,
        ref=case.ref,
        kind=kind_words(case),
        when=format_time(case.occurred_at, tz),
        where=place(case),
        status=status_words(case),
    )


def answer_lines(
    case: Case,
    shop: Shop,
    now: datetime,
    tz: ZoneInfo,
    only: tuple[str, ...] | None = None,
    skip_unanswered: bool = False,
) -> list[str]:
    """The report's answers in the same words as the summary the reporter confirmed."""
    ctx = Context(now=now, tz=tz, streets=(), shop_name=shop.name, shop_street=shop.street)
    answers = case.answers
    if skip_unanswered:
        answers = {key: value for key, value in answers.items() if value is not None}
    return describe(case.kind, answers, ctx, only)


def headlines(case: Case, keys: tuple[str, ...] | None = None) -> list[str]:
    """The lines that head an alert or case view (danger first), from steps with a headline."""
    flow = registry.FLOWS.get(case.kind)
    if flow is None:
        return []
    steps = [flow.step(key) for key in keys] if keys is not None else list(flow.steps)
    lines = []
    for step in steps:
        if step is None or not step.headline or step.id not in case.answers:
            continue
        answer = case.answers[step.id]
        lines += [text for value, text in step.headline if value == answer][:1]
    return lines


def _headed(case: Case) -> tuple[str, ...]:
    flow = registry.FLOWS.get(case.kind)
    return tuple(s.id for s in flow.steps if s.headline) if flow else ()


def alert_lines(case: Case, shop: Shop, now: datetime, tz: ZoneInfo) -> list[str]:
    """What an officer needs at a glance, as the case's flow chose; the rest is in `case`.

    Headlines first (was anyone hurt), then each chosen answer the reporter gave; questions
    they skipped are left out, to keep it short enough for a phone.
    """
    flow = registry.FLOWS.get(case.kind)
    keys = flow.alert if flow else ()
    rest = tuple(key for key in keys if key not in _headed(case))
    details = answer_lines(case, shop, now, tz, rest, skip_unanswered=True)
    return headlines(case, keys) + details


def case_detail(
    case: Case,
    shop: Shop,
    events: list[tuple[CaseEvent, str]],
    now: datetime,
    tz: ZoneInfo,
    notes: Sequence[str] = (),
) -> str:
    """The whole case: its head, headlines, `notes` (who reported it, links), answers, timeline."""
    lines = [
        fill(
            texts.CASE_HEAD,
            ref=case.ref,
            kind=kind_words(case),
            status=status_words(case),
            when=format_time(case.occurred_at, tz),
            where=place(case),
            shop=shop.name,
        )
    ]
    lines += headlines(case)
    if case.crn:
        lines.append(fill(texts.CASE_CRN, crn=case.crn))
    lines += notes
    lines.append(texts.CASE_ANSWERS)
    headed = _headed(case)
    flow = registry.FLOWS.get(case.kind)
    shown = tuple(s.id for s in flow.steps if s.id not in headed) if flow else None
    lines += [f"- {line}" for line in answer_lines(case, shop, now, tz, shown)]
    if case.attachments:
        lines.append(fill(texts.CASE_PHOTOS, count=len(case.attachments)))
    lines.append(texts.CASE_TIMELINE)
    lines += [
        fill(texts.TIMELINE_LINE, at=format_time(event.at, tz), who=who, text=event.text)
        for event, who in events
    ]
    return "\n".join(lines)


def update_push(case: Case, author: Member, text: str, tz: ZoneInfo) -> str:
    """ "Update on WE-1042 (shoplifting, Tue 14:05, Coventry Street): PC Patel - …"."""
    return fill(
        texts.UPDATE_PUSH,
        ref=case.ref,
        kind=kind_words(case),
        when=format_time(case.occurred_at, tz),
        where=place(case),
        who=author.display_name,
        text=text,
        status=status_words(case),
    )
