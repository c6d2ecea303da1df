"""Joining, welcomes and help."""

ROLE_WORDS = {
    "staff": "shop staff",
    "officer": "police officer",
    "manager": "BID manager",
    "admin": "administrator",
    "outreach": "outreach contact",
    "public": "member of the public",
    "system": "ShopWatch",  # what ShopWatch itself records on a case (a referral passed on)
}
# The same roles as groups of people, for "not available to …".
ROLE_GROUPS = {
    "staff": "shop staff",
    "officer": "police officers",
    "manager": "BID managers",
    "admin": "administrators",
    "outreach": "outreach contacts",
    "public": "members of the public",
}

NOT_REGISTERED = (
    "Hello. This is ShopWatch, for reporting crime in your Business Improvement District.\n"
    "Lost something in the area? Send lost to report it.\n"
    "You need an invite code to join. Ask your BID manager for one, then send: join YOURCODE"
)
BAD_INVITE = (
    "That invite code did not work. It may be mistyped, used up or expired.\n"
    "Please check it with your BID manager, then send: join YOURCODE"
)
ALREADY_REGISTERED = (
    "You are already registered as {role} for {bid}. Send help to see what you can do."
)
WELCOME = {
    "staff": (
        "Welcome to ShopWatch, {name}. You are registered for {shop}, {bid}.\n"
        "Send report to tell the police about an incident, or found to record found property.\n"
        "Send help at any time."
    ),
    "officer": (
        "Welcome to ShopWatch, {name}. You are registered as a police officer for {bid}.\n"
        "New reports for the area will come to you here. Send cases to see open cases."
    ),
    "manager": (
        "Welcome to ShopWatch, {name}. You are registered as a BID manager for {bid}.\n"
        "Send digest for a summary of recent reports and police response times."
    ),
}
WELCOME["admin"] = WELCOME["manager"]
WELCOME["outreach"] = (
    "Welcome to ShopWatch, {name}. You are the outreach contact for {bid}.\n"
    "When a shop asks for help for someone who seems vulnerable (a StreetLink referral), the "
    "details will come to you here."
)
