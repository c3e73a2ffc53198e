"""The organizational life meeting (组织生活会) and the democratic life meeting (民主生活会) as a
whole: the problem list, the self-inspection templates, who speaks in the criticism record,
the share of rectification completed, and the report to the higher-level committee
(情况报告), all from recorded data. The documents' variables are built here; the life plugin
(plugins/life.py) hands them to the renderer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..decisions.appraisal import grades_text  # the grades life meetings report
from ..errors import MeetkitError
from ..i18n import N_, T_, _, gettext_for, in_language, pgettext_for
from ..model.member import shown
from .opinions import life_meeting

if TYPE_CHECKING:
    from ..model.action import Action
    from ..model.meeting import Meeting
    from ..roster import Member
    from ..workspace import Workspace

# [life] selfcheck_headings in meetkit.toml replaces these (a list of strings).
SELFCHECK_HEADINGS = [
    T_("1. What I studied and learned"),
    T_("2. Problems found in self-inspection"),
    T_("3. Why the problems arose"),
    T_("4. What I will do: rectification measures"),
]


# A member as documents and file names show them (model.member.shown).
member_label = shown


def role_text(member: Member, lang: str) -> str:
    """书记/委员 for the committee, else the member's status: 预备党员 where probationary."""
    from ..roster import role_text as role_words
    from ..roster import status_text

    if member.committee:
        return role_words(member.role, lang)
    if member.status != "full":
        return status_text(member.status, lang)
    return role_words("member", lang)


def selfcheck_headings(ws: Workspace | None, lang: str) -> list[str]:
    """``[life] selfcheck_headings`` of meetkit.toml (checked with the file), else the defaults."""
    value = ws.config.setting("life", "selfcheck_headings") if ws is not None else None
    if value is None:
        return in_language(SELFCHECK_HEADINGS, lang)
    return [h.strip() for h in value]


# -- problems and rectification --------------------------------------------------------------
def add_problem(
    ws: Workspace,
    meeting_id: str,
    text: str | None,
    *,
    owner: str | None = None,
    due: str | None = None,
    measures: str = "",
    from_opinion: str | None = None,
) -> Action:
    """Put a problem on a life meeting's list: an action of kind rectification."""
    from ..followup import actions

    meeting = life_meeting(ws, meeting_id)
    if from_opinion is not None:
        opinion = ws.store.get_opinion(meeting.id, str(from_opinion).strip())
        if opinion is None:
            raise MeetkitError(
                _(
                    "--from-opinion: {meeting} has no opinion {n} (see `meetkit "
                    "opinions {meeting}`)"
                ).format(meeting=meeting.id, n=from_opinion)
            )
        text = text or opinion.text
    if owner is None:
        owner = gettext_for(meeting.lang)(N_("the branch"))  # the meeting's language
    owner = _check_owner(ws, owner)
    return actions.add(ws, meeting.id, text or "", owner, due or "", "rectification", measures)


def _check_owner(ws: Workspace, owner: str) -> str:
    """The owner text checked as `action add --owner` checks it (one resolver: labels, ids,
    bodies such as 党支部; an ambiguous or unknown name refused)."""
    from ..followup.actions import parse_owner

    return parse_owner(ws, owner)


def rectification_share(ws: Workspace, year: int) -> dict:
    """For the ledger (meetkit/reports/ledger.py may call this): the rectification items of the life
    meetings held in ``year``: ``total``, ``done``, and ``share`` (done / total, None when there
    are none)."""
    items = [
        a
        for a in ws.store.list_actions(kind="rectification")
        if a.meeting_date is not None and a.meeting_date.year == year
    ]
    done = sum(1 for a in items if a.status == "done")
    return {"total": len(items), "done": done, "share": (done / len(items)) if items else None}


def appraisal_counts(ws: Workspace, meeting: Meeting) -> dict | None:
    """The appraisal's result of ``meeting`` as {grade: count}, or None when none is recorded."""
    from ..decisions.appraisal import result_counts

    try:
        counts = result_counts(ws, meeting)
    except MeetkitError:
        return None
    return dict(counts) if counts else None


# -- what the documents get ------------------------------------------------------------------
def _attendance(ws: Workspace, meeting: Meeting) -> dict | None:
    """The attendance summary, or None before anyone signed in or was recorded."""
    from ..attendance.rules import load

    summary = load(ws, meeting, meeting.lang)
    known = bool(
        summary["present"]
        or summary["late"]
        or summary["leave"]
        or summary["guests"]
        or meeting.signin_closed_at
    )
    return summary if known else None


def speakers(ws: Workspace, meeting: Meeting, expected: list, lang: str) -> list[dict]:
    """Who gets a section in the criticism record: those present once attendance is known,
    else everyone expected (the record is filled in by hand)."""
    summary = _attendance(ws, meeting)
    present = None if summary is None else set(summary["present"]) | set(summary["late"])
    people = [m for m in expected if present is None or m.name in present]
    return [
        {"no": i, "name": member_label(m), "role": role_text(m, lang)}
        for i, m in enumerate(people, 1)
    ]


def context(ws: Workspace, meeting: Meeting, document: str, base: dict) -> dict:
    """The life documents' variables (docs/templates.md, "Life meeting")."""
    lang = base.get("lang", meeting.lang)
    expected = ws.store.expected_members(meeting.id)
    out: dict[str, Any] = {
        "life": {
            "last_meeting": _last_meeting_text(ws, meeting, lang),
            "team": ws.plugins.uses(meeting, "team"),
        }
    }
    if document == "criticism":
        out["speakers"] = speakers(ws, meeting, expected, lang)
    elif document == "talks":
        from .talks import rows

        out["talks"] = rows(ws, meeting, lang)
    elif document == "opinions":
        from .opinions import grouped

        ops = ws.store.opinions(meeting.id)
        out["opinions"] = {"total": len(ops), "groups": grouped(ops, lang)}
    elif document == "selfcheck":
        out["selfcheck"] = {"headings": selfcheck_headings(ws, lang)}
        # the renderer sets ``member`` for each member's file; a sample gets the first one
        first: dict[str, Any] = next(iter(base.get("members") or []), {})
        out["member"] = base.get("member") or dict(first, label=first.get("name", ""))
    elif document == "report":
        out["report"] = report(ws, meeting, expected, lang)
    return out


def _last_meeting_text(ws: Workspace, meeting: Meeting, lang: str) -> str:
    """ "上次组织生活会" / "上次民主生活会" with its date when there was one."""
    from ..documents.context import long_date

    previous = ws.store.previous_meeting(meeting) if meeting.id else None
    name = ws.plugins.meeting_type(meeting.type).title(lang)
    _ = gettext_for(lang)  # the meeting's language
    if previous is None:
        return _("the last {name}").format(name=name)
    when = long_date(previous.date, lang)
    return _("the last {name} ({when})").format(name=name, when=when)


def report(ws: Workspace, meeting: Meeting, expected: list, lang: str) -> dict:
    """The 情况报告's facts, each blank ("") where nothing was recorded."""
    from ..attendance.rules import minutes_attendance, should_attend
    from ..followup import actions
    from .opinions import CATEGORIES, category_text
    from .talks import coverage, kind_text

    pgettext = pgettext_for(lang)  # the meeting's language
    sep = pgettext("list separator", ", ")
    summary = _attendance(ws, meeting)
    att = minutes_attendance(summary, lang) if summary is not None else None
    ops = ws.store.opinions(meeting.id)
    by_cat = [(category_text(k, lang), sum(1 for o in ops if o.category == k)) for k in CATEGORIES]
    cov = coverage(ws, meeting)
    kinds: dict[str, int] = {}
    for t in cov["talks"]:
        kinds[t["kind"]] = kinds.get(t["kind"], 0) + 1
    counts = appraisal_counts(ws, meeting)
    problems = ws.store.list_actions(meeting_id=meeting.id, kind="rectification")
    carried = actions.carried(ws, meeting, "rectification")
    closed = actions.closed_since_last(ws, meeting, "rectification")
    spoke = len(summary["present"]) + len(summary["late"]) if summary else None

    return {
        "guests": att["guests"] if att and summary is not None and summary["guests"] else "",
        # 应到 as the statement below counts it (attendance.should_attend)
        "expected": summary["expected"]
        if summary is not None
        else len(should_attend(expected, ws.config.exclude_away)),
        "present": att["present_count"] if att else "",
        "attendance": att["statement"] if att else "",
        "absent": att["absent_text"] if att else "",
        "opinions_total": len(ops) if ops else "",
        "opinions": sep.join(
            pgettext("report: opinions", "{category}: {n}").format(category=name, n=n)
            for name, n in by_cat
            if n
        ),
        "talks_total": len(cov["talks"]) if cov["talks"] else "",
        "talks": sep.join(
            pgettext("report: talks", "{kind}: {n}").format(kind=kind_text(k, lang), n=n)
            for k, n in kinds.items()
        ),
        "talks_coverage": (
            f"{cov['members_covered']}/{cov['members_total']}"
            if cov["talks"] and cov["members_total"]
            else ""
        ),
        "talks_missing": len(cov["missing"]) if cov["talks"] else "",
        "spoke": spoke if spoke else "",
        "appraisal": grades_text(counts, lang) if counts else "",
        "problems": actions.rows(ws, problems, lang),
        "problems_total": len(problems) if problems else "",
        "carried_total": len(carried) + len(closed) if (carried or closed) else "",
        "carried_done": len(closed) if (carried or closed) else "",
    }


def write_report(ws: Workspace, meeting_id: str) -> list:
    """Render report.docx of a life meeting from what is recorded now."""
    from ..documents.pack import render_pack

    meeting = life_meeting(ws, meeting_id)
    return render_pack(ws, meeting, only=("report",))


def refresh(ws: Workspace, meeting: Meeting, *names: str) -> list:
    """Re-render some of a life meeting's documents after new data was recorded."""
    from ..documents.pack import render_pack

    if not ws.plugins.uses(meeting, "report"):
        return []
    return render_pack(ws, meeting, only=names)
