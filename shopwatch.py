"""`python -m shopwatch …`: the `shopwatch` command, for hosts that run modules, not scripts."""

from bot.cli import main

if __name__ == "__main__":
    main()
