"""Every question, answer word and hint of the report flows."""

# --- Starting a report ---
# How each flow is named: after "Let's report" (title), inside a sentence (name), on the menu.
SHOPLIFTING_TITLE = "shoplifting"
SHOPLIFTING_NAME = "shoplifting"
SHOPLIFTING_LABEL = "Shoplifting"
BEGGING_TITLE = "begging or anti-social behaviour"
BEGGING_NAME = "begging or anti-social behaviour"
BEGGING_LABEL = "Begging or anti-social behaviour"
MOPED_TITLE = "a moped or bike snatch"
MOPED_NAME = "moped snatch"
MOPED_LABEL = "Moped snatch"
THEFT_TITLE = "a theft"
THEFT_NAME = "theft"
THEFT_LABEL = "Other theft (pickpocket, smash-and-grab, bag or phone)"
FOUND_TITLE = "found property"
FOUND_NAME = "found property"
MENU_NAME = "new"
ADDITION_NAME = "addition to a report"
ASK_ADDITION = "Send the photos, or type the note, to add to {ref}."
LABEL_ADDITION = "Added"
LABEL_KIND = "Kind of report"
INTRO = (
    "Let's report {title}. I'll ask one question at a time. "
    "Type back to go back, or cancel to stop."
)
START_NEW = "Send *report* to start a new one."
START_NEW_LOST = "Send *lost* to start a new one."
START_NEW_FOUND = "Send *found* to record an item."

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
HINT_WHEN_FUTURE = "That time is still to come. Please give the time it happened."
HINT_WHEN_TOO_OLD = (
    "That is more than 30 days ago. For older incidents, please call 101 or report online."
)

# --- Where ---
AT_SHOP = "At {shop}"
SOMEWHERE_ELSE = "Somewhere else"
ASK_WHERE = "Where did it happen? Choose an option, type the street, or share your location."
ASK_WHERE_FOUND = "Where was it found? Choose an option, type the street, or share your location."
ASK_WHERE_OTHER = "Which street or landmark? Type it, or share your location."
ASK_WHERE_AGAIN = (
    "OK. Type the street or landmark in other words. "
    "Or choose Keep my words to use \u201c{typed}\u201d as you wrote it."
)
ASK_CHECK_STREET = "Did you mean {street}?"
LABEL_WHERE = "Where"
LABEL_WHERE_FOUND = "Where found"
LABEL_WHERE_OTHER = "Street or landmark"
HINT_WHERE = "Please type a street or landmark, like Coventry Street, or share your location."
HINT_CHECK_STREET = "Please answer yes or no."
ASK_FAR_PLACE = (
    "That location is about {km} km from the streets this scheme covers. "
    "Is that where it happened?"
)
HINT_FAR_AGAIN = "OK. Please type the street or landmark, or share your location again."

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
HINT_OFFENDERS = "Please type a number, like 2, or choose Don't know."
ASK_DESCRIPTION = (
    "Please describe them: clothing, build, rough age, anything that stands out. "
    "Please don't include ethnicity, religion, health or other sensitive details. "
    "Or type skip."
)
LABEL_DESCRIPTION = "Description"
ASK_WITHOUT_SENSITIVE = (
    "Thank you. We don't record ethnicity, religion or health, so please say it again "
    "without them. Describe people by their clothing, build and hair instead."
)

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
ASK_PHOTO = "If you have photos, send them now. They help the police. Or type skip."
ASK_MORE_PHOTOS = "Got it: {count}. Send more, or choose Done."
LABEL_PHOTO = "Photo"
PHOTO_COUNT = "{count} photo"
PHOTOS_COUNT = "{count} photos"
PHOTOS_DONE = "Done"
PHOTO_ADDED = "Photo added to your report: {count} in all."
HINT_PHOTO = "Send a photo, or type skip."
HINT_PHOTO_MORE = "Send another photo, or choose Done."

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
HINT_CHOICE = "Sorry, I didn't catch that. Please choose one of the options."
HINT_YES_NO = "Please answer yes or no."
HINT_NEEDED = "This one is needed to send the report."
HINT_PHOTO_NOT_HERE = "Thanks, but I can't use a photo here. I'll ask for photos near the end."
HINT_LOCATION_NOT_HERE = "Thanks, but I can't use a location here."
HINT_EMPTY = "Please type your answer."
TEXT_KEPT = (
    "That was a long message, so I kept the first {kept} characters. "
    "You can add more to the report after it is sent."
)
STALE_BUTTON = "That button was for an earlier question. Here is the question now."
FIRST_QUESTION = "This is the first question, so there is nothing to go back to."

# --- Summary and changes ---
SUMMARY_HEAD = "Please check your report:"
SUMMARY_ASK = "Send it to the police now?"
SEND = "Send"
CHANGE = "Change an answer"
CANCEL = "Cancel"
HINT_SUMMARY = "Please choose Send, Change an answer or Cancel."
ASK_EDIT = "Which answer do you want to change?"
AT_SHOP_SUMMARY = "At {shop}"
NEAR_STREET = "{location} (near {street})"
SHARED_NEAR = "Shared location, near {street}"

# --- Cancelling, pausing and problems ---
CANCELLED = "Report cancelled. Nothing was sent."
IDLE = "It has been quiet since {since}. Do you want to carry on with this report?"
CARRY_ON = "Carry on"
START_AGAIN = "Start again"
HINT_IDLE = "Please choose Carry on, Start again or Cancel."
SORRY_RETRY = "Sorry, something went wrong there. Let's try that question again."
BROKEN = "Sorry, I lost track of this report. Nothing was sent."
