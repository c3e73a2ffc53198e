"""Attendance: who signed in, late or on leave, who is absent, and whether the meeting has its
quorum. The same summary is ``meetkit attendance --json``, the admin API's answer, the live
projector counts and the attendance block of the minutes.

The rules live here; the store only keeps rows, and the CLI and the web app only call these.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .errors import MeetkitError
from .i18n import N_, _, gettext_for, pgettext_for
from .meetingtypes import basis_text

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
}


def label(key: str, lang: str) -> str:
    """A status or leave kind in words (正常, 迟到, 病假 …)."""
    return gettext_for(lang)(LABELS[key])


class NotExpected(MeetkitError):
    """A name that is not on the meeting's list of expected members."""


class SigninClosed(MeetkitError):
    """Sign-in for the meeting was closed by the admin."""


class IsMember(MeetkitError):
    """A guest's name that is on the expected list: they should sign in as a member."""


class AlreadySignedIn(MeetkitError):
    """Leave asked for someone who already signed in."""


# -- rules -----------------------------------------------------------------------------------
def late_after(meeting, grace_minutes: int) -> dt.datetime:
    """Sign-ins after this moment (start + grace) are late."""
    return meeting.start + dt.timedelta(minutes=grace_minutes)


def status_at(meeting, at: dt.datetime, grace_minutes: int) -> str:
    """``present`` or ``late`` for a sign-in at ``at``."""
    return "late" if at > late_after(meeting, grace_minutes) else "present"


def clean_text(value, limit: int = TEXT_MAX) -> str:
    """User text on one line: control characters out, spaces collapsed, at most ``limit``."""
    text = re.sub(r"[\x00-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]", " ", str(value or ""))
    return re.sub(r"\s+", " ", text).strip()[:limit]


def _fold(name: str) -> str:
    return re.sub(r"\s+", "", name).casefold()


def match_member(expected: list, name: str, index: dict | None = None):
    """The expected member ``name`` means: exact, else ignoring spaces and case; or None.

    ``index`` ({name: member} of ``expected``) makes the exact match a dict lookup."""
    name = clean_text(name, NAME_MAX + 1)
    if index is not None:
        if name in index:
            return index[name]
    else:
        for m in expected:
            if m.name == name:
                return m
    folded = _fold(name)
    hits = [m for m in expected if _fold(m.name) == folded]
    return hits[0] if len(hits) == 1 else None


def quorum_status(meeting_type, expected: list, attended: set, lang: str) -> dict:
    """``{"rule", "basis", "required", "counted", "met"}``; ``met`` is None when the type has
    no quorum rule (then ``counted`` is simply everyone present)."""
    rule = meeting_type.quorum
    if rule is None:
        return {"rule": None, "basis": None, "required": None,
                "counted": sum(1 for m in expected if m.name in attended), "met": None}
    basis = {"voting": [m for m in expected if m.voting],
             "committee": [m for m in expected if m.committee] or expected,
             "all": expected}[rule.basis]
    required = rule.required(len(basis))
    counted = sum(1 for m in basis if m.name in attended)
    return {"rule": rule.describe(lang), "basis": rule.basis, "basis_count": len(basis),
            "required": required, "counted": counted, "met": counted >= required}


def summarize(meeting, meeting_type, expected: list, signins: list, leaves: list,
              guests: list, *, grace_minutes: int, lang: str | None = None) -> dict:
    """The attendance object (see docs/signin.md): ``present`` and ``late`` are disjoint, in the
    order of the expected list; ``leave`` is those on leave who did not come; ``absent`` is
    everyone else expected."""
    lang = lang or meeting.lang
    by_name = {s.name: s for s in signins}
    expected_names = [m.name for m in expected]
    others = [s.name for s in signins if s.name not in set(expected_names)]
    order = expected_names + others  # someone signed in, then dropped from the list: still shown
    present = [n for n in order if n in by_name and by_name[n].status == "present"]
    late = [n for n in order if n in by_name and by_name[n].status == "late"]
    leave_by_name = {lv.name: lv for lv in leaves}
    leave = [{"name": n, "kind": leave_by_name[n].kind, "reason": leave_by_name[n].reason}
             for n in expected_names if n in leave_by_name and n not in by_name]
    absent = [n for n in expected_names if n not in by_name and n not in leave_by_name]
    attended = set(by_name)
    return {
        "meeting": meeting.id,
        "type": meeting.type,
        "start": meeting.start.isoformat(timespec="minutes"),
        "late_after": late_after(meeting, grace_minutes).isoformat(timespec="minutes"),
        "closed_at": meeting.signin_closed_at,
        "expected": len(expected),
        "attended": len(present) + len(late),
        "present": present,
        "late": late,
        "leave": leave,
        "absent": absent,
        "guests": [g.name for g in guests],
        "signins": [{"name": s.name, "status": s.status, "at": s.at, "method": s.method}
                    for s in signins],
        "guest_notes": {g.name: g.note for g in guests if g.note},
        "quorum": quorum_status(meeting_type, expected, attended, lang),
    }


# -- words for the minutes and the sign-in sheet ---------------------------------------------
def _hhmm(iso: str) -> str:
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
    """{name: (status, note)} for the status column of the sign-in sheet and member tables."""
    out = {}
    times = {s["name"]: _hhmm(s["at"]) for s in summary["signins"]}
    for name in summary["present"]:
        out[name] = (label("present", lang), times[name])
    for name in summary["late"]:
        out[name] = (label("late", lang), times[name])
    for item in summary["leave"]:
        out[item["name"]] = (label(item["kind"], lang), item["reason"])
    for name in summary["absent"]:
        out[name] = (label("absent", lang), "")
    return out


def statement(summary: dict, lang: str) -> str:
    """What the host reads out: counts, absentees by kind, and whether the meeting is valid."""
    _ = gettext_for(lang)  # the meeting's language, not the terminal's
    n, came, late = summary["expected"], summary["attended"], len(summary["late"])
    kinds = [(label(k, lang), sum(1 for lv in summary["leave"] if lv["kind"] == k)) for k in KINDS]
    kinds.append((label("no-leave", lang), len(summary["absent"])))
    away = sum(c for _k, c in kinds)
    q = summary["quorum"]
    guests = len(summary["guests"])
    text = _("Expected {n}; present {came}").format(n=n, came=came)
    if late:
        text += _(" ({late} late)").format(late=late)
    text += _("; absent {away}").format(away=away)
    if away:
        text += _paren(_join([_("{count} {kind}").format(count=c, kind=k)
                              for k, c in kinds if c], lang), lang)
    text += _(".")
    if guests:
        text += _(" {guests} sitting in.").format(guests=guests)
    if q["met"] is not None:
        quorum = (_(" Quorum ({rule}): {required} needed; {who} present: {counted}; the meeting "
                    "is valid.") if q["met"] else
                  _(" Quorum ({rule}): {required} needed; {who} present: {counted}; the meeting "
                    "is NOT valid."))
        text += quorum.format(rule=q["rule"], required=q["required"], counted=q["counted"],
                              who=basis_text(q["basis"], lang))
    return text


def minutes_attendance(summary: dict, lang: str) -> dict:
    """The ``attendance`` variable of the minutes template, filled from real attendance."""
    _ = gettext_for(lang)  # the meeting's language, not the terminal's
    late = set(summary["late"])
    names = [name + (_paren(label("late", lang), lang) if name in late else "")
             for name in summary["present"] + summary["late"]]
    absent = [{"name": item["name"], "reason": _leave_reason(item, lang)}
              for item in summary["leave"]]
    absent += [{"name": name, "reason": _("{absent}, {no_leave}").format(
                    absent=label("absent", lang), no_leave=label("no-leave", lang))}
               for name in summary["absent"]]
    none = _("none")
    notes = summary.get("guest_notes", {})
    guests = [g + (_paren(notes[g], lang) if notes.get(g) else "") for g in summary["guests"]]
    return {
        "known": True,
        "present_count": summary["attended"],
        "present_names": _join(names, lang) or none,
        "absent": absent,
        "absent_text": _join([a["name"] + _paren(a["reason"], lang) for a in absent], lang)
        or none,
        "guests": _join(guests, lang) or none,
        "guest_rows": [{"name": g, "note": notes.get(g, ""), "status": label("guest", lang)}
                       for g in summary["guests"]],
        "statement": statement(summary, lang),
        "quorum_met": summary["quorum"]["met"],
    }


# -- working on a workspace ------------------------------------------------------------------
@dataclass(frozen=True)
class Result:
    """The answer to one sign-in: ``status`` present, late, already, guest or device-used."""

    status: str
    name: str
    at: str

    @property
    def time(self) -> str:
        return _hhmm(self.at)

    def as_dict(self) -> dict:
        return {"status": self.status, "name": self.name, "at": self.at}


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def load(ws, meeting, lang: str | None = None) -> dict:
    """The attendance summary of a stored meeting."""
    store = ws.store
    return summarize(meeting, ws.plugins.meeting_type(meeting.type),
                     store.expected_members(meeting.id), store.signins(meeting.id),
                     store.leaves(meeting.id), store.guests(meeting.id),
                     grace_minutes=ws.config.late_grace_minutes, lang=lang)


def expected_member(ws, meeting, name: str, expected: list | None = None,
                    index: dict | None = None):
    """The expected member called ``name``, or NotExpected."""
    expected = ws.store.expected_members(meeting.id) if expected is None else expected
    member = match_member(expected, name, index)
    if member is None:
        shown = clean_text(name, NAME_MAX)
        raise NotExpected(_("{name!r} is not on the list of members expected at {meeting}").format(
            name=shown, meeting=meeting.id))
    return member


def sign_in(ws, meeting, name: str, *, at: dt.datetime | None = None, method: str,
            device: str = "", bind_device: bool = False, address: str = "",
            respect_closed: bool = True, expected: list | None = None,
            index: dict | None = None) -> Result:
    """Sign an expected member in (a repeat answers ``already``); refused attempts are stored
    with their reason before NotExpected or SigninClosed is raised."""
    at = at or now()
    stamp = at.isoformat(timespec="seconds")
    store = ws.store
    try:
        if respect_closed and meeting.signin_closed_at:
            raise SigninClosed(_("sign-in for {meeting} is closed").format(meeting=meeting.id))
        member = expected_member(ws, meeting, name, expected, index)
    except MeetkitError as exc:
        reason = "closed" if isinstance(exc, SigninClosed) else "not-expected"
        store.record_attempt(meeting.id, clean_text(name, NAME_MAX), at=stamp, outcome="refused",
                             reason=reason, method=method, address=address, device=device)
        raise
    outcome = store.sign_in(meeting.id, member.name, at=stamp,
                            status=status_at(meeting, at, ws.config.late_grace_minutes),
                            method=method, device=device, bind_device=bind_device,
                            address=address)
    return Result(outcome.status, outcome.name, outcome.at)


def add_guest(ws, meeting, name: str, note: str = "", *, at: dt.datetime | None = None,
              method: str, device: str = "", bind_device: bool = False, address: str = "",
              respect_closed: bool = True, expected: list | None = None) -> Result:
    """Record someone sitting in (列席); a member of the expected list is told to sign in."""
    at = at or now()
    stamp = at.isoformat(timespec="seconds")
    name = clean_text(name, NAME_MAX)
    if not name:
        raise MeetkitError(_("a guest needs a name"))
    if respect_closed and meeting.signin_closed_at:
        ws.store.record_attempt(meeting.id, name, at=stamp, outcome="refused", reason="closed",
                                method=method, address=address, device=device)
        raise SigninClosed(_("sign-in for {meeting} is closed").format(meeting=meeting.id))
    expected = ws.store.expected_members(meeting.id) if expected is None else expected
    if match_member(expected, name) is not None:
        raise IsMember(_("{name} is expected at this meeting: sign in as a member").format(name=name))
    outcome = ws.store.add_guest(meeting.id, name, at=stamp, note=clean_text(note), method=method,
                                 device=device, bind_device=bind_device, address=address)
    return Result(outcome.status, outcome.name, outcome.at)


def record_leave(ws, meeting, name: str, *, kind: str, reason: str, method: str,
                 address: str = "", device: str = ""):
    """Record an expected member's leave (sick, personal or official)."""
    if kind not in KINDS:
        raise MeetkitError(_("leave kind {kind!r} is not one of {kinds}").format(
            kind=kind, kinds=', '.join(KINDS)))
    member = expected_member(ws, meeting, name)
    done = {s.name: s for s in ws.store.signins(meeting.id)}.get(member.name)
    if done is not None:
        raise AlreadySignedIn(_("{name} already signed in at {time}; leave not recorded").format(
            name=member.name, time=_hhmm(done.at)))
    return ws.store.record_leave(meeting.id, member.name, kind=kind, reason=clean_text(reason),
                                 at=now().isoformat(timespec="seconds"), method=method,
                                 address=address, device=device)


def write_minutes(ws, meeting) -> list:
    """Re-render minutes.docx and signin.docx with the real attendance (an edited file is
    kept and the new one written beside it); returns pack.Written items."""
    from .pack import render_pack

    summary = load(ws, meeting, meeting.lang)
    return render_pack(ws, meeting, only=("minutes", "signin"),
                       attendance=minutes_attendance(summary, meeting.lang),
                       statuses=statuses(summary, meeting.lang))
