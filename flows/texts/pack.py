"""The evidence pack: the draft witness statement in the reporter's words, and the PDF's words."""

DAY_NAMES_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES_LONG = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
LONG_DATE = "{day} {date} {month} {year}"  # Monday 23 November 2026

# --- The statement, first person --------------------------------------------------------------
ST_WORK = "I work as {role} at {shop}, {street}."
ST_WORK_NO_STREET = "I work as {role} at {shop}."
ST_WHEN_WHERE = "At about {time} on {date}, {where}, this happened."
ST_WHEN_TEXT = "When I reported it, I gave the time as \u201c{words}\u201d."
ST_AT_SHOP = "at {shop}"
ST_ON_STREET = "on {street}"
ST_AT_PLACE = "at {place}"
ST_AT_PLACE_NEAR = "at {place}, near {street}"
ST_PLACE_NEAR = "{place}, near {street}"
ST_SHARED = "at the place I shared from my phone ({place})"
ST_SHARED_NEAR = "at the place I shared from my phone ({place}), near {street}"
ST_OWN_WORDS = "In my own words: \u201c{words}\u201d"
ST_FOUND_WORDS = "This was found: {item}. I describe it as \u201c{words}\u201d."
ST_THEFT_TYPE = {
    "pickpocket": "It was a pickpocketing.",
    "smash_grab": "It was a smash-and-grab.",
    "bag_phone": "It was a theft of a bag or phone.",
}
ST_BEHAVIOUR = {
    "begging": "The behaviour was aggressive begging.",
    "abuse": "The behaviour was abuse or threats.",
    "drunk": "The behaviour was drunk or disorderly.",
    "blocking": "The behaviour was blocking the entrance.",
}
ST_TARGET = {
    "staff": "The person targeted was a member of staff.",
    "customer": "The person targeted was a customer.",
    "passer_by": "The person targeted was a passer-by.",
}
ST_VEHICLE = "The offenders were on a {vehicle}. I describe its colour as \u201c{colour}\u201d."
ST_VEHICLE_NO_COLOUR = "The offenders were on a {vehicle}."
ST_VEHICLE_WORDS = {
    "moped": "moped",
    "scooter": "scooter",
    "motorbike": "motorbike",
    "ebike": "e-bike",
    "bicycle": "bicycle",
    "other": "vehicle",
}
ST_PLATE = "I saw this much of the number plate: {plate}."
ST_NO_PLATE = "I did not see the number plate."
ST_ITEMS = "What was taken: \u201c{items}\u201d."
ST_VALUE = "I estimate its value at {value}."
ST_NO_VALUE = "I do not know its value."
ST_OFFENDERS = {
    "1": "There was one offender.",
    "2": "There were two offenders.",
    "3": "There were three offenders.",
    "4_or_more": "There were four or more offenders.",
    "unknown": "I do not know how many offenders there were.",
}
ST_DESCRIPTION = "I describe them as: \u201c{words}\u201d."
ST_DIRECTION = "They went this way: \u201c{words}\u201d."
ST_VULNERABLE = {
    "yes": "The person seemed vulnerable to me, for example sleeping rough or unwell.",
    "no": "The person did not seem vulnerable to me.",
    "not_sure": "I was not sure whether the person was vulnerable.",
}
ST_STREETLINK_YES = "I asked for them to be referred to StreetLink for help."
ST_STREETLINK_NO = "I did not ask for a StreetLink referral."
ST_HELD = {
    "shop": "It is being kept at the shop.",
    "police": "It has been handed to the police.",
}
ST_HELD_TEXT = "Where it is now: \u201c{words}\u201d."
ST_DANGER_YES = (
    "When I reported it, someone was hurt or in danger, or the offender was still there and "
    "violent."
)
ST_DANGER_NO = "When I reported it, nobody was hurt or in danger."
ST_CCTV = {
    "yes": "There is CCTV that may have caught it.",
    "no": "As far as I know, there is no CCTV of it.",
    "not_sure": "I do not know whether CCTV caught it.",
}
ST_REPORTED_CRN = "I had already reported it to the police. The reference is {crn}."
ST_REPORTED = "I had already reported it to the police."
ST_NOT_REPORTED = "I had not reported it to the police before this report."
ST_PHOTOS = {1: "I sent a photo with my report."}
ST_PHOTOS_MANY = "I sent {count} photos with my report."
ST_REPORTED_VIA = "I made this report through ShopWatch at {time} on {date}."
STATEMENT_OF_TRUTH = (
    "This statement (consisting of ____ page(s) each signed by me) is true to the best of my "
    "knowledge and belief and I make it knowing that, if it is tendered in evidence, I shall be "
    "liable to prosecution if I have wilfully stated in it anything which I know to be false, "
    "or do not believe to be true."
)

# --- The PDF ----------------------------------------------------------------------------------
PACK_TITLE = "Evidence pack {ref}"
PACK_SUBTITLE = "{kind}, {when}, {where}"
PACK_HEADER = "ShopWatch evidence pack {ref}"
PACK_FOOTER = "Generated {at} by {who}. Page {page} of {pages}."
PACK_FACTS = "The case"
PACK_REF = "Reference"
PACK_KIND = "Kind"
PACK_STATUS = "Status"
PACK_OCCURRED = "Happened"
PACK_REPORTED = "Reported"
PACK_WHERE = "Where"
PACK_REPORTER = "Reported by"
PACK_REPORTER_IS = "{name}, {role}, {shop}"
PACK_CRN = "CAD / crime reference"
PACK_NO_CRN = "None yet"
PACK_LINKED = "Linked cases"
PACK_NO_LINKED = "None"
PACK_STATEMENT = "Draft witness statement"
PACK_STATEMENT_NOTE = (
    "Drafted from the report as the reporter gave it, in their own words. "
    "To be checked with the witness before signing."
)
PACK_WITNESS = "Witness: {name}"
PACK_SIGNATURE = "Signature: ______________________________"
PACK_DATE = "Date: ____________________"
PACK_TIMELINE = "Timeline"
PACK_TIMELINE_WHEN = "When (London)"
PACK_TIMELINE_WHO = "Who"
PACK_TIMELINE_WHAT = "What"
PACK_TIMELINE_STATUS = "Status"
PACK_NO_TIMELINE = "No updates yet."
PACK_PHOTOS = "Photos"
PACK_NO_PHOTOS = "No photos were sent with this report."
PACK_PHOTO_CAPTION = "Photo {number} of {count}"
PACK_PHOTO_MISSING = "Photo {number} of {count} could not be read ({name})."
PACK_WHO_ROLE = "{name} ({role})"

# --- In the chat (issue 12) --------------------------------------------------------------------
HELP_PACK = "the evidence pack as a PDF: statement, timeline, photos, links"
MENU_PACK = "Evidence pack PDF: add the reference"
PACK_SENT = (
    "Evidence pack for {ref}: {pages}. The statement is a draft in the reporter's words: "
    "check it with them before they sign."
)
PACK_CONTENTS = "the report as a draft statement, {events} timeline entries, {photos}"
PACK_PHOTOS_WAITING = "{count} of {total} photos (the rest are still being fetched)"
PACK_PHOTOS_NONE = "no photos"
PACK_CRN_POLICE = "{crn}"
PACK_CRN_REPORTER = "{crn} (given by the reporter)"
