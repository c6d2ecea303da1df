"""Every chat command, defined once: its word, who may use it, its help line, its menu entry.

A feature module defines a command with `@command(...)`; help, the Telegram menus and the
words WhatsApp and the console accept are all read from here.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from flows import texts
from handlers.access import case_from_args
from handlers.turn import Turn
from storage.models import Case

STAFF, OFFICER, MANAGER, ADMIN = "staff", "officer", "manager", "admin"
# The BID's outreach contact: gets StreetLink referrals, sees no cases.
OUTREACH = "outreach"
MEMBERS = frozenset({STAFF, OFFICER, MANAGER, ADMIN, OUTREACH})
# A member of the public who reported lost property: may do that, and join, and nothing else.
PUBLIC = "public"
EVERYONE = MEMBERS | {PUBLIC}
CASE_READERS = frozenset({STAFF, OFFICER, MANAGER, ADMIN})
POLICE = frozenset({OFFICER})
MANAGERS = frozenset({MANAGER, ADMIN})

Run = Callable[[Turn, str], Awaitable[None]]
RunOnCase = Callable[[Turn, Case, str], Awaitable[None]]

_WORD = re.compile(r"^/?([A-Za-z]+)(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)


@dataclass(frozen=True)
class Command:
    """One chat command."""

    word: str
    roles: frozenset[str]  # who may use it
    usage: str  # as help shows it: "case WE-0042"
    help: str  # what it does, after the usage in help; "" keeps it out of help
    run: Run
    menu: str | None = None  # its Telegram menu entry; None: not in any menu
    menu_roles: frozenset[str] = field(default_factory=frozenset)  # whose menus show it
    # Typed bare in the middle of a report it cannot be an answer, so it is taken as a command.
    interrupts: bool = False
    takes_case: bool = False  # its first argument is a case reference
    # It starts a conversation of its own, so in the middle of a report it waits its turn.
    starts_flow: bool = False


COMMANDS: dict[str, Command] = {}


def command(
    word: str,
    *,
    roles: Iterable[str],
    help: str,
    usage: str | None = None,
    menu: str | None = None,
    menu_roles: Iterable[str] | None = None,
    interrupts: bool = False,
    starts_flow: bool = False,
    takes_case: bool = False,
) -> Callable[[Run], Run]:
    """Define the decorated `run(turn, args)` as the command `word`."""

    def define(run: Run) -> Run:
        if word in COMMANDS:
            raise ValueError(f"command {word!r} defined twice")
        who = frozenset(roles)
        COMMANDS[word] = Command(
            word=word,
            roles=who,
            usage=usage or word,
            help=help,
            run=run,
            menu=menu,
            menu_roles=frozenset(menu_roles) if menu_roles is not None else who,
            interrupts=interrupts,
            takes_case=takes_case,
            starts_flow=starts_flow,
        )
        return run

    return define


def case_command(
    word: str,
    *,
    roles: Iterable[str],
    help: str,
    usage: str | None = None,
    menu: str | None = None,
    menu_roles: Iterable[str] | None = None,
    starts_flow: bool = False,
) -> Callable[[RunOnCase], RunOnCase]:
    """Define `run(turn, case, rest)` as the command `word REF [rest]`.

    The case is found and checked first; when it cannot be used (no reference, unreadable,
    not found, not theirs) the person is told why and `run` is not called.
    """

    def define(run: RunOnCase) -> RunOnCase:
        async def with_case(turn: Turn, args: str) -> None:
            found = await case_from_args(turn, word, args)
            if found is not None:
                await run(turn, *found)

        command(
            word,
            roles=roles,
            help=help,
            usage=usage or f"{word} WE-0042",
            menu=menu,
            menu_roles=menu_roles,
            takes_case=True,
            starts_flow=starts_flow,
        )(with_case)
        return run

    return define


def split_command(text: str) -> tuple[str, str] | None:
    """`/Report@bot x`, `REPORT x` or `report x` → ("report", "x"); None if no known word."""
    match = _WORD.match(text.strip())
    if not match:
        return None
    word = match.group(1).lower()
    if word not in COMMANDS:
        return None
    return word, (match.group(2) or "").strip()


def allowed(role: str, word: str) -> bool:
    """Whether `role` may use the command `word`."""
    found = COMMANDS.get(word)
    return found is not None and role in found.roles


def help_text(role: str) -> str:
    """What `role` can do, one command a line, in definition order."""
    lines = [f"{c.usage} - {c.help}" for c in COMMANDS.values() if c.help and role in c.roles]
    return "\n".join([texts.HELP_HEAD.get(role, texts.HELP_HEAD[STAFF]), *lines])


def menu_for(role: str) -> list[tuple[str, str]]:
    """The Telegram command menu of `role`: (command, description), in definition order."""
    return [(c.word, c.menu) for c in COMMANDS.values() if c.menu and role in c.menu_roles]
