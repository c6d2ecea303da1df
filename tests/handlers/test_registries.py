"""Adding a flow or a command is one definition, and every place that shows them follows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.export import case_records
from flows import diagram, registry
from flows.definitions.common import PHOTO, SAFETY, WHEN, WHERE, WHERE_OTHER
from flows.flow import Flow, Step
from flows.registry import FlowError
from handlers.commands import COMMANDS, help_text, menu_for, split_command
from handlers.commands.registry import MEMBERS, command
from handlers.turn import Turn
from tests.support import harness, texts_of

DAMAGE = Step(id="damage", kind="text", prompt="What was damaged?", label="Damage", min_len=3)
CRIMINAL_DAMAGE = Flow(
    kind="criminal_damage",
    title="criminal damage",
    name="criminal damage",
    label="Criminal damage",
    steps=(SAFETY, WHEN, WHERE, WHERE_OTHER, DAMAGE, PHOTO),
    alert=("damage",),
)


@pytest.fixture
def criminal_damage() -> Iterator[Flow]:
    """A throwaway flow, registered the way a real one is, and gone after the test."""
    registry.register(CRIMINAL_DAMAGE)
    yield CRIMINAL_DAMAGE
    del registry.FLOWS[CRIMINAL_DAMAGE.kind]


async def test_a_new_flow_appears_everywhere_from_one_definition(
    criminal_damage, sqlite_url, clock
):
    async with harness(sqlite_url, clock) as h:
        menu = await h.say("demo-staff", "report")
        labels = [o["label"] for o in menu[-1]["options"]]
        assert labels[-1] == "Criminal damage"
        intro = await h.say("demo-staff", str(len(labels)))
        assert intro[0]["text"].startswith("Let's report criminal damage.")
        for answer in ("no", "10 minutes ago", "1", "Front window smashed with a brick", "skip"):
            await h.say("demo-staff", answer)
        done = await h.say("demo-staff", "send")
        ref = done[-1]["case_ref"]
        alert = texts_of(await h.inbox("demo-officer"))
        assert f"New criminal damage report *{ref}*" in alert
        assert "Damage: Front window smashed with a brick" in alert
        case = texts_of(await h.say("demo-officer", f"case {ref}"))
        assert "criminal damage" in case and "Damage: Front window smashed" in case
        digest = texts_of(await h.say("demo-manager", "digest"))
        assert "criminal damage 1" in digest
        async with h.runtime.sessions() as session:
            [record] = await case_records(session, bid_id=None, since=None)
        assert record["kind"] == "criminal_damage"
        assert record["answers"]["damage"] == "Front window smashed with a brick"
    drawn = diagram.render(criminal_damage)
    assert 'damage["damage: Damage<br/>(text)"]' in drawn and "photo --> summary" in drawn


def test_a_flow_the_engine_could_not_walk_is_refused_when_registered():
    broken = Flow(
        kind="broken_flow",
        title="x",
        name="x",
        steps=(
            Step(id="a", kind="choice", prompt="?", label="A"),
            Step(id="a", kind="sideways", prompt="?", label="A"),  # type: ignore[arg-type]
        ),
        alert=("nowhere",),
    )
    with pytest.raises(FlowError) as refused:
        registry.register(broken)
    message = str(refused.value)
    for problem in ("appears twice", "no reader", "needs options", "unknown answers"):
        assert problem in message
    assert "broken_flow" not in registry.FLOWS


def test_every_command_is_in_help_and_its_roles_menus_and_is_read_in_any_case():
    for word, cmd in COMMANDS.items():
        for role in cmd.roles:
            if cmd.help:
                assert f"{cmd.usage} - {cmd.help}" in help_text(role), (word, role)
        for role in cmd.menu_roles:
            assert (word, cmd.menu) in menu_for(role) or cmd.menu is None, (word, role)
        assert cmd.menu is None or cmd.menu_roles <= cmd.roles, word
        assert split_command(word.upper()) == (word, "")
        assert split_command(f"/{word}@ShopWatchBot WE-0042") == (word, "WE-0042")
    for role in MEMBERS:
        assert menu_for(role)[-1][0] == "help"


@pytest.fixture
def ping() -> Iterator[str]:
    """A throwaway command, defined the way a real one is, and gone after the test."""

    @command("ping", roles=["officer"], help="check the bot answers", menu="Check the bot")
    async def run(turn: Turn, args: str) -> None:
        await turn.reply("pong")

    yield "ping"
    del COMMANDS["ping"]


async def test_a_new_command_is_one_definition(ping, sqlite_url, clock):
    assert "ping - check the bot answers" in help_text("officer")
    assert "ping" not in help_text("staff")
    assert ("ping", "Check the bot") in menu_for("officer")
    async with harness(sqlite_url, clock) as h:
        assert texts_of(await h.say("demo-officer", "PING")) == "pong"
        refused = texts_of(await h.say("demo-staff", "ping"))
        assert "not available to shop staff" in refused
