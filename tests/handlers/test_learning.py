"""Prevention tips and lessons: offered at the right moment, taken in the chat, counted."""

from __future__ import annotations

import pytest

from config.settings import Settings
from flows.content import ContentError, parse_lessons, parse_tips
from handlers.content import lessons_of, tips_of
from tests.handlers.informed_support import file_moped
from tests.support import harness, texts_of


async def test_tips_are_offered_a_little_after_a_report_and_on_request(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await file_moped(h, "demo-staff", "Coventry Street")
        assert await h.inbox("demo-staff") == []  # not while the incident is fresh
        clock.advance(minutes=5)
        await h.runtime.scheduler.tick()
        [offer] = await h.inbox("demo-staff")
        assert offer["text"] == "Want 3 quick tips to stop this happening again?"
        tips = texts_of(await h.say("demo-staff", offer["options"][0]["key"]))
        assert "Moped and phone snatches: 3 quick tips" in tips and "3." in tips
        assert "tips moped_snatch more" in tips
        menu = await h.say("demo-staff", "tips")
        labels = [o["label"] for o in menu[-1]["options"]]
        assert "Smash-and-grab and break-ins" in labels and "Pickpocketing and theft" in labels
        assert "Begging" in texts_of(await h.say("demo-staff", "tips begging"))
        await h.say("demo-staff", "alerts off tips")
        await file_moped(h, "demo-staff", "Haymarket")
        clock.advance(minutes=5)
        await h.runtime.scheduler.tick()
        assert "quick tips" not in texts_of(await h.inbox("demo-staff"))


async def test_a_new_member_finishes_a_lesson_and_the_digest_shows_it(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        from tests.bot.whatsapp_support import invite

        code = await invite(h, role="staff", shop="Haymarket Mini Market")
        [_welcome] = await h.say("newbie", f"join {code}")
        clock.advance(minutes=15)
        await h.runtime.scheduler.tick()
        [offer] = await h.inbox("newbie")
        assert "dealing with a shoplifter safely" in offer["text"]
        first = await h.say("newbie", offer["options"][0]["key"])
        assert "(1 of 5)" in first[-1]["text"] and first[-1]["options"][0]["label"] == "Next"
        for number in range(2, 6):
            step = await h.say("newbie", "next")
            assert f"({number} of 5)" in step[-1]["text"]
        question = await h.say("newbie", "next")
        assert "What should you do first?" in question[-1]["text"]
        assert len(question[-1]["options"]) == 3
        verdict = texts_of(await h.say("newbie", "2"))
        assert verdict.startswith("Right.") and "Next lesson: Aggressive begging" in verdict
        listed = await h.say("newbie", "learn")
        assert "Dealing with a shoplifter safely (done)" in [
            o["label"] for o in listed[-1]["options"]
        ]
        digest = texts_of(await h.say("demo-manager", "digest"))
        assert "Training: 1 (was 0) lessons finished; 1 of 2 staff have done one" in digest


def test_the_shipped_content_is_complete_and_checked():
    settings = Settings.model_construct()
    tips = tips_of(settings, "WE")
    assert set(tips) == {
        "shoplifting",
        "begging_asb",
        "moped_snatch",
        "pickpocketing",
        "smash_and_grab",
        "found_property",
    }
    assert all(len(t.tips) >= 3 for t in tips.values())
    lessons = lessons_of(settings, "XY")  # a BID without its own content gets the default
    assert [x.key for x in lessons] == [
        "shoplifter",
        "begging",
        "moped",
        "evidence",
        "police",
        "pickpocket",
    ]
    assert "StreetLink" in " ".join(lessons[1].messages)
    with pytest.raises(ContentError, match="lesson 1: needs 3 to 6 messages"):
        parse_lessons("- key: a\n  title: A\n  messages: [one]\n")
    with pytest.raises(ContentError, match="exactly one option"):
        parse_lessons(
            "- key: a\n  title: A\n  messages: [a, b, c]\n  question: Q?\n"
            "  options: [{text: x}, {text: y}]\n  explain: E\n"
        )
    with pytest.raises(ContentError, match="shoplifting: tip 1: must be some text"):
        parse_tips("shoplifting:\n  title: S\n  tips:\n    - Watch: the door\n")


async def test_a_bid_can_ship_its_own_tips(sqlite_url, clock, tmp_path):
    own = tmp_path / "content" / "WE"
    own.mkdir(parents=True)
    (own / "tips.yaml").write_text(
        "shoplifting:\n  title: Our own shoplifting advice\n  for_kinds: [shoplifting]\n"
        "  tips: [Say hello, Lock the perfume, Call us on 0207]\n",
        encoding="utf-8",
    )
    async with harness(sqlite_url, clock, content_dir=str(tmp_path / "content")) as h:
        assert "Our own shoplifting advice" in texts_of(
            await h.say("demo-staff", "tips shoplifting")
        )
        listed = await h.say("demo-staff", "learn")
        assert "Dealing with a shoplifter safely" in [o["label"] for o in listed[-1]["options"]]
