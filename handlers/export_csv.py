"""`export` in the chat: the BID's cases as a CSV that opens in Excel as it should.

UTF-8 with a byte-order mark (Excel reads it as UTF-8 then), one column per answer (the
question's label, shared by the flows that ask it), times in London time.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from flows import registry, texts
from flows.kinds import READERS
from flows.model import Context
from storage import cases
from storage.models import Case, CaseEvent, Shop

FIXED = (
    "Reference",
    "Kind",
    "Status",
    "Outcome",
    "CAD or crime number",
    "Shop",
    "Reported by",
    "Reported at",
    "Happened at",
    "Where",
    "Street",
    "First police action at",
    "Photos",
    "Updates",
)


def _local(at: datetime | None, tz: ZoneInfo) -> str:
    return "" if at is None else at.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def answer_labels() -> list[str]:
    """Every answer's column, in the order the flows ask them, each label once."""
    labels: list[str] = []
    for kind in registry.kinds():
        for step in registry.FLOWS[kind].steps:
            if step.in_summary and step.label not in labels:
                labels.append(step.label)
    return labels


def answer_words(case: Case, shop: Shop, now: datetime, tz: ZoneInfo) -> dict[str, str]:
    """The case's answers as the reporter's summary shows them, by label."""
    flow = registry.FLOWS.get(case.kind)
    if flow is None:
        return {}
    ctx = Context(now=now, tz=tz, streets=(), shop_name=shop.name, shop_street=shop.street)
    words: dict[str, str] = {}
    for step in flow.steps:
        if not step.in_summary or step.id not in case.answers:
            continue
        reader = READERS[step.kind]
        value = case.answers.get(step.id)
        words[step.label] = (
            reader.none_text if value is None else reader.show(flow, step, case.answers, ctx)
        )
    return words


def _first_police(events: list[CaseEvent]) -> datetime | None:
    return min((e.at for e in events if e.author_role == "officer"), default=None)


async def export_csv(
    session: AsyncSession, *, bid_id: int, since: datetime, now: datetime, tz: ZoneInfo
) -> tuple[bytes, int]:
    """The CSV's bytes and how many cases it holds."""
    rows = await cases.cases_for_export(session, bid_id=bid_id, since=since)
    events = await cases.events_for_cases(session, case_ids=[c.id for c, *_ in rows if c.id])
    labels = answer_labels()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*FIXED, *labels])
    for case, _bid, shop, reporter in rows:
        timeline = events.get(case.id or 0, [])
        answers = answer_words(case, shop, now, tz)
        updates = " | ".join(
            f"{_local(e.at, tz)} {e.author_role}: {e.text}"
            for e in timeline
            if e.action != "filed"
        )
        writer.writerow(
            [
                case.ref,
                registry.name_of(case.kind),
                texts.STATUS_WORDS.get(case.status, case.status),
                texts.OUTCOME_WORDS.get(case.outcome or "", case.outcome or ""),
                case.crn or "",
                shop.name,
                reporter.display_name,
                _local(case.created_at, tz),
                _local(case.occurred_at, tz),
                case.location,
                case.street or "",
                _local(_first_police(timeline), tz),
                len(case.attachments),
                updates,
                *(answers.get(label, "") for label in labels),
            ]
        )
    return out.getvalue().encode("utf-8-sig"), len(rows)
