"""Options shown as numbered lines, and a typed number read as the option it names.

WhatsApp and the console show a question's options as "1. Shoplifting" lines; Telegram shows
buttons. Options that are numbers themselves ("How many? 1, 2, 3") are listed unnumbered,
so that "3" means three, not the third line.
"""

from __future__ import annotations

from collections.abc import Sequence

from flows.model import Option


def numbered(options: Sequence[Option]) -> bool:
    """Whether these options are shown as numbered lines."""
    return bool(options) and not any(o.label.strip().isdigit() for o in options)


def by_number(text: str, options: Sequence[Option]) -> str | None:
    """The key of the option whose number `text` is, when the options are numbered."""
    typed = text.strip().rstrip(".)")
    if not typed.isdecimal() or not typed.isascii() or not numbered(options):
        return None
    n = int(typed)
    return options[n - 1].key if 1 <= n <= len(options) else None
