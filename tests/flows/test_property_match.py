"""Matching found property to lost reports and stolen items, and checking the owner."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from flows.property import (
    ItemFacts,
    alert_for,
    check_answer,
    crime_items,
    extract,
    found_window,
    in_window,
    lost_window,
    match,
    rank,
    rank_lost,
    score,
    split_items,
    verification_question,
    weigh,
)

LOST_AT = datetime(2025, 11, 20, 14, 0, tzinfo=UTC)
PICCADILLY = (51.5079, -0.1386)
DATA = Path(__file__).resolve().parent.parent / "data" / "property_pairs.json"


def found(
    category: str | None, text: str, hours: float = 2, where: tuple[float, float] | None = None
) -> ItemFacts:
    lat, lon = where or (51.5100, -0.1345)  # Piccadilly Circus, about 350 m away
    at = LOST_AT + timedelta(hours=hours)
    return ItemFacts(category, text, "Piccadilly Circus", lat, lon, at)


def lost(category: str | None, text: str) -> ItemFacts:
    return ItemFacts(category, text, "Piccadilly", *PICCADILLY, LOST_AT)


def test_a_stolen_phone_matches_the_phone_found_later() -> None:
    crime = ItemFacts(None, "iPhone 15, blue case", "Piccadilly", *PICCADILLY, LOST_AT)
    items = crime_items(crime)
    assert [i.text for i in items] == ["iPhone 15, blue case"]
    result = match(found("phone", "blue iPhone, cracked screen"), items[0])
    assert result.alert
    assert "both blue" in result.reasons
    assert "found 350 m away, 2 h after the loss" in result.reasons


def test_reasons_are_plain_words_about_what_both_said() -> None:
    result = match(
        found("phone", "black samsung galaxy, cracked screen", hours=2),
        lost("phone", "Lost my black Samsung phone"),
    )
    assert result.summary == (
        "same category (phone), both black, both 'Samsung', found 350 m away, 2 h after the loss"
    )
    assert result.against == ()


@pytest.mark.parametrize(
    ("finder", "owner", "why"),
    [
        ("Barclays debit card, ending 4821", "my barclays card, last 4 digits 8421", "card"),
        ("3 keys on an Arsenal keyring", "keys with a Chelsea key ring, 3 keys", "keyring"),
        ("black leather wallet, some cards", "lost my brown leather wallet with cards", "colour"),
        ("passport, name Emily Clarke", "British passport, Emily Carter", "name"),
        ("Monzo card, T HUGHES", "natwest card, Tom Hughes", "bank"),
        # The owner's "digits" mistyped, and the number ending a clause.
        (
            "cardholder: blk, coins, last 4 2640",
            "black cardholder, last four diits 2670, lost",
            "card",
        ),
    ],
)
def test_a_deciding_difference_vetoes(finder: str, owner: str, why: str) -> None:
    category = extract(ItemFacts(None, finder)).category
    result = match(found(category, finder), lost(category, owner))
    assert result.vetoed, why
    assert not result.alert
    assert result.score <= 0.02


@pytest.mark.parametrize(
    ("finder", "owner"),
    [
        ("samsung phone in a red case", "samsung phone in a green case"),
        ("black north face backpack", "black nike backpack"),
        ("driving licence, MOHAMMED ALI", "passport, mohammed ali"),
        ("black puffer jacket, north face, size M", "black north face parka, age 7-8"),
    ],
)
def test_other_differences_weigh_heavily(finder: str, owner: str) -> None:
    category = extract(ItemFacts(None, finder)).category
    same = match(found(category, finder), lost(category, finder))
    differs = match(found(category, finder), lost(category, owner))
    assert not differs.alert
    assert differs.weight < same.weight - 3
    assert differs.against


@pytest.mark.parametrize(
    ("finder", "owner"),
    [
        ("purse, red, zip round", "lost red wallet with zip"),
        ("blk leather wallet", "black leather purse"),
        ("rucksak, grey, north face", "grey north face backpack"),
        ("set of 3 keys, tesco clubcard keyring", "my keys, 4 of them, clubcard keyring"),
        ("Navy Samsng phone, cracked", "samsung galaxy s23 dark blue, cracked screen"),
        ("credit card - lloyds. says Palua Gill", "lloyds credit card, name paula gill"),
        ("black umbrella with wooden handle", "black brolly, curved wood handle"),
    ],
)
def test_the_same_item_described_two_ways_agrees(finder: str, owner: str) -> None:
    category = extract(ItemFacts(None, finder)).category
    result = match(found(category, finder), lost(None, owner))
    assert not result.vetoed
    assert result.score > 0.8, result.against


def test_numbers_that_are_prices_times_or_longer_are_no_card_digits() -> None:
    for text in ("wallet with £2,670 in it", "purse, found 12:30", "wallet 26.70", "card 12345"):
        assert extract(ItemFacts("wallet", text)).digits == frozenset(), text
    assert extract(ItemFacts("wallet", "ending 2670, found")).digits == {"2670"}


def test_a_case_the_owner_describes_and_the_finder_does_not_mention_counts_against() -> None:
    owner = lost("phone", "white iphone in brown leather wallet case")
    plain = match(found("phone", "white iphone found on the counter"), owner)
    cased = match(found("phone", "white iphone in a brown wallet case"), owner)
    assert "the owner describes a case; the finder mentions none" in plain.against
    assert cased.weight > plain.weight
    # An owner who says nothing of a case loses nothing by it.
    counter = found("phone", "white iphone found on the counter")
    bare = match(counter, lost("phone", "white iphone"))
    assert bare.against == () and plain.weight < bare.weight - 0.5


def test_purse_and_wallet_are_one_category_and_the_text_decides_when_none_is_given() -> None:
    assert extract(ItemFacts(None, "a small pink purse")).category == "wallet"
    assert extract(ItemFacts("other", "AirPods in a white case")).category == "headphones"
    assert extract(ItemFacts(None, "found a samsung")).category == "phone"
    assert extract(ItemFacts(None, "teddy keyring with three keys")).category == "keys"


def test_reasons_never_repeat_what_only_the_finder_recorded() -> None:
    result = match(
        found("keys", "3 keys on an Arsenal keyring, blue fob, name tag J OKAFOR"),
        lost("keys", "lost my house keys"),
    )
    shown = " ".join(result.reasons).lower()
    for secret in ("arsenal", "okafor", "blue", "fob", "3 keys"):
        assert secret not in shown


def test_found_long_before_the_loss_or_weeks_after_is_vetoed() -> None:
    owner = lost("umbrella", "black umbrella")
    for hours in (-60, 24 * 20):
        assert match(found("umbrella", "black umbrella", hours=hours), owner).vetoed
    assert not match(found("umbrella", "black umbrella", hours=-0.5), owner).vetoed


def test_the_prefilter_only_drops_what_the_matcher_vetoes() -> None:
    owner = extract(lost("phone", "black iphone"))
    window = found_window(owner)
    assert window.category == "phone"
    for hours in (-72, -47, -1, 0, 5, 24 * 13, 24 * 15):
        item = extract(found("phone", "black iphone", hours=hours))
        if not in_window(item, window):
            assert weigh(item, owner) is None
    item = extract(found("phone", "black iphone", hours=3))
    assert in_window(owner, lost_window(item))


def test_the_colour_mask_keeps_close_colours_and_items_without_colour() -> None:
    owner = extract(lost("bag", "navy backpack"))
    window = found_window(owner)
    for text, kept in (("black rucksack", True), ("bag", True), ("red backpack", False)):
        item = extract(found("bag", text))
        assert in_window(item, window, colours=True) is kept, text


def test_ranking_puts_the_right_item_first_and_alerts_only_when_clear() -> None:
    owner = extract(lost("wallet", "brown leather purse, Radley, little dog charm on the zip"))
    register = [
        extract(found("wallet", text, hours=h))
        for text, h in (
            ("black wallet, cards inside", 1),
            ("brown purse", 30),
            ("tan radley purse with a dog charm", 3),
            ("red purse, zip round", 2),
        )
    ]
    ranked = rank(owner, register)
    assert ranked[0].item.facts.text == "tan radley purse with a dog charm"
    assert alert_for(ranked) is ranked[0]
    twins = [register[2], extract(found("wallet", "tan radley purse with a dog charm", hours=4))]
    assert alert_for(rank(owner, twins)) is None  # two fit equally: ask, do not alert


def test_a_found_item_is_ranked_against_lost_reports_too() -> None:
    item = extract(found("keys", "3 keys on an Arsenal keyring"))
    reports = [
        extract(lost("keys", text))
        for text in ("house keys, chelsea keyring", "keys with arsenal key ring", "car key, ford")
    ]
    ranked = rank_lost(item, reports)
    assert [r.item.facts.text for r in ranked] == [
        "keys with arsenal key ring",
        "car key, ford",
    ]  # the Chelsea keyring is vetoed


def test_split_items_keeps_a_description_with_its_item() -> None:
    assert split_items("Samsung S23 and a black purse with bank cards") == [
        "Samsung S23",
        "a black purse with bank cards",
    ]
    assert split_items("phone (iphone 14 pro), purple case") == [
        "phone (iphone 14 pro), purple case"
    ]


def test_verification_asks_what_the_owner_has_not_said_and_checks_typos() -> None:
    finder = extract(
        found("bank_card", "Barclays debit card, ending 4821, name on it MR J OKAFOR")
    )
    owner = extract(lost("bank_card", "lost my barclays card"))
    question = verification_question(finder, owner)
    assert question is not None and question.key == "digits"
    assert "4821" not in question.text
    assert check_answer(question, "4821").outcome == "pass"
    assert check_answer(question, "8421").outcome == "fail"
    assert check_answer(question, "not sure").outcome == "unsure"
    second = verification_question(finder, owner, asked={question.key})
    assert second is not None and second.key == "name"
    assert "okafor" not in second.text.lower()
    assert check_answer(second, "John Okafor").outcome == "pass"
    assert check_answer(second, "jon okafur").outcome == "pass"
    assert check_answer(second, "Sarah Khan").outcome == "fail"


def test_verification_of_a_keyring_and_a_case_colour() -> None:
    keys = extract(found("keys", "3 keys on an Arsenal keyring"))
    question = verification_question(keys, extract(lost("keys", "lost my house keys")))
    assert question is not None and question.key == "detail:keyring"
    assert "arsenal" not in question.text.lower()
    assert check_answer(question, "an arsnal one").outcome == "pass"
    assert check_answer(question, "the gunners").outcome == "pass"
    assert check_answer(question, "chelsea").outcome == "fail"
    phone = extract(found("phone", "black iphone in a blue case"))
    case = verification_question(phone, extract(lost("phone", "iphone 13, black")))
    assert case is not None and case.key == "colour:case"
    assert check_answer(case, "navy blue").outcome == "pass"
    assert check_answer(case, "red").outcome == "fail"


def test_nothing_left_to_ask_gives_no_question() -> None:
    finder = extract(found("umbrella", "black umbrella"))
    owner = extract(lost("umbrella", "black umbrella"))
    assert verification_question(finder, owner) is None


def _labelled() -> dict:
    return json.loads(DATA.read_text())


def test_the_labelled_set_is_large_enough_and_weighted_by_real_counts() -> None:
    data = _labelled()
    labels = [p["label"] for p in data["pairs"]]
    assert labels.count("same") >= 200 and labels.count("different") >= 200
    assert {p["source"] for p in data["pairs"]} == {"hand", "template"}
    assert {p["split"] for p in data["pairs"]} == {"tune", "holdout", "fresh"}
    weights = data["category_weights"]
    assert max(weights, key=weights.get) == "clothing"
    assert min(weights.values()) >= 0.029
    assert len(data["pairs"]) + len(data["distractors"]) >= 1000


def test_the_labelled_pairs_are_judged_well() -> None:
    """A regression guard on the whole set (the benchmark prints the detail)."""
    tp = fp = fn = 0
    for pair in _labelled()["pairs"]:
        f, o = pair["found"], pair["lost"]
        finder = extract(ItemFacts(f["category"], f["text"], f["street"], f["latitude"],
                                   f["longitude"], datetime.fromisoformat(f["at"])))  # fmt: skip
        owner = ItemFacts(o["category"], o["text"], o["street"], o["latitude"], o["longitude"],
                          datetime.fromisoformat(o["at"]))  # fmt: skip
        parts = crime_items(owner) if pair["lost_from"] == "crime" else [owner]
        alert = any(score(finder, extract(p)).alert for p in parts)
        same = pair["label"] == "same"
        tp, fp, fn = tp + (alert and same), fp + (alert and not same), fn + (not alert and same)
    assert tp / (tp + fp) >= 0.9
    assert tp / (tp + fn) >= 0.5
