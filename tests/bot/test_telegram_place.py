"""A shared location reads as its street, never as raw coordinates, wherever the case is shown."""

from __future__ import annotations

from fakes import telegram_updates as tu
from tests.bot.telegram_support import telegram_app, text_of
from tests.bot.test_telegram_flows import file_report


async def test_a_shared_location_shows_as_its_street_in_the_case(sqlite_url, clock, tmp_path):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        alice, record = await file_report(t, "shoplifting")
        assert record["location"] == "51.51030, -0.13230"  # kept as given, for the police
        officer = t.chat(tu.BOB)
        await officer.join(await t.invite("officer"))
        view = text_of(await officer.say("/case WE-0001"))
        assert "Coventry Street" in view and "51.51" not in view
        mine = text_of(await alice.say("/mycases"))
        assert "Coventry Street" in mine and "51.51" not in mine
