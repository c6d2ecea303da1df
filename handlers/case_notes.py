"""What the case view adds for the people acting on it: who reported it and whether they can
still be reached, the cases it is linked with, and reports it may be the same as."""

from __future__ import annotations

from flows import texts
from flows.template import fill
from handlers.linking import suggestions_for
from handlers.turn import Turn
from storage import links, team
from storage.models import Case, Member


async def case_notes(turn: Turn, case: Case) -> list[str]:
    """The lines between a case's head and its answers."""
    notes = [await _reporter(turn, case)]
    group = await links.group_of(turn.session, case_id=case.id or 0)
    if group:
        notes.append(fill(texts.CASE_LINKED, refs=", ".join(c.ref for c in group)))
        link = await links.link_of(turn.session, case_id=case.id or 0)
        original = next((c for c in group if link and c.id == link.duplicate_of), None)
        if original is not None:
            notes.append(fill(texts.CASE_DUPLICATE_OF, ref=original.ref))
    elif turn.actor.role == "officer":
        found = await suggestions_for(turn, case)
        if found:
            notes.append(texts.CASE_MAYBE)
            notes += [f"- {s.text}" for s in found]
    return notes


async def _reporter(turn: Turn, case: Case) -> str:
    """ "Reported by: Sam", and why not when they can no longer be reached."""
    member = await turn.session.get(Member, case.reporter_id)
    name = member.display_name if member else "-"
    chats = await team.identities_of_member(turn.session, member_id=case.reporter_id)
    why = None
    if member is not None and member.removed_at is not None:
        why = texts.REPORTER_LEFT
    elif chats and all(c.stopped_at is not None for c in chats):
        why = texts.REPORTER_STOPPED
    elif chats and all(c.unreachable or c.stopped_at is not None for c in chats):
        why = texts.REPORTER_BLOCKED
    if why is None:
        return fill(texts.CASE_REPORTER, name=name)
    return fill(texts.CASE_REPORTER_UNREACHABLE, name=name, why=why)
