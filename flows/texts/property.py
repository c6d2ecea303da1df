"""Found and lost property: why two items look alike, and the questions that check an owner."""

PROPERTY_CATEGORY_NAMES = {
    "phone": "phone",
    "wallet": "wallet or purse",
    "bag": "bag",
    "keys": "keys",
    "id": "ID or passport",
    "bank_card": "bank card",
    "jewellery": "jewellery",
    "clothing": "clothing",
    "umbrella": "umbrella",
    "headphones": "headphones",
    "laptop": "laptop or tablet",
    "glasses": "glasses",
    "other": "other item",
}
PROPERTY_KIND_NAMES = {
    "backpack": "backpack",
    "handbag": "handbag",
    "tote": "tote or shopping bag",
    "suitcase": "suitcase",
    "holdall": "holdall",
    "work_bag": "laptop bag",
    "bumbag": "bum bag",
    "pouch": "pouch",
    "car_key": "car key",
    "passport": "passport",
    "licence": "driving licence",
    "id_card": "ID card or pass",
    "travel": "travel card",
    "permit": "residence permit",
    "credit": "credit card",
    "debit": "debit card",
    "ring": "ring",
    "necklace": "necklace",
    "bracelet": "bracelet",
    "earrings": "earrings",
    "watch": "watch",
    "coat": "coat or jacket",
    "jumper": "jumper or hoodie",
    "scarf": "scarf",
    "hat": "hat",
    "gloves": "gloves",
    "footwear": "shoes",
    "shirt": "shirt or top",
    "trousers": "trousers",
    "dress": "dress or skirt",
    "earbuds": "earbuds",
    "over_ear": "headphones",
    "laptop": "laptop",
    "tablet": "tablet",
    "specs": "glasses",
    "sunglasses": "sunglasses",
}
PROPERTY_DETAIL_NAMES = {
    "case": "case",
    "keyring": "keyring",
    "fob": "fob",
    "sticker": "sticker",
    "charm": "charm",
    "tag": "tag",
    "strap": "strap",
    "lanyard": "lanyard",
    "popsocket": "phone grip",
    "engraving": "engraving",
    "badge": "badge",
    "pompom": "pompom",
    "photo": "photo",
    "screen": "screen",
    "zip": "zip",
}

# --- Why two items look alike (shown to staff, officers, and to the owner: each names only
# what the owner said too) ---
REASON_CATEGORY = "same category ({category})"
REASON_KIND = "both {kind}"
REASON_COLOUR = "both {colour}"
REASON_BRAND = "both '{brand}'"
REASON_MODEL = "both {model}"
REASON_DETAIL = "{detail} on both"
REASON_DETAIL_WITH = "{words} {detail} on both"
REASON_DIGITS = "card ending {digits} on both"
REASON_NAME = "the same name on it"
REASON_KEYS = "both {count} keys"
REASON_KEYS_NEAR = "{count} or {other} keys, close enough"
REASON_MATERIAL = "both {material}"
REASON_PATTERN = "both {pattern}"
REASON_WORDS = "both say '{words}'"
REASON_SIZE = "the same size"
REASON_FOUND_M = "found {metres} m away"
REASON_FOUND_STREET = "found on the same street"
REASON_FOUND_AFTER = "{gap} after the loss"
REASON_JOIN = ", "
GAP_MINUTES = "{n} min"
GAP_HOURS = "{n} h"
GAP_DAYS = "{n} days"
GAP_DAY = "1 day"

# --- Why they may differ (officers and staff only: these name what the finder recorded) ---
AGAINST_CATEGORY = "different kinds of item"
AGAINST_KIND = "a {kind}, not a {other}"
AGAINST_COLOUR = "colours differ ({colour} vs {other})"
AGAINST_BRAND = "different makes ({brand} vs {other})"
AGAINST_MODEL = "different models ({model} vs {other})"
AGAINST_DIGITS = "different card numbers ({digits} vs {other})"
AGAINST_NAME = "different names"
AGAINST_DETAIL = "the {detail} differs ({words} vs {other})"
AGAINST_KEYS = "{count} keys vs {other}"
AGAINST_MATERIAL = "different material ({material} vs {other})"
AGAINST_PATTERN = "different pattern ({pattern} vs {other})"
AGAINST_BEFORE = "found {gap} before it was lost"
AGAINST_LATE = "found {gap} after the loss"
AGAINST_FAR = "found {km} km away"
AGAINST_SIZE = "different sizes"

# --- Checking that the person asking is the owner ---
VERIFY_DIGITS = "What are the last four digits of the card?"
VERIFY_NAME = "What name is on it?"
# Asked about an accessory the owner has not mentioned: worded so as not to say what it is.
VERIFY_DETAIL = {
    "keyring": "Is there a keyring on them? What is it like?",
    "case": "Is it in a case? What does the case look like?",
    "sticker": "Are there any stickers on it? What are they?",
    "charm": "Is there a charm or keyring on it? What is it?",
    "tag": "Is there a tag or label on it? What does it say?",
    "engraving": "Is anything engraved on it? What does it say?",
    "photo": "Is there a photo in or on it? What of?",
    "popsocket": "Is there a grip on the back? What is on it?",
    "letter": "Is there a letter on it? Which one?",
    "badge": "Are there any badges or pins on it? What are they?",
}
VERIFY_DETAIL_COLOUR = "What colour is the {detail}?"
VERIFY_DETAIL_WORDS = "Can you describe the {detail}?"
VERIFY_BRAND = "What make is it?"
VERIFY_MODEL = "Which model is it?"
VERIFY_COLOUR = "What colour is it?"
VERIFY_KEYS = "How many keys are there?"
VERIFY_MATERIAL = "What is it made of?"
VERIFY_PATTERN = "Does it have a pattern? What is it like?"
