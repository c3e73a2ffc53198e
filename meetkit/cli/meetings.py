"""meetkit prepare, update, list, show."""
import sys

import click

from .output import echo_json, echo_table

LABELS = {"date": "date", "time": "time", "place": "place", "topic": "topic", "host": "host",
          "recorder": "recorder", "lecturer": "lecturer", "group": "group", "lang": "language"}


def meeting_options(func):
    """The options prepare and update share."""
    options = [
        click.option("--date", help="Date, YYYY-MM-DD (default: today, or tomorrow once today's "
                     "start time has passed)."),
        click.option("--time", "time_", help="Start time, HH:MM (default: meetkit.toml)."),
        click.option("--place", help="Place (default: meetkit.toml)."),
        click.option("--topic", help="Topic (default: the type's agenda)."),
        click.option("--host", help="Host, a member's name (default: the secretary)."),
        click.option("--recorder", help="Recorder, a member's name (default: the organizer)."),
        click.option("--lecturer", help="Lecturer of a party lesson (default: the secretary)."),
        click.option("--group", help="Party group of a group meeting (default: the first)."),
        click.option("--lang", type=click.Choice(["zh-CN", "en"]), help="Document language."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _options(date, time_, place, topic, host, recorder, lecturer, group, lang):
    from ..pack import Options

    return Options(date=date, time=time_, place=place, topic=topic, host=host,
                   recorder=recorder, lecturer=lecturer, group=group, lang=lang)


def _report(ws, result, verb):
    m = result.meeting
    for what, value in result.assumed:
        click.echo(f"  {LABELS.get(what, what)}: {value}  (default)")
    click.echo(f"{verb} {m.id} in {ws.meeting_folder(m).relative_to(ws.root)}/:")
    for w in result.written:
        if w.kept:
            click.echo(f"  {w.path.name}  (you edited {w.kept.name}: kept it, "
                       f"wrote the new version as {w.path.name})")
        else:
            folder = ws.meeting_folder(m)  # per-member files sit in a subfolder
            click.echo(f"  {w.path.relative_to(folder) if w.path.is_relative_to(folder) else w.path.name}")


@click.command()
@click.argument("type_key", metavar="TYPE")
@meeting_options
@click.option("--no-input", is_flag=True, help="Never prompt; use defaults.")
@click.pass_obj
def prepare(obj, type_key, no_input, **opts):
    """Prepare a meeting of TYPE (see `meetkit types`) and write its documents."""
    from ..pack import prepare as do_prepare, settle

    ws = obj.workspace
    options = _options(**opts)
    if not no_input and sys.stdin.isatty() and sys.stdout.isatty():
        meeting_type = ws.plugins.meeting_type(type_key)
        draft, _, _ = settle(ws, meeting_type, options)
        for field in ("date", "time", "place", "topic"):
            if getattr(options, field) is None:
                default = getattr(draft, field)
                setattr(options, field, click.prompt(LABELS[field].capitalize(),
                                                     default=str(default)))
    result = do_prepare(ws, type_key, options)
    _report(ws, result, "Prepared")


@click.command()
@click.argument("meeting_id", metavar="ID")
@meeting_options
@click.pass_obj
def update(obj, meeting_id, **opts):
    """Change meeting ID's details and re-render its documents (your edits are kept)."""
    from ..pack import update as do_update

    ws = obj.workspace
    result = do_update(ws, meeting_id, _options(**opts))
    _report(ws, result, "Updated")


def _summary(ws, m) -> dict:
    data = m.as_dict()
    data.pop("extra", None)
    data["folder"] = str(ws.meeting_folder(m))
    return data


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--year", type=int, help="Only this year.")
@click.option("--type", "type_key", help="Only this meeting type.")
@click.pass_obj
def list_meetings(obj, as_json, year, type_key):
    """List meetings by date and time (ties in the order prepared)."""
    ws = obj.workspace
    meetings = ws.store.list_meetings(year=year, type=type_key)
    if as_json:
        echo_json([_summary(ws, m) for m in meetings])
        return
    if not meetings:
        click.echo("No meetings yet: try `meetkit prepare lesson`.")
        return
    echo_table(["id", "date", "time", "type", "topic", "host"],
               [[m.id, m.date.isoformat(), m.time, m.type, m.topic, m.host] for m in meetings])


@click.command()
@click.argument("meeting_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def show(obj, meeting_id, as_json):
    """Show meeting ID: details, who is expected, its documents."""
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
    for key in ("id", "type", "date", "time", "place", "topic", "host", "recorder", "lecturer",
                "group", "lang", "folder"):
        if data.get(key):
            click.echo(f"{key:>9}: {data[key]}")
    click.echo(f"{'expected':>9}: {len(expected)}: {', '.join(data['expected'])}")
    click.echo(f"{'documents':>9}: {', '.join(data['documents'])}")
