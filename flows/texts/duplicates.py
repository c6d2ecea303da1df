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

# --- At filing, to the officers, and linking (issue 12) ---------------------------------------
DUPLICATES_ALERT = "*{ref}* may be an incident already reported:\n{lines}"
LINK_BUTTON = "Link with {ref}"
USAGE_LINK = "link WE-0006 WE-0005"
HELP_LINK = "join two reports of one incident; updates reach both reporters"
MENU_LINK = "Link two reports of one incident"
HELP_UNLINK = "separate a case from the ones it was linked with"
MENU_UNLINK = "Separate a linked case: add the reference"
LINK_NEED_OTHER = "Which case is {ref} the same as? For example: link {ref} WE-0005"
LINK_SELF = "That is the same case twice. Send link {ref} and the other case's reference."
ALREADY_LINKED = "{ref} and {other} are already linked. Nothing changed."
LINKED = (
    "{ref} and {other} are linked as one incident ({refs}). "
    "Updates you send on any of them now reach every reporter."
)
LINK_EVENT = "Linked with {refs} as one incident"
NOT_LINKED = "{ref} is not linked with any other case. Nothing changed."
UNLINKED = "{ref} is no longer linked with {refs}. Updates on it reach only its own reporter."
UNLINK_EVENT = "No longer linked with {refs}"
CASE_LINKED = "Linked with: {refs} (one incident)"
CASE_DUPLICATE_OF = "Duplicate of: {ref}"
CASE_MAYBE = "Possibly the same as another report:"
CLOSE_DUPLICATE_PUSH = (
    "Closed: this is the same incident as {ref}, which the police are dealing with. "
    "Updates on {ref} will reach you too"
)
