"""Begging and anti-social behaviour, with a route to help when the person seems vulnerable."""

from __future__ import annotations

from flows import texts
from flows.definitions.common import (
    CRIME_TAIL,
    CRIME_TAIL_ALERT,
    NOT_SURE_WORDS,
    SAFETY,
    WHAT,
    WHEN,
    WHERE,
    WHERE_OTHER,
    YES_NO,
    YES_NO_NOT_SURE,
)
from flows.flow import Cond, Flow, Step
from flows.model import Option

BEHAVIOUR = Step(
    id="behaviour",
    kind="choice",
    prompt=texts.ASK_BEHAVIOUR,
    label=texts.LABEL_BEHAVIOUR,
    options=(
        Option("begging", texts.BEHAVIOUR_BEGGING),
        Option("abuse", texts.BEHAVIOUR_ABUSE),
        Option("drunk", texts.BEHAVIOUR_DRUNK),
        Option("blocking", texts.BEHAVIOUR_BLOCKING),
        Option("other", texts.OTHER),
    ),
    aliases=(
        ("begging", "begging"),
        ("beggar", "begging"),
        ("asking for money", "begging"),
        ("abusive", "abuse"),
        ("threatening", "abuse"),
        ("threats", "abuse"),
        ("swearing", "abuse"),
        ("shouting", "abuse"),
        ("verbal abuse", "abuse"),
        ("drunk", "drunk"),
        ("drunken", "drunk"),
        ("disorderly", "drunk"),
        ("intoxicated", "drunk"),
        ("blocking", "blocking"),
        ("blocking the door", "blocking"),
        ("in the doorway", "blocking"),
    ),
)
VULNERABLE = Step(
    id="vulnerable",
    kind="choice",
    prompt=texts.ASK_VULNERABLE,
    label=texts.LABEL_VULNERABLE,
    options=YES_NO_NOT_SURE,
    aliases=NOT_SURE_WORDS,
)
STREETLINK = Step(
    id="streetlink",
    kind="yes_no",
    prompt=texts.ASK_STREETLINK,
    label=texts.LABEL_STREETLINK,
    options=YES_NO,
    # Offer help whenever the person might need it, not only when the reporter is certain.
    condition=Cond("vulnerable", ("yes", "not_sure")),
    # StreetLink's own route, straight away; the outreach contact hears once it is filed.
    alert=(True, texts.STREETLINK_ROUTE),
)

FLOW = Flow(
    kind="begging_asb",
    title=texts.BEGGING_TITLE,
    name=texts.BEGGING_NAME,
    label=texts.BEGGING_LABEL,
    alert=("safety", "behaviour", "what", "vulnerable", "streetlink", *CRIME_TAIL_ALERT),
    steps=(
        SAFETY,
        WHEN,
        WHERE,
        WHERE_OTHER,
        BEHAVIOUR,
        WHAT,
        VULNERABLE,
        STREETLINK,
        *CRIME_TAIL,
    ),
)
