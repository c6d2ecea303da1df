"""Case export as JSON or CSV, in the shape CONTRACT.md names."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage import cases
from storage.channels import kind

CSV_COLUMNS = (
    "ref",
    "kind",
    "status",
    "outcome",
    "crn",
    "bid",
    "shop",
    "reporter",
    "channel",
    "created_at",
    "occurred_at",
    "location",
    "street",
    "latitude",
    "longitude",
    "answers",
    "attachments",
    "updates",
)


async def case_records(
    session: AsyncSession, *, bid_id: int | None, since: datetime | None
) -> list[dict[str, Any]]:
    rows = await cases.cases_for_export(session, bid_id=bid_id, since=since)
    events = await cases.events_for_cases(session, case_ids=[c.id for c, *_ in rows if c.id])
    return [
        {
            "ref": case.ref,
            "kind": case.kind,
            "status": case.status,
            "outcome": case.outcome,
            "crn": case.crn,
            "bid": bid.code,
            "shop": shop.name,
            "reporter": reporter.display_name,
            "channel": kind(case.channel),  # the platform, whichever bot of it
            "created_at": case.created_at.isoformat(),
            "occurred_at": case.occurred_at.isoformat(),
            "location": case.location,
            "street": case.street,
            "latitude": case.latitude,
            "longitude": case.longitude,
            "answers": case.answers,
            "attachments": case.attachments,
            "updates": [
                {
                    "at": event.at.isoformat(),
                    "author_role": event.author_role,
                    "action": event.action,
                    "text": event.text,
                    "status": event.status,
                }
                for event in events.get(case.id or 0, [])
                if event.action != "filed"
            ],
        }
        for case, bid, shop, reporter in rows
    ]


async def export_cases(
    session: AsyncSession, *, bid_id: int | None, since: datetime | None, fmt: str
) -> str:
    records = await case_records(session, bid_id=bid_id, since=since)
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(
            {
                key: json.dumps(value, ensure_ascii=False)
                if isinstance(value, dict | list)
                else ("" if value is None else value)
                for key, value in record.items()
            }
        )
    return out.getvalue()
