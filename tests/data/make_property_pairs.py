"""Build tests/data/property_pairs.json: the hand-written pairs of property_hand.txt, template
pairs weighted by real lost-property counts, and the distractors of the benchmark's register.

Run from the project root: .venv/bin/python tests/data/make_property_pairs.py
The output is committed; rerunning with the same seed gives the same file.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))  # the repository, for the shared data's place

from property_items import SAMPLERS, negative  # noqa: E402
from property_templates import (  # noqa: E402
    Item,
    digits_text,
    name_as_finder,
    name_as_owner,
    shade,
    typo,
)

from bench.shared_data import shared_file  # noqa: E402

SEED = 20251123
LONDON = ZoneInfo("Europe/London")
START = datetime(2025, 8, 1, tzinfo=LONDON)
SPAN_DAYS = 120
# Hand-written "different" pairs often reuse the wording of a "same" pair; they are dated in
# the second half of the span so that the two copies are not held at the same time.
HALF = SPAN_DAYS // 2
COUNTS = shared_file("real_lost_property_counts.json")
# TfL's 2019 categories spread over ours; "Books, documents and cards" split as MTA's
# identification counts split (debit and credit cards about 45%), misc keeps a share for
# headphones and tablets. Every category gets at least 3% so each is tested.
SPREAD = {
    "Bags": {"bag": 1.0},
    "Books, Documents and Cards": {"id": 0.55, "bank_card": 0.45},
    "Clothing": {"clothing": 1.0},
    "Computing / personal electronics": {"laptop": 1.0},
    "Eyewear": {"glasses": 1.0},
    "Jewellery": {"jewellery": 1.0},
    "Keys": {"keys": 1.0},
    "Miscellaneous": {"other": 0.7, "headphones": 0.3},
    "Telephones": {"phone": 1.0},
    "Umbrellas": {"umbrella": 1.0},
    "Wallets and Purses": {"wallet": 1.0},
}
FLOOR = 0.03
KEYS = (
    "id",
    "label",
    "split",
    "source",
    "category",
    "why",
    "subtle",
    "lost_from",
    "found",
    "lost",
)


def weights() -> dict[str, float]:
    counts = json.loads(COUNTS.read_text())["tfl_lost_property_office_2019"]["categories"]
    share: dict[str, float] = {}
    for tfl, ours in SPREAD.items():
        for key, part in ours.items():
            share[key] = share.get(key, 0.0) + counts[tfl] * part
    total = sum(share.values())
    share = {k: max(FLOOR, v / total) for k, v in share.items()}
    total = sum(share.values())
    return {k: round(v / total, 4) for k, v in share.items()}


STREETS = [
    line.split("|")
    for line in (HERE.parent.parent / "config" / "areas" / "we.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
FINDER_PLACES = (
    "",
    "",
    "",
    " found on the counter",
    " left in the changing room",
    " handed in by a customer",
    " found by the door",
    " on a table",
    " under a seat",
    " found outside the shop",
)
OWNER_PLACES = (
    "",
    "",
    "",
    " near leicester square",
    " on the way to the tube",
    " somewhere on piccadilly",
    " in a shop i think",
    " maybe on the bus",
    " around coventry st",
    " in a cafe",
    " last had it at lunch",
)


def phrase(rng: random.Random, slot: str, value: str, finder: bool) -> str:
    c = (
        shade(rng, value, slip=finder)
        if slot in ("case", "fob", "lanyard", "strap", "cover")
        else value
    )
    choices = {
        "case": (f"{c} case", f"in a {c} case", f"case is {c}", f"{c} cover", f"{c} phone case"),
        "case_kind": (f"{value} case", f"in a {value} case", f"{value} cover"),
        "case_emblem": (f"{value} case", f"case with {value} on it", f"{value} phone case"),
        "popsocket": (f"popsocket with a {value}", f"{value} pop socket", f"{value} phone grip"),
        "photo": (f"photo of {value} in the back of the case", f"picture of {value} behind case"),
        "keyring": (
            f"{value} keyring",
            f"keyring with a {value}",
            f"on a {value} key ring",
            f"{value} keychain",
        ),
        "fob": (f"{c} fob", f"a {c} fob", f"{c} key fob"),
        "lanyard": (f"on a {c} lanyard", f"{c} lanyard"),
        "charm": (f"{value} charm", f"{value} keyring on it", f"little {value} charm"),
        "sticker": (f"{value} sticker", f"sticker of a {value}", f"has a {value} sticker on it"),
        "strap": (f"{c} strap", f"on a {c} strap"),
        "cover": (f"in a {c} cover", f"{c} passport cover", f"{c} holder"),
        "material": (value, value),
        "pattern": (value, f"{value} pattern"),
    }[slot]
    return rng.choice(choices)


def describe(rng: random.Random, item: Item, finder: bool, crime: bool = False) -> str:
    """One person's words for `item`: what they noticed, in their order, with their slips."""
    force = item.force
    p = lambda finder_p, owner_p: finder_p if finder else owner_p  # noqa: E731
    noun = rng.choice(item.nouns[:2] if "noun" in force else item.nouns)
    said = 0
    colour = ""
    if item.colour and ("colour" in force or rng.random() < p(0.88, 0.82)):
        colour, said = shade(rng, item.colour, slip=finder), said + 1
    brand = ""
    if item.brand and ("brand" in force or rng.random() < p(0.5, 0.8)):
        brand = item.brand if rng.random() < 0.6 else item.brand.lower()
        if brand.lower() in noun.lower() or (item.brand == "apple" and "i" in noun[:1].lower()):
            brand = ""
        said += bool(brand)
    model = item.model if item.model and not finder and rng.random() < 0.55 else ""
    parts: list[str] = []
    for slot, value in item.details:
        if f"detail:{slot}" in force or rng.random() < p(0.75, 0.7):
            parts.append(phrase(rng, slot, value, finder))
    if item.name and ("name" in force or rng.random() < p(0.85, 0.75)):
        if finder:
            parts.append(
                rng.choice(("name on it ", "name on card: ", "in the name of ", "says ", "name "))
                + name_as_finder(rng, item.name)
            )
        else:
            parts.append(
                rng.choice(
                    (
                        "name ",
                        "my name is ",
                        "in my name, ",
                        "its got my name on it ",
                        "name on it is ",
                    )
                )
                + name_as_owner(rng, item.name)
            )
    if item.digits and ("digits" in force or rng.random() < p(0.8, 0.5)):
        parts.append(digits_text(rng, item.digits, finder))
    if item.keys and rng.random() < p(0.7, 0.6):
        count = item.keys
        if rng.random() < 0.3:
            count = max(1, count + rng.choice((-1, 1)))
        parts.append(
            rng.choice((f"{count} keys", f"x{count}", f"{count} keys on it"))
            if count > 1
            else "just one key"
        )
    notes = [n for n in item.extra if rng.random() < p(0.5, 0.35)]
    if not parts and not said and not notes and item.extra:
        notes = [rng.choice(item.extra)]  # people say at least one thing about it
    parts += notes
    rng.shuffle(parts)
    thing = model if model else noun
    if model and brand and brand.lower() == "apple":
        brand = ""
    attrs = " ".join(w for w in (colour, brand) if w)
    text = _sentence(rng, attrs, thing, noun, parts, finder, crime)
    if rng.random() < 0.3:
        text = typo(rng, text)
    return text.lower() if rng.random() < 0.45 else text


def _sentence(
    rng: random.Random,
    attrs: str,
    thing: str,
    noun: str,
    parts: list[str],
    finder: bool,
    crime: bool,
) -> str:
    rest = ", ".join(parts)
    head = f"{attrs} {thing}".strip()
    with_rest = f", {rest}" if rest else ""
    if crime:
        others = (
            "",
            "",
            " and my purse",
            ", bank cards",
            ", house keys",
            " and airpods",
            ", cash about £40",
            " + wallet",
        )
        return f"{head}{with_rest}{rng.choice(others)}"
    if finder:
        forms = [
            f"{head}{with_rest}{rng.choice(FINDER_PLACES)}",
            f"found a {head}{' with ' + rest if rest else ''}",
            f"{head.capitalize()}. {rest}".strip(),
        ]
        if attrs:
            forms += [
                f"{noun} - {attrs}{'. ' + rest if rest else ''}",
                f"{noun}: {attrs}{with_rest}",
            ]
    else:
        forms = [
            f"lost my {head}{with_rest}{rng.choice(OWNER_PLACES)}",
            f"I've lost my {head}. {rest}".strip(),
            f"{head}{' with ' + rest if rest else ''}, lost{rng.choice(OWNER_PLACES)}",
            f"Lost {head}!! {rest + ' ' if rest else ''}please help",
            f"{head}{with_rest}",
        ]
        if attrs:
            forms.append(f"my {thing} - {attrs}{with_rest}")
    return rng.choice(forms).strip().rstrip(",")


def place(rng: random.Random, near: list[str] | None = None, known: float = 1.0) -> dict:
    """A street of the BID (the same one as `near` half the time), with its coordinates often."""
    if rng.random() > known:
        return {"street": None, "latitude": None, "longitude": None}
    line = near if near is not None and rng.random() < 0.5 else rng.choice(STREETS)
    name = line[0].strip()
    lat = lon = None
    if len(line) > 1 and rng.random() < 0.7:
        lat, lon = (float(x) for x in line[1].split(","))
    return {"street": name, "latitude": lat, "longitude": lon, "_line": line}


def moment(rng: random.Random, days: tuple[int, int] = (0, SPAN_DAYS)) -> datetime:
    day = START + timedelta(days=rng.randrange(*days))
    return day.replace(hour=rng.randrange(8, 22), minute=rng.randrange(60))


def found_gap(rng: random.Random) -> timedelta:
    """How long after the loss the item was found: mostly hours, sometimes days; now and then
    'before' the loss, because the owner's time was a guess."""
    r = rng.random()
    if r < 0.04:
        return -timedelta(minutes=rng.randrange(10, 150))
    if r < 0.45:
        return timedelta(minutes=rng.randrange(5, 180))
    if r < 0.75:
        return timedelta(hours=rng.uniform(3, 24))
    if r < 0.95:
        return timedelta(days=rng.uniform(1, 4))
    return timedelta(days=rng.uniform(4, 12))


def sides(
    rng: random.Random,
    found_cat: str,
    found_text: str,
    lost_cat: str | None,
    lost_text: str,
    crime: bool,
    gap: timedelta | None = None,
    days: tuple[int, int] = (0, SPAN_DAYS),
) -> dict:
    lost_at = moment(rng, days)
    lost_place = place(rng, known=0.95 if crime else 0.6)
    found_place = place(rng, near=lost_place.get("_line"))
    found_at = lost_at + (gap if gap is not None else found_gap(rng))
    for where in (lost_place, found_place):
        where.pop("_line", None)
    return {
        "found": {
            "category": found_cat,
            "text": found_text,
            **found_place,
            "at": found_at.isoformat(timespec="minutes"),
        },
        "lost": {
            "category": lost_cat,
            "text": lost_text,
            **lost_place,
            "at": lost_at.isoformat(timespec="minutes"),
        },
        "lost_from": "crime" if crime else "lost_report",
    }


def hand_pairs(rng: random.Random, fresh: random.Random) -> list[dict]:
    """The pairs of property_hand.txt; the [fresh] ones draw on their own random stream, so
    adding them left the earlier pairs exactly as they were."""
    pairs, split = [], "tune"
    for raw in (HERE / "property_hand.txt").read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            split = line.strip("[]")
            continue
        mark, rest = line.split(" ", 1)
        fields = [f.strip() for f in rest.split("|")]
        found_cat, found_text, lost_cat, lost_text = fields[:4]
        why = fields[4] if len(fields) > 4 else ""
        crime = lost_cat == "crime"
        days = (0, HALF - 10) if mark == "S" else (HALF, SPAN_DAYS)
        pair = sides(
            fresh if split == "fresh" else rng,
            found_cat,
            found_text,
            None if crime else lost_cat,
            lost_text,
            crime,
            days=days,
        )
        pair.update(
            label="same" if mark == "S" else "different",
            split=split,
            source="hand",
            category=found_cat,
            why=why.removesuffix(" hm"),
            subtle=why.endswith("hm"),
        )
        pairs.append(pair)
    return pairs


def owner_category(rng: random.Random, category: str) -> str:
    """What the owner picked: the right category, or now and then "other" with words instead."""
    return "other" if rng.random() < 0.08 else category


def template_pairs(
    rng: random.Random,
    shares: dict[str, float],
    same: int,
    different: int,
    split: str | None = None,
) -> list[dict]:
    pairs: list[dict] = []
    for label, total in (("same", same), ("different", different)):
        for category, share in shares.items():
            for _ in range(max(3, round(total * share))):
                item = SAMPLERS[category](rng)
                crime = (
                    category in ("phone", "wallet", "bag", "jewellery", "headphones", "keys")
                    and rng.random() < 0.2
                )
                found_item, lost_item, why, gap = item, item, "", None
                if label == "different":
                    changed = negative(rng, item)
                    assert changed is not None
                    other, why = changed
                    if why == "time":
                        gap = (
                            -timedelta(days=rng.uniform(2.5, 9))
                            if rng.random() < 0.5
                            else timedelta(days=rng.uniform(24, 60))
                        )
                    if rng.random() < 0.5:
                        found_item, lost_item = item, other
                    else:
                        found_item, lost_item = other, item
                    force = found_item.force | lost_item.force
                    found_item = found_item.__class__(**{**found_item.__dict__, "force": force})
                    lost_item = lost_item.__class__(**{**lost_item.__dict__, "force": force})
                found_text = describe(rng, found_item, finder=True)
                lost_text = describe(rng, lost_item, finder=False, crime=crime)
                lost_cat = None if crime else owner_category(rng, category)
                pair = sides(rng, category, found_text, lost_cat, lost_text, crime, gap)
                pair.update(
                    label=label,
                    source="template",
                    category=category,
                    why=why,
                    subtle=False,
                    split=split or ("holdout" if rng.random() < 0.35 else "tune"),
                )
                pairs.append(pair)
    return pairs


def distractors(rng: random.Random, shares: dict[str, float], count: int) -> list[dict]:
    out = []
    categories, w = list(shares), list(shares.values())
    for _ in range(count):
        category = rng.choices(categories, weights=w)[0]
        item = SAMPLERS[category](rng)
        at = moment(rng) + timedelta(hours=rng.uniform(0, 72))
        where = place(rng)
        where.pop("_line", None)
        out.append(
            {
                "category": category,
                "text": describe(rng, item, finder=True),
                **where,
                "at": at.isoformat(timespec="minutes"),
            }
        )
    return out


def dump(data: dict) -> str:
    """JSON with one pair or distractor a line: small, and a change shows as a changed line."""
    lines = ["{"]
    for n, (key, value) in enumerate(data.items()):
        comma = "," if n < len(data) - 1 else ""
        if isinstance(value, list):
            rows = ",\n".join(json.dumps(v, ensure_ascii=False) for v in value)
            lines.append(f"{json.dumps(key)}: [\n{rows}\n]{comma}")
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    return "\n".join(lines) + "\n}\n"


def main() -> None:
    rng = random.Random(SEED)
    fresh = random.Random(SEED + 1)
    shares = weights()
    pairs = hand_pairs(rng, fresh) + template_pairs(rng, shares, same=450, different=400)
    for n, pair in enumerate(pairs, start=1):
        pair["id"] = f"{pair['source'][0]}{pair['label'][0]}{n:04d}"
    data = {
        "about": "Found and lost descriptions of property, labelled same or different. "
        "Hand-written pairs (property_hand.txt) and hand-varied template pairs "
        "(make_property_pairs.py); 'split' tune was used to choose weights, holdout was not, "
        "and fresh pairs were written and drawn after all tuning. "
        "'distractors' are further found items for the benchmark's register.",
        "category_weights": shares,
        "weights_from": "TfL Lost Property Office holdings, 24 May 2019 (FOI-0566-1920), "
        "via ../shared/data/real_lost_property_counts.json; at least 3% per category",
        "seed": SEED,
        "pairs": [{k: pair[k] for k in KEYS} for pair in pairs],
        "distractors": distractors(rng, shares, 2500),
    }
    # Written and drawn after all tuning, run once: a check that the tuning did not overfit.
    later = template_pairs(fresh, shares, same=150, different=130, split="fresh")
    for n, pair in enumerate(later, start=len(pairs) + 1):
        pair["id"] = f"f{pair['label'][0]}{n:04d}"
    data["pairs"] += [{k: pair[k] for k in KEYS} for pair in later]
    pairs += later
    out = HERE / "property_pairs.json"
    out.write_text(dump(data))
    by = {}
    for pair in pairs:
        key = (pair["source"], pair["label"], pair["split"])
        by[key] = by.get(key, 0) + 1
    print(f"wrote {out}: {len(pairs)} pairs, {len(data['distractors'])} distractors")
    for key in sorted(by):
        print("  ", *key, by[key])
    print("   weights", shares)


if __name__ == "__main__":
    main()
