"""Logging set-up that keeps tokens and secrets out of the log."""

from __future__ import annotations

import logging
import re

# Bot tokens appear in Bot API URLs (…/bot123:ABC/sendMessage); Twilio creds in Basic auth.
_SECRET_PATTERNS = (
    re.compile(r"bot\d+:[A-Za-z0-9_-]+"),
    re.compile(r"(?i)(authorization:\s*basic\s+)[A-Za-z0-9+/=]+"),
)


class RedactingFilter(logging.Filter):
    """Masks bot tokens and known secret values in every record."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s and len(s) >= 6]

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        text = _SECRET_PATTERNS[0].sub("bot***", text)
        return _SECRET_PATTERNS[1].sub(r"\1***", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def setup_logging(secrets: list[str], level: int = logging.INFO) -> None:
    """One line per record on stderr, with secrets masked."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL, which for the Bot API contains the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
