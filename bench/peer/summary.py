"""Which question comes next, what a button means, and the summary people check before sending."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bench.peer.questions import LONDON, REPORT, Question
from flows import texts
from flows.photos import count_words

SUMMARY = "summary"
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def applies(q: Question, answers: dict[str, Any]) -> bool:
    return q.only_if is None or answers.get(q.only_if[0]) == q.only_if[1]


def next_after(answers: dict[str, Any], qid: str) -> str:
    index = next(i for i, q in enumerate(REPORT) if q.id == qid)
    return next((q.id for q in REPORT[index + 1 :] if applies(q, answers)), SUMMARY)


def first_missing(answers: dict[str, Any]) -> str:
    return next((q.id for q in REPORT if applies(q, answers) and q.id not in answers), SUMMARY)


def from_button(q: Question, key: str) -> Any:
    if key == "skip":
        return None
    if q.id in ("safety", "reported"):
        return key == "yes"
    if q.id == "when":
        return datetime.now(LONDON)
    return key


def shown(answers: dict[str, Any]) -> list[Question]:
    """The answered questions the summary lists (the street follows from "Where")."""
    return [q for q in REPORT if q.id in answers and q.id != "where_other" and applies(q, answers)]


def _show(q: Question, value: Any, answers: dict[str, Any], shop: str) -> str:
    if q.id == "value":
        return f"£{value:,.2f}" if isinstance(value, float) else texts.NOT_KNOWN
    if q.id == "where":
        if value == "shop":
            return texts.AT_SHOP_SUMMARY.replace("{shop}", shop)
        return str(answers.get("where_other") or answers.get("location") or "")
    if value is None:
        return texts.SKIPPED
    if isinstance(value, bool):
        return texts.YES if value else texts.NO
    if isinstance(value, datetime):
        local = value.astimezone(LONDON)
        return f"{_DAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]}, {local:%H:%M}"
    if q.id == "photo":
        return count_words(1)
    return dict(q.buttons).get(value, str(value))


def text(answers: dict[str, Any], shop: str) -> str:
    lines = [f"{q.label}: {_show(q, answers[q.id], answers, shop)}" for q in shown(answers)]
    return "\n".join([texts.SUMMARY_HEAD, "", *lines, "", texts.SUMMARY_ASK])
