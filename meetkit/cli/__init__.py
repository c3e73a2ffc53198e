"""The ``meetkit`` command. Subcommands are imported only when run, so ``meetkit --help`` and
``meetkit --version`` load click and nothing heavy (no docx, Flask or database).

It speaks the workspace's language (``[branch] lang``; outside a workspace the locale's), decided
before click parses or formats anything. Help texts are English msgids marked with ``N_`` and
translated as they are written out (``LocalFormatter``), so one process can answer in either.

Over 400 lines because ``HELP`` holds every command's help in one place (issue 12: help written
once); the command group and its language decision are the rest.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import click

from .. import __version__
from ..errors import MeetkitError
from ..i18n import N_, _, click_gettext, set_language, speak_for_click, terminal_language

if TYPE_CHECKING:
    from ..workspace import Workspace

# name -> "module:function", imported on first use (start-up stays lean). Each area keeps its
# commands in a module of its own: the core's here in meetkit/cli/, a feature's in its package
# (meetkit/decisions/cli.py, meetkit/life/cli.py …). A plugin adds its commands through
# meetkit_register_commands (see LazyGroup.plugin_commands).
COMMANDS = {
    "init": "meetkit.cli.workspace:init",
    "types": "meetkit.cli.catalog:types",
    "plugins": "meetkit.cli.catalog:plugins",
    "prepare": "meetkit.cli.meetings:prepare",
    "update": "meetkit.cli.meetings:update",
    "list": "meetkit.cli.meetings:list_meetings",
    "show": "meetkit.cli.meetings:show",
    "cancel": "meetkit.cli.meetings:cancel",
    "delete": "meetkit.cli.meetings:delete",
    "new-plugin": "meetkit.cli.develop:new_plugin",
    "check-template": "meetkit.cli.develop:check_template",
    "serve": "meetkit.cli.signin:serve",
    "console": "meetkit.cli.console:console",
    "signin": "meetkit.cli.signin:signin",
    "signin-code": "meetkit.cli.signin:signin_code",
    "leave": "meetkit.cli.signin:leave",
    "attendance": "meetkit.cli.signin:attendance_cmd",
    "minutes": "meetkit.cli.signin:minutes",
    "action": "meetkit.cli.followup:action",
    "actions": "meetkit.cli.followup:actions_group",
    "ledger": "meetkit.cli.followup:ledger",
    "opinions": "meetkit.life.cli:opinions",
    "problem": "meetkit.life.cli:problem",
    "talk": "meetkit.life.cli:talk",
    "talks": "meetkit.life.cli:talks",
    "report": "meetkit.life.cli:report",
    "share": "meetkit.cli.sharing:share",
    "export": "meetkit.cli.sharing:export",
    "attach": "meetkit.attachments.cli:attach",
    "plan": "meetkit.cli.sharing:plan",
    "members": "meetkit.cli.members:members",
    "member": "meetkit.cli.members:member",
    "vote": "meetkit.decisions.cli:vote",
    "votes": "meetkit.decisions.cli:votes",
    "ballot": "meetkit.decisions.cli:ballot",
    "appraisal": "meetkit.decisions.cli:appraisal",
    "bundle": "meetkit.bundle.cli:bundle",
    "key": "meetkit.bundle.cli:key",
    "receive": "meetkit.bundle.cli:receive",
    "committee": "meetkit.committee.cli:committee",
    "development": "meetkit.development.cli:development",
}
# Each command's help: the one source for `meetkit --help`'s list (its first paragraph, read
# without importing the command) and for `meetkit COMMAND --help` (the command passes
# help=HELP[name]).
HELP = {
    "init": N_(
        "Create a workspace in DIRECTORY (default: here); --demo fills a fictional "
        "branch.\n\nNever overwrites a workspace."
    ),
    "types": N_(
        "List the meeting types and the documents each produces.\n\nWith their aliases, "
        "who attends, quorum and frequency."
    ),
    "plugins": N_(
        "List the loaded plugins, where each comes from and its hooks.\n\nWith each "
        "plugin's version and status."
    ),
    "prepare": N_(
        "Prepare a meeting: store it and write its Word documents.\n\nTYPE is a "
        "meeting type's key or name (see `meetkit types`): lesson, 党课, 支委会 …"
    ),
    "update": N_(
        "Change a meeting's details and re-render its documents.\n\nYour edits to "
        "meeting ID's documents are kept."
    ),
    "list": N_("List the meetings, by date.\n\nTies in the order prepared."),
    "cancel": N_("Call a meeting off: kept, stamped as cancelled, no sign-in."),
    "delete": N_("Delete a meeting prepared by mistake (folder and records)."),
    "show": N_("Show one meeting.\n\nMeeting ID's details, who is expected, its documents."),
    "new-plugin": N_(
        "Write a working plugin for a local meeting format.\n\nMeeting type NAME "
        "with its agenda and a record form (NAME-record.docx, zh-CN and en). "
        "`meetkit types` shows it at once and `meetkit prepare NAME` prepares a "
        "meeting of it."
    ),
    "check-template": N_(
        "Check a Word template for broken tags and unknown variables.\n\n"
        "Before a meeting trips over it: broken tags (with the text around "
        "them), variables neither docs/templates.md nor a plugin provides, and "
        "what goes wrong when a sample meeting is rendered with it."
    ),
    "serve": N_("Serve QR sign-in, the projector code and the admin dashboard."),
    "console": N_(
        "The secretary's console in the browser: every task without a terminal.\n\n"
        "Serves the console on 127.0.0.1 only (unless --host) and opens the browser "
        "already signed in; the address it prints opens it too. `meetkit serve` serves "
        "the same console to the admin beside the phone pages."
    ),
    "signin": N_(
        "Sign a member (or --guest) in to a meeting by hand.\n\nSign NAME in to "
        "meeting ID, e.g. from the paper sheet."
    ),
    "signin-code": N_("The printed sign-in code: `reissue ID` replaces a leaked one."),
    "leave": N_(
        "Record a member's leave (sick, personal, official) for a meeting.\n\nNAME is "
        "excused from meeting ID."
    ),
    "attendance": N_("Who came, late, on leave or absent, and the quorum."),
    "minutes": N_("Rewrite the minutes, sign-in sheet and records with the real attendance."),
    "action": N_("Add an action item, mark it done, or change its owner or deadline."),
    "actions": N_(
        "List action items (--open, --overdue, --all); `actions import ID` reads "
        "Word.\n\nOpen ones by default; `meetkit actions import ID` reads a filled-in "
        "action list back from Word."
    ),
    "ledger": N_(
        "The yearly ledger (台账): meetings held, gaps, attendance, open actions.\n\n"
        "Meetings held against the required frequency, the gaps, the secretary's "
        "lesson, the life meeting and appraisal, attendance, and open actions."
    ),
    "share": N_(
        "A meeting's notice as a picture (notice.png) or invitation (--ics).\n\nWrites "
        "notice.png (the notice as a picture for the group chat, 1080 px wide, no "
        "sign-in code) or, with --ics, meeting.ics (a calendar invitation with "
        "reminders)."
    ),
    "attach": N_(
        "Keep photos, slides or a signed scan with meeting ID.\n\nCopies FILE... "
        "into meetings/ID/attachments/: the minutes list them, export --pdf adds the photos "
        "to print.pdf, the ledger counts them. Without FILE: list what is there."
    ),
    "export": N_(
        "A meeting's documents as PDF (--pdf) or its attendance as Excel (--xlsx).\n\n"
        "Exports meetings ID...: --pdf (LibreOffice) and/or --xlsx (attendance)."
    ),
    "plan": N_(
        "The year's plan of meetings (plan-YEAR.docx, .ics); --prepare them all.\n\n"
        "From each type's frequency and [plan] in meetkit.toml (年度计划): writes "
        "plan-YEAR.docx and plan-YEAR.ics; --prepare prepares the meetings."
    ),
    "members": N_(
        "The roster as meetkit reads it: ids, labels, statuses; problems on stderr."
        "\n\nEach member's id, the label that tells two of the same name apart, "
        "status, group and role; every problem goes to stderr (exit status 1)."
    ),
    "member": N_(
        "One member's history: meetings, attendance rate, actions.\n\nThe meetings "
        "NAME (or --member ID) was expected at, with the status at each."
    ),
    "opinions": N_("Collect opinions for a life meeting: open|close the page, add, list."),
    "problem": N_("Put a problem on a life meeting's rectification list."),
    "talk": N_("Record a heart-to-heart talk for a life meeting."),
    "talks": N_("The talks held for a life meeting and those still missing."),
    "report": N_("Write a life meeting's report to the higher-level committee."),
    "vote": N_("Record a vote item's tally (for/against/abstain); passed by the statute's rule."),
    "votes": N_('A meeting\'s vote items: tallies, the "for" needed, passed or not.'),
    "ballot": N_("Open or close a secret ballot on a vote item, cast on the phones."),
    "appraisal": N_("The democratic appraisal of members: open, close, add, grade, show."),
    "bundle": N_(
        "A signed report bundle of a year or quarter for the higher-level committee.\n\n"
        "Writes <branch>-<period>.meetkit-bundle: the meetings as the committee inspects "
        "them, a manifest with the SHA-256 of every file, signed with the branch's key. "
        "No phone numbers, sign-in secret, devices, ballot voter lists or opinion texts."
    ),
    "key": N_(
        "Print the fingerprint of the branch's signing key.\n\nThe key is made on first "
        "use and kept in .meetkit/ (mode 0600); tell the committee its fingerprint."
    ),
    "receive": N_(
        "Take in an opinion the higher-level committee sent back.\n\nThe ledger "
        "shows it until a new bundle of its period is made."
    ),
    "committee": N_(
        "The higher-level committee: import branch bundles, roll-up, opinions back.\n\n"
        "init, add-branch, import, status, exempt, ledger, return, serve."
    ),
    "development": N_(
        "Developing new members: who is where, what is due, each step dated."
        "\n\n`meetkit development` lists everyone in the pipeline with the next step, its "
        "earliest date and deadline; `development NAME` shows one timeline; `development add` "
        "and `development step NAME STEP` record, checked against the rules."
    ),
}
# The option that picks one of two members with the same name, wherever a name is typed.
member_option = click.option(
    "--member",
    "member_id",
    metavar="ID",
    help=N_("The member by id (see `meetkit members`), when two members share the name."),
)


def first_paragraph(text: str) -> str:
    """A help text's first paragraph, on one line (the command list shows it)."""
    return " ".join(text.split("\n\n")[0].split())


def _translate_help(text: str) -> str:
    """An option's help as click writes it ("Help.  [default: x; required]"), translated: the
    help is meetkit's msgid (or click's own, given when meetkit's command line was imported,
    before the language was known: "Show the version and exit."); click has put the bracket's
    words in the language already."""
    head, sep, extra = text.partition("  [")
    if not head or (not sep and text.startswith("[") and text.endswith("]")):
        return text
    translated = _(head)
    if translated == head:
        translated = click_gettext(head)
    return f"{translated}{sep}{extra}"


class LocalFormatter(click.HelpFormatter):
    """click's formatter, translating each text it writes through meetkit's catalog."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        # click's "Usage:" with the separator the language uses ("用法：meetkit", "Usage: meetkit")
        if prefix is None:
            prefix = _("{usage} ").format(usage=click_gettext("Usage:"))
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        # click's headings come translated ("选项"); "：" is the language's colon.
        line = _("{heading}:").format(heading=heading)
        self.write(f"{'':>{self.current_indent}}{line}\n")

    def write_text(self, text: str) -> None:
        super().write_text(_(text))

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        super().write_dl(
            [(term, _translate_help(help) if help else help) for term, help in rows],
            col_max,
            col_spacing,
        )


class LocalContext(click.Context):
    formatter_class = LocalFormatter


def _localize(command: click.Command) -> click.Command:
    """Have ``command`` (and its subcommands) format help with ``LocalFormatter``."""
    command.context_class = LocalContext
    _forget_help_option(command)
    for sub in getattr(command, "commands", {}).values():
        _localize(sub)
    return command


def _forget_help_option(command: click.Command) -> None:
    """click (8.1.8+) makes a command's --help option once, its help text in the language of
    that moment, and keeps it: a process running meetkit twice in two languages (the tests, a
    script calling ``cli``) would show the first one's. Made afresh for each run instead."""
    if getattr(command, "_help_option", None) is not None:
        command._help_option = None


class LocalGroup(click.Group):
    """A group (``action``, ``actions``) listing its subcommands in the user's language: each
    one's translated help, first paragraph (click's own short help would cut the msgid)."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            text = cmd.short_help or cmd.help if cmd is not None else None
            if cmd is not None and not cmd.hidden:
                rows.append((name, first_paragraph(_(text)) if text else ""))
        if rows:
            with formatter.section(click_gettext("Commands")):
                formatter.write_dl(rows)


def _asks_version(args: list[str]) -> bool:
    """--version among the group's own options (before the subcommand)."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--version":
            return True
        elif arg in ("--workspace", "-w"):
            skip = True
        elif not arg.startswith("-"):
            return False  # the subcommand: what follows is its own
    return False


def _workspace_arg(args: list[str]) -> str | None:
    """--workspace/-w from the raw arguments, before click parses them."""
    for i, arg in enumerate(args):
        if arg in ("--workspace", "-w") and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--workspace="):
            return arg.split("=", 1)[1]
        if arg.startswith("-w") and len(arg) > 2:
            return arg[2:]
        if not arg.startswith("-"):
            break  # the subcommand: what follows is its own
    return None


class LazyGroup(click.Group):
    """A group whose subcommands load on first use (the pattern from click's docs)."""

    context_class = LocalContext

    _workspace_dir: str | None = None
    _added: dict | None = None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.plugin_commands()})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return self.plugin_commands().get(name)
        module, attr = target.split(":")
        return _localize(getattr(importlib.import_module(module), attr))

    def plugin_commands(self) -> dict:
        """The commands plugins add (``meetkit_register_commands``, datasette's
        register_commands). Looked for only when a third-party plugin exists (the workspace's
        plugins/*.py or an installed one), so that `meetkit --help` stays lean without them;
        a built-in command's name is never taken."""
        if self._added is None:
            self._added = {}
            from .plugincommands import added_commands

            self._added = added_commands(self._workspace_dir, taken=set(COMMANDS))
        return self._added

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Describe commands without importing them (a plugin's: its own help).
        added = self.plugin_commands()
        rows = [
            (
                name,
                first_paragraph(_(HELP[name]))
                if name in HELP
                else added[name].get_short_help_str(limit=80)
                if name in added
                else "",
            )
            for name in self.list_commands(ctx)
        ]
        with formatter.section(click_gettext("Commands")):
            formatter.write_dl(rows)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        args = list(sys.argv[1:] if args is None else args)
        if _asks_version(args):
            # One string: answered before the language is decided (no workspace read, no
            # catalog loaded); the text is click's version_option's, which is not translated.
            click.echo(f"{prog_name or 'meetkit'}, version {__version__}")
            if standalone_mode:
                sys.exit(0)
            return 0
        # Before click parses or formats anything: --help is answered while parsing.
        self._workspace_dir = _workspace_arg(args)
        self._added = None  # looked for again in each run (a test runs many in one process)
        set_language(terminal_language(self._workspace_dir))
        speak_for_click()
        _forget_help_option(self)
        return super().main(
            args,
            prog_name,
            complete_var=complete_var,
            standalone_mode=standalone_mode,
            **extra,
        )

    def invoke(self, ctx: click.Context) -> Any:
        # click's own errors, "Aborted!" (Ctrl+C, the end of input at a prompt) and its help
        # speak the user's language through the click catalog (speak_for_click): they pass.
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Abort, click.exceptions.Exit):
            raise
        except MeetkitError as exc:
            raise click.ClickException(str(exc)) from None
        except Exception as exc:  # a full disk, a held lock, an unreachable store: one line
            from ..faults import describe

            line = describe(exc)
            if line is None:
                raise
            raise click.ClickException(line) from None


class Context:
    """What every command gets: the workspace, found on first use."""

    def __init__(self, workspace_dir: str | None) -> None:
        self.workspace_dir = workspace_dir
        self._workspace: Workspace | None = None

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            from ..workspace import find_workspace

            self._workspace = find_workspace(self.workspace_dir)
        return self._workspace


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_(
        "meetkit prepares a party branch's meeting paperwork as Word documents, "
        "signs members in by QR code, follows decisions up and keeps the yearly "
        "ledger.\n\nStart with `meetkit init --demo`, then `meetkit prepare "
        "lesson`."
    ),
)
@click.option(
    "--workspace",
    "-w",
    "workspace_dir",
    envvar="MEETKIT_WORKSPACE",
    type=click.Path(file_okay=False),
    help=N_(
        "Workspace folder (default: the nearest "
        "folder upward holding meetkit.toml). Env: MEETKIT_WORKSPACE."
    ),
)
@click.version_option(__version__, prog_name="meetkit")
@click.pass_context
def cli(ctx: click.Context, workspace_dir: str | None) -> None:
    ctx.obj = Context(workspace_dir)


# Commands whose work is bounded by one meeting: they run with the cyclic garbage collector
# off (see ``main``). Not `serve`, `plan --prepare`, `committee` …: long runs must collect.
# `export` too: the meetings named on its command line, whose PDFs LibreOffice makes (15 ms
# of CPU less on three lessons' export --pdf, median of 7).
ONE_MEETING = frozenset({"prepare", "update", "show", "minutes", "share", "export"})


def _subcommand(args: list[str]) -> str | None:
    """The subcommand named in the raw arguments (after the group's own options)."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in ("--workspace", "-w"):
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def main() -> None:
    if _subcommand(sys.argv[1:]) in ONE_MEETING:
        # The collector's passes over the hundred thousand objects SQLAlchemy, python-docx and
        # jinja2 leave behind cost a fresh `prepare` 54 ms of CPU (676 against 622 ms, median
        # of 10 runs) and find almost nothing: with it off the process peaks 0.5 MB higher
        # (67.8 against 67.3 MB). Reference counting still frees everything else at once.
        import gc

        gc.disable()
    try:
        cli(prog_name="meetkit")
    finally:
        _cheap_exit()


def _cheap_exit() -> None:
    """Spare the interpreter's teardown its garbage collections: 130-140 ms of CPU after a
    `prepare` (lxml, SQLAlchemy and jinja2 objects by the hundred thousand), bench/prepare.py.

    gc.freeze() moves every object alive now to the permanent generation, which no collection
    visits, so the collections run while modules are torn down find next to nothing to scan.
    Nothing is lost: every file meetkit writes is written and closed (files.atomic_write_bytes)
    and every database change committed before a command returns; atexit handlers and
    weakref.finalize callbacks (temporary folders) still run; the standard streams are still
    flushed; objects freed by reference counting are still finalized. What is skipped is only
    the final sweep for garbage cycles, whose memory the operating system takes back anyway.
    Not os._exit: that would skip atexit and the stream flush."""
    import gc

    gc.disable()
    gc.freeze()
