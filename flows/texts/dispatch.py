"""What the dispatcher says around a report: not understood, not allowed, the report menu."""

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
QUESTION_CLOSED = "That question has closed. Please answer the latest question, or send help."

CRASHED = (
    "Sorry, something went wrong on our side and your last message was not saved. "
    "Please send it again."
)
