"""The variables a document template receives (see docs/templates.md). Plain data: only the
renderer turns ``Image`` into a docxtpl InlineImage.

Over 400 lines because it is the one place the shared variables are named (the title and its
line breaks, dates, member rows, quorum, sections, the sign-in sheet's layout) and put together."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from .. import clock
from ..i18n import BREAKS_AT_SPACES, N_, gettext_for, normalize, pgettext_for
from ..model.agenda import SUMMARY_WORDS
from ..model.dates import MONTHS
from ..model.member import shown
from ..roster import role_text, status_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..config import Config
    from ..model.meeting import Meeting
    from ..model.types import MeetingType
    from ..roster import Member

# Translated through the catalog in the document's language.
WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
BLANK_ROWS = 5


class Numbered(Protocol):
    """What ``meeting_title`` reads of a meeting (a stored one, or a planned one): its date
    and its number that year (a group meeting's ``group`` is read when it has one)."""

    @property
    def date(self) -> dt.date: ...

    @property
    def number(self) -> int: ...


@dataclass(frozen=True)
class Image:
    """A picture to place in a document: PNG bytes and a width (the renderer makes it an
    InlineImage)."""

    data: bytes
    width_mm: float


def long_date(day: dt.date, lang: str) -> str:
    """A date as a document writes it (2026年12月1日, 1 December 2026)."""
    _ = gettext_for(lang)
    return _("{day} {month_name} {year}").format(
        day=day.day, month=day.month, year=day.year, month_name=_(MONTHS[day.month - 1])
    )


def weekday(day: dt.date, lang: str) -> str:
    return gettext_for(lang)(WEEKDAYS[day.weekday()])


def joiner(lang: str) -> str:
    """What separates the items of a list in ``lang`` (、 in Chinese)."""
    pgettext = pgettext_for(lang)
    return pgettext("list separator", ", ")


class Title(str):
    """A meeting title that remembers the words it is made of (``parts``), so ``headline``
    breaks a long title between them, never inside one."""

    parts: tuple = ()


def _title(parts: list, sep: str) -> Title:
    title = Title(sep.join(p for p in parts if p))
    title.parts = tuple(p for p in parts if p)
    return title


def meeting_title(branch: str, meeting: Numbered, meeting_type: MeetingType, lang: str) -> Title:
    """第一党支部2026年第4次支部党员大会; a group meeting names its group (第一党支部第一党小组
    2026年第1次党小组会) and is numbered within it."""
    name = meeting_type.title(lang)
    group = getattr(meeting, "group", "") if meeting_type.attendees == "group" else ""
    if lang == "en":
        if group:
            name = f"{group} meeting" if "group" in group.lower() else f"{group} {name}"
        head = f"{branch} {name}" if branch else f"{name[:1].upper()}{name[1:]}"
        return _title([f"{head} No. {meeting.number}, {meeting.date.year}"], "")
    return _title([branch, group, f"{meeting.date.year}年第{meeting.number}次", name], "")


# Chinese titles: 22 pt (二号) characters on a 156 mm line hold 20 to a line; Latin letters and
# digits are about half as wide.
TITLE_EMS = 20


def _ems(text: str) -> float:
    """A title's width in characters: Latin letters and digits about half, and Word and
    LibreOffice add a quarter character between Chinese and Latin text on each side."""
    import re

    latin = re.findall(r"[\x00-\u2e7f]+", text)
    return (
        sum(1.0 for c in text if ord(c) >= 0x2E80) + 0.55 * sum(map(len, latin)) + 0.5 * len(latin)
    )


def _units(piece: object) -> list[str]:
    """The words of one piece of a title: a Title's parts, else the piece itself."""
    parts = getattr(piece, "parts", ()) or (str(piece),)
    units = []
    for part in parts:  # a part longer than a line may break anywhere
        while _ems(part) > TITLE_EMS:
            cut = max(i for i in range(1, len(part) + 1) if _ems(part[:i]) <= TITLE_EMS)
            units.append(part[:cut])
            part = part[cut:]
        if part:
            units.append(part)
    return units


def break_title(*pieces: object, width: float = TITLE_EMS) -> str:
    """Join ``pieces`` into a title of as few lines as fit ``width``, broken only between
    words (the parts of a meeting title, and each other piece whole) and as evenly as the
    words allow, as official Chinese documents set their titles; lines end with a newline
    (a line break in Word)."""
    import itertools

    units = [u for piece in pieces for u in _units(piece)]
    widths = [_ems(u) for u in units]
    if sum(widths) <= width:
        return "".join(units)
    best = None
    for lines in range(2, len(units) + 1):
        for cuts in itertools.combinations(range(1, len(units)), lines - 1):
            bounds = (0, *cuts, len(units))
            spans = [sum(widths[a:b]) for a, b in zip(bounds, bounds[1:])]
            if max(spans) > width:
                continue
            score = max(spans) - min(spans)
            if best is None or score < best[0]:
                best = (score, bounds)
        if best is not None:
            break
    if best is None:  # cannot happen: every unit fits a line
        return "".join(units)
    bounds = best[1]
    return "\n".join("".join(units[a:b]) for a, b in zip(bounds, bounds[1:]))


# Characters on a line of body text (三号 on GB/T 9704's 156 mm): a subtitle longer than this
# puts its date on a line of its own, so the date is never broken (2026年11月3 / 日).
BODY_EMS = 27


def date_apart(title: str, date: str, lang: str) -> bool:
    """Whether "title（date）" is too long for one line of body text (Chinese only: English
    lines break at spaces)."""
    return not _breaks_at_spaces(lang) and _ems(f"{title}（{date}）") > BODY_EMS


def title_lines(title: str, lang: str) -> int:
    """How many lines the sign-in sheet's title (the meeting title and 签到表) takes."""
    if _breaks_at_spaces(lang):
        return 1
    return break_title(title, "签到表").count("\n") + 1


def headline(lang: str) -> Callable[..., str]:
    """The ``headline(...)`` function templates call for a title: Chinese titles break
    between words (``break_title``); English ones are left to the word processor, which
    breaks them at spaces."""

    def title(*pieces: object) -> str:
        if _breaks_at_spaces(lang):
            return "".join(str(p) for p in pieces)
        return break_title(*pieces)

    return title


def _breaks_at_spaces(lang: str) -> bool:
    """Whether ``lang``'s lines break at spaces, so its titles need no help."""
    return normalize(lang) in BREAKS_AT_SPACES


def member_rows(members: list, lang: str, statuses: dict | None = None) -> list[dict]:
    """Rows for the member tables; ``statuses`` maps member id -> (attendance text, note).
    ``name`` is the label where two members share a name; a member away is marked so."""
    statuses = statuses or {}
    away = status_text("away", lang)

    def status(m: Member) -> tuple[str, str]:
        return (
            statuses.get(m.id) or statuses.get(m.name) or ((away, m.note) if m.away else ("", ""))
        )

    return [
        {
            "no": i,
            "name": shown(m),
            "member": m.id,
            "status": status_text(m.status, lang),
            "group": m.group,
            "role": role_text(m.role, lang),
            "voting": m.voting,
            "away": m.away,
            "attendance": status(m)[0],
            "note": status(m)[1],
        }
        for i, m in enumerate(members, 1)
    ]


def seal_name(branch: str, lang: str) -> str:
    """The name on the branch's seal: its formal name as written (中共示范社区第三支部委员会),
    else completed (示例社区第一党支部 -> 中共示例社区第一党支部委员会); in English, the name."""
    if lang != "zh-CN" or not branch:
        return branch
    formal = branch if branch.startswith("中共") else "中共" + branch
    return formal if formal.endswith("委员会") else formal + "委员会"


def quorum_context(meeting_type: MeetingType, members: list, lang: str) -> dict:
    rule = meeting_type.quorum
    if rule is None:
        return {"applies": False, "rule": "", "required": "", "basis_count": ""}
    basis = rule.members_counted(members)
    return {
        "applies": True,
        "rule": rule.describe(lang),
        "required": rule.required(len(basis)),
        "basis_count": len(basis),
    }


def blank_attendance(expected_count: int, quorum: dict, lang: str) -> dict:
    """The attendance block before the meeting: blanks to fill in by hand."""
    _ = gettext_for(lang)  # the meeting's language
    statement = _(
        "Of the {n} members expected, ____ are present, ____ on leave and ____ absent."
    ).format(n=expected_count)
    if quorum["applies"]:
        quorum_line = _(
            "The quorum is {rule}: at least {required} must be present, so the meeting is "
            "valid / not valid."
        ).format(rule=quorum["rule"], required=quorum["required"])
        pgettext = pgettext_for(lang)
        statement = pgettext("sentences", "{text} {sentence}").format(
            text=statement, sentence=quorum_line
        )
    return {
        "known": False,
        "present_count": "",
        "voting_present_count": "",
        "leave_count": "",
        "absent_count": "",
        "present_names": "",
        "absent": [],
        "absent_text": "",
        "guests": "",
        "guest_rows": [],
        "statement": statement,
    }


def end_time(meeting: Meeting) -> str:
    """When the meeting ended (HH:MM): as recorded (``meetkit minutes --end``), else when
    sign-in was closed, else "" (not known yet)."""
    ended = getattr(meeting, "end_time", None)
    if ended:
        return ended
    closed = getattr(meeting, "signin_closed_at", None)
    return closed.strftime("%H:%M") if closed else ""


def time_span(start: str, end: str, lang: str) -> str:
    """19时30分至21时05分 / 19:30 to 21:05; the end left blank to write in until known."""
    pgettext = pgettext_for(lang)  # the meeting's language

    def clock_time(hhmm: str) -> str:
        hh, mm = hhmm.split(":")
        # {h} is the hour without its leading zero (9时05分)
        return pgettext("time of day", "{hh}:{mm}").format(hh=hh, mm=mm, h=int(hh))

    until = clock_time(end) if end else pgettext("time of day", "______")
    return pgettext("time span", "{start} to {end}").format(start=clock_time(start), end=until)


# Agenda items that are the host's summary: the minutes then give it no section of its own.


def sections(meeting_type: MeetingType, items: list) -> dict:
    """Which parts of the minutes this meeting needs, each once (docs/templates.md)."""
    lecture = bool(meeting_type.needs_lecturer)
    in_agenda = not lecture  # a lesson's record replaces the agenda items with the lecture's
    return {
        "lecture": lecture,
        "resolutions": bool(meeting_type.votes),
        "summary": not (in_agenda and any(i["summary"] for i in items)),
        "followup": not (in_agenda and any(i["followup"] for i in items)),
    }


# The sign-in sheet (templates' signin.docx): its rows are at least 6.5 mm high (a line of
# text; a longer one wraps), so a page holds a known number of them. Measured with
# LibreOffice (and counted low): under the QR code and a one-line title the first page has
# 147 mm for the table, each further title line takes 10.5 mm; a further page has 218 mm. The
# header row repeats on each page.
SHEET_ROW_MM = 6.5
SHEET_FIRST_PAGE_MM = 147
SHEET_TITLE_LINE_MM = 10.5
SHEET_NEXT_PAGE_MM = 218
SHEET_MIN_LAST_PAGE = 4  # rows a last page holds at least (never a lone row)
SHEET_BLANK_ROWS = 5  # blank rows for walk-ins, when the page has room


def signin_sheet(members: int, guests: int, title_lines: int = 1) -> dict:
    """The sign-in sheet's blank rows for walk-ins (the 列席 row is printed only above guests or
    blank rows): up to five while the sheet stays on one page (20 members fit one page with
    the QR code); on a longer sheet as many as keep its last page from holding a lone row."""
    first_mm = SHEET_FIRST_PAGE_MM - SHEET_TITLE_LINE_MM * (title_lines - 1)
    first = int(first_mm // SHEET_ROW_MM) - 1
    per_page = int(SHEET_NEXT_PAGE_MM // SHEET_ROW_MM) - 1
    if members + guests + (1 if guests else 0) <= first:
        room = first - members - guests - 1  # below the 列席 row
        return {"blank_rows": list(range(max(0, min(SHEET_BLANK_ROWS, room))))}
    rows = members + 1 + guests
    last = (rows - first) % per_page or per_page
    blank = max(0, SHEET_MIN_LAST_PAGE - last)
    blank += max(0, min(SHEET_BLANK_ROWS - blank, per_page - last - blank))
    return {"blank_rows": list(range(blank))}


def build_context(
    *,
    config: Config,
    meeting: Meeting,
    meeting_type: MeetingType,
    members: list,
    agenda: list,
    lang: str,
    qr: Image | None,
    signin_url: str,
    short_code: str,
    code_url: str = "",
    attendance: dict | None = None,
    statuses: dict | None = None,
) -> dict:
    """Everything docs/templates.md promises, for one meeting."""
    rows = member_rows(members, lang, statuses)
    from ..attendance.rules import should_attend

    # 应到 as the minutes, the sheet and the ledger count it: members away only if they came.
    came = (attendance or {}).get("attended_ids", ())
    counted = should_attend(members, getattr(config, "exclude_away", True), came)
    quorum = quorum_context(meeting_type, counted, lang)
    items = [
        {
            "no": i,
            "title": a.title,
            "detail": a.detail,
            "votes": a.votes,
            "followup": bool(getattr(a, "followup", False)),
            "summary": any(w in a.title for w in SUMMARY_WORDS),
        }
        for i, a in enumerate(agenda, 1)
    ]
    ended = end_time(meeting)
    day_name = weekday(meeting.date, lang)
    title = meeting_title(config.branch, meeting, meeting_type, lang)
    # A group meeting is addressed to its party group by name ("第一党小组").
    attendees = meeting_type.attendees_text(lang)
    if meeting_type.attendees == "group" and meeting.group:
        attendees = meeting.group
    return {
        "lang": lang,
        "branch": {
            "name": config.branch,
            "seal": seal_name(config.branch, lang),
            "secretary": config.secretary,
            "organizer": config.organizer,
            "higher_org": config.higher_org,
        },
        "meeting": {
            "id": meeting.id,
            "type": meeting.type,
            "kind": meeting_type.kind,  # what it counts as: a copied type's original
            "uses": sorted(meeting_type.uses),  # MeetingType.uses: criticism, appraisal …
            "type_name": meeting_type.title(lang),
            "title": title,
            "short_title": meeting_title("", meeting, meeting_type, lang),
            # subtitles "title（date）" too long for a line: the date on a line of its own
            "date_apart": date_apart(title, long_date(meeting.date, lang), lang),
            "short_date_apart": date_apart(
                meeting_title("", meeting, meeting_type, lang), long_date(meeting.date, lang), lang
            ),
            "number": meeting.number,
            "topic": meeting.topic,
            "date": long_date(meeting.date, lang),
            "weekday": day_name,
            "date_iso": meeting.date.isoformat(),
            "time": meeting.time,
            "end_time": ended,
            "time_span": time_span(meeting.time, ended, lang),
            "place": meeting.place,
            "host": meeting.host,
            "recorder": meeting.recorder,
            "lecturer": meeting.lecturer,
            "group": meeting.group,
            "attendees": attendees,
            "issued": long_date(clock.today(), lang),
        },
        "agenda": items,
        "topics": [i for i in items if i["votes"]],
        "votes": meeting_type.votes,
        "sections": sections(meeting_type, items),
        "expected": rows,
        "members": rows,
        "expected_count": len(counted),
        "away_count": len(members) - len(counted),
        "voting_count": sum(1 for m in counted if m.voting),
        "quorum": quorum,
        "attendance": attendance or blank_attendance(len(counted), quorum, lang),
        "actions": [],
        "resolutions": "",  # 决议事项 in words (plugins/followup.py fills it)
        "attachments": [],  # files kept with the meeting (pack: meetkit.attachments)
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
        "sheet": signin_sheet(
            len(members), len((attendance or {}).get("guest_rows", [])), title_lines(title, lang)
        ),
        "generated": clock.now().strftime("%Y-%m-%d %H:%M"),
        "headline": headline(lang),
    }
