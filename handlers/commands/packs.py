"""Officers' `pack REF`: the case's evidence pack as one PDF."""

from __future__ import annotations

from flows import texts
from handlers.commands.registry import POLICE, case_command
from handlers.packs import send_pack
from handlers.turn import Turn
from storage.models import Case


@case_command("pack", roles=POLICE, help=texts.HELP_PACK, menu=texts.MENU_PACK)
async def pack(turn: Turn, target: Case, rest: str) -> None:
    """The draft statement, the timeline, the photos and the linked cases, as a PDF."""
    await send_pack(turn, target)
