"""Property items as the matcher reads them, and made from a filed case or a lost report."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncSession

from flows import registry
from flows.model import Report
from flows.property import Features, ItemFacts, crime_items, extract, stored
from storage import property as store
from storage.models import Case, PropertyItem

# Crime flows whose answers may list what was taken: the items step, else what happened.
ITEM_ANSWERS = ("items", "what")
LOST_MARK = "L"


@lru_cache(maxsize=200_000)
def read(facts: ItemFacts) -> Features:
    """An item's features, remembered: held items are compared again and again, and reading
    one costs far more than weighing it."""
    return extract(facts)


@lru_cache(maxsize=200_000)
def read_row(
    category: str,
    text: str,
    street: str | None,
    latitude: float | None,
    longitude: float | None,
    at: object,
    features: str,
    reading: int,
) -> Features:
    """A candidate row's features, remembered by the row's own values (its `at` undecoded):
    from its stored reading when the current reader made it, else read from the text."""
    facts = ItemFacts(category, text, street, latitude, longitude, store.as_utc(at))
    if reading == stored.READING and features:
        return stored.decode(features, facts)
    return read(facts)


def facts_of(item: PropertyItem) -> ItemFacts:
    return ItemFacts(item.category, item.text, item.street, item.latitude, item.longitude, item.at)


def features_of(item: PropertyItem) -> Features:
    """The item read by the matcher (remembered)."""
    return read(facts_of(item))


def store_reading(item: PropertyItem) -> Features:
    """Read the item's text again and keep the reading beside it (after its text changed)."""
    features, kept = stored.reading_of(facts_of(item))
    item.category, item.colour_mask = features.category, features.colour_mask
    item.features, item.marks, item.traits = kept.features, kept.marks, kept.traits
    item.reading = kept.reading
    return features


async def refresh_readings(session: AsyncSession, *, limit: int = 2_000) -> int:
    """Open items read by another reader (or stored before readings were): read again."""
    items = await store.stale_readings(session, reading=stored.READING, limit=limit)
    for item in items:
        store_reading(item)
    return len(items)


def _text(answers: dict[str, object]) -> str:
    """What the person said the item is: their description, with the typed category when the
    choice was "other" (so the words decide it)."""
    description = str(answers.get("description") or "").strip()
    category = str(answers.get("category") or "")
    typed = str(answers.get("category_text") or "").strip()
    if typed and (category == "other" or typed.lower() not in description.lower()):
        description = f"{typed}: {description}" if description else typed
    return description[:500]


def _category(answers: dict[str, object]) -> str | None:
    category = answers.get("category")
    return str(category) if isinstance(category, str) and category != "other" else None


def _new(
    *, bid_id: int, side: str, ref: str, number: int, facts: ItemFacts, status: str, now: datetime
) -> PropertyItem:
    features, kept = stored.reading_of(facts)
    return PropertyItem(
        bid_id=bid_id,
        side=side,
        ref=ref,
        number=number,
        category=features.category,
        text=facts.text[:500],
        street=facts.street,
        latitude=facts.latitude,
        longitude=facts.longitude,
        at=facts.at or now,
        colour_mask=features.colour_mask,
        features=kept.features,
        marks=kept.marks,
        traits=kept.traits,
        reading=kept.reading,
        status=status,
        created_at=now,
        updated_at=now,
    )


async def found_item(session: AsyncSession, case: Case, now: datetime) -> PropertyItem:
    """The found item a found-property case records, held by its shop (or the police)."""
    answers = case.answers
    facts = ItemFacts(
        _category(answers), _text(answers), case.street, case.latitude, case.longitude,
        case.occurred_at,
    )  # fmt: skip
    item = _new(
        bid_id=case.bid_id, side="found", ref=case.ref, number=case.number, facts=facts,
        status="held", now=now,
    )  # fmt: skip
    item.case_id = case.id
    item.shop_id = case.shop_id
    item.held_by = str(answers.get("held") or "shop")
    return await store.add_item(session, item)


async def stolen_items(session: AsyncSession, case: Case, now: datetime) -> list[PropertyItem]:
    """One item per thing a crime report says was taken (nothing for other kinds)."""
    flow = registry.FLOWS.get(case.kind)
    if flow is None or not flow.crime:
        return []
    text = next((str(case.answers[k]) for k in ITEM_ANSWERS if case.answers.get(k)), "")
    if not text:
        return []
    whole = ItemFacts(None, text, case.street, case.latitude, case.longitude, case.occurred_at)
    items: list[PropertyItem] = []
    for part in crime_items(whole):
        if extract(part).category == "other":
            continue  # "two men on a moped" is no item to look for
        number = await store.next_number(session, bid_id=case.bid_id, side="stolen")
        item = _new(
            bid_id=case.bid_id, side="stolen", ref=f"{case.ref}/{len(items) + 1}",
            number=number, facts=part, status="open", now=now,
        )  # fmt: skip
        item.case_id = case.id
        item.shop_id = case.shop_id
        items.append(await store.add_item(session, item))
    return items


async def stolen_additions(
    session: AsyncSession, case: Case, note: str, now: datetime
) -> list[PropertyItem]:
    """What a note added to a crime report says of what was taken: an item it names that
    the report already lists is described further ("the iPhone had a blue case"), one it
    does not becomes a new stolen item; words naming no item ("cracked screen") describe the
    report's only item, if it lists one. Returns the items changed or new."""
    flow = registry.FLOWS.get(case.kind)
    if flow is None or not flow.crime or not note.strip():
        return []
    items = [i for i in await store.items_of_case(session, case_id=case.id or 0)]
    stolen = [i for i in items if i.side == "stolen"]
    open_ = [i for i in stolen if i.status == "open"]
    whole = ItemFacts(None, note, case.street, case.latitude, case.longitude, case.occurred_at)
    changed: list[PropertyItem] = []
    for part in crime_items(whole):
        category = extract(part).category
        if category == "other":
            target = open_[0] if len(open_) == 1 else None
            if target is None:
                continue  # "they were laughing" describes no item we know
        else:
            target = next((i for i in open_ if i.category == category), None)
        if target is not None:
            target.text = f"{target.text}, {part.text}"[:500]
            store_reading(target)
            target.updated_at = now
        else:
            number = await store.next_number(session, bid_id=case.bid_id, side="stolen")
            target = _new(
                bid_id=case.bid_id, side="stolen", ref=f"{case.ref}/{len(stolen) + 1}",
                number=number, facts=part, status="open", now=now,
            )  # fmt: skip
            target.case_id, target.shop_id = case.id, case.shop_id
            await store.add_item(session, target)
            stolen.append(target)
            open_.append(target)
        if target not in changed:
            changed.append(target)
    return changed


def lost_ref(bid_code: str, number: int) -> str:
    """A lost report's reference: WE-L-0012 (case references are unchanged: WE-0042)."""
    return f"{bid_code}-{LOST_MARK}-{number:04d}"


async def lost_item(
    session: AsyncSession,
    report: Report,
    *,
    bid_id: int,
    bid_code: str,
    owner_id: int,
    shop_id: int | None,
    now: datetime,
) -> PropertyItem:
    """A lost report as an item to match."""
    answers = report.answers
    facts = ItemFacts(
        _category(answers), _text(answers), report.street, report.latitude, report.longitude,
        report.occurred_at,
    )  # fmt: skip
    number = await store.next_number(session, bid_id=bid_id, side="lost")
    item = _new(
        bid_id=bid_id, side="lost", ref=lost_ref(bid_code, number), number=number,
        facts=facts, status="open", now=now,
    )  # fmt: skip
    item.owner_id = owner_id
    item.shop_id = shop_id
    contact = answers.get("contact")
    item.contact = str(contact)[:120] if isinstance(contact, str) and contact else None
    return await store.add_item(session, item)
