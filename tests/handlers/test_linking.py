"""Two reports of one incident: suggested at filing, linked, updated together, told apart."""

from __future__ import annotations

from bot.export import case_records
from tests.handlers.officer_support import file, join, moped
from tests.support import harness, texts_of

SECOND = "lsn-staff"


async def test_a_likely_duplicate_is_linked_and_updates_reach_both_reporters(database_url, clock):
    async with harness(database_url, clock) as h:
        await join(h, SECOND, "staff", shop="Leicester Square News")
        first = await file(h, "demo-staff", moped())
        clock.advance(minutes=2)
        told_twice = moped(
            place="coventry street",
            what="woman had her black handbag snatched by two on a moped",
            description="helmets, one in a grey coat",
        )
        second = await file(h, SECOND, told_twice)
        alerts = await h.inbox("demo-officer")
        assert [m["case_ref"] for m in alerts] == [first, second, second]
        maybe = alerts[-1]
        assert maybe["text"].startswith(f"*{second}* may be an incident already reported:\n")
        assert f"Possibly the same as {first} (Coventry Street, 2 min apart" in maybe["text"]
        assert "\u201cblack handbag\u201d" in maybe["text"]
        assert maybe["options"] == [
            {"key": f"link {second} {first}", "label": f"Link with {first}"}
        ]

        linked = texts_of(await h.say("demo-officer", maybe["options"][0]["key"]))
        assert f"{second} and {first} are linked as one incident ({first}, {second})" in linked
        again = texts_of(await h.say("demo-officer", f"link {first} {second}"))
        assert "already linked" in again
        view = texts_of(await h.say("demo-officer", f"case {first}"))
        assert f"Linked with: {second} (one incident)" in view
        assert f"Linked with {second} as one incident" in view  # on the timeline

        await h.say("demo-officer", f"update {second} CCTV requested from both shops")
        [to_first] = await h.inbox("demo-staff")
        [to_second] = await h.inbox(SECOND)
        assert to_first["text"].startswith(f"Update on {first} (moped snatch")
        assert to_second["text"].startswith(f"Update on {second} (moped snatch")
        for pushed in (to_first, to_second):
            assert "PC Patel - CCTV requested from both shops" in pushed["text"]
            assert "Status: being looked into." in pushed["text"]
        # The first reporter's answer on their own case reaches the officer who updated it.
        await h.say("demo-staff", f"reply {first} Our camera faces the street")
        assert "Our camera faces the street" in texts_of(await h.inbox("demo-officer"))

        closed = await h.say("demo-officer", f"close {second} duplicate of {first}")
        assert f"{second} closed: duplicate of another report" in texts_of(closed)
        [pointed] = await h.inbox(SECOND)
        assert f"Closed: this is the same incident as {first}" in pointed["text"]
        view = texts_of(await h.say("demo-officer", f"case {second}"))
        assert f"Duplicate of: {first}" in view

        async with h.runtime.sessions() as session:
            records = {r["ref"]: r for r in await case_records(session, bid_id=None, since=None)}
        updates = [u["text"] for u in records[first]["updates"]]
        assert "CCTV requested from both shops" in updates  # on its own timeline too
        assert records[first]["status"] == "investigating"

        unlinked = texts_of(await h.say("demo-officer", f"unlink {second}"))
        assert f"{second} is no longer linked with {first}" in unlinked
        await h.say("demo-officer", f"update {first} Suspects identified")
        assert len(await h.inbox("demo-staff")) == 1
        assert await h.inbox(SECOND) == []


async def test_different_incidents_are_not_suggested_and_mistakes_get_kind_answers(
    database_url, clock
):
    async with harness(database_url, clock) as h:
        await join(h, SECOND, "staff", shop="Leicester Square News")
        first = await file(h, "demo-staff", moped())
        clock.advance(minutes=20)
        other = moped(
            place="leicester square",
            what="Phone snatched from a man's hand by a rider on a red scooter",
            colour="red",
            plate="AB12",
            description="white helmet",
        )
        second = await file(h, SECOND, other)
        assert [m["case_ref"] for m in await h.inbox("demo-officer")] == [first, second]

        answers = {
            f"link {first}": f"Which case is {first} the same as?",
            f"link {first} {first}": "That is the same case twice.",
            f"link {first} WE-0099": "I can't find case WE-0099.",
            f"unlink {first}": f"{first} is not linked with any other case.",
            f"close {second} duplicate": f"{second} closed: duplicate of another report",
        }
        for said, answer in answers.items():
            assert answer in texts_of(await h.say("demo-officer", said)), said
        [plain] = await h.inbox(SECOND)
        assert "Closed: duplicate of another report" in plain["text"]
        # Closing as a duplicate of a named case links them, so its reporter hears of it too.
        third = await file(h, "demo-staff", moped(place="haymarket", what="Moped snatch again"))
        await h.say("demo-officer", f"close {third} duplicate of {first} same riders")
        [pointed] = [m for m in await h.inbox("demo-staff") if m.get("case_ref") == third]
        said = pointed["text"].split(" - ", 1)[1]
        assert said.startswith(
            f"Closed: this is the same incident as {first}, which the police are dealing "
            f"with. Updates on {first} will reach you too. same riders"
        )
        assert f"Linked with: {first}" in texts_of(await h.say("demo-officer", f"case {third}"))
        refused = texts_of(await h.say("demo-staff", f"link {first} {second}"))
        assert refused.startswith("Sorry, link is not available to shop staff.")
