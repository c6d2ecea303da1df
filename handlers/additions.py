"""Adding photos or a note to a filed case, and telling the officers working on it."""

from __future__ import annotations

from dataclasses import asdict

from flows import texts
from flows.model import Photo, Report
from flows.photos import count_words
from flows.template import fill
from handlers.access import can_see
from handlers.property.matching import rematch_case
from handlers.timeline import staff_note_to_officers
from handlers.turn import Turn
from storage import cases, files
from storage.models import Case


async def add_to_case(turn: Turn, target: Case, *, photos: tuple[Photo, ...], note: str) -> None:
    """Keep the photos and note on `target` as an event, and push them to its officers."""
    if note:
        # A found item or what was stolen, described further: matched again with it.
        await rematch_case(turn, target, note)
    if photos:
        target.attachments = [*target.attachments, *(asdict(p) for p in photos)]
        for photo in photos:
            await files.want_file(
                turn.session,
                channel=turn.inbound.channel,
                source=photo.source,
                content_type=photo.content_type,
                now=turn.now,
                case_id=target.id,
            )
    what = " ".join(
        part
        for part in (
            note,
            fill(texts.ADDED_PHOTOS, count=count_words(len(photos))) if photos else "",
        )
        if part
    )
    await staff_note_to_officers(
        turn,
        target,
        action="added",
        text=what,
        push_text=texts.PUSH_ADDED,
        photos=[p.source for p in photos] or None,
        photo_channel=turn.inbound.channel if photos else None,
    )
    await turn.reply(fill(texts.ADDED, ref=target.ref))


async def file_addition(turn: Turn, report: Report) -> None:
    """The end of the `add` flow: its photos or note go onto the case it named."""
    ref = str(report.answers.get("ref") or "")
    target = await cases.case_by_ref(turn.session, ref=ref)
    if target is None or not can_see(turn.actor, target):
        await turn.reply(fill(texts.NO_SUCH_CASE, ref=ref))
        return
    note = report.answers.get("evidence_note")
    await add_to_case(
        turn, target, photos=report.attachments, note=note if isinstance(note, str) else ""
    )
