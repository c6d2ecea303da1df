"""Who is at the command line, for the audit log of what they read or changed."""

from __future__ import annotations

import getpass


def shell_user() -> str:
    """The operating-system user running the command (the audit log's "who")."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER, as in some containers
        return "unknown"


def by_operator(what: str) -> str:
    """An audit detail for a command-line action: `shell user alice: export cases`."""
    return f"shell user {shell_user()}: {what}"


def operator_of(detail: str) -> tuple[str, str] | None:
    """(who, what) of a detail `by_operator` wrote; None for any other detail."""
    if not detail.startswith("shell user "):
        return None
    who, sep, what = detail.partition(": ")
    return (who, what) if sep else (who, "")
