"""The roll-up (``meetkit committee status``): per branch and meeting type, required / held /
exempt in a year or quarter, the types a branch lacks, its attendance rate, its appraisal and
the last bundle received.

The required counts are the branch ledger's rule, not a copy of it: ``meetkit.reports.ledger
.requirements`` (each type's frequency, overridden by the committee's ``[ledger]`` exactly as a
branch's meetkit.toml overrides it; group meetings per party group; the life meeting yearly)
and ``meetkit.reports.ledger.type_row`` (periods, what is held, what ended short). A quarter shows the
periods that end in it: three months of a monthly type, one quarter, and the year of a yearly
type in Q4. Periods before a branch's start (``[ledger] since`` in its bundle) are not required.
A branch without a bundle for the period still counts: everything ended is missing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import clock
from ..bundle.collect import period_dates
from ..reports.ledger import Requirement, requirements, type_row

if TYPE_CHECKING:
    from ..committee.workspace import CommitteeWorkspace

UNKNOWN = Requirement(0, None, 0, "unknown")


@dataclass
class Cell:
    required: int = 0
    held: int = 0
    exempt: bool = False


@dataclass
class BranchRoll:
    name: str
    period: str | None  # the last bundle received that covers the window
    created: str | None  # when that bundle was made
    types: dict = field(default_factory=dict)  # key -> Cell
    missing: list = field(default_factory=list)
    attendance_rate: float = 0.0
    appraisal: dict = field(default_factory=dict)  # grades -> count, from the last bundle

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "period": self.period,
            "types": {
                k: {"required": c.required, "held": c.held, "exempt": c.exempt}
                for k, c in self.types.items()
            },
            "missing": self.missing,
            "attendance_rate": self.attendance_rate,
        }


def _covers(bundle: dict, quarter: int | None) -> bool:
    return quarter is None or bundle["quarter"] in (None, quarter)


def rollup(
    cws: CommitteeWorkspace, year: int, quarter: int | None = None, today: dt.date | None = None
) -> list:
    """Every known branch's BranchRoll for ``year`` (``quarter``), by name."""
    today = today or clock.today()
    types = cws.plugins.types
    reqs = requirements(cws, types)
    first, last = period_dates(year, quarter)
    facts = cws.store.year_facts(year)
    group_types = {k for k, t in types.items() if t.attendees == "group"}
    # Per branch: the dates of its meetings by (type, group), and its attendance in the window.
    by_branch: dict[int, dict] = {}
    sums: dict[int, list] = {}
    for bid, key, group, day, known, expected, attended in facts["meetings"]:
        by_branch.setdefault(bid, {}).setdefault(
            (key, group if key in group_types else ""), []
        ).append(day)
        if known and expected and first <= day <= last:
            total = sums.setdefault(bid, [0, 0])
            total[0] += attended
            total[1] += expected
    out = []
    for branch in cws.store.branches():
        bid = branch["id"]
        received = [b for b in facts["bundles"].get(bid, []) if _covers(b, quarter)]
        latest = received[0] if received else None
        info = json.loads(latest["branch_info"]) if latest else {}
        try:
            since = dt.date.fromisoformat(info.get("since", ""))
        except ValueError:
            since = dt.date(year, 1, 1)
        dates = by_branch.get(bid, {})
        groups = list(dict.fromkeys(info.get("groups", [])))
        roll = BranchRoll(
            branch["name"],
            latest["period"] if latest else None,
            latest["created"].isoformat(timespec="seconds") if latest else None,
        )
        keys = list(types) + sorted({k for k, _g in dates if k not in types})
        for key in keys:
            t = types.get(key)
            req = reqs.get(key, UNKNOWN)
            if t is not None and t.attendees == "group":
                seen = sorted({g for (k, g) in dates if k == key and g and g not in groups})
                parts = groups + seen
            else:
                parts = [""]
            exempted = facts["exemptions"].get((bid, key), {})
            cell = Cell(exempt=0 in exempted or (quarter is not None and quarter in exempted))
            short = False
            for group in parts:
                got = dates.get((key, group), [])
                if req.per_year == 0:  # not required: only what was held in the window
                    cell.held += sum(1 for d in got if first <= d <= min(last, today))
                    continue
                for p in type_row(key, key, group, req, got, year, today, since).periods:
                    if not first <= p.end <= last or p.status == "before":
                        continue
                    cell.required += p.need
                    cell.held += p.held
                    p_quarter = (p.end.month - 1) // 3 + 1
                    if p.status == "missing" and not (0 in exempted or p_quarter in exempted):
                        short = True
            if cell.required or cell.held or cell.exempt:
                roll.types[key] = cell
            if short:
                roll.missing.append(key)
        # overall_rate's sum (present, late included, over should-attend) taken in the pass
        # above: attended / expected over the window's meetings with a record.
        attended, expected = sums.get(bid, (0, 0))
        roll.attendance_rate = round(attended / expected, 4) if expected else 0.0
        if latest:
            roll.appraisal = (json.loads(latest["key_items"]).get("appraisal") or {}).get(
                "grades", {}
            )
        out.append(roll)
    return out


def as_json(rolls: list, year: int, quarter: int | None) -> dict:
    """``committee status --json``'s shape."""
    return {"year": year, "quarter": quarter, "branches": [r.as_json() for r in rolls]}
