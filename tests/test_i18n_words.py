"""Words in the catalog only (issue 20, item 6): what meetkit's modules used to say through
`lang == "en"` branches and zh/en tables now comes from meetkit/locale, the same words in both
languages as before."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from meetkit.decisions import votes as decisions
from meetkit.documents import pack
from meetkit.life import opinions


@pytest.mark.parametrize(
    "lang,passed,failed", [("zh-CN", "通过", "未通过"), ("en", "passed", "not passed")]
)
def test_a_vote_s_result_word(lang, passed, failed):
    assert decisions.result_word(True, lang) == passed
    assert decisions.result_word(False, lang) == failed
    assert decisions.result_word(None, lang) == ""


def test_the_statute_s_rule_line_in_either_language():
    result = {"required": 4, "passed": True, "for": 5, "against": 1, "abstain": 0}
    assert decisions.rule_line(result, 6, "voting", "zh-CN") == (
        "应到会有表决权的党员6名，赞成票须超过3票（至少4票）。赞成5票，反对1票，弃权0票，通过。"
    )
    assert decisions.rule_line({**result, "passed": None}, 5, "committee", "zh-CN") == (
        "应到会支部委员5名，赞成票须超过3票（至少4票）。"
    )
    assert decisions.rule_line(result, 6, "voting", "en") == (
        "6 voting members should attend: 'for' must exceed 3 (at least 4). "
        "For 5, against 1, abstain 0: passed."
    )


@pytest.mark.parametrize(
    "lang,reason,stamp",
    [
        ("zh-CN", "", "已取消"),
        ("zh-CN", "台风", "已取消：台风"),
        ("en", "", "CANCELLED"),
        ("en", "storm", "CANCELLED: storm"),
    ],
)
def test_the_cancelled_stamp(lang, reason, stamp):
    meeting = SimpleNamespace(cancelled=True, cancel_reason=reason, lang=lang)
    assert pack.cancel_stamp(meeting) == stamp


def test_opinion_categories_and_sources_in_both_languages():
    assert opinions.category_text("committee", "zh-CN") == "对党支部（班子）的意见"
    assert opinions.category_text("other", "en") == "Other"
    assert opinions.category_text("other", "zh-CN") == "其他意见建议"
    # typed in either language, or its short word
    for typed in ("对党员个人的意见", "To a named member", "个人", "member"):
        assert opinions.parse_category(typed) == "member", typed
    row = SimpleNamespace(category="work", text="t", about="", source="paper", name="")
    zh = opinions.grouped([row], "zh-CN")[0]
    assert zh["title"] == "工作开展方面"
    assert zh["rows"][0]["source"] == "书面征集" and zh["rows"][0]["name"] == "匿名"
    en = opinions.grouped([row], "en")[0]["rows"][0]
    assert en["source"] == "on paper" and en["name"] == "anonymous"


@pytest.mark.parametrize(
    "lang,expected",
    [
        (
            "zh-CN",
            "会议已取消：台风\n会议主题：学习党章\n参加人员：第一党小组\n主持人：王芳\n主讲人：李强",
        ),
        (
            "en",
            "Cancelled: 台风\nTopic: 学习党章\nAttending: 第一党小组\nHost: 王芳\nLecturer: 李强",
        ),
    ],
)
def test_the_calendar_invitation_s_text(lang, expected):
    from meetkit.reports import ics

    meeting = SimpleNamespace(
        cancelled_at="2026-12-01T10:00",
        cancel_reason="台风",
        topic="学习党章",
        group="第一党小组",
        host="王芳",
        lecturer="李强",
        type="lesson",
    )
    kind = SimpleNamespace(attendees="group", attendees_text=lambda lang: "", shows_lecturer=True)
    assert ics.describe(None, meeting, kind, lang) == expected


def test_talk_kinds_and_self_inspection_headings():
    from meetkit.life import meeting as lifemeeting
    from meetkit.life import talks

    assert talks.kind_text("secretary-committee", "zh-CN") == "书记与支委谈话"
    assert talks.kind_text("member-member", "en") == "between members"
    assert lifemeeting.selfcheck_headings(None, "zh-CN")[0] == "一、学习贯彻情况和主要收获"
    assert lifemeeting.selfcheck_headings(None, "en")[3] == (
        "4. What I will do: rectification measures"
    )


def test_the_appraisal_guidance_in_either_language():
    from fractions import Fraction

    from meetkit.decisions import appraisal

    assert appraisal.guidance_text(Fraction(1, 3), 9, "zh-CN") == (
        "提示：评为“优秀”的一般不超过党员总数的1/3（本次约3名，共9名）。"
    )
    assert appraisal.guidance_text(Fraction(1, 3), 9, "en") == (
        "Guidance: 'excellent' is usually given to at most 1/3 of members (here about 3 of 9)."
    )


@pytest.mark.parametrize(
    "lang,start,end,span",
    [
        ("zh-CN", "19:30", "21:05", "19时30分至21时05分"),
        ("zh-CN", "09:05", "", "9时05分至＿＿时＿＿分"),
        ("en", "19:30", "21:05", "19:30 to 21:05"),
        ("en", "09:05", "", "09:05 to ______"),
    ],
)
def test_a_record_s_time_span(lang, start, end, span):
    from meetkit.documents.context import time_span

    assert time_span(start, end, lang) == span


def test_the_blank_attendance_statement_and_a_ballot_s_default_words():
    from meetkit.decisions.ballots import parse_choices
    from meetkit.documents.context import blank_attendance

    quorum = {"applies": True, "rule": "过半数", "required": 4}
    assert blank_attendance(7, quorum, "zh-CN")["statement"] == (
        "本次会议应到7人，实到＿＿人，请假＿＿人，缺席＿＿人。"
        "按照“过半数”的规定，须到会4人，会议有效／无效。"
    )
    assert blank_attendance(7, {**quorum, "applies": False}, "en")["statement"] == (
        "Of the 7 members expected, ____ are present, ____ on leave and ____ absent."
    )
    assert blank_attendance(7, {**quorum, "rule": "a majority"}, "en")["statement"].endswith(
        "absent. The quorum is a majority: at least 4 must be present, so the meeting is "
        "valid / not valid."
    )
    assert parse_choices(None, "zh-CN") == ["赞成", "反对", "弃权"]
    assert parse_choices(None, "en") == ["For", "Against", "Abstain"]


def test_the_attendance_statement_reads_as_a_sentence_in_either_language():
    """One set of messages: English keeps its sentence (was/were, "and none absent"), Chinese
    its order (who came from away in brackets after who was present)."""
    from meetkit.attendance.rules import statement

    summary = {
        "expected": 9,
        "attended": 5,
        "late": ["l", "m"],
        "leave": [{"kind": "sick", "name": "x", "reason": ""}],
        "absent": ["a"],
        "away_present": ["张三"],
        "guests": ["g"],
        "away": [{"name": "王五", "note": "外出务工"}],
        "quorum": {"met": True, "rule": "过半数", "required": 5, "counted": 5, "basis": "voting"},
    }
    assert statement(summary, "zh-CN") == (
        "本次会议应到9人，实到5人（其中迟到2人）（外出党员张三到会，计入应到人数），"
        "请假1人（病假1人），缺席1人。列席1人。另有外出党员1人（王五：外出务工），不计入应到人数。"
        "按照“过半数”的规定，须到会5人，有表决权的党员实到5人，会议有效。"
    )
    english = statement(summary, "en")
    assert english.startswith(
        "Of the 9 members expected, 5 were present (2 of them late), 1 on leave (1 sick leave) "
        "and 1 absent without leave. Away but present, and so counted as expected: 张三. "
        "1 person sat in. Away, not counted as expected: 王五 (外出务工). The quorum is 过半数: "
        "5 needed and 5 "
    ), english
    assert english.endswith(" present, so the meeting is valid.")
    alone = {**summary, "attended": 1, "late": [], "leave": [], "absent": [], "away": []}
    alone = {
        **alone,
        "away_present": [],
        "guests": [],
        "quorum": {**summary["quorum"], "met": None},
    }
    assert statement(alone, "en") == "Of the 9 members expected, 1 was present and none absent."
    assert statement(alone, "zh-CN") == "本次会议应到9人，实到1人，缺席0人。"


def test_grades_and_the_committee_s_assessment_in_both_languages():
    from meetkit.decisions import appraisal

    assert [appraisal.grade_word(g, "zh-CN") for g in appraisal.GRADES] == [
        "优秀",
        "合格",
        "基本合格",
        "不合格",
    ]
    assert appraisal.grade_word("basically-qualified", "en") == "basically qualified"
    assert appraisal.committee_word("basically-satisfied", "zh-CN") == "基本满意"
    for typed in ("基本合格", "basically qualified", "Basically Qualified", "basically-qualified"):
        assert appraisal.parse_grade(typed) == "basically-qualified", typed


@pytest.mark.parametrize(
    "lang,start", [("zh-CN", "# 在此放置本地插件（*.py）"), ("en", "# Put local plugins (*.py)")]
)
def test_a_new_workspace_s_folder_notes(tmp_path, lang, start):
    from meetkit.meetings.init import init_workspace

    root = init_workspace(tmp_path / "ws", lang=lang)
    assert (root / "plugins" / "README.txt").read_text(encoding="utf-8").startswith(start)


@pytest.mark.parametrize(
    "lang,title,subtitle,date",
    [
        ("zh-CN", "示例社区第一党支部2027年度“三会一课”计划", "（共", "1月4日"),
        ("en", "Plan of meetings 2027: Demo Community Branch No. 1", "(", "4 January 2027"),
    ],
)
def test_the_year_s_plan_in_either_language(tmp_path, lang, title, subtitle, date):
    from core_helpers import make_workspace

    from meetkit.reports import plan
    from meetkit.workspace import find_workspace

    ws = find_workspace(make_workspace(tmp_path / "ws", lang=lang))
    planned = plan.propose(ws, 2027)
    context = plan.context(ws, 2027, planned)
    assert context["title"] == title
    assert context["subtitle"].startswith(subtitle + str(len(planned)))
    assert context["meetings"][0]["date"] == date


def test_a_sample_life_meeting_has_the_self_inspection_headings_of_its_language():
    """check-template's sample of a life meeting (meetkit/life/hooks.py) reads the default
    headings through the catalog too."""
    from meetkit.life.hooks import _sample

    zh = _sample("selfcheck", {"lang": "zh-CN", "members": []})
    assert zh["selfcheck"]["headings"][1] == "二、对照检查查摆的问题"
    en = _sample("selfcheck", {"lang": "en", "members": []})
    assert en["selfcheck"]["headings"][1] == "2. Problems found in self-inspection"


def test_titles_break_between_words_only_where_lines_do_not_break_at_spaces():
    from meetkit.documents.context import date_apart, headline, title_lines

    long = "示例社区第一党支部第一党小组2026年第12次党小组会"
    assert headline("en")("A long English title ", "for the sheet") == (
        "A long English title for the sheet"
    )
    assert "\n" in headline("zh-CN")(long, "签到表")
    assert title_lines(long, "en") == 1 and title_lines(long, "zh-CN") == 2
    assert date_apart(long, "2026年12月3日", "zh-CN")
    assert not date_apart(long, "3 December 2026", "en")


def test_grade_counts_are_said_with_the_language_s_separator():
    from meetkit.decisions.appraisal import grades_text

    counts = {"excellent": 1, "qualified": 5, "basically-qualified": 0}
    assert grades_text(counts, "zh-CN") == "优秀1名，合格5名"
    assert grades_text(counts, "en") == "excellent 1, qualified 5"


def test_no_message_is_asked_for_in_a_way_babel_cannot_find():
    """Babel extracts by the name called: `pgettext_for(lang)("ctx", "words")` is never
    extracted, so its words would lose their translation at the next `tools/messages.py`.
    Bind the name first (`pgettext = pgettext_for(lang)`), as meetkit/i18n.py says."""
    import re
    from pathlib import Path

    pattern = re.compile(r"\b(?:p|n)?gettext_for\([^()]*\)\(\s*[\"']")
    found = [
        f"{path}:{n}"
        for path in Path(__file__).resolve().parent.parent.joinpath("meetkit").rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []
