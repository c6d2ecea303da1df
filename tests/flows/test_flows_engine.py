"""The engine walking every flow: happy paths, back, cancel, skip, hints, idle and changes."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from flowkit import LONDON, NOW, Convo, make_ctx

from flows import engine
from flows.definitions import FLOWS, KINDS
from flows.model import Location, Photo, UserInput

PHOTO = Photo("image/jpeg", "tg-file-123")

# (kind, inputs): str = typed, ("tap", key) = button, ("photo",) = a photo, ("loc", lat, lon).
HAPPY: dict[str, list[object]] = {
    "shoplifting": [
        "no",
        "20 minutes ago",
        ("tap", "shop"),
        "Took perfume from the shelf and ran out",
        "3 bottles of perfume",
        "£45.50",
        "2",
        "Black hoodie, grey joggers, about 20",
        "towards Leicester Square",
        "not sure",
        "yes",
        "1234567/25",
        ("photo",),
        ("tap", "done"),
    ],
    "theft": [
        ("tap", "no"),
        "pickpocket",
        "14:30",
        "coventy st",
        "Customer's purse taken from her bag",
        "purse with cards",
        "unknown",
        ("tap", "1"),
        "skip",
        "skip",
        "2",
        "nope",
        "skip",
    ],
    "moped_snatch": [
        "No",
        "just now",
        ("tap", "elsewhere"),
        ("loc", 51.5104, -0.1323),
        "Phone grabbed from a customer's hand",
        "a customer",
        "moped",
        "black",
        "ld19 abc",
        "2",
        "Dark helmets",
        "skip",
        "1",
        "2",
        "no",
    ],
    "begging_asb": [
        "no",
        "yesterday 6pm",
        "leicster sq",
        "aggressive begging",
        "Man asking customers for money at the door",
        "not sure",
        "yes",
        "1",
        "no",
        "no",
        "no",
        "no",
        "skip",
    ],
    "found_property": [
        "iphone",
        "Black iPhone in a red case",
        ("tap", "shop"),
        "this morning about 10",
        "with our manager",
        "skip",
    ],
}


def drive(convo: Convo, inputs: list[object]) -> None:
    """Feed a script of inputs into a conversation."""
    for item in inputs:
        before = convo.q
        if isinstance(item, str):
            convo.send(item)
        elif item[0] == "tap":
            convo.tap(str(item[1]))
        elif item[0] == "photo":
            convo.send(photo=PHOTO)
        else:
            convo.send(location=Location(float(item[1]), float(item[2])))
        # A photo step collects photos until Done, so a photo keeps it waiting.
        moved = convo.q != before or convo.state is None or item == ("photo",)
        assert moved, f"{item!r} was not accepted at {before}"


@pytest.mark.parametrize("kind", KINDS)
def test_happy_path_files_a_report(kind: str) -> None:
    convo = Convo(kind)
    assert convo.result.messages[0].text.startswith("Let's report")
    drive(convo, HAPPY[kind])
    assert convo.q == engine.SUMMARY
    summary = convo.last.text
    assert "Please check your report" in summary
    assert [o.key for o in convo.last.options] == ["send", "change", "cancel"]
    convo.tap("send")
    result = convo.result
    assert result.state is None and result.outcome == "filed" and result.messages == []
    report = result.report
    assert report is not None and report.kind == kind
    assert report.occurred_at.tzinfo is not None
    assert report.location


def test_shoplifting_report_contents() -> None:
    convo = Convo("shoplifting")
    drive(convo, HAPPY["shoplifting"])
    summary = convo.last.text
    assert "When: Sun 23 Nov, 14:20" in summary
    assert "Where: At Boots Piccadilly" in summary
    assert "Value: £45.50" in summary
    assert "Photo: 1 photo" in summary
    convo.tap("send")
    report = convo.result.report
    assert report is not None
    assert report.occurred_at == datetime(2025, 11, 23, 14, 20, tzinfo=LONDON)
    assert report.location == "Boots Piccadilly" and report.street == "Piccadilly"
    assert report.attachments == (PHOTO,)
    a = report.answers
    assert a["safety"] is False
    assert a["when_text"] == "20 minutes ago"
    assert a["where"]["choice"] == "shop"
    assert a["value"] == 45.5 and a["value_text"] == "£45.50"
    assert a["offenders"] == "2"
    assert a["cctv"] == "not_sure"
    assert a["reported"] is True and a["crn"] == "1234567/25"
    assert a["photo"] == [{"content_type": "image/jpeg", "source": "tg-file-123"}]


def test_theft_typed_street_and_skips() -> None:
    convo = Convo("theft")
    drive(convo, HAPPY["theft"])
    convo.tap("send")
    report = convo.result.report
    assert report is not None
    assert report.street == "Coventry Street" and report.location == "Coventry Street"
    assert report.latitude == pytest.approx(51.5103)
    a = report.answers
    assert a["theft_type"] == "pickpocket"
    assert a["where"]["choice"] == "typed" and a["where"]["text"] == "coventy st"
    assert a["value"] is None
    assert a["description"] is None and a["direction"] is None
    assert a["reported"] is False and "crn" not in a
    assert a["photo"] is None and report.attachments == ()


def test_moped_shared_location_and_plate() -> None:
    convo = Convo("moped_snatch")
    drive(convo, HAPPY["moped_snatch"])
    convo.tap("send")
    report = convo.result.report
    assert report is not None
    assert report.street == "Coventry Street"
    assert report.location == "51.51040, -0.13230"
    assert report.latitude == pytest.approx(51.5104)
    a = report.answers
    assert a["target"] == "customer" and a["vehicle_type"] == "moped"
    assert a["plate"] == "LD19 ABC" and a["cctv"] == "yes"


def test_begging_vulnerable_offers_streetlink() -> None:
    convo = Convo("begging_asb")
    drive(convo, HAPPY["begging_asb"][:6])
    assert convo.q == "streetlink"
    assert "help" in convo.last.text
    drive(convo, HAPPY["begging_asb"][6:])
    convo.tap("send")
    report = convo.result.report
    assert report is not None
    assert report.answers["vulnerable"] == "not_sure" and report.answers["streetlink"] is True
    assert report.occurred_at == datetime(2025, 11, 22, 18, 0, tzinfo=LONDON)
    assert report.street == "Leicester Square"
    assert "items" not in report.answers and "value" not in report.answers


def test_begging_not_vulnerable_skips_streetlink() -> None:
    convo = Convo("begging_asb")
    drive(convo, ["no", "now", ("tap", "shop"), "2", "Shouting at staff"])
    assert convo.q == "vulnerable"
    convo.send("no")
    assert convo.q == "offenders"


def test_found_property_keeps_typed_words() -> None:
    convo = Convo("found_property")
    drive(convo, HAPPY["found_property"])
    convo.tap("send")
    report = convo.result.report
    assert report is not None and report.kind == "found_property"
    a = report.answers
    assert a["category"] == "phone" and a["category_text"] == "iphone"
    assert a["held"] == "other" and a["held_text"] == "with our manager"
    assert report.occurred_at == datetime(2025, 11, 23, 10, 0, tzinfo=LONDON)
    assert "safety" not in a


@pytest.mark.parametrize(
    ("typed", "key"),
    [("purse", "wallet"), ("passport", "id"), ("keys", "keys"), ("umbrella", "other")],
)
def test_found_property_categories(typed: str, key: str) -> None:
    convo = Convo("found_property")
    convo.send(typed)
    assert convo.q == "description"
    assert convo.state is not None and convo.state["answers"]["category"] == key


def test_found_property_other_button_asks_where() -> None:
    convo = Convo("found_property")
    drive(convo, ["wallet", "brown leather", ("tap", "shop"), "now"])
    convo.tap("other")
    assert convo.q == "held_text"
    convo.send("Lost property box at the Regent St branch")
    assert convo.q == "photo"


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "found_property"])
def test_safety_gate_yes_says_999_first(kind: str) -> None:
    convo = Convo(kind)
    assert convo.q == "safety"
    assert "hurt or in danger" in convo.last.text
    convo.tap("yes")
    first = convo.result.messages[0].text
    assert first.splitlines()[0] == "*Call 999 now.*"
    assert "nothing is lost" in first
    assert convo.q != "safety"
    assert convo.state is not None and convo.state["answers"]["safety"] is True


def test_safety_gate_typed_yes() -> None:
    convo = Convo("shoplifting")
    convo.send("yeah")
    assert convo.texts[0].startswith("*Call 999 now.*")


def test_back_goes_to_previous_question_and_first_says_so() -> None:
    convo = Convo("shoplifting")
    convo.send(command="back")
    assert convo.q == "safety" and "first question" in convo.texts[0]
    drive(convo, ["no", "now", ("tap", "elsewhere")])
    assert convo.q == "where_other"
    convo.send(command="back")
    assert convo.q == "where"
    convo.send(command="back")
    assert convo.q == "when"
    convo.send("10 minutes ago")
    assert convo.q == "where"


def test_back_from_summary_and_edit() -> None:
    convo = Convo("found_property")
    drive(convo, HAPPY["found_property"])
    convo.tap("change")
    assert convo.q == engine.EDIT
    convo.send(command="back")
    assert convo.q == engine.SUMMARY
    convo.send(command="back")
    assert convo.q == "photo"


@pytest.mark.parametrize("kind", KINDS)
def test_cancel_anywhere(kind: str) -> None:
    convo = Convo(kind)
    convo.send(HAPPY[kind][0] if isinstance(HAPPY[kind][0], str) else "no")
    convo.send(command="cancel")
    assert convo.state is None and convo.result.outcome == "cancelled"
    assert convo.texts[0].startswith("Report cancelled. Nothing was sent.")


def test_cancel_from_summary_button() -> None:
    convo = Convo("shoplifting")
    drive(convo, HAPPY["shoplifting"])
    convo.tap("cancel")
    assert convo.result.outcome == "cancelled" and convo.result.report is None


@pytest.mark.parametrize(
    ("kind", "prefix", "bad", "hint"),
    [
        ("shoplifting", [], "maybe", "yes or no"),
        ("shoplifting", ["no"], "tomorrow", "still to come"),
        ("shoplifting", ["no"], "in an hour", "still to come"),
        ("shoplifting", ["no"], "yesterday", "what time yesterday"),
        ("shoplifting", ["no"], "2 months ago", "30 days"),
        ("shoplifting", ["no", "now", "1"], "ok", "few more words"),
        ("shoplifting", ["no", "now", "1", "took stuff", "gin"], "loads", "amount in pounds"),
        ("shoplifting", ["no", "now", "1", "took stuff", "gin", "5"], "0", "number"),
        ("theft", ["no"], "something", "choose one of the options"),
        ("moped_snatch", ["no", "now", "1", "snatched", "me", "moped", "red"], "?!", "letters"),
    ],
)
def test_invalid_answer_gets_hint_and_same_question(
    kind: str, prefix: list[str], bad: str, hint: str
) -> None:
    convo = Convo(kind)
    drive(convo, prefix)
    q = convo.q
    convo.send(bad)
    assert convo.q == q
    assert hint.lower() in convo.texts[0].lower()
    assert convo.last.question == q


def test_future_time_refused() -> None:
    convo = Convo("shoplifting", make_ctx(now=datetime(2025, 11, 23, 14, 40, tzinfo=LONDON)))
    convo.send("no")
    convo.send("today 18:00")
    assert convo.q == "when" and "still to come" in convo.texts[0]


def test_crn_hint_and_skip() -> None:
    convo = Convo("shoplifting")
    drive(convo, HAPPY["shoplifting"][:11])
    assert convo.q == "crn"
    assert "skip" in convo.last.text
    convo.send("dunno mate")
    assert convo.q == "crn" and "reference" in convo.texts[0]
    convo.send("skip")
    assert convo.q == "photo"


def test_required_step_refuses_skip() -> None:
    convo = Convo("shoplifting")
    drive(convo, ["no", "now", "1"])
    convo.send("skip")
    assert convo.q == "what" and "needed" in convo.texts[0]


def test_optional_steps_say_they_can_be_skipped() -> None:
    for flow in FLOWS.values():
        for step in flow.steps:
            if step.optional:
                assert "skip" in step.prompt.lower(), step.id


def test_description_asks_not_to_include_sensitive_details() -> None:
    convo = Convo("shoplifting")
    drive(convo, ["no", "now", "1", "took stuff", "gin", "5", "2"])
    assert convo.q == "description"
    assert "ethnicity" in convo.last.text and "religion" in convo.last.text


def test_photo_step_hint_and_button_skip() -> None:
    convo = Convo("found_property")
    drive(convo, HAPPY["found_property"][:-1])
    assert convo.q == "photo"
    convo.send("here you go")
    assert convo.texts[0] == "Send a photo, or type skip."
    convo.tap("skip")
    assert convo.q == engine.SUMMARY


def test_photo_sent_too_early_is_explained() -> None:
    convo = Convo("shoplifting")
    convo.send(photo=PHOTO)
    assert convo.q == "safety" and "photo" in convo.texts[0]


def test_location_step_requests_location() -> None:
    convo = Convo("shoplifting")
    drive(convo, ["no", "now"])
    assert convo.q == "where" and convo.last.request_location
    assert [o.label for o in convo.last.options] == ["At Boots Piccadilly", "Somewhere else"]


def test_unsure_street_asks_to_confirm_yes() -> None:
    convo = Convo("shoplifting")
    drive(convo, ["no", "now", "2"])
    convo.send("cranbury")
    assert convo.q == "where_other_check"
    assert convo.last.text == "Did you mean Cranbourn Street?"
    convo.send("yes")
    assert convo.q == "what"
    assert convo.state is not None
    assert convo.state["answers"]["where_other"]["street"] == "Cranbourn Street"


def test_unsure_street_no_then_keep_own_words() -> None:
    convo = Convo("shoplifting")
    drive(convo, ["no", "now"])
    convo.send("cranbury")
    assert convo.q == "where_check"
    convo.tap("no")
    assert convo.q == "where_other"
    assert "Keep my words" in convo.last.text and "cranbury" in convo.last.text
    convo.tap("keep")
    assert convo.q == "what"
    answers = convo.state["answers"] if convo.state else {}
    place = answers["where_other"]
    assert place["location"] == "cranbury" and place["street"] is None


def test_an_option_of_a_place_question_typed_as_its_words_is_that_option() -> None:
    # Telegram's share-location keyboard sends a tapped option as its words.
    convo = Convo("shoplifting")
    drive(convo, ["no", "now"])
    convo.send("cranbury")
    convo.send("no")
    convo.send("Keep my words")
    assert convo.q == "what"
    place = convo.state["answers"]["where_other"] if convo.state else {}
    assert place["choice"] == "keep" and place["location"] == "cranbury"
    convo = Convo("shoplifting")
    drive(convo, ["no", "now"])
    assert convo.state is not None and convo.state["q"] == "where"
    convo.send("somewhere ELSE")
    assert convo.q == "where_other"


def test_unsure_street_no_then_other_words() -> None:
    convo = Convo("shoplifting")
    drive(convo, ["no", "now"])
    convo.send("cranbury")
    convo.send("no")
    convo.send("leicester square")
    assert convo.q == "what"
    assert convo.state is not None
    assert convo.state["answers"]["where_other"]["street"] == "Leicester Square"


def test_unknown_place_keeps_words() -> None:
    convo = Convo("shoplifting")
    drive(convo, ["no", "now", "2", "the bus stop by the big Lego shop"])
    assert convo.q == "what"
    place = convo.state["answers"]["where_other"] if convo.state else {}
    assert place["location"] == "the bus stop by the big Lego shop"
    assert place["street"] is None


def test_back_from_street_check_re_asks_place() -> None:
    convo = Convo("shoplifting")
    drive(convo, ["no", "now", "2", "cranbury"])
    convo.send(command="back")
    assert convo.q == "where_other"


def test_idle_then_carry_on() -> None:
    convo = Convo("shoplifting")
    drive(convo, ["no"])
    convo.later(45)
    convo.send("20 minutes ago")
    assert convo.q == engine.IDLE
    assert "quiet since 14:40" in convo.last.text
    assert [o.key for o in convo.last.options] == ["carry_on", "start_again", "cancel"]
    assert convo.state is not None and "when" not in convo.state["answers"]
    convo.later(2)
    convo.tap("carry_on")
    # The answer that met the idle prompt is not thrown away, and is read as of when it came.
    assert convo.q == "where"
    assert convo.state is not None
    when = datetime.fromisoformat(convo.state["answers"]["when"])
    assert when == NOW + timedelta(minutes=45 - 20)


def test_idle_then_start_again() -> None:
    convo = Convo("theft")
    drive(convo, ["no", "pickpocket"])
    convo.later(31)
    convo.tap("1")
    assert convo.q == engine.IDLE
    convo.send("start again")
    assert convo.q == "safety"
    assert convo.state is not None and convo.state["answers"] == {}


def test_idle_since_yesterday_shows_the_day() -> None:
    convo = Convo("theft")
    convo.later(60 * 12)
    convo.send("no")
    assert "Sun 23 Nov, 14:40" in convo.last.text


def test_idle_then_cancel() -> None:
    convo = Convo("theft")
    convo.later(120)
    convo.send("no")
    convo.tap("cancel")
    assert convo.result.outcome == "cancelled"


def test_not_idle_within_limit() -> None:
    convo = Convo("theft")
    convo.later(29)
    convo.send("no")
    assert convo.q == "theft_type"


def test_summary_change_an_answer_returns_to_summary() -> None:
    convo = Convo("shoplifting")
    drive(convo, HAPPY["shoplifting"])
    convo.tap("change")
    assert convo.q == engine.EDIT
    keys = [o.key for o in convo.last.options]
    assert "where_other" not in keys and "items" in keys
    convo.tap("items")
    assert convo.q == "items"
    convo.send("4 bottles of perfume")
    assert convo.q == engine.SUMMARY
    assert "Items taken: 4 bottles of perfume" in convo.last.text


def test_summary_change_opens_conditional_step() -> None:
    convo = Convo("theft")
    drive(convo, HAPPY["theft"])
    convo.send("change")
    convo.send("already reported")
    assert convo.q == "reported"
    convo.send("yes")
    assert convo.q == "crn"
    convo.send("CAD4521/23NOV")
    assert convo.q == engine.SUMMARY
    assert "Police reference: CAD4521/23NOV" in convo.last.text


def test_summary_change_closes_conditional_step() -> None:
    convo = Convo("shoplifting")
    drive(convo, HAPPY["shoplifting"])
    convo.tap("change")
    convo.tap("reported")
    convo.tap("no")
    assert convo.q == engine.SUMMARY
    assert "Police reference" not in convo.last.text
    convo.tap("send")
    assert convo.result.report is not None and "crn" not in convo.result.report.answers


def test_summary_change_place_to_elsewhere_asks_street() -> None:
    convo = Convo("shoplifting")
    drive(convo, HAPPY["shoplifting"])
    convo.tap("change")
    convo.tap("where")
    convo.tap("elsewhere")
    assert convo.q == "where_other"
    convo.send("jermyn st")
    assert convo.q == engine.SUMMARY
    assert "Where: Jermyn Street" in convo.last.text


def test_change_safety_to_yes_still_says_999() -> None:
    convo = Convo("shoplifting")
    drive(convo, HAPPY["shoplifting"])
    convo.tap("change")
    convo.tap("safety")
    convo.tap("yes")
    assert convo.texts[0].startswith("*Call 999 now.*")
    assert convo.q == engine.SUMMARY


def test_back_while_changing_returns_to_list() -> None:
    convo = Convo("shoplifting")
    drive(convo, HAPPY["shoplifting"])
    convo.tap("change")
    convo.tap("what")
    convo.send(command="back")
    assert convo.q == engine.EDIT


def test_stale_button_is_re_asked_politely() -> None:
    convo = Convo("shoplifting")
    drive(convo, ["no"])
    convo.tap("shop")  # the where-button, pressed while "when" is asked
    assert convo.q == "when"
    assert "earlier question" in convo.texts[0]
    convo.tap("yes")
    assert convo.q == "when"


def test_choice_by_number_words_and_typo() -> None:
    convo = Convo("moped_snatch")
    drive(convo, ["no", "now", "1", "grabbed a phone"])
    assert convo.q == "target"
    convo.send("passer by")
    assert convo.q == "vehicle_type"
    convo.send("motrbike")
    assert convo.state is not None and convo.state["answers"]["vehicle_type"] == "motorbike"
    convo.send(command="back")
    convo.send("5")
    assert convo.state is not None and convo.state["answers"]["vehicle_type"] == "bicycle"


def test_count_typed_numbers() -> None:
    convo = Convo("shoplifting")
    drive(convo, ["no", "now", "1", "took stuff", "gin", "5"])
    convo.send("7 of them")
    assert convo.state is not None and convo.state["answers"]["offenders"] == "4_or_more"


def test_question_of() -> None:
    convo = Convo("theft")
    assert engine.question_of(convo.state or {}) == "safety"
    assert engine.question_of({}) is None
    assert engine.question_of("nonsense") is None  # type: ignore[arg-type]


def test_broken_state_ends_politely() -> None:
    result = engine.advance({"kind": "nope"}, UserInput(text="hi"), make_ctx())
    assert result.state is None and result.outcome == "cancelled" and result.messages
    result = engine.advance({"kind": "theft", "q": "zzz"}, UserInput(text="hi"), make_ctx())
    assert result.state is None and result.messages


def test_state_holds_only_json_types() -> None:
    convo = Convo("shoplifting")
    state = convo.state
    assert state is not None
    assert set(state) >= {"v", "kind", "q", "answers", "history", "last_at", "editing"}
    assert datetime.fromisoformat(state["last_at"]) == NOW


def test_start_unknown_kind_raises() -> None:
    with pytest.raises(ValueError):
        engine.start("burglary", make_ctx())


def test_step_ids_and_option_keys_fit_callback_data() -> None:
    for flow in FLOWS.values():
        ids = [s.id for s in flow.steps]
        assert len(ids) == len(set(ids))
        for step in flow.steps:
            assert step.id.isascii() and len(step.id) <= 24
            assert step.id not in (engine.SUMMARY, engine.EDIT, engine.IDLE)
            for opt in step.options:
                assert opt.key.isascii() and len(opt.key) <= 24
            if step.condition is not None:
                assert step.condition.step in ids[: ids.index(step.id)]


def test_registry_matches_kinds() -> None:
    assert set(FLOWS) == {*KINDS, "report", "addition", "lost_property"}
    for kind in KINDS:
        if kind != "found_property":
            assert FLOWS[kind].steps[0].id == "safety"


def test_several_photos_and_an_album_are_all_kept_with_one_reply_per_album() -> None:
    convo = Convo("shoplifting")
    drive(convo, HAPPY["shoplifting"][:-2])
    assert convo.q == "photo"
    album = [Photo("image/jpeg", f"tg-album-{n}") for n in range(3)]
    replies = [convo.send(photo=p, album="g1").messages for p in album]
    assert [len(r) for r in replies] == [1, 0, 0]  # one answer for the album, not three
    assert "Got it: 1 photo" in replies[0][0].text
    convo.send(photo=PHOTO)
    assert "Got it: 4 photos" in convo.last.text and convo.q == "photo"
    convo.send("done")
    assert convo.q == engine.SUMMARY and "Photo: 4 photos" in convo.last.text
    late = [Photo("image/jpeg", f"tg-late-{n}") for n in range(2)]
    first = convo.send(photo=late[0], album="g2")
    assert "5 photos in all" in first.messages[0].text and convo.q == engine.SUMMARY
    assert convo.send(photo=late[1], album="g2").messages == []
    convo.tap("send")
    report = convo.result.report
    assert report is not None and len(report.attachments) == 6


def test_a_description_naming_ethnicity_is_asked_again_once_and_then_kept() -> None:
    convo = Convo("shoplifting")
    drive(convo, HAPPY["shoplifting"][:7])
    assert convo.q == "description"
    convo.send("black guy, grey hoodie")
    assert convo.q == "description" and "don't record ethnicity" in convo.texts[0]
    assert convo.state is not None and "description" not in convo.state["answers"]
    convo.send("grey hoodie, black joggers, tall")
    assert convo.q == "direction"
    assert convo.state is not None
    assert convo.state["answers"]["description"] == "grey hoodie, black joggers, tall"


def test_a_vague_time_is_asked_about_then_read_inside_what_was_said() -> None:
    convo = Convo("shoplifting")
    drive(convo, ["no"])
    convo.send("this morning")
    assert convo.q == "when" and convo.last.text.startswith("About what time this morning?")
    convo.send("10ish")
    assert convo.q == "where"
    assert convo.state is not None
    answers = convo.state["answers"]
    assert datetime.fromisoformat(answers["when"]) == datetime(2025, 11, 23, 10, 0, tzinfo=LONDON)
    assert answers["when_text"] == "this morning, 10ish"


def test_a_time_that_could_be_morning_or_evening_offers_both() -> None:
    convo = Convo("shoplifting")
    drive(convo, ["no"])
    convo.send("yesterday at 6")
    assert convo.q == "when"
    assert [o.label for o in convo.last.options] == ["06:00", "18:00"]
    convo.send("2")  # the second shown option
    assert convo.q == "where" and convo.state is not None
    when = datetime.fromisoformat(convo.state["answers"]["when"])
    assert when == datetime(2025, 11, 22, 18, 0, tzinfo=LONDON)


def test_a_location_shared_far_from_the_area_is_checked_first() -> None:
    convo = Convo("shoplifting")
    drive(convo, ["no", "now", ("tap", "elsewhere")])
    convo.send(location=Location(51.4545, -2.5879))  # Bristol
    assert convo.q == "where_other_far" and "km from the streets" in convo.last.text
    convo.tap("no")
    assert convo.q == "where_other" and "type the street" in convo.texts[0]
    convo.send(location=Location(51.4545, -2.5879))
    convo.tap("yes")
    assert convo.q == "what"
    assert convo.state is not None
    place = convo.state["answers"]["where_other"]
    assert place["street"] is None and place["latitude"] == 51.4545
