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
AGAINST_CASE_UNSEEN = "the owner describes a case; the finder mentions none"
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

# --- The lost-property flow ---
LOST_TITLE = "lost property"
LOST_NAME = "lost property"
ASK_LOST_BY = "Who is reporting it?"
LABEL_LOST_BY = "Reported by"
LOST_BY_PUBLIC = "The owner"
LOST_BY_STAFF = "Shop staff, for a customer"
ASK_LOST_CATEGORY = "What was lost? For example: phone, purse, keys."
ASK_LOST_DESCRIPTION = "Please describe it: colour, make, and anything that makes it stand out."
LABEL_LOST_DESCRIPTION = "Description"
ASK_WHERE_LOST = "Where was it lost? Type a street, a shop or a landmark, or share your location."
LABEL_WHERE_LOST = "Where lost"
ASK_WHEN_LOST = "When was it lost? For example: an hour ago, this morning or yesterday 18:00."
LABEL_WHEN_LOST = "When lost"
ASK_LOST_CONTACT = (
    "How can we reach the customer if it turns up? A phone number or email, or skip: "
    "we will tell you here and you can pass it on."
)
LABEL_LOST_CONTACT = "Customer's contact"
SUMMARY_ASK_LOST = "Send this lost property report now?"
FILED_LOST = (
    "Thank you. Your lost property reference is *{ref}*.\n"
    "We will look for it among what shops in {bid} hand in. If something like it turns up, "
    "you will hear here. The report stays open for 30 days."
)

# --- Strangers, and members of the public ---
PUBLIC_HELP_HEAD = "What you can do:"
HELP_LOST = "report something you lost"
HELP_LOST_STAFF = "record property a customer lost"
MENU_LOST = "Report lost property"
HELP_ITEMS = "found property your shop holds, with its status (or your own lost reports)"
HELP_ITEMS_PUBLIC = "your lost property reports"
MENU_ITEMS = "Property we hold"
HELP_RETURNED = "the owner has collected it (or send their handover code)"
USAGE_RETURNED = "returned WE-0042"
HELP_HANDED = "found property handed to the police"
USAGE_HANDED = "handed WE-0042"
HELP_MATCHES = "possible matches for the stolen items of a case"
USAGE_MATCHES = "matches WE-0042"
NO_BID_FOR_LOST = (
    "Sorry, lost property cannot be reported here yet. Please contact the police on 101."
)

# --- Telling the owner, and checking it is theirs ---
OWNER_MAYBE = (
    "Something like your {category} ({ref}) may have been handed in.\n"
    "To check it is yours, please answer one question: {question}"
)
OWNER_MAYBE_STAFF = (
    "Something like the {category} your customer lost ({ref}) may have been handed in.\n"
    "Please ask them, and send their answer here: {question}"
)
OWNER_ANOTHER = "Thank you. One more question: {question}"
OWNER_THANKS_ANSWER = (
    "Thank you. We have passed your answer to whoever holds the item. You will hear here "
    "once they have checked it."
)
OWNER_NO_QUESTION = (
    "Something like your {category} ({ref}) may have been handed in. Whoever holds it will "
    "check, and you will hear here."
)
OWNER_CONFIRMED = (
    "Good news: the {category} handed in looks like yours ({ref}).\n"
    "Collect it from {shop}, {street}.{hours}\n"
    "Bring photo ID and this handover code: *{code}*"
)
OWNER_HOURS = "\nOpening hours: {hours}."
OWNER_CONFIRMED_POLICE = (
    "Good news: the {category} handed in looks like yours ({ref}).\n"
    "The police hold it: an officer will tell you here where and when to collect it.\n"
    "Bring photo ID and this handover code: *{code}*"
)
OWNER_REJECTED = (
    "Sorry, the item handed in is not your {category} after all ({ref}). Your report stays "
    "open, and you will hear here if something else turns up."
)
OWNER_RETURNED = "Your {category} is back with you ({ref}). Thank you for using ShopWatch."
OWNER_EXPIRED = (
    "Your lost property report {ref} ({category}) has been open 30 days and is now closed. "
    "Nothing like it was handed in. If you still need it, report it to the police on 101 or "
    "send lost to start again."
)

# --- The holder deciding ---
HOLDER_CHECK = (
    "Possible owner for found property *{ref}* ({category}: {text}).\n"
    "Why it may match: {reasons}.\n"
    "{earlier}"
    "We asked them: {question}\n"
    "They answered: {answer} ({verdict})\n"
    "Is it theirs?"
)
HOLDER_EARLIER = "We asked them: {question}\nThey answered: {answer} (not sure)\n"
HOLDER_CHECK_NO_QUESTION = (
    "Possible owner for found property *{ref}* ({category}: {text}).\n"
    "Why it may match: {reasons}.\n"
    "There was nothing to ask them that they had not said. Is it theirs?"
)
VERDICT_WORDS = {"pass": "fits your record", "fail": "does not fit", "unsure": "not sure"}
HOLDER_YES = "Yes, it is theirs"
HOLDER_NO = "No, not theirs"
HOLDER_CONFIRMED = (
    "Thank you. The owner has been told to collect *{ref}* with photo ID and the handover "
    "code {code}. When they have it, send returned {ref} (or the code)."
)
HOLDER_REJECTED = "Thank you. The owner has been told; *{ref}* stays held."
HOLDER_DONE = "Thank you: *{ref}* is back with its owner. Well done for handing it in safely."
HOLDER_NOTHING_WAITING = "There is no owner's answer waiting for you to check."
HANDED_DONE = "Recorded: *{ref}* was handed to the police. Thank you."
NOT_HELD = "*{ref}* is no longer held (it is {status})."
NO_SUCH_ITEM = "No found property {ref} for your shop."
NO_MATCH_TO_RETURN = (
    "*{ref}* has no confirmed owner yet. It is returned once the owner's answer is checked "
    "and confirmed here."
)
NEED_ITEM_REF = "Please add the reference, like: {word} WE-0042"

# --- Stolen property: the case's officer decides ---
OFFICER_STOLEN = (
    "Possible match for stolen property on *{case}* ({item}).\n"
    "Found property *{ref}* at {shop}: {text}.\n"
    "Why: {reasons}.{against}\n"
    "It may be evidence. Should the shop keep it for the police?"
)
OFFICER_AGAINST = "\nBut: {against}."
OFFICER_YES = "Yes, keep it for police"
OFFICER_NO = "Not it"
OFFICER_KEPT = "Thank you. {shop} has been asked to keep *{ref}* for the police."
OFFICER_DROPPED = "Thank you. The match with *{ref}* is set aside."
SHOP_KEEP_FOR_POLICE = (
    "Please keep found property *{ref}* safe for the police: it may be stolen property from "
    "a crime report. An officer will be in touch; send handed {ref} once you give it to them."
)
MATCHES_HEAD = "Possible matches for the stolen items of *{case}*:"
MATCHES_LINE = "{ref} at {shop} ({status}): {text}. {reasons} [{state}]"
MATCHES_NONE = "No found property matches the stolen items of *{case}* so far."
MATCH_STATES = {
    "asked": "owner asked",
    "answered": "owner answered",
    "officer": "waiting for you",
    "confirmed": "confirmed",
    "rejected": "set aside",
    "returned": "returned",
    "closed": "closed",
}

# --- items ---
ITEMS_HEAD = "Found property at {shop}:"
ITEMS_LINE = "{ref} {category}, {status}, recorded {when}: {text}"
ITEMS_NONE = "Your shop holds no found property. Send found to record some."
LOST_MINE_HEAD = "Your lost property reports:"
LOST_MINE_LINE = "{ref} {category}, {status}, reported {when}"
LOST_MINE_NONE = "You have no lost property reports. Send lost to make one."
ITEM_STATUS = {
    "held": "held",
    "matched": "owner found, waiting for collection",
    "returned": "returned",
    "handed": "handed to police",
    "disposed": "disposed of",
    "open": "open",
    "expired": "closed after 30 days",
    "closed": "closed",
}

# --- Lifecycle ---
HOLDER_REMINDER = (
    "Found property *{ref}* ({category}) has been held since {when}. Unless it is claimed, "
    "it may be disposed of after {until}, following {bid}'s rules."
)
HOLDER_DISPOSE = (
    "Found property *{ref}* ({category}) has been held {days} days, {bid}'s retention "
    "period, and is now marked as disposed of. Please dispose of it by the BID's rules."
)

# --- Digest ---
DIGEST_PROPERTY = "Property: {found} found, {matched} matched, {returned} returned"
PUBLIC_NAME = "Member of the public"
