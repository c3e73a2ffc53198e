"""Each command's help is written once, in its own module: `meetkit --help` lists the first
paragraph of what `meetkit COMMAND --help` prints, read from the source without importing the
command (tests/test_core_startup.py checks that nothing heavy loads)."""
import click
from click.testing import CliRunner

from meetkit.cli import COMMANDS, cli, command_summaries


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


def test_summaries_read_decorator_help_before_docstrings(monkeypatch, tmp_path):
    """A command whose help is given as help=_("...") (as translated commands will be) is read
    from the decorator, not from an option's help."""
    module = tmp_path / "meetkit_probe_cmd.py"
    module.write_text(
        'import click\nfrom meetkit.i18n import _\n\n'
        '@click.command(help=_("Say hello to NAME."))\n'
        '@click.option("--loud", help="Shout it.")\n'
        'def hello(loud):\n    """Not this."""\n', encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(COMMANDS, "hello", "meetkit_probe_cmd:hello")
    assert command_summaries()["hello"] == "Say hello to NAME."
