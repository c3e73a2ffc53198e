"""The democratic appraisal of members (民主评议党员): the ballot on phones and on paper, the
tally (民主测评汇总表), the committee's grades (组织评定) and their documents.

Every signed-in member, full or probationary, grades every full member but themselves;
probationary members are not graded. A ballot adds one to a counter per graded member and grade
(never a row per voter: a row grading everyone but one person would name its voter), and a
member's counts are withheld from documents and pages while fewer than ``[appraisal]
min_graders`` graded them. See docs/decisions.md.

Over 400 lines because the appraisal's rules, its anonymity and its documents change together;
the SQL is in store/decisions.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

from ..errors import MeetkitError
from ..i18n import TP_, Text, _, gettext_for, in_language, pgettext_for
from ..model.member import shown
from ..model.types import DocumentSpec

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..model.member import Named
    from ..roster import Member
    from ..store.decisions import AppraisalState
    from ..workspace import Workspace

GRADES = ("excellent", "qualified", "basically-qualified", "unqualified")
GRADE_TEXT = {
    "excellent": TP_("appraisal grade", "excellent"),
    "qualified": TP_("appraisal grade", "qualified"),
    "basically-qualified": TP_("appraisal grade", "basically qualified"),
    "unqualified": TP_("appraisal grade", "unqualified"),
}
COMMITTEE = ("satisfied", "basically-satisfied", "dissatisfied")
COMMITTEE_TEXT = {
    "satisfied": TP_("committee assessment", "satisfied"),
    "basically-satisfied": TP_("committee assessment", "basically satisfied"),
    "dissatisfied": TP_("committee assessment", "dissatisfied"),
}
COMMITTEE_SUBJECT = ""  # the counters' subject for the 支部班子测评
REASON_MAX = 200
TALLY = DocumentSpec(
    "appraisal-tally", {"zh-CN": "民主测评汇总表", "en": "Appraisal tally"}, order=66
)
RESULT = DocumentSpec(
    "appraisal-result", {"zh-CN": "民主评议党员评定结果", "en": "Appraisal result"}, order=67
)


def member_key(member: Named) -> str:
    from .votes import member_key as key

    return key(member)


def grade_word(key: str | None, lang: str) -> str:
    """A grade in words (优秀 / excellent); "" for none."""
    return in_language(GRADE_TEXT[key], lang) if key else ""


def committee_word(key: str, lang: str) -> str:
    """满意/基本满意/不满意 of the branch committee's assessment, in ``lang``."""
    return in_language(COMMITTEE_TEXT[key], lang)


def grade_counts(grades: Iterable[str | None]) -> dict[str, int]:
    """How many of each grade among ``grades`` (the committee's 组织评定): every key of
    GRADES, in its order."""
    given = list(grades)
    return {g: given.count(g) for g in GRADES}


def grades_text(counts: Mapping[str, int], lang: str) -> str:
    """Grade counts in words, zeros left out: 优秀1名，合格5名 / excellent 1, qualified 5 (the
    appraisal's summary, the ledger and the life meeting's report say it so)."""
    from ..i18n import gettext_for

    _ = gettext_for(lang)
    pgettext = pgettext_for(lang)
    sep = pgettext("grade counts", ", ")  # "，" in Chinese
    return sep.join(
        _("{grade} {n}").format(grade=grade_word(g, lang), n=counts[g])
        for g in GRADES
        if counts.get(g)
    )


def parse_grade(
    value: str,
    where: str = "grade",
    choices: Iterable[str] = GRADES,
    words: Mapping[str, Text] = GRADE_TEXT,
) -> str:
    """A grade key from its key, Chinese word or English words."""
    text = str(value or "").strip()
    for key in choices:
        english, chinese = in_language(words[key], "en"), in_language(words[key], "zh-CN")
        if text.lower() in (key, english) or text == chinese:
            return key
    listed = ", ".join(f"{k} ({in_language(words[k], 'zh-CN')})" for k in choices)
    raise MeetkitError(
        _("{where}: {value!r} is not a grade; use one of {grades}").format(
            where=where, value=text, grades=listed
        )
    )


def settings(ws: Workspace) -> dict:
    """``[appraisal]`` of meetkit.toml (checked with the file: config.SETTINGS):
    min_graders (3), excellent_share (1/3), committee (false)."""
    cfg = ws.config
    return {
        "min_graders": cfg.setting("appraisal", "min_graders"),
        "excellent_share": Fraction(str(cfg.setting("appraisal", "excellent_share"))),
        "committee": cfg.setting("appraisal", "committee"),
    }


def graded_members(expected: list) -> list:
    """Who is graded: the full members expected (probationary members take part, ungraded)."""
    return [m for m in expected if m.status == "full"]


def _state(ws: Workspace, meeting: Meeting) -> AppraisalState | None:
    return ws.store.appraisal(meeting.id)


def _state_written(ws: Workspace, meeting: Meeting) -> AppraisalState:
    """The state of an appraisal this call has just opened or closed: its row exists."""
    state = _state(ws, meeting)
    assert state is not None, meeting.id  # written above in the same call
    return state


def refuse_without_appraisal(ws: Workspace, meeting: Meeting) -> None:
    """A leadership team's 民主生活会 (a type with ``uses`` "team") refuses the democratic
    appraisal of members (domain.md), one line saying so."""
    if ws.plugins.uses(meeting, "team"):
        raise MeetkitError(
            _(
                "{meeting}: a democratic life meeting of the leadership team does not appraise "
                "members; hold the appraisal at the organizational life meeting"
            ).format(meeting=meeting.id)
        )


# -- opening and closing ----------------------------------------------------------------------
def _counters(expected: list, committee: bool) -> list[tuple[str, str]]:
    """Every (subject, grade) counter of an appraisal, made when it opens: no ballot then
    creates a row of its own."""
    pairs = [(member_key(m), g) for m in graded_members(expected) for g in GRADES]
    if committee:
        pairs += [(COMMITTEE_SUBJECT, c) for c in COMMITTEE]
    return pairs


def open_appraisal(ws: Workspace, meeting: Meeting) -> AppraisalState:
    """Open the phone ballot. Refused when it was opened before or nobody can be graded."""
    refuse_without_appraisal(ws, meeting)
    if not graded_members(ws.store.expected_members(meeting.id)):
        raise MeetkitError(
            _("{meeting}: no full member is expected, so nobody can be graded").format(
                meeting=meeting.id
            )
        )
    state = _state(ws, meeting)
    if state is not None:
        raise MeetkitError(
            _("{meeting}: the appraisal is already {state}").format(
                meeting=meeting.id, state=_(state["state"])
            )
        )
    from sqlalchemy.exc import IntegrityError

    try:
        committee = settings(ws)["committee"]
        ws.store.open_appraisal(
            meeting.id,
            committee,
            counters=_counters(ws.store.expected_members(meeting.id), committee),
        )
    except IntegrityError:
        raise MeetkitError(
            _("{meeting}: the appraisal is already open").format(meeting=meeting.id)
        ) from None
    return _state_written(ws, meeting)


def close_appraisal(ws: Workspace, meeting: Meeting) -> AppraisalState:
    """End the phone ballot (paper ballots may still be added) and write the tally."""
    from ..store.decisions import NotOpen

    state = _state(ws, meeting)
    if state is None:
        raise MeetkitError(_("{meeting}: no appraisal was opened").format(meeting=meeting.id))
    try:
        ws.store.close_appraisal(meeting.id)
    except NotOpen:
        raise MeetkitError(
            _("{meeting}: the appraisal is already closed").format(meeting=meeting.id)
        ) from None
    write_documents(ws, meeting, ("appraisal-tally",))
    return _state_written(ws, meeting)


# -- ballots ----------------------------------------------------------------------------------
class Refused(MeetkitError):
    """A ballot refused; ``reason`` is a short key for the web pages."""

    def __init__(self, message: str, reason: str, detail: str = ""):
        super().__init__(message)
        self.reason, self.detail = reason, detail


def _check_grades(graded: list, grades: dict, reasons: dict, where: str) -> tuple[dict, dict]:
    clean_grades, clean_reasons = {}, {}
    by_key = {member_key(m): m for m in graded}
    for key, value in grades.items():
        if key not in by_key:
            raise Refused(
                _("{where}: {who} is not graded in this appraisal").format(where=where, who=key),
                "not-graded",
            )
        grade = parse_grade(value, where)
        clean_grades[key] = grade
        reason = " ".join(str(reasons.get(key) or "").split())[:REASON_MAX]
        if grade == "unqualified":
            if not reason:
                raise Refused(
                    _("{where}: 不合格 (unqualified) for {name} needs a reason").format(
                        where=where, name=by_key[key].name
                    ),
                    "reason",
                    by_key[key].name,
                )
            clean_reasons[key] = reason
    return clean_grades, clean_reasons


def cast_phone(
    ws: Workspace,
    meeting: Meeting,
    voter: Member,
    grades: dict,
    reasons: dict,
    committee: str | None = None,
) -> int:
    """Count a phone ballot from ``voter`` (the member the phone signed in): a grade for every
    full member but themselves. Returns the ballots counted."""
    from ..store.decisions import AlreadyVoted, NotOpen

    state = _state(ws, meeting)
    if state is None or state["state"] != "open":
        raise Refused(
            _("{meeting}: the appraisal is not open").format(meeting=meeting.id),
            "closed" if state else "not-open",
        )
    if voter.status not in ("full", "probationary"):
        raise Refused(_("{name} takes no part in the appraisal").format(name=voter.name), "no-vote")
    expected = ws.store.expected_members(meeting.id)
    graded = [m for m in graded_members(expected) if member_key(m) != member_key(voter)]
    missing = [m.name for m in graded if not grades.get(member_key(m))]
    if missing:
        raise Refused(
            _("grade every member: {names} not graded").format(names=", ".join(missing)),
            "incomplete",
            "、".join(missing),
        )
    clean, clean_reasons = _check_grades(graded, grades, reasons, meeting.id)
    if state["committee"]:
        if committee is None:
            raise Refused(_("assess the branch committee too"), "incomplete")
        clean[COMMITTEE_SUBJECT] = parse_grade(committee, "committee", COMMITTEE, COMMITTEE_TEXT)
    try:
        count = ws.store.cast_appraisal(meeting.id, clean, clean_reasons, member_key(voter))
    except AlreadyVoted:
        raise Refused(
            _("{name} has already handed in an appraisal ballot").format(name=voter.name), "already"
        ) from None
    except NotOpen:
        raise Refused(
            _("{meeting}: the appraisal is not open").format(meeting=meeting.id), "closed"
        ) from None
    return count


def resolve_member(expected: list, given: str, where: str) -> Member:
    """The expected member ``given`` means (the label meetkit prints, 张伟（第二党小组）, the
    id, or a name no one else has), by the one resolver (meetkit.members.find): a shared bare
    name is refused with the candidates."""
    from ..members import find

    return find(expected, given, where=where)


def add_paper(ws: Workspace, meeting: Meeting, pairs: list, reasons: dict | None = None) -> int:
    """Enter one paper ballot: ``["NAME=GRADE", …]`` (names or ids; grades by key or word).
    An appraisal never opened is started for paper only (no phone ballot opens). Returns the
    ballots counted."""
    refuse_without_appraisal(ws, meeting)
    expected = ws.store.expected_members(meeting.id)
    if not pairs:
        raise MeetkitError(_("give at least one NAME=GRADE"))
    grades, names = {}, {}
    for pair in pairs:
        name, sep, grade = str(pair).partition("=")
        if not sep or not name.strip():
            raise MeetkitError(_("{pair!r}: write NAME=GRADE").format(pair=pair))
        member = resolve_member(expected, name.strip(), meeting.id)
        if member.status != "full":
            raise MeetkitError(
                _("{name} is not a full member and is not graded").format(name=member.name)
            )
        key = member_key(member)
        if key in grades:
            raise MeetkitError(_("{name} is graded twice on one ballot").format(name=member.name))
        grades[key], names[key] = grade, member.name
    by_name = {names[k]: k for k in names}
    reasons = {by_name.get(k, k): v for k, v in (reasons or {}).items()}
    clean, clean_reasons = _check_grades(graded_members(expected), grades, reasons, meeting.id)
    state = _state(ws, meeting)
    if state is None:
        committee = settings(ws)["committee"]
        ws.store.open_appraisal(
            meeting.id, committee, state="closed", counters=_counters(expected, committee)
        )
    count = ws.store.cast_appraisal(meeting.id, clean, clean_reasons, None, require_open=False)
    if state is None or state["state"] == "closed":
        ws.store.seal_appraisal()  # no order of entry is left either
    write_documents(ws, meeting, ("appraisal-tally",))
    return count


def set_grade(ws: Workspace, meeting: Meeting, name: str, grade: str, reason: str = "") -> bool:
    """Record the committee's 组织评定 for a graded member; True when it replaced one."""
    return set_grades(ws, meeting, [(name, grade, reason)])[0]


def set_grades(ws: Workspace, meeting: Meeting, grades: list[tuple[str, str, str]]) -> list[bool]:
    """``set_grade`` for each (name, grade, reason) of ``grades``: every one checked before
    any is stored, appraisal-result.docx written once (the console grades all on one page).
    Returns, per grade, whether it replaced one."""
    refuse_without_appraisal(ws, meeting)
    expected = ws.store.expected_members(meeting.id)
    checked = []
    for name, grade, reason in grades:
        member = resolve_member(expected, name, meeting.id)
        if member.status != "full":
            raise MeetkitError(
                _("{name} is not a full member and is not graded").format(name=member.name)
            )
        key = parse_grade(grade)
        reason = " ".join(str(reason or "").split())[:REASON_MAX]
        if key == "unqualified" and not reason:
            raise MeetkitError(_("不合格 (unqualified) needs --reason"))
        checked.append((member, key, reason))
    replaced = [
        ws.store.set_grade(meeting.id, member_key(member), member.name, key, reason)
        for member, key, reason in checked
    ]
    if checked:
        write_documents(ws, meeting, ("appraisal-result",))
    return replaced


# -- what it came to --------------------------------------------------------------------------
def summary(ws: Workspace, meeting: Meeting, reveal: bool = False) -> dict:
    """``meetkit appraisal ID --json``: ballots, and per graded member name, member (id), votes
    (count per grade key; null while withheld unless ``reveal``) and grade."""
    state = _state(ws, meeting)  # None: never opened
    cfg = settings(ws)
    counts = ws.store.appraisal_counts(meeting.id)
    decided = ws.store.grades(meeting.id)
    members = []
    for m in graded_members(ws.store.expected_members(meeting.id)):
        key = member_key(m)
        got = counts.get(key, {})
        graders = sum(got.values())
        visible = reveal or graders >= cfg["min_graders"]
        members.append(
            {
                "name": shown(m),
                "member": key,
                "votes": {g: got.get(g, 0) for g in GRADES} if visible else None,
                "graders": graders,
                "grade": decided.get(key, {}).get("grade"),
                "reason": decided.get(key, {}).get("reason", ""),
            }
        )
    out = {
        "meeting": meeting.id,
        "state": state["state"] if state else None,
        "ballots": state["ballots"] if state else 0,
        "min_graders": cfg["min_graders"],
        "members": members,
    }
    if state and state["committee"]:
        # Withheld below min_graders like a member's counts: with two assessors, a 不满意
        # would all but name its author.
        got = counts.get(COMMITTEE_SUBJECT, {})
        assessors = sum(got.values())
        visible = reveal or assessors >= cfg["min_graders"]
        out["committee"] = {c: got.get(c, 0) for c in COMMITTEE} if visible else None
        out["committee_graders"] = assessors
    if reveal:
        out["reasons"] = {k: v for k, v in ws.store.appraisal_reasons(meeting.id).items()}
    return out


def warnings(ws: Workspace, meeting: Meeting, lang: str) -> list[str]:
    """What the committee's grades break, said in the terminal, the result and the minutes:
    more 优秀 than ``[appraisal] excellent_share`` of those graded (default one third), and
    each 不合格, which needs the procedure that follows it (reasons, talk, education or
    organizational measures, reported to the higher committee)."""
    from ..i18n import gettext_for

    _ = gettext_for(lang)  # the meeting's language
    decided = ws.store.grades(meeting.id) if meeting.id else {}
    if not decided:
        return []
    graded = graded_members(ws.store.expected_members(meeting.id))
    share = settings(ws)["excellent_share"]
    excellent = sum(1 for d in decided.values() if d["grade"] == "excellent")
    out = []
    if graded and excellent > share * len(graded):
        out.append(
            _(
                "{n} of {total} members graded excellent: more than {share} (at most {most})."
            ).format(
                n=excellent,
                total=len(graded),
                share=f"{share.numerator}/{share.denominator}",
                most=int(share * len(graded)),
            )
        )
    failing = [d for d in decided.values() if d["grade"] == "unqualified"]
    if failing:
        out.append(
            _(
                "{n} member(s) graded unqualified: their grade stands only with the reasons "
                "recorded, a talk with them, and the education or organizational measures "
                "decided and reported to the higher committee."
            ).format(n=len(failing))
        )
    return out


def guidance(ws: Workspace, graded_count: int, lang: str) -> str:
    """The 优秀 share guidance (shown, never enforced)."""
    return guidance_text(settings(ws)["excellent_share"], graded_count, lang)


def guidance_text(share: Fraction, graded_count: int, lang: str) -> str:
    most = int(share * graded_count)
    pct = f"{share.numerator}/{share.denominator}"
    _ = gettext_for(lang)  # the meeting's language
    return _(
        "Guidance: 'excellent' is usually given to at most {share} of members "
        "(here about {most} of {total})."
    ).format(share=pct, most=most, total=graded_count)


def blank_context(
    expected: list, lang: str, share: Fraction = Fraction(1, 3), committee: bool = False
) -> dict:
    """The ``appraisal`` variable before any ballot: who is graded, the guidance, and whether
    the ballot assesses the branch committee too (``committee_on``)."""
    graded = graded_members(expected)
    return {
        "committee_on": committee,
        "graded": [{"no": i, "name": shown(m)} for i, m in enumerate(graded, 1)],
        "graded_count": len(graded),
        "ungraded": [m.name for m in expected if m.status != "full"],
        "guidance": guidance_text(share, len(graded), lang),
        "grades": [grade_word(g, lang) for g in GRADES],
        "held": False,
        "ballots": "",
        "issued": "",
        "returned": "",
        "valid": "",
        "tally": [],
        "results": [],
        "committee": [],
        "summary": "",
        "warnings": [],
    }


def template_context(ws: Workspace, meeting: Meeting, expected: list, lang: str) -> dict:
    """The ``appraisal`` variable of the documents (docs/templates.md)."""
    graded = graded_members(expected)
    cfg = settings(ws)
    base = blank_context(expected, lang, cfg["excellent_share"], cfg["committee"])
    state = ws.store.appraisal(meeting.id) if meeting.id else None
    if state is None:
        return base
    data = summary(ws, meeting)
    dash = "—"
    tally = []
    for i, m in enumerate(data["members"], 1):
        votes = m["votes"]
        tally.append(
            {
                "no": i,
                "name": m["name"],
                "excellent": votes["excellent"] if votes else dash,
                "qualified": votes["qualified"] if votes else dash,
                "basic": votes["basically-qualified"] if votes else dash,
                "unqualified": votes["unqualified"] if votes else dash,
                "grade": grade_word(m["grade"], lang),
            }
        )
    results = [
        {"no": i, "name": m["name"], "grade": grade_word(m["grade"], lang), "reason": m["reason"]}
        for i, m in enumerate(data["members"], 1)
        if m["grade"]
    ]
    signed = {s.name for s in ws.store.signins(meeting.id)}
    takes_part = [m for m in expected if m.status in ("full", "probationary")]
    issued = sum(1 for m in takes_part if member_key(m) in signed) if signed else len(takes_part)
    issued = max(issued, data["ballots"])
    withheld = sum(1 for m in data["members"] if m["votes"] is None)
    grades_given = grades_text(grade_counts(m["grade"] for m in data["members"]), lang)
    _ = gettext_for(lang)  # the meeting's language
    pgettext = pgettext_for(lang)
    sentences = [
        _(
            "Democratic appraisal: {issued} ballots issued, {returned} returned, {valid} valid; "
            "{graded} full members graded."
        ).format(issued=issued, returned=data["ballots"], valid=data["ballots"], graded=len(graded))
    ]
    if withheld:
        sentences.append(
            _("Counts withheld for {n} member(s) graded by fewer than {least}.").format(
                n=withheld, least=data["min_graders"]
            )
        )
    if results:
        sentences.append(_("Committee's grades: {grades}.").format(grades=grades_given))
    committee = []
    if "committee" in data:
        committee = [
            {
                "choice": committee_word(c, lang),
                "count": data["committee"][c] if data["committee"] is not None else dash,
            }
            for c in COMMITTEE
        ]
    notes = warnings(ws, meeting, lang)
    text = sentences[0]
    for sentence in [*sentences[1:], *notes]:
        # "One. Two." / "一。二。": how sentences follow each other
        text = pgettext("sentences", "{text} {sentence}").format(text=text, sentence=sentence)
    return {
        **base,
        "warnings": notes,
        "held": True,
        "ballots": data["ballots"],
        "issued": issued,
        "returned": data["ballots"],
        "valid": data["ballots"],
        "tally": tally,
        "results": results,
        "committee": committee,
        "summary": text,
    }


def extra_documents(ws: Workspace, meeting: Meeting, only: tuple | None) -> list:
    """The tally and result documents: when asked for by name, or (whole pack) once held."""
    docs = []
    held = meeting.id and ws.store.appraisal(meeting.id) is not None
    for spec in (TALLY, RESULT):
        if (only is not None and spec.name in only) or (only is None and held):
            docs.append(spec)
    return docs


def minutes_documents(ws: Workspace, meeting: Meeting) -> tuple:
    """What ``meetkit minutes`` writes again besides the minutes: both appraisal documents,
    once an appraisal was opened."""
    return (TALLY.name, RESULT.name) if ws.store.appraisal(meeting.id) is not None else ()


def write_documents(ws: Workspace, meeting: Meeting, names: tuple) -> list:
    """Re-render the named appraisal documents (an edited one is kept beside)."""
    from ..documents.pack import render_pack

    return render_pack(ws, meeting, only=names)


def year_summary(ws: Workspace, year: int) -> dict:
    """For the ledger: was the year's appraisal held, and the committee's grades by key.
    ``{"held", "meetings": [{"meeting", "date", "ballots"}], "grades": {key: n},
    "undecided": n}``."""
    held = [a for a in ws.store.appraisals_in(year) if a["ballots"] > 0]
    given: list[str] = []
    undecided = 0
    for a in held:
        decided = ws.store.grades(a["meeting"])
        given += [d["grade"] for d in decided.values()]
        meeting = ws.store.get_meeting(a["meeting"])
        expected = ws.store.expected_members(a["meeting"]) if meeting else []
        undecided += sum(1 for m in graded_members(expected) if member_key(m) not in decided)
    return {
        "held": bool(held),
        "meetings": [
            {"meeting": a["meeting"], "date": a["date"], "ballots": a["ballots"]} for a in held
        ],
        "grades": grade_counts(given),
        "undecided": undecided,
    }


def result_counts(ws: Workspace, meeting: Meeting) -> dict:
    """The committee's grades (组织评定) at ``meeting`` by grade key, for the life meeting's
    report; empty before any is decided."""
    counts = grade_counts(d["grade"] for d in ws.store.grades(meeting.id).values())
    return {g: n for g, n in counts.items() if n}


def member_grades(ws: Workspace, member: Member) -> list[dict]:
    """A member's grades from every appraisal, oldest first (for ``meetkit member``)."""
    return ws.store.member_grades(member_key(member))
