"""How a likely duplicate reads to an officer: "Possibly the same as WE-0005 (…)"."""

DUPLICATE_LINE = "Possibly the same as {ref} ({reasons})"
DUPLICATE_JOIN = ", "
DUP_SAME_TIME = "same time"
DUP_MINUTES_APART = "{minutes} min apart"
DUP_HOURS_APART = "{hours} h {minutes} min apart"
DUP_HOURS_ONLY_APART = "{hours} h apart"
DUP_PLACE = "{place}"
DUP_PLACE_AWAY = "{place}, {metres} m away"
DUP_SAME_SHOP = "same shop"
DUP_WORDS = "\u201c{words}\u201d"
DUP_PLATE = "plate {plate}"
DUP_VEHICLE = "{colour} {vehicle}"
DUP_REPORTED_AS = "reported as {kind}"
# The kind of a report as a duplicate's reason names it, where the kinds of the two differ.
DUP_KIND_WORDS = {
    "shoplifting": "shoplifting",
    "begging_asb": "begging or anti-social behaviour",
    "moped_snatch": "a moped snatch",
    "theft": "a theft",
    "theft:pickpocket": "pickpocketing",
    "theft:smash_grab": "a smash-and-grab",
    "theft:bag_phone": "a bag or phone theft",
    "theft:other": "a theft",
}
DUP_VEHICLE_WORDS = {
    "moped": "moped",
    "scooter": "scooter",
    "motorbike": "motorbike",
    "ebike": "e-bike",
    "bicycle": "bicycle",
    "other": "vehicle",
}
