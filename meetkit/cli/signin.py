"""meetkit serve, signin, leave, attendance, minutes."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from .. import clock
from ..i18n import N_, _, get_language
from . import HELP, LocalGroup, member_option
from .output import echo_json, echo_table, echo_written

if TYPE_CHECKING:
    import datetime as dt

    from ..model.meeting import Meeting
    from ..workspace import Workspace
    from . import Context


def _at(meeting: Meeting, value: str | None) -> dt.datetime | None:
    """--at HH:MM on the meeting's day, or None for now."""
    if value is None:
        return None
    from ..model.meeting import time_on_meeting_day

    return time_on_meeting_day(meeting, value, "--at")


def _needs_time(
    ws: Workspace, meeting: Meeting, name: str | None, member_id: str | None, guest: bool
) -> bool:
    """Whether signing ``name`` in needs a time: not for a guest, a cancelled meeting, a name
    not expected or a member already signed in (those answers come first, as on the day)."""
    from ..attendance import rules as attendance
    from ..errors import MeetkitError

    attendance.refuse_if_cancelled(meeting)
    if guest:  # a guest is never late: their time is only noted
        return False
    try:
        found = attendance.expected_member(ws, meeting, name or "", member=member_id)
    except MeetkitError:  # not expected, or a shared name: sign_in says so (and logs it)
        return False
    return found.id not in {s.name for s in ws.store.signins(meeting.id)}


@click.command(help=HELP["serve"])
@click.option(
    "--host",
    default="0.0.0.0",
    show_default=True,
    help=N_("Address to listen on (0.0.0.0: every network of this computer)."),
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    help=N_("Port (default: [signin] port in meetkit.toml, 8750)."),
)
@click.option(
    "--public-url",
    help=N_(
        "The address phones reach this computer at, put in the QR "
        "codes (default: [signin] public_url, else this computer's LAN address)."
    ),
)
@click.option(
    "--admin-token",
    envvar="MEETKIT_ADMIN_TOKEN",
    help=N_("Admin token (default: a new random one each start). Env: MEETKIT_ADMIN_TOKEN."),
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=8,
    show_default=True,
    help=N_("Worker threads."),
)
@click.option(
    "--behind-proxy",
    is_flag=True,
    help=N_(
        "Trust X-Forwarded-For/-Proto from one "
        "reverse proxy in front (each phone's own address, not the proxy's)."
    ),
)
@click.pass_obj
def serve(
    obj: Context,
    host: str,
    port: int | None,
    public_url: str | None,
    admin_token: str | None,
    threads: int,
    behind_proxy: bool,
) -> None:
    from ..web.server import serve as run_server

    run_server(
        obj.workspace,
        host=host,
        port=port,
        public_url=public_url,
        admin_token=admin_token,
        threads=threads,
        behind_proxy=behind_proxy,
    )


@click.group("signin-code", cls=LocalGroup, help=HELP["signin-code"])
def signin_code() -> None:
    pass


@signin_code.command(
    "reissue",
    help=N_(
        "Replace meeting ID's printed code (the old one is "
        "refused from now on) and write signin.docx and qr.png "
        "again."
    ),
)
@click.argument("meeting_id", metavar="ID")
@click.pass_obj
def reissue(obj: Context, meeting_id: str) -> None:
    from ..attendance import rules as attendance
    from ..attendance.tokens import compact_code, public_url, short_code, short_url
    from ..documents.pack import render_pack
    from ..i18n import _

    ws = obj.workspace
    meeting = ws.meeting(meeting_id)
    generation = ws.store.reissue_printed(meeting.id, attendance.now())
    extra: dict[str, Any] = {}
    if ws.store.signins(meeting.id) or ws.store.leaves(meeting.id):
        # Reissued after sign-in began: the sheet keeps the attendance so far.
        summary = attendance.load(ws, meeting, meeting.lang)
        extra = {
            "attendance": attendance.minutes_attendance(summary, meeting.lang),
            "statuses": attendance.statuses(summary, meeting.lang),
        }
    written = render_pack(ws, meeting, only=("signin", "qr"), **extra)
    click.echo(
        _("New printed code for {id}; the old one is refused from now on.").format(id=meeting.id)
    )
    code = compact_code(ws.secret, meeting.id, generation)
    click.echo(
        "  "
        + _("QR address: {url}   short code: {code}").format(
            url=short_url(public_url(ws.config), code),
            code=short_code(ws.secret, meeting.id, generation),
        )
    )
    for w in written:
        note = "  " + _("(you edited {kept}: kept it)").format(kept=w.kept.name) if w.kept else ""
        click.echo(f"  {w.path.name}{note}")


def _who(name: str | None, member_id: str | None) -> str:
    from ..errors import MeetkitError
    from ..i18n import _

    if not name and not member_id:
        raise MeetkitError(_("give a NAME or --member ID"))
    return name or ""


@click.command(help=HELP["signin"])
@click.argument("meeting_id", metavar="ID")
@click.argument("name", required=False)
@member_option
@click.option("--at", "at_", metavar="HH:MM", help=N_("Time signed in (default: now)."))
@click.option(
    "--guest", is_flag=True, help=N_("NAME is not a member of this meeting but sits in (列席).")
)
@click.option("--note", default="", help=N_("With --guest: their unit or title."))
@click.pass_obj
def signin(
    obj: Context,
    meeting_id: str,
    name: str | None,
    member_id: str | None,
    at_: str | None,
    guest: bool,
    note: str,
) -> None:
    from ..attendance import rules as attendance

    ws = obj.workspace
    meeting = ws.meeting(meeting_id)
    name = _who(name, member_id)
    if (
        at_ is None
        and meeting.date != clock.today()
        and _needs_time(ws, meeting, name, member_id, guest)
    ):
        # Now is no time on another day's meeting: ask on a terminal, else refuse.
        if not sys.stdin.isatty():
            raise click.UsageError(
                _("{id} is on {date}, not today: give the time signed in with --at HH:MM").format(
                    id=meeting.id, date=meeting.date.isoformat()
                )
            )
        at_ = click.prompt(_("Time signed in (HH:MM)"), default=meeting.time)
    at = _at(meeting, at_)
    if guest:
        result = attendance.add_guest(
            ws, meeting, name, note, at=at, method="cli", respect_closed=False
        )
    else:
        result = attendance.sign_in(
            ws, meeting, name, at=at, method="cli", respect_closed=False, member=member_id
        )
    if result.status == "already":
        click.echo(
            _("{name} already signed in at {time} (nothing changed)").format(
                name=result.name, time=result.time
            )
        )
    elif result.status == "guest":
        click.echo(
            _("{name} sits in (guest) from {time}").format(name=result.name, time=result.time)
        )
    else:
        click.echo(
            _("{name} signed in at {time} ({status})").format(
                name=result.name,
                time=result.time,
                status=attendance.label(result.status, get_language()),
            )
        )


@click.command(help=HELP["leave"])
@click.argument("meeting_id", metavar="ID")
@click.argument("name", required=False)
@member_option
@click.option("--reason", required=True, help=N_("Why, in a few words."))
@click.option(
    "--kind",
    type=click.Choice(["sick", "personal", "official"]),
    default="personal",
    show_default=True,
    help=N_("Sick, personal or official leave (病假/事假/公假)."),
)
@click.pass_obj
def leave(
    obj: Context,
    meeting_id: str,
    name: str | None,
    member_id: str | None,
    reason: str,
    kind: str,
) -> None:
    from ..attendance import rules as attendance

    ws = obj.workspace
    meeting = ws.meeting(meeting_id)
    row = attendance.record_leave(
        ws, meeting, _who(name, member_id), kind=kind, reason=reason, method="cli", member=member_id
    )
    click.echo(
        _("{name}: {kind} recorded ({reason})").format(
            name=row.name, kind=attendance.label(row.kind, get_language()), reason=row.reason
        )
    )


@click.command("attendance", help=HELP["attendance"])
@click.argument("meeting_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_obj
def attendance_cmd(obj: Context, meeting_id: str, as_json: bool) -> None:
    from ..attendance import rules as attendance

    ws = obj.workspace
    meeting = ws.meeting(meeting_id)
    if as_json:
        echo_json(attendance.load(ws, meeting))
        return
    lang = get_language()
    summary = attendance.load(ws, meeting, lang)
    status = attendance.statuses(summary, lang)
    shown = {i: s["name"] for i, s in zip(summary["signin_ids"], summary["signins"])}
    shown.update(zip(summary["leave_ids"], [lv["name"] for lv in summary["leave"]]))
    shown.update(zip(summary["absent_ids"], summary["absent"]))
    shown.update((a["member"], a["name"]) for a in summary["away"])
    rows = [
        [shown[i], *status[i]]
        for i in summary["present_ids"]
        + summary["late_ids"]
        + summary["leave_ids"]
        + summary["absent_ids"]
        + [a["member"] for a in summary["away"]]
    ]
    rows += [
        [name, attendance.label("guest", lang), summary["guest_notes"].get(name, "")]
        for name in summary["guests"]
    ]
    echo_table([_("name"), _("status"), _("time / reason")], rows)
    click.echo()
    click.echo(attendance.statement(summary, lang))
    if summary["closed_at"]:
        click.echo(_("Sign-in closed at {time}.").format(time=summary["closed_at"][11:16]))


@click.command(help=HELP["minutes"])
@click.argument("meeting_id", metavar="ID")
@click.option(
    "--end",
    "end",
    metavar="HH:MM",
    help=N_(
        "When the meeting ended (default: when sign-in was closed; else left blank to write in)."
    ),
)
@click.pass_obj
def minutes(obj: Context, meeting_id: str, end: str | None) -> None:
    from ..attendance.rules import load, statement
    from ..documents.minutes import minutes_ending

    ws = obj.workspace
    meeting, written = minutes_ending(ws, meeting_id, end)
    folder = ws.meeting_folder(meeting)
    click.echo(
        _("Wrote {id} attendance into {folder}/:").format(
            id=meeting.id, folder=folder.relative_to(ws.root)
        )
    )
    echo_written(folder, written)
    click.echo(statement(load(ws, meeting), meeting.lang))
