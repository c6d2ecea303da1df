"""StreetLink referrals: StreetLink's own route for the reporter; the outreach contact's alert."""

# Sent the moment the reporter says yes, before the next question (StreetLink's own advice:
# streetlink.org.uk or the app; say where, when and what they look like; under 18 or urgent, 999).
STREETLINK_ROUTE = (
    "Thank you. You can also alert StreetLink yourself, now: go to *streetlink.org.uk* "
    "(or the StreetLink app) and choose to tell them about someone sleeping rough.\n"
    "Tell them exactly where the person is (street, doorway, nearest shop), when you saw them, "
    "and what they look like and have with them.\n"
    "If they seem under 18 or need urgent medical help, call 999."
)
REFERRAL_PASSED = (
    "Your StreetLink request on {ref} has been passed to the {bid} outreach contact. "
    "They will try to find the person and offer help."
)
REFERRAL_NO_CONTACT = (
    "{bid} has no outreach contact on ShopWatch yet, so your request on {ref} is kept with the "
    "report. Please send the StreetLink alert yourself, as above."
)
REFERRAL_ALERT = (
    "StreetLink referral from {shop}, {bid}: *{ref}*\n"
    "Seen: {when}, {where}\n"
    "{facts}\n"
    "The shop asked for outreach to try to find this person and offer help."
)
REFERRAL_EVENT = "StreetLink referral passed to the outreach contact ({names})"
REFERRAL_EVENT_NONE = "StreetLink referral asked for; no outreach contact to pass it to yet"
