"""A meeting's appraisal (``meetkit appraisal open|close|add|grade``: every member graded on
one page, with the warnings) and a life meeting's cycle (``meetkit opinions open|close|add``,
``meetkit problem add``, ``meetkit talk``/``talks`` with the coverage table, the
self-inspection templates, ``meetkit report``), on the meeting's page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import flash, g, request
from flask.typing import ResponseReturnValue

from ..errors import MeetkitError
from ..web import site
from ..web.rules import load_meeting
from .blueprint import back, bp
from .words import console_words

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..workspace import Workspace


def appraisal_context(ws: Workspace, meeting: Meeting, expected: list) -> dict[str, Any] | None:
    """The appraisal's state, each graded member's votes and grade, the warnings; None for a
    meeting without an appraisal."""
    from ..decisions import appraisal as ap

    if not ws.plugins.uses(meeting, "appraisal"):  # the type that holds it (the life meeting)
        return None
    data = ap.summary(ws, meeting, reveal=True)
    return {
        "state": data["state"],
        "ballots": data["ballots"],
        "members": data["members"],
        "grades": [(key, ap.grade_word(key, g.lang)) for key in ap.GRADES],
        "warnings": ap.warnings(ws, meeting, g.lang),
    }


def life_context(ws: Workspace, meeting: Meeting) -> dict[str, Any] | None:
    """The life meeting's cycle: opinions, problems, talks and their coverage, self-inspection
    templates; None for other meetings."""
    if not ws.plugins.uses(meeting, "opinions"):  # a life meeting's cycle
        return None
    from ..followup import actions
    from ..life import opinions, talks

    cover = talks.coverage(ws, meeting)
    folder = ws.meeting_folder(meeting)
    # one self-inspection template per member, in selfcheck/ (a per-member document)
    selfchecks = sorted(p.relative_to(folder).as_posix() for p in folder.glob("selfcheck/*.docx"))
    problems = actions.listing(ws, "all", meeting_id=meeting.id, kind="rectification")
    return {
        "opinions_open": opinions.is_open(ws, meeting),
        "opinions": opinions.grouped(ws.store.opinions(meeting.id), g.lang),
        "categories": [(k, opinions.category_text(k, g.lang)) for k in opinions.CATEGORIES],
        "problems": actions.rows(ws, problems, g.lang),
        "talks": talks.rows(ws, meeting, g.lang),
        "covered": cover["members_covered"],
        "total": cover["members_total"],
        "missing": cover["missing"],
        "selfchecks": selfchecks,
        "people": [m.label for m in ws.store.expected_members(meeting.id)],
    }


@bp.post("/meetings/<meeting_id>/appraisal")
def appraisal(meeting_id: str) -> ResponseReturnValue:
    """``meetkit appraisal open|close ID``, ``appraisal add`` (one paper ballot: a grade per
    member) and ``appraisal grade`` for every member at once (``action``)."""
    from ..decisions import appraisal as ap

    cached = load_meeting(meeting_id)
    ws = site().workspace
    c = console_words(g.lang)
    meeting = ws.meeting(cached.meeting.id)
    action = request.form.get("action", "")
    try:
        if action == "open":
            ap.open_appraisal(ws, meeting)
            flash(c["appraisal_opened"], "ok")
        elif action == "close":
            state = ap.close_appraisal(ws, meeting)
            flash(c["appraisal_closed"].format(n=state["ballots"]), "ok")
        elif action in ("paper", "grade"):
            picked = _picked(ws, meeting)
            if action == "paper":
                pairs = [f"{member}={grade}" for member, grade, _r in picked]
                reasons = {member: reason for member, _g, reason in picked if reason}
                n = ap.add_paper(ws, meeting, pairs, reasons)
                flash(c["paper_ballot_counted"].format(n=n), "ok")
            else:
                ap.set_grades(ws, meeting, picked)
                flash(c["grades_saved"].format(n=len(picked)), "ok")
                for line in ap.warnings(ws, meeting, g.lang):
                    flash(line, "info")
        else:
            raise MeetkitError(c["unknown_action"])
    except MeetkitError as exc:
        flash(str(exc), "error")
    site().forget(meeting.id)
    return back(meeting.id, "#appraisal")


def _picked(ws: Workspace, meeting: Meeting) -> list[tuple[str, str, str]]:
    """(member id, grade, reason) for each member given a grade on the form."""
    from ..decisions import appraisal as ap

    out = []
    for m in ap.graded_members(ws.store.expected_members(meeting.id)):
        key = ap.member_key(m)
        grade = request.form.get(f"grade-{key}", "")
        if grade:
            out.append((key, grade, request.form.get(f"reason-{key}", "")))
    return out


@bp.post("/meetings/<meeting_id>/life")
def life(meeting_id: str) -> ResponseReturnValue:
    """The life meeting's cycle, one ``action`` at a time: opinions-open, opinions-close,
    opinion (a paper one), problem, talk, report."""
    from ..life import meeting as lifemeeting
    from ..life import opinions, talks

    cached = load_meeting(meeting_id)
    ws = site().workspace
    c = console_words(g.lang)
    form = request.form
    action = form.get("action", "")
    try:
        meeting = opinions.life_meeting(ws, cached.meeting.id)
        if action == "opinions-open":
            from ..life.poster import write_poster

            opened = opinions.open_page(ws, meeting)
            url, _written = write_poster(ws, meeting, opened)
            flash(c["opinions_opened"].format(url=url), "ok")
        elif action == "opinions-close":
            opinions.close_page(ws, meeting)
            lifemeeting.refresh(ws, meeting, "opinions")
            flash(c["opinions_closed"], "ok")
        elif action == "opinion":
            about = form.get("about", "")
            if about:
                about = talks.label(
                    talks.find(ws.store.expected_members(meeting.id), about, "--about")
                )
            opinions.add(
                ws,
                meeting,
                form.get("text", ""),
                form.get("category") or None,
                source="paper",
                about=about,
                name=form.get("name", ""),
                where="TEXT",
            )
            lifemeeting.refresh(ws, meeting, "opinions")
            flash(c["opinion_added"], "ok")
        elif action == "problem":
            lifemeeting.add_problem(
                ws,
                meeting.id,
                form.get("text", ""),
                owner=form.get("owner") or None,
                due=form.get("due") or None,
                measures=form.get("measures", ""),
            )
            flash(c["problem_added"], "ok")
        elif action == "talk":
            talks.add(
                ws,
                meeting,
                form.get("a", ""),
                form.get("b", ""),
                form.get("date") or None,
                form.get("topic", ""),
                form.get("note", ""),
            )
            lifemeeting.refresh(ws, meeting, "talks")
            flash(c["talk_added"], "ok")
        elif action == "report":
            written = lifemeeting.write_report(ws, meeting.id)
            flash(c["wrote_files"].format(files=", ".join(w.path.name for w in written)), "ok")
        else:
            raise MeetkitError(c["unknown_action"])
    except MeetkitError as exc:
        flash(str(exc), "error")
    return back(cached.meeting.id, "#life")
