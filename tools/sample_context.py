"""A complete sample of the template context (docs/templates.md), for checking templates.

One member is called HOSTILE: markup and a jinja tag in a name must come out exactly as typed.

Over 400 lines because it is data: one complete sample of every variable every document takes.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

HOSTILE = "<b>&\"'{{ x }}"

_QR_DIR: Path | None = None


def _qr_png(url: str) -> Path:
    """A QR code PNG for ``url`` in a temporary folder removed at exit."""
    global _QR_DIR
    import qrcode

    if _QR_DIR is None:
        _QR_DIR = Path(tempfile.mkdtemp(prefix="meetkit-qr-"))
        atexit.register(shutil.rmtree, _QR_DIR, True)
    path = _QR_DIR / "signin.png"
    if not path.exists():
        qrcode.make(url, border=2).save(str(path))
    return path


SAMPLES = {
    "zh-CN": {
        "branch": {
            "name": "第一党支部",
            "seal": "中共第一党支部委员会",
            "secretary": HOSTILE,
            "organizer": "李红",
            "higher_org": "中共某某大学机关委员会",
        },
        "meeting": {
            "type_name": "支部党员大会",
            "title": "第一党支部2026年第4次支部党员大会",
            "topic": "学习贯彻党的二十届四中全会精神",
            "date": "2026年11月29日",
            "weekday": "星期日",
            "place": "行政楼302会议室",
            "recorder": "李红",
            "attendees": "全体党员",
            "issued": "2026年11月25日",
        },
        "agenda": [
            ("传达学习党的二十届四中全会精神", "由支部书记领学，党员交流学习体会。", False),
            ("讨论预备党员王小明同志转正", "入党介绍人介绍情况，党员讨论后表决。", True),
            ("部署年度组织生活会和民主评议党员", "", False),
        ],
        "members": [  # name, status, group, role, voting, attendance, note
            (HOSTILE, "正式党员", "第一党小组", "书记", True, "正常", ""),
            ("李红", "正式党员", "第一党小组", "委员", True, "正常", ""),
            ("王五", "正式党员", "第二党小组", "党员", True, "病假", "住院"),
            ("赵六", "正式党员", "第二党小组", "党员", True, "迟到", "19:40签到"),
            ("陈七", "正式党员", "第二党小组", "党员", True, "正常", ""),
            ("王小明", "预备党员", "第一党小组", "党员", False, "正常", ""),
        ],
        "sep": "、",
        "quorum_rule": "有表决权的党员到会人数超过应到会有表决权党员的半数",
        "absent_text": "王五（病假）",
        "guests": "刘八（上级党组织代表）",
        "statement": "本次会议应到党员6名，实到5名，王五同志请病假。有表决权的党员到会4名，"
        "超过半数，会议有效。",
        "actions": [
            (
                "整理王小明同志转正材料并报上级党组织",
                "整理材料、填写审批表",
                "李红",
                "2026年12月10日",
                "未完成",
            ),
            ("制定组织生活会方案", "起草方案、征求意见", HOSTILE, "2026年12月5日", "未完成"),
        ],
        "earlier": [("更新党员信息台账", "", "陈七", "2026年11月30日", "进行中")],
        "earlier_meeting": "2026年第3次支部党员大会",
        "closed": [("缴纳第三季度党费", "", "赵六", "2026年10月31日", "已完成")],
        "group_meeting": {
            "type_name": "党小组会",
            "title": "第一党小组2026年第11次党小组会",
            "group": "第一党小组",
            "attendees": "第一党小组全体党员",
        },
        "generated": "2026年11月25日 10:00",
    },
    "en": {
        "branch": {
            "name": "First Party Branch",
            "seal": "First Party Branch",
            "secretary": HOSTILE,
            "organizer": "Li Hong",
            "higher_org": "Party Committee of the University Offices",
        },
        "meeting": {
            "type_name": "general meeting of party members",
            "title": "First Party Branch 2026 General Meeting No. 4",
            "topic": "Studying the Fourth Plenary Session",
            "date": "29 November 2026",
            "weekday": "Sunday",
            "place": "Room 302, Administration Building",
            "recorder": "Li Hong",
            "attendees": "all members",
            "issued": "25 November 2026",
        },
        "agenda": [
            ("Study of the Fourth Plenary Session", "Led by the secretary; members share.", False),
            (
                "Full membership of probationary member Wang Xiaoming",
                "The sponsors report; members discuss and vote.",
                True,
            ),
            ("Plan the organizational life meeting and the appraisal", "", False),
        ],
        "members": [
            (HOSTILE, "full member", "Group 1", "secretary", True, "present", ""),
            ("Li Hong", "full member", "Group 1", "committee member", True, "present", ""),
            ("Wang Wu", "full member", "Group 2", "member", True, "sick leave", "in hospital"),
            ("Zhao Liu", "full member", "Group 2", "member", True, "late", "signed in 19:40"),
            ("Chen Qi", "full member", "Group 2", "member", True, "present", ""),
            ("Wang Xiaoming", "probationary member", "Group 1", "member", False, "present", ""),
        ],
        "sep": ", ",
        "quorum_rule": "more than half of the voting members present",
        "absent_text": "Wang Wu (sick leave)",
        "guests": "Liu Ba (higher-level representative)",
        "statement": "6 members expected, 5 present; Wang Wu is on sick leave. 4 voting members "
        "present, more than half: the meeting is valid.",
        "actions": [
            (
                "File Wang Xiaoming's membership papers with the higher committee",
                "Collect papers, fill in the approval form",
                "Li Hong",
                "10 December 2026",
                "open",
            ),
            (
                "Draft the plan for the organizational life meeting",
                "Draft, then ask members for comments",
                HOSTILE,
                "5 December 2026",
                "open",
            ),
        ],
        "earlier": [
            ("Update the members' ledger", "", "Chen Qi", "30 November 2026", "in progress")
        ],
        "earlier_meeting": "2026 General Meeting No. 3",
        "closed": [("Collect Q3 membership dues", "", "Zhao Liu", "31 October 2026", "done")],
        "group_meeting": {
            "type_name": "party group meeting",
            "title": "Group 1 2026 Meeting No. 11",
            "group": "Group 1",
            "attendees": "members of Group 1",
        },
        "generated": "25 November 2026 10:00",
    },
}


def _actions(rows, **extra):
    return [
        {
            "no": i,
            "text": text,
            "measures": measures,
            "owner": owner,
            "due": due,
            "status": status,
            **extra,
        }
        for i, (text, measures, owner, due, status) in enumerate(rows, 1)
    ]


def sample_context(lang: str, template_doc, *, before_meeting: bool = False) -> dict:
    """A context with every variable of docs/templates.md filled in, for ``lang``.

    ``template_doc`` is the DocxTemplate being rendered (the QR InlineImage needs it).
    By default: a general meeting after sign-in (attendance known, a vote, earlier actions).
    ``before_meeting=True``: a party group meeting as the pack is prepared: attendance not
    known yet (its statement is the sentence to fill in), no quorum, no votes, no earlier
    actions (the empty branches of the templates).
    """
    from docx.shared import Mm
    from docxtpl import InlineImage

    from meetkit.documents.context import Title, blank_attendance, headline, signin_sheet, time_span

    s = SAMPLES[lang]
    members = [
        {
            "no": i,
            "name": name,
            "status": status,
            "group": group,
            "role": role,
            "voting": voting,
            "attendance": "" if before_meeting else attendance,
            "note": "" if before_meeting else note,
        }
        for i, (name, status, group, role, voting, attendance, note) in enumerate(s["members"], 1)
    ]
    agenda = [
        {
            "no": i,
            "title": title,
            "detail": detail,
            "votes": votes and not before_meeting,
            "followup": False,
            "summary": False,
        }
        for i, (title, detail, votes) in enumerate(s["agenda"], 1)
    ]
    if not before_meeting:  # after the meeting: the report on earlier decisions is item 1
        agenda[0]["followup"] = True
    present = [m for m in members if m["attendance"] not in ("病假", "sick leave")]
    absent = [{"name": m["name"], "reason": m["attendance"]} for m in members if m not in present]
    url = "http://192.168.1.10:8000/s/Xk3pQ"
    meeting = {
        "id": "2026-11-29-general",
        "type": "general",
        "number": 4,
        "date_iso": "2026-11-29",
        "time": "19:30",
        "end_time": "21:05",
        "time_span": time_span("19:30", "21:05", lang),
        "host": HOSTILE,
        "lecturer": HOSTILE,
        "group": "",
        **s["meeting"],
    }
    if before_meeting:
        meeting.update(
            s["group_meeting"],
            id="2026-11-29-group",
            type="group",
            lecturer="",
            end_time="",
            time_span=time_span("19:30", "", lang),
        )
    import re

    title = Title(
        meeting["title"]
    )  # its words, as meetkit.documents.context.meeting_title gives them
    title.parts = tuple(p for p in re.split(r"(\d{4}年第\d+次)", meeting["title"]) if p)
    meeting["title"] = title
    meeting["short_title"] = meeting["title"].replace(s["branch"]["name"], "").strip()
    attendance = {
        "known": True,
        "present_count": len(present),
        "voting_present_count": sum(m["voting"] for m in present),
        "present_names": s["sep"].join(m["name"] for m in present),
        "absent": absent,
        "absent_text": s["absent_text"],
        "guests": s["guests"],
        "statement": s["statement"],
    }
    voting_count = sum(m["voting"] for m in members)
    quorum = {
        "applies": not before_meeting,
        "rule": "" if before_meeting else s["quorum_rule"],
        "required": "" if before_meeting else voting_count // 2 + 1,
    }
    if before_meeting:  # what meetkit puts there: the sentence to fill in by hand
        attendance = blank_attendance(len(members), quorum, lang)
    return {
        "lang": lang,
        "branch": s["branch"],
        "meeting": meeting,
        "agenda": agenda,
        "topics": [item for item in agenda if item["votes"]],
        "votes": not before_meeting,
        # after: a general meeting (votes, follow-up as item 1); before: a group meeting
        "sections": {
            "lecture": False,
            "resolutions": not before_meeting,
            "summary": True,
            "followup": before_meeting,
        },
        "headline": headline(lang),
        "sheet": signin_sheet(len(members), 0 if before_meeting else 1),
        "expected": members,
        "expected_count": len(members),
        "voting_count": voting_count,
        "quorum": quorum,
        "attendance": attendance,
        "actions": _actions(s["actions"]),
        "earlier_actions": []
        if before_meeting
        else _actions(s["earlier"], meeting=s["earlier_meeting"]),
        "closed_actions": [] if before_meeting else _actions(s["closed"]),
        "blank_rows": [{} for _ in range(3)],
        "qr": InlineImage(template_doc, str(_qr_png(url)), width=Mm(35)),
        "signin_url": url,
        "short_url": url,
        "short_code": "4821",
        "code_url": "http://192.168.1.20:8750/c",
        "members": members,
        "generated": s["generated"],
        **decision_sample(lang, members, agenda, before_meeting),
        **_life(lang, members, template_doc, url),
    }


def decision_sample(lang: str, members: list, agenda: list, before_meeting: bool) -> dict:
    """The decision variables (docs/templates.md): tallies on the agenda items, the personnel
    votes and their slips, the appraisal (as after the ballot and the committee's grades)."""
    zh = lang == "zh-CN"
    voting = [m for m in members if m["voting"]]
    need = len(voting) // 2 + 1
    for item in agenda:
        known = item["votes"] and not before_meeting
        item["appraisal"] = False
        item["tally"] = {
            "entitled": len(voting),
            "yes": 4 if known else "",
            "no": 1 if known else "",
            "abstain": 0 if known else "",
            "required": need,
            "result": ("通过" if zh else "passed") if known else "",
            "line": (
                f"应到会有表决权的党员{len(voting)}名，赞成票须超过{need - 1}票。"
                if zh
                else f"{len(voting)} voting members should attend: 'for' must exceed {need - 1}."
            ),
        }
    # A matter's text is typed by the user: the hostile name goes there too. Before the
    # meeting the matters are known (their slips are printed), the counts are not.
    matters = [a for a in agenda if "转正" in a["title"] or "probationary" in a["title"]]
    personnel = [
        {
            "no": i,
            "text": f"{item['title']} {HOSTILE}",
            "yes": "" if before_meeting else 4,
            "no_votes": "" if before_meeting else 1,
            "abstain": "" if before_meeting else 0,
            "result": "" if before_meeting else ("通过" if zh else "passed"),
        }
        for i, item in enumerate(matters, 1)
    ]
    graded = [m for m in members if m["voting"]]
    from meetkit.decisions.appraisal import GRADES, grade_word

    grade = [grade_word(g, lang) for g in GRADES]  # the grades' one table
    return {
        "decisions": [],
        "personnel_votes": personnel,
        "ballot_slips": [{"no": i} for i in range(1, len(voting) + 1)] if personnel else [],
        "appraisal": {
            "graded": [{"no": i, "name": m["name"]} for i, m in enumerate(graded, 1)],
            "graded_count": len(graded),
            "ungraded": [m["name"] for m in members if not m["voting"]],
            "guidance": "提示：评为“优秀”的一般不超过党员总数的1/3。"
            if zh
            else "Guidance: 'excellent' is usually given to at most 1/3 of members.",
            "grades": grade,
            "held": not before_meeting,
            "ballots": 6,
            "issued": 6,
            "returned": 6,
            "valid": 6,
            "tally": [
                {
                    "no": i,
                    "name": m["name"],
                    "excellent": 2 if i > 1 else "—",
                    "qualified": 4 if i > 1 else "—",
                    "basic": 0 if i > 1 else "—",
                    "unqualified": 0 if i > 1 else "—",
                    "grade": grade[1],
                }
                for i, m in enumerate(graded, 1)
            ],
            "results": [
                {"no": i, "name": m["name"], "grade": grade[1], "reason": ""}
                for i, m in enumerate(graded, 1)
            ],
            "committee": [{"choice": "满意" if zh else "satisfied", "count": 5}],
            "committee_on": True,
            "warnings": [HOSTILE],
            "summary": "民主测评共发出测评票6张，收回6张。"
            if zh
            else "Democratic appraisal: 6 ballots issued, 6 returned.",
        },
    }


def _life(lang: str, members: list, template_doc, url: str) -> dict:
    """The life meeting's variables (docs/templates.md, "Life meeting documents")."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    from meetkit.life.meeting import selfcheck_headings

    zh = lang == "zh-CN"
    first, second = members[0], members[1]
    talk = {
        "no": 1,
        "a": first["name"],
        "b": second["name"],
        "kind": "书记与支委谈话" if zh else "secretary and committee member",
        "date": "2026年12月1日" if zh else "1 December 2026",
        "topic": first["name"],
        "note": first["name"],
    }
    group = {
        "title": "作风建设方面" if zh else "On work style",
        "count": 1,
        "rows": [
            {
                "no": 1,
                "text": first["name"],
                "about": "",
                "name": first["name"],
                "source": "书面征集" if zh else "on paper",
            }
        ],
    }
    rows = _actions(SAMPLES[lang]["actions"], closed="", confirmed_by="")
    return {
        "life": {
            "last_meeting": "上次组织生活会" if zh else "the last life meeting",
            "team": False,
        },
        "speakers": [{"no": m["no"], "name": m["name"], "role": m["role"]} for m in members],
        "talks": [talk],
        "opinions": {"total": 1, "groups": [group]},
        "selfcheck": {"headings": selfcheck_headings(None, lang)},
        "member": dict(first, label=first["name"]),
        "report": {
            "guests": first["name"],
            "expected": len(members),
            "present": 5,
            "absent": "",
            "attendance": "",
            "opinions_total": 1,
            "opinions": "",
            "talks_total": 1,
            "talks": "",
            "talks_coverage": "1/4",
            "talks_missing": 3,
            "spoke": 5,
            "appraisal": "",
            "problems": rows,
            "problems_total": len(rows),
            "carried_total": "",
            "carried_done": "",
        },
        "opinion_qr": InlineImage(template_doc, str(_qr_png(url)), width=Mm(60)),
        "opinion_url": url,
    }
