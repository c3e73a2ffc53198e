"""Decisions on record: a meeting's own items (``--item`` / ``--vote``), the tally of each vote
item, and whether it passed by the statute's rule (``MeetingType.vote_rule``).

"for" must exceed half of the members who *should attend* with a vote (应到会有表决权的党员), or
of the committee members for a committee meeting: with 10 voting members expected, 6 pass and 5
fail however many came. The store keeps rows; the CLI, the web app and the documents call here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import MeetkitError
from ..i18n import N_, _, gettext_for
from ..model.items import (  # noqa: F401  (the decisions' own names for them)
    PERSONNEL,
    TEXT_MAX,
    add_items,
    clean_item,
    is_personnel,
    own_items,
    vote_items,
)
from ..model.types import AgendaItem

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..model.member import Named
    from ..model.types import MeetingType
    from ..workspace import Workspace

METHODS = ("hands", "paper", "ballot")
# 表决方式 as the minutes name it: the tally's ``method`` (``meetkit vote --paper``, a phone
# ballot closed with ``meetkit ballot close``, else hands).
METHOD_TEXT = {
    "hands": N_("show of hands"),
    "paper": N_("secret ballot on paper slips"),
    "ballot": N_("secret ballot on phones"),
}
# Before the tally: both ways, one to be ticked.
METHOD_BLANK = N_("show of hands / secret ballot")


def member_key(member: Named) -> str:
    """A member's stable id (the members branch adds ``Member.id``); the name until then."""
    return getattr(member, "id", None) or member.name


# -- tallies and the rule ---------------------------------------------------------------------
def find_item(items: list, given: str, meeting_id: str) -> tuple[int, AgendaItem]:
    """The vote item ``given`` names: its number on the agenda, or its exact text."""
    given = str(given).strip()
    hit = None
    if given.isdigit():
        n = int(given)
        if 1 <= n <= len(items):
            hit = (n, items[n - 1])
    else:
        hit = next(((n, i) for n, i in enumerate(items, 1) if i.title == given), None)
    if hit is None:
        raise MeetkitError(
            _(
                "{meeting}: no agenda item {item!r} (give its number on the agenda "
                "or its exact text)"
            ).format(meeting=meeting_id, item=given)
        )
    if not hit[1].votes:
        raise MeetkitError(
            _("{meeting}: item {n} ({text}) is not a vote item").format(
                meeting=meeting_id, n=hit[0], text=hit[1].title
            )
        )
    return hit


def should_attend(ws: Workspace, expected: list, meeting: Meeting | None = None) -> list:
    """应到 (attendance.should_attend): the expected less members away (流动党员, 外出) under
    ``[meeting] exclude_away``, unless they signed in to ``meeting``."""
    from ..attendance.rules import should_attend as counted

    came = (
        {s.name for s in ws.store.signins(meeting.id)} if meeting is not None and meeting.id else ()
    )
    return counted(expected, ws.config.exclude_away, came)


def entitled(meeting_type: MeetingType, expected: list) -> list:
    """The members the passing rule counts among ``expected`` (give it who should attend)."""
    return meeting_type.passing_rule.entitled(expected)


def required(meeting_type: MeetingType, expected: list) -> int:
    """The smallest "for" that passes at this meeting (``expected``: who should attend)."""
    return meeting_type.passing_rule.required(len(entitled(meeting_type, expected)))


def voters_available(
    ws: Workspace, meeting: Meeting, meeting_type: MeetingType, expected: list
) -> tuple[int, str]:
    """How many can vote: the voting members signed in once anyone has been, else those
    expected. Returns (count, "present" | "expected")."""
    counted = entitled(meeting_type, should_attend(ws, expected, meeting))
    signed = {s.name for s in ws.store.signins(meeting.id)}  # member ids
    if signed:
        return sum(1 for m in counted if member_key(m) in signed), "present"
    return len(counted), "expected"


def check_counts(
    ws: Workspace,
    meeting: Meeting,
    meeting_type: MeetingType,
    expected: list,
    yes: int,
    no: int,
    abstain: int,
) -> None:
    """Refuse negative counts and more votes than voting members available."""
    for option, value in (("--for", yes), ("--against", no), ("--abstain", abstain)):
        if value < 0:
            raise MeetkitError(
                _("{option}: {value} is negative").format(option=option, value=value)
            )
    available, basis = voters_available(ws, meeting, meeting_type, expected)
    total = yes + no + abstain
    if total > available:
        where = _("present") if basis == "present" else _("expected")
        raise MeetkitError(
            _(
                "{meeting}: {total} votes but only {n} voting members {where} "
                "(probationary members and members under 留党察看 have no vote)"
            ).format(meeting=meeting.id, total=total, n=available, where=where)
        )


def record(
    ws: Workspace,
    meeting: Meeting,
    item: str,
    yes: int,
    no: int,
    abstain: int,
    method: str = "hands",
) -> tuple[int, AgendaItem, bool]:
    """Record the tally of vote item ``item`` (number or text). Returns (number, item,
    replaced)."""
    from ..model.agenda import agenda_items

    if method not in ("hands", "paper"):
        raise MeetkitError(_("--method: {m!r} is not hands or paper").format(m=method))
    meeting_type = ws.plugins.meeting_type(meeting.type)
    items = agenda_items(ws, meeting, meeting_type)
    number, found = find_item(items, item, meeting.id)
    open_ballot = [b for b in ws.store.ballots(meeting.id) if b["item"] == found.title]
    if open_ballot and open_ballot[0]["state"] == "open":
        raise MeetkitError(
            _(
                "{meeting}: item {n} is being voted on by secret ballot; close "
                "it with `meetkit ballot close`"
            ).format(meeting=meeting.id, n=number)
        )
    expected = ws.store.expected_members(meeting.id)
    check_counts(ws, meeting, meeting_type, expected, yes, no, abstain)
    replaced = ws.store.record_vote(meeting.id, found.title, yes, no, abstain, method)
    return number, found, replaced


def after_tally(ws: Workspace, meeting: Meeting, item_title: str) -> list[str]:
    """What a tally sets off (the plugins' ``meetkit_vote_recorded``: a development step linked
    to the item); lines to show."""
    found = ws.plugins.call("meetkit_vote_recorded", meeting=meeting, workspace=ws, item=item_title)
    return [line for lines in found for line in lines]


def results(ws: Workspace, meeting: Meeting, items: list | None = None) -> list[dict]:
    """Per vote item: item, text, for, against, abstain, required, passed, method
    (``meetkit votes --json``)."""
    from ..model.agenda import agenda_items

    meeting_type = ws.plugins.meeting_type(meeting.type)
    items = agenda_items(ws, meeting, meeting_type) if items is None else items
    expected = ws.store.expected_members(meeting.id)
    need = required(meeting_type, should_attend(ws, expected, meeting))
    stored = ws.store.votes(meeting.id)
    ballots = {b["item"]: b for b in ws.store.ballots(meeting.id)}
    out = []
    for number, item in vote_items(items):
        tally = stored.get(item.title)
        method = tally["method"] if tally else ("ballot" if item.title in ballots else "hands")
        row = {
            "item": number,
            "text": item.title,
            "for": tally["for"] if tally else None,
            "against": tally["against"] if tally else None,
            "abstain": tally["abstain"] if tally else None,
            "required": need,
            "passed": (tally["for"] >= need) if tally else None,
            "method": method,
        }
        ballot = ballots.get(item.title)
        if ballot is not None and ballot["state"] == "closed" and method == "ballot":
            # Phone and paper apart (only once closed: while open no count is shown).
            phone = ws.store.ballot_phone_counts(meeting.id, item.title) + [0, 0, 0]
            paper = ws.store.ballot_paper(meeting.id, item.title)
            row["phone"] = dict(zip(("for", "against", "abstain"), phone[:3], strict=True))
            row["paper"] = (
                dict(zip(("for", "against", "abstain"), paper, strict=True)) if paper else None
            )
        out.append(row)
    return out


# -- words for the documents ------------------------------------------------------------------
def result_word(passed: bool | None, lang: str) -> str:
    if passed is None:
        return ""
    _ = gettext_for(lang)  # the meeting's language
    return _("passed") if passed else _("not passed")


def rule_line(result: dict, entitled_count: int, basis: str, lang: str) -> str:
    """须超过N票 and 通过/未通过, for the minutes."""
    _ = gettext_for(lang)  # the meeting's language
    half = result["required"] - 1
    if basis == "committee":
        rule = _(
            "{n} committee members should attend: 'for' must exceed {half} (at least {required})."
        )
    else:
        rule = _(
            "{n} voting members should attend: 'for' must exceed {half} (at least {required})."
        )
    line = rule.format(n=entitled_count, half=half, required=result["required"])
    if result["passed"] is not None:
        line = _("{rule} For {yes}, against {no}, abstain {abstain}: {result}.").format(
            rule=line,
            yes=result["for"],
            no=result["against"],
            abstain=result["abstain"],
            result=result_word(result["passed"], lang),
        )
    return line


def method_text(method: str | None, lang: str) -> str:
    """表决方式 in words: 举手表决, 无记名投票（纸质表决票）, 无记名投票（手机）; both ways
    before the tally is known."""
    _ = gettext_for(lang)  # the meeting's language
    return _(METHOD_TEXT[method] if method in METHOD_TEXT else METHOD_BLANK)


def sentence(result: dict, entitled_count: int, present: int | None, basis: str, lang: str) -> str:
    """The 决议 sentence of a tallied item: "经表决，同意孙婷同志按期转为中共正式党员（应到有表决权
    党员10人，实到9人，赞成7票，反对0票，弃权0票）。"; "" before the tally."""
    if result.get("for") is None:
        return ""
    _ = gettext_for(lang)  # the meeting's language
    who = _("committee members") if basis == "committee" else _("voting members")
    counts = _("{who} expected {n}").format(who=who, n=entitled_count)
    if present is not None:
        counts += _(", present {n}").format(n=present)
    counts += _(", for {yes}, against {no}, abstain {abstain}").format(
        yes=result["for"], no=result["against"], abstain=result["abstain"]
    )
    text = motion(result["text"])
    if result.get("passed"):
        return _("By vote: {text} ({counts}).").format(text=text, counts=counts)
    return _("By vote: {text} was not passed ({counts}).").format(text=text, counts=counts)


def motion(title: str) -> str:
    """What the members agreed to, from an agenda item's title: an item put as a discussion
    (讨论接收王小明同志为中共预备党员, as `prepare general --admit` words it) is resolved as
    agreement (同意接收王小明同志为中共预备党员); any other title stands as it is."""
    if title.startswith("讨论") and not title.startswith("讨论并"):
        return "同意" + title[len("讨论") :]
    return title


def blank_context(
    rows: list, items: list, members: list, meeting_type: MeetingType, lang: str
) -> dict:
    """The decision variables before any tally (pure: for a sample meeting's templates): each
    agenda row gets ``tally`` and ``appraisal``; the personnel matters are known, their counts
    are not."""
    rule = meeting_type.passing_rule
    count = len(rule.entitled(members))
    need = rule.required(count)
    empty = {"required": need, "passed": None}
    for row, item in zip(rows, items):
        row["appraisal"] = bool(getattr(item, "appraisal", False))
        row["tally"] = {
            "entitled": count,
            "yes": "",
            "no": "",
            "abstain": "",
            "required": need,
            "result": "",
            "line": rule_line(empty, count, rule.basis, lang),
            "method": method_text(None, lang),
        }
    personnel = [
        {"no": i, "text": item.title, "yes": "", "no_votes": "", "abstain": "", "result": ""}
        for i, (_n, item) in enumerate(
            ((n, it) for n, it in vote_items(items) if is_personnel(it.title)), 1
        )
    ]
    voting = [m for m in members if m.voting]
    return {
        "decisions": [],
        "personnel_votes": personnel,
        "ballot_slips": [{"no": i} for i in range(1, len(voting) + 1)] if personnel else [],
    }


def template_context(
    ws: Workspace,
    meeting: Meeting,
    meeting_type: MeetingType,
    items: list,
    expected: list,
    lang: str,
) -> dict:
    """What the documents get about decisions: each agenda row's ``tally`` (vote items),
    ``decisions`` (the vote items with their results) and ``personnel_votes`` (the
    票决情况汇总表 and the printed 表决票)."""
    rule = meeting_type.passing_rule
    count = len(rule.entitled(should_attend(ws, expected, meeting)))
    by_text = {r["text"]: r for r in results(ws, meeting, items)} if meeting.id else {}
    said: dict = {}  # 决议: 同意接收某某同志为中共预备党员 (meetkit_vote_resolutions)
    for words in ws.plugins.call(
        "meetkit_vote_resolutions", meeting=meeting, workspace=ws, lang=lang
    ):
        said.update(words)
    need = rule.required(count)
    # 实到 among those the rule counts, once anyone signed in
    signed = {x.name for x in ws.store.signins(meeting.id)} if meeting.id else set()
    present = (
        sum(
            1
            for m in rule.entitled(should_attend(ws, expected, meeting))
            if member_key(m) in signed
        )
        if signed
        else None
    )
    rows = []
    for number, item in enumerate(items, 1):
        r = by_text.get(item.title) or {
            "item": number,
            "text": item.title,
            "for": None,
            "against": None,
            "abstain": None,
            "required": need,
            "passed": None,
            "method": "hands",
        }
        blank = "" if r["for"] is None else None
        rows.append(
            {
                "entitled": count,
                "yes": blank if blank is not None else r["for"],
                "no": blank if blank is not None else r["against"],
                "abstain": blank if blank is not None else r["abstain"],
                "required": need,
                "result": result_word(r["passed"], lang),
                "line": rule_line(r, count, rule.basis, lang)
                + (said.get(item.title, "") if r["passed"] else ""),
                "method": method_text(r["method"] if r["for"] is not None else None, lang),
            }
        )
    decisions = [
        {
            **r,
            "result": result_word(r["passed"], lang),
            "line": rule_line(r, count, rule.basis, lang)
            + (said.get(r["text"], "") if r["passed"] else ""),
            "method_text": method_text(r["method"] if r["for"] is not None else None, lang),
            "sentence": sentence(r, count, present, rule.basis, lang),
        }
        for r in by_text.values()
    ]
    personnel = [d for d in decisions if is_personnel(d["text"])]
    if not meeting.id:  # before the meeting is stored: the items, no tallies yet
        personnel = [
            {"item": n, "text": i.title, "for": "", "against": "", "abstain": "", "result": ""}
            for n, i in vote_items(items)
            if is_personnel(i.title)
        ]
    for p in personnel:
        for key in ("for", "against", "abstain"):
            if p[key] is None:
                p[key] = ""
    voting = [m for m in should_attend(ws, expected, meeting) if m.voting]
    return {
        "tallies": rows,
        "decisions": decisions,
        "personnel_votes": [
            {
                "no": i,
                "text": p["text"],
                "yes": p["for"],
                "no_votes": p["against"],
                "abstain": p["abstain"],
                "result": p["result"],
            }
            for i, p in enumerate(personnel, 1)
        ],
        # One printed 表决票 per voting member, each listing every personnel item.
        "ballot_slips": [{"no": i} for i in range(1, len(voting) + 1)] if personnel else [],
    }


def has_personnel(items: list) -> bool:
    """Whether a vote item is a personnel vote (it gets the printed 表决票)."""
    return any(is_personnel(i.title) for _n, i in vote_items(items))
