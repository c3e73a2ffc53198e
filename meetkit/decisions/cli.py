"""meetkit vote, votes, ballot open|close, appraisal open|close|add|grade and appraisal ID."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..cli import HELP
from ..cli.output import echo_json, echo_table, echo_written
from ..i18n import N_, _, get_language

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..cli import Context
    from ..documents.pack import Written
    from ..workspace import Workspace


def _written(ws: Workspace, written: Iterable[Written]) -> None:
    for w in written:
        echo_written(w.path.parent, [w])


def _result_line(r: dict) -> str:
    from ..decisions.votes import result_word

    tally = (
        _("no tally yet")
        if r["for"] is None
        else _("for {yes}, against {no}, abstain {abstain}: {result} ({zh})").format(
            yes=r["for"],
            no=r["against"],
            abstain=r["abstain"],
            result=result_word(r["passed"], "en"),
            zh=result_word(r["passed"], "zh-CN"),
        )
    )
    return _("item {n} ({text}): {tally}; needs {required} for").format(
        n=r["item"], text=r["text"], tally=tally, required=r["required"]
    )


@click.command(help=HELP["vote"])
@click.argument("meeting_id", metavar="ID")
@click.argument("item")
@click.option("--for", "yes", type=int, required=True, help=N_("Votes for (赞成)."))
@click.option("--against", "no", type=int, required=True, help=N_("Votes against (反对)."))
@click.option("--abstain", type=int, required=True, help=N_("Abstentions (弃权)."))
@click.option(
    "--paper",
    is_flag=True,
    help=N_('Counted from paper slips (method "paper"; default: a show of hands).'),
)
@click.pass_obj
def vote(
    obj: Context, meeting_id: str, item: str, yes: int, no: int, abstain: int, paper: bool
) -> None:
    """Record the tally of vote item ITEM (its number on the agenda, or its exact text) of
    meeting ID; it passes when "for" exceeds half of the voting members who should attend."""
    from ..decisions import votes as decisions

    ws = obj.workspace
    meeting = ws.meeting(meeting_id)
    number, found, replaced = decisions.record(
        ws, meeting, item, yes, no, abstain, "paper" if paper else "hands"
    )
    r = next(r for r in decisions.results(ws, meeting) if r["item"] == number)
    click.echo(
        (_("Replaced the earlier tally: ") if replaced else _("Recorded: ")) + _result_line(r)
    )
    for line in decisions.after_tally(ws, meeting, found.title):
        click.echo("  " + line)


@click.command(help=HELP["votes"])
@click.argument("meeting_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_obj
def votes(obj: Context, meeting_id: str, as_json: bool) -> None:
    """The vote items of meeting ID: tally, the "for" needed, passed or not."""
    from ..decisions import votes as decisions

    ws = obj.workspace
    meeting = ws.meeting(meeting_id)
    rows = decisions.results(ws, meeting)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo(
            _("{id} has no vote items (add one with `meetkit update {id} --vote TEXT`).").format(
                id=meeting.id
            )
        )
        return
    said = get_language()  # the terminal's language: headers, result and method in words
    echo_table(
        [
            _("item"),
            _("text"),
            _("for"),
            _("against"),
            _("abstain"),
            _("for needed"),
            _("result"),
            _("method"),
        ],
        [
            [
                r["item"],
                r["text"],
                r["for"],
                r["against"],
                r["abstain"],
                r["required"],
                decisions.result_word(r["passed"], said),
                decisions.method_text(r["method"] if r["for"] is not None else None, said),
            ]
            for r in rows
        ],
    )


@click.group(help=HELP["ballot"])
def ballot() -> None:
    """Secret ballots by phone on a vote item."""


@ballot.command(
    "open",
    help=N_(
        "Open a secret ballot on vote item ITEM of meeting ID: the phones signed in as voting members show it (`meetkit serve`)."
    ),
)
@click.argument("meeting_id", metavar="ID")
@click.argument("item")
@click.option(
    "--choices",
    help=N_("The words on the ballot, for,against[,abstain] (default: 赞成,反对,弃权)."),
)
@click.pass_obj
def ballot_open(obj: Context, meeting_id: str, item: str, choices: str | None) -> None:
    from ..decisions import ballots

    ws = obj.workspace
    meeting = ws.meeting(meeting_id)
    opened = ballots.open_ballot(ws, meeting, item, choices)
    click.echo(
        _(
            "Ballot open on item {n} ({text}): {choices}. Close it with `meetkit ballot "
            "close {id} {n}`."
        ).format(
            n=opened["item"],
            text=opened["text"],
            choices=" / ".join(opened["choices"]),
            id=meeting.id,
        )
    )


@ballot.command(
    "close",
    help=N_('Close the ballot on ITEM and store its tally as the item\'s vote (method "ballot").'),
)
@click.argument("meeting_id", metavar="ID")
@click.argument("item")
@click.pass_obj
def ballot_close(obj: Context, meeting_id: str, item: str) -> None:
    from ..decisions import ballots

    ws = obj.workspace
    meeting = ws.meeting(meeting_id)
    r = ballots.close_ballot(ws, meeting, item)
    click.echo(_("Ballot closed: ") + _result_line(r))
    from ..decisions.votes import after_tally

    for line in after_tally(ws, meeting, r["text"]):
        click.echo("  " + line)
    _log_kept(ws)
    if r.get("paper"):
        phone, paper = r["phone"], r["paper"]
        click.echo(
            _(
                "By phone: for {a}, against {b}, abstain {c}; on paper: for {d}, against {e}, abstain {f}"
            ).format(
                a=phone["for"],
                b=phone["against"],
                c=phone["abstain"],
                d=paper["for"],
                e=paper["against"],
                f=paper["abstain"],
            )
        )


@ballot.command(
    "paper",
    help=N_(
        "Enter the paper ballots of the secret ballot on ITEM as the tellers counted them (again to correct them): members without a phone vote on paper."
    ),
)
@click.argument("meeting_id", metavar="ID")
@click.argument("item")
@click.option(
    "--for", "yes", type=click.IntRange(min=0), required=True, help=N_("Paper ballots for.")
)
@click.option(
    "--against", "no", type=click.IntRange(min=0), required=True, help=N_("Paper ballots against.")
)
@click.option(
    "--abstain",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help=N_("Paper ballots abstaining."),
)
@click.pass_obj
def ballot_paper(obj: Context, meeting_id: str, item: str, yes: int, no: int, abstain: int) -> None:
    from ..decisions import ballots

    ws = obj.workspace
    meeting = ws.meeting(meeting_id)
    r = ballots.enter_paper(ws, meeting, item, [yes, no, abstain])
    paper = r["paper"]
    line = _(
        "Paper ballots on item {n} ({text}): for {yes}, against {no}, abstain {abstain}"
    ).format(n=r["item"], text=r["text"], yes=paper[0], no=paper[1], abstain=paper[2])
    if r["phone"] is not None:
        phone = r["phone"] + [0, 0, 0]
        line += _("; by phone: for {yes}, against {no}, abstain {abstain}").format(
            yes=phone[0], no=phone[1], abstain=phone[2]
        )
    else:
        line += _("; {cast} phone ballot(s) so far").format(cast=r["cast"])
    click.echo(line)


def _log_kept(ws: Workspace) -> None:
    """Say so when the database's log couldn't be emptied after a close (docs/decisions.md)."""
    if getattr(ws.store, "history_kept", False):
        click.echo(
            _(
                "Warning: another program is reading the database, so its log (meetkit.db-wal) "
                "still holds the ballot's history; it is emptied at the next close, or stop "
                "`meetkit serve` and run `meetkit list`."
            ),
            err=True,
        )


class _ShowByDefault(click.Group):
    """``meetkit appraisal ID`` shows; ``meetkit appraisal open ID`` and the like act."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        elif args and args[0] in ("--json",) and len(args) > 1:
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_ShowByDefault, help=HELP["appraisal"])
def appraisal() -> None:
    """The democratic appraisal of members (民主评议党员): `appraisal ID [--json]` shows it;
    open, close, add (a paper ballot) and grade (the committee's decision) change it."""


@appraisal.command(
    "show",
    help=N_("The appraisal of meeting ID: ballots counted, each graded member's votes and grade."),
)
@click.argument("meeting_id", metavar="ID")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help=N_("Print JSON (the secretary's view: counts even below [appraisal] min_graders)."),
)
@click.pass_obj
def appraisal_show(obj: Context, meeting_id: str, as_json: bool) -> None:
    from ..decisions import appraisal as ap

    ws = obj.workspace
    meeting = ws.meeting(meeting_id)
    data = ap.summary(ws, meeting, reveal=as_json)
    lang = get_language()  # the terminal's words
    if as_json:
        echo_json(data)
        return
    click.echo(
        _("{id}: appraisal {state}; {n} ballot(s) counted.").format(
            id=meeting.id, state=_(data["state"] or "not opened"), n=data["ballots"]
        )
    )
    rows = []
    for m in data["members"]:
        v = m["votes"]
        counts = [v[g] for g in ap.GRADES] if v else ["—"] * 4
        rows.append([m["name"], *counts, ap.grade_word(m["grade"], lang)])
    echo_table(
        [_("Name"), *(ap.grade_word(g, lang) for g in ap.GRADES), _("Committee's grade")], rows
    )
    if any(m["votes"] is None for m in data["members"]):
        click.echo(
            _(
                "— : graded by fewer than {n}, withheld ([appraisal] min_graders); "
                "--json shows them."
            ).format(n=data["min_graders"])
        )
    if "committee" in data:
        got = data["committee"]
        click.echo(
            _("Branch committee: ")
            + ", ".join(
                f"{ap.committee_word(c, 'zh-CN')} {got[c] if got is not None else '—'}"
                for c in ap.COMMITTEE
            )
        )


@appraisal.command(
    "open", help=N_("Open the appraisal ballot on the phones signed in to meeting ID.")
)
@click.argument("meeting_id", metavar="ID")
@click.pass_obj
def appraisal_open(obj: Context, meeting_id: str) -> None:
    from ..decisions import appraisal as ap

    ws = obj.workspace
    meeting = ws.meeting(meeting_id)
    ap.open_appraisal(ws, meeting)
    graded = ap.graded_members(ws.store.expected_members(meeting.id))
    click.echo(
        _(
            "Appraisal open for {id}: {n} full member(s) graded. Close it with `meetkit "
            "appraisal close {id}`."
        ).format(id=meeting.id, n=len(graded))
    )


@appraisal.command(
    "close", help=N_("End the appraisal ballot of meeting ID and write appraisal-tally.docx.")
)
@click.argument("meeting_id", metavar="ID")
@click.pass_obj
def appraisal_close(obj: Context, meeting_id: str) -> None:
    from ..decisions import appraisal as ap

    ws = obj.workspace
    meeting = ws.meeting(meeting_id)
    state = ap.close_appraisal(ws, meeting)
    click.echo(
        _("Appraisal closed for {id}: {n} ballot(s) counted.").format(
            id=meeting.id, n=state["ballots"]
        )
    )
    _log_kept(ws)


@appraisal.command(
    "add",
    help=N_(
        "Enter one paper ballot of meeting ID: NAME=GRADE for each member it grades (grades: excellent, qualified, basically-qualified, unqualified or 优秀/合格/基本合格/不合格; an id in place of a name for members with the same name)."
    ),
)
@click.argument("meeting_id", metavar="ID")
@click.argument("pairs", nargs=-1, required=True, metavar="NAME=GRADE...")
@click.option(
    "--reason",
    "reasons",
    multiple=True,
    metavar="NAME=TEXT",
    help=N_("The reason written beside 不合格 (repeatable)."),
)
@click.pass_obj
def appraisal_add(
    obj: Context, meeting_id: str, pairs: tuple[str, ...], reasons: tuple[str, ...]
) -> None:
    from ..decisions import appraisal as ap
    from ..errors import MeetkitError

    ws = obj.workspace
    meeting = ws.meeting(meeting_id)
    why = {}
    for r in reasons:
        name, sep, text = r.partition("=")
        if not sep:
            raise MeetkitError(_("--reason {r!r}: write NAME=TEXT").format(r=r))
        why[name.strip()] = text
    count = ap.add_paper(ws, meeting, list(pairs), why)
    click.echo(
        _("Paper ballot counted ({n} ballot(s) in all); appraisal-tally.docx written.").format(
            n=count
        )
    )


@appraisal.command(
    "grade", help=N_("Record the committee's grade (组织评定) of NAME at meeting ID.")
)
@click.argument("meeting_id", metavar="ID")
@click.argument("name")
@click.argument("grade")
@click.option("--reason", default="", help=N_("Why (needed for unqualified / 不合格)."))
@click.pass_obj
def appraisal_grade(obj: Context, meeting_id: str, name: str, grade: str, reason: str) -> None:
    from ..decisions import appraisal as ap

    ws = obj.workspace
    meeting = ws.meeting(meeting_id)
    replaced = ap.set_grade(ws, meeting, name, grade, reason)
    word = ap.grade_word(ap.parse_grade(grade), "zh-CN")
    click.echo(
        (
            _("Changed: {name} {grade}; appraisal-result.docx written.")
            if replaced
            else _("Recorded: {name} {grade}; appraisal-result.docx written.")
        ).format(name=name, grade=word)
    )
    for line in ap.warnings(ws, meeting, get_language()):
        click.echo(_("Warning: {text}").format(text=line), err=True)
