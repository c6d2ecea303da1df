"""What an evidence pack prints, gathered by the caller (handlers/packs.py).

Kept apart from the drawing (handlers/pack_pdf.py) so that reading a case never loads fpdf,
which brings numpy and fontTools (about 35 MB of a process's memory) only when a pack is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class TimelineEntry:
    """One update, reply or status change on the case."""

    at: datetime  # timezone-aware
    who: str  # "PC Patel (police officer)"
    text: str
    status: str  # the status words after it: "being looked into"


@dataclass(frozen=True)
class Pack:
    """Everything the evidence pack prints, gathered by the caller."""

    ref: str
    kind_words: str  # "shoplifting"
    status: str  # "being looked into"
    reporter_name: str
    reporter_role: str  # words: "shop staff"
    shop: str
    shop_street: str | None
    occurred_at: datetime
    created_at: datetime
    location: str
    statement: Sequence[str]  # paragraphs from flows.statement
    timeline: Sequence[TimelineEntry]
    photos: Sequence[Path]
    linked_refs: Sequence[str]
    crn: str | None
    generated_at: datetime
    generated_by: str
    tz: ZoneInfo = field(default=LONDON)
