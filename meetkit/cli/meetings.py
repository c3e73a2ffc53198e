"""meetkit prepare, update, list, show."""
import sys

import click

from ..i18n import N_, _
from . import HELP
from .output import echo_json, echo_table, width

LABELS = {"date": N_("date"), "time": N_("time"), "place": N_("place"), "topic": N_("topic"),
          "host": N_("host"), "recorder": N_("recorder"), "lecturer": N_("lecturer"),
          "group": N_("group"), "lang": N_("language"), "id": N_("id"), "type": N_("type"),
          "folder": N_("folder"), "expected": N_("expected"), "documents": N_("documents")}


def meeting_options(func):
    """The options prepare and update share."""
    options = [
        click.option("--date", help=N_("Date, YYYY-MM-DD (default: today, or tomorrow once "
                                       "today's start time has passed).")),
        click.option("--time", "time_", help=N_("Start time, HH:MM (default: meetkit.toml).")),
        click.option("--place", help=N_("Place (default: meetkit.toml).")),
        click.option("--topic", help=N_("Topic (default: the type's agenda).")),
        click.option("--host", help=N_("Host, a member's name (default: the secretary).")),
        click.option("--recorder", help=N_("Recorder, a member's name (default: the "
                                           "organizer).")),
        click.option("--lecturer", help=N_("Lecturer of a party lesson (default: the "
                                           "secretary).")),
        click.option("--group", help=N_("Party group of a group meeting (default: the first).")),
        click.option("--lang", type=click.Choice(["zh-CN", "en"]), help=N_("Document language.")),
        click.option("--item", "items", multiple=True, metavar="TEXT",
                     help=N_("A discussion item for this meeting only (repeatable).")),
        click.option("--vote", "vote_items", multiple=True, metavar="TEXT",
                     help=N_("An item decided by vote, for this meeting only (repeatable).")),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _options(date, time_, place, topic, host, recorder, lecturer, group, lang, items=(),
             vote_items=()):
    from ..pack import Options

    return Options(date=date, time=time_, place=place, topic=topic, host=host,
                   recorder=recorder, lecturer=lecturer, group=group, lang=lang,
                   items=tuple(items), votes=tuple(vote_items))


def _report(ws, result, verb):
    m = result.meeting
    for what, value in result.assumed:
        click.echo(_("  {what}: {value}  (default)").format(what=_(LABELS.get(what, what)),
                                                          value=value))
    click.echo(verb.format(id=m.id, folder=ws.meeting_folder(m).relative_to(ws.root)))
    for w in result.written:
        if w.kept:
            click.echo(_("  {new}  (you edited {kept}: kept it, wrote the new version as "
                         "{new})").format(new=w.path.name, kept=w.kept.name))
        else:
            folder = ws.meeting_folder(m)  # per-member files sit in a subfolder
            click.echo(f"  {w.path.relative_to(folder) if w.path.is_relative_to(folder) else w.path.name}")


@click.command(help=HELP["prepare"])
@click.argument("type_key", metavar="TYPE")
@meeting_options
@click.option("--no-input", is_flag=True, help=N_("Never prompt; use defaults."))
@click.pass_obj
def prepare(obj, type_key, no_input, **opts):
    from ..pack import prepare as do_prepare, settle

    ws = obj.workspace
    options = _options(**opts)
    if not no_input and sys.stdin.isatty() and sys.stdout.isatty():
        meeting_type = ws.plugins.meeting_type(type_key)
        draft, _expected, _notes = settle(ws, meeting_type, options)
        for field in ("date", "time", "place", "topic"):
            if getattr(options, field) is None:
                default = getattr(draft, field)
                setattr(options, field, click.prompt(_(LABELS[field]).capitalize(),
                                                     default=str(default)))
    result = do_prepare(ws, type_key, options)
    _report(ws, result, _("Prepared {id} in {folder}/:"))


@click.command(help=HELP["update"])
@click.argument("meeting_id", metavar="ID")
@meeting_options
@click.pass_obj
def update(obj, meeting_id, **opts):
    from ..pack import update as do_update

    ws = obj.workspace
    result = do_update(ws, meeting_id, _options(**opts))
    _report(ws, result, _("Updated {id} in {folder}/:"))


def _summary(ws, m) -> dict:
    data = m.as_dict()
    data.pop("extra", None)
    data["folder"] = str(ws.meeting_folder(m))
    return data


@click.command("list", help=HELP["list"])
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.option("--year", type=int, help=N_("Only this year."))
@click.option("--type", "type_key", help=N_("Only this meeting type."))
@click.pass_obj
def list_meetings(obj, as_json, year, type_key):
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
        click.echo(_("No meetings yet: try `meetkit prepare lesson`."))
        return
    echo_table([_(LABELS[k]) for k in ("id", "date", "time", "type", "topic", "host")],
               [[m.id, m.date.isoformat(), m.time, m.type, m.topic, m.host] for m in meetings])


@click.command(help=HELP["show"])
@click.argument("meeting_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_obj
def show(obj, meeting_id, as_json):
    ws = obj.workspace
    m = ws.meeting(meeting_id)
    data = _summary(ws, m)
    expected = ws.store.expected_members(m.id)
    data["expected"] = [e.label for e in expected]  # the name, or the label where shared
    data["expected_ids"] = [e.id for e in expected]
    data["away"] = [e.id for e in expected if e.away]
    data["documents"] = sorted(ws.store.written_documents(m.id))
    if as_json:
        echo_json(data)
        return
    labels = {key: _(text) for key, text in LABELS.items()}
    pad = max(width(text) for text in labels.values())

    def line(key, value):
        click.echo(f"{' ' * (pad - width(labels[key]))}{labels[key]}: {value}")

    for key in ("id", "type", "date", "time", "place", "topic", "host", "recorder", "lecturer",
                "group", "lang", "folder"):
        if data.get(key):
            line(key, data[key])
    line("expected", f"{len(expected)}: {', '.join(data['expected'])}")
    line("documents", ", ".join(data["documents"]))
