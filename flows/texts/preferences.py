"""Stop, start, leave, and choosing which alerts to get and when."""

STOPPED = (
    "Done. ShopWatch will send you nothing more: no alerts, no updates, no digests.\n"
    "Send start at any time to turn messages back on. To leave ShopWatch altogether, send leave."
)
STILL_STOPPED = (
    "Your messages from ShopWatch are turned off, so nothing was done with that.\n"
    "Send start to turn them back on."
)
RESUMED = (
    "Welcome back. Messages from ShopWatch are on again.\n"
    "Anything kept for you while you were away is not resent. Send help to see what you can do."
)
LEAVE_ASK = (
    "This unregisters you from ShopWatch for {bid}. Reports you made stay with the police.\n"
    "Send leave yes to confirm, or anything else to stay."
)
LEAVE_YES = "Leave ShopWatch"
LEFT = (
    "You have left ShopWatch for {bid}. You will get no more messages.\n"
    "To come back, ask your BID manager for a new invite code."
)

HELP_STOP = "no more messages from ShopWatch (start turns them on again)"
HELP_LEAVE = "unregister from ShopWatch"
HELP_ALERTS = "choose which alerts you get, and quiet hours"
MENU_ALERTS = "Choose your alerts and quiet hours"

TOPIC_WORDS = {
    "alert": "Alerts from the police and the BID",
    "hotspot": "Hot-spot alerts",
    "reminder": "Reminders about cases nobody has acted on",
    "event": "Events",
    "poll": "Polls",
    "tips": "Prevention tips",
    "training": "Training lessons",
}
# Words people may use for a topic in `alerts off …` (beside the topic's own words).
TOPIC_ALIASES = {
    "alerts": "alert",
    "police alerts": "alert",
    "hot spots": "hotspot",
    "hotspots": "hotspot",
    "reminders": "reminder",
    "events": "event",
    "polls": "poll",
    "tip": "tips",
    "lessons": "training",
    "learning": "training",
}
ALERTS_HEAD = "Your alerts:"
ALERTS_TOPIC_LINE = "- {topic}: {state}"
ON, OFF = "on", "off"
ALERTS_KINDS_ALL = "- Crime kinds: all on"
ALERTS_KINDS_OFF = "- Crime kinds turned off: {kinds}"
ALERTS_QUIET_NONE = "- Quiet hours: none"
ALERTS_QUIET = "- Quiet hours: {start} to {end} (messages wait until {end})"
ALERTS_STREETS_ALL = "- New cases: every street"
ALERTS_STREETS = "- New cases: only {streets}"
ALERTS_HOW = (
    "To change, send for example:\n"
    "alerts off events\n"
    "alerts on events\n"
    "alerts off moped snatch\n"
    "alerts quiet 22:00-07:00 (or alerts quiet off)"
)
ALERTS_HOW_STREETS = "alerts streets Coventry Street, Haymarket (or alerts streets all)"
ALERTS_TURN_OFF = "Turn off {topic}"
ALERTS_TURN_ON = "Turn on {topic}"
ALERTS_CHANGED_OFF = "Done: {what} turned off. Send alerts to see all your choices."
ALERTS_CHANGED_ON = "Done: {what} turned on. Send alerts to see all your choices."
ALERTS_QUIET_SET = (
    "Done: quiet hours {start} to {end}. Messages that come then wait until {end}; "
    "hot-spot alerts are skipped."
)
ALERTS_QUIET_CLEARED = "Done: no quiet hours. Messages come as they are sent."
ALERTS_QUIET_BAD = (
    "Sorry, I could not read those hours. Send them like this: alerts quiet 22:00-07:00"
)
ALERTS_STREETS_SET = "Done: you get new-case alerts only for {streets}."
ALERTS_STREETS_CLEARED = "Done: you get new-case alerts for every street."
ALERTS_STREETS_UNKNOWN = (
    "Sorry, I could not find {place} among the streets of {bid}. "
    "Please check the spelling and send it again. Nothing was changed."
)
ALERTS_NOT_UNDERSTOOD = "Sorry, I didn't understand that.\n{how}"
ALERTS_CANNOT_OFF = "{topic} cannot be turned off here. Send stop to get no messages at all."

# For officers reading a case (the channels helper shows it under `case`).
REACH_WORDS = {
    "stopped": "The reporter has turned messages off (stop): they will not see updates.",
    "left": "The reporter has left ShopWatch: they will not see updates.",
    "unreachable": "The reporter cannot be reached on their chat app: they will not see updates.",
}
KIND_ALERTS = "alerts about {kind}"
