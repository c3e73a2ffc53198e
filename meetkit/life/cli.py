"""meetkit opinions, problem, talk, talks, report: the organizational life meeting."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..cli import HELP
from ..cli.output import echo_json, echo_table
from ..i18n import N_, _

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..cli import Context
    from ..documents.pack import Written
    from ..workspace import Workspace


def _wrote(ws: Workspace, written: Iterable[Written]) -> None:
    for w in written:
        shown = w.path.relative_to(ws.root) if w.path.is_relative_to(ws.root) else w.path
        if w.kept:
            click.echo(
                _("Wrote {path} (you edited {kept}: kept it)").format(path=shown, kept=w.kept.name)
            )
        else:
            click.echo(_("Wrote {path}").format(path=shown))


class _ListByDefault(click.Group):
    """`meetkit opinions ID` lists; `meetkit opinions open|close|add ID` act."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["list", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_ListByDefault, help=HELP["opinions"])
def opinions() -> None:
    pass


@opinions.command("list", help=N_("List the opinions collected for life meeting ID."))
@click.argument("meeting_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_obj
def list_opinions(obj: Context, meeting_id: str, as_json: bool) -> None:
    from ..life import opinions as op

    ws = obj.workspace
    meeting = op.life_meeting(ws, meeting_id)
    found = ws.store.opinions(meeting.id)
    if as_json:
        echo_json([op.as_dict(o) for o in found])
        return
    page = ws.store.opinion_page(meeting.id)
    state = _("not opened") if page is None else (_("open") if page[1] is None else _("closed"))
    click.echo(
        _("{n} opinions for {id}; the opinion page is {state}.").format(
            n=len(found), id=meeting.id, state=state
        )
    )
    if found:
        echo_table(
            ["id", "category", "source", "text"],
            [[o.key, o.category, o.source, o.text.replace("\n", " ")] for o in found],
        )


@opinions.command(
    "open",
    help=N_(
        "Open the opinion page of life meeting ID (served by `meetkit serve`) and write its QR code (opinions-qr.png) and a one-page poster (opinions-poster.docx)."
    ),
)
@click.argument("meeting_id", metavar="ID")
@click.pass_obj
def open_opinions(obj: Context, meeting_id: str) -> None:
    from ..life import opinions as op
    from ..life.poster import write_poster

    ws = obj.workspace
    meeting = op.life_meeting(ws, meeting_id)
    opened = op.open_page(ws, meeting)
    url, written = write_poster(ws, meeting, opened)
    _wrote(ws, written)
    click.echo(_("The opinion page is open at {url} (run `meetkit serve`).").format(url=url))


@opinions.command(
    "close", help=N_("Close the opinion page of life meeting ID and write opinions.docx.")
)
@click.argument("meeting_id", metavar="ID")
@click.pass_obj
def close_opinions(obj: Context, meeting_id: str) -> None:
    from ..life import meeting as lifemeeting
    from ..life import opinions as op

    ws = obj.workspace
    meeting = op.life_meeting(ws, meeting_id)
    op.close_page(ws, meeting)
    click.echo(_("The opinion page of {id} is closed.").format(id=meeting.id))
    _wrote(ws, lifemeeting.refresh(ws, meeting, "opinions"))


@opinions.command("add", help=N_("Record an opinion collected on paper for life meeting ID."))
@click.argument("meeting_id", metavar="ID")
@click.argument("text")
@click.option(
    "--category",
    help=N_("committee, member, style, work or other (or 对支部/对个人/作风/工作/其他)."),
)
@click.option("--about", default="", help=N_("The member a 'member' opinion is addressed to."))
@click.option("--name", default="", help=N_("Who gave it (default: anonymous)."))
@click.pass_obj
def add_opinion(
    obj: Context, meeting_id: str, text: str, category: str | None, about: str, name: str
) -> None:
    from ..life import meeting as lifemeeting
    from ..life import opinions as op

    ws = obj.workspace
    meeting = op.life_meeting(ws, meeting_id)
    if about:
        from ..life.talks import find, label

        about = label(find(ws.store.expected_members(meeting.id), about, "--about"))
    new_id = op.add(
        ws, meeting, text, category, source="paper", about=about, name=name, where="TEXT"
    )
    click.echo(_("Added opinion {n} to {id}").format(n=new_id, id=meeting.id))
    _wrote(ws, lifemeeting.refresh(ws, meeting, "opinions"))


@click.group(help=HELP["problem"])
def problem() -> None:
    pass


@problem.command(
    "add", help=N_("Put a problem on life meeting ID's list, as a rectification item.")
)
@click.argument("meeting_id", metavar="ID")
@click.argument("text", required=False)
@click.option("--owner", help=N_("Who rectifies it (default: the branch)."))
@click.option("--due", help=N_("Deadline, e.g. 2027-03-31."))
@click.option("--measures", default="", help=N_("Rectification measures (整改措施)."))
@click.option(
    "--from-opinion",
    "from_opinion",
    metavar="KEY",
    help=N_("The opinion it comes from (its text is the problem's, unless TEXT)."),
)
@click.pass_obj
def add_problem(
    obj: Context,
    meeting_id: str,
    text: str | None,
    owner: str | None,
    due: str | None,
    measures: str,
    from_opinion: str | None,
) -> None:
    from ..life import meeting as lifemeeting

    ws = obj.workspace
    a = lifemeeting.add_problem(
        ws, meeting_id, text, owner=owner, due=due, measures=measures, from_opinion=from_opinion
    )
    due_text = a.due.isoformat() if a.due else "-"
    click.echo(
        _("Added problem #{n} to {id}: {text} (owner {owner}, due {due})").format(
            n=a.id, id=a.meeting_id, text=a.text, owner=a.owner, due=due_text
        )
    )
    _wrote(ws, lifemeeting.refresh(ws, ws.meeting(a.meeting_id), "rectification"))


@click.group(help=HELP["talk"])
def talk() -> None:
    pass


@talk.command("add", help=N_("Record a talk between members A and B for life meeting ID."))
@click.argument("meeting_id", metavar="ID")
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@click.option("--date", help=N_("When the talk was held (YYYY-MM-DD)."))
@click.option("--topic", default="", help=N_("What it was about."))
@click.option("--note", default="", help=N_("What was said (printed in talks.docx)."))
@click.pass_obj
def add_talk(
    obj: Context, meeting_id: str, a: str, b: str, date: str | None, topic: str, note: str
) -> None:
    from ..life import meeting as lifemeeting
    from ..life.opinions import life_meeting
    from ..life.talks import add

    ws = obj.workspace
    meeting = life_meeting(ws, meeting_id)
    new_id = add(ws, meeting, a, b, date, topic, note)
    click.echo(_("Recorded talk {n}: {a} and {b}").format(n=new_id, a=a, b=b))
    _wrote(ws, lifemeeting.refresh(ws, meeting, "talks"))


@click.command(help=HELP["talks"])
@click.argument("meeting_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_obj
def talks(obj: Context, meeting_id: str, as_json: bool) -> None:
    from ..life.opinions import life_meeting
    from ..life.talks import coverage

    ws = obj.workspace
    meeting = life_meeting(ws, meeting_id)
    found = coverage(ws, meeting)
    if as_json:
        echo_json(
            {
                "talks": [
                    {k: t[k] for k in ("a", "b", "date", "kind", "topic", "note")}
                    for t in found["talks"]
                ],
                "missing": found["missing"],
            }
        )
        return
    if found["talks"]:
        echo_table(
            ["A", "B", "date", "kind"],
            [[t["a"], t["b"], t["date"] or "", t["kind"]] for t in found["talks"]],
        )
    else:
        click.echo(_("No talks recorded yet: `meetkit talk add {id} A B`.").format(id=meeting.id))
    click.echo(
        _("Members talked with by a committee member: {n} of {total}.").format(
            n=found["members_covered"], total=found["members_total"]
        )
    )
    if found["missing"]:
        click.echo(_("Still to talk:"))
        for a, b in found["missing"]:
            click.echo(f"  {a} — {b}" if b else _("  {a} — any committee member").format(a=a))


@click.command(help=HELP["report"])
@click.argument("meeting_id", metavar="ID")
@click.pass_obj
def report(obj: Context, meeting_id: str) -> None:
    from ..life import meeting as lifemeeting

    ws = obj.workspace
    _wrote(ws, lifemeeting.write_report(ws, meeting_id))
