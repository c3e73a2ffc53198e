"""The paper of developing a member, under ``development/<name>/`` in the workspace, each written
by the step it belongs to from a template (development-<doc>.docx in this package's
templates/<lang>/, built by tools/build_development_templates.py; a workspace's own
templates/<lang>/ copy wins), in the workspace's language:

talk.docx (入党申请人谈话记录), activist.docx (入党积极分子登记及半年考察表), publicity.docx
(发展对象公示), political-review.docx (政治审查综合报告), admission.docx (支部大会决议摘录, for
the 入党志愿书), probation-review.docx (预备党员考察表), full-membership.docx (转正决议) and
checklist.docx (发展党员材料目录: every material with its date), rewritten at every step."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from .. import clock
from ..i18n import N_, gettext_for
from ..model import workdays
from .rules import add_months
from .steps import REPEATED, STEPS

if TYPE_CHECKING:
    from ..store.development import Person, Step
    from ..workspace import Workspace

TEMPLATES = Path(__file__).with_name("templates")
# document -> the steps that (re)write it
DOCUMENTS = {
    "talk": ("talk",),
    "activist": ("activist", "contacts", "review", "candidate"),
    "publicity": ("publicity",),
    "political-review": ("political-review",),
    "admission": ("admission", "approval"),
    "probation-review": ("oath", "probation-review"),
    "full-membership": ("full-membership", "full-approval"),
    "checklist": STEPS,
}
# The dossier's materials (发展党员材料目录), in order: (step, words, document written).
MATERIALS = (
    ("applied", N_("Application for party membership"), ""),
    ("talk", N_("Record of the talk with the applicant"), "talk"),
    ("activist", N_("Activist registration and half-year review form"), "activist"),
    ("contacts", N_("Appointment of the contacts"), "activist"),
    ("candidate", N_("Decision listing the candidate"), "activist"),
    ("sponsors", N_("Sponsors' opinions"), ""),
    ("political-review", N_("Political review summary"), "political-review"),
    ("training", N_("Certificate of the concentrated training"), ""),
    ("publicity", N_("Candidate publicity notice"), "publicity"),
    ("pre-review", N_("Pre-review opinion of the higher committee"), ""),
    ("admission", N_("General meeting resolution on admission"), "admission"),
    ("approval", N_("Approval by the higher committee"), "admission"),
    ("oath", N_("Oath"), "probation-review"),
    ("probation-review", N_("Probation review form"), "probation-review"),
    ("full-membership", N_("General meeting resolution on full membership"), "full-membership"),
    ("full-approval", N_("Approval of full membership"), "full-membership"),
)


def folder(ws: Workspace, person: Person) -> Path:
    return ws.root / "development" / person.name


def _vote(ws: Workspace, person: Person, step: str, meeting_id: str | None) -> dict:
    """The general meeting's tally on ``person`` (blank where none was recorded)."""
    blank = {"yes": "", "no": "", "abstain": "", "required": "", "entitled": ""}
    if not meeting_id:
        return blank
    from ..decisions import votes as decisions
    from ..errors import MeetkitError

    try:
        meeting = ws.meeting(meeting_id)
    except MeetkitError:  # deleted since (`meetkit delete`): the step keeps its id
        return blank
    linked = [t for t, (pid, s) in ws.store.linked_votes(meeting.id).items() if pid == person.id]
    result = next(
        (r for r in decisions.results(ws, meeting) if r["text"] in linked and r["for"] is not None),
        None,
    )
    if result is None:
        return blank
    meeting_type = ws.plugins.meeting_type(meeting.type)
    expected = decisions.should_attend(ws, ws.store.expected_members(meeting.id), meeting)
    return {
        "yes": result["for"],
        "no": result["against"],
        "abstain": result["abstain"],
        "required": result["required"],
        "entitled": len(decisions.entitled(meeting_type, expected)),
    }


def context(ws: Workspace, person: Person, lang: str) -> dict:
    """What the development templates are rendered with (docs/development.md lists it)."""
    from ..documents.context import joiner, long_date

    _ = gettext_for(lang)
    sep = joiner(lang)
    steps = ws.store.steps(person.id)

    def day(value: dt.date | None) -> str:
        return long_date(value, lang) if value else ""

    def entry(s: Step | _Blank) -> dict:
        return {
            "date": day(s.date),
            "date_to": day(s.date_to),
            "by": sep.join(s.by),
            "meeting": s.meeting_id or "",
            "hours": "" if s.hours is None else s.hours,
            "extend": _("Probation extended by {n} months").format(n=s.months)
            if getattr(s, "months", None)
            else "",
            "note": s.note,
            "override": (_("Recorded despite the rules: {reason}").format(reason=s.override))
            if s.override
            else "",
            "workdays": workdays.workdays_between(s.date, s.date_to) if s.date_to else "",
            "provisional": _("(working days counted provisionally)")
            if s.date_to and workdays.is_provisional(s.date, s.date_to)
            else "",
        }

    blank = {k: "" for k in entry(_Blank()).keys()}
    by_step: dict[str, dict] = {k.replace("-", "_"): dict(blank) for k in STEPS}
    first: dict[str, object] = {}
    for s in steps:
        if s.step not in REPEATED and s.step not in first:
            first[s.step] = s
            by_step[s.step.replace("-", "_")] = entry(s)
    admitted = first.get("admission")
    probation = {"start": "", "end": ""}
    if admitted is not None:
        start = admitted.date  # type: ignore[attr-defined]
        probation = {"start": day(start), "end": day(add_months(start, 12))}
    dates = {"applied": person.applied}
    dates.update({k: v.date for k, v in first.items()})  # type: ignore[attr-defined]
    for s in steps:
        if s.step in REPEATED:
            dates[s.step] = s.date
    checklist: list[dict] = []
    for step, words, doc in MATERIALS:
        done = dates.get(step)
        checklist.append(
            {
                "no": len(checklist) + 1,
                "title": _(words),
                "date": day(done),
                "short_date": done.strftime("%Y.%m.%d") if done else "",  # tables: 2024.09.16
                "file": f"{doc}.docx" if doc and done else "",
                "override": by_step.get(step.replace("-", "_"), {}).get("override", ""),
            }
        )

    def numbered(key: str) -> list[dict]:
        return [{"no": n, **entry(s)} for n, s in enumerate((s for s in steps if s.step == key), 1)]

    return {
        "lang": lang,
        "branch": {"name": ws.config.branch},
        "person": {
            "name": person.name,
            "group": person.group,
            "applied": day(person.applied),
            "born": day(person.born),
            "note": person.note,
        },
        "steps": by_step,
        "reviews": numbered("review"),
        "probation_reviews": numbered("probation-review"),
        "checklist": checklist,
        "vote": {
            "admission": _vote(ws, person, "admission", by_step["admission"]["meeting"]),
            "full_membership": _vote(
                ws, person, "full-membership", by_step["full_membership"]["meeting"]
            ),
        },
        "probation": probation,
        "generated": day(clock.today()),
    }


class _Blank:
    """A step not taken: every field empty (the shape of ``entry``)."""

    date = None
    date_to = None
    by: tuple = ()
    meeting_id = None
    hours = None
    months = None
    note = ""
    override = None


def _write(ws: Workspace, person: Person, names: list[str]) -> list[Path]:
    from ..documents.render import render_bytes
    from ..documents.templates import find_template
    from ..files import atomic_write_bytes
    from ..model.types import DocumentSpec

    lang = ws.config.lang
    ctx = context(ws, person, lang)
    out = folder(ws, person)
    rendered = []
    for name in names:
        spec = DocumentSpec(f"development-{name}", template_dir=TEMPLATES)
        template, _origin = find_template(spec, lang, ws.root)
        rendered.append((out / f"{name}.docx", render_bytes(template, ctx)))
    out.mkdir(parents=True, exist_ok=True)  # all rendered in memory first: all or nothing
    for path, data in rendered:
        atomic_write_bytes(path, data)
    return [path for path, _data in rendered]


def write_for_step(ws: Workspace, person: Person, step: str) -> list[Path]:
    """The documents ``step`` belongs to, and the checklist."""
    return _write(ws, person, [name for name, steps in DOCUMENTS.items() if step in steps])


def write_all(ws: Workspace, person: Person) -> list[Path]:
    """Every document of ``person`` whose steps are on record, and the checklist."""
    done = {s.step for s in ws.store.steps(person.id)}
    return _write(
        ws,
        person,
        [n for n, steps in DOCUMENTS.items() if n == "checklist" or done & set(steps)],
    )
