"""Likely duplicates: the signals, the officer's words, and the labelled set's bar."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bench.duplicates import STREETS, count, load_pairs
from flows.duplicates import Incident, judge, likely_duplicates

LONDON = ZoneInfo("Europe/London")
AT = datetime(2026, 11, 23, 14, 10, tzinfo=LONDON)


def snatch(ref: str = "WE-0005", minutes: int = 0, **answers: object) -> Incident:
    base: dict[str, object] = {
        "where": "typed",
        "when_text": "14:10",
        "what": "Two lads on a moped grabbed a black handbag off a woman",
        "target": "passer_by",
        "vehicle_type": "moped",
        "vehicle_colour": "black",
        "plate": None,
        "offenders": "2",
        "description": "black helmets, grey puffer jacket",
        "direction": "towards Leicester Square",
    }
    return Incident(
        ref=ref,
        kind="moped_snatch",
        answers={**base, **answers},
        occurred_at=AT + timedelta(minutes=minutes),
        street="Coventry Street",
        shop="Coventry Street Gifts",
        location="Coventry Street",
    )


def test_the_officer_reads_where_when_and_the_shared_words() -> None:
    earlier = snatch()
    new = snatch(
        "WE-0006",
        minutes=2,
        what="woman had her black handbag snatched by two on a moped",
        description="helmets, one in a grey coat",
        direction=None,
    )
    [found] = likely_duplicates(new, [earlier], streets=STREETS)
    assert found.ref == "WE-0005"
    assert found.text == (
        "Possibly the same as WE-0005 (Coventry Street, 2 min apart, black moped, "
        "\u201cblack handbag\u201d)"
    )
    assert found.score >= 0.9


def test_a_shared_location_is_measured_against_the_typed_street() -> None:
    earlier = snatch()
    new = replace(
        snatch("WE-0006", minutes=4),
        street="Leicester Square",
        latitude=51.5103,
        longitude=-0.1303,
        location="51.51030, -0.13030",
    )
    [found] = likely_duplicates(new, [earlier], streets=STREETS)
    assert "Coventry Street, 140 m away" in found.reasons
    assert "4 min apart" in found.reasons
    far = replace(new, latitude=51.5064, longitude=-0.1340)  # Pall Mall, about 550 m
    assert judge(far, earlier, streets=STREETS).score < found.score  # type: ignore[union-attr]


def test_a_moped_snatch_may_be_reported_as_a_bag_or_phone_theft() -> None:
    earlier = snatch()
    new = Incident(
        ref="WE-0007",
        kind="theft",
        answers={
            "where": "typed",
            "when_text": "about 2pm",
            "theft_type": "bag_phone",
            "what": "black handbag snatched from a woman by two on a moped",
            "items": "black handbag",
            "offenders": "2",
        },
        occurred_at=AT + timedelta(minutes=15),
        street="Coventry Street",
        shop="Coventry Mini Market",
    )
    [found] = likely_duplicates(new, [earlier], streets=STREETS)
    assert found.reasons[-1] == "reported as a moped snatch"
    pickpocket = replace(new, answers={**new.answers, "theft_type": "pickpocket"})
    assert judge(pickpocket, earlier, streets=STREETS).score < found.score  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "begging_asb"},
        {"kind": "found_property"},
        {"occurred_at": AT + timedelta(hours=4)},
        {"street": "Pall Mall", "latitude": 51.5000, "longitude": -0.1200},
    ],
    ids=["unrelated kind", "found property", "hours apart", "far away"],
)
def test_plainly_different_incidents_are_not_weighed(change: dict[str, object]) -> None:
    new = replace(snatch("WE-0006", minutes=3), **change)  # type: ignore[arg-type]
    assert judge(new, snatch(), streets=STREETS) is None


def test_full_plates_that_clash_outweigh_the_words_and_colours_weigh_heavily() -> None:
    earlier = snatch(plate="LK68ABC")
    told_again = {
        "what": "handbag snatched off a lady by 2 on a moped",
        "description": "helmets, grey jacket",
    }
    same_plate = snatch("WE-0006", minutes=5, plate="LK68", **told_again)
    other_plate = snatch("WE-0006", minutes=5, plate="YT19ZZP", **told_again)
    same_colour = snatch("WE-0006", minutes=5, **told_again)
    other_colour = snatch("WE-0006", minutes=5, vehicle_colour="red", **told_again)
    [found] = likely_duplicates(same_plate, [earlier], streets=STREETS)
    assert "plate LK68" in found.reasons
    assert not likely_duplicates(other_plate, [earlier], streets=STREETS)
    colour = judge(same_colour, earlier, streets=STREETS)
    clash = judge(other_colour, earlier, streets=STREETS)
    assert colour is not None and clash is not None
    assert "black moped" in colour.reasons
    assert clash.score < colour.score - 0.1


def test_a_snatch_from_a_man_is_not_the_snatch_from_a_woman() -> None:
    earlier = snatch(what="phone snatched from a woman waiting for the bus")
    new = snatch("WE-0006", minutes=8, what="a man's phone snatched as he left the café")
    same = snatch("WE-0006", minutes=8, what="a woman's phone snatched at the bus stop")
    assert not likely_duplicates(new, [earlier], streets=STREETS)
    assert likely_duplicates(same, [earlier], streets=STREETS)


def shoplifting(ref: str, shop: str, minutes: int, **answers: object) -> Incident:
    base: dict[str, object] = {
        "where": "shop",
        "when_text": "11:15",
        "what": "man filled a carrier bag with Dior perfume and walked out",
        "items": "4 bottles of Dior Sauvage",
        "value": 420,
        "offenders": "1",
        "description": "navy puffer, grey joggers, black cap",
    }
    return Incident(
        ref=ref,
        kind="shoplifting",
        answers={**base, **answers},
        occurred_at=AT + timedelta(minutes=minutes),
        street="Piccadilly",
        shop=shop,
        location=shop,
    )


def test_the_same_shop_reporting_twice_is_suggested_and_two_shops_are_not() -> None:
    first = shoplifting("WE-0010", "Piccadilly Pharmacy", 0)
    again = shoplifting(
        "WE-0011", "Piccadilly Pharmacy", 10, what="Dior perfume stolen", items="perfume x4"
    )
    next_door = shoplifting("WE-0012", "Piccadilly Beauty", 10)
    [found] = likely_duplicates(again, [first], streets=STREETS)
    assert found.reasons[:2] == ("same shop", "10 min apart")
    assert not likely_duplicates(next_door, [first], streets=STREETS)


def test_a_loose_time_is_allowed_more_drift_than_a_clock_time() -> None:
    first = shoplifting("WE-0010", "Piccadilly Pharmacy", 0)
    clock = shoplifting("WE-0011", "Piccadilly Pharmacy", 70, when_text="15:20")
    loose = shoplifting("WE-0011", "Piccadilly Pharmacy", 70, when_text="this afternoon")
    assert judge(loose, first).score > judge(clock, first).score  # type: ignore[union-attr]


def test_suggestions_come_most_likely_first_without_the_report_itself() -> None:
    new = snatch("WE-0009", minutes=3)
    likely = snatch("WE-0005")
    less = snatch("WE-0006", minutes=-30, description="grey hoodie", direction="Haymarket")
    unrelated = replace(snatch("WE-0007"), kind="begging_asb")
    found = likely_duplicates(new, [less, unrelated, new, likely], streets=STREETS)
    assert [s.ref for s in found] == ["WE-0005", "WE-0006"]
    assert found[0].score > found[1].score
    assert len(likely_duplicates(new, [likely, less], streets=STREETS, limit=1)) == 1


@pytest.mark.parametrize("split", ["tune", "held_out"])
def test_the_labelled_pairs_meet_the_bar(split: str) -> None:
    pairs = [p for p in load_pairs() if p.split == split]
    assert len(pairs) >= (100 if split == "tune" else 30)
    assert {p.same for p in pairs} == {True, False}
    counts = count(pairs)
    assert counts.precision >= 0.9
    assert counts.recall >= 0.8


def test_the_shown_suggestions_are_each_pair_judged_alone_best_first() -> None:
    """The check over many reports (which reads each once and words only those shown) says
    what judging each pair alone says."""
    pairs = load_pairs()
    new = pairs[0].new
    recent = [replace(p.earlier, occurred_at=new.occurred_at) for p in pairs[:40]]
    alone = [judge(new, other, streets=STREETS) for other in recent]
    expected = sorted(
        (s for s in alone if s is not None and s.score >= 0.01), key=lambda s: -s.score
    )
    found = likely_duplicates(new, recent, streets=STREETS, threshold=0.01, limit=5)
    assert len(expected) > 5  # some judged are left out, as the limit says
    assert found == expected[:5]
