"""How each chat command is offered: its help line and its Telegram menu entry."""

HELP_HEAD = {
    "staff": "What you can do:",
    "officer": "Officer commands:",
    "manager": "Manager commands:",
    "admin": "Manager commands:",
    "outreach": "What you can do:",
    "public": "What you can do:",
}

HELP_REPORT = "report an incident"
MENU_REPORT = "Report an incident"
HELP_FOUND = "record found property"
MENU_FOUND = "Record found property"
HELP_MYCASES = "your recent reports"
MENU_MYCASES = "Your recent reports"
USAGE_REPLY = "reply WE-0042 your message"
HELP_REPLY = "answer the police"
HELP_DIGEST = "reports of the last 7 days and police response times"
MENU_DIGEST = "Reports of the last 7 days and police response times"
HELP_CASES = "open cases, oldest first"
MENU_CASES = "Open cases, oldest first"
HELP_CASE = "one case and its timeline"
MENU_CASE = "One case and its timeline: add the reference"
HELP_ACK = "acknowledge a case"
MENU_ACK = "Acknowledge a case: add the reference"
USAGE_UPDATE = "update WE-0042 text"
HELP_UPDATE = "send an update to the reporter"
MENU_UPDATE = "Update the reporter: add the reference and your message"
USAGE_CRN = "crn WE-0042 1234567/25"
HELP_CRN = "add a CAD or crime reference"
MENU_CRN = "Add a CAD or crime reference number"
USAGE_CLOSE = "close WE-0042 outcome [note]"
HELP_CLOSE = "close a case"
MENU_CLOSE = "Close a case: add the reference and outcome"
HELP_REOPEN = "reopen a closed case"
MENU_REOPEN = "Reopen a closed case: add the reference"
HELP_HELP = "what you can do"
MENU_HELP = "What you can do"
HELP_CANCEL = "stop what you are doing"
HELP_BACK = "go to the previous question"
HELP_ADD = "add photos or a note to one of your reports"
