"""Attendance rules: who should attend (members away left out), who counts for the quorum,
late after the grace, a guest who is a member, the summary of a meeting's attendance.
The store only keeps rows; the CLI, the web app and the documents call these."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Protocol

from ..errors import MeetkitError
from ..i18n import N_, _, gettext_for
from ..model.meeting import iso_moment
from ..model.member import fold
from ..model.member import shown as _shown

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..config import Config
    from ..model.meeting import Meeting
    from ..model.types import MeetingType
    from ..roster import Member
    from ..store import Store


class _Types(Protocol):
    def meeting_type(self, key: str) -> MeetingType: ...


class AttendanceWorkspace(Protocol):
    """What the attendance rules read of a workspace (meetkit.workspace is a layer above
    attendance, so it is described here, not imported)."""

    @property
    def config(self) -> Config: ...

    @property
    def store(self) -> Store: ...

    @property
    def plugins(self) -> _Types: ...


KINDS = ("sick", "personal", "official")
NAME_MAX = 40  # characters in a name typed on a phone
TEXT_MAX = 200  # characters in a leave reason or a guest's note

# Status and leave-kind words, translated through the catalog (meetkit/locale).
LABELS = {
    "present": N_("present"),
    "late": N_("late"),
    "sick": N_("sick leave"),
    "personal": N_("personal leave"),
    "official": N_("official leave"),
    "absent": N_("absent"),
    "guest": N_("sitting in"),
    "no-leave": N_("no leave requested"),
    "away": N_("away"),
}


def label(key: str, lang: str) -> str:
    """A status or leave kind in words (正常, 迟到, 病假 …)."""
    return gettext_for(lang)(LABELS[key])


class NotExpected(MeetkitError):
    """A name that is not on the meeting's list of expected members."""


class SigninClosed(MeetkitError):
    """Sign-in for the meeting was closed by the admin."""


class MeetingCancelled(SigninClosed):
    """The meeting was cancelled: nobody signs in, not even by hand (a SigninClosed, so every
    caller that refuses a closed sign-in refuses this one too)."""


def refuse_if_cancelled(meeting: Meeting) -> None:
    """Raise MeetingCancelled for a cancelled meeting."""
    if getattr(meeting, "cancelled_at", None):
        reason = f" ({meeting.cancel_reason})" if meeting.cancel_reason else ""
        raise MeetingCancelled(
            _("{id} was cancelled{reason}: sign-in is refused").format(id=meeting.id, reason=reason)
        )


class IsMember(MeetkitError):
    """A guest's name that is an expected member's name, label or id (or looks like one of
    the ids meetkit gives same-named members, 张伟-2): they should pick their name from the
    list. ``labels``: the members it would take."""

    def __init__(self, message: str, labels: list[str] | None = None):
        super().__init__(message)
        self.labels = labels or []


def members_a_guest_would_take(expected: list, name: str) -> list:
    """The expected members whose name, label or id ``name`` is, however typed (width,
    spaces, case), or who ``name`` would pass for with a number after it (张伟-2, 张伟2,
    张伟(2)): a guest may never sign in as one of them."""
    import re

    given = fold(name)
    exact = [
        m
        for m in expected
        if given in {fold(m.name), fold(_shown(m)), fold(getattr(m, "id", "") or "")}
    ]
    if exact:  # 张伟-2 is the second 张伟's id: that member, not every 张伟
        return exact
    return [
        m for m in expected if re.fullmatch(re.escape(fold(m.name)) + r"[-_.#]?\(?\d+\)?", given)
    ]


class AlreadySignedIn(MeetkitError):
    """Leave asked for someone who already signed in."""


# -- rules -----------------------------------------------------------------------------------
def late_after(meeting: Meeting, grace_minutes: int) -> dt.datetime:
    """Sign-ins after this moment (start + grace) are late."""
    return meeting.start + dt.timedelta(minutes=grace_minutes)


def status_at(meeting: Meeting, at: dt.datetime, grace_minutes: int) -> str:
    """``present`` or ``late`` for a sign-in at ``at``."""
    return "late" if at > late_after(meeting, grace_minutes) else "present"


def clean_text(value: object, limit: int = TEXT_MAX) -> str:
    """User text on one line: control characters out, spaces collapsed, at most ``limit``."""
    text = str(value or "")
    # Already clean (the usual name): printable (no control, zero-width or line-separator
    # character) and single spaces only between words. Two regular expressions cost a
    # sign-in ~40 us of CPU for nothing.
    if text.isprintable() and " ".join(text.split()) == text:
        return text[:limit]
    text = re.sub(r"[\x00-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]", " ", text)
    return re.sub(r"\s+", " ", text).strip()[:limit]


def match_member(
    expected: list, name: str, index: dict | None = None, member: str | None = None
) -> Member | None:
    """The expected member meant by ``member`` (an id) or ``name`` (a name, a label such as
    张伟（第一党小组）, or an id), exactly, else after normalisation (NFKC, spaces, width,
    case); None when nobody. Several members with that name raise ``Ambiguous``.

    ``index`` ({name: member} of ``expected``, names that are unique) makes the usual exact
    match a dict lookup."""
    if member:
        return next((m for m in expected if m.id == member), None)
    name = clean_text(name, NAME_MAX + 1)
    if index is not None and name in index:
        return index[name]
    from ..members import Ambiguous, find  # only past the usual exact match (a sign-in's CPU)

    try:
        return find(expected, name)
    except Ambiguous:
        raise
    except MeetkitError:
        return None


def should_attend(expected: list, exclude_away: bool = True, attended: Iterable[str] = ()) -> list:
    """应到, the one definition (domain.md, "Counting a meeting"): the expected, less members
    away (流动党员, 外出) while ``[meeting] exclude_away`` is on -- unless they came (their ids
    in ``attended``): a member away who attends is present and counted in 应到 too.

    实到, 请假 and 缺席 are counted over this list (``summarize``), so 应到 = 实到 + 请假 + 缺席;
    有表决权 is the same count over the members with a vote."""
    came = set(attended)
    return [m for m in expected if not (exclude_away and m.away) or m.id in came]


def quorum_status(meeting_type: MeetingType, expected: list, attended: set, lang: str) -> dict:
    """``{"rule", "basis", "required", "counted", "met"}``; ``met`` is None when the type has
    no quorum rule (then ``counted`` is simply everyone present)."""
    rule = meeting_type.quorum
    if rule is None:
        return {
            "rule": None,
            "basis": None,
            "required": None,
            "counted": sum(1 for m in expected if m.id in attended),
            "met": None,
        }
    basis = rule.members_counted(expected)
    required = rule.required(len(basis))
    counted = sum(1 for m in basis if m.id in attended)
    return {
        "rule": rule.describe(lang),
        "basis": rule.basis,
        "basis_count": len(basis),
        "required": required,
        "counted": counted,
        "met": counted >= required,
    }


def summarize(
    meeting: Meeting,
    meeting_type: MeetingType,
    expected: list,
    signins: list,
    leaves: list,
    guests: list,
    *,
    grace_minutes: int,
    lang: str | None = None,
    exclude_away: bool = True,
) -> dict:
    """The attendance object (see docs/signin.md): ``present`` and ``late`` are disjoint, in the
    order of the expected list; ``leave`` is those on leave who did not come; ``absent`` is
    everyone else who should attend; ``away`` those left out of "should attend". People are
    shown by name (the label where a name is shared); their ids are in ``*_ids``/``member``."""
    lang = lang or meeting.lang
    shown = {m.id: _shown(m) for m in expected}
    by_id = {s.name: s for s in signins}  # a sign-in row's ``name`` is the member's id
    counted = should_attend(expected, exclude_away, by_id)
    away = [m for m in expected if m not in counted and m.id not in by_id]
    expected_ids = [m.id for m in expected]
    counted_ids = [m.id for m in counted]
    others = [s.name for s in signins if s.name not in set(expected_ids)]
    order = expected_ids + others  # someone signed in, then dropped from the list: still shown
    present = [i for i in order if i in by_id and by_id[i].status == "present"]
    late = [i for i in order if i in by_id and by_id[i].status == "late"]
    leave_by_id = {lv.name: lv for lv in leaves}
    leave_ids = [i for i in counted_ids if i in leave_by_id and i not in by_id]
    leave = [
        {"name": shown.get(i, i), "kind": leave_by_id[i].kind, "reason": leave_by_id[i].reason}
        for i in leave_ids
    ]
    absent = [i for i in counted_ids if i not in by_id and i not in leave_by_id]
    attended = set(by_id)
    came = [m for m in counted if m.id in attended]
    return {
        "meeting": meeting.id,
        "type": meeting.type,
        "start": meeting.start.isoformat(timespec="minutes"),
        "late_after": late_after(meeting, grace_minutes).isoformat(timespec="minutes"),
        "closed_at": iso_moment(meeting.signin_closed_at),
        "expected": len(counted),
        "attended": len(present) + len(late),
        "leave_count": len(leave_ids),
        "absent_count": len(absent),
        # 有表决权: the same count over the members with a vote
        "voting_expected": sum(1 for m in counted if m.voting),
        "voting_attended": sum(1 for m in came if m.voting),
        # members away who came anyway: present, in 应到, named once in the statement
        "away_present": [shown[m.id] for m in came if m.away],
        "present": [shown.get(i, i) for i in present],
        "late": [shown.get(i, i) for i in late],
        "leave": leave,
        "absent": [shown.get(i, i) for i in absent],
        "away": [{"name": shown[m.id], "member": m.id, "note": m.note} for m in away],
        "present_ids": present,
        "late_ids": late,
        "absent_ids": absent,
        "leave_ids": leave_ids,  # in the order of ``leave``
        "signin_ids": [s.name for s in signins],  # in the order of ``signins``
        "guests": [g.name for g in guests],
        "signins": [
            {
                "name": shown.get(s.name, s.name),
                "status": s.status,
                "at": iso_moment(s.at),
                "method": s.method,
            }
            for s in signins
        ],
        "guest_notes": {g.name: g.note for g in guests if g.note},
        "quorum": quorum_status(meeting_type, counted, attended, lang),
    }
