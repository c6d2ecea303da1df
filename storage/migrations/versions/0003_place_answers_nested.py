"""cases.answers: each place step's answer under its own step

Until now a report kept one place at the top of its answers (location, street, latitude,
longitude), whichever step found it, so two place steps could overwrite each other. Each place
step now stores {choice, text, location, street, latitude, longitude} under its own id.
The logic is frozen here (not imported) so that later code changes cannot alter this step.

Revision ID: 0003
Revises: 0002
"""

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PLACE = ("location", "street", "latitude", "longitude")


def _nested(answers: dict[str, Any]) -> dict[str, Any]:
    if isinstance(answers.get("where"), dict):
        return answers  # already in the new shape
    out = {k: v for k, v in answers.items() if k not in _PLACE}
    place = {k: answers.get(k) for k in _PLACE}
    where = answers.get("where")
    if isinstance(where, str):
        here = "where_other" not in answers
        out["where"] = {
            "choice": where,
            "text": out.pop("where_text", None),
            **(place if here else dict.fromkeys(_PLACE)),
        }
    if isinstance(answers.get("where_other"), str):
        out["where_other"] = {"choice": "typed", "text": answers["where_other"], **place}
    return out


def _flat(answers: dict[str, Any]) -> dict[str, Any]:
    out = dict(answers)
    where, other = out.get("where"), out.get("where_other")
    found: dict[str, Any] = {}
    if isinstance(where, dict):
        out["where"] = where.get("choice")
        if where.get("text") is not None:
            out["where_text"] = where["text"]
        found = where if where.get("location") else found
    if isinstance(other, dict):
        out["where_other"] = other.get("text")
        found = other if other.get("location") else found
    out.update({k: found.get(k) for k in _PLACE})
    return out


def _rewrite(change: Any) -> None:
    cases = sa.table("cases", sa.column("id", sa.Integer), sa.column("answers", sa.JSON))
    bind = op.get_bind()
    for row in bind.execute(sa.select(cases.c.id, cases.c.answers)).all():
        answers = row.answers if isinstance(row.answers, dict) else json.loads(row.answers or "{}")
        new = change(answers)
        if new != answers:
            bind.execute(sa.update(cases).where(cases.c.id == row.id).values(answers=new))


def upgrade() -> None:
    _rewrite(_nested)


def downgrade() -> None:
    _rewrite(_flat)
