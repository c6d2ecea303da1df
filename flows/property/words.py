"""Small word lists for property: categories and the kinds within them, accessories, materials.

Each kind has a family; two kinds of one family are the same sort of thing described two ways
(a coat and a jacket), two families of one category are different things (a ring and a watch).
Phrases are comma-separated, lower case, British and American spellings both.
"""

from __future__ import annotations

CATEGORIES = (
    "phone", "wallet", "bag", "keys", "id", "bank_card", "jewellery", "clothing",
    "umbrella", "headphones", "laptop", "glasses", "other",
)  # fmt: skip

# category -> kind -> (family, phrases). An empty family is the plain noun ("bag"): no kind.
KINDS: dict[str, dict[str, tuple[str, str]]] = {
    "phone": {
        "phone": (
            "phone",
            "phone, mobile, mobile phone, smartphone, smart phone, cell phone, "
            "cellphone, handset, fone, iphone, android, flip phone, moby, galaxy, samsung galaxy, "
            "pixel, google pixel",
        ),
    },
    "wallet": {
        "wallet": ("wallet", "wallet, billfold, mens wallet"),
        "purse": ("wallet", "purse, coin purse, zip purse, money purse"),
        "cardholder": (
            "wallet",
            "card holder, cardholder, card wallet, card case, card sleeve, "
            "oyster wallet, travel wallet",
        ),
    },
    "bag": {
        "backpack": (
            "backpack",
            "backpack, rucksack, back pack, bookbag, book bag, school bag, "
            "knapsack, daypack, rucksac, ruck sack",
        ),
        "handbag": (
            "handbag",
            "handbag, hand bag, shoulder bag, cross body, crossbody, "
            "cross body bag, crossbody bag, clutch, clutch bag, satchel, bucket bag, "
            "evening bag",
        ),
        "tote": (
            "tote",
            "tote, tote bag, shopping bag, shopper, canvas bag, carrier bag, "
            "bag for life, plastic bag, paper bag, gift bag, shopping",
        ),
        "suitcase": (
            "suitcase",
            "suitcase, wheelie case, wheelie bag, carry on, cabin bag, "
            "luggage, trolley bag, roller bag",
        ),
        "holdall": (
            "holdall",
            "holdall, duffel, duffle, duffel bag, duffle bag, gym bag, "
            "sports bag, kit bag, weekend bag, weekender",
        ),
        "work_bag": ("work_bag", "laptop bag, briefcase, messenger bag, computer bag"),
        "bumbag": ("bumbag", "bum bag, bumbag, fanny pack, waist bag, belt bag"),
        "pouch": (
            "pouch",
            "make up bag, makeup bag, wash bag, washbag, toiletry bag, "
            "cosmetics bag, pouch, pencil case",
        ),
        "bag": ("", "bag"),
    },
    "keys": {
        "keys": (
            "keys",
            "key, keys, bunch of keys, set of keys, house key, house keys, door key, "
            "door keys, front door key, flat keys, flat key, yale key",
        ),
        "car_key": ("keys", "car key, car keys, car fob"),
    },
    "id": {
        "passport": ("passport", "passport"),
        "licence": (
            "licence",
            "driving licence, driving license, drivers licence, "
            "drivers license, driver's licence, provisional licence, provisional license, "
            "provisional, licence, license",
        ),
        "id_card": (
            "id_card",
            "id card, identity card, id, student card, student id, uni card, "
            "university card, staff pass, work pass, staff id, id badge, security pass, "
            "citizen card, pass card, nhs badge, work id",
        ),
        "travel": (
            "travel",
            "oyster, oyster card, freedom pass, railcard, travelcard, "
            "travel card, bus pass, zip card",
        ),
        "permit": ("permit", "brp, residence permit, residence card, biometric residence permit"),
    },
    "bank_card": {
        "debit": ("card", "debit card, bank card, card, contactless card, cash card, visa debit"),
        "credit": ("card", "credit card, amex card, charge card"),
    },
    "jewellery": {
        "ring": ("ring", "ring, wedding ring, engagement ring, wedding band, signet ring"),
        "necklace": ("necklace", "necklace, chain, pendant, locket, choker, neck chain"),
        "bracelet": ("bracelet", "bracelet, bangle, anklet, charm bracelet"),
        "earrings": ("earrings", "earring, earrings, stud earrings, hoops, hoop earrings"),
        "watch": (
            "watch",
            "watch, wristwatch, wrist watch, smartwatch, smart watch, apple watch, fitbit",
        ),
        "jewellery": ("", "jewellery, jewelry"),
    },
    "clothing": {
        "coat": (
            "coat",
            "coat, jacket, puffer, puffer jacket, parka, anorak, raincoat, "
            "rain coat, blazer, gilet, bomber, bomber jacket, windbreaker, trench, "
            "trench coat, mac, overcoat, body warmer, bodywarmer, waterproof, rain jacket",
        ),
        "jumper": (
            "jumper",
            "jumper, sweater, hoodie, hoody, cardigan, cardi, sweatshirt, "
            "pullover, fleece, zip up",
        ),
        "scarf": ("scarf", "scarf, scarves, shawl, snood, pashmina"),
        "hat": (
            "hat",
            "hat, beanie, cap, baseball cap, bobble hat, beret, woolly hat, bucket hat",
        ),
        "gloves": ("gloves", "glove, gloves, mittens, mitten"),
        "footwear": (
            "footwear",
            "trainers, trainer, shoes, shoe, boots, boot, sneakers, sandals, heels",
        ),
        "shirt": ("shirt", "shirt, t shirt, tshirt, tee, blouse, polo, polo shirt"),
        "trousers": ("trousers", "trousers, jeans, joggers, leggings, shorts"),
        "dress": ("dress", "dress, skirt"),
        "clothing": ("", "clothing, clothes, garment"),
    },
    "umbrella": {
        "umbrella": ("umbrella", "umbrella, brolly, umbrela, umberella, umbrellla"),
    },
    "headphones": {
        "earbuds": (
            "earbuds",
            "airpods, air pods, airpod, earbuds, ear buds, earphones, "
            "ear phones, buds, galaxy buds, in ear, pods, airpods pro",
        ),
        "over_ear": (
            "over_ear",
            "headphones, head phones, headset, over ear, over ears, cans, airpods max",
        ),
    },
    "laptop": {
        "laptop": ("laptop", "laptop, macbook, mac book, chromebook, thinkpad, computer"),
        "tablet": ("tablet", "tablet, ipad, kindle, e reader, ereader, galaxy tab"),
    },
    "glasses": {
        "specs": (
            "specs",
            "glasses, specs, spectacles, reading glasses, eyeglasses, frames, "
            "prescription glasses, glasses case",
        ),
        "sunglasses": ("sunglasses", "sunglasses, sunnies, shades, sun glasses"),
    },
    "other": {
        "book": ("book", "book, novel, diary, notebook, journal, paperback, sketchbook"),
        "bottle": ("bottle", "water bottle, bottle, flask, thermos, keep cup, travel mug"),
        "toy": ("toy", "toy, teddy, teddy bear, soft toy, cuddly toy, doll, plushie"),
        "charger": ("charger", "charger, power bank, powerbank, charging cable, battery pack"),
        "camera": ("camera", "camera, gopro, dslr"),
        "vape": ("vape", "vape, e cig, ecig, e cigarette"),
        "medicine": (
            "medicine",
            "inhaler, medication, medicine, epipen, epi pen, insulin pen, pills",
        ),
        "lunch": ("lunch", "lunch box, lunchbox, lunch bag"),
        "folder": ("folder", "folder, document wallet, file, documents, paperwork, envelope"),
        "scooter": ("scooter", "scooter, kick scooter"),
        "pram": ("pram", "pram, buggy, pushchair"),
        "lanyard": ("lanyard", "lanyard"),
        "other": ("", "item, thing"),
    },
}

# Accessories and marks that set one item apart: key -> phrases.
DETAILS = {
    "case": "case, phone case, cover, phone cover, flip case, wallet case, holder, sleeve, "
    "skin, bumper, passport cover, passport holder",
    "keyring": "keyring, key ring, keychain, key chain, keyfob, key fob",
    "fob": "fob",
    "sticker": "sticker, stickers, decal",
    "charm": "charm, charms",
    "tag": "tag, name tag, luggage tag, label",
    "strap": "strap, straps",
    "lanyard": "lanyard",
    "popsocket": "popsocket, pop socket, phone grip, ring holder",
    "engraving": "engraving, engraved, inscription, initials, monogram",
    "badge": "badge, badges, pin, pins, patch, patches",
    "pompom": "pompom, pom pom, bobble",
    "photo": "photo, picture, photograph",
    "screen": "screen, screen protector",
    "zip": "zip, zipper",
    "letter": "letter, initial",
}

MATERIALS = {
    "leather": "leather, real leather",
    "faux_leather": "faux leather, fake leather, pleather, vegan leather, pu leather",
    "suede": "suede",
    "canvas": "canvas",
    "denim": "denim",
    "wool": "wool, woollen, wooly, woolly, knitted, knit",
    "plastic": "plastic",
    "metal": "metal, metallic, steel, stainless steel",
    "fabric": "fabric, cloth, nylon, polyester",
    "velvet": "velvet, velour",
    "fur": "fur, faux fur, furry, fluffy",
    "silicone": "silicone, rubber, rubbery",
    "wood": "wood, wooden",
}

PATTERNS = {
    "floral": "floral, flowery, flowers, flower print, flower",
    "striped": "striped, stripes, stripy, stripey",
    "checked": "checked, check, checkered, tartan, plaid",
    "spotted": "spotted, spots, polka dot, polka dots, dotty",
    "animal": "leopard, leopard print, zebra, snakeskin, snake print, animal print",
    "camo": "camo, camouflage",
    "glitter": "glitter, glittery, sparkly, sparkles, sequins",
    "clear": "clear, transparent, see through",
    "quilted": "quilted",
}

CONDITION = frozenset(
    "cracked crack smashed broken scratched scratch scratches dented worn tatty "
    "torn ripped stained dirty faded chipped missing bent".split()
)

# Words that say nothing about which item it is.
STOP = frozenset(
    """a an the and or of in on at to for with without by from it its is was are were be been
    has have had got my our your his her their me i we you they he she this that these those
    there here some any just very really quite bit little lost lose losing left leave found
    find dropped drop think probably maybe possibly about around near outside inside side back
    front top bottom also too please help thanks thank if can could would should will still not
    no yes lots few small large big tiny huge medium size sized long short old new brand
    colour color coloured colored kind type sort like looks look looking which who what when
    where while as so but then than own mine someone somebody person pair set bunch couple
    contains containing inc including plus only all x morning afternoon evening night today
    yesterday am pm ish approx roughly street road lane square avenue st rd sq shop store
    counter till floor table bench seat bus tube train station pub bar cafe restaurant toilet
    toilets loo one two three four five six seven eight nine ten im ive dont didnt cant pls
    last digit
    plz u ur its i'm did do does done said says say called call please anyone seen handed
    hand in put someone s t name ending ends digits number numbers""".split()
)

# Written-out numbers people use for counts.
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "a couple of": 2, "couple of": 2, "a pair of": 2, "single": 1,
}  # fmt: skip
