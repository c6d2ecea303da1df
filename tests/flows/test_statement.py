"""The draft witness statement: first person, the reporter's own words, nothing made up."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from flows.statement import StatementFacts, long_date, statement

LONDON = ZoneInfo("Europe/London")
AT = datetime(2026, 11, 23, 14, 10, tzinfo=LONDON)

SHOPLIFTING = StatementFacts(
    kind="shoplifting",
    answers={
        "safety": False,
        "when": AT.isoformat(),
        "when_text": "20 minutes ago",
        "where": "shop",
        "what": "Man took 3 bottles of perfume and ran off.",
        "items": "3 bottles of Dior Sauvage",
        "value": 420,
        "offenders": "1",
        "description": "tall, grey hoodie, about 30",
        "direction": "towards Leicester Square",
        "cctv": "yes",
        "reported": True,
        "crn": "1234567/25",
    },
    occurred_at=AT,
    created_at=datetime(2026, 11, 23, 14, 31, tzinfo=LONDON),
    location="Coventry Street Gifts",
    street="Coventry Street",
    role="staff",
    shop="Coventry Street Gifts",
    shop_street="Coventry Street",
    tz=LONDON,
    photos=1,
)


def test_a_shoplifting_report_reads_as_a_first_person_statement() -> None:
    work, happened, taken, offenders, after = statement(SHOPLIFTING)
    assert work == "I work as shop staff at Coventry Street Gifts, Coventry Street."
    assert happened == (
        "At about 14:10 on Monday 23 November 2026, at Coventry Street Gifts, this happened. "
        "When I reported it, I gave the time as \u201c20 minutes ago\u201d. "
        "In my own words: \u201cMan took 3 bottles of perfume and ran off\u201d."
    )
    assert taken == (
        "What was taken: \u201c3 bottles of Dior Sauvage\u201d. I estimate its value at £420.00."
    )
    assert offenders == (
        "There was one offender. I describe them as: \u201ctall, grey hoodie, about 30\u201d. "
        "They went this way: \u201ctowards Leicester Square\u201d."
    )
    assert after == (
        "When I reported it, nobody was hurt or in danger. There is CCTV that may have caught it. "
        "I had already reported it to the police. The reference is 1234567/25. "
        "I sent a photo with my report. "
        "I made this report through ShopWatch at 14:31 on Monday 23 November 2026."
    )


def test_times_are_london_times_in_summer_too() -> None:
    summer = datetime(2026, 7, 1, 13, 10, tzinfo=UTC)
    facts = replace(SHOPLIFTING, occurred_at=summer, created_at=summer)
    assert statement(facts)[1].startswith("At about 14:10 on Wednesday 1 July 2026,")
    assert long_date(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), LONDON) == (
        "Thursday 31 December 2026"
    )


def test_skipped_answers_are_left_out_not_guessed() -> None:
    answers = {
        **SHOPLIFTING.answers,
        "when_text": "14:10",
        "items": None,
        "value": None,
        "offenders": "unknown",
        "description": None,
        "direction": None,
        "cctv": "not_sure",
        "reported": False,
        "crn": None,
    }
    text = " ".join(statement(replace(SHOPLIFTING, answers=answers, photos=0)))
    assert "gave the time" not in text  # the clock time they typed is the time shown
    assert "What was taken" not in text
    assert "I do not know its value." in text
    assert "I do not know how many offenders there were." in text
    assert "describe them" not in text and "went this way" not in text
    assert "I do not know whether CCTV caught it." in text
    assert "I had not reported it to the police before this report." in text
    assert "photo" not in text


@pytest.mark.parametrize(
    ("answers", "location", "street", "words"),
    [
        ({"where": "typed"}, "Coventry Street", "Coventry Street", ", on Coventry Street, "),
        (
            {"where": "typed"},
            "outside the Trocadero",
            None,
            ", outside the Trocadero, ",
        ),
        ({"where": "typed"}, "the Trocadero", None, ", at the Trocadero, "),
        (
            {"where": "shared", "latitude": 51.5103, "longitude": -0.1323},
            "51.51030, -0.13230",
            "Coventry Street",
            ", at the place I shared from my phone (51.51030, -0.13230), near Coventry Street, ",
        ),
        (
            {"where": "elsewhere", "where_other": "by Boots", "latitude": None},
            "by Boots",
            "Piccadilly",
            ", by Boots, near Piccadilly, ",
        ),
    ],
    ids=["street", "landmark with a lead", "landmark", "shared location", "elsewhere"],
)
def test_the_place_is_said_the_way_it_was_given(
    answers: dict[str, object], location: str, street: str | None, words: str
) -> None:
    facts = replace(
        SHOPLIFTING,
        answers={**SHOPLIFTING.answers, **answers},
        location=location,
        street=street,
    )
    assert words in statement(facts)[1]


def test_a_moped_snatch_says_who_was_targeted_the_vehicle_and_the_plate() -> None:
    facts = replace(
        SHOPLIFTING,
        kind="moped_snatch",
        answers={
            "safety": True,
            "when_text": "just now",
            "where": "typed",
            "what": "two on a moped grabbed a woman's handbag",
            "target": "passer_by",
            "vehicle_type": "moped",
            "vehicle_colour": "black and yellow",
            "plate": "LN20",
            "offenders": "2",
            "description": None,
            "direction": "Leicester Square",
            "cctv": "no",
        },
        location="Coventry Street",
        photos=2,
    )
    paragraphs = statement(facts)
    assert paragraphs[2] == (
        "The person targeted was a passer-by. The offenders were on a moped. "
        "I describe its colour as \u201cblack and yellow\u201d. "
        "I saw this much of the number plate: LN20."
    )
    assert "There were two offenders." in paragraphs[3]
    assert paragraphs[4].startswith("When I reported it, someone was hurt or in danger")
    assert "As far as I know, there is no CCTV of it." in paragraphs[4]
    assert "I sent 2 photos with my report." in paragraphs[4]
    no_plate = replace(facts, answers={**facts.answers, "plate": None})
    assert "I did not see the number plate." in statement(no_plate)[2]


def test_begging_says_the_behaviour_and_whether_help_was_asked_for() -> None:
    facts = replace(
        SHOPLIFTING,
        kind="begging_asb",
        answers={
            "safety": False,
            "when_text": "14:10",
            "where": "shop",
            "behaviour": "begging",
            "what": "man following customers to the till asking for money",
            "vulnerable": "yes",
            "streetlink": True,
            "offenders": "1",
            "description": "grey beard, green sleeping bag",
        },
    )
    text = " ".join(statement(facts))
    assert "The behaviour was aggressive begging." in text
    assert "The person seemed vulnerable to me" in text
    assert "I asked for them to be referred to StreetLink for help." in text
    assert "What was taken" not in text


def test_a_theft_says_its_type_and_words_people_typed_stay_as_typed() -> None:
    facts = replace(
        SHOPLIFTING,
        kind="theft",
        answers={
            **SHOPLIFTING.answers,
            "theft_type": "pickpocket",
            "what": "wallet taken {ref} from his   back pocket",
        },
    )
    happened = statement(facts)[1]
    assert "It was a pickpocketing." in happened
    assert "\u201cwallet taken {ref} from his back pocket\u201d" in happened


def test_found_property_says_what_was_found_and_where_it_is() -> None:
    facts = replace(
        SHOPLIFTING,
        kind="found_property",
        answers={
            "category": "phone",
            "category_text": "iPhone",
            "description": "black iPhone in a pink case",
            "where": "shop",
            "when_text": "14:10",
            "held": "shop",
        },
        photos=0,
    )
    paragraphs = statement(facts)
    assert (
        "This was found: iPhone. I describe it as \u201cblack iPhone in a pink case\u201d."
        in (paragraphs[1])
    )
    assert paragraphs[2] == "It is being kept at the shop."
    assert not any("offender" in p for p in paragraphs)
