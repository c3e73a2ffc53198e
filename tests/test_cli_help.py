"""Each command's help is written once, in HELP (meetkit/cli/__init__.py): `meetkit --help` lists
the first paragraph of what `meetkit COMMAND --help` prints, without importing the command
(tests/test_core_startup.py checks that nothing heavy loads)."""

import click
from click.testing import CliRunner

from meetkit.cli import COMMANDS, cli


def listing() -> dict:
    """`meetkit --help`'s Commands section as {name: text}, wrapped lines joined."""
    out = CliRunner().invoke(cli, ["--help"], terminal_width=200).output
    rows: dict = {}
    for line in out.split("Commands:\n", 1)[1].splitlines():
        name, _, text = line.strip().partition(" ")
        rows[name] = text.strip()
    return rows


def loaded_help(name: str) -> str:
    command = cli.get_command(click.Context(cli), name)
    return " ".join(command.help.split("\n\n")[0].split())


def test_the_listing_is_each_commands_own_help():
    rows = listing()
    assert set(rows) == set(COMMANDS)
    for name in COMMANDS:
        assert rows[name] == loaded_help(name), name
        assert rows[name], f"{name} has no help"
