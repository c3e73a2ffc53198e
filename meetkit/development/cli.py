"""meetkit development [--json], development NAME [--json] [--documents], development add,
development step: developing new members (发展党员)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..cli import HELP, LocalGroup
from ..cli.output import echo_json, echo_table
from ..i18n import N_, _

if TYPE_CHECKING:
    from ..cli import Context
    from ..workspace import Workspace
    from .pipeline import Recorded


class _ListOrShow(LocalGroup):
    """`meetkit development` lists, `meetkit development NAME` shows one person, `add` and
    `step` act."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


def _next_line(entry: dict) -> str:
    from ..development.timeline import step_text

    nxt = entry["next"]
    if nxt is None:
        return _("all steps done")
    parts = [f"{nxt['step']} ({step_text(nxt['step'])})"]
    if nxt["earliest"]:
        parts.append(_("from {date}").format(date=nxt["earliest"]))
    if nxt["deadline"]:
        parts.append(_("by {date}").format(date=nxt["deadline"]))
    return " ".join(parts)


@click.group(cls=_ListOrShow, invoke_without_command=True, help=HELP["development"])
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_context
def development(ctx: click.Context, as_json: bool) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from ..development import timeline

    ws = ctx.obj.workspace
    entries = timeline.overview(ws)
    if as_json:
        echo_json(entries)
        return
    if not entries:
        click.echo(_("Nobody in the pipeline yet: `meetkit development add NAME --applied DATE`."))
        return
    echo_table(
        [_("name"), _("stage"), _("next step"), _("article"), _("overdue")],
        [
            [
                e["name"],
                timeline.stage_text(e["stage"]),
                _next_line(e),
                (e["next"] or {}).get("article") or "",
                _("OVERDUE") if e["overdue"] else "",
            ]
            for e in entries
        ],
    )
    late = [e for e in entries if e["overdue"]]
    if late:
        click.echo(
            _("{n} overdue: {names}").format(n=len(late), names=", ".join(e["name"] for e in late))
        )


@development.command("show", hidden=True, help=N_("One person's timeline."))
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.option(
    "--documents",
    is_flag=True,
    help=N_("Write all of NAME's documents again (development/NAME/ in the workspace)."),
)
@click.pass_obj
def show(obj: Context, name: str, as_json: bool, documents: bool) -> None:
    from ..development import pipeline, timeline

    ws = obj.workspace
    person = pipeline.person_or_fail(ws, name)
    written = []
    if documents:
        from ..development import documents as docs

        written = docs.write_all(ws, person)
    entry = timeline.as_dict(ws, person)
    if as_json:
        echo_json(entry)
        return
    steps = ws.store.steps(person.id)
    click.echo(
        _("{name}: {stage}; applied {applied}").format(
            name=person.name,
            stage=timeline.stage_text(entry["stage"]),
            applied=person.applied.isoformat() if person.applied else "?",
        )
    )
    rows = []
    for s in steps:
        when = s.date.isoformat() + (f"..{s.date_to.isoformat()}" if s.date_to else "")
        extra = []
        if s.by:
            extra.append("、".join(s.by))
        if s.meeting_id:
            extra.append(s.meeting_id)
        if s.hours is not None:
            extra.append(_("{n} class hours").format(n=s.hours))
        if s.note:
            extra.append(s.note)
        rows.append(
            [
                when,
                f"{s.step} ({timeline.step_text(s.step)})",
                "; ".join(extra),
                _("override: {reason}").format(reason=s.override) if s.override else "",
            ]
        )
    if rows:
        echo_table([_("date"), _("step"), _("details"), _("override")], rows)
    click.echo(_("Next: {next}").format(next=_next_line(entry)))
    if entry["next"] and entry["next"]["article"]:
        click.echo(_("  under {article}").format(article=entry["next"]["article"]))
    for path in written:
        click.echo(_("Wrote {path}").format(path=path.relative_to(ws.root)))


@development.command(
    "add",
    help=N_(
        "Put an applicant NAME in the pipeline (not on the roster until admitted).\n\n"
        "--applied is the date of the written application (default: today)."
    ),
)
@click.argument("name")
@click.option("--applied", metavar="DATE", help=N_("Date of the application, YYYY-MM-DD."))
@click.option("--born", metavar="DATE", help=N_("Date of birth, YYYY-MM-DD (18 at application)."))
@click.option("--group", "group", metavar="G", default="", help=N_("The party group."))
@click.option("--note", default="", help=N_("A note."))
@click.pass_obj
def add(
    obj: Context, name: str, applied: str | None, born: str | None, group: str, note: str
) -> None:
    from ..development import pipeline, timeline

    ws = obj.workspace
    person = pipeline.add(ws, name, applied, born, group, note)
    click.echo(
        _("Added {name} (applied {applied}).").format(
            name=person.name, applied=person.applied.isoformat() if person.applied else ""
        )
    )
    entry = timeline.as_dict(ws, person)
    click.echo(_("Next: {next}").format(next=_next_line(entry)))


@development.command(
    "step",
    help=N_(
        "Record step STEP of NAME: talk, activist, contacts, review, candidate, sponsors, "
        "political-review, training, publicity, pre-review, admission, approval, oath, "
        "probation-review, full-membership, full-approval.\n\n"
        "A step earlier than a rule allows is refused with the article and the earliest "
        "date; --override REASON records it anyway, with the reason."
    ),
)
@click.argument("name")
@click.argument("step", metavar="STEP")
@click.option("--date", metavar="DATE", help=N_("The step's date, YYYY-MM-DD (default: today)."))
@click.option(
    "--by",
    "by",
    multiple=True,
    metavar="NAME",
    help=N_("A member who took part (repeated, one member each): contacts, sponsors …"),
)
@click.option("--meeting", "meeting_id", metavar="ID", help=N_("The general meeting that voted."))
@click.option("--hours", type=int, metavar="N", help=N_("Class hours of the training."))
@click.option("--from", "date_from", metavar="DATE", help=N_("First day of the publicity."))
@click.option("--to", "date_to", metavar="DATE", help=N_("Last day of the publicity."))
@click.option(
    "--extend",
    type=int,
    metavar="MONTHS",
    help=N_("probation-review: the general meeting extended the probation by MONTHS (6-12, once)."),
)
@click.option("--note", default="", help=N_("A note."))
@click.option(
    "--override",
    metavar="REASON",
    help=N_("Record the step although a rule refuses it, with the reason (shown with the step)."),
)
@click.pass_obj
def step(
    obj: Context,
    name: str,
    step: str,
    date: str | None,
    by: tuple[str, ...],
    meeting_id: str | None,
    hours: int | None,
    date_from: str | None,
    date_to: str | None,
    extend: int | None,
    note: str,
    override: str | None,
) -> None:
    from ..development import pipeline

    ws = obj.workspace
    done = pipeline.record(
        ws,
        name,
        step,
        date=date,
        date_from=date_from,
        date_to=date_to,
        by=by,
        meeting_id=meeting_id,
        hours=hours,
        extend=extend,
        note=note,
        override=override,
    )
    _report(ws, name, done)


def _report(ws: Workspace, name: str, done: Recorded) -> None:
    from ..development import timeline

    click.echo(
        _("Recorded {step} ({words}) of {name} on {date}.").format(
            step=done.step,
            words=timeline.step_text(done.step),
            name=name,
            date=done.date.isoformat(),
        )
    )
    for line in done.overridden:
        click.echo(_("  overridden: {what}").format(what=line))
    for line in done.warnings:
        click.echo(_("  warning: {what}").format(what=line))
    if done.roster:
        click.echo("  " + done.roster)
    for path in done.written:
        click.echo(_("  Wrote {path}").format(path=path.relative_to(ws.root)))
