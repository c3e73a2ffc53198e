"""Attendance in words: the statement read out and printed in the minutes, each member's
status on the sign-in sheet, the attendance block of the minutes (both languages, from the
catalog)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import gettext_for, ngettext_for, pgettext_for
from ..model.types import basis_text

if TYPE_CHECKING:
    pass


from .counting import KINDS, label


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
