"""meetkit members, meetkit member."""
import sys

import click

from .output import echo_json, echo_table


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def members(obj, as_json):
    """The roster as meetkit reads it, with ids and labels; every problem on stderr."""
    from ..i18n import _, get_language
    from ..members import config_problems
    from ..roster import labels, role_text, status_text

    ws = obj.workspace
    problems: list = []
    roster, notes = ws.read_members(problems)
    names = labels(roster, ws.config.lang)
    problems += config_problems(ws.config, roster, ws.config_path)
    if as_json:
        echo_json([{"id": m.id, "name": m.name, "label": names[m.id],
                    "status": "away" if m.away else m.status, "voting": m.voting,
                    "away": m.away, "group": m.group, "role": m.role, "note": m.note}
                   for m in roster])
    else:
        echo_table([_("id"), _("name"), _("status"), _("group"), _("role"), _("note")],
                   [[m.id, names[m.id],
                     status_text(m.status, get_language())
                     + (_(", away") if m.away else ""), m.group,
                     role_text(m.role, get_language()), m.note] for m in roster])
    for line in notes + problems:
        click.echo(line, err=True)
    if problems:
        sys.exit(1)


@click.command()
@click.argument("name", required=False)
@click.option("--member", "member_id", metavar="ID", help="The member by id (see `meetkit "
              "members`), when two members share the name.")
@click.option("--year", type=click.IntRange(1900, 9999), help="Only this year (default: all).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def member(obj, name, member_id, year, as_json):
    """One member's history: meetings expected at with their status, attendance rate, actions."""
    from ..errors import MeetkitError
    from ..history import member_history
    from ..i18n import _
    from ..members import by_id

    ws = obj.workspace
    if member_id:
        who = by_id(ws.members, member_id)
    elif name:
        who = ws.member(name, "NAME")
    else:
        raise MeetkitError(_("give a NAME or --member ID"))
    data = member_history(ws, who, year)
    if as_json:
        echo_json(data)
        return
    click.echo(f"{data['label']}  (id {data['member']}, {data['group'] or '-'}, "
               f"{data['status']})")
    rows = [[m["date"], m["meeting"], m["status"] + (f" ({m['kind']}: {m['reason']})"
                                                     if m["status"] == "leave" else "")]
            for m in data["meetings"]]
    if rows:
        echo_table([_("date"), _("meeting"), _("status")], rows)
    rate = "-" if data["rate"] is None else f"{data['rate']:.0%}"
    click.echo(_("Attended {attended} of {expected} (rate {rate}); late {late}, leave {leave}, "
                 "absent {absent}, away {away}, no record {unknown}.").format(rate=rate, **{
                     k: data[k] for k in ("attended", "expected", "late", "leave", "absent",
                                          "away", "unknown")}))
    for which in ("open", "done"):
        for a in data["actions"][which]:
            click.echo(f"  #{a['id']} [{which}] {a['text']} ({a['due'] or '-'})")
