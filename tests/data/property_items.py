"""Sampling real-looking items, one category at a time, and changing one deciding thing."""

from __future__ import annotations

import random
from collections.abc import Callable

from property_templates import COLOURS, EMBLEMS, Item, mutated, other_colour, person, transposed


def pick(rng: random.Random, weighted: dict[str, float]) -> str:
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def colour(rng: random.Random, weights: str = "") -> str:
    base = {c: 1.0 for c in COLOURS}
    base.update({"black": 5.0, "grey": 2.0, "blue": 2.5, "brown": 2.0})
    for part in weights.split():
        name, _, w = part.partition("=")
        base[name] = float(w)
    return pick(rng, base)


def phone(rng: random.Random) -> Item:
    brand = pick(
        rng,
        {
            "apple": 50,
            "samsung": 30,
            "google": 7,
            "motorola": 4,
            "xiaomi": 4,
            "oneplus": 3,
            "nokia": 2,
        },
    )
    if brand == "apple":
        model = f"iphone {rng.choice('11 12 13 14 15 16 15 14 13 xr se'.split())}"
        if rng.random() < 0.25:
            model += " " + rng.choice(("pro", "pro max", "mini", "plus"))
        nouns = ("iphone", "phone", "iPhone", "mobile")
    elif brand == "samsung":
        model = rng.choice(
            (
                "galaxy s21",
                "galaxy s22",
                "galaxy s23",
                "galaxy s24",
                "galaxy a52",
                "galaxy a14",
                "galaxy a54",
                "galaxy z flip",
            )
        )
        nouns = ("samsung", "phone", "android phone", "mobile", "samsung phone")
    elif brand == "google":
        model, nouns = f"pixel {rng.choice('6 7 8 7a'.split())}", ("phone", "pixel", "mobile")
    else:
        model, nouns = "", ("phone", "mobile", "smartphone", "android")
    details: list[tuple[str, str]] = []
    r = rng.random()
    if r < 0.35:
        details.append(("case", colour(rng)))
    elif r < 0.47:
        details.append(
            (
                "case_kind",
                rng.choice(
                    ("clear", "glitter", "marble", "leather flip", "see-through", "wallet")
                ),
            )
        )
    elif r < 0.55:
        details.append(("case_emblem", rng.choice(EMBLEMS)))
    if rng.random() < 0.1:
        details.append(("popsocket", rng.choice(EMBLEMS)))
    if rng.random() < 0.07:
        details.append(("photo", rng.choice(("my dog", "my kids", "a baby", "my cat", "a beach"))))
    extra = []
    if rng.random() < 0.25:
        extra.append(rng.choice(("cracked screen", "screen smashed", "crack across the screen")))
    if rng.random() < 0.15:
        extra.append(rng.choice(("battery dead", "switched off", "keeps ringing")))
    body = colour(rng, "black=4 white=2 purple=1.5 pink=1.5 gold=1 silver=1 green=1 red=1")
    return Item("phone", nouns[0], nouns, body, brand, model, tuple(details), extra=tuple(extra))


def wallet(rng: random.Random) -> Item:
    kind = pick(rng, {"wallet": 45, "purse": 40, "card holder": 15})
    nouns = {
        "wallet": ("wallet", "wallet", "purse", "billfold"),
        "purse": ("purse", "purse", "wallet", "zip purse"),
        "card holder": ("card holder", "card wallet", "wallet", "cardholder"),
    }[kind]
    brand = None
    if rng.random() < 0.3:
        brand = rng.choice(
            (
                "Michael Kors",
                "Radley",
                "Ted Baker",
                "Fossil",
                "Gucci",
                "Mulberry",
                "Kate Spade",
                "Accessorize",
                "Zara",
                "Primark",
                "Tommy Hilfiger",
            )
        )
    details: list[tuple[str, str]] = []
    name = person(rng) if rng.random() < 0.4 else None
    if rng.random() < 0.45:
        details.append(("material", rng.choice(("leather", "leather", "fake leather", "suede"))))
    if rng.random() < 0.12:
        details.append(("charm", rng.choice(EMBLEMS)))
    extra = rng.sample(
        (
            "bank cards",
            "some cash",
            "oyster card",
            "receipts",
            "a photo",
            "loyalty cards",
            "driving licence",
            "coins",
        ),
        k=rng.randrange(0, 3),
    )
    digits = f"{rng.randrange(10000):04d}" if rng.random() < 0.1 else None
    return Item(
        "wallet",
        nouns[0],
        nouns,
        colour(rng, "black=6 brown=4 pink=2 red=2"),
        brand,
        details=tuple(details),
        name=name,
        digits=digits,
        extra=tuple(extra),
    )


BAG_NOUNS = {
    "backpack": ("backpack", "rucksack", "back pack", "bag"),
    "handbag": ("handbag", "shoulder bag", "bag", "crossbody bag"),
    "tote": ("tote bag", "tote", "shopping bag", "bag"),
    "holdall": ("holdall", "gym bag", "duffle bag", "sports bag"),
    "suitcase": ("suitcase", "wheelie case", "cabin bag", "suitcase"),
    "laptop bag": ("laptop bag", "work bag", "messenger bag", "laptop bag"),
}
BAG_FAR = {
    "backpack": "handbag tote suitcase",
    "handbag": "backpack suitcase holdall",
    "tote": "backpack suitcase",
    "holdall": "handbag",
    "suitcase": "handbag backpack tote",
    "laptop bag": "tote suitcase",
}


def bag(rng: random.Random) -> Item:
    kind = pick(
        rng,
        {"backpack": 35, "handbag": 30, "tote": 15, "holdall": 8, "suitcase": 5, "laptop bag": 7},
    )
    brand = None
    if rng.random() < 0.45:
        brand = rng.choice(
            (
                "North Face",
                "Nike",
                "Adidas",
                "Eastpak",
                "Herschel",
                "Jansport",
                "Kanken",
                "Zara",
                "Radley",
                "Michael Kors",
                "Longchamp",
                "M&S",
                "Primark",
                "Samsonite",
                "Puma",
                "Lululemon",
                "COS",
            )
        )
    details: list[tuple[str, str]] = []
    if rng.random() < 0.2:
        details.append(("charm", rng.choice(EMBLEMS)))
    name = person(rng) if kind in ("holdall", "suitcase") and rng.random() < 0.4 else None
    extra = rng.sample(
        (
            "laptop inside",
            "gym clothes in it",
            "water bottle in side pocket",
            "books",
            "makeup bag inside",
            "some shopping",
            "a jumper inside",
            "headphones in the front pocket",
            "an umbrella",
        ),
        k=rng.randrange(0, 3),
    )
    return Item(
        "bag",
        kind,
        BAG_NOUNS[kind],
        colour(rng, "black=7"),
        brand,
        details=tuple(details),
        name=name,
        extra=tuple(extra),
    )


def keys(rng: random.Random) -> Item:
    count = rng.choices((1, 2, 3, 4, 5, 6, 7), weights=(8, 20, 25, 20, 12, 8, 5))[0]
    details: list[tuple[str, str]] = []
    if rng.random() < 0.55:
        details.append(("keyring", rng.choice(EMBLEMS)))
    if rng.random() < 0.3:
        details.append(("fob", colour(rng)))
    if rng.random() < 0.1:
        details.append(("lanyard", colour(rng)))
    make = None
    if rng.random() < 0.25:
        make = rng.choice(
            (
                "Ford",
                "VW",
                "Toyota",
                "BMW",
                "Audi",
                "Vauxhall",
                "Kia",
                "Nissan",
                "Mercedes",
                "Honda",
                "Peugeot",
                "Tesla",
            )
        )
    nouns = ("keys", "set of keys", "bunch of keys", "house keys")
    if count == 1:
        nouns = ("key", "car key" if make else "door key", "key")
    return Item("keys", nouns[0], nouns, None, make, details=tuple(details), keys=count)


def id_doc(rng: random.Random) -> Item:
    kind = pick(
        rng, {"passport": 30, "driving licence": 30, "id card": 25, "travel": 10, "brp": 5}
    )
    details: list[tuple[str, str]] = []
    extra: list[str] = []
    nouns = {
        "passport": ("passport", "passport"),
        "driving licence": (
            "driving licence",
            "driving license",
            "licence",
            "provisional licence",
        ),
        "id card": ("student card", "student id", "uni card"),
        "travel": ("freedom pass", "oyster card", "railcard"),
        "brp": ("BRP", "residence permit", "brp card"),
    }[kind]
    if kind == "passport":
        extra.append(
            rng.choice(
                (
                    "British",
                    "Irish",
                    "French",
                    "Indian",
                    "Nigerian",
                    "Polish",
                    "Italian",
                    "Spanish",
                    "American",
                    "Romanian",
                )
            )
        )
        if rng.random() < 0.3:
            details.append(("cover", colour(rng)))
    if kind == "id card" and rng.random() < 0.5:
        nouns = ("staff pass", "work pass", "id badge", "staff id")
        if rng.random() < 0.5:
            details.append(("lanyard", colour(rng)))
    name = person(rng) if rng.random() < 0.88 else None
    return Item(
        "id", kind, nouns, None, None, details=tuple(details), name=name, extra=tuple(extra)
    )


def bank_card(rng: random.Random) -> Item:
    bank = rng.choice(
        (
            "Barclays",
            "HSBC",
            "NatWest",
            "Lloyds",
            "Santander",
            "Monzo",
            "Starling",
            "Revolut",
            "Nationwide",
            "Halifax",
            "Amex",
            "Metro Bank",
            "TSB",
            "First Direct",
            "Chase",
        )
    )
    nouns = ("debit card", "bank card", "card", "contactless card")
    if rng.random() < 0.25:
        nouns = ("credit card", "card", "credit card")
    return Item(
        "bank_card",
        nouns[0],
        nouns,
        colour(rng) if rng.random() < 0.3 else None,
        bank,
        name=person(rng) if rng.random() < 0.65 else None,
        digits=f"{rng.randrange(10000):04d}" if rng.random() < 0.45 else None,
    )


JEWELLERY = {
    "ring": ("ring", "ring"),
    "necklace": ("necklace", "chain", "necklace"),
    "bracelet": ("bracelet", "bracelet", "bangle"),
    "earring": ("earring", "earring"),
    "watch": ("watch", "watch", "wristwatch"),
}


def jewellery(rng: random.Random) -> Item:
    kind = pick(rng, {"ring": 25, "necklace": 25, "bracelet": 20, "earring": 10, "watch": 20})
    metal = pick(rng, {"gold": 5, "silver": 5})
    brand = None
    details: list[tuple[str, str]] = []
    if kind == "watch":
        brand = rng.choice(
            (
                "Casio",
                "Rolex",
                "Apple",
                "Fossil",
                "Seiko",
                "Swatch",
                "Garmin",
                "Daniel Wellington",
                "Timex",
            )
        )
        details.append(("strap", colour(rng)))
    elif rng.random() < 0.25:
        brand = rng.choice(("Pandora", "Tiffany", "Swarovski", "Monica Vinader"))
    extra = []
    if kind != "watch" and rng.random() < 0.5:
        extra.append(
            rng.choice(
                (
                    "small diamond",
                    "with a pearl",
                    "heart pendant",
                    "letter S",
                    "engraved inside",
                    "blue stone",
                    "hoops",
                    "studs",
                )
            )
        )
    return Item(
        "jewellery",
        kind,
        JEWELLERY[kind],
        metal,
        brand,
        details=tuple(details),
        extra=tuple(extra),
    )


CLOTHES = {
    "coat": ("jacket", "coat", "puffer jacket", "raincoat", "parka"),
    "jumper": ("hoodie", "jumper", "sweatshirt", "hoody"),
    "scarf": ("scarf", "scarf", "snood"),
    "hat": ("beanie", "hat", "woolly hat", "bobble hat"),
    "gloves": ("gloves", "pair of gloves", "gloves"),
    "cap": ("cap", "baseball cap", "cap"),
}
CLOTHES_FAR = {
    "coat": "scarf hat gloves",
    "jumper": "scarf gloves hat",
    "scarf": "coat hat",
    "hat": "scarf gloves coat",
    "gloves": "hat scarf",
    "cap": "scarf gloves",
}


def clothing(rng: random.Random) -> Item:
    kind = pick(rng, {"coat": 35, "jumper": 20, "scarf": 15, "hat": 10, "gloves": 10, "cap": 6})
    brand = None
    if rng.random() < 0.45:
        brand = rng.choice(
            (
                "North Face",
                "Nike",
                "Adidas",
                "Zara",
                "Uniqlo",
                "M&S",
                "H&M",
                "Barbour",
                "Superdry",
                "Canada Goose",
                "Moncler",
                "Primark",
                "Next",
                "Jack Wills",
            )
        )
    details: list[tuple[str, str]] = []
    if rng.random() < 0.15:
        details.append(("pattern", rng.choice(("striped", "checked", "floral", "camo", "tartan"))))
    if rng.random() < 0.25:
        details.append(("material", rng.choice(("wool", "leather", "denim", "knitted"))))
    extra = []
    if rng.random() < 0.35:
        extra.append(
            rng.choice(
                ("size M", "size L", "size 12", "size 10", "kids size", "age 7-8", "size S", "XL")
            )
        )
    return Item(
        "clothing",
        kind,
        CLOTHES[kind],
        colour(rng, "black=7 blue=3 grey=3"),
        brand,
        details=tuple(details),
        extra=tuple(extra),
    )


def umbrella(rng: random.Random) -> Item:
    details: list[tuple[str, str]] = []
    if rng.random() < 0.25:
        details.append(("pattern", rng.choice(("floral", "striped", "polka dot", "tartan"))))
    extra = []
    if rng.random() < 0.4:
        extra.append(
            rng.choice(("wooden handle", "curved handle", "straight handle", "hook handle"))
        )
    if rng.random() < 0.5:
        extra.append(rng.choice(("compact", "folding", "golf size", "large", "small")))
    brand = rng.choice(("Fulton", "Totes", "London Undercover")) if rng.random() < 0.2 else None
    return Item(
        "umbrella",
        "umbrella",
        ("umbrella", "brolly", "umbrella"),
        colour(rng, "black=9"),
        brand,
        details=tuple(details),
        extra=tuple(extra),
    )


def headphones(rng: random.Random) -> Item:
    kind = pick(rng, {"airpods": 50, "earbuds": 20, "over ear": 30})
    details: list[tuple[str, str]] = []
    if kind == "airpods":
        brand, nouns, body = "Apple", ("airpods", "air pods", "earbuds", "AirPods"), "white"
        if rng.random() < 0.3:
            details.append(("case", colour(rng)))
        if rng.random() < 0.2:
            details.append(("sticker", rng.choice(EMBLEMS)))
    elif kind == "earbuds":
        brand = rng.choice(("Samsung", "Beats", "JBL", "Sony"))
        nouns, body = ("earbuds", "ear buds", "earphones"), colour(rng, "black=5 white=4")
    else:
        brand = rng.choice(("Sony", "Bose", "Beats", "JBL", "Marshall", "Sennheiser"))
        nouns, body = ("headphones", "over ear headphones", "headset"), colour(rng)
    return Item("headphones", kind, nouns, body, brand, details=tuple(details))


def laptop(rng: random.Random) -> Item:
    if rng.random() < 0.55:
        brand = rng.choice(("Apple", "Dell", "HP", "Lenovo", "Asus", "Acer", "Microsoft"))
        nouns = ("macbook", "laptop", "macbook") if brand == "Apple" else ("laptop", "laptop")
        kind = "laptop"
    else:
        brand = rng.choice(("Apple", "Samsung", "Amazon"))
        nouns = {
            "Apple": ("ipad", "tablet", "iPad"),
            "Samsung": ("tablet", "galaxy tab"),
            "Amazon": ("kindle", "e-reader", "kindle"),
        }[brand]
        kind = "tablet"
    details: list[tuple[str, str]] = []
    if rng.random() < 0.5:
        details.append(("case", colour(rng)))
    if rng.random() < 0.3:
        details.append(("sticker", rng.choice(EMBLEMS)))
    return Item(
        "laptop",
        kind,
        nouns,
        colour(rng, "silver=6 grey=4 black=5"),
        brand,
        details=tuple(details),
    )


def glasses(rng: random.Random) -> Item:
    sun = rng.random() < 0.4
    nouns = ("sunglasses", "sunnies", "shades") if sun else ("glasses", "reading glasses", "specs")
    brand = None
    if rng.random() < 0.35:
        brand = rng.choice(("Ray-Ban", "Oakley", "Gucci", "Prada", "Specsavers", "Tom Ford"))
    details: list[tuple[str, str]] = []
    if rng.random() < 0.5:
        details.append(("case", colour(rng)))
    extra = []
    if rng.random() < 0.3:
        extra.append(rng.choice(("round", "square", "cat eye", "aviator", "thick frames")))
    frame = colour(rng, "black=6 brown=4 gold=2 silver=2")
    return Item(
        "glasses",
        "sunglasses" if sun else "glasses",
        nouns,
        frame,
        brand,
        details=tuple(details),
        extra=tuple(extra),
    )


OTHER = {
    "water bottle": (("water bottle", "bottle", "flask"), ("Chillys", "Hydro Flask", None)),
    "teddy": (("teddy bear", "teddy", "soft toy"), (None, None, "Jellycat")),
    "power bank": (("power bank", "portable charger", "powerbank"), ("Anker", None)),
    "camera": (("camera", "digital camera"), ("Canon", "Nikon", "Sony", "Fujifilm")),
    "vape": (("vape", "e-cig"), ("Elf Bar", "Lost Mary", None)),
    "inhaler": (("inhaler", "asthma inhaler"), (None,)),
    "lunch box": (("lunch box", "lunchbox"), (None,)),
    "scooter": (("scooter", "kids scooter"), ("Micro", None)),
    "book": (("book", "paperback", "novel"), (None,)),
}


def other(rng: random.Random) -> Item:
    kind = rng.choice(list(OTHER))
    nouns, brands = OTHER[kind]
    extra = []
    if kind == "book":
        extra.append(
            rng.choice(
                (
                    "the midnight library",
                    "harry potter",
                    "a cookbook",
                    "atomic habits",
                    "lord of the flies",
                    "a bible",
                )
            )
        )
    details: list[tuple[str, str]] = []
    if kind in ("water bottle", "lunch box", "scooter") and rng.random() < 0.35:
        details.append(("sticker", rng.choice(EMBLEMS)))
    return Item(
        "other",
        kind,
        nouns,
        colour(rng),
        rng.choice(brands),
        details=tuple(details),
        extra=tuple(extra),
    )


SAMPLERS: dict[str, Callable[[random.Random], Item]] = {
    "phone": phone,
    "wallet": wallet,
    "bag": bag,
    "keys": keys,
    "id": id_doc,
    "bank_card": bank_card,
    "jewellery": jewellery,
    "clothing": clothing,
    "umbrella": umbrella,
    "headphones": headphones,
    "laptop": laptop,
    "glasses": glasses,
    "other": other,
}

SAME_GROUP = {
    "phone": ("apple", "samsung", "google", "motorola", "xiaomi", "oneplus", "nokia"),
    "bank_card": (
        "Barclays",
        "HSBC",
        "NatWest",
        "Lloyds",
        "Santander",
        "Monzo",
        "Starling",
        "Revolut",
        "Nationwide",
        "Halifax",
    ),
}


def negative(rng: random.Random, item: Item) -> tuple[Item, str] | None:
    """The same kind of item with one deciding thing changed, and what that thing is."""
    options: list[str] = []
    if item.colour and item.category not in ("bank_card",):
        options += ["colour"] * 3
    if item.brand and item.category in (
        "phone",
        "bank_card",
        "clothing",
        "bag",
        "headphones",
        "laptop",
        "glasses",
        "jewellery",
        "keys",
        "wallet",
    ):
        options += ["brand"] * 2
    if item.name:
        options += ["name"] * 3
    if item.digits:
        options += ["digits"] * 4
    emblem_slots = [
        i
        for i, (slot, _) in enumerate(item.details)
        if slot in ("keyring", "case_emblem", "charm", "sticker", "popsocket")
    ]
    colour_slots = [
        i
        for i, (slot, _) in enumerate(item.details)
        if slot in ("case", "fob", "lanyard", "strap", "cover")
    ]
    if emblem_slots:
        options += ["emblem"] * 3
    if colour_slots:
        options += ["detail colour"] * 2
    if item.category in ("bag", "clothing", "id", "jewellery", "glasses", "laptop"):
        options += ["kind"] * 2
    options += ["time"]
    why = rng.choice(options)
    if why == "colour":
        return mutated(
            item, colour=other_colour(rng, item.colour or "black"), force=frozenset({"colour"})
        ), why
    if why == "brand":
        return _other_brand(rng, item), why
    if why == "name":
        first, last = item.name or person(rng)
        new = (first, person(rng)[1]) if rng.random() < 0.6 else (person(rng)[0], last)
        if new == item.name:
            new = (first, "Okafor" if last != "Okafor" else "Lee")
        return mutated(item, name=new, force=frozenset({"name"})), why
    if why == "digits":
        return mutated(
            item, digits=transposed(rng, item.digits or "1234"), force=frozenset({"digits"})
        ), "card digits"
    if why in ("emblem", "detail colour"):
        i = rng.choice(emblem_slots if why == "emblem" else colour_slots)
        slot, value = item.details[i]
        if why == "emblem":
            new_value = rng.choice([e for e in EMBLEMS if e != value])
        else:
            new_value = other_colour(rng, value)
        details = list(item.details)
        details[i] = (slot, new_value)
        return mutated(item, details=tuple(details), force=frozenset({f"detail:{slot}"})), why
    if why == "kind":
        return _other_kind(rng, item)
    return item, "time"


def _other_brand(rng: random.Random, item: Item) -> Item:
    group = SAME_GROUP.get(item.category)
    if group is None:
        pool = {
            "clothing": ("North Face", "Nike", "Adidas", "Zara", "Uniqlo", "Barbour"),
            "bag": ("North Face", "Nike", "Adidas", "Eastpak", "Herschel", "Radley"),
            "headphones": ("Sony", "Bose", "Beats", "JBL"),
            "laptop": ("Dell", "HP", "Lenovo", "Asus"),
            "glasses": ("Ray-Ban", "Oakley", "Gucci", "Prada"),
            "jewellery": ("Casio", "Rolex", "Fossil", "Seiko", "Pandora", "Swarovski"),
            "keys": ("Ford", "VW", "Toyota", "BMW", "Audi"),
            "wallet": ("Michael Kors", "Radley", "Ted Baker", "Fossil", "Gucci"),
        }[item.category]
        group = pool
    brand = rng.choice([b for b in group if b.lower() != (item.brand or "").lower()])
    nouns, model = item.nouns, item.model
    if item.category == "phone":
        nouns = ("phone", "mobile", "smartphone")
        model = {"apple": "iphone 14", "samsung": "galaxy s23", "google": "pixel 7"}.get(brand, "")
        if item.brand == "apple" or brand == "apple":
            nouns = ("iphone", "phone") if brand == "apple" else ("samsung", "android phone")
    if item.category == "laptop" and item.noun == "tablet":
        brand = rng.choice([b for b in ("Apple", "Samsung", "Amazon") if b != item.brand])
        nouns = {"Apple": ("ipad", "tablet"), "Samsung": ("galaxy tab", "tablet")}.get(
            brand, ("kindle", "e-reader")
        )
        return mutated(item, brand=brand, nouns=nouns, force=frozenset({"brand", "noun"}))
    if item.category == "headphones" and item.noun == "airpods":
        nouns = ("earbuds", "wireless earbuds")
        return mutated(item, brand=brand, nouns=nouns, force=frozenset({"brand", "noun"}))
    return mutated(
        item, brand=brand, nouns=nouns, noun=nouns[0], model=model, force=frozenset({"brand"})
    )


def _other_kind(rng: random.Random, item: Item) -> tuple[Item, str]:
    if item.category == "bag":
        kind = rng.choice(BAG_FAR[item.noun].split())
        return mutated(
            item, noun=kind, nouns=BAG_NOUNS[kind][:2], force=frozenset({"noun"})
        ), "kind"
    if item.category == "clothing":
        kind = rng.choice(CLOTHES_FAR[item.noun].split())
        return mutated(item, noun=kind, nouns=CLOTHES[kind][:2], force=frozenset({"noun"})), "kind"
    if item.category == "jewellery":
        kind = rng.choice([k for k in JEWELLERY if k != item.noun])
        brand = item.brand if kind != "watch" and item.noun != "watch" else None
        return mutated(
            item,
            noun=kind,
            nouns=JEWELLERY[kind],
            brand=brand,
            details=(),
            force=frozenset({"noun"}),
        ), "kind"
    if item.category == "id":
        swap = {
            "passport": ("driving licence", "provisional licence"),
            "driving licence": ("passport",),
            "id card": ("passport", "driving licence"),
            "travel": ("student card", "staff pass"),
            "brp": ("passport",),
        }[item.noun]
        changed = mutated(item, noun="other", nouns=swap, details=(), extra=())
        return mutated(changed, force=frozenset({"noun"})), "kind"
    if item.category == "glasses":
        nouns = ("glasses", "reading glasses") if item.noun == "sunglasses" else ("sunglasses",)
        return mutated(item, noun="x", nouns=nouns, force=frozenset({"noun"})), "kind"
    nouns = ("ipad", "tablet") if item.noun == "laptop" else ("laptop", "macbook")
    brand = "Apple" if nouns[0] in ("ipad", "macbook") else item.brand
    return mutated(item, noun="x", nouns=nouns, brand=brand, force=frozenset({"noun"})), "kind"
