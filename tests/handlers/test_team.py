"""Who is on the team: managers list and remove members in chat; the command line does too."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

import bot.cli
from storage.db import make_engine, make_sessions
from storage.models import AuditLog, Outbox
from tests.handlers.officer_support import file, join, moped
from tests.support import harness, texts_of


async def test_a_manager_removes_an_officer_who_then_gets_nothing_more(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await join(h, "pc-jones", "officer")
        listing = texts_of(await h.say("demo-manager", "members"))
        lines = listing.split("\n")
        assert lines[0] == "West End team, 4 in all:"
        assert lines[1].startswith("#3 Alex (West End BID), BID manager, on console, joined ")
        assert "#2 PC Patel, police officer, on console" in listing
        assert "#1 Sam (Coventry Street Gifts), shop staff at Coventry Street Gifts" in listing
        assert lines[-1].startswith("To remove someone, send members remove")

        [ask] = await h.say("demo-manager", "members remove #2")
        assert ask["text"].startswith("Remove PC Patel (police officer) from West End?")
        assert [o["key"] for o in ask["options"]] == ["members remove 2 yes", "members"]
        await h.inbox("demo-officer")
        done = texts_of(await h.say("demo-manager", ask["options"][0]["key"]))
        assert (
            done == "PC Patel has been removed from West End. They have been told in one message."
        )
        [goodbye] = await h.inbox("demo-officer")
        assert goodbye["text"].startswith("You have been removed from ShopWatch for West End")

        clock.advance(minutes=1)
        ref = await file(h, "demo-staff", moped())
        assert await h.inbox("demo-officer") == []
        assert [m["case_ref"] for m in await h.inbox("pc-jones")] == [ref]
        stranger = texts_of(await h.say("demo-officer", "cases"))
        assert "You need an invite code to join" in stranger
        assert "#2" not in texts_of(await h.say("demo-manager", "members"))
        await join(h, "demo-officer", "officer")  # back with a new invite, a new member
        assert "Open cases for West End" in texts_of(await h.say("demo-officer", "cases"))

        for said, answer in {
            "members remove": "Please add their number",
            "members remove 99 yes": "There is no member #99 in West End.",
            "members remove 3 yes": "You can't remove yourself here.",
        }.items():
            assert answer in texts_of(await h.say("demo-manager", said)), said
        refused = texts_of(await h.say("demo-staff", "members"))
        assert refused.startswith("Sorry, members is not available to shop staff.")
        async with h.runtime.sessions() as session:
            actions = (
                await session.execute(select(AuditLog.action).where(AuditLog.allowed))
            ).scalars()
            assert {"members", "remove_member"} <= set(actions)


def shopwatch(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """One `shopwatch` command in this process: exit code, stdout, stderr."""
    with pytest.raises(SystemExit) as ended:
        bot.cli.main(list(args))
    out = capsys.readouterr()
    return int(ended.value.code or 0), out.out, out.err


def test_members_and_invites_from_the_command_line(sqlite_url, monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)  # away from any ./.env of the checkout
    monkeypatch.setenv("SHOPWATCH_DATABASE_URL", sqlite_url)
    monkeypatch.setattr(bot.cli, "setup_logging", lambda *args, **kwargs: None)
    assert shopwatch(capsys, "demo")[0] == 0

    code, out, _ = shopwatch(capsys, "members", "list", "--bid", "WE")
    assert code == 0 and out.splitlines()[0] == "WE (West End): 3 member(s)"
    assert "#2 PC Patel, police officer, on console, joined " in out

    code, out, _ = shopwatch(capsys, "invite", "--bid", "WE", "--role", "outreach", "--uses", "2")
    invite = out.strip().splitlines()[-1]
    code, out, _ = shopwatch(capsys, "invite", "list", "--bid", "WE")
    assert code == 0 and f"{invite}  outreach, 2 use(s) left, until " in out
    assert shopwatch(capsys, "invite", "revoke", invite)[1].startswith(f"Invite {invite} revoked")
    assert shopwatch(capsys, "invite", "list", "--bid", "WE")[1] == "No open invites in WE.\n"
    code, _, err = shopwatch(capsys, "invite", "revoke", invite)
    assert code == 2 and "no open invite" in err

    code, out, _ = shopwatch(capsys, "members", "remove", "--bid", "WE", "#2")
    assert code == 0 and out.startswith("Removed #2 PC Patel (officer) from WE.")
    listed = shopwatch(capsys, "members", "list", "--bid", "WE")[1]
    assert "PC Patel" not in listed and "2 member(s)" in listed
    everyone = shopwatch(capsys, "members", "list", "--bid", "WE", "--all")[1]
    assert (
        "#2 PC Patel, police officer, on console, joined " in everyone and ", removed " in everyone
    )
    for args, says in (
        (("members", "remove", "--bid", "WE", "2"), "no current member #2 in WE"),
        (("members", "remove", "--bid", "WE", "bob"), "member must be a number"),
        (("members", "list", "--bid", "NOPE"), "unknown BID"),
        (("invite", "--bid", "WE"), "required: --role"),
        (("invite", "list"), "required: --bid"),
        (("invite", "revoke"), "needs the code"),
        (("invite", "bogus", "--bid", "WE"), "invalid choice"),
    ):
        code, _, err = shopwatch(capsys, *args)
        assert code == 2 and says in err and len(err.strip().splitlines()) == 1, (args, err)

    async def goodbye() -> list[str]:
        engine = make_engine(sqlite_url)
        try:
            async with make_sessions(engine)() as session:
                query = select(Outbox).where(Outbox.address == "demo-officer")
                return [r.payload["text"] for r in (await session.execute(query)).scalars()]
        finally:
            await engine.dispose()

    [line] = asyncio.run(goodbye())
    assert line.startswith("You have been removed from ShopWatch for West End")
