"""How cases read in the chat: one-line summaries, the full report, update pushes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flows import registry, texts
from flows.describe import describe
from flows.format import format_time
from flows.model import Context
from flows.reading.words import normalise
from flows.template import fill
from storage.models import Case, CaseEvent, Member, Shop


def place(case: Case) -> str:
    """Where it happened as people read it: at the shop, or their words and the street near."""
    if at_shop(case):
        return fill(texts.AT_SHOP_SUMMARY, shop=case.location)
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
    case: Case, shop: Shop, now: datetime, tz: ZoneInfo, only: tuple[str, ...] | None = None
) -> list[str]:
    """The report's answers in the same words as the summary the reporter confirmed."""
    ctx = Context(now=now, tz=tz, streets=(), shop_name=shop.name, shop_street=shop.street)
    return describe(case.kind, case.answers, ctx, only)


def alert_lines(case: Case, shop: Shop, now: datetime, tz: ZoneInfo) -> list[str]:
    """What an officer needs at a glance, as the case's flow chose; the rest is in `case`."""
    flow = registry.FLOWS.get(case.kind)
    return answer_lines(case, shop, now, tz, flow.alert if flow else ())


def case_detail(
    case: Case,
    shop: Shop,
    events: list[tuple[CaseEvent, str]],
    now: datetime,
    tz: ZoneInfo,
) -> str:
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
    if case.crn:
        lines.append(fill(texts.CASE_CRN, crn=case.crn))
    lines.append(texts.CASE_ANSWERS)
    lines += [f"- {line}" for line in answer_lines(case, shop, now, tz)]
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
