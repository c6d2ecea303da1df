"""The chat commands, one module per feature; importing this package defines them all.

The order of the imports below is the order of help and of the Telegram menus.
"""

# isort: off
from handlers.commands import staff, manager, team, casework, officer, links, packs  # noqa: F401
from handlers.commands import broadcasts, export, learning, preferences  # noqa: F401
from handlers.commands import property  # noqa: F401
from handlers.commands import general  # noqa: F401
from handlers import linking, referrals  # noqa: F401  (their after-filing hooks)

# isort: on
from handlers.commands.registry import (
    COMMANDS,
    Command,
    allowed,
    help_text,
    menu_for,
    split_command,
)

__all__ = ["COMMANDS", "Command", "allowed", "help_text", "menu_for", "split_command"]
