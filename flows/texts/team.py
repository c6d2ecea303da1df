"""Who is on the team: the members list, removing someone, and the line a removed member gets."""

CHANNEL_WORDS = {"telegram": "Telegram", "whatsapp": "WhatsApp", "console": "console"}
MEMBERS_HEAD = "{bid} team, {count} in all:"
MEMBER_LINE = "#{id} {name}, {role}{shop}, on {channels}, joined {joined}"
MEMBER_AT_SHOP = " at {shop}"
MEMBER_REMOVED_AT = ", removed {removed}"
MEMBERS_HOW = "To remove someone, send members remove and their number, like: members remove 12"
MEMBERS_NONE = "No one has joined {bid} yet."
MEMBER_REMOVE_ASK = (
    "Remove {name} ({role}) from {bid}? They will get no more messages from ShopWatch."
)
MEMBER_REMOVE_YES = "Yes, remove"
MEMBER_REMOVE_NO = "No, keep them"
MEMBER_REMOVED = "{name} has been removed from {bid}. They have been told in one message."
MEMBER_NOT_FOUND = "There is no member #{id} in {bid}. Send members to see the numbers."
MEMBER_NOT_SELF = "You can't remove yourself here. Send leave if you want to leave ShopWatch."
MEMBER_REMOVE_USAGE = (
    "Please add their number, for example: members remove 12. Send members to see the numbers."
)
REMOVED_NOTICE = (
    "You have been removed from ShopWatch for {bid}, so you will get no more messages here. "
    "If you think this is a mistake, ask your BID manager for a new invite."
)
HELP_MEMBERS = "who is on the team; members remove 12 removes someone"
MENU_MEMBERS = "Who is on the team"
