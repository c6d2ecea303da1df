"""Channel names: a platform's own ("telegram") or a BID's own bot or sender on it ("telegram:WE").

A BID may have its own Telegram bot or WhatsApp sender (platform limits are per bot and per
sender). Each is a channel of its own, so a person writing to it is an identity on it and what
is sent to them goes out through it; what depends on the platform asks `kind`.
"""

from __future__ import annotations

TELEGRAM = "telegram"
WHATSAPP = "whatsapp"
CONSOLE = "console"
KINDS = (TELEGRAM, WHATSAPP, CONSOLE)


def kind(channel: str) -> str:
    """The platform of a channel name: "telegram:WE" → "telegram"."""
    return channel.partition(":")[0]


def bid_code(channel: str) -> str | None:
    """The BID whose own bot or sender this channel is ("telegram:WE" → "WE"), else None."""
    return channel.partition(":")[2] or None


def bid_channel(platform: str, code: str) -> str:
    """The channel of a BID's own bot or sender: ("telegram", "WE") → "telegram:WE"."""
    return f"{platform}:{code.upper()}"
