"""The words of the web pages (the meeting's language for members' pages, the workspace's for
the admin's): English msgids by key, translated through meetkit's catalog (meetkit/locale)."""

from __future__ import annotations

from functools import cache

from ..attendance.rules import KINDS, label
from ..i18n import N_, gettext_for

# key -> English msgid; the templates read them as w.<key>.
WORDS = {
    "signin": N_("Sign in"),
    "your_name": N_("Your name"),
    "name_hint": N_("type or pick your name"),
    "submit_signin": N_("Sign in"),
    "leave": N_("Leave"),
    "leave_title": N_("Can't attend? Ask for leave"),
    "kind": N_("Kind"),
    "reason": N_("Reason"),
    "submit_leave": N_("Ask for leave"),
    "guest_title": N_("Not on the list? Sit in as a guest"),
    "guest_name": N_("Name"),
    "guest_note": N_("Unit or title (optional)"),
    "submit_guest": N_("Sit in"),
    "present_ok": N_("Signed in"),
    "late_ok": N_("Signed in (late)"),
    "already": N_("Already signed in"),
    "already_at": N_("You already signed in at {time}; nothing changed."),
    "signed_at": N_("Signed in at {time}"),
    "guest_ok": N_("Recorded as sitting in"),
    "leave_ok": N_("Leave recorded"),
    "device_used": N_(
        "This phone already signed in {name} (at {time}). One phone signs in "
        "one person: ask the host or the meeting's admin to sign you in."
    ),
    "address_used": N_(
        "This network address already signed in {name} (at {time}). One phone "
        "signs in one person: ask the host or the meeting's admin to sign you in."
    ),
    "revoked": N_(
        "This sign-in code was replaced (the sheet was reprinted): scan the new sheet "
        "or the code on the screen."
    ),
    "not_expected": N_(
        "“{name}” is not on the list of members expected at this meeting. Check "
        "the name; if you are sitting in, use the guest form below."
    ),
    "is_member": N_("Are you {name}? Please choose your name from the list"),
    "which_one": N_("{count} members are called “{name}”. Which one are you?"),
    "already_signed_leave": N_("{name} already signed in at {time}: no leave needed."),
    "closed": N_("Sign-in for this meeting is closed."),
    "scan_again": N_(
        "This sign-in code is not valid or has expired: scan the code on the screen again."
    ),
    "expired": N_("This sign-in code has expired: scan the code on the screen again."),
    "not_yet": N_("Sign-in has not opened yet: try again a little later."),
    "forged": N_("This sign-in code is not valid: scan the code on the screen in the room."),
    "no_meeting": N_("No such meeting."),
    "too_many": N_("Too many failed tries: wait {seconds} s."),
    "csrf": N_("This page has expired: go back, reload and try again."),
    "name_required": N_("Please type your name."),
    "time": N_("Time"),
    "place": N_("Place"),
    "code_title": N_("Type the sign-in code"),
    "code": N_("Code"),
    "code_hint": N_("the 6 characters on the screen or the sign-in sheet"),
    "code_submit": N_("Go"),
    "code_bad": N_("This code is not valid, or sign-in is not open now."),
    "error": N_("Error"),
    "scan": N_("Scan to sign in"),
    "or_code": N_("or open {url} and type the code:"),
    "signed": N_("signed in"),
    "expected": N_("expected"),
    "late_n": N_("late"),
    "leave_n": N_("on leave"),
    "absent_n": N_("absent"),
    "photos_h": N_("Photos of the meeting"),
    "photos_add": N_("Add photos"),
    "no_photo": N_("Choose a photo first."),
    "not_photo": N_("{name} is not a photo (JPEG, PNG, WebP, GIF or BMP)."),
    "photos_kept": N_("{n} photo(s) kept with the meeting."),
    "guests_n": N_("sitting in"),
    "quorum_met": N_("Quorum reached: the meeting is valid"),
    "quorum_not": N_("No quorum yet ({n} needed)"),
    "quorum_none": "",  # nothing to say: not a message
    "closed_banner": N_("Sign-in closed"),
    "this_phone": N_("Signed in on this phone: {name}"),
    "admin": N_("Meetings admin"),
    "admin_wrong": N_(
        "Wrong admin token (it changes when the server restarts): open the new "
        "admin address meetkit serve or meetkit console printed."
    ),
    "admin_missing": N_(
        "Admins only: open the admin address meetkit serve or meetkit console printed at start."
    ),
    "meetings": N_("Meetings"),
    "no_meetings": N_("No meetings yet: run meetkit prepare first."),
    "due_full": N_("Probationary members due for full membership"),
    "due_full_item": N_("{name}: probation ends {date}"),
    "projector": N_("Projector code"),
    "attendance_json": N_("attendance JSON"),
    "dashboard": N_("Sign-in dashboard"),
    "hand_signin": N_("Sign in by hand (paper sheet)"),
    "at_opt": N_("time (optional)"),
    "mark_leave": N_("Mark leave"),
    "add_guest": N_("Add a guest"),
    "close": N_("Close sign-in"),
    "reopen": N_("Reopen sign-in"),
    "write_minutes": N_("Write minutes and sign-in sheet"),
    "undo": N_("undo"),
    "release": N_("release phone"),
    "handover": N_("new phone"),
    "handover_title": N_("Hand {name}'s sign-in to a new phone"),
    "handover_confirm": N_(
        "Only when {name} is here in person and their phone lost its sign-in: the new phone "
        "will vote as {name}, the old one for no one. This is logged."
    ),
    "handover_yes": N_("Yes, hand it over"),
    "handover_scan": N_(
        "Let {name} scan this code with the new phone within {minutes} minutes; it works once."
    ),
    "handed_title": N_("Signed in on this phone"),
    "handed_ok": N_("{name}'s sign-in is now on this phone: you can vote here."),
    "handover_taken": N_(
        "This phone already signed in someone at this meeting: use the member's own phone."
    ),
    "handover_bad": N_(
        "This code is not valid, has expired or was used: ask the meeting's admin for a new one."
    ),
    "undone": N_("Undone: {name}"),
    "nothing": N_("Nothing to change."),
    "released": N_("{name}'s phone is released: it may sign in one more person."),
    "reopened": N_("Sign-in reopened."),
    "closed_now": N_("Sign-in closed."),
    "kept": N_("You edited {kept}: kept it, wrote the new version as {new}."),
    "written": N_("Wrote {file}"),
    "no": N_("No."),
    "name": N_("Name"),
    "group": N_("Group"),
    "status": N_("Status"),
    "note": N_("Time / note"),
    "how": N_("How"),
    "guests": N_("Sitting in"),
    "attempts": N_("Latest attempts"),
    "outcome": N_("Outcome"),
    "address": N_("Address"),
    "none": N_("none"),
    "open_projector": N_("Open on the projector"),
    "today": N_("today"),
    "type": N_("Type"),
    "topic": N_("Topic"),
    "non_voting": N_("no vote"),
    "kiosk_note": N_(
        "This browser is signed in as admin: sign-ins here are not tied to the device (a kiosk)."
    ),
    "method_web": N_("phone"),
    "method_api": N_("API"),
    "method_manual": N_("by hand"),
    "method_cli": N_("command line"),
    "again": N_("Back"),
    "pick_hint": N_("or pick your name from the list"),
    "err_400": N_("Bad request."),
    "err_404": N_("No such page or meeting."),
    "err_405": N_("Method not allowed."),
    "err_413": N_("Too much text."),
    "err_415": N_("Send JSON."),
    "err_500": N_("Something went wrong on the server; try again."),
    "err_503": N_("The server is busy: try again in a few seconds."),
    "err_507": N_("The server's disk is full: tell the admin."),
    "limited": N_("Addresses limited now (too many guessed codes or names)"),
    "shared": N_("Addresses shared by several people"),
    "address_rule_on": N_("Each network address signs in one person."),
    "address_rule_off": N_(
        "One address may sign in several people (one_member_per_address = "
        "false): shared addresses are only flagged."
    ),
    "behind_proxy": N_("Behind a reverse proxy: addresses come from X-Forwarded-For."),
}


@cache  # the catalogs don't change while the server runs: once per language
def words(lang: str) -> dict[str, str]:
    """The words for ``lang``, keyed as in ``WORDS`` (Chinese when unknown); shared: read only."""
    if lang not in ("zh-CN", "en"):
        lang = "zh-CN"
    translate = gettext_for(lang)
    table = {key: translate(message) for key, message in WORDS.items()}
    # Leave kinds read the same on the pages as in the minutes: one source, attendance.label.
    table.update({kind: label(kind, lang) for kind in KINDS})
    return table


# Secret ballots and the democratic appraisal (meetkit/decisions/web.py).
DECISION_WORDS = {
    "ballot": N_("Secret ballot"),
    "ballot_item": N_("Matter"),
    "cast": N_("Vote"),
    "cast_ok": N_("Vote counted"),
    "cast_thanks": N_(
        "Your vote is counted. The ballot is secret: meetkit records that you voted, not how."
    ),
    "ballot_secret": N_("Secret ballot: only whether you voted is kept, not your choice."),
    "voted_n": N_("Voted {n} / {m}"),
    "appraisal": N_("Democratic appraisal of members"),
    "appraisal_help": N_(
        "Choose one grade for each full member below (not yourself). Probationary members take part and are not graded."
    ),
    "appraisal_ok": N_("Appraisal handed in"),
    "appraisal_thanks": N_("Your ballot is counted. The appraisal is anonymous."),
    "reason_for": N_("Reason, for 'unqualified'"),
    "committee_q": N_("The branch committee"),
    "submit_appraisal": N_("Hand in"),
    "appraised_n": N_("{n} appraised"),
    "no_ballot": N_("No ballot or appraisal is open now. This page switches when one opens."),
    "not_signed": N_("Sign in to the meeting first, then vote."),
    "no_vote": N_("{name} is a probationary member or under probation within the party: no vote."),
    "voted_already": N_("{name} has already voted; one vote each."),
    "appraised_already": N_("{name} has already handed in an appraisal ballot."),
    "ballot_closed": N_("The ballot is closed."),
    "appraisal_closed": N_("The appraisal is closed."),
    "pick_one": N_("Pick one."),
    "grade_all": N_("Grade every member: {names} not graded yet."),
    "need_reason": N_("'Unqualified' needs a reason: {name}."),
    "no_part": N_("{name} takes no part in this appraisal."),
    "refused": N_("Not counted"),
    "remove_guest": N_("Remove {name} (recorded by mistake)"),
    "remove_guest_yes": N_("Yes, remove the guest {name}"),
}
WORDS.update(DECISION_WORDS)


# The opinion page of a life meeting (meetkit/life/web.py).
OPINION_WORDS = {
    "op_title": N_("Your opinions, please"),
    "op_intro": N_(
        "Before our {meeting}, we welcome your opinions on the branch and its "
        "members. You need not give your name; only the branch sees what you send."
    ),
    "op_text": N_("Your opinion"),
    "op_text_hint": N_("Write your opinion (at most {n} characters)"),
    "op_category": N_("Category"),
    "op_about": N_("The member it is about (optional)"),
    "op_name": N_("Your name (optional: anonymous by default)"),
    "op_submit": N_("Send"),
    "op_thanks": N_("Received. Thank you for your opinion!"),
    "op_thanks_more": N_("To add another, scan the code again."),
    "op_closed": N_("Opinions are no longer being collected. Thank you."),
    "op_bad_code": N_("This code is not valid: scan the QR code on the poster again."),
    "op_empty": N_("Please write your opinion."),
    "op_too_long": N_("An opinion may be at most {n} characters long (this one has {m})."),
    "op_too_many": N_("Too many opinions from here; try again in {seconds} seconds."),
    "op_csrf": N_("The page has expired: go back, reload and try again."),
}


def opinion_words(lang: str) -> dict[str, str]:
    """The opinion page's words for ``lang`` (Chinese when unknown), with the common ones."""
    translate = gettext_for(lang if lang in ("zh-CN", "en") else "zh-CN")
    return {**words(lang), **{key: translate(m) for key, m in OPINION_WORDS.items()}}
