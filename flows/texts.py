"""Every sentence ShopWatch says to people; plain British English for a busy shop floor."""

# Placeholders in braces are filled in with str.replace, never str.format, so that
# words people type (which may hold braces) can never break a message.

# --- Starting a report ---
TITLES = {
    "shoplifting": "shoplifting",
    "begging_asb": "begging or anti-social behaviour",
    "moped_snatch": "a moped or bike snatch",
    "theft": "a theft",
    "found_property": "found property",
}
INTRO = (
    "Let's report {title}. I'll ask one question at a time. "
    "Type back to go back, or cancel to stop."
)
START_NEW = "Send *report* to start a new one."

# --- Shared answer words ---
YES = "Yes"
NO = "No"
NOT_SURE = "Not sure"
SKIP = "Skip"
OTHER = "Other"
DONT_KNOW = "Don't know"
JUST_NOW = "Just now"
KEEP_MY_WORDS = "Keep my words"
SKIPPED = "Skipped"
NOT_KNOWN = "Not known"

# --- Safety gate ---
ASK_SAFETY = "Is anyone hurt or in danger, or is the offender still there and being violent?"
LABEL_SAFETY = "Hurt or in danger"
CALL_999 = (
    "*Call 999 now.*\n"
    "This report will keep going, so nothing is lost. Carry on here when you are safe."
)

# --- When ---
ASK_WHEN = "When did it happen? For example: just now, 20 minutes ago, 14:30 or yesterday 6pm."
ASK_WHEN_FOUND = "When was it found? For example: just now, an hour ago or this morning."
LABEL_WHEN = "When"
LABEL_WHEN_FOUND = "When found"
HINT_WHEN = "Sorry, I couldn't read that time. Try 14:30, 20 minutes ago or yesterday 6pm."
HINT_WHEN_DAY_ONLY = "Please add a time too, like yesterday 6pm."
HINT_WHEN_FUTURE = "That time is still to come. Please give the time it happened."
HINT_WHEN_TOO_OLD = (
    "That is more than 30 days ago. For older incidents, please call 101 or report online."
)

# --- Where ---
AT_SHOP = "At {shop}"
SOMEWHERE_ELSE = "Somewhere else"
ASK_WHERE = "Where did it happen? Tap a button, type the street, or share your location."
ASK_WHERE_FOUND = "Where was it found? Tap a button, type the street, or share your location."
ASK_WHERE_OTHER = "Which street or landmark? Type it, or share your location."
ASK_WHERE_AGAIN = (
    "OK. Type the street or landmark in other words. "
    "Or tap Keep my words to use \u201c{typed}\u201d as you wrote it."
)
ASK_CHECK_STREET = "Did you mean {street}?"
LABEL_WHERE = "Where"
LABEL_WHERE_FOUND = "Where found"
LABEL_WHERE_OTHER = "Street or landmark"
HINT_WHERE = "Please type a street or landmark, like Coventry Street, or share your location."
HINT_CHECK_STREET = "Please tap Yes or No."

# --- What happened ---
ASK_WHAT = "What happened? A few words is fine."
LABEL_WHAT = "What happened"
HINT_TEXT_SHORT = "Please type a few more words."

# --- Items and value ---
ASK_ITEMS = "What was taken? For example: 3 bottles of perfume."
LABEL_ITEMS = "Items taken"
ASK_VALUE = (
    "Roughly how much was it all worth, in pounds? For example £45. If you don't know, type skip."
)
LABEL_VALUE = "Value"
HINT_VALUE = "Please type an amount in pounds, like £45 or 45.50. Or type skip."

# --- Theft type ---
ASK_THEFT_TYPE = "What kind of theft was it?"
LABEL_THEFT_TYPE = "Type of theft"
THEFT_PICKPOCKET = "Pickpocketing"
THEFT_SMASH_GRAB = "Smash-and-grab"
THEFT_BAG_PHONE = "Bag or phone theft"

# --- Offenders ---
ASK_OFFENDERS = "How many offenders were there?"
LABEL_OFFENDERS = "Offenders"
FOUR_OR_MORE = "4 or more"
HINT_OFFENDERS = "Please type a number, like 2, or tap Don't know."
ASK_DESCRIPTION = (
    "Please describe them: clothing, build, rough age, anything that stands out. "
    "Please don't include ethnicity, religion, health or other sensitive details. "
    "Or type skip."
)
LABEL_DESCRIPTION = "Description"

# --- Direction ---
ASK_DIRECTION = "Which way did they go? For example: towards Leicester Square. Or type skip."
LABEL_DIRECTION = "Direction"

# --- CCTV and earlier reports ---
ASK_CCTV = "Is there CCTV that may have caught it?"
LABEL_CCTV = "CCTV"
ASK_REPORTED = "Have you already reported this to the police?"
LABEL_REPORTED = "Already reported"
ASK_CRN = (
    "What is the CAD or crime reference number? For example 1234567/25. "
    "If you don't have it, type skip."
)
LABEL_CRN = "Police reference"
HINT_CRN = (
    "That doesn't look like a reference. "
    "It is 4 to 20 letters and numbers, like 1234567/25. Or type skip."
)

# --- Moped or bike snatch ---
ASK_VEHICLE_COLOUR = "What colour was the vehicle?"
LABEL_VEHICLE_COLOUR = "Vehicle colour"
ASK_VEHICLE_TYPE = "What kind of vehicle was it?"
LABEL_VEHICLE_TYPE = "Vehicle"
VEHICLE_MOPED = "Moped"
VEHICLE_SCOOTER = "Scooter"
VEHICLE_MOTORBIKE = "Motorbike"
VEHICLE_EBIKE = "E-bike"
VEHICLE_BICYCLE = "Bicycle"
ASK_PLATE = (
    "Did you see any of the number plate? Type what you saw, even a few letters. Or type skip."
)
LABEL_PLATE = "Number plate"
HINT_PLATE = "Please type only the letters and numbers you saw, like LD19 or AB. Or type skip."
ASK_TARGET = "Who was targeted?"
LABEL_TARGET = "Who was targeted"
TARGET_STAFF = "A staff member"
TARGET_CUSTOMER = "A customer"
TARGET_PASSER_BY = "A passer-by"

# --- Begging and anti-social behaviour ---
ASK_BEHAVIOUR = "What kind of behaviour was it?"
LABEL_BEHAVIOUR = "Behaviour"
BEHAVIOUR_BEGGING = "Aggressive begging"
BEHAVIOUR_ABUSE = "Abuse or threats"
BEHAVIOUR_DRUNK = "Drunk or disorderly"
BEHAVIOUR_BLOCKING = "Blocking the entrance"
ASK_VULNERABLE = "Does the person seem vulnerable (for example sleeping rough or unwell)?"
LABEL_VULNERABLE = "Seems vulnerable"
ASK_STREETLINK = (
    "Would you like us to refer them to StreetLink? "
    "Outreach workers can then try to find them and offer help."
)
LABEL_STREETLINK = "StreetLink referral"

# --- Photo ---
ASK_PHOTO = "If you have a photo, send it now. It helps the police. Or type skip."
LABEL_PHOTO = "Photo"
PHOTO_ATTACHED = "1 photo"
HINT_PHOTO = "Send a photo, or type skip."

# --- Found property ---
ASK_CATEGORY = "What was found? For example: phone, wallet, keys."
LABEL_CATEGORY = "Item"
CATEGORY_PHONE = "Phone"
CATEGORY_WALLET = "Wallet or purse"
CATEGORY_BAG = "Bag"
CATEGORY_KEYS = "Keys"
CATEGORY_ID = "ID or passport"
CATEGORY_CARD = "Bank card"
CATEGORY_JEWELLERY = "Jewellery"
CATEGORY_CLOTHING = "Clothing"
ASK_FOUND_DESCRIPTION = "Please describe it: colour, make, and any marks that stand out."
LABEL_FOUND_DESCRIPTION = "Description"
ASK_HELD = "Where is it now?"
LABEL_HELD = "Where it is now"
HELD_SHOP = "At the shop"
HELD_POLICE = "Handed to police"
ASK_HELD_TEXT = "Where is it now? For example: with our manager at the Regent Street branch."
LABEL_HELD_TEXT = "Where it is now (details)"

# --- Checking answers ---
HINT_CHOICE = "Sorry, I didn't catch that. Please tap a button or type its number."
HINT_YES_NO = "Please answer yes or no."
HINT_NEEDED = "This one is needed to send the report."
HINT_PHOTO_NOT_HERE = "Thanks, but I can't use a photo here. I'll ask for photos near the end."
HINT_LOCATION_NOT_HERE = "Thanks, but I can't use a location here."
HINT_EMPTY = "Please type your answer."
STALE_BUTTON = "That button was for an earlier question. Here is the question now."
FIRST_QUESTION = "This is the first question, so there is nothing to go back to."

# --- Summary and changes ---
SUMMARY_HEAD = "Please check your report:"
SUMMARY_ASK = "Send it to the police now?"
SEND = "Send"
CHANGE = "Change an answer"
CANCEL = "Cancel"
HINT_SUMMARY = "Please tap Send, Change an answer or Cancel."
ASK_EDIT = "Which answer do you want to change?"
AT_SHOP_SUMMARY = "At {shop}"
NEAR_STREET = "{location} (near {street})"

# --- Cancelling, pausing and problems ---
CANCELLED = "Report cancelled. Nothing was sent."
IDLE = "It has been quiet since {since}. Do you want to carry on with this report?"
CARRY_ON = "Carry on"
START_AGAIN = "Start again"
HINT_IDLE = "Please tap Carry on, Start again or Cancel."
SORRY_RETRY = "Sorry, something went wrong there. Let's try that question again."
BROKEN = "Sorry, I lost track of this report. Nothing was sent."

# --- Replies of the dispatcher and commands (handlers/) ---

KIND_NAMES = {
    "shoplifting": "shoplifting",
    "begging_asb": "begging or anti-social behaviour",
    "moped_snatch": "moped snatch",
    "theft": "theft",
    "found_property": "found property",
}
KIND_LABELS = {
    "shoplifting": "Shoplifting",
    "begging_asb": "Begging or anti-social behaviour",
    "moped_snatch": "Moped snatch",
    "theft": "Other theft (pickpocket, smash-and-grab, bag or phone)",
}
STATUS_WORDS = {
    "new": "new, waiting for the police",
    "acknowledged": "seen by the police",
    "investigating": "being looked into",
    "closed": "closed",
}
OUTCOME_WORDS = {
    "detained": "offender detained",
    "crime-ref": "crime reference issued",
    "recovered": "property recovered",
    "nfa": "no further action",
    "not-police": "not a police matter",
    "duplicate": "duplicate of another report",
}
ROLE_WORDS = {
    "staff": "shop staff",
    "officer": "police officer",
    "manager": "BID manager",
    "admin": "administrator",
}

NOT_REGISTERED = (
    "Hello. This is ShopWatch, for reporting crime in your Business Improvement District.\n"
    "You need an invite code to join. Ask your BID manager for one, then send: join YOURCODE"
)
BAD_INVITE = (
    "That invite code did not work. It may be mistyped, used up or expired.\n"
    "Please check it with your BID manager, then send: join YOURCODE"
)
ALREADY_REGISTERED = (
    "You are already registered as {role} for {bid}. Send help to see what you can do."
)
WELCOME = {
    "staff": (
        "Welcome to ShopWatch, {name}. You are registered for {shop}, {bid}.\n"
        "Send report to tell the police about an incident, or found to record lost property.\n"
        "Send help at any time."
    ),
    "officer": (
        "Welcome to ShopWatch, {name}. You are registered as a police officer for {bid}.\n"
        "New reports for the area will come to you here. Send cases to see open cases."
    ),
    "manager": (
        "Welcome to ShopWatch, {name}. You are registered as a BID manager for {bid}.\n"
        "Send digest for a summary of recent reports and police response times."
    ),
}
WELCOME["admin"] = WELCOME["manager"]

HELP = {
    "staff": (
        "What you can do:\n"
        "report - report an incident\n"
        "found - record found property\n"
        "mycases - your recent reports\n"
        "case WE-0042 - one report and its updates\n"
        "reply WE-0042 your message - answer the police\n"
        "cancel - stop what you are doing\n"
        "back - go to the previous question"
    ),
    "officer": (
        "Officer commands:\n"
        "cases - open cases, oldest first\n"
        "case WE-0042 - the full report and its timeline\n"
        "ack WE-0042 - acknowledge a case\n"
        "update WE-0042 text - send an update to the reporter\n"
        "crn WE-0042 1234567/25 - add a CAD or crime reference\n"
        "close WE-0042 outcome [note] - close a case\n"
        "reopen WE-0042 - reopen a closed case"
    ),
    "manager": (
        "Manager commands:\n"
        "digest - reports of the last 7 days and police response times\n"
        "cases - open cases\n"
        "case WE-0042 - one case and its timeline"
    ),
}
HELP["admin"] = HELP["manager"]

NOT_UNDERSTOOD = "Sorry, I didn't understand that.\n{help}"
NOT_FOR_ROLE = "Sorry, {word} is not available to {role}. Send help to see what you can do."
IN_FLOW_HELP = (
    "You are in the middle of a {kind} report. Answer the question above, "
    "send back to change your last answer, or cancel to stop."
)
IN_FLOW_OTHER = (
    "You are in the middle of a {kind} report. Please finish it first, "
    "or send cancel to stop it. Nothing has been sent yet."
)
NOTHING_TO_CANCEL = "There is nothing to cancel. Send help to see what you can do."
NOTHING_TO_GO_BACK = "There is no question to go back to. Send report to start a report."
PICK_KIND = "What do you want to report?"
PICK_KIND_HINT = "Sorry, I didn't catch that. Please choose one of the options."
PICK_CANCELLED = "Cancelled. Nothing was sent. Send report when you are ready."
QUESTION_CLOSED = "That question has closed. Please answer the latest question, or send help."

FILED = (
    "Thank you. Your reference is *{ref}*.\n"
    "Sent to the {bid} police team. Their updates will come to you here."
)
FILED_FOUND = (
    "Thank you. Your reference is *{ref}*.\n"
    "The found property is recorded for {bid}. If it is matched to an owner, you will hear here."
)
ALERT = "New {kind} report *{ref}*\n{when}, {where}\n{facts}\nReported by {reporter}, {shop}."
ALERT_ACK = "Acknowledge"
ALERT_DETAILS = "Details"

CRASHED = (
    "Sorry, something went wrong on our side and your last message was not saved. "
    "Please send it again."
)

NO_CASES_STAFF = "You have no reports yet. Send report to make one."
MYCASES_HEAD = "Your recent reports:"
CASE_LINE = "{ref} {kind}, {when}, {where}: {status}"
NEED_REF = "Please add the case reference, for example: {word} WE-0042"
BAD_REF = "I couldn't read {text} as a case reference. It looks like WE-0042."
NO_SUCH_CASE = "I can't find case {ref}. Please check the reference, for example WE-0042."
CASE_HEAD = "*{ref}* {kind}\nStatus: {status}\nWhen: {when}\nWhere: {where}\nShop: {shop}"
CASE_CRN = "Police reference: {crn}"
CASE_ANSWERS = "Report:"
CASE_PHOTOS = "Photos: {count}"
CASE_TIMELINE = "Timeline:"
TIMELINE_LINE = "{at} {who}: {text}"
REPLY_NEED_TEXT = "Please add your message, for example: reply {ref} He came back at 15:00"
REPLY_SENT = "Your message on {ref} has been sent to the police team. Their answer will come here."
PUSH_REPLY = (
    "Message from {shop} on {ref} ({kind}): {text}\nAnswer with: update {ref} your message"
)

DIGEST_HEAD = "{bid}: reports in the last 7 days (to {now})"
DIGEST_NONE = "No reports in the last 7 days."
DIGEST_KINDS = "By kind: {items}"
DIGEST_STREETS = "Top places: {items}"
DIGEST_STATUS = "Status now: {items}"
DIGEST_RESPONSE = "Police response: median {median} to first action; {waiting} still waiting."
DIGEST_NO_RESPONSE = "Police response: no cases acted on yet; {waiting} waiting."
UPDATE_PUSH = "Update on {ref} ({kind}, {when}, {where}): {who} - {text}\nStatus: {status}."

NO_OPEN_CASES = "There are no open cases for {bid}."
CASES_HEAD = "Open cases for {bid}, oldest first (page {page} of {pages}):"
CASES_MORE = "Send cases {next} for more."
ACKED = "{ref} acknowledged. The reporter has been told."
ALREADY_ACKED = "{ref} is already {status}. Nothing changed."
IS_CLOSED = "{ref} is closed. Send reopen {ref} first if you need to work on it again."
UPDATE_NEED_TEXT = "Please add the update, for example: update {ref} CCTV collected"
UPDATED = "Update on {ref} sent to the reporter. Status: {status}."
CRN_NEED = "Please add the CAD or crime reference number, for example: crn {ref} 1234567/25"
CRN_BAD = (
    "{text} does not look like a CAD or crime reference number. "
    "Use 4 to 20 letters, digits, / or -, for example 1234567/25."
)
CRN_SET = "Police reference {crn} added to {ref}. The reporter has been told."
CRN_PUSH = "Police reference number {crn} added"
CLOSE_PICK = "How was {ref} resolved? Choose an outcome, then you can add a note."
CLOSED = "{ref} closed: {outcome}. The reporter has been told."
ALREADY_CLOSED = "{ref} is already closed ({outcome}). Nothing changed."
NOT_CLOSED = "{ref} is not closed (it is {status}). Nothing changed."
REOPENED = "{ref} reopened. Status: being looked into. The reporter has been told."
ACK_PUSH = "Seen by the police"
CLOSE_PUSH = "Closed: {outcome}"
REOPEN_PUSH = "Reopened"
REMINDER = (
    "Reminder: *{ref}* ({kind}, {when}, {where}) has had no police action for {hours} hours.\n"
    "Send ack {ref} to acknowledge it."
)

# --- WhatsApp (bot/channels/whatsapp*.py) ---
# How a question's options read on WhatsApp, where there are no buttons.
WA_REPLY_FEW = "Reply {numbers}."
WA_REPLY_RANGE = "Reply with a number from 1 to {last}."
WA_NUMBERS_OR = " or "
WA_ONE_OPTION = "Or send: {label}"
WA_COMMAND_LINE = "{label}: send {key}"
WA_SHARE_LOCATION = "To share your location, tap the paperclip or + and choose Location."
# The variables of the approved update template, when the message has no case of its own.
WA_TEMPLATE_NO_REF = "your report"
WA_TEMPLATE_NEW_MESSAGE = "a new message"

# --- Telegram channel (bot/channels/telegram*.py) ---
TG_SHARE_LOCATION = "Share my location"
TG_SHARE_HINT = "Or tap Share my location below to send where you are."
TG_CHOSEN = "Your answer: {label}"
TG_DONE = "Done: {label}"
TG_OPTION_LINE = "{n}. {label}"
TG_COMMAND_LINE = "{label}: send {command}"
TG_GROUP = (
    "Hello. Reports are made in a private chat with me, not in groups, "
    "so nothing sent here is recorded. Tap the button below to open a private chat."
)
TG_GROUP_BUTTON = "Open a private chat"
TG_MENU = {
    "report": "Report an incident",
    "found": "Record found property",
    "mycases": "Your recent reports",
    "help": "What you can do",
    "cases": "Open cases, oldest first",
    "case": "One case and its timeline: add the reference",
    "ack": "Acknowledge a case: add the reference",
    "update": "Update the reporter: add the reference and your message",
    "crn": "Add a CAD or crime reference number",
    "close": "Close a case: add the reference and outcome",
    "reopen": "Reopen a closed case: add the reference",
    "digest": "Reports of the last 7 days and police response times",
}
# When the options are numbers themselves (How many offenders?), they are listed unnumbered.
WA_REPLY_WORDS = "Reply with one of these."
