"""The variables a document template receives (see docs/templates.md). Plain data: only the
renderer turns ``Image`` into a docxtpl InlineImage."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .meetingtypes import localize
from .roster import ROLE_TEXT, STATUS_TEXT

WEEKDAYS = {"zh-CN": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
            "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
BLANK_ROWS = 5


@dataclass(frozen=True)
class Image:
    """A picture to place in a document: PNG bytes and a width (the renderer makes it an
    InlineImage)."""

    data: bytes
    width_mm: float


def long_date(day: dt.date, lang: str) -> str:
    if lang == "en":
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def joiner(lang: str) -> str:
    return ", " if lang == "en" else "、"


def meeting_title(branch: str, meeting, meeting_type, lang: str) -> str:
    name = meeting_type.title(lang)
    if lang == "en":
        title = f"{branch} {name} No. {meeting.number}, {meeting.date.year}" if branch else \
            f"{name[:1].upper()}{name[1:]} No. {meeting.number}, {meeting.date.year}"
        return title
    return f"{branch}{meeting.date.year}年第{meeting.number}次{name}"


def member_rows(members: list, lang: str, statuses: dict | None = None) -> list[dict]:
    """Rows for the member tables; ``statuses`` maps member id -> (attendance text, note).
    ``name`` is the label where two members share a name; a member away is marked so."""
    statuses = statuses or {}
    away = localize(STATUS_TEXT["away"], lang)

    def status(m):
        return (statuses.get(m.id) or statuses.get(m.name)
                or ((away, m.note) if m.away else ("", "")))

    return [{"no": i, "name": getattr(m, "label", None) or m.name, "member": m.id,
             "status": localize(STATUS_TEXT[m.status], lang), "group": m.group,
             "role": localize(ROLE_TEXT[m.role], lang), "voting": m.voting, "away": m.away,
             "attendance": status(m)[0], "note": status(m)[1]}
            for i, m in enumerate(members, 1)]


def quorum_context(meeting_type, members: list, lang: str) -> dict:
    rule = meeting_type.quorum
    if rule is None:
        return {"applies": False, "rule": "", "required": "", "basis_count": ""}
    basis = {"voting": [m for m in members if m.voting],
             "committee": [m for m in members if m.committee] or members,
             "all": members}[rule.basis]
    return {"applies": True, "rule": rule.describe(lang), "required": rule.required(len(basis)),
            "basis_count": len(basis)}


def blank_attendance(expected_count: int, quorum: dict, lang: str) -> dict:
    """The attendance block before the meeting: blanks to fill in by hand."""
    if lang == "en":
        statement = (f"Expected {expected_count}; present ____; absent ____."
                     + (f" Quorum ({quorum['rule']}): {quorum['required']} needed; the meeting "
                        "is valid / not valid." if quorum["applies"] else ""))
    else:
        statement = (f"本次会议应到{expected_count}人，实到＿＿人，缺席＿＿人。"
                     + (f"按照“{quorum['rule']}”的规定，须到会{quorum['required']}人，"
                        "会议有效／无效。" if quorum["applies"] else ""))
    return {"known": False, "present_count": "", "present_names": "", "absent": [],
            "absent_text": "", "guests": "", "guest_rows": [], "statement": statement}


def build_context(*, config, meeting, meeting_type, members: list, agenda: list, lang: str,
                  qr: Image | None, signin_url: str, short_code: str, code_url: str = "",
                  attendance: dict | None = None, statuses: dict | None = None) -> dict:
    """Everything docs/templates.md promises, for one meeting."""
    rows = member_rows(members, lang, statuses)
    counted = [m for m in members if not (getattr(config, "exclude_away", True) and m.away)]
    quorum = quorum_context(meeting_type, counted, lang)
    items = [{"no": i, "title": a.title, "detail": a.detail, "votes": a.votes}
             for i, a in enumerate(agenda, 1)]
    weekday = WEEKDAYS[lang][meeting.date.weekday()]
    # A group meeting is addressed to its party group by name ("第一党小组").
    attendees = meeting_type.attendees_text(lang)
    if meeting_type.attendees == "group" and meeting.group:
        attendees = meeting.group
    return {
        "lang": lang,
        "branch": {"name": config.branch, "secretary": config.secretary,
                   "organizer": config.organizer, "higher_org": config.higher_org},
        "meeting": {
            "id": meeting.id, "type": meeting.type, "type_name": meeting_type.title(lang),
            "title": meeting_title(config.branch, meeting, meeting_type, lang),
            "number": meeting.number, "topic": meeting.topic,
            "date": long_date(meeting.date, lang), "weekday": weekday,
            "date_iso": meeting.date.isoformat(), "time": meeting.time, "place": meeting.place,
            "host": meeting.host, "recorder": meeting.recorder, "lecturer": meeting.lecturer,
            "group": meeting.group, "attendees": attendees,
            "issued": long_date(dt.date.today(), lang),
        },
        "agenda": items,
        "topics": [i for i in items if i["votes"]],
        "votes": meeting_type.votes,
        "expected": rows,
        "members": rows,
        "expected_count": len(counted),
        "away_count": len(members) - len(counted),
        "voting_count": sum(1 for m in counted if m.voting),
        "quorum": quorum,
        "attendance": attendance or blank_attendance(len(counted), quorum, lang),
        "actions": [],
        "earlier_actions": [],
        "closed_actions": [],
        "blank_rows": list(range(BLANK_ROWS)),
        "qr": qr,
        # The address the QR holds (``{public_url}/q/<code>``, about 40 characters); also as
        # ``short_url``. ``code_url`` is the page where ``short_code`` is typed.
        "signin_url": signin_url,
        "short_url": signin_url,
        "short_code": short_code,
        "code_url": code_url,
        "generated": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    }
