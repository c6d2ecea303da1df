"""ORM objects made from a row the database driver read, in a session as if it had loaded them.

The ORM's own loading of a row (its execution context, cache key, loaders for each entity)
cost several times the statement on the few reads every message makes. Read on the driver
(storage.driver), the row becomes the same persistent objects through SQLAlchemy's documented
path for this (`make_transient_to_detached`, then `Session.add`, which emits no SQL): their
changes are flushed, `Session.get` finds them, and they are the session's like any it loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state, set_committed_value


class Shape:
    """Where one entity's columns lie in a row: `start` and the table's attribute names."""

    def __init__(self, cls: type[Any], start: int) -> None:
        self.cls = cls
        table: Table = cls.__table__
        self.keys = tuple(column.key for column in table.columns)
        self.start, self.end = start, start + len(self.keys)
        self._new = cls.__mapper__.class_manager.new_instance
        self._pk_at = tuple(
            start + self.keys.index(key) for key in table.primary_key.columns.keys()
        )

    def attach(self, session: AsyncSession, row: Sequence[Any]) -> Any:
        """The entity in `row`, persistent in `session`; None when its key is NULL (an outer
        join found none). One already in the session stays as it is, as the ORM keeps it."""
        key = tuple(row[i] for i in self._pk_at)
        if key[0] is None:
            return None
        sync = session.sync_session
        present = sync.identity_map.get(self.cls.__mapper__.identity_key_from_primary_key(key))
        if present is not None:
            # As the ORM's loading does: what it holds stays, what it had expired is filled in.
            for name in instance_state(present).unloaded:
                set_committed_value(present, name, row[self.start + self.keys.index(name)])
            return present
        instance = self.detached(row)
        sync.add(instance)
        return instance

    def detached(self, row: Sequence[Any]) -> Any:
        """The entity in `row` as a session that loaded it and closed would leave it."""
        instance = self._new()  # as the ORM's loading makes one (SQLModel's __new__ included)
        instance.__dict__.update(zip(self.keys, row[self.start : self.end], strict=True))
        make_transient_to_detached(instance)
        return instance


def shapes(*classes: type[Any]) -> list[Shape]:
    """The shapes of entities whose columns follow each other in a row, in this order."""
    out: list[Shape] = []
    for cls in classes:
        out.append(Shape(cls, out[-1].end if out else 0))
    return out
