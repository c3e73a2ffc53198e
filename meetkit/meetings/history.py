"""A member's history: every meeting they were expected at, with their status, their
attendance rate and their actions. The counting is the ledger's (``ledger.meeting_status``),
so ``meetkit member`` and ``meetkit ledger`` give the same numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import clock
from ..decisions.appraisal import member_grades
from ..model.member import shown
from ..reports.ledger import MemberRow, count, meeting_status

if TYPE_CHECKING:
    import datetime as dt

    from ..roster import Member
    from ..workspace import Workspace


def member_history(
    ws: Workspace, member: Member, year: int | None = None, today: dt.date | None = None
) -> dict:
    """The JSON form of ``meetkit member``: meetings, rate and actions of ``member``."""

    today = today or clock.today()
    store = ws.store
    years = [year] if year else store.meeting_years()
    total = MemberRow(shown(member), member.group, member=member.id)
    meetings = []
    for y in years:
        facts = store.ledger_rows(y)
        leaves_by_meeting = {}
        for m in store.list_meetings(year=y):
            if m.date > today:
                continue
            status = meeting_status(m, member.id, facts, ws.config.exclude_away)
            if status is None:
                continue
            count(total, status)
            item = {
                "meeting": m.id,
                "date": m.date.isoformat(),
                "type": m.type,
                "topic": m.topic,
                "status": status,
            }
            if status == "leave":
                if m.id not in leaves_by_meeting:
                    leaves_by_meeting[m.id] = {lv.name: lv for lv in store.leaves(m.id)}
                lv = leaves_by_meeting[m.id].get(member.id)
                item.update(kind=lv.kind if lv else "", reason=lv.reason if lv else "")
            meetings.append(item)
    actions = [
        a
        for a in store.list_actions()
        if member.id in a.owner_members and (year is None or a.meeting_date.year == year)
    ]
    return {
        "member": member.id,
        "name": member.name,
        "label": shown(member),
        "group": member.group,
        "status": "away" if member.away else member.status,
        "year": year,
        "meetings": meetings,
        "expected": total.expected,
        "attended": total.attended,
        "late": total.late,
        "leave": total.leave,
        "absent": total.absent,
        "away": total.away,
        "unknown": total.unknown,
        "rate": None if total.rate is None else round(total.rate, 4),
        "actions": {
            "open": [a.as_dict(today) for a in actions if a.status == "open"],
            "done": [a.as_dict(today) for a in actions if a.status == "done"],
        },
        # the democratic appraisal: the committee's grade (组织评定) at each appraisal
        "grades": [
            g for g in member_grades(ws, member) if year is None or g["date"].startswith(str(year))
        ],
    }
