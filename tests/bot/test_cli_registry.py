"""The command line's registry: every group module is registered, and adding one is a line."""

from __future__ import annotations

import argparse
import sys
import types
from pathlib import Path

import pytest

import bot.cli
from bot.cli import GROUPS, build_parser, groups, main
from bot.cli.base import Group
from config.settings import Settings

HERE = Path(bot.cli.__file__).parent


@pytest.fixture(autouse=True)
def quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    """In this process, leave the test runner's logging as it is."""
    monkeypatch.setattr(bot.cli, "setup_logging", lambda *args, **kwargs: None)


def test_every_group_module_is_registered_in_help_order() -> None:
    modules = {p.stem for p in HERE.glob("*.py")} - {"__init__", "base"}
    assert set(GROUPS) == modules
    assert [g.name for g in groups()] == list(GROUPS)
    assert "{" + ",".join(GROUPS) + "}" in build_parser().format_help()


def test_a_new_group_is_one_module_and_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--times", type=int, default=1)

    def run(args: argparse.Namespace, settings: Settings) -> int:
        print("hello " * args.times)
        return 3

    module = types.ModuleType("bot.cli.hello")
    module.GROUP = Group("hello", "say hello", arguments, run)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "bot.cli.hello", module)
    monkeypatch.setattr(bot.cli, "GROUPS", (*GROUPS, "hello"))
    with pytest.raises(SystemExit) as exited:
        main(["hello", "--times", "2"])
    assert exited.value.code == 3 and capsys.readouterr().out == "hello hello \n"


def test_a_module_without_its_group_is_a_clear_mistake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "bot.cli.empty", types.ModuleType("bot.cli.empty"))
    monkeypatch.setattr(bot.cli, "GROUPS", ("empty",))
    with pytest.raises(RuntimeError, match=r"bot/cli/empty\.py must define GROUP"):
        groups()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["invite", "--bid", "WE"], "the following arguments are required: --role"),
        (["nonsense"], "invalid choice: 'nonsense'"),
        (["bid"], "the following arguments are required: action"),
        (["chat", "--as", "not a handle"], "--as takes a handle"),
    ],
)
def test_mistakes_are_one_line_on_stderr_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert err.startswith("shopwatch: ") and message in err and err.count("\n") == 1
