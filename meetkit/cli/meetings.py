"""meetkit prepare, update, list, show, cancel, delete."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..i18n import N_, _
from . import HELP
from .output import echo_json, echo_table, echo_written, width

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..documents.pack import Options, PackResult
    from ..model.meeting import Meeting
    from ..store.development import Person
    from ..workspace import Workspace
    from . import Context

_F = TypeVar("_F", bound="Callable[..., Any]")

LABELS = {
    "date": N_("date"),
    "time": N_("time"),
    "place": N_("place"),
    "topic": N_("topic"),
    "host": N_("host"),
    "recorder": N_("recorder"),
    "lecturer": N_("lecturer"),
    "group": N_("group"),
    "lang": N_("language"),
    "id": N_("id"),
    "type": N_("type"),
    "folder": N_("folder"),
    "expected": N_("expected"),
    "documents": N_("documents"),
    "end_time": N_("ends"),
    "cancelled": N_("cancelled"),
    "status": N_("status"),
}


def meeting_options(func: _F) -> _F:
    """The options prepare and update share."""
    options = [
        click.option(
            "--date",
            help=N_(
                "Date, YYYY-MM-DD (default: today, or tomorrow once today's start time has passed)."
            ),
        ),
        click.option("--time", "time_", help=N_("Start time, HH:MM (default: meetkit.toml).")),
        click.option("--place", help=N_("Place (default: meetkit.toml).")),
        click.option("--topic", help=N_("Topic (default: the type's agenda).")),
        click.option("--host", help=N_("Host, a member's name (default: the secretary).")),
        click.option("--recorder", help=N_("Recorder, a member's name (default: the organizer).")),
        click.option("--lecturer", help=N_("Lecturer of a party lesson (default: the secretary).")),
        click.option("--group", help=N_("Party group of a group meeting (default: the first).")),
        click.option("--lang", type=click.Choice(["zh-CN", "en"]), help=N_("Document language.")),
        click.option(
            "--item",
            "items",
            multiple=True,
            metavar="TEXT",
            help=N_("A discussion item for this meeting only (repeatable)."),
        ),
        click.option(
            "--vote",
            "vote_items",
            multiple=True,
            metavar="TEXT",
            help=N_("An item decided by vote, for this meeting only (repeatable)."),
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _options(
    date: str | None,
    time_: str | None,
    place: str | None,
    topic: str | None,
    host: str | None,
    recorder: str | None,
    lecturer: str | None,
    group: str | None,
    lang: str | None,
    items: tuple[str, ...] = (),
    vote_items: tuple[str, ...] = (),
) -> Options:
    from ..documents.pack import Options

    return Options(
        date=date,
        time=time_,
        place=place,
        topic=topic,
        host=host,
        recorder=recorder,
        lecturer=lecturer,
        group=group,
        lang=lang,
        items=tuple(items),
        votes=tuple(vote_items),
    )


def _report(ws: Workspace, result: PackResult, verb: str) -> None:
    m = result.meeting
    for what, value in result.assumed:
        click.echo(
            _("  {what}: {value}  (default)").format(what=_(LABELS.get(what, what)), value=value)
        )
    click.echo(verb.format(id=m.id, folder=ws.meeting_folder(m).relative_to(ws.root)))
    echo_written(ws.meeting_folder(m), result.written)


@click.command(help=HELP["prepare"])
@click.argument("type_key", metavar="TYPE")
@meeting_options
@click.option("--no-input", is_flag=True, help=N_("Never prompt; use defaults."))
@click.option(
    "--admit",
    multiple=True,
    metavar="NAME",
    help=N_("A general meeting votes on admitting NAME (repeatable, one by one)."),
)
@click.option(
    "--full-membership",
    "full",
    multiple=True,
    metavar="NAME",
    help=N_("A general meeting votes on NAME's full membership (repeatable)."),
)
@click.pass_obj
def prepare(
    obj: Context,
    type_key: str,
    no_input: bool,
    admit: tuple[str, ...],
    full: tuple[str, ...],
    **opts: Any,
) -> None:
    from ..documents.pack import prepare as do_prepare
    from ..documents.pack import settle

    ws = obj.workspace
    options = _options(**opts)
    asked = _development_votes(ws, type_key, options, admit, full)
    if not no_input and sys.stdin.isatty() and sys.stdout.isatty():
        meeting_type = ws.plugins.meeting_type(type_key)
        draft, _expected, _notes = settle(ws, meeting_type, options)
        for field in ("date", "time", "place", "topic"):
            if getattr(options, field) is None:
                default = getattr(draft, field)
                setattr(
                    options,
                    field,
                    click.prompt(_(LABELS[field]).capitalize(), default=str(default)),
                )
    result = do_prepare(ws, type_key, options)
    if asked:
        from ..development.votes import link

        link(ws, result.meeting, asked)
    _report(ws, result, _("Prepared {id} in {folder}/:"))


def _development_votes(
    ws: Workspace,
    type_key: str,
    options: Options,
    admit: tuple[str, ...],
    full: tuple[str, ...],
) -> list[tuple[str, str, Person, str]]:
    """--admit/--full-membership: one vote item per person, with its procedure, added to
    ``options`` (meetkit.development.votes)."""
    if not admit and not full:
        return []
    from ..errors import MeetkitError

    if ws.plugins.meeting_type(type_key).kind != "general":
        raise MeetkitError(_("--admit and --full-membership are for a general meeting"))
    from ..development.votes import items

    asked = items(ws, admit, full, options.lang or ws.config.lang)
    options.votes = tuple(options.votes) + tuple((text, how) for text, how, *_r in asked)
    return asked


@click.command(help=HELP["update"])
@click.argument("meeting_id", metavar="ID")
@meeting_options
@click.pass_obj
def update(obj: Context, meeting_id: str, **opts: Any) -> None:
    from ..documents.pack import update as do_update

    ws = obj.workspace
    result = do_update(ws, meeting_id, _options(**opts))
    _report(ws, result, _("Updated {id} in {folder}/:"))


def _summary(ws: Workspace, m: Meeting) -> dict:
    from ..model.meeting import meeting_json

    return meeting_json(m, ws.root)


@click.command("list", help=HELP["list"])
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.option("--year", type=int, help=N_("Only this year."))
@click.option("--type", "type_key", help=N_("Only this meeting type."))
@click.pass_obj
def list_meetings(obj: Context, as_json: bool, year: int | None, type_key: str | None) -> None:
    ws = obj.workspace
    if type_key and type_key not in ws.plugins.types:
        from ..errors import MeetkitError

        try:
            type_key = ws.plugins.meeting_type(type_key).key  # 党课 -> lesson
        except MeetkitError:
            pass  # a type no plugin registers now still lists its old meetings
    meetings = ws.store.list_meetings(year=year, type=type_key)
    if as_json:
        echo_json([_summary(ws, m) for m in meetings])
        return
    if not meetings:
        click.echo(_empty_list(ws, year, type_key))
        _due_footer(ws)
        return
    # a status column only when there is something to say in it
    status = any(m.cancelled for m in meetings)
    keys = ("id", "date", "time", "type", "topic", "host") + (("status",) if status else ())
    echo_table(
        [_(LABELS[k]) for k in keys],
        [
            [m.id, m.date.isoformat(), m.time, _type_name(ws, m.type), m.topic, m.host]
            + ([_status(m)] if status else [])
            for m in meetings
        ],
    )
    _due_footer(ws)


def _due_footer(ws: Workspace) -> None:
    """Probationary members due for 转正 within 60 days (meetkit.development)."""
    from ..development.timeline import due_for_full_membership

    for name, day in due_for_full_membership(ws):
        click.echo(
            _(
                "Due for full membership: {name}, probation ends {date} (`meetkit development`)"
            ).format(name=name, date=day.isoformat())
        )


def _type_name(ws: Workspace, key: str) -> str:
    """A meeting type as the terminal's language names it (支部委员会), else its key."""
    from ..i18n import get_language

    t = ws.plugins.types.get(key)
    return t.title(get_language()) if t else key


def _status(m: Meeting) -> str:
    return _("cancelled: {reason}").format(reason=m.cancel_reason) if m.cancelled else ""


def _empty_list(ws: Workspace, year: int | None, type_key: str | None) -> str:
    """Why the list is empty: nothing prepared yet, or nothing matching the filters."""
    from ..i18n import _

    if not ws.store.list_meetings():
        return _("No meetings yet: try `meetkit prepare lesson`.")
    if type_key and year:
        return _("No meetings of type {type} in {year}.").format(type=type_key, year=year)
    if type_key:
        known = (
            "" if type_key in ws.plugins.types else _(" (not a meeting type: see `meetkit types`)")
        )
        return _("No meetings of type {type}{known}.").format(type=type_key, known=known)
    return _("No meetings in {year}.").format(year=year)


@click.command(help=HELP["show"])
@click.argument("meeting_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_obj
def show(obj: Context, meeting_id: str, as_json: bool) -> None:
    from ..model.member import shown

    ws = obj.workspace
    m = ws.meeting(meeting_id)
    data = _summary(ws, m)
    expected = ws.store.expected_members(m.id)
    data["expected"] = [shown(e) for e in expected]  # the name, or the label where shared
    data["expected_ids"] = [e.id for e in expected]
    data["away"] = [e.id for e in expected if e.away]
    data["documents"] = sorted(ws.store.written_documents(m.id))
    if as_json:
        echo_json(data)
        return
    labels = {key: _(text) for key, text in LABELS.items()}
    pad = max(width(text) for text in labels.values())

    def line(key: str, value: object) -> None:
        click.echo(f"{' ' * (pad - width(labels[key]))}{labels[key]}: {value}")

    for key in (
        "id",
        "type",
        "date",
        "time",
        "end_time",
        "place",
        "topic",
        "host",
        "recorder",
        "lecturer",
        "group",
        "lang",
        "folder",
    ):
        if data.get(key):
            line(key, data[key])
    if m.cancelled:
        line("cancelled", f"{m.cancelled_at:%Y-%m-%d %H:%M}: {m.cancel_reason}")
    line("expected", f"{len(expected)}: {', '.join(data['expected'])}")
    line("documents", ", ".join(data["documents"]))


@click.command(help=HELP["cancel"])
@click.argument("meeting_id", metavar="ID")
@click.option(
    "--reason", required=True, help=N_("Why it is called off (printed on its documents).")
)
@click.pass_obj
def cancel(obj: Context, meeting_id: str, reason: str) -> None:
    """Call meeting ID off: it stays listed, its documents say 已取消, sign-in is refused."""
    from ..i18n import _
    from ..meetings.lifecycle import cancel as do_cancel

    ws = obj.workspace
    meeting, written = do_cancel(ws, meeting_id, reason)
    click.echo(
        _("Cancelled {id} ({reason}); its documents are stamped:").format(
            id=meeting.id, reason=meeting.cancel_reason
        )
    )
    echo_written(ws.meeting_folder(meeting), written)


@click.command(help=HELP["delete"])
@click.argument("meeting_id", metavar="ID")
@click.option("--yes", "-y", is_flag=True, help=N_("Don't ask for confirmation."))
@click.option(
    "--force",
    is_flag=True,
    help=N_("Delete even a meeting with sign-ins, leaves, votes or actions (they go too)."),
)
@click.pass_obj
def delete(obj: Context, meeting_id: str, yes: bool, force: bool) -> None:
    """Delete meeting ID prepared by mistake: its folder and everything stored about it."""
    from ..i18n import _
    from ..meetings.lifecycle import delete as do_delete
    from ..meetings.lifecycle import records_text

    ws = obj.workspace
    meeting = ws.meeting(meeting_id)
    counts = ws.store.meeting_records(meeting.id)
    if counts and not force:
        do_delete(ws, meeting.id, force=False)  # refuses, naming what it holds
    if not yes:
        folder = ws.meeting_folder(meeting).relative_to(ws.root)
        what = (
            _(" and its records ({records})").format(records=records_text(counts)) if counts else ""
        )
        click.confirm(
            _("Delete {id}, its folder {folder}/{what}?").format(
                id=meeting.id, folder=folder, what=what
            ),
            abort=True,
        )
    removed = do_delete(ws, meeting.id, force=force)[2]
    click.echo(
        _("Deleted {id}").format(id=meeting.id)
        + (
            _(" and its folder {folder}/").format(folder=removed.relative_to(ws.root))
            if removed
            else ""
        )
    )
