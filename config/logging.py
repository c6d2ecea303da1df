"""Logging set-up: one line per record, plain or JSON, tagged with the request it belongs to,
with tokens and secrets masked everywhere in the line, tracebacks included."""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
import traceback
import weakref
from contextvars import ContextVar
from datetime import UTC, datetime
from types import TracebackType
from typing import Literal, TextIO
from urllib.parse import quote

LogFormat = Literal["plain", "json"]

# The inbound request or update being handled (set by bot.request_id); None outside one.
request_id: ContextVar[str | None] = ContextVar("shopwatch_request_id", default=None)

# Bot tokens appear in Bot API URLs (…/bot123:ABC/sendMessage); Twilio creds in Basic auth.
_BOT_TOKEN = re.compile(r"bot\d+:[A-Za-z0-9_-]+")
_BASIC_AUTH = re.compile(r"(?i)(authorization:\s*basic\s+)[A-Za-z0-9+/=]+")
# Every one alive, so a secret learnt later (the console token) reaches them all.
_REDACTORS: weakref.WeakSet[Redactor] = weakref.WeakSet()


def mask_secret(secret: str) -> None:
    """A secret learnt after logging was set up: mask it in every line from now on."""
    for redactor in _REDACTORS:
        redactor.add(secret)


class Redactor:
    """Masks bot tokens and the known secret values (as given and URL-encoded) in text."""

    def __init__(self, secrets: list[str]) -> None:
        self._secrets: list[str] = []
        for secret in secrets:
            self.add(secret)
        _REDACTORS.add(self)

    def add(self, secret: str) -> None:
        """Mask `secret` too from now on (one made at start-up, such as the console token)."""
        if not secret or len(secret) < 6:
            return
        values = {*self._secrets, secret, quote(secret, safe="")}
        # Longest first, so a secret that contains another is masked whole.
        self._secrets = sorted(values, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        text = _BOT_TOKEN.sub("bot***", text)
        return _BASIC_AUTH.sub(r"\1***", text)


class _RequestIdFilter(logging.Filter):
    """Stamps each record with the current request id (unless `extra=` already gave one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id.get()
        return True


class PlainFormatter(logging.Formatter):
    """`time LEVEL logger [request]: message`, then any traceback, all of it redacted."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(request_tag)s: %(message)s")
        self._redact = redact

    def format(self, record: logging.LogRecord) -> str:
        rid = getattr(record, "request_id", None)
        record.request_tag = f" [{rid}]" if rid else ""
        return self._redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line; every text field redacted before it is encoded."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self._redact = redact

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", None),
            "message": self._redact(record.getMessage()),
        }
        if record.exc_info:
            entry["exception"] = self._redact(self.formatException(record.exc_info))
        if record.stack_info:
            entry["stack"] = self._redact(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False)


def make_handler(
    secrets: list[str], *, fmt: LogFormat = "plain", stream: TextIO | None = None
) -> logging.Handler:
    """A stderr handler (or `stream`) that writes our line format with secrets masked."""
    redact = Redactor(secrets)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(redact) if fmt == "json" else PlainFormatter(redact))
    handler.addFilter(_RequestIdFilter())
    return handler


def redact_records(redact: Redactor) -> None:
    """Mask secrets in each record as it is made (message and traceback), so every handler
    gets them masked: ours, uvicorn's, a test's, whatever formats them."""
    make = logging.getLogRecordFactory()
    if getattr(make, "redacts", None) is redact:
        return

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = make(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the formatter to report
            return record
        record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[1] is not None:
            lines = traceback.format_exception(*record.exc_info)
            record.exc_text = redact("".join(lines).rstrip("\n"))
        return record

    factory.redacts = redact  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def setup_logging(
    secrets: list[str], level: int | str = logging.INFO, *, fmt: LogFormat = "plain"
) -> None:
    """One line per record on stderr, with secrets masked; uncaught errors go the same way."""
    root = logging.getLogger()
    handler = make_handler(secrets, fmt=fmt)
    root.handlers[:] = [handler]
    redact_records(Redactor(secrets))
    root.setLevel(level)
    # httpx logs every request URL, which for the Bot API contains the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # Python prints an uncaught exception's traceback itself, past our redaction; route it here.
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread


def _log_uncaught(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    logging.getLogger("shopwatch").critical("uncaught error", exc_info=(kind, value, tb))


def _log_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or issubclass(args.exc_type, SystemExit):
        return
    name = args.thread.name if args.thread else "a thread"
    logging.getLogger("shopwatch").critical(
        "uncaught error in %s", name, exc_info=(args.exc_type, args.exc_value, args.exc_traceback)
    )
