"""One person's timeline and what is due: the dates on record, the next step with its earliest
date, deadline and article, who is overdue, probationary members due for 转正 (the roster's
入党时间 or the admission on record) and the ledger's 发展党员 section."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from .. import clock
from ..errors import MeetkitError
from ..i18n import _, gettext_for
from ..model import workdays
from ..model.member import shown
from . import rules as rules_mod
from .rules import Rule, add_months
from .steps import REPEATED, REQUIRES, SPAN_STEPS, STAGE_TEXT, STEP_TEXT, STEPS, stage_of

if TYPE_CHECKING:
    from ..store.development import Person, Step
    from ..workspace import Workspace

DUE_WITHIN_DAYS = 60  # probationary members due for 转正 within this many days are listed


def step_text(step: str, lang: str | None = None) -> str:
    tr = gettext_for(lang) if lang else _
    return tr(STEP_TEXT[step])


def stage_text(stage: str, lang: str | None = None) -> str:
    tr = gettext_for(lang) if lang else _
    return tr(STAGE_TEXT[stage])


def rules_of(ws: Workspace) -> list[Rule]:
    return rules_mod.load(ws.root)


# -- what is on record -----------------------------------------------------------------------
def extended(steps: list[Step]) -> int:
    """Months the probation was extended by (``probation-review --extend``; at most once)."""
    return sum(s.months or 0 for s in steps if s.step == "probation-review")


def shift(step: str, steps: list[Step]) -> int:
    """Months a rule's period grows by for ``step``: the probation's extension for the
    full-membership vote."""
    return extended(steps) if step == "full-membership" else 0


def dates_of(person: Person, steps: list[Step]) -> dict[str, dt.date]:
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


def _end(step: str, dates: dict, steps: list[Step]) -> dt.date | None:
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


# -- the timeline and what is due ------------------------------------------------------------
def next_step(person: Person, steps: list[Step], rules: list[Rule]) -> dict | None:
    """{"step", "earliest", "deadline", "article"} of the next step after the furthest one on
    record (a step skipped before it shows as missing in the checklist, not as next), None
    when all are done."""
    dates = dates_of(person, steps)
    publicity = _local_publicity(rules)
    upcoming = None
    reached = max((STEPS.index(s.step) for s in steps if s.step not in REPEATED), default=-1)
    for step in STEPS[reached + 1 :]:
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
                earliest_days.append(add_months(anchor, rule.months + shift(step, steps)))
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


def as_dict(
    ws: Workspace, person: Person, steps: list[Step] | None = None, rules: list[Rule] | None = None
) -> dict:
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


def overview(ws: Workspace) -> list[dict]:
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


def due_for_full_membership(
    ws: Workspace, within_days: int = DUE_WITHIN_DAYS
) -> list[tuple[str, dt.date]]:
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
            due[shown(m)] = add_months(joined, 12)
    steps = ws.store.steps()
    for person in ws.store.people():
        mine = [s for s in steps if s.person_id == person.id]
        dates = dates_of(person, mine)
        if "admission" in dates and "full-membership" not in dates:
            due[person.name] = add_months(dates["admission"], 12 + extended(mine))
    return sorted(
        ((name, day) for name, day in due.items() if (day - today).days <= within_days),
        key=lambda x: x[1],
    )


# -- the ledger's 发展党员 section -------------------------------------------------------------
LEDGER_COUNTS = ("applied", "activist", "candidate", "admission", "approval", "full-approval")


def ledger_section(ws: Workspace, year: int, today: dt.date | None = None) -> dict:
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
