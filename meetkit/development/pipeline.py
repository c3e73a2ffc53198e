"""People in the pipeline and their steps: adding an applicant, recording a step against the
rules, the timeline of one person and what is due for everyone.

A step earlier than a rule allows (or missing what must come before it, or with the wrong
people, too few training hours, too short a publicity) is refused with the rule's article and,
where there is one, the earliest date; ``override`` (``--override REASON``) records it anyway
with the reason, which is shown wherever the step is. A step later than a deadline is recorded
with a warning: the deadline is shown as missed, nothing is blocked.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .. import clock, workdays
from ..errors import MeetkitError
from ..i18n import _, gettext_for
from . import rules as rules_mod
from .rules import Rule, add_months
from .steps import (
    MEETING_STEPS,
    REPEATED,
    REQUIRES,
    SPAN_STEPS,
    STAGE_TEXT,
    STEP_TEXT,
    STEPS,
    stage_of,
)

NAME_MAX = 40
NOTE_MAX = 500
DUE_WITHIN_DAYS = 60  # probationary members due for 转正 within this many days are listed


class Refused(MeetkitError):
    """A step a rule does not allow (yet): the message names the article and earliest date."""


@dataclass
class Problem:
    message: str
    rule: Rule | None = None
    earliest: dt.date | None = None


@dataclass
class Recorded:
    step: str
    date: dt.date
    warnings: list[str] = field(default_factory=list)
    overridden: list[str] = field(default_factory=list)
    roster: str = ""  # what was written to the roster file
    written: list = field(default_factory=list)


def step_text(step: str, lang: str | None = None) -> str:
    tr = gettext_for(lang) if lang else _
    return tr(STEP_TEXT[step])


def stage_text(stage: str, lang: str | None = None) -> str:
    tr = gettext_for(lang) if lang else _
    return tr(STAGE_TEXT[stage])


def clean_name(name: str, option: str = "NAME") -> str:
    value = re.sub(r"\s+", " ", re.sub(r"[\x00-\x1f\x7f]", " ", str(name or ""))).strip()
    if not value:
        raise MeetkitError(_("{option}: the name is empty").format(option=option))
    if len(value) > NAME_MAX or "/" in value or "\\" in value or value.startswith("."):
        raise MeetkitError(
            _(
                "{option}: {name!r} is not a name meetkit can keep (at most {n} characters, "
                "no / or \\)"
            ).format(option=option, name=value, n=NAME_MAX)
        )
    return value


def clean_note(note: str) -> str:
    value = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", str(note or "")).strip()
    if len(value) > NOTE_MAX:
        raise MeetkitError(_("--note: longer than {n} characters").format(n=NOTE_MAX))
    return value


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise MeetkitError(
            _("{option}: {value!r} is not a date (YYYY-MM-DD)").format(option=option, value=value)
        ) from None


def rules_of(ws) -> list[Rule]:
    return rules_mod.load(ws.root)


def person_or_fail(ws, name: str):
    person = ws.store.person(clean_name(name))
    if person is None:
        names = [p.name for p in ws.store.people()]
        import difflib

        close = difflib.get_close_matches(name, names, n=3, cutoff=0.3)
        hint = _("; did you mean {names}?").format(names=", ".join(close)) if close else ""
        raise MeetkitError(
            _(
                "{name!r} is not in the pipeline (add them with `meetkit development add "
                "{name}`){hint}"
            ).format(name=name, hint=hint)
        )
    return person


# -- adding ----------------------------------------------------------------------------------
def add(ws, name: str, applied=None, born=None, group: str = "", note: str = ""):
    """Put an applicant in the pipeline (not on the roster until admitted)."""
    name = clean_name(name)
    applied_day = parse_date(applied, "--applied") or clock.today()
    born_day = parse_date(born, "--born")
    if applied_day > clock.today():
        raise MeetkitError(
            _("--applied: {date} is in the future").format(date=applied_day.isoformat())
        )
    for rule in rules_mod.for_step(rules_of(ws), "applied", "min_age"):
        if born_day is None:
            continue
        of_age = add_months(born_day, 12 * rule.years)
        if applied_day < of_age:
            raise Refused(
                _(
                    "--applied {applied}: {name} is under {years} at the application "
                    "({cite}: “{quote}”); the earliest date is {earliest}"
                ).format(
                    applied=applied_day.isoformat(),
                    name=name,
                    years=rule.years,
                    cite=rule.cite(),
                    quote=rule.quote,
                    earliest=of_age.isoformat(),
                )
            )
    if any(m.name == name for m in ws.members):
        raise MeetkitError(
            _("{name} is already on the roster ({roster}); the pipeline is for applicants").format(
                name=name, roster=ws.roster_path.name
            )
        )
    person = ws.store.add_person(
        name, applied_day, born_day, " ".join((group or "").split()), clean_note(note)
    )
    if person is None:
        raise MeetkitError(
            _("{name} is already in the pipeline (see `meetkit development {name}`)").format(
                name=name
            )
        )
    return person


# -- what is on record -----------------------------------------------------------------------
def dates_of(person, steps) -> dict[str, dt.date]:
    """{step: date} of the steps on record: the first of a step taken once, the last of a
    repeated one; ``applied`` too."""
    out: dict[str, dt.date] = {}
    if person.applied:
        out["applied"] = person.applied
    for s in steps:
        if s.step in REPEATED:
            out[s.step] = max(out.get(s.step, s.date), s.date)
        else:
            out.setdefault(s.step, s.date)
    return out


def _end(step, dates: dict, steps) -> dt.date | None:
    """When a step on record ended (publicity: its last day)."""
    if step in SPAN_STEPS:
        for s in steps:
            if s.step == step and s.date_to:
                return s.date_to
    return dates.get(step)


def _local_publicity(rules: list[Rule]) -> Rule | None:
    return next(iter(rules_mod.for_step(rules, "publicity", "min_workdays")), None)


def requires(step: str, rules: list[Rule]) -> tuple[str, ...]:
    """What must be on record before ``step``: the 细则's order, and publicity before the
    pre-review where a local publicity rule is in force."""
    needed = REQUIRES[step]
    if step == "pre-review" and _local_publicity(rules) is not None:
        needed = (*needed, "publicity")
    return needed


# -- checking a step -------------------------------------------------------------------------
def _refusal(step, day, rule: Rule, earliest: dt.date) -> Problem:
    return Problem(
        _(
            "{step} on {date} is earlier than {cite} allows: the earliest date is "
            "{earliest} (“{quote}”)"
        ).format(
            step=step,
            date=day.isoformat(),
            cite=rule.cite(),
            earliest=earliest.isoformat(),
            quote=rule.quote,
        ),
        rule,
        earliest,
    )


def _check_people(ws, step: str, by: list, rules: list[Rule]) -> tuple[list, list[Problem]]:
    """The members ``--by`` names, and the problems with them (the roster's word on each)."""
    from ..roster import status_text

    members = [ws.member(name, "--by") for name in by]
    problems = []
    for rule in rules_mod.for_step(rules, step, "people"):
        if not rule.min <= len(members) <= rule.max:
            wanted = str(rule.min) if rule.min == rule.max else f"{rule.min}-{rule.max}"
            problems.append(
                Problem(
                    _(
                        "{step}: --by names {n} member(s), {cite} asks for {wanted} full "
                        "members (“{quote}”)"
                    ).format(
                        step=step,
                        n=len(members),
                        cite=rule.cite(),
                        wanted=wanted,
                        quote=rule.quote,
                    ),
                    rule,
                )
            )
        for m in members:
            if m.status != "full":
                problems.append(
                    Problem(
                        _(
                            "{step}: --by {name} is a {status}; {cite} asks for full members "
                            "(“{quote}”)"
                        ).format(
                            step=step,
                            name=m.label or m.name,
                            status=status_text(m.status, ws.config.lang),
                            cite=rule.cite(),
                            quote=rule.quote,
                        ),
                        rule,
                    )
                )
    seen = set()
    for m in members:
        if m.id in seen:
            raise MeetkitError(_("--by: {name} is named twice").format(name=m.label or m.name))
        seen.add(m.id)
    return members, problems


def _vote_problems(ws, person, step, meeting, rules) -> tuple[list[Problem], list[str], Any]:
    """The general meeting's vote on ``person`` at ``meeting``: problems, warnings, tally."""
    from .. import decisions

    problems: list[Problem] = []
    warnings: list[str] = []
    linked = ws.store.linked_votes(meeting.id)
    items = [text for text, (pid, s) in linked.items() if pid == person.id and s == step]
    rule = next(iter(rules_mod.for_step(rules, step, "vote")), None)
    if not items:
        warnings.append(
            _(
                "{meeting} has no vote item on {name} (prepare it with `meetkit prepare "
                "general --admit NAME` or `--full-membership NAME`): the vote is not checked"
            ).format(meeting=meeting.id, name=person.name)
        )
        return problems, warnings, None
    result = next((r for r in decisions.results(ws, meeting) if r["text"] == items[0]), None)
    if result is None or result["for"] is None:
        problems.append(
            Problem(
                _(
                    "{meeting}: the vote on “{item}” has no tally yet (record it with `meetkit "
                    "vote {meeting} {n} --for N --against N --abstain N`)"
                ).format(meeting=meeting.id, item=items[0], n=result["item"] if result else "?"),
                rule,
            )
        )
    elif not result["passed"]:
        problems.append(
            Problem(
                _("{meeting}: “{item}” did not pass ({yes} for, {need} needed){cite}").format(
                    meeting=meeting.id,
                    item=items[0],
                    yes=result["for"],
                    need=result["required"],
                    cite=f" ({rule.cite()}: “{rule.quote}”)" if rule else "",
                ),
                rule,
            )
        )
    return problems, warnings, result


def check(
    ws,
    person,
    step: str,
    day: dt.date,
    *,
    date_to: dt.date | None = None,
    members: list | None = None,
    hours: int | None = None,
    meeting=None,
    rules: list[Rule] | None = None,
    steps: list | None = None,
) -> tuple[list[Problem], list[str]]:
    """(problems that refuse the step, warnings that don't) for ``step`` on ``day``."""
    rules = rules_of(ws) if rules is None else rules
    steps = ws.store.steps(person.id) if steps is None else steps
    dates = dates_of(person, steps)
    problems: list[Problem] = []
    warnings: list[str] = []
    if person.applied and day < person.applied:
        problems.append(
            Problem(
                _("{step} on {date} is before the application ({applied})").format(
                    step=step, date=day.isoformat(), applied=person.applied.isoformat()
                ),
                None,
                person.applied,
            )
        )
    for before in requires(step, rules):
        if before not in dates:
            problems.append(
                Problem(
                    _("{step}: record {before} ({words}) first").format(
                        step=step, before=before, words=step_text(before)
                    )
                )
            )
            continue
        end = _end(before, dates, steps)
        assert end is not None
        earliest = end + dt.timedelta(days=1) if before in SPAN_STEPS else end
        if day < earliest:
            problems.append(
                Problem(
                    _(
                        "{step} on {date} comes before {before} ({on}): the earliest date is {earliest}"
                    ).format(
                        step=step,
                        date=day.isoformat(),
                        before=before,
                        on=end.isoformat(),
                        earliest=earliest.isoformat(),
                    ),
                    None,
                    earliest,
                )
            )
    for rule in rules_mod.for_step(rules, step):
        anchor = dates.get(rule.after) if rule.after else None
        if rule.kind == "not_before" and anchor:
            earliest = add_months(anchor, rule.months)
            if day < earliest:
                problems.append(_refusal(step, day, rule, earliest))
        elif rule.kind == "within" and anchor:
            deadline = add_months(anchor, rule.months)
            if day > deadline:
                warnings.append(
                    _(
                        "{step} on {date} is later than {cite} allows (deadline {deadline}: "
                        "“{quote}”); recorded as late"
                    ).format(
                        step=step,
                        date=day.isoformat(),
                        cite=rule.cite(),
                        deadline=deadline.isoformat(),
                        quote=rule.quote,
                    )
                )
        elif rule.kind == "min_hours":
            days = (date_to - day).days + 1 if date_to else 0
            if (hours or 0) < rule.hours and not (rule.days and days >= rule.days):
                problems.append(
                    Problem(
                        _(
                            "training: {hours} class hours is less than {cite} asks for (“{quote}”)"
                        ).format(hours=hours or 0, cite=rule.cite(), quote=rule.quote),
                        rule,
                    )
                )
        elif rule.kind == "min_workdays" and date_to:
            counted = workdays.workdays_between(day, date_to)
            provisional = workdays.is_provisional(day, date_to)
            if counted < rule.workdays:
                end = workdays.add_workdays(
                    day, rule.workdays - 1 if workdays.is_workday(day) else rule.workdays
                )
                problems.append(
                    Problem(
                        _(
                            "publicity {start}..{end} holds {n} working day(s){provisional}; "
                            "{cite} asks for {need} (“{quote}”): the earliest last day is "
                            "{earliest}"
                        ).format(
                            start=day.isoformat(),
                            end=date_to.isoformat(),
                            n=counted,
                            provisional=_(
                                " (provisional: the year's holidays are not published yet)"
                            )
                            if provisional
                            else "",
                            cite=rule.cite(),
                            need=rule.workdays,
                            quote=rule.quote,
                            earliest=end.isoformat(),
                        ),
                        rule,
                        end,
                    )
                )
            elif provisional:
                warnings.append(
                    _(
                        "publicity: {n} working days counted provisionally (the official "
                        "holidays of {year} are not published yet)"
                    ).format(n=counted, year=date_to.year)
                )
    if members is not None:
        problems += _check_people(ws, step, members, rules)[1]
    if meeting is not None:
        found, said, _tally = _vote_problems(ws, person, step, meeting, rules)
        problems += found
        warnings += said
    return problems, warnings


# -- recording a step ------------------------------------------------------------------------
def record(
    ws,
    name: str,
    step: str,
    *,
    date: str | dt.date | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    by: tuple | list = (),
    meeting_id: str | None = None,
    hours: int | None = None,
    note: str = "",
    override: str | None = None,
    write_documents: bool = True,
) -> Recorded:
    """Check and record ``step`` of ``name``; on ``approval`` and ``full-approval`` the roster
    file changes; the step's documents are written. Refused steps raise ``Refused``."""
    if step not in STEPS:
        raise MeetkitError(
            _("STEP: {step!r} is not one of {steps}").format(step=step, steps=", ".join(STEPS))
        )
    person = person_or_fail(ws, name)
    rules = rules_of(ws)
    steps = ws.store.steps(person.id)
    override = " ".join((override or "").split()) or None
    if override is not None and len(override) > NOTE_MAX:
        raise MeetkitError(_("--override: longer than {n} characters").format(n=NOTE_MAX))
    note = clean_note(note)
    # the options each step takes
    day: dt.date | None
    end = None
    if step in SPAN_STEPS:
        if date is not None:
            raise MeetkitError(_("{step} takes --from and --to, not --date").format(step=step))
        day = parse_date(date_from, "--from")
        end = parse_date(date_to, "--to")
        if day is None or end is None:
            raise MeetkitError(_("{step} needs --from DATE and --to DATE").format(step=step))
        if end < day:
            raise MeetkitError(
                _("--to {to} is before --from {start}").format(
                    to=end.isoformat(), start=day.isoformat()
                )
            )
    else:
        if (date_from or date_to) and step != "training":
            raise MeetkitError(_("--from/--to are for publicity (and training)").format())
        day = date if isinstance(date, dt.date) else parse_date(date, "--date")
        if step == "training":
            end = parse_date(date_to, "--to")
            day = day or parse_date(date_from, "--from")
    meeting = None
    if step in MEETING_STEPS:
        if not meeting_id:
            raise MeetkitError(
                _("{step} needs --meeting ID (the general meeting that voted)").format(step=step)
            )
        meeting = ws.meeting(meeting_id)
        if meeting.type != "general":
            raise MeetkitError(
                _("--meeting {id} is a {type} meeting, not a general meeting").format(
                    id=meeting.id, type=meeting.type
                )
            )
        if day is not None and day != meeting.date:
            raise MeetkitError(
                _("--date {date}: meeting {id} was held on {held}").format(
                    date=day.isoformat(), id=meeting.id, held=meeting.date.isoformat()
                )
            )
        day = meeting.date
    elif meeting_id:
        raise MeetkitError(_("--meeting is for admission and full-membership").format())
    if step == "training" and hours is None and end is None:
        raise MeetkitError(_("training needs --hours N (class hours)").format())
    if hours is not None and hours < 0:
        raise MeetkitError(_("--hours: {n} is negative").format(n=hours))
    day = day or clock.today()
    if day > clock.today():
        raise MeetkitError(_("--date: {date} is in the future").format(date=day.isoformat()))
    if step not in REPEATED:
        earlier = next((s for s in steps if s.step == step), None)
        if earlier is not None:
            raise MeetkitError(
                _("{name}: {step} is already on record ({date})").format(
                    name=person.name, step=step, date=earlier.date.isoformat()
                )
            )
    members, _people_problems = _check_people(ws, step, list(by), rules) if by else ([], [])
    if step in ("contacts", "sponsors") and not by:
        raise MeetkitError(
            _("{step} needs --by NAME (repeated, one member each)").format(step=step)
        )
    problems, warnings = check(
        ws,
        person,
        step,
        day,
        date_to=end,
        members=list(by) if by else ([] if step in ("contacts", "sponsors") else None),
        hours=hours,
        meeting=meeting,
        rules=rules,
        steps=steps,
    )
    if problems and override is None:
        first = problems[0].message
        more = _(" (and {n} more)").format(n=len(problems) - 1) if len(problems) > 1 else ""
        raise Refused(first + more + _("; to go ahead anyway, give --override REASON"))
    by_names = [m.label or m.name for m in members]
    ws.store.add_step(
        person.id,
        step,
        day,
        date_to=end,
        by=by_names,
        meeting_id=meeting.id if meeting else None,
        hours=hours,
        note=note,
        override=override,
    )
    recorded = Recorded(step, day, warnings, [p.message for p in problems] if override else [])
    if step in ("approval", "full-approval"):
        from . import rosterfile

        steps = ws.store.steps(person.id)
        admitted = dates_of(person, steps).get("admission", day)
        recorded.roster = rosterfile.join(
            ws, person, "probationary" if step == "approval" else "full", admitted
        )
    if write_documents:
        from . import documents

        recorded.written = documents.write_for_step(ws, person, step)
    return recorded


# -- the timeline and what is due ------------------------------------------------------------
def next_step(person, steps, rules: list[Rule]) -> dict | None:
    """{"step", "earliest", "deadline", "article"} of the next step, None when all are done."""
    dates = dates_of(person, steps)
    publicity = _local_publicity(rules)
    upcoming = None
    for step in STEPS:
        if step in REPEATED or step in dates:
            continue
        if step == "publicity" and publicity is None:
            continue
        upcoming = step
        break
    if upcoming is None:
        return None

    def plan(step: str) -> dict:
        earliest_days = []
        for before in requires(step, rules):
            end = _end(before, dates, steps)
            if end is not None:
                earliest_days.append(end + dt.timedelta(days=1) if before in SPAN_STEPS else end)
        if not requires(step, rules) and person.applied:
            earliest_days.append(person.applied)
        deadline = None
        cited: Rule | None = None
        for rule in rules_mod.for_step(rules, step):
            anchor = dates.get(rule.after) if rule.after else None
            if rule.kind == "not_before" and anchor:
                earliest_days.append(add_months(anchor, rule.months))
                cited = rule
            elif rule.kind == "within" and anchor:
                deadline = add_months(anchor, rule.months)
                cited = cited or rule
            elif cited is None:
                cited = rule
        earliest = max(earliest_days) if earliest_days else None
        if step == "publicity" and earliest is not None:
            earliest = workdays.add_workdays(earliest, 0)
        return {
            "step": step,
            "earliest": earliest.isoformat() if earliest else None,
            "deadline": deadline.isoformat() if deadline else None,
            "article": cited.cite() if cited else None,
        }

    out = plan(upcoming)
    # An activist is reviewed every half year until listed as a candidate: the review comes
    # first when it falls due before the candidate step may be taken.
    if "activist" in dates and "candidate" not in dates and upcoming in ("contacts", "candidate"):
        for rule in rules_mod.for_step(rules, "review", "every"):
            last = max(dates.get("review", dates["activist"]), dates["activist"])
            due = add_months(last, rule.months)
            if (
                upcoming == "candidate"
                and out["earliest"]
                and due <= dt.date.fromisoformat(out["earliest"])
            ):
                out = {
                    "step": "review",
                    "earliest": last.isoformat(),
                    "deadline": due.isoformat(),
                    "article": rule.cite(),
                }
    return out


def as_dict(ws, person, steps=None, rules=None) -> dict:
    """One person: {"name", "stage", "steps": [...], "next": {...}} (dates YYYY-MM-DD)."""
    rules = rules_of(ws) if rules is None else rules
    steps = ws.store.steps(person.id) if steps is None else steps
    return {
        "name": person.name,
        "stage": stage_of({s.step for s in steps}),
        "steps": [
            {
                "step": s.step,
                "date": s.date.isoformat(),
                "by": list(s.by),
                "meeting": s.meeting_id,
                "override": s.override,
            }
            for s in steps
        ],
        "next": next_step(person, steps, rules),
    }


def overdue(entry: dict, today: dt.date | None = None) -> bool:
    nxt = entry.get("next")
    today = today or clock.today()
    return bool(nxt and nxt["deadline"] and dt.date.fromisoformat(nxt["deadline"]) < today)


def overview(ws) -> list[dict]:
    """Everyone in the pipeline: the person's dict and "overdue"."""
    rules = rules_of(ws)
    steps = ws.store.steps()
    out = []
    for person in ws.store.people():
        mine = [s for s in steps if s.person_id == person.id]
        entry = as_dict(ws, person, mine, rules)
        entry["overdue"] = overdue(entry)
        out.append(entry)
    return out


def parse_joined(text: str) -> dt.date | None:
    """入党时间 as rosters write it: 2025-12-20, 2025/12/20, 2025.12.20, 2025年12月20日."""
    found = re.fullmatch(
        r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", text or ""
    )
    if not found:
        return None
    try:
        return dt.date(*(int(g) for g in found.groups()))
    except ValueError:
        return None


def due_for_full_membership(ws, within_days: int = DUE_WITHIN_DAYS) -> list[tuple[str, dt.date]]:
    """(name, the day probation ends) of probationary members whose probation ends within
    ``within_days`` days (or has ended): the roster's 入党时间, or the admission on record."""
    today = clock.today()
    due: dict[str, dt.date] = {}
    try:
        members = ws.members
    except MeetkitError:
        members = []
    for m in members:
        joined = parse_joined(m.joined) if m.status == "probationary" else None
        if joined:
            due[m.label or m.name] = add_months(joined, 12)
    steps = ws.store.steps()
    for person in ws.store.people():
        mine = [s for s in steps if s.person_id == person.id]
        dates = dates_of(person, mine)
        if "admission" in dates and "full-membership" not in dates:
            due[person.name] = add_months(dates["admission"], 12)
    return sorted(
        ((name, day) for name, day in due.items() if (day - today).days <= within_days),
        key=lambda x: x[1],
    )


# -- the ledger's 发展党员 section -------------------------------------------------------------
LEDGER_COUNTS = ("applied", "activist", "candidate", "admission", "approval", "full-approval")


def ledger_section(ws, year: int, today: dt.date | None = None) -> dict:
    """The year in developing members (``meetkit ledger``): how many reached each stage in
    ``year``, and everyone in the pipeline with the steps of the year, the next step and
    whether it is overdue. Empty when nobody was ever in the pipeline."""
    people = ws.store.people()
    if not people:
        return {}
    today = today or clock.today()
    rules = rules_of(ws)
    steps = ws.store.steps()
    counts = dict.fromkeys(LEDGER_COUNTS, 0)
    rows = []
    for person in people:
        mine = [s for s in steps if s.person_id == person.id]
        if person.applied and person.applied.year == year:
            counts["applied"] += 1
        for s in mine:
            if s.date.year == year and s.step in counts:
                counts[s.step] += 1
        entry = as_dict(ws, person, mine, rules)
        this_year = [x for x in entry["steps"] if x["date"].startswith(f"{year}-")]
        if not this_year and entry["stage"] == "full":
            continue  # done before this year
        rows.append(
            {
                **entry,
                "steps": this_year,
                "overdue": overdue(entry, today),
                "overrides": sum(1 for x in this_year if x["override"]),
            }
        )
    return {"counts": counts, "people": rows}


def ledger_lines(section: dict, lang: str) -> list[str]:
    """The section in words, for the terminal."""
    if not section:
        return []
    _ = gettext_for(lang)  # noqa: F811 (the document language, for Babel: bound to _)
    c = section["counts"]
    out = [
        _(
            "Applications {applied}, activists {activist}, candidates {candidate}, admitted "
            "{admission}, approved {approval}, full members {full}."
        ).format(**{k.replace("full-approval", "full"): v for k, v in c.items()})
    ]
    for p in section["people"]:
        nxt = p["next"]
        what = (
            _("next {step} ({words}) by {deadline}").format(
                step=nxt["step"], words=step_text(nxt["step"], lang), deadline=nxt["deadline"]
            )
            if nxt and nxt["deadline"]
            else _("next {step} ({words})").format(
                step=nxt["step"], words=step_text(nxt["step"], lang)
            )
            if nxt
            else _("all steps done")
        )
        line = f"  {p['name']}: {stage_text(p['stage'], lang)}; {what}"
        if p["overdue"]:
            line += _(" — overdue")
        if p["overrides"]:
            line += _(" — {n} step(s) recorded despite the rules").format(n=p["overrides"])
        out.append(line)
    return out
