"""Attendance: who signed in, late or on leave, who is absent, and whether the meeting has its
quorum. The same summary is ``meetkit attendance --json``, the admin API's answer, the live
projector counts and the attendance block of the minutes.

The rules live here; the store only keeps rows, and the CLI and the web app only call these.

Over 400 lines because it is the one place the attendance rules live (who counts, late,
quorum, the statement read out): split, they would be copied.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from .. import clock
from ..errors import MeetkitError
from ..i18n import N_, _, gettext_for, ngettext_for, pgettext_for
from ..model.meeting import iso_moment
from ..model.member import fold
from ..model.member import shown as _shown
from ..model.types import basis_text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..config import Config
    from ..model.meeting import Meeting
    from ..model.types import MeetingType
    from ..roster import Member
    from ..store import Store
    from ..store.attendance import LeaveRow


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
    text = re.sub(r"[\x00-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]", " ", str(value or ""))
    return re.sub(r"\s+", " ", text).strip()[:limit]


def match_member(
    expected: list, name: str, index: dict | None = None, member: str | None = None
) -> Member | None:
    """The expected member meant by ``member`` (an id) or ``name`` (a name, a label such as
    张伟（第一党小组）, or an id), exactly, else after normalisation (NFKC, spaces, width,
    case); None when nobody. Several members with that name raise ``Ambiguous``.

    ``index`` ({name: member} of ``expected``, names that are unique) makes the usual exact
    match a dict lookup."""
    from ..members import Ambiguous, find

    if member:
        return next((m for m in expected if m.id == member), None)
    name = clean_text(name, NAME_MAX + 1)
    if index is not None and name in index:
        return index[name]
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


# -- words for the minutes and the sign-in sheet ---------------------------------------------
def _hhmm(iso: str) -> str:
    """HH:MM of an ISO moment as the summary holds it ("2026-12-01T19:05:00")."""
    return iso[11:16]


def _join(names: list, lang: str) -> str:
    pgettext = pgettext_for(lang)
    return pgettext("list separator", ", ").join(names)


def _paren(text: str, lang: str) -> str:
    pgettext = pgettext_for(lang)
    return pgettext("parenthesis", " ({text})").format(text=text)


def _leave_reason(item: dict, lang: str) -> str:
    kind = label(item["kind"], lang)
    if not item["reason"]:
        return kind
    _ = gettext_for(lang)
    return _("{kind}: {reason}").format(kind=kind, reason=item["reason"])


def statuses(summary: dict, lang: str) -> dict:
    """{member id: (status, note)} for the status column of the sign-in sheet and member
    tables."""
    out = {}
    times = {i: _hhmm(s["at"]) for i, s in zip(summary["signin_ids"], summary["signins"])}
    for ident in summary["present_ids"]:
        out[ident] = (label("present", lang), times[ident])
    for ident in summary["late_ids"]:
        out[ident] = (label("late", lang), times[ident])
    for ident, item in zip(summary["leave_ids"], summary["leave"]):
        out[ident] = (label(item["kind"], lang), item["reason"])
    for ident in summary["absent_ids"]:
        out[ident] = (label("absent", lang), "")
    for item in summary.get("away", []):
        out[item["member"]] = (label("away", lang), item["note"])
    return out


def statement(summary: dict, lang: str) -> str:
    """What the host reads out: 应到, 实到 (late among them; members away who came, named
    once), 请假 by kind, 缺席 without leave -- 应到 = 实到 + 请假 + 缺席 -- the guests, and
    whether the meeting is valid."""
    _ = gettext_for(lang)  # the meeting's language, not the terminal's
    n, came, late = summary["expected"], summary["attended"], len(summary["late"])
    kinds = [(label(k, lang), sum(1 for lv in summary["leave"] if lv["kind"] == k)) for k in KINDS]
    on_leave = summary.get("leave_count", len(summary["leave"]))
    absent = summary.get("absent_count", len(summary["absent"]))
    came_away = summary.get("away_present", [])
    q = summary["quorum"]
    guests = len(summary["guests"])
    ngettext = ngettext_for(lang)
    pgettext = pgettext_for(lang)
    present = ngettext(
        "Of the {n} members expected, {came} was present",
        "Of the {n} members expected, {came} were present",
        came,
    ).format(n=n, came=came)
    if late:
        present += _(" ({late} of them late)").format(late=late)
    absent_part = _("{n} absent without leave").format(n=absent) if absent else _("none absent")
    if on_leave:
        kinds_text = _join(
            [_("{count} {kind}").format(count=c, kind=k) for k, c in kinds if c], lang
        )
        leave_part = _("{count} on leave ({kinds})").format(count=on_leave, kinds=kinds_text)
        leave_absent = pgettext("attendance statement", ", {leave} and {absent}").format(
            leave=leave_part, absent=absent_part
        )
    else:
        leave_absent = pgettext("attendance statement", " and {absent}").format(absent=absent_part)
    came_away_part = (
        _(" Away but present, and so counted as expected: {names}.").format(
            names=_join(came_away, lang)
        )
        if came_away
        else ""
    )
    # English says who came from away after the first sentence, Chinese in brackets after
    # who was present: the catalog orders the parts.
    text = pgettext("attendance statement", "{present}{leave_absent}.{came_away}").format(
        present=present, leave_absent=leave_absent, came_away=came_away_part
    )
    if guests:
        text += ngettext(" {guests} person sat in.", " {guests} people sat in.", guests).format(
            guests=guests
        )
    if summary.get("away"):
        text += _(" Away, not counted as expected: {names}.").format(
            count=len(summary["away"]),
            names=_join(
                [
                    _("{name} ({note})").format(name=a["name"], note=a["note"])
                    if a["note"]
                    else a["name"]
                    for a in summary["away"]
                ],
                lang,
            ),
        )
    if q["met"] is not None:
        quorum = (
            _(
                " The quorum is {rule}: {required} needed and {counted} {who} present, so the "
                "meeting is valid."
            )
            if q["met"]
            else _(
                " The quorum is {rule}: {required} needed and {counted} {who} present, so the "
                "meeting is NOT valid."
            )
        )
        text += quorum.format(
            rule=q["rule"],
            required=q["required"],
            counted=q["counted"],
            who=basis_text(q["basis"], lang),
        )
    return text


def minutes_attendance(summary: dict, lang: str, expected: list | None = None) -> dict:
    """The ``attendance`` variable of the minutes template, filled from real attendance;
    ``expected`` (the members) gives how many of those with a vote came."""
    _ = gettext_for(lang)  # the meeting's language, not the terminal's
    late = set(summary["late"])
    attended = set(summary.get("present_ids", summary["present"])) | set(
        summary.get("late_ids", summary["late"])
    )
    names = [
        name + (_paren(label("late", lang), lang) if name in late else "")
        for name in summary["present"] + summary["late"]
    ]
    absent = [
        {"name": item["name"], "reason": _leave_reason(item, lang)} for item in summary["leave"]
    ]
    absent += [
        {
            "name": name,
            "reason": _("{absent}, {no_leave}").format(
                absent=label("absent", lang), no_leave=label("no-leave", lang)
            ),
        }
        for name in summary["absent"]
    ]
    none = _("none")
    notes = summary.get("guest_notes", {})
    guests = [g + (_paren(notes[g], lang) if notes.get(g) else "") for g in summary["guests"]]
    return {
        "known": True,
        "present_count": summary["attended"],
        "voting_present_count": summary.get("voting_attended", ""),
        "voting_expected_count": summary.get("voting_expected", ""),
        "expected_count": summary["expected"],
        "leave_count": summary.get("leave_count", len(summary["leave"])),
        "absent_count": summary.get("absent_count", len(summary["absent"])),
        "attended_ids": sorted(attended),
        "present_names": _join(names, lang) or none,
        "absent": absent,
        "absent_text": _join([a["name"] + _paren(a["reason"], lang) for a in absent], lang) or none,
        "guests": _join(guests, lang) or none,
        "guest_rows": [
            {"name": g, "note": notes.get(g, ""), "status": label("guest", lang)}
            for g in summary["guests"]
        ],
        "statement": statement(summary, lang),
        "quorum_met": summary["quorum"]["met"],
    }


# -- working on a workspace ------------------------------------------------------------------
@dataclass(frozen=True)
class Result:
    """The answer to one sign-in: ``status`` present, late, already, guest, one-device or
    one-address."""

    status: str
    name: str  # as shown: the label where the name is shared
    at: dt.datetime
    member: str | None = None  # the member's id (None for a guest)

    @property
    def time(self) -> str:
        return self.at.strftime("%H:%M")

    def as_dict(self) -> dict:
        out = {"status": self.status, "name": self.name, "at": iso_moment(self.at)}
        if self.member is not None:
            out["member"] = self.member
        return out


def now() -> dt.datetime:
    return clock.now()


def load(ws: AttendanceWorkspace, meeting: Meeting, lang: str | None = None) -> dict:
    """The attendance summary of a stored meeting."""
    store = ws.store
    return summarize(
        meeting,
        ws.plugins.meeting_type(meeting.type),
        store.expected_members(meeting.id),
        store.signins(meeting.id),
        store.leaves(meeting.id),
        store.guests(meeting.id),
        grace_minutes=ws.config.late_grace_minutes,
        lang=lang,
        exclude_away=ws.config.exclude_away,
    )


def shown_name(expected: list, ident: str) -> str:
    """What to call the person a stored row names by ``ident``: an expected member's label,
    else ``ident`` itself (a guest's name, or a name from before member ids)."""
    return next((_shown(m) for m in expected if m.id == ident), ident)


def expected_member(
    ws: AttendanceWorkspace,
    meeting: Meeting,
    name: str,
    expected: list | None = None,
    index: dict | None = None,
    member: str | None = None,
) -> Member:
    """The expected member meant by ``member`` (an id) or ``name``; NotExpected when nobody,
    ``members.Ambiguous`` (with the candidates) when several share the name."""
    expected = ws.store.expected_members(meeting.id) if expected is None else expected
    found = match_member(expected, name, index, member)
    if found is None:
        from ..members import Unknown

        shown = clean_text(member or name, NAME_MAX)
        hint = ""
        try:
            from ..members import find

            find(expected, shown)
        except Unknown as exc:
            hint = str(exc).partition(";")[2]
        except MeetkitError:
            pass
        raise NotExpected(
            _("{name!r} is not on the list of members expected at {meeting}").format(
                name=shown, meeting=meeting.id
            )
            + (f";{hint}" if hint else "")
        )
    return found


def sign_in(
    ws: AttendanceWorkspace,
    meeting: Meeting,
    name: str,
    *,
    at: dt.datetime | None = None,
    method: str,
    device: str = "",
    bind_device: bool = False,
    address: str = "",
    bind_address: bool = False,
    respect_closed: bool = True,
    expected: list | None = None,
    index: dict | None = None,
    member: str | None = None,
) -> Result:
    """Sign an expected member in (``member``: their id, else ``name``); a repeat answers
    ``already``. Refused attempts are stored with their reason before NotExpected,
    Ambiguous or SigninClosed is raised."""
    from ..members import Ambiguous

    at = at or now()
    store = ws.store
    try:
        refuse_if_cancelled(meeting)
        if respect_closed and meeting.signin_closed_at:
            raise SigninClosed(_("sign-in for {meeting} is closed").format(meeting=meeting.id))
        found = expected_member(ws, meeting, name, expected, index, member)
    except MeetkitError as exc:
        reason = (
            "cancelled"
            if isinstance(exc, MeetingCancelled)
            else "closed"
            if isinstance(exc, SigninClosed)
            else "ambiguous"
            if isinstance(exc, Ambiguous)
            else "not-expected"
        )
        store.record_attempt(
            meeting.id,
            clean_text(member or name, NAME_MAX),
            at=at,
            outcome="refused",
            reason=reason,
            method=method,
            address=address,
            device=device,
        )
        raise
    outcome = store.sign_in(
        meeting.id,
        found.id,
        at=at,
        status=status_at(meeting, at, ws.config.late_grace_minutes),
        method=method,
        device=device,
        bind_device=bind_device,
        address=address,
        bind_address=bind_address,
    )
    if outcome.status in ("one-device", "one-address"):  # name: whom it signed in before
        expected = ws.store.expected_members(meeting.id) if expected is None else expected
        return Result(outcome.status, shown_name(expected, outcome.name), outcome.at)
    return Result(outcome.status, _shown(found), outcome.at, found.id)


def add_guest(
    ws: AttendanceWorkspace,
    meeting: Meeting,
    name: str,
    note: str = "",
    *,
    at: dt.datetime | None = None,
    method: str,
    device: str = "",
    bind_device: bool = False,
    address: str = "",
    bind_address: bool = False,
    respect_closed: bool = True,
    expected: list | None = None,
) -> Result:
    """Record someone sitting in (列席); a member of the expected list is told to sign in."""
    at = at or now()
    name = clean_text(name, NAME_MAX)
    if not name:
        raise MeetkitError(_("a guest needs a name"))
    cancelled = bool(getattr(meeting, "cancelled_at", None))
    if cancelled or (respect_closed and meeting.signin_closed_at):
        ws.store.record_attempt(
            meeting.id,
            name,
            at=at,
            outcome="refused",
            reason="cancelled" if cancelled else "closed",
            method=method,
            address=address,
            device=device,
        )
        refuse_if_cancelled(meeting)
        raise SigninClosed(_("sign-in for {meeting} is closed").format(meeting=meeting.id))
    expected = ws.store.expected_members(meeting.id) if expected is None else expected
    # A member's name, label or id, however typed, is never a guest: they sign in as
    # themselves, so no guest ever holds a member's ballot.
    taken = members_a_guest_would_take(expected, name)
    if taken:
        shown = "、".join(_shown(m) for m in taken)
        raise IsMember(
            _("Are you {name}? Please choose your name from the list").format(name=shown),
            [_shown(m) for m in taken],
        )
    outcome = ws.store.add_guest(
        meeting.id,
        name,
        at=at,
        note=clean_text(note),
        method=method,
        device=device,
        bind_device=bind_device,
        address=address,
        bind_address=bind_address,
    )
    if outcome.status in (
        "one-device",
        "one-address",
    ):  # whom it signed in: a member's id, or a guest
        return Result(outcome.status, shown_name(expected, outcome.name), outcome.at)
    return Result(outcome.status, outcome.name, outcome.at)


def record_leave(
    ws: AttendanceWorkspace,
    meeting: Meeting,
    name: str,
    *,
    kind: str,
    reason: str,
    method: str,
    address: str = "",
    device: str = "",
    member: str | None = None,
) -> LeaveRow:
    """Record an expected member's leave (sick, personal or official); ``member`` (an id)
    or ``name`` says who. The row returned shows the member's label as ``name``."""
    import dataclasses

    if kind not in KINDS:
        raise MeetkitError(
            _("leave kind {kind!r} is not one of {kinds}").format(kind=kind, kinds=", ".join(KINDS))
        )
    refuse_if_cancelled(meeting)
    found = expected_member(ws, meeting, name, member=member)
    done = {s.name: s for s in ws.store.signins(meeting.id)}.get(found.id)
    if done is not None:
        raise AlreadySignedIn(
            _("{name} already signed in at {time}; leave not recorded").format(
                name=_shown(found), time=done.at.strftime("%H:%M")
            )
        )
    row = ws.store.record_leave(
        meeting.id,
        found.id,
        kind=kind,
        reason=clean_text(reason),
        at=now(),
        method=method,
        address=address,
        device=device,
    )
    return dataclasses.replace(row, name=_shown(found))
