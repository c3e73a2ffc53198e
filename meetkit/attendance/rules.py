"""Attendance: who signed in, late or on leave, who is absent, and whether the meeting has its
quorum. The same summary is ``meetkit attendance --json``, the admin API's answer, the live
projector counts and the attendance block of the minutes.

Three modules: ``counting`` (the rules: who counts, late, quorum, the summary), ``words`` (the
statement and the minutes' attendance block) and ``signin`` (working on a workspace: load, sign
in, guests, leave). This module names them all in one place, as callers have always used them
(``att.sign_in``, ``att.statement`` …).
"""

from __future__ import annotations

from .counting import (  # noqa: F401
    KINDS,
    LABELS,
    NAME_MAX,
    TEXT_MAX,
    AlreadySignedIn,
    AttendanceWorkspace,
    IsMember,
    MeetingCancelled,
    NotExpected,
    SigninClosed,
    _Types,
    clean_text,
    label,
    late_after,
    match_member,
    members_a_guest_would_take,
    quorum_status,
    refuse_if_cancelled,
    should_attend,
    status_at,
    summarize,
)
from .signin import (  # noqa: F401
    Result,
    add_guest,
    expected_member,
    load,
    now,
    record_leave,
    shown_name,
    sign_in,
)
from .words import (  # noqa: F401
    _hhmm,
    _join,
    _leave_reason,
    _paren,
    minutes_attendance,
    statement,
    statuses,
)
