"""Officers joining reports of one incident (`link`) and separating them again (`unlink`)."""

from __future__ import annotations

from flows import texts
from flows.template import fill
from handlers.commands.registry import POLICE, case_command
from handlers.linking import link as link_cases
from handlers.linking import named_case
from handlers.turn import Turn
from storage import cases, links
from storage.models import Case


@case_command(
    "link", roles=POLICE, help=texts.HELP_LINK, menu=texts.MENU_LINK, usage=texts.USAGE_LINK
)
async def link(turn: Turn, target: Case, rest: str) -> None:
    """`link WE-0006 WE-0005`: one incident; updates on either reach both reporters."""
    if not rest.strip():
        await turn.reply(fill(texts.LINK_NEED_OTHER, ref=target.ref))
        return
    other = await named_case(turn, rest)
    if other is None:
        typed = rest.split()[0][:20]
        await turn.reply(fill(texts.NO_SUCH_CASE, ref=typed))
        return
    if other.id == target.id:
        await turn.reply(fill(texts.LINK_SELF, ref=target.ref))
        return
    group = await links.group_of(turn.session, case_id=target.id or 0)
    if other.id in {c.id for c in group}:
        await turn.reply(fill(texts.ALREADY_LINKED, ref=target.ref, other=other.ref))
        return
    joined = await link_cases(turn, target, other)
    refs = ", ".join(c.ref for c in joined)
    await turn.reply(fill(texts.LINKED, ref=target.ref, other=other.ref, refs=refs))


@case_command("unlink", roles=POLICE, help=texts.HELP_UNLINK, menu=texts.MENU_UNLINK)
async def unlink(turn: Turn, target: Case, rest: str) -> None:
    """Take a case out of its linked group."""
    group = await links.group_of(turn.session, case_id=target.id or 0)
    if not group:
        await turn.reply(fill(texts.NOT_LINKED, ref=target.ref))
        return
    await links.unlink_case(turn.session, case_id=target.id or 0)
    refs = ", ".join(c.ref for c in group)
    for case in (target, *group):
        await cases.add_event(
            turn.session,
            case=case,
            author_id=turn.actor.id,
            author_role=turn.actor.role,
            action="unlink",
            text=fill(texts.UNLINK_EVENT, refs=target.ref if case is not target else refs),
            now=turn.now,
        )
    await turn.reply(fill(texts.UNLINKED, ref=target.ref, refs=refs))
