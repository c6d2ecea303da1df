"""Found property: what it is, where and when it was found, and where it is now."""

from __future__ import annotations

from flows import texts
from flows.definitions.common import PHOTO, WHEN_FOUND, WHERE_FOUND, WHERE_OTHER
from flows.flow import Cond, Flow, Step
from flows.model import Option

CATEGORY = Step(
    id="category",
    kind="choice",
    prompt=texts.ASK_CATEGORY,
    label=texts.LABEL_CATEGORY,
    options=(
        Option("phone", texts.CATEGORY_PHONE),
        Option("wallet", texts.CATEGORY_WALLET),
        Option("bag", texts.CATEGORY_BAG),
        Option("keys", texts.CATEGORY_KEYS),
        Option("id", texts.CATEGORY_ID),
        Option("bank_card", texts.CATEGORY_CARD),
        Option("jewellery", texts.CATEGORY_JEWELLERY),
        Option("clothing", texts.CATEGORY_CLOTHING),
        Option("other", texts.OTHER),
    ),
    aliases=(
        ("iphone", "phone"),
        ("mobile", "phone"),
        ("mobile phone", "phone"),
        ("smartphone", "phone"),
        ("samsung", "phone"),
        ("android", "phone"),
        ("purse", "wallet"),
        ("wallet", "wallet"),
        ("card holder", "wallet"),
        ("handbag", "bag"),
        ("backpack", "bag"),
        ("rucksack", "bag"),
        ("shopping bag", "bag"),
        ("suitcase", "bag"),
        ("holdall", "bag"),
        ("key", "keys"),
        ("keyring", "keys"),
        ("car key", "keys"),
        ("passport", "id"),
        ("driving licence", "id"),
        ("driving license", "id"),
        ("id card", "id"),
        ("identity card", "id"),
        ("id", "id"),
        ("debit card", "bank_card"),
        ("credit card", "bank_card"),
        ("bank card", "bank_card"),
        ("ring", "jewellery"),
        ("necklace", "jewellery"),
        ("bracelet", "jewellery"),
        ("earring", "jewellery"),
        ("earrings", "jewellery"),
        ("watch", "jewellery"),
        ("jewelry", "jewellery"),
        ("coat", "clothing"),
        ("jacket", "clothing"),
        ("scarf", "clothing"),
        ("hat", "clothing"),
        ("gloves", "clothing"),
        ("jumper", "clothing"),
    ),
    typed_other=True,
    keep_text=True,
)
ITEM_DESCRIPTION = Step(
    id="description",
    kind="text",
    prompt=texts.ASK_FOUND_DESCRIPTION,
    label=texts.LABEL_FOUND_DESCRIPTION,
    min_len=3,
)
HELD = Step(
    id="held",
    kind="choice",
    prompt=texts.ASK_HELD,
    label=texts.LABEL_HELD,
    options=(
        Option("shop", texts.HELD_SHOP),
        Option("police", texts.HELD_POLICE),
        Option("other", texts.OTHER),
    ),
    aliases=(
        ("here", "shop"),
        ("shop", "shop"),
        ("in the shop", "shop"),
        ("with us", "shop"),
        ("with me", "shop"),
        ("in the office", "shop"),
        ("behind the till", "shop"),
        ("in the safe", "shop"),
        ("police", "police"),
        ("handed in", "police"),
        ("given to police", "police"),
        ("police station", "police"),
    ),
    typed_other=True,
    # Words typed for "other" are kept as answers["held_text"], which is also the id of the
    # follow-up step below, so someone who already typed where it is is not asked again.
    keep_text=True,
)
HELD_TEXT = Step(
    id="held_text",
    kind="text",
    prompt=texts.ASK_HELD_TEXT,
    label=texts.LABEL_HELD_TEXT,
    condition=Cond("held", ("other",)),
    min_len=3,
)

FLOW = Flow(
    kind="found_property",
    title=texts.FOUND_TITLE,
    name=texts.FOUND_NAME,
    crime=False,
    alert=("category", "description", "held", "held_text"),
    filed_text=texts.FILED_FOUND,
    again_text=texts.START_NEW_FOUND,
    steps=(
        CATEGORY,
        ITEM_DESCRIPTION,
        WHERE_FOUND,
        WHERE_OTHER,
        WHEN_FOUND,
        HELD,
        HELD_TEXT,
        PHOTO,
    ),
)
