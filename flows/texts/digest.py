"""The manager's digest: what happened, where, when, and how fast the police responded."""

DIGEST_HEAD = "*{bid}: reports {period}*"
PERIOD_DAYS = "in the last {days} days (to {end})"
PERIOD_DAY = "in the last 24 hours (to {end})"
PERIOD_SINCE = "since {start} (to {end})"
DIGEST_COMPARED = "Figures in brackets are for the {length} before."
LENGTH_DAYS = "{days} days"
LENGTH_DAY = "24 hours"
DIGEST_NONE = "No reports in this period, and none in the one before."
WAS = "(was {before})"
SAME = "(same)"

DIGEST_TOTAL = "Reports: {figure}"
DIGEST_KINDS = "By kind: {items}"
DIGEST_STREETS = "Top places: {items}"
DIGEST_HOURS = "Busiest hours: {items}"
HOUR_SPAN = "{start}-{end}"
DIGEST_RESPONSE_HEAD = "Police response (from report to first police action):"
DIGEST_MEDIAN = "- median {figure}"
DIGEST_P90 = "- 9 in 10 within {figure}"
DIGEST_WITHIN_HOUR = "- acknowledged within 1 hour: {figure}"
DIGEST_WITHIN_DAY = "- acknowledged within 24 hours: {figure}"
DIGEST_UNTOUCHED = "- still untouched: {figure}"
DIGEST_NO_ACTION = "- no case acted on yet"
DIGEST_OUTCOMES = "Closed: {figure}. {items}"
DIGEST_NO_OUTCOMES = "Closed: none {was}"
DIGEST_ALERTS = "Alerts sent: {figure}, reaching {shops} shops; {replies} replies"
DIGEST_HOTSPOTS = "Hot spots: {figure}"
DIGEST_HOTSPOT_LINE = "- {kind} near {where}: {refs}"
DIGEST_EVENTS = "Events: {items}"
DIGEST_EVENT_ITEM = "{text} ({going} going)"
DIGEST_TRAINING = "Training: {figure} lessons finished; {people} of {staff} staff have done one"
DIGEST_POLL = 'Poll "{question}" ({answers} answers): {items}'
DIGEST_CHART_CAPTION = "{bid}: reports per day and police response, {period}"
CHART_TITLE_DAYS = "Reports per day by kind"
CHART_TITLE_RESPONSE = "Time to first police action (hours)"
CHART_NOW = "This period"
CHART_BEFORE = "Period before"
CHART_MEDIAN = "Median"
CHART_P90 = "9 in 10"
CHART_WITHIN = "Within 1 h: {hour}   within 24 h: {day}"
CHART_NO_DATA = "No police action yet"

DIGEST_BAD_ARGS = (
    "Sorry, I could not read that. Send one of these:\n"
    "digest (the last 7 days)\n"
    "digest 30 (the last 30 days)\n"
    "digest since 1 Nov\n"
    "digest weekly, digest daily or digest off (how often it comes by itself)"
)
DIGEST_FUTURE = "That date has not happened yet. Send for example: digest since 1 Nov"
DIGEST_TOO_LONG = "That is more than two years. Please choose a shorter period, up to 731 days."
DIGEST_SCHEDULE = {
    "weekly": "Done: your digest will come every Monday at 08:00. The next one is on {next}.",
    "daily": "Done: your digest will come every day at 08:00. The next one is on {next}.",
    "off": (
        "Done: your digest will not come by itself any more. "
        "Send digest whenever you want one, or digest weekly to have it again."
    ),
}

HELP_EXPORT = "the BID's cases as a spreadsheet (CSV for Excel)"
MENU_EXPORT = "Cases as a spreadsheet"
USAGE_EXPORT = "export [30 | since 1 Nov]"
EXPORT_SENT = (
    "Here are {count} cases {period} as a spreadsheet. It opens in Excel; times are London "
    "time. It holds personal details: please keep it safe."
)
EXPORT_NOT_ON_WHATSAPP = (
    "WhatsApp cannot carry a spreadsheet file, so I cannot send one here. Send export on "
    "Telegram, or ask your ShopWatch administrator for the export. Send digest for the figures."
)
EXPORT_NONE = "No cases {period}, so there is nothing to export."
EXPORT_BAD = "Sorry, I could not read that. Send export, export 30 or export since 1 Nov."
