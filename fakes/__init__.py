"""HTTP fakes of the Telegram Bot API and Twilio for ShopWatch tests.

* :class:`FakeTelegram` (``telegram_api``) + update builders (``telegram_updates``)
* :class:`FakeTwilio` (``twilio_api``) + signed webhook builders (``twilio_webhooks``)
* :func:`running` / :func:`running_async` (``server``) to serve any ASGI app on 127.0.0.1

Both fakes are context managers (``with`` or ``async with``) that start a uvicorn server on
an ephemeral port in a background thread.  See each module's docstring for details.
"""

from . import telegram_updates, twilio_webhooks
from ._common import Call, UploadedFile
from .server import running, running_async
from .telegram_api import DEFAULT_BOT_USERNAME, DEFAULT_TOKEN, FakeTelegram
from .twilio_api import (
    DEFAULT_ACCOUNT_SID,
    DEFAULT_AUTH_TOKEN,
    WHATSAPP_SANDBOX_NUMBER,
    FakeTwilio,
    TwilioMessage,
)

__all__ = [
    "DEFAULT_ACCOUNT_SID",
    "DEFAULT_AUTH_TOKEN",
    "DEFAULT_BOT_USERNAME",
    "DEFAULT_TOKEN",
    "WHATSAPP_SANDBOX_NUMBER",
    "Call",
    "FakeTelegram",
    "FakeTwilio",
    "TwilioMessage",
    "UploadedFile",
    "running",
    "running_async",
    "telegram_updates",
    "twilio_webhooks",
]
