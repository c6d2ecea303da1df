"""How cases read in the chat: one-line summaries, the full report, update pushes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flows import engine, texts
from flows.model import Context
from flows.parse import format_time
from storage.models import Case, CaseEvent, Member, Shop

# What an officer needs at a glance in an alert; the rest is one `case REF` away.
ALERT_FACTS = (
    "theft_type", "behaviour", "category", "what", "items", "value", "offenders",
    "vehicle_type", "vehicle_colour", "plate", "description", "held",
)  # fmt: skip


def place(case: Case) -> str:
    return case.street or case.location


def kind_words(case: Case) -> str:
    return texts.KIND_NAMES.get(case.kind, case.kind)


def status_words(case: Case) -> str:
    words = texts.STATUS_WORDS.get(case.status, case.status)
    if case.status == "closed" and case.outcome:
        words += f" ({texts.OUTCOME_WORDS.get(case.outcome, case.outcome)})"
    return words


def case_line(case: Case, tz: ZoneInfo) -> str:
    return texts.CASE_LINE.format(
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
    return engine.describe(case.kind, case.answers, ctx, only)


def case_detail(
    case: Case,
    shop: Shop,
    events: list[tuple[CaseEvent, str]],
    now: datetime,
    tz: ZoneInfo,
) -> str:
    lines = [
        texts.CASE_HEAD.format(
            ref=case.ref,
            kind=kind_words(case),
            status=status_words(case),
            when=format_time(case.occurred_at, tz),
            where=case.location,
            shop=shop.name,
        )
    ]
    if case.crn:
        lines.append(texts.CASE_CRN.format(crn=case.crn))
    lines.append(texts.CASE_ANSWERS)
    lines += [f"- {line}" for line in answer_lines(case, shop, now, tz)]
    if case.attachments:
        lines.append(texts.CASE_PHOTOS.format(count=len(case.attachments)))
    lines.append(texts.CASE_TIMELINE)
    lines += [
        texts.TIMELINE_LINE.format(at=format_time(event.at, tz), who=who, text=event.text)
        for event, who in events
    ]
    return "\n".join(lines)


def update_push(case: Case, author: Member, text: str, tz: ZoneInfo) -> str:
    """ "Update on WE-1042 (shoplifting, Tue 14:05, Coventry Street): PC Patel - …"."""
    return texts.UPDATE_PUSH.format(
        ref=case.ref,
        kind=kind_words(case),
        when=format_time(case.occurred_at, tz),
        where=place(case),
        who=author.display_name,
        text=text,
        status=status_words(case),
    )
