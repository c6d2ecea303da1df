"""Words only a channel adds: WhatsApp's numbered replies, Telegram's buttons and menus."""

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
# An edited message is not read again; said to the person who edited it.
TG_EDITED = (
    "I can't read edited messages, so I have kept what you first sent. To change an answer, "
    "send back to return to that question and answer it again; if the question is still "
    "waiting, just send your answer again as a new message."
)
# When the options are numbers themselves (How many offenders?), they are listed unnumbered.
WA_REPLY_WORDS = "Reply with one of these."

# --- Sending (bot/sender.py) ---
# A reply that could never be delivered (the platform refused it for good): said instead.
SEND_FAILED = (
    "Sorry, something went wrong and my last answer to you could not be delivered. "
    "Please send your last message again, or send help to see what you can do."
)
