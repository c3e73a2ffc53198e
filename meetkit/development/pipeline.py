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
from typing import TYPE_CHECKING

from .. import clock
from ..errors import MeetkitError
from ..i18n import _
from ..model.member import shown
from . import rules as rules_mod
from .checks import _check_people, check
from .rules import add_months
from .steps import MEETING_STEPS, REPEATED, SPAN_STEPS, STEPS
from .timeline import dates_of, rules_of

if TYPE_CHECKING:
    from ..store.development import Person
    from ..workspace import Workspace

NAME_MAX = 40
NOTE_MAX = 500


class Refused(MeetkitError):
    """A step a rule does not allow (yet): the message names the article and earliest date."""


@dataclass
class Recorded:
    step: str
    date: dt.date
    warnings: list[str] = field(default_factory=list)
    overridden: list[str] = field(default_factory=list)
    roster: str = ""  # what was written to the roster file
    written: list = field(default_factory=list)


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


def person_or_fail(ws: Workspace, name: str) -> Person:
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
def add(
    ws: Workspace,
    name: str,
    applied: str | None = None,
    born: str | None = None,
    group: str = "",
    note: str = "",
) -> Person:
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


# -- recording a step ------------------------------------------------------------------------
def record(
    ws: Workspace,
    name: str,
    step: str,
    *,
    date: str | dt.date | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    by: tuple | list = (),
    meeting_id: str | None = None,
    hours: int | None = None,
    extend: int | None = None,
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
        if ws.plugins.kind_of(meeting) != "general":
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
    if extend is not None and step != "probation-review":
        raise MeetkitError(_("--extend is for probation-review").format())
    problems, warnings = check(
        ws,
        person,
        step,
        day,
        extend=extend,
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
    by_names = [shown(m) for m in members]
    ws.store.add_step(
        person.id,
        step,
        day,
        date_to=end,
        by=by_names,
        meeting_id=meeting.id if meeting else None,
        hours=hours,
        months=extend,
        note=note,
        override=override,
    )
    recorded = Recorded(step, day, warnings, [p.message for p in problems] if override else [])
    if step in ("approval", "full-approval"):
        from . import rosterfile

        steps = ws.store.steps(person.id)
        admitted = dates_of(person, steps).get("admission", day)
        said, changed = rosterfile.join(
            ws, person, "probationary" if step == "approval" else "full", admitted
        )
        if changed:
            recorded.roster = said
        else:
            recorded.warnings.append(said)
    if write_documents:
        from . import documents

        recorded.written = documents.write_for_step(ws, person, step)
    return recorded
