"""meetkit share, export, plan: a notice picture and calendar invitations to send, PDF and
Excel to print or hand in, and the year's plan of meetings."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import click

from ..i18n import N_, _, get_language
from . import HELP

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from contextlib import AbstractContextManager

    from ..model.meeting import Meeting
    from ..workspace import Workspace
    from . import Context

_T = TypeVar("_T")


def _out_folder(ws: Workspace, meeting: Meeting, out: str | None) -> Path:
    from ..files import check_out_folder

    if out:
        return check_out_folder(Path(out), "--out")
    return ws.meeting_folder(meeting)


def _shown(ws: Workspace, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ws.root))
    except ValueError:
        return str(path)


def _progress(
    items: Sequence[_T], label: str, show: bool | None
) -> AbstractContextManager[Iterable[_T]]:
    """click's progress bar on a terminal; nothing when output is piped."""
    if show is None:
        show = sys.stdout.isatty()
    if not show:
        return _Quiet(items)
    return click.progressbar(items, label=label, show_pos=True)


class _Quiet:
    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items

    def __enter__(self) -> Iterable[Any]:
        return self.items

    def __exit__(self, *exc: object) -> Literal[False]:
        return False


@click.command(help=HELP["share"])
@click.argument("meeting_id", metavar="ID")
@click.option(
    "--ics",
    "as_ics",
    is_flag=True,
    help=N_("Write meeting.ics, a calendar invitation, instead of notice.png."),
)
@click.option(
    "--bring",
    help=N_(
        "What members should bring (default: a notebook and pen; for a "
        "life meeting, the self-inspection)."
    ),
)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help=N_("Folder to write into (default: the meeting's folder); it must exist."),
)
@click.pass_obj
def share(obj: Context, meeting_id: str, as_ics: bool, bring: str | None, out: str | None) -> None:
    ws = obj.workspace
    meeting = ws.meeting(meeting_id)
    folder = _out_folder(ws, meeting, out)
    if as_ics:
        from ..reports.ics import write_meeting

        path = write_meeting(ws, meeting, folder / "meeting.ics")
    else:
        from ..documents.notice_image import write_notice

        path = write_notice(ws, meeting, folder / "notice.png", bring=bring)
    click.echo(_("Wrote {path}").format(path=_shown(ws, path)))


@click.command(help=HELP["export"])
@click.argument("meeting_ids", metavar="ID...", nargs=-1, required=True)
@click.option(
    "--pdf",
    "as_pdf",
    is_flag=True,
    help=N_(
        "Convert the documents with LibreOffice: "
        "one PDF each and print.pdf with all of them in print order."
    ),
)
@click.option(
    "--xlsx",
    "as_xlsx",
    is_flag=True,
    help=N_("Write attendance.xlsx: name, status, time, leave kind and reason."),
)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help=N_("Folder to write into (default: each meeting's folder); it must exist."),
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help=N_("A progress bar (default: on a terminal only)."),
)
@click.pass_obj
def export(
    obj: Context,
    meeting_ids: tuple[str, ...],
    as_pdf: bool,
    as_xlsx: bool,
    out: str | None,
    progress: bool | None,
) -> None:
    if not (as_pdf or as_xlsx):
        raise click.UsageError(_("say what to export: --pdf and/or --xlsx"))
    if out and len(meeting_ids) > 1:
        raise click.UsageError(
            _("--out takes one meeting; without it each meeting's files go to its own folder")
        )
    ws = obj.workspace
    meetings = [ws.meeting(i) for i in meeting_ids]  # every id checked before writing anything
    folders = [_out_folder(ws, m, out) for m in meetings]
    pdfs: list[list[Path]] = [[] for _m in meetings]
    if as_pdf:
        from ..reports.pdf import export_many, find_soffice

        find_soffice()  # one line before any work when LibreOffice is missing
        # Every meeting's documents in one LibreOffice run (its start-up is most of the cost).
        pdfs = export_many(ws, list(zip(meetings, folders)))
    written = []
    with _progress(list(zip(pdfs, meetings, folders)), _("Exporting"), progress) as items:
        for meeting_pdfs, meeting, folder in items:
            written += meeting_pdfs
            if as_xlsx:
                from ..reports.spreadsheet import write_attendance

                written.append(write_attendance(ws, meeting, folder / "attendance.xlsx"))
    for path in written:
        click.echo(_("Wrote {path}").format(path=_shown(ws, path)))


@click.command(help=HELP["plan"])
@click.argument("year", type=int)
@click.option(
    "--prepare",
    "do_prepare",
    is_flag=True,
    help=N_("Also prepare every planned meeting (those already prepared are skipped)."),
)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help=N_("Folder for plan-YEAR.docx and plan-YEAR.ics (default: the workspace); it must exist."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print the plan as JSON."))
@click.option(
    "--progress/--no-progress",
    default=None,
    help=N_("A progress bar with --prepare (default: on a terminal only)."),
)
@click.pass_obj
def plan(
    obj: Context,
    year: int,
    do_prepare: bool,
    out: str | None,
    as_json: bool,
    progress: bool | None,
) -> None:
    from ..files import check_out_folder
    from ..reports import plan as plan_mod
    from .output import echo_json, echo_table

    if not 1900 < year < 3000:
        raise click.BadParameter(_("{year} is not a year").format(year=year), param_hint="YEAR")
    ws = obj.workspace
    folder = check_out_folder(Path(out), "--out") if out else ws.root
    planned = plan_mod.propose(ws, year)
    made: list[str] = []  # the meeting ids prepared
    skipped: list[str] = []  # and those prepared before
    if do_prepare:
        with _progress(planned, _("Preparing {year}").format(year=year), progress) as items:
            made, skipped = plan_mod.prepare_all(ws, items)
    paths = plan_mod.write(ws, year, folder, planned)
    if as_json:
        echo_json(
            [
                {
                    "type": p.type,
                    "date": p.date.isoformat(),
                    "time": p.time,
                    "group": p.group or None,
                    "lecturer": p.lecturer or None,
                    "prepared": p.prepared or None,
                }
                for p in planned
            ]
        )
        return
    echo_table(
        [_("date"), _("time"), _("type"), _("group"), _("lecturer"), _("prepared")],
        [[p.date.isoformat(), p.time, p.name, p.group, p.lecturer, p.prepared] for p in planned],
    )
    for path in paths:
        click.echo(_("Wrote {path}").format(path=_shown(ws, path)))
    note = plan_mod.provisional_note(year, get_language())
    if note:
        click.echo(note, err=True)
    if do_prepare:
        click.echo(
            _("Prepared {made} meetings; {skipped} were already prepared.").format(
                made=len(made), skipped=len(skipped)
            )
        )
