"""What ShopWatch asks when a typed time needs one more answer: 24-hour London times."""

ASK_TIME_ON_DAY = "What time {day}? For example {example}."
ASK_TIME_IN_PART = "About what time {part}? For example {example}."
ASK_TIME_ROUGHLY = "About what time was it? For example {example}."
ASK_WHICH_TIME = "Was it {choices}?"
ASK_WHICH_DAY = "Which day was it? For example Tuesday, or 22 Nov."
CHOICE_JOIN = ", "
CHOICE_LAST = " or "
DAY_TODAY = "today"
DAY_YESTERDAY = "yesterday"
DAY_ON = "on {day}"
# Parts of a day as said about today, yesterday and any other day ("on Sat 21 Nov ...").
PART_TODAY = {
    "early": "in the early hours",
    "morning": "this morning",
    "lunchtime": "at lunchtime",
    "afternoon": "this afternoon",
    "evening": "this evening",
    "tonight": "tonight",
    "night": "tonight",
    "late_night": "late tonight",
    "overnight": "overnight",
    "earlier": "earlier today",
}
PART_YESTERDAY = {
    "early": "in the early hours yesterday",
    "morning": "yesterday morning",
    "lunchtime": "yesterday lunchtime",
    "afternoon": "yesterday afternoon",
    "evening": "yesterday evening",
    "tonight": "last night",
    "night": "last night",
    "late_night": "late last night",
    "overnight": "overnight",
    "earlier": "yesterday",
}
PART_ON_DAY = {
    "early": "in the early hours",
    "morning": "in the morning",
    "lunchtime": "at lunchtime",
    "afternoon": "in the afternoon",
    "evening": "in the evening",
    "tonight": "in the evening",
    "night": "at night",
    "late_night": "late at night",
    "overnight": "overnight",
    "earlier": "",
}
