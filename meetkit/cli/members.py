"""meetkit members, meetkit member."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ..i18n import N_
from . import HELP, member_option
from .output import echo_json, echo_table

if TYPE_CHECKING:
    from . import Context


@click.command(help=HELP["members"])
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_obj
def members(obj: Context, as_json: bool) -> None:
    from ..i18n import _, get_language
    from ..members import roster_report
    from ..roster import role_text, status_text

    ws = obj.workspace
    roster, names, notes, problems = roster_report(ws)
    if as_json:
        echo_json(
            [
                {
                    "id": m.id,
                    "name": m.name,
                    "label": names[m.id],
                    "status": "away" if m.away else m.status,
                    "voting": m.voting,
                    "away": m.away,
                    "group": m.group,
                    "role": m.role,
                    "note": m.note,
                }
                for m in roster
            ]
        )
    else:
        echo_table(
            [_("id"), _("name"), _("status"), _("group"), _("role"), _("note")],
            [
                [
                    m.id,
                    names[m.id],
                    status_text(m.status, get_language()) + (_(", away") if m.away else ""),
                    m.group,
                    role_text(m.role, get_language()),
                    m.note,
                ]
                for m in roster
            ],
        )
    for line in notes + problems:
        click.echo(line, err=True)
    if problems:
        sys.exit(1)


@click.command(help=HELP["member"])
@click.argument("name", required=False)
@member_option
@click.option("--year", type=click.IntRange(1900, 9999), help=N_("Only this year (default: all)."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_obj
def member(
    obj: Context, name: str | None, member_id: str | None, year: int | None, as_json: bool
) -> None:
    from ..errors import MeetkitError
    from ..i18n import _, get_language
    from ..meetings.history import member_history
    from ..members import by_id
    from ..roster import status_text

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
    lang = get_language()
    click.echo(
        _("{label}  (id {id}, {group}, {status})").format(
            label=data["label"],
            id=data["member"],
            group=data["group"] or "-",
            status=status_text(data["status"], lang),
        )
    )
    rows = [[m["date"], m["meeting"], _meeting_status(m, lang)] for m in data["meetings"]]
    if rows:
        echo_table([_("date"), _("meeting"), _("status")], rows)
    rate = "-" if data["rate"] is None else f"{data['rate']:.0%}"
    click.echo(
        _(
            "Attended {attended} of {expected} (rate {rate}); late {late}, leave {leave}, "
            "absent {absent}, away {away}, no record {unknown}."
        ).format(
            rate=rate,
            **{
                k: data[k]
                for k in ("attended", "expected", "late", "leave", "absent", "away", "unknown")
            },
        )
    )
    for which, word in (("open", _("open")), ("done", _("done"))):
        for a in data["actions"][which]:
            click.echo(
                "  "
                + _("#{id} [{status}] {text} (due {due})").format(
                    id=a["id"], status=word, text=a["text"], due=a["due"] or "-"
                )
            )
    from ..decisions.appraisal import grade_word

    for g in data["grades"]:
        click.echo(
            _("Democratic appraisal {date} ({meeting}): {grade}").format(
                date=g["date"], meeting=g["meeting"], grade=grade_word(g["grade"], lang)
            )
            + (f" — {g['reason']}" if g["reason"] else "")
        )


def _meeting_status(item: dict, lang: str) -> str:
    """A member's status at one meeting in words: 正常, 病假（出差）, 无记录 …"""
    from ..attendance.rules import LABELS, label
    from ..i18n import _

    status = item["status"]
    if status == "unknown":
        return _("no record")
    if status != "leave":
        return label(status, lang)
    kind = label(item["kind"], lang) if item.get("kind") in LABELS else _("leave")
    return (
        _("{kind} ({reason})").format(kind=kind, reason=item["reason"])
        if item.get("reason")
        else kind
    )
