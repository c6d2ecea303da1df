"""What officers read to act: alert headlines, the case view's notes, reminders to reporters."""

# --- Alerts and the case view -------------------------------------------------------------------
HEADLINE_DANGER = "*Someone was hurt or in danger*"
HEADLINE_NO_DANGER = "No one hurt or in danger"
CASE_REPORTER = "Reported by: {name}"
CASE_REPORTER_UNREACHABLE = "Reported by: {name} ({why})"
REPORTER_LEFT = "has left ShopWatch and cannot be reached"
REPORTER_STOPPED = "has stopped messages and cannot be reached"
REPORTER_BLOCKED = "cannot be reached: the chat app says our messages are not delivered"

# --- Escalation, told to the reporter honestly --------------------------------------------------
NOT_PICKED_UP = (
    "About {ref} ({kind}, {when}): no officer has picked this up yet; we have reminded them.\n"
    "If it is urgent or someone is in danger, call 999. Otherwise you will hear here."
)
