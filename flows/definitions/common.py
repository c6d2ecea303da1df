"""Steps that several flows share: the safety gate, time, place, offenders, police and photo."""

from __future__ import annotations

from flows import texts
from flows.flow import Cond, Step
from flows.model import Option

YES_NO = (Option("yes", texts.YES), Option("no", texts.NO))
YES_NO_NOT_SURE = (*YES_NO, Option("not_sure", texts.NOT_SURE))
NOT_SURE_WORDS = (
    ("not sure", "not_sure"),
    ("dont know", "not_sure"),
    ("don't know", "not_sure"),
    ("unsure", "not_sure"),
    ("maybe", "not_sure"),
    ("possibly", "not_sure"),
    ("no idea", "not_sure"),
    ("idk", "not_sure"),
    ("dunno", "not_sure"),
    ("might be", "not_sure"),
)

SAFETY = Step(
    id="safety",
    kind="yes_no",
    prompt=texts.ASK_SAFETY,
    label=texts.LABEL_SAFETY,
    options=YES_NO,
    # Danger comes first: 999 is the first thing they read, before any other question.
    alert=(True, texts.CALL_999),
    headline=((True, texts.HEADLINE_DANGER), (False, texts.HEADLINE_NO_DANGER)),
)

WHEN = Step(id="when", kind="when", prompt=texts.ASK_WHEN, label=texts.LABEL_WHEN)
WHEN_FOUND = Step(
    id="when", kind="when", prompt=texts.ASK_WHEN_FOUND, label=texts.LABEL_WHEN_FOUND
)

PLACE_OPTIONS = (Option("shop", texts.AT_SHOP), Option("elsewhere", texts.SOMEWHERE_ELSE))
PLACE_WORDS = (
    ("my shop", "shop"),
    ("our shop", "shop"),
    ("the shop", "shop"),
    ("at the shop", "shop"),
    ("at my shop", "shop"),
    ("in the shop", "shop"),
    ("in store", "shop"),
    ("in the store", "shop"),
    ("here", "shop"),
    ("shop", "shop"),
    ("store", "shop"),
    ("elsewhere", "elsewhere"),
    ("somewhere else", "elsewhere"),
    ("other", "elsewhere"),
    ("another place", "elsewhere"),
    ("not here", "elsewhere"),
    ("outside", "elsewhere"),
)
WHERE = Step(
    id="where",
    kind="place",
    prompt=texts.ASK_WHERE,
    label=texts.LABEL_WHERE,
    options=PLACE_OPTIONS,
    aliases=PLACE_WORDS,
)
WHERE_FOUND = Step(
    id="where",
    kind="place",
    prompt=texts.ASK_WHERE_FOUND,
    label=texts.LABEL_WHERE_FOUND,
    options=PLACE_OPTIONS,
    aliases=PLACE_WORDS,
)
WHERE_OTHER = Step(
    id="where_other",
    kind="place_text",
    prompt=texts.ASK_WHERE_OTHER,
    label=texts.LABEL_WHERE_OTHER,
    condition=Cond("where", ("elsewhere",)),
    # The summary's "Where" line already shows the place this step found.
    in_summary=False,
)

WHAT = Step(
    id="what", kind="text", prompt=texts.ASK_WHAT, label=texts.LABEL_WHAT, min_len=5, screen=True
)
ITEMS = Step(id="items", kind="text", prompt=texts.ASK_ITEMS, label=texts.LABEL_ITEMS, min_len=2)
VALUE = Step(
    id="value",
    kind="money",
    prompt=texts.ASK_VALUE,
    label=texts.LABEL_VALUE,
    options=(Option("skip", texts.DONT_KNOW),),
    optional=True,
)

OFFENDERS = Step(
    id="offenders",
    kind="count",
    prompt=texts.ASK_OFFENDERS,
    label=texts.LABEL_OFFENDERS,
    options=(
        Option("1", "1"),
        Option("2", "2"),
        Option("3", "3"),
        Option("4_or_more", texts.FOUR_OR_MORE),
        Option("unknown", texts.DONT_KNOW),
    ),
    aliases=(
        ("one", "1"),
        ("just one", "1"),
        ("a man", "1"),
        ("a woman", "1"),
        ("two", "2"),
        ("a couple", "2"),
        ("a pair", "2"),
        ("three", "3"),
        ("four", "4_or_more"),
        ("several", "4_or_more"),
        ("lots", "4_or_more"),
        ("a group", "4_or_more"),
        ("a gang", "4_or_more"),
        ("many", "4_or_more"),
        ("more than 3", "4_or_more"),
        ("4+", "4_or_more"),
        ("not sure", "unknown"),
        ("unknown", "unknown"),
        ("dont know", "unknown"),
        ("no idea", "unknown"),
        ("unsure", "unknown"),
        ("didnt see", "unknown"),
    ),
)
DESCRIPTION = Step(
    id="description",
    kind="text",
    prompt=texts.ASK_DESCRIPTION,
    label=texts.LABEL_DESCRIPTION,
    optional=True,
    min_len=3,
    screen=True,
)
DIRECTION = Step(
    id="direction",
    kind="text",
    prompt=texts.ASK_DIRECTION,
    label=texts.LABEL_DIRECTION,
    optional=True,
    min_len=2,
)
CCTV = Step(
    id="cctv",
    kind="choice",
    prompt=texts.ASK_CCTV,
    label=texts.LABEL_CCTV,
    options=YES_NO_NOT_SURE,
    aliases=NOT_SURE_WORDS,
)
REPORTED = Step(
    id="reported",
    kind="yes_no",
    prompt=texts.ASK_REPORTED,
    label=texts.LABEL_REPORTED,
    options=YES_NO,
)
CRN = Step(
    id="crn",
    kind="crn",
    prompt=texts.ASK_CRN,
    label=texts.LABEL_CRN,
    optional=True,
    condition=Cond("reported", (True,)),
)
PHOTO = Step(
    id="photo", kind="photo", prompt=texts.ASK_PHOTO, label=texts.LABEL_PHOTO, optional=True
)

# Every crime flow ends the same way once its own questions are asked.
CRIME_TAIL = (OFFENDERS, DESCRIPTION, DIRECTION, CCTV, REPORTED, CRN, PHOTO)
# What an officer's alert shows of that tail (the photos travel with the alert itself).
CRIME_TAIL_ALERT = ("offenders", "description", "direction", "cctv", "reported", "crn")
