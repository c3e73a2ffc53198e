"""meetkit action add|done|update, meetkit actions [import], meetkit ledger."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .. import clock
from ..i18n import N_, _
from . import HELP, LocalGroup
from .output import echo_json, echo_table

if TYPE_CHECKING:
    from pathlib import Path

    from ..model.action import Action
    from ..workspace import Workspace
    from . import Context

# An action's status and kind in words.
STATUS = {"open": N_("open"), "done": N_("done"), "overdue": N_("overdue")}
KIND = {"task": N_("task"), "rectification": N_("rectification")}


def _line(a: Action) -> str:
    if a.due:
        text = _("#{id} {text} ({owner}, due {due}; {status})")
    else:
        text = _("#{id} {text} ({owner}; {status})")
    return text.format(
        id=a.id,
        text=a.text,
        owner=a.owner,
        due=a.due.isoformat() if a.due else "",
        status=_(STATUS[a.status]),
    )


@click.group(cls=LocalGroup, help=HELP["action"])
def action() -> None:
    pass  # the subcommands do the work


@action.command(
    "add", help=N_("Add an action decided at meeting ID: TEXT, with an owner and a deadline.")
)
@click.argument("meeting_id", metavar="ID")
@click.argument("text")
@click.option(
    "--owner", help=N_("Who is responsible: a member's name (several: joined with 、 or commas).")
)
@click.option(
    "--member",
    "member_id",
    metavar="ID",
    help=N_("The owner by member id (see `meetkit members`), when two members share the name."),
)
@click.option("--due", required=True, help=N_("Deadline, e.g. 2026-12-31 or 2026年12月31日."))
@click.option(
    "--kind",
    type=click.Choice(["task", "rectification"]),
    default="task",
    show_default=True,
    help=N_("A decided task, or a rectification item of a life meeting."),
)
@click.option("--measures", default="", help=N_("Rectification measures (整改措施)."))
@click.pass_obj
def add(
    obj: Context,
    meeting_id: str,
    text: str,
    owner: str | None,
    member_id: str | None,
    due: str,
    kind: str,
    measures: str,
) -> None:
    from ..errors import MeetkitError
    from ..followup import actions
    from ..i18n import _

    if member_id:
        from ..members import by_id
        from ..model.member import shown

        owner = shown(by_id(obj.workspace.members, member_id))
    elif not owner:
        raise MeetkitError(_("--owner NAME or --member ID is required"))
    ws = obj.workspace
    a = actions.add(ws, meeting_id, text, owner, due, kind, measures)
    click.echo(_("Added {action} to {meeting}").format(action=_line(a), meeting=a.meeting_id))
    # The meeting's own list shows what it decided at once; its minutes with `meetkit minutes`.
    from ..followup.documents import refresh_list

    for w in refresh_list(ws, ws.meeting(a.meeting_id), kind):
        click.echo(_("Wrote {file}").format(file=w.path.relative_to(ws.root)))


@action.command("done", help=N_("Mark action ACTION_ID done."))
@click.argument("action_id", metavar="ACTION_ID")
@click.option("--note", help=N_("How it was done (shown in the status column)."))
@click.option(
    "--by", help=N_("Who confirmed it done (a rectification item's 销号; default: the secretary).")
)
@click.pass_obj
def done(obj: Context, action_id: str, note: str | None, by: str | None) -> None:
    from ..followup import actions

    ws = obj.workspace
    a, changed = actions.done(ws, action_id, note, by)
    click.echo(
        (_("Done: {action}") if changed else _("Already done: {action}")).format(action=_line(a))
    )
    confirmed = ws.store.confirmations([a.id]).get(a.id)
    if changed and confirmed:
        click.echo(
            _("Confirmed by {name} at {time}").format(
                name=confirmed[0], time=f"{confirmed[1]:%Y-%m-%d %H:%M}"
            )
        )
    if changed and a.kind == "rectification":
        from ..life.meeting import refresh

        for w in refresh(ws, ws.meeting(a.meeting_id), "rectification"):
            click.echo(_("Wrote {file}").format(file=w.path.relative_to(ws.root)))


@action.command("update", help=N_("Change action ACTION_ID's deadline, owner, note or wording."))
@click.argument("action_id", metavar="ACTION_ID")
@click.option("--due", help=N_("New deadline."))
@click.option("--owner", help=N_("New owner."))
@click.option("--note", help=N_("A note on progress (shown in the status column)."))
@click.option("--text", help=N_("New wording of the action."))
@click.option("--measures", help=N_("New rectification measures."))
@click.option("--reopen", is_flag=True, help=N_("Mark a done action open again."))
@click.pass_obj
def update(
    obj: Context,
    action_id: str,
    due: str | None,
    owner: str | None,
    note: str | None,
    text: str | None,
    measures: str | None,
    reopen: bool,
) -> None:
    from ..followup import actions

    a = actions.update(
        obj.workspace,
        action_id,
        due=due,
        owner=owner,
        note=note,
        text=text,
        measures=measures,
        reopen=reopen,
    )
    click.echo(_("Updated {action}").format(action=_line(a)))


@click.group("actions", cls=LocalGroup, invoke_without_command=True, help=HELP["actions"])
@click.option(
    "--open", "which", flag_value="open", default=True, help=N_("Open actions (the default).")
)
@click.option(
    "--overdue", "which", flag_value="overdue", help=N_("Open actions past their deadline.")
)
@click.option("--all", "which", flag_value="all", help=N_("Every action, done ones too."))
@click.option("--owner", help=N_("Only this member's actions."))
@click.option("--meeting", "meeting_id", help=N_("Only actions decided at this meeting."))
@click.option("--kind", type=click.Choice(["task", "rectification"]), help=N_("Only this kind."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_context
def actions_group(
    ctx: click.Context,
    which: str,
    owner: str | None,
    meeting_id: str | None,
    kind: str | None,
    as_json: bool,
) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from ..followup import actions

    ws = ctx.obj.workspace
    today = clock.today()
    found = actions.listing(ws, which, owner=owner, meeting_id=meeting_id, kind=kind, today=today)
    if as_json:
        echo_json([a.as_dict(today) for a in found])
        return
    if not found:
        click.echo(
            {
                "open": _("No open actions."),
                "overdue": _("No overdue actions."),
                "all": _(
                    "No actions yet: `meetkit action add ID TEXT --owner NAME --due "
                    "DATE`, or `meetkit actions import ID` after filling in "
                    "actions.docx."
                ),
            }[which]
        )
        return
    kinds = any(a.kind != "task" for a in found)  # show the kind only when lists are mixed
    echo_table(
        [_("id"), _("meeting")]
        + ([_("kind")] if kinds else [])
        + [_("text"), _("owner"), _("due"), _("status")],
        [
            [a.id, a.meeting_id]
            + ([_(KIND.get(a.kind, a.kind))] if kinds else [])
            + [
                a.text,
                a.owner,
                a.due.isoformat() if a.due else "",
                _(STATUS["overdue" if a.overdue(today) else a.status]),
            ]
            for a in found
        ],
    )


@actions_group.command(
    "import",
    help=N_(
        "Read meeting ID's filled-in action list (FILE, default: actions.docx, and "
        "rectification.docx for a life meeting, in its folder) back into meetkit."
    ),
)
@click.argument("meeting_id", metavar="ID")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.pass_obj
def import_(obj: Context, meeting_id: str, file: str | None) -> None:
    from pathlib import Path

    from ..followup import actions

    ws = obj.workspace
    meeting = ws.meeting(meeting_id)
    files = [Path(file)] if file else actions.default_import_files(ws, meeting)
    for path in files:
        report = actions.import_document(ws, meeting.id, path)
        shown = path if not path.is_absolute() else _short(ws, path)
        click.echo(
            _(
                "{file}: {new} new, {updated} updated, {unchanged} unchanged, {skipped} skipped"
            ).format(
                file=shown,
                new=len(report.added),
                updated=len(report.updated),
                unchanged=report.unchanged,
                skipped=len(report.skipped),
            )
        )
        lines = [
            (n, _("  row {row}: new {action}").format(row=n, action=_line(a)), False)
            for n, a in report.added
        ]
        lines += [
            (
                n,
                _("  row {row}: updated {fields}: {action}").format(
                    row=n, fields=", ".join(fields), action=_line(a)
                ),
                False,
            )
            for n, a, fields in report.updated
        ]
        lines += [
            (n, _("  note: {remark}").format(remark=remark), True) for n, remark in report.notes
        ]
        lines += [
            (n, _("  skipped {reason}").format(reason=reason), True) for n, reason in report.skipped
        ]
        for _n, text, err in sorted(lines, key=lambda x: x[0]):
            click.echo(text, err=err)


def _short(ws: Workspace, path: Path) -> Path:
    try:
        return path.relative_to(ws.root)
    except ValueError:
        return path


def _returned(ws: Workspace, year: int) -> None:
    """The committee's opinions on ``year`` not yet answered by a new bundle (issue 23)."""
    from ..bundle.opinions import open_opinions

    for item in open_opinions(ws, year):
        click.echo(
            "\n"
            + _("Returned by {committee} on {period} ({date}): {opinion}").format(
                committee=item["committee"],
                period=item["period"],
                date=item["created"][:10],
                opinion=item["opinion"],
            )
        )


@click.command(help=HELP["ledger"])
@click.option("--year", type=int, help=N_("The year (default: this year)."))
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    help=N_("Where to write the Word ledger (default: ledger-YEAR.docx in the workspace)."),
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help=N_("Print JSON instead of tables (writes the Word file only with --out)."),
)
@click.option(
    "--xlsx",
    "xlsx",
    is_flag=True,
    help=N_(
        "Also write ledger-YEAR.xlsx: a member x "
        "meeting matrix, rates, gaps and actions (with --out: next to it)."
    ),
)
@click.option(
    "--lang", type=click.Choice(["zh-CN", "en"]), help=N_("Language (default: meetkit.toml).")
)
@click.pass_obj
def ledger(
    obj: Context,
    year: int | None,
    out: str | None,
    as_json: bool,
    xlsx: bool,
    lang: str | None,
) -> None:
    from pathlib import Path

    from ..files import check_out_folder
    from ..reports import ledger as numbers
    from ..reports import ledger_report as report

    ws = obj.workspace
    today = clock.today()
    year = year or today.year
    if not 1900 < year < 3000:
        raise click.BadParameter(_("{year} is not a year").format(year=year), param_hint="--year")
    path = None
    if out or not as_json:
        path = Path(out) if out else ws.root / f"ledger-{year}.docx"
        check_out_folder(path.parent, "--out")
    result = numbers.build(ws, year, lang=lang, today=today)
    if path is not None:
        report.write_docx(ws, result, path)
    book = None
    if xlsx:
        from ..reports.spreadsheet import write_ledger

        book = path.with_suffix(".xlsx") if path is not None else ws.root / f"ledger-{year}.xlsx"
        write_ledger(ws, result, book)
    if as_json:
        echo_json(report.as_dict(result, ws.plugins.types))
        return
    assert path is not None  # set above whenever the output is not JSON
    for line in report.terminal_lines(result, ws.plugins.types):
        if isinstance(line, tuple):
            echo_table(*line)
        else:
            click.echo(line)
    _returned(ws, year)
    click.echo("\n" + _("Wrote {file}").format(file=_short(ws, path.resolve())))
    if book is not None:
        click.echo(_("Wrote {file}").format(file=_short(ws, book.resolve())))
