"""The console's token: a secret in a file only its owner can read, made once, sent by `chat`."""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

log = logging.getLogger(__name__)

HEADER = "X-ShopWatch-Console-Token"


def ensure_token(path: str | Path) -> str:
    """The token in `path`, made owner-only (0600) if there is none; a looser file is tightened."""
    file = Path(path)
    try:
        return read_token(file)
    except FileNotFoundError:
        file.unlink(missing_ok=True)  # an empty file is no token
    file.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    try:
        descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return read_token(file)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(token + "\n")
    log.info("console: made a new token in %s (owner-only)", file)
    return token


def read_token(path: str | Path) -> str:
    """The token kept in `path`; raises FileNotFoundError when there is none yet."""
    file = Path(path)
    mode = stat.S_IMODE(file.stat().st_mode)
    if mode & 0o077:
        os.chmod(file, 0o600)
        log.warning("console: %s was readable by others; now owner-only", file)
    token = file.read_text(encoding="utf-8").strip()
    if not token:
        raise FileNotFoundError(f"{file} is empty")
    return token
