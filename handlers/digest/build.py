"""A whole digest: the head, every section's lines, the chart; as a reply or a push."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from config.settings import Settings
from flows import texts
from flows.format import format_time
from flows.template import fill
from handlers.digest.chart import draw_chart
from handlers.digest.registry import DigestAsk, Part, run_sections
from handlers.generated import save_generated
from storage.digest import Window
from storage.models import Bid


@dataclass
class Digest:
    text: str
    period: str  # "in the last 7 days (to Mon 23 Nov, 08:00)"
    parts: dict[str, Part]


def period_words(window: Window, tz: ZoneInfo, *, since: bool) -> tuple[str, str]:
    """How the period reads, and how long it is ("7 days"), for the head."""
    length = window.end - window.mid
    end = format_time(window.end, tz)
    if since:
        start = format_time(window.mid, tz).split(",")[0]
        words = fill(texts.PERIOD_SINCE, start=start, end=end)
    elif round(length.total_seconds()) == 86400:
        words = fill(texts.PERIOD_DAY, end=end)
    else:
        words = fill(texts.PERIOD_DAYS, days=round(length.total_seconds() / 86400), end=end)
    days = length.total_seconds() / 86400
    long = (
        texts.LENGTH_DAY if round(days * 24) == 24 else fill(texts.LENGTH_DAYS, days=round(days))
    )
    return words, long


async def build_digest(
    session: AsyncSession,
    *,
    bid: Bid,
    window: Window,
    tz: ZoneInfo,
    now: datetime,
    since: bool = False,
) -> Digest:
    period, length = period_words(window, tz, since=since)
    parts = await run_sections(DigestAsk(session, bid, window, tz, now))
    lines = [
        fill(texts.DIGEST_HEAD, bid=bid.name, period=period),
        fill(texts.DIGEST_COMPARED, length=length),
    ]
    for part in parts.values():
        lines += ["", *part.lines]
    return Digest("\n".join(lines), period, parts)


async def chart_files(
    session: AsyncSession, *, digest: Digest, bid: Bid, settings: Settings, now: datetime
) -> list[dict[str, Any]]:
    """The digest's chart as a stored PNG, named as the outbox payload's `files`."""
    png = await asyncio.to_thread(draw_chart, digest, bid.name)
    stamp = now.strftime("%Y%m%d-%H%M")
    name = f"{bid.code}-digest-{stamp}.png"
    return [await save_generated(session, settings, data=png, name=name, kind="photo", now=now)]
