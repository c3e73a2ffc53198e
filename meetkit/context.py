"""The variables a document template receives (see docs/templates.md). Plain data: only the
renderer turns ``Image`` into a docxtpl InlineImage."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .i18n import N_, gettext_for, pgettext_for
from .roster import role_text, status_text

# Translated through the catalog in the document's language.
WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
            N_("Saturday"), N_("Sunday"))
MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
          N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
          N_("December"))
BLANK_ROWS = 5


@dataclass(frozen=True)
class Image:
    """A picture to place in a document: PNG bytes and a width (the renderer makes it an
    InlineImage)."""

    data: bytes
    width_mm: float


def long_date(day: dt.date, lang: str) -> str:
    """A date as a document writes it (2026年12月1日, 1 December 2026)."""
    _ = gettext_for(lang)
    return _("{day} {month_name} {year}").format(day=day.day, month=day.month, year=day.year,
                                                  month_name=_(MONTHS[day.month - 1]))


def weekday(day: dt.date, lang: str) -> str:
    return gettext_for(lang)(WEEKDAYS[day.weekday()])


def joiner(lang: str) -> str:
    """What separates the items of a list in ``lang`` (、 in Chinese)."""
    pgettext = pgettext_for(lang)
    return pgettext("list separator", ", ")


def meeting_title(branch: str, meeting, meeting_type, lang: str) -> str:
    _ = gettext_for(lang)
    name = meeting_type.title(lang)
    if branch:
        text = _("{branch} {name} No. {number}, {year}")
    else:
        text = _("{Name} No. {number}, {year}")
    return text.format(branch=branch, name=name, Name=f"{name[:1].upper()}{name[1:]}",
                       number=meeting.number, year=meeting.date.year)


def member_rows(members: list, lang: str, statuses: dict | None = None) -> list[dict]:
    """Rows for the member tables; ``statuses`` maps member id -> (attendance text, note).
    ``name`` is the label where two members share a name; a member away is marked so."""
    statuses = statuses or {}
    away = status_text("away", lang)

    def status(m):
        return (statuses.get(m.id) or statuses.get(m.name)
                or ((away, m.note) if m.away else ("", "")))

    return [{"no": i, "name": getattr(m, "label", None) or m.name, "member": m.id,
             "status": status_text(m.status, lang), "group": m.group,
             "role": role_text(m.role, lang), "voting": m.voting, "away": m.away,
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
    _ = gettext_for(lang)
    statement = _("Expected {n}; present ____; absent ____.").format(n=expected_count)
    if quorum["applies"]:
        statement += _(" Quorum ({rule}): {required} needed; the meeting is valid / not "
                       "valid.").format(rule=quorum["rule"], required=quorum["required"])
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
    from .decisions import blank_context

    decided = blank_context(items, agenda, counted, meeting_type, lang)  # tallies: empty
    day_name = weekday(meeting.date, lang)
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
            "date": long_date(meeting.date, lang), "weekday": day_name,
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
        **decided,
    }
