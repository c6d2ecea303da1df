"""The evidence pack of a case: gathered from the database, drawn as a PDF, stored to send."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

from flows import texts
from flows.photos import count_words
from flows.statement import StatementFacts, statement
from flows.template import fill
from handlers.pack_facts import Pack, TimelineEntry
from handlers.turn import Turn
from handlers.views import kind_words, place, status_words
from storage import audit, cases, files, links
from storage.models import Case, Member, Shop


async def gather(turn: Turn, case: Case) -> Pack:
    """Everything the pack prints, read in this transaction."""
    shop = await turn.session.get(Shop, case.shop_id)
    reporter = await turn.session.get(Member, case.reporter_id)
    assert shop is not None and reporter is not None
    timeline = []
    for event in await cases.events_of(turn.session, case_id=case.id or 0):
        author = await turn.session.get(Member, event.author_id) if event.author_id else None
        role = texts.ROLE_WORDS.get(event.author_role, event.author_role)
        who = fill(texts.PACK_WHO_ROLE, name=author.display_name, role=role) if author else role
        status = texts.STATUS_WORDS.get(event.status, event.status)
        timeline.append(TimelineEntry(event.at, who, event.text, status))
    sources = [str(a.get("source")) for a in case.attachments if a.get("source")]
    stored = await files.fetched_paths(turn.session, sources=sources)
    facts = StatementFacts(
        kind=case.kind,
        answers=case.answers,
        occurred_at=case.occurred_at,
        created_at=case.created_at,
        location=case.location,
        street=case.street,
        role=reporter.role,
        shop=shop.name,
        shop_street=shop.street,
        tz=turn.tz,
        photos=len(sources),
    )
    return Pack(
        ref=case.ref,
        kind_words=kind_words(case),
        status=status_words(case),
        reporter_name=reporter.display_name,
        reporter_role=texts.ROLE_WORDS.get(reporter.role, reporter.role),
        shop=shop.name,
        shop_street=shop.street,
        occurred_at=case.occurred_at,
        created_at=case.created_at,
        location=place(case),
        statement=tuple(statement(facts)),
        timeline=tuple(timeline),
        photos=tuple(Path(stored[s]) for s in sources if s in stored),
        linked_refs=tuple(c.ref for c in await links.group_of(turn.session, case_id=case.id or 0)),
        crn=_references(case),
        generated_at=turn.now,
        generated_by=turn.actor.display_name,
        tz=turn.tz,
    )


def _references(case: Case) -> str | None:
    """The police's CAD or crime reference and the one the reporter gave, when they differ."""
    given = case.answers.get("crn")
    refs = [fill(texts.PACK_CRN_POLICE, crn=case.crn)] if case.crn else []
    if isinstance(given, str) and given and given != case.crn:
        refs.append(fill(texts.PACK_CRN_REPORTER, crn=given))
    return ", ".join(refs) or None


async def send_pack(turn: Turn, case: Case) -> None:
    """Draw the pack, keep it in the attachment store, send it as a document, and audit it."""
    # Here, not at the top: fpdf brings numpy and fontTools, which only drawing a pack needs.
    from handlers.pack_pdf import render_pack

    pack = await gather(turn, case)
    data = await asyncio.to_thread(render_pack, pack)
    folder = turn.files_dir / "packs"
    # Unguessable and unique: two officers may ask for the same pack in the same second.
    path = folder / f"{case.ref}-{turn.now:%Y%m%dT%H%M%S}-{secrets.token_hex(6)}.pdf"
    await asyncio.to_thread(_write, path, data)
    name = f"{case.ref}.pdf"
    file_id = await files.add_generated(
        turn.session,
        path=str(path),
        content_type="application/pdf",
        name=name,
        size=len(data),
        now=turn.now,
        case_id=case.id,
    )
    await audit.audit(
        turn.session,
        member_id=turn.actor.id,
        identity_id=turn.identity.id if turn.identity else None,
        action="pack",
        detail=f"evidence pack {case.ref} ({len(data)} bytes)",
        allowed=True,
        case_id=case.id,
        now=turn.now,
    )
    total = len([a for a in case.attachments if a.get("source")])
    if not total:
        photos = texts.PACK_PHOTOS_NONE
    else:
        count = len(pack.photos)
        photos = (
            count_words(count)
            if count == total
            else fill(texts.PACK_PHOTOS_WAITING, count=count, total=total)
        )
    contents = fill(texts.PACK_CONTENTS, events=len(pack.timeline), photos=photos)
    # Each channel delivers the file its own way: Telegram uploads it as a document, WhatsApp
    # sends a signed, expiring link Twilio fetches, the console shows where it is on disk.
    await turn.reply(
        fill(texts.PACK_SENT, ref=case.ref, pages=contents),
        case_ref=case.ref,
        files=[{"id": file_id, "kind": "document", "name": name, "path": str(path.absolute())}],
    )


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
