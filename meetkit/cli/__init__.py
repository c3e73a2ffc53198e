"""The ``meetkit`` command. Subcommands are imported only when run, so ``meetkit --help`` and
``meetkit --version`` load click and nothing heavy (no docx, Flask or database)."""
from __future__ import annotations

import importlib

import click

from .. import __version__
from ..errors import MeetkitError

# name -> "module:function"; each area of meetkit keeps its commands in a module of its own.
COMMANDS = {
    "init": "meetkit.cli.workspace:init",
    "types": "meetkit.cli.catalog:types",
    "plugins": "meetkit.cli.catalog:plugins",
    "prepare": "meetkit.cli.meetings:prepare",
    "update": "meetkit.cli.meetings:update",
    "list": "meetkit.cli.meetings:list_meetings",
    "show": "meetkit.cli.meetings:show",
    "new-plugin": "meetkit.cli.develop:new_plugin",
    "check-template": "meetkit.cli.develop:check_template",
    "serve": "meetkit.cli.signin:serve",
    "signin": "meetkit.cli.signin:signin",
    "signin-code": "meetkit.cli.signin:signin_code",
    "leave": "meetkit.cli.signin:leave",
    "attendance": "meetkit.cli.signin:attendance_cmd",
    "minutes": "meetkit.cli.signin:minutes",
    "action": "meetkit.cli.followup:action",
    "actions": "meetkit.cli.followup:actions_group",
    "ledger": "meetkit.cli.followup:ledger",
    "share": "meetkit.cli.sharing:share",
    "export": "meetkit.cli.sharing:export",
    "plan": "meetkit.cli.sharing:plan",
    "members": "meetkit.cli.members:members",
    "member": "meetkit.cli.members:member",
}


def command_summaries() -> dict[str, str]:
    """Each command's help, read from its own module's source without importing it (which
    would load docx, Flask or the database): the ``help=`` given to its click decorator (a
    string, or ``_("...")``), else its docstring. The command's ``--help`` reads the same text,
    so it is written once; its first paragraph is the line in ``meetkit --help``."""
    import ast
    import importlib.util
    import inspect

    trees: dict[str, ast.Module] = {}
    out = {}
    for name, target in COMMANDS.items():
        module, attr = target.split(":")
        if module not in trees:
            spec = importlib.util.find_spec(module)
            with open(spec.origin, encoding="utf-8") as fh:  # type: ignore[union-attr, arg-type]
                trees[module] = ast.parse(fh.read())
        function = next((node for node in trees[module].body
                         if isinstance(node, ast.FunctionDef) and node.name == attr), None)
        out[name] = inspect.cleandoc(_decorator_help(function) or
                                     (function and ast.get_docstring(function)) or "")
    return out


def _decorator_help(function) -> str | None:
    import ast

    for decorator in getattr(function, "decorator_list", ()):
        called = getattr(decorator, "func", None)
        if getattr(called, "attr", getattr(called, "id", None)) not in ("command", "group"):
            continue  # @click.option(help=...) describes an option, not the command
        for keyword in decorator.keywords:
            value = keyword.value
            if isinstance(value, ast.Call) and value.args:  # help=_("...")
                value = value.args[0]
            if keyword.arg == "help" and isinstance(value, ast.Constant) and isinstance(value.value, str):
                return value.value
    return None


class LazyGroup(click.Group):
    """A group whose subcommands load on first use (the pattern from click's docs)."""

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx, formatter):
        # Describe commands without importing them: the first paragraph of each one's help.
        summaries = command_summaries()
        rows = [(n, " ".join(summaries[n].split("\n\n")[0].split())) for n in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except MeetkitError as exc:
            raise click.ClickException(str(exc)) from None


class Context:
    """What every command gets: the workspace, found on first use."""

    def __init__(self, workspace_dir):
        self.workspace_dir = workspace_dir
        self._workspace = None

    @property
    def workspace(self):
        if self._workspace is None:
            from ..workspace import find_workspace

            self._workspace = find_workspace(self.workspace_dir)
        return self._workspace


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--workspace", "-w", "workspace_dir", envvar="MEETKIT_WORKSPACE",
              type=click.Path(file_okay=False), help="Workspace folder (default: the nearest "
              "folder upward holding meetkit.toml). Env: MEETKIT_WORKSPACE.")
@click.version_option(__version__, prog_name="meetkit")
@click.pass_context
def cli(ctx, workspace_dir):
    """meetkit prepares a party branch's meeting paperwork as Word documents, signs members in
    by QR code, follows decisions up and keeps the yearly ledger.

    Start with `meetkit init --demo`, then `meetkit prepare lesson`.
    """
    ctx.obj = Context(workspace_dir)


def main():
    cli(prog_name="meetkit")
