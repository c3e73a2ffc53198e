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
    "opinions": "meetkit.cli.life:opinions",
    "problem": "meetkit.cli.life:problem",
    "talk": "meetkit.cli.life:talk",
    "talks": "meetkit.cli.life:talks",
    "report": "meetkit.cli.life:report",
    "share": "meetkit.cli.sharing:share",
    "export": "meetkit.cli.sharing:export",
    "plan": "meetkit.cli.sharing:plan",
    "members": "meetkit.cli.members:members",
    "member": "meetkit.cli.members:member",
}
HELP = {
    "init": "Create a workspace (--demo fills a fictional branch).",
    "types": "List the meeting types and the documents each produces.",
    "plugins": "List the loaded plugins, where each comes from and its hooks.",
    "prepare": "Prepare a meeting: store it and write its Word documents.",
    "update": "Change a meeting's details and re-render its documents.",
    "list": "List the meetings, by date.",
    "show": "Show one meeting.",
    "new-plugin": "Write a working plugin for a local meeting format.",
    "check-template": "Check a Word template for broken tags and unknown variables.",
    "serve": "Serve QR sign-in, the projector code and the admin dashboard.",
    "signin": "Sign a member (or --guest) in to a meeting by hand.",
    "signin-code": "The printed sign-in code: `reissue ID` replaces a leaked one.",
    "leave": "Record a member's leave (sick, personal, official) for a meeting.",
    "attendance": "Who came, late, on leave or absent, and the quorum.",
    "minutes": "Rewrite the minutes, sign-in sheet and records with the real attendance.",
    "action": "Add an action item, mark it done, or change its owner or deadline.",
    "actions": "List action items (--open, --overdue, --all); `actions import ID` reads Word.",
    "ledger": "The yearly ledger (台账): meetings held, gaps, attendance, open actions.",
    "opinions": "Collect opinions for a life meeting: open|close the page, add, list.",
    "problem": "Put a problem on a life meeting's rectification list.",
    "talk": "Record a heart-to-heart talk for a life meeting.",
    "talks": "The talks held for a life meeting and those still missing.",
    "report": "Write a life meeting's report to the higher-level committee.",
    "share": "A meeting's notice as a picture (notice.png) or invitation (--ics).",
    "export": "A meeting's documents as PDF (--pdf) or its attendance as Excel (--xlsx).",
    "plan": "The year's plan of meetings (plan-YEAR.docx, .ics); --prepare them all.",
    "members": "The roster as meetkit reads it: ids, labels, statuses; problems on stderr.",
    "member": "One member's history: meetings, attendance rate, actions.",
}


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
        # Describe commands without importing them.
        rows = [(name, HELP.get(name, "")) for name in self.list_commands(ctx)]
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
