"""Prevention tips and short lessons in the chat."""

HELP_TIPS = "practical tips to prevent crime, by kind"
MENU_TIPS = "Prevention tips"
HELP_LEARN = "short lessons on dealing with crime at work"
MENU_LEARN = "Short lessons"

TIPS_OFFER = "Want {count} quick tips to stop this happening again?"
TIPS_OFFER_YES = "Yes, show me"
TIPS_PICK = "Which tips would you like?"
TIPS_HEAD = "*{title}: {count} quick tips*"
TIPS_MORE = "Send tips {key} more for {count} more."
TIPS_MORE_HEAD = "*{title}: more tips*"
TIPS_UNKNOWN = "Sorry, I have no tips about that. Here is what I have:"

LEARN_PICK = "Short lessons, a few messages each with one question at the end. Which one?"
LEARN_DONE_MARK = " (done)"
LEARN_STEP = "*{title}* ({number} of {total})\n{text}"
LEARN_NEXT = "Next"
LEARN_QUESTION = "*{title}*: one question to finish.\n{question}"
LEARN_RIGHT = "Right. {explain}"
LEARN_WRONG = "Not quite. The answer is: {answer}. {explain}"
LEARN_FINISHED = "Lesson finished. Well done."
LEARN_NEXT_OFFER = "Next lesson: {title}."
LEARN_START = "Start it"
LEARN_ALL_DONE = "You have done every lesson. Send learn to go over one again."
LEARN_UNKNOWN = "Sorry, I don't have that lesson. Here is the list:"
LEARN_HINT = "Send next to carry on, or learn to choose another lesson."
LEARN_ANSWER_HINT = (
    "Please answer with one of the numbers, or send learn to choose another lesson."
)
LEARN_WELCOME_OFFER = (
    "When you have two minutes: a short lesson on {title}, five messages and one question."
)
