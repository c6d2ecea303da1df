"""Alerts to shops, hot spots, events and polls: what senders and recipients read."""

HELP_ALERT = "alert shops by street, around a street, by crime kind, or the whole BID"
USAGE_ALERT = "alert PLACES: TEXT"
MENU_ALERT = "Alert shops: add the places, a colon, and the message"
HELP_EVENT = "announce an event to the BID (or PLACES: TEXT for some streets)"
USAGE_EVENT = "event TEXT"
MENU_EVENT = "Announce an event"
HELP_POLL = "ask the BID a question with numbered options"
USAGE_POLL = "poll QUESTION? 1. … 2. …"
MENU_POLL = "Ask the BID a question"

ALERT_HOW = (
    "Send the places, a colon, then the message. For example:\n"
    "alert Coventry Street, Haymarket: two women in grey coats taking perfume\n"
    "alert 300m around Leicester Square: phone snatchers on mopeds\n"
    "alert moped snatch: …  (shops that have reported one lately)\n"
    "alert all: …  (every shop in the BID)\n"
    "You can send a photo with it as the photo's caption."
)
ALERT_NEED_TEXT = "What should the alert say? Put it after the colon.\n{how}"
PLACE_UNKNOWN = (
    "I could not find {places} among the streets of {bid}. Nothing has been sent.\n"
    "Please check the spelling and send the alert again."
)
PLACE_UNSURE = "Did you mean {streets}? Nothing has been sent yet."
PLACE_UNSURE_YES = "Yes, send it"
PLACE_UNSURE_NO = "No, don't send"
ALERT_DRAFT_GONE = "That alert has already been dealt with. Send alert to write a new one."
ALERT_DROPPED = "Not sent. Send the alert again with the right street names."
ALERT_NOBODY = (
    "No shop could be reached there ({target}), so nothing was sent. "
    "Try more streets, a wider radius, or alert all."
)
ALERT_SENT = "Sent to {shops} ({people}): {target}.\nReplies will come to you here."
ALERT_SENT_SKIPPED = "{count} people there have turned these alerts or all messages off."
ALERT_PUSH = "*Alert from {who}* ({target}):\n{text}"
ALERT_PUSH_HINT = "Seen something? Just reply here and {who} will get it."
TARGET_ALL = "every shop in {bid}"
TARGET_STREETS = "{streets}"
TARGET_AROUND = "within {metres} m of {street}"
TARGET_KIND = "shops that reported {kind} in the last {days} days"
TARGET_AND = " and "

ALERT_REPLY_PUSH = "*Reply to your alert* ({target}, {when}) from {who}:\n{text}"
ALERT_REPLY_SENT = (
    "Thank you. Sent to {who}, who sent the alert. To report something new instead, send report."
)

HOTSPOT_PUSH = (
    "*Hot spot*: {count} {kind} reports within {metres} m in {minutes} minutes, "
    "near {where}.\nCases: {refs}"
)

EVENT_PUSH = "*Event from {who}*:\n{text}"
EVENT_GOING = "Going"
EVENT_NOT_GOING = "Not going"
EVENT_SENT = "Sent to {people} ({target}). You will hear who is going."
EVENT_NEED_TEXT = (
    "What is the event? For example: event Coffee with a cop, Thu 14:00, Leicester Square"
)
EVENT_THANKS_GOING = "Thank you, {who} knows you are going."
EVENT_THANKS_NOT = "Thank you, noted that you are not going."
EVENT_ORGANISER = "{who} is going to: {text}\n{going} going so far."

POLL_PUSH = "*Question from {who}*:\n{question}"
POLL_NEED = (
    "Send the question and its options, for example:\n"
    "poll What should the police focus on in December? 1. Shoplifting 2. Begging "
    "3. Moped snatches 4. Pickpockets"
)
POLL_SENT = (
    "Asked {people}. Answers count once each; the results come to you on {closes} "
    "and go into the BID's digest. Send poll to see them so far."
)
POLL_THANKS = "Thank you: your answer is {option}. Results go to {who} and into the BID's digest."
POLL_CHANGED = "Changed: your answer is now {option} (it still counts once)."
POLL_CLOSED = "That poll has closed. Thank you all the same."
POLL_RESULTS = 'Results of your poll "{question}" ({answers} answers): {items}'
POLL_SO_FAR = 'Your poll "{question}" so far ({answers} answers): {items}'
POLL_NONE = "You have not asked a poll yet.\n{how}"
SHOP_WORDS = ("shop", "shops")
PEOPLE_WORDS = ("person", "people")
