"""Each person's Telegram menu matches what they may do, as their role changes."""

from __future__ import annotations

from typing import Any

from fakes import telegram_updates as tu
from tests.bot.telegram_support import Tg, telegram_app, text_of


def chat_menus(t: Tg, chat_id: int) -> list[list[str]]:
    return [
        [x["command"] for x in c.params["commands"]]
        for c in t.tg.calls("setMyCommands")
        if c.params.get("scope", {}).get("type") == "chat"
        and c.params["scope"]["chat_id"] == chat_id
    ]


async def test_a_member_of_the_public_gets_their_menu_and_staff_theirs_on_joining(
    sqlite_url, clock, tmp_path
):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        jo = t.chat(tu.make_user(7010, "Jo"))
        first: list[dict[str, Any]] = await jo.say("/lost")
        assert "lost" in text_of(first).lower()
        await t.tg.wait_for(lambda _: bool(chat_menus(t, 7010)))
        assert chat_menus(t, 7010) == [["lost", "items", "help"]]
        await jo.say("/cancel")
        await jo.join(await t.invite("staff"))
        await t.tg.wait_for(lambda _: len(chat_menus(t, 7010)) == 2)
        assert chat_menus(t, 7010)[-1][:3] == ["report", "found", "mycases"]
        outreach = t.chat(tu.make_user(7011, "Olu"))
        await outreach.join(await t.invite("outreach"))
        await t.tg.wait_for(lambda _: bool(chat_menus(t, 7011)))
        assert "report" not in chat_menus(t, 7011)[0]
