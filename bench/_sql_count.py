"""`python -m bench._sql_count serve --port N`: `shopwatch serve`, counting its SQL.

Every statement any engine runs is counted by its text (parameters are already placeholders),
with commits and rollbacks; SIGUSR1 starts the count afresh (so start-up is left out), and the
counts are written as JSON to $BENCH_SQL_COUNTS when the process stops. (uvicorn, once shut
down, raises the SIGTERM it caught again, so the count is written by that signal's handler:
an atexit hook would never run.)
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
from collections import Counter
from pathlib import Path
from types import FrameType
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from bot.cli import main

COUNTS: Counter[str] = Counter()
_SPACES = re.compile(r"\s+")
_LISTS = re.compile(r"\((?:\s*(?:\?|\$\d+|%\(\w+\)s)\s*,)+\s*(?:\?|\$\d+|%\(\w+\)s)\s*\)")


def shape(statement: str) -> str:
    """One line per kind of statement: spaces squeezed, placeholder lists folded."""
    return _LISTS.sub("(…)", _SPACES.sub(" ", statement).strip())


@event.listens_for(Engine, "before_cursor_execute")
def _statement(*args: Any) -> None:
    COUNTS[shape(args[2])] += 1


@event.listens_for(Engine, "commit")
def _commit(conn: Any) -> None:
    COUNTS["COMMIT"] += 1


@event.listens_for(Engine, "rollback")
def _rollback(conn: Any) -> None:
    COUNTS["ROLLBACK"] += 1


def _restart(signum: int, frame: FrameType | None) -> None:
    COUNTS.clear()


def _write_and_stop(signum: int, frame: FrameType | None) -> None:
    Path(os.environ["BENCH_SQL_COUNTS"]).write_text(json.dumps(dict(COUNTS)))
    raise SystemExit(0)


if __name__ == "__main__":
    signal.signal(signal.SIGUSR1, _restart)
    signal.signal(signal.SIGTERM, _write_and_stop)
    sys.argv[0] = "shopwatch"
    main()
