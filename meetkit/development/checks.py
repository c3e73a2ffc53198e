"""Checking a step against the rules: what refuses it (a ``Problem``: the words, the rule, the
earliest date where there is one) and what only warns (a deadline missed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import MeetkitError
from ..i18n import _
from ..model import workdays
from ..model.member import shown
from . import rules as rules_mod
from .rules import Rule, add_months
from .steps import SPAN_STEPS
from .timeline import _end, dates_of, extended, requires, rules_of, shift, step_text

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..store.development import Person, Step
    from ..workspace import Workspace


@dataclass
class Problem:
    message: str
    rule: Rule | None = None
    earliest: dt.date | None = None


# -- checking a step -------------------------------------------------------------------------
def _refusal(step: str, day: dt.date, rule: Rule, earliest: dt.date) -> Problem:
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


def _check_people(
    ws: Workspace, step: str, by: list, rules: list[Rule]
) -> tuple[list, list[Problem]]:
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
                            name=shown(m),
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
            raise MeetkitError(_("--by: {name} is named twice").format(name=shown(m)))
        seen.add(m.id)
    return members, problems


def _vote_problems(
    ws: Workspace, person: Person, step: str, meeting: Meeting, rules: list[Rule]
) -> tuple[list[Problem], list[str], Any]:
    """The general meeting's vote on ``person`` at ``meeting``: problems, warnings, tally."""
    from ..decisions import votes as decisions

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
    ws: Workspace,
    person: Person,
    step: str,
    day: dt.date,
    *,
    date_to: dt.date | None = None,
    members: list | None = None,
    hours: int | None = None,
    extend: int | None = None,
    meeting: Meeting | None = None,
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
            earliest = add_months(anchor, rule.months + shift(step, steps))
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
    if extend is not None:
        problems += _extension_problems(day, extend, dates, steps, rules)
    if members is not None:
        problems += _check_people(ws, step, members, rules)[1]
    if meeting is not None:
        found, said, _tally = _vote_problems(ws, person, step, meeting, rules)
        problems += found
        warnings += said
    return problems, warnings


def _extension_problems(
    day: dt.date, months: int, dates: dict, steps: list[Step], rules: list[Rule]
) -> list[Problem]:
    """An extension of the probation: once, within the rule's bounds, when the probation ends."""
    out = []
    for rule in (r for r in rules if r.kind == "extension"):
        cite = f"{rule.cite()} (“{rule.quote}”)"
        if not rule.min_months <= months <= rule.max_months:
            out.append(
                Problem(
                    _(
                        "--extend {n}: the probation is extended by {low} to {high} months, {cite}"
                    ).format(n=months, low=rule.min_months, high=rule.max_months, cite=cite),
                    rule,
                )
            )
        if extended(steps):
            out.append(
                Problem(
                    _("--extend: the probation was already extended once, {cite}").format(
                        cite=cite
                    ),
                    rule,
                )
            )
        if "admission" in dates:
            ends = add_months(dates["admission"], 12)
            if day < ends:
                out.append(
                    Problem(
                        _(
                            "--extend on {date}: the probation ends on {ends}; it is extended "
                            "when it ends: the earliest date is {ends}"
                        ).format(date=day.isoformat(), ends=ends.isoformat()),
                        rule,
                        ends,
                    )
                )
    return out
