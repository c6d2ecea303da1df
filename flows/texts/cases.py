"""Cases as people read them: statuses, outcomes, filing, alerts, case views, officer words."""

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

FILED = (
    "Thank you. Your reference is *{ref}*.\n"
    "Sent to the {bid} police team. Their updates will come to you here."
)
FILED_FOUND = (
    "Thank you. Your reference is *{ref}*.\n"
    "The found property is recorded for {bid}. If it is matched to an owner, you will hear here."
)
ALERT = "New {kind} report *{ref}*\n{when}, {where}\n{facts}\n{by}"
ALERT_BY = "Reported by {reporter}, {shop}."
# When it happened at the shop, the place line already names it.
ALERT_BY_THERE = "Reported by {reporter}, who works there."
ALERT_ACK = "Acknowledge"
ALERT_DETAILS = "Details"


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

UPDATE_PUSH = (
    "Update on {ref} ({kind}, {when}, {where}): {who} - {text}\nStatus: {status}.\n"
    "To answer, reply to this message, or send: reply {ref} your message"
)

NO_OPEN_CASES = "There are no open cases for {bid}."
CASES_HEAD = "Open cases for {bid}, oldest first (page {page} of {pages}):"
CASES_MORE = "Send cases {next} for more."
ACKED = "{ref} acknowledged. The reporter has been told."
ALREADY_ACKED = "{ref} is already {status}. Nothing changed."
IS_CLOSED = "{ref} is closed. Send reopen {ref} first if you need to work on it again."
UPDATE_NEED_TEXT = "Please add the update, for example: update {ref} CCTV collected"
UPDATED = "Update on {ref} sent to the reporter. Status: {status}."
CRN_NEED = "Please add the CAD or crime reference number, for example: crn {ref} 1234567/25"
CRN_BAD = {
    "characters": (
        "{text} has characters a reference number does not use. "
        "Use letters, digits, / and -, for example 1234567/25."
    ),
    "length": (
        "{text} is {length} characters long. A CAD or crime reference number has 4 to 20, "
        "for example 1234567/25."
    ),
    "digit": (
        "{text} has no numbers in it. A CAD or crime reference number does, "
        "for example 1234567/25 or CAD4521/23NOV."
    ),
}
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

USAGE_ADD = "add WE-0042"
ADDED = "Added to {ref}. The police team has been told."
ADDED_PHOTOS = "({count} added.)"
PUSH_ADDED = "{shop} added to {ref} ({kind}): {text}\nAnswer with: update {ref} your message"
