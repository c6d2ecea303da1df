"""How a time reading is judged, and the score of a labelled set; shared by the time reader's
test and `bench/time_reader.py`.

A reading is right (an exact time that matches, or a refusal of a time to come or too old),
asked back (a window, a day, choices or "unreadable" where the label allows asking), or wrong: an
exact time that does not match, a refusal of a time that can be used, or a question about the
wrong span. Wrong must stay at zero.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bench.shared_data import shared_file
from flows.reading.times import Kind, TimeReading, read_time

LONDON = ZoneInfo("Europe/London")
# ../shared/data from the project root, as the data's README asks.
SLACK = timedelta(seconds=60)


@dataclass(frozen=True)
class Label:
    """What a phrase should read as: `kind`, and `when` or the window and choices to ask in."""

    kind: Kind
    when: datetime | None = None
    start: datetime | None = None
    end: datetime | None = None
    choices: tuple[datetime, ...] = ()

    @property
    def unambiguous(self) -> bool:
        return self.kind in {Kind.EXACT, Kind.FUTURE, Kind.TOO_OLD}


@dataclass(frozen=True)
class Case:
    now: datetime
    text: str
    label: Label


def utc(when: datetime) -> datetime:
    # Within one zone Python compares wall clocks and ignores `fold`: compare in UTC.
    return when.astimezone(UTC)


def same(a: datetime | None, b: datetime | None) -> bool:
    return a is not None and b is not None and abs(utc(a) - utc(b)) <= SLACK


def judge(case: Case, got: TimeReading) -> str:
    """ "right", "asked" or "wrong" (with a reason) for one reading of a labelled phrase."""
    want = case.label
    if got.kind is Kind.EXACT:
        if want.kind is Kind.EXACT and same(got.when, want.when):
            return "right"
        return f"wrong: read {got.when} for {want.kind.value} {want.when or ''}"
    if got.kind in {Kind.FUTURE, Kind.TOO_OLD}:
        if got.kind is want.kind:
            return "right"
        return f"wrong: said {got.kind.value}, label {want.kind.value}"
    if want.kind in {Kind.VAGUE, Kind.DAY}:
        if got.kind is Kind.UNREADABLE:
            return "asked: unreadable, where a window was there to ask about"
        w = got.window
        assert w is not None
        if got.kind is not want.kind or not (same(w.start, want.start) and same(w.end, want.end)):
            asked = f"{got.kind.value} {w.start}–{w.end}"
            return f"wrong: asked {asked}, label {want.start}–{want.end}"
        if want.choices and [utc(c) for c in w.choices] != [utc(c) for c in want.choices]:
            return f"wrong: offered {w.choices}, label {want.choices}"
    return "asked"


def score(results: list[tuple[Case, str]]) -> dict[str, int]:
    """Counts: total, unambiguous, read (right where unambiguous), asked, wrong."""
    counts: Counter[str] = Counter()
    for case, verdict in results:
        counts["total"] += 1
        counts["unambiguous"] += case.label.unambiguous
        counts["read"] += verdict == "right" and case.label.unambiguous
        counts["asked"] += verdict.startswith("asked")
        counts["wrong"] += verdict.startswith("wrong")
    return dict(counts)


def show(title: str, counts: dict[str, int]) -> str:
    un = counts.get("unambiguous", 0)
    share = 100 * counts.get("read", 0) / un if un else 0.0
    return (
        f"{title}: {counts.get('total', 0)} phrases, read {counts.get('read', 0)}/{un} "
        f"unambiguous ({share:.1f}%), asked back {counts.get('asked', 0)}, "
        f"wrong {counts.get('wrong', 0)}"
    )


def run(cases: list[Case]) -> list[tuple[Case, str]]:
    return [(c, judge(c, read_time(c.text, c.now, LONDON))) for c in cases]


# --- dateparser's English cases, judged as the file's `how_to_judge` says -------------------


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text).astimezone(LONDON) if text else None


def load_dateparser() -> list[dict[str, object]]:
    """The cases of the shared dateparser_cases.json (dateparser's tests, BSD-3-Clause)."""
    return list(json.loads(shared_file("dateparser_cases.json").read_text())["cases"])


def judge_dateparser(case: dict[str, object], got: TimeReading) -> str:
    """ "right", "asked" or "wrong: …" for one dateparser case."""
    expected = _moment(case["expected"])  # type: ignore[arg-type]
    also = [_moment(t) for t in case["also_ok"]]  # type: ignore[attr-defined]
    windows = [(_moment(a), _moment(b)) for a, b in case["windows"]]  # type: ignore[attr-defined]
    refuse = bool(case["expect_refusal"])
    refusal_ok = bool(case["refusal_ok"])

    def fits(when: datetime) -> bool:
        if any(same(when, w) for w in (expected, *also)):
            return True
        inside = any(utc(a) <= utc(when) <= utc(b) for a, b in windows)  # type: ignore[arg-type]
        return not case["date_only"] and inside

    if refuse:
        if got.kind in {Kind.FUTURE, Kind.TOO_OLD, Kind.UNREADABLE}:
            return "right" if got.kind is not Kind.UNREADABLE else "asked"
        return f"wrong: {got.kind.value} for a phrase to refuse"
    if got.kind is Kind.EXACT:
        assert got.when is not None
        return "right" if fits(got.when) else f"wrong: read {got.when}"
    if got.kind in {Kind.FUTURE, Kind.TOO_OLD}:
        # Refusing is fine where the file allows it (a date over 30 days old, say).
        return "asked" if refusal_ok else f"wrong: refused ({got.kind.value})"
    if got.kind is Kind.UNREADABLE:
        return "asked"
    w = got.window
    assert w is not None
    spans = windows or [(t, t) for t in (expected, *also) if t is not None]
    if any(utc(a) <= utc(w.end) and utc(w.start) <= utc(b) for a, b in spans):  # type: ignore[arg-type]
        return "asked"
    return f"wrong: asked about {w.start}–{w.end}"


def run_dateparser(cases: list[dict[str, object]]) -> list[tuple[dict[str, object], str]]:
    out = []
    for case in cases:
        now = _moment(case["now"])  # type: ignore[arg-type]
        assert now is not None
        out.append((case, judge_dateparser(case, read_time(str(case["text"]), now, LONDON))))
    return out


def score_dateparser(results: list[tuple[dict[str, object], str]]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for case, verdict in results:
        counts["total"] += 1
        counts["unambiguous"] += bool(case["unambiguous"])
        counts["read"] += verdict == "right" and bool(case["unambiguous"])
        counts["asked"] += verdict == "asked"
        counts["wrong"] += verdict.startswith("wrong")
    return dict(counts)
