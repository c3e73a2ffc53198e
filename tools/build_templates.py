"""Define meetkit's built-in Word templates (templates/<lang>/<name>.docx) and check them.

The templates are docxtpl documents: ordinary .docx files a secretary can open and restyle in
Word or WPS, with jinja2 tags typed into them. They are written by
meetkit.documents.writer.TemplateWriter (``builtin=True``), the one template builder, so they can
be regenerated and reviewed as code; this file holds only what the documents say and where
(the label tables and one ``build_<name>`` function per document) and the checks.
docs/templates.md is the contract for the variables.

Usage:
    python tools/build_templates.py            # (re)write templates/zh-CN and templates/en
    python tools/build_templates.py --check    # ... then render each with sample data and verify

Over 400 lines because it defines every built-in template (18 documents in two languages, their
words in both) and checks them; each document is a function of its own.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from meetkit.documents.look import FIXED_DATE, LOOKS, MARGINS, TEXT_WIDTH_MM, used_styles
from meetkit.documents.writer import Merged, TemplateWriter
from meetkit.i18n import T_, TP_, in_language

REPO = Path(__file__).resolve().parent.parent
LANGS = ("zh-CN", "en")

# Fonts, sizes, page and margins (the look) live in meetkit/documents/look.py; paragraphs, tables and
# forms in meetkit/documents/writer.py.

# Templates that a program reads back: their first table's header row must stay exactly so.
READ_BACK_TEXT = {
    "actions": [
        T_("No."),
        T_("Task"),
        T_("Owner"),
        TP_("template", "Deadline"),
        TP_("template: progress", "Status"),
    ],
    "rectification": [
        T_("No."),
        TP_("template", "Problem"),
        T_("Measures"),
        T_("Owner"),
        TP_("template: rectification", "Deadline"),
        TP_("template: progress", "Status"),
        T_("Ticked off"),
    ],
}
READ_BACK_HEADERS = {
    name: {lang: in_language(cols, lang) for lang in LANGS} for name, cols in READ_BACK_TEXT.items()
}


# --------------------------------------------------------------------------------------------
# Labels: the words of each document, in English marked T_ (TP_ with a context where the same
# English says two things), translated through meetkit's catalog (meetkit/locale; extracted by
# tools/messages.py). Values may contain jinja tags; each value is written as one run, so a tag
# inside it stays whole.
# --------------------------------------------------------------------------------------------

LABEL_TEXT = {
    "when": T_("{{ meeting.weekday }}, {{ meeting.date }}, {{ meeting.time }}"),
    # Records give the start and the end (19时30分至21时05分), the end blank until known.
    "when_span": T_("{{ meeting.weekday }}, {{ meeting.date }}, {{ meeting.time_span }}"),
    "colon": T_(": "),
    "title_field": TP_("template: record field", "Meeting"),
    "time": T_("Time"),
    "place": T_("Place"),
    "host": T_("Host"),
    "recorder": T_("Recorder"),
    "attendees": T_("Attendees"),
    "topic": TP_("template", "Topic"),
    "lesson_title": T_("Title"),
    "expected_n": T_("Expected"),
    "present_n": T_("Present"),
    "leave_n": T_("On leave"),
    "absent_n": T_("Absent"),
    "absent": T_("On leave or absent (reason)"),
    "voting_expected": T_("Voting members expected"),
    "voting_present": T_("Voting members present"),
    "topic_or_title": T_("{% if sections.lecture %}Title{% else %}Topic{% endif %}"),
    "guests": T_("Sitting in"),
    "present": T_("Members present"),
    "sign_recorder": T_("Recorder (signature): "),
    "sign_host": T_("Host (signature): "),
    "blank": "____________",
    # notice
    "notice_title": T_("Notice: {{ meeting.title }}"),
    "notice_to": T_("To: {{ meeting.attendees }}"),
    "notice_body": T_(
        "The {{ meeting.type_name }} will be held on {{ meeting.weekday }}, "
        "{{ meeting.date }}, {{ meeting.time }}, at {{ meeting.place }}. "
        "{% if sections.lecture %}Lecturer: {{ meeting.lecturer }}. Title: "
        "{{ meeting.topic }}.{% else %}Topic: {{ meeting.topic }}.{% endif %}"
    ),
    "notice_prepare": T_(
        "Before the meeting, please study the documents, hold your heart-to-heart "
        "talks and write your self-inspection listing your problems, ready for "
        "criticism and self-criticism; bring it and a notebook."
    ),
    "notice_agenda": T_("1. Agenda"),
    "agenda_line": "{{ item.no }}. {{ item.title }}",
    "notice_req": T_("2. Attendance"),
    "notice_attend": T_(
        "Please attend on time. If you cannot attend, ask {{ meeting.host }} for leave "
        "before the meeting."
    ),
    "issuer": "{{ branch.name }}",
    "issued": "{{ meeting.issued }}",
    # agenda
    "agenda_title": T_("Agenda: {{ meeting.title }}"),
    "agenda_items": T_("Agenda"),
    "agenda_detail": "{{ item.detail }}",
    # sign-in
    "signin_title": TP_("template: heading", "Sign-in sheet"),
    "signin_when": T_("Time: {{ meeting.weekday }}, {{ meeting.date }}, {{ meeting.time }}"),
    "signin_place": T_("Place: {{ meeting.place }}"),
    "signin_scan": T_("Scan the QR code on the left with your phone to sign in, or open:"),
    "signin_url": "{{ short_url }}",
    "signin_code_page": T_("No camera? Open {{ code_url }} and type the code:"),
    "signin_code": "{{ short_code }}",
    "signin_cols": [
        T_("No."),
        T_("Name"),
        TP_("template: sign-in sheet", "Status"),
        T_("Group"),
        T_("Signature"),
        TP_("template", "Attendance"),
    ],
    "signin_guests": T_("Sitting in"),
    "signin_count": T_(
        "Expected: {{ expected_count }}    Present: "
        "{% if attendance.known %}{{ attendance.present_count }}    On leave: "
        "{{ attendance.leave_count }}    Absent: "
        "{{ attendance.absent_count }}{% else %}____    On leave: ____    Absent: "
        "____{% endif %}"
    ),
    # minutes
    "minutes_title": T_("Minutes"),
    "statement_h": T_("Attendance reported by the host"),
    "statement": "{{ attendance.statement }}",
    "quorum": T_("Quorum: {{ quorum.rule }}; at least {{ quorum.required }} must be present."),
    "item_h": T_("Item {{ item.no }}: {{ item.title }}"),
    "discussion": T_("Discussion:"),
    "tally_h": T_("Vote:"),
    "tally_cols": [
        T_("Entitled to vote"),
        T_("For"),
        T_("Against"),
        T_("Abstain"),
        T_("Resolution"),
    ],
    "resolutions_h": T_("Resolutions"),
    "attachments_h": T_("Attachments"),
    "attachment_line": T_("{{ a.no }}. {{ a.name }} ({{ a.kind }})"),
    "summary_h": T_("Host's summary"),
    "followup_h": T_("Follow-up of earlier decisions"),
    "closed_h": T_("Completed:"),
    "closed_line": T_("{{ a.no }}. {{ a.text }} (owner: {{ a.owner }}; {{ a.status }})"),
    "open_h": T_("Still open:"),
    "open_cols": [
        T_("No."),
        T_("Task"),
        T_("Owner"),
        TP_("template", "Deadline"),
        TP_("template: source meeting", "Meeting"),
        TP_("template: progress", "Status"),
    ],
    "none": T_("None."),
    # actions
    "actions_title": T_("Follow-up action list"),
    "meeting_line": T_("{{ meeting.title }} ({{ meeting.date }})"),
    "short_meeting_line": T_("{{ meeting.short_title }} ({{ meeting.date }})"),
    "actions_cols": [
        T_("No."),
        T_("Task"),
        T_("Owner"),
        TP_("template", "Deadline"),
        TP_("template: progress", "Status"),
    ],
    "filled_by": T_("Filled in by: ____________    Date: ____________"),
    # lesson
    "lecture_title": T_("Party lesson record"),
    "lecturer": TP_("template", "Lecturer"),
    "lecture_topic": T_("Title"),
    "branch": T_("Branch"),
    "outline_h": T_("Outline"),
    "content_h": T_("Main content"),
    "discuss_h": T_("Discussion"),
    "feedback_h": T_("Members' reflections and questions"),
    "sign_lecturer": T_("Lecturer (signature): "),
    # criticism
    "criticism_title": T_("Criticism and self-criticism record"),
    "opening_h": T_("Attendance and purpose, stated by the host"),
    "rectify_report_h": TP_("template", "Report on rectifying the problems found last time"),
    "member_h": T_("{{ m.name }} ({{ m.role }})"),
    "self_crit": T_("Self-criticism (self-inspection):"),
    "others_crit": T_("Criticism from others:"),
    "response": T_("Response:"),
    "higher_h": T_("Comments of the higher-level representative"),
    "closing_h": TP_("template: closing", "Host's summary"),
    # appraisal
    "appraisal_title": T_("Democratic appraisal of members: ballot"),
    "appraisal_line": T_("{{ branch.name }}    {{ meeting.date }}"),
    "appraisal_help": T_("Tick (√) one grade for each member."),
    "appraisal_cols": [
        T_("No."),
        T_("Name"),
        T_("Excellent"),
        T_("Qualified"),
        T_("Basically qualified"),
        T_("Unqualified"),
    ],
    "appraiser": T_("Appraiser (may stay anonymous): ____________    Date: ____________"),
    # rectification
    "rect_title": T_("Problem and rectification list: {{ branch.name }}"),
    "rect_cols": [
        T_("No."),
        TP_("template", "Problem"),
        T_("Measures"),
        T_("Owner"),
        TP_("template: rectification", "Deadline"),
        TP_("template: progress", "Status"),
        T_("Ticked off"),
    ],
    "rect_sign": T_("Branch secretary (signature): ____________    Date: ____________"),
    # talks
    "talks_title": T_("Heart-to-heart talk record"),
    "talk_forms_title": T_("Heart-to-heart talk record (blank forms)"),
    "talk_h": T_("Talk {{ loop.index }}"),
    "talker": T_("Talk held by"),
    "talkee": T_("Talk with"),
    "talk_content": TP_("template: talk", "Main content"),
    "talk_advice": T_("Opinions and suggestions"),
    "talks_list_h": T_("Talks held"),
    "talks_cols": [
        T_("No."),
        T_("Name"),
        T_("Talk held by"),
        T_("Date"),
        T_("Signature"),
    ],
}


# The title in each template's core properties (docProps/core.xml): Word's File > Info, the
# window title of a PDF made from it. Plain words, no tags: every rendered document inherits it.
DOC_TITLE_TEXT = {
    "notice": T_("Meeting notice"),
    "agenda": T_("Agenda"),
    "signin": T_("Sign-in sheet"),
    "minutes": T_("Minutes"),
    "actions": T_("Follow-up action list"),
    "criticism": T_("Criticism and self-criticism record"),
    "appraisal": T_("Democratic appraisal of members: ballot"),
    "rectification": T_("Problem and rectification list"),
    "talks": T_("Heart-to-heart talk record"),
    "talk-forms": T_("Heart-to-heart talk record (blank forms)"),
    "ledger": T_("Ledger of meetings"),
    "plan": T_("Plan of meetings"),
    "vote-ballots": T_("Voting slips"),
    "appraisal-tally": T_("Democratic appraisal: tally"),
    "appraisal-result": T_("Democratic appraisal: result"),
    "opinions": T_("Opinions collected"),
    "opinions-poster": T_("Your opinions, please"),
    "selfcheck": T_("Self-inspection"),
    "report": T_("Report to the higher-level committee"),
}


# Decisions on record (votes, personnel voting slips, the democratic appraisal): their words in
# one place, merged into LABELS and DOC_TITLES.
DECISION_TEXT = {
    "tally_line": "{{ item.tally.line }}",
    "method_line": T_("Voting method: {{ item.tally.method }}"),
    "tally_row": [
        "{{ item.tally.entitled }}",
        "{{ item.tally.yes }}",
        "{{ item.tally.no }}",
        "{{ item.tally.abstain }}",
        "{{ item.tally.result }}",
    ],
    "appraisal_summary_h": T_("Appraisal ballot:"),
    "personnel_h": T_("Personnel votes: summary"),
    "personnel_cols": [
        T_("No."),
        T_("Matter"),
        T_("For"),
        T_("Against"),
        T_("Abstain"),
        T_("Result"),
    ],
    "slips_title": T_("Voting slips"),
    "slip_h": T_("Voting slip: {{ meeting.title }}"),
    "slip_help": T_(
        "Tick (√) one of For, Against, Abstain for each matter; none or more than one "
        "counts as an abstention."
    ),
    "slip_cols": [
        T_("No."),
        T_("Matter"),
        T_("For"),
        T_("Against"),
        T_("Abstain"),
    ],
    "slip_cut": T_(
        "--------------------------------- ✂ cut here ---------------------------------"
    ),
    "appraisal_graded": T_(
        "{{ appraisal.graded_count }} full members are graded. Probationary members "
        "take part and are not graded."
    ),
    "tally_title": T_("Democratic appraisal: tally"),
    "tally_counts": T_(
        "Ballots issued {{ appraisal.issued }}, returned {{ appraisal.returned }}, "
        "valid {{ appraisal.valid }}."
    ),
    "appraisal_tally_cols": [
        T_("No."),
        T_("Name"),
        T_("Excellent"),
        T_("Qualified"),
        T_("Basically qualified"),
        T_("Unqualified"),
        T_("Committee's grade"),
    ],
    "tally_note": T_("Counts of members graded by fewer than the minimum are withheld (—)."),
    "committee_h": T_("Assessment of the branch committee"),
    "committee_cols": [
        T_("Assessment"),
        TP_("template", "Votes"),
    ],
    "tally_sign": T_("Counted by (signature): ____________    Scrutineer: ____________"),
    "result_title": T_("Democratic appraisal: result"),
    "result_intro": T_("After the ballot, the branch committee decided these grades:"),
    "result_cols": [
        T_("No."),
        T_("Name"),
        T_("Grade"),
        TP_("template: appraisal", "Note"),
    ],
    "result_sign": T_("{{ branch.seal }}    {{ meeting.issued }}"),
    "ballot_committee_cols": [
        T_("Assessed"),
        T_("Satisfied"),
        T_("Basically satisfied"),
        T_("Dissatisfied"),
    ],
    "ballot_committee_row": T_("The branch committee as a team"),
}


# The words of the life meeting's documents (criticism, talks, opinions, poster,
# self-inspection, report), kept apart from LABELS.
LIFE_TEXT = {
    "rectify_last_h": T_("Report on rectifying the problems found at {{ life.last_meeting }}"),
    "speaker_h": T_("{{ m.name }} ({{ m.role }})"),
    "talk_no_h": T_("Talk record ({{ x.no }})"),
    "talk_blank_h": T_("Talk record"),
    "talk_kind": T_("Kind of talk"),
    "talk_topic": TP_("template: talk", "Topic"),
    "sign_talker": T_("Talker's signature"),
    "sign_talkee": T_("Signature of the person talked with"),
    "talks_list_cols": [
        T_("No."),
        T_("Talker"),
        T_("Talked with"),
        TP_("template", "Kind"),
        T_("Date"),
    ],
    "opinions_title": T_("Opinions collected"),
    "opinions_total": T_(
        "{{ opinions.total }} opinions were collected; they are grouped by category below."
    ),
    "opinions_none": T_("No opinions received yet."),
    "opinions_group_h": T_("{{ g.title }} ({{ g.count }})"),
    "opinions_cols": [
        T_("No."),
        T_("Opinion"),
        T_("From"),
        T_("Source"),
    ],
    "sign_compiler": T_("Compiled by (signature): "),
    "poster_title": T_("Your opinions, please"),
    "poster_text": T_(
        "Before our {{ meeting.type_name }}, members and the public are invited to "
        "give their opinions on the branch and its members. Scan the code below with "
        "your phone; you need not give your name, and only the branch sees what you "
        "send."
    ),
    "poster_scan": T_("Scan to give your opinion"),
    "poster_contact": T_("Contact: {{ branch.secretary }}"),
    "selfcheck_title": T_("Self-inspection"),
    "name": T_("Name"),
    "status_l": TP_("template: member", "Status"),
    "role_l": T_("Role"),
    "theme": T_("Theme"),
    "sign_self": T_("Signature: "),
    "sign_date": T_("Date: "),
    "report_title": T_("Report on the {{ meeting.type_name }}"),
    "report_to": T_("To {{ branch.higher_org }}:"),
    "report_intro": T_(
        "{{ branch.name }} held its {{ meeting.type_name }} on {{ meeting.date }} on "
        "the theme “{{ meeting.topic }}”. This is our report."
    ),
    "report_basic_h": T_("1. The meeting"),
    "guests_above": T_("Sitting in"),
    "report_prep_h": T_("2. Preparation"),
    "r_opinions_n": TP_("template", "Opinions"),
    "r_talks_n": TP_("template: report", "Talks held"),
    "r_opinions": T_("By category"),
    "r_talks": T_("By kind"),
    "r_coverage": T_("Members talked with"),
    "r_missing": T_("Talks still missing"),
    "report_meeting_h": T_("3. At the meeting"),
    "r_spoke": T_("Members who spoke (criticism and self-criticism)"),
    "r_carried": T_("Last time's items"),
    "r_carried_done": TP_("template: report", "Ticked off"),
    "r_appraisal": TP_("template", "Democratic appraisal"),
    "report_problems_h": T_("4. Problems found and the rectification plan"),
    "r_problems_n": T_("Problems found: {{ report.problems_total }}."),
    "r_problem_cols": [
        T_("No."),
        TP_("template", "Problem"),
        T_("Measures"),
        T_("Owner"),
        TP_("template: rectification", "Deadline"),
        TP_("template: progress", "Status"),
    ],
    "report_sign": T_("{{ branch.name }} (seal)"),
    "report_close": T_("Respectfully submitted."),
}
# Each language's words: the tables above through the catalog (meetkit/locale).
LABELS = {lang: in_language({**LABEL_TEXT, **DECISION_TEXT}, lang) for lang in LANGS}
LIFE_LABELS = {lang: in_language(LIFE_TEXT, lang) for lang in LANGS}
DOC_TITLES = {lang: in_language(DOC_TITLE_TEXT, lang) for lang in LANGS}


# --------------------------------------------------------------------------------------------
# The documents: one function each
# --------------------------------------------------------------------------------------------


def header_fields(t: dict) -> list:
    """The meeting record's header fields (domain.md, "The meeting record"): start and end
    time; 应到 and 实到, and where the type votes 有表决权 应到/实到 too (the count the quorum and
    the resolutions are reckoned on); a lesson's lecturer and title. What meetkit fills from
    the record sits in tagged content controls (meetkit.documents.roundtrip): filled again in place in
    minutes the secretary edited."""
    return [
        [(t["title_field"], "{{ meeting.title }}")],
        [(t["topic_or_title"], "{{ meeting.topic }}")],
        "{%tr if sections.lecture %}",
        [(t["lecturer"], "{{ meeting.lecturer }}")],
        "{%tr endif %}",
        [(t["time"], t["when_span"], "meetkit:time")],
        [(t["place"], "{{ meeting.place }}")],
        [(t["host"], "{{ meeting.host }}"), (t["recorder"], "{{ meeting.recorder }}")],
        [
            (t["expected_n"], "{{ expected_count }}", "meetkit:expected"),
            (t["present_n"], "{{ attendance.present_count }}", "meetkit:present"),
        ],
        [
            (t["leave_n"], "{{ attendance.leave_count }}", "meetkit:leave"),
            (t["absent_n"], "{{ attendance.absent_count }}", "meetkit:absent"),
        ],
        "{%tr if votes %}",
        [
            (t["voting_expected"], "{{ voting_count }}", "meetkit:voting-expected"),
            (
                t["voting_present"],
                "{{ attendance.voting_present_count }}",
                "meetkit:voting-present",
            ),
        ],
        "{%tr endif %}",
        [(t["absent"], "{{ attendance.absent_text }}", "meetkit:absentees")],
        [(t["guests"], "{{ attendance.guests }}", "meetkit:guests")],
        [(t["present"], "{{ attendance.present_names }}", "meetkit:attendees")],
    ]


def build_notice(b: TemplateWriter) -> None:
    """会议通知: who, when, where, what, the agenda, and how to ask for leave."""
    t = LABELS[b.lang]
    b.title(t["notice_title"])
    b.para(t["notice_to"])
    b.para(t["notice_body"], indent=True)
    b.heading(t["notice_agenda"], before=0)
    b.tag("{%p for item in agenda %}")
    b.para(t["agenda_line"], indent=True)
    b.tag("{%p endfor %}")
    b.heading(t["notice_req"], before=0)
    b.tag('{%p if "criticism" in meeting.uses %}')
    b.para(t["notice_prepare"], indent=True)
    b.tag("{%p endif %}")
    b.para(t["notice_attend"], indent=True)
    b.para("")
    b.para(t["issuer"], right=True, before=b.look.body_size)
    b.para(t["issued"], right=True)


def build_agenda(b: TemplateWriter) -> None:
    """会议议程: header lines, then the numbered items with their details."""
    t = LABELS[b.lang]
    b.title(t["agenda_title"])
    for key, value in (
        ("time", t["when"]),
        ("place", "{{ meeting.place }}"),
        ("host", "{{ meeting.host }}"),
        ("attendees", "{{ meeting.attendees }}"),
    ):
        b.para(t[key] + t["colon"] + value)
    b.tag("{%p if sections.lecture %}")  # a lesson names its lecturer and its title
    b.para(t["lecturer"] + t["colon"] + "{{ meeting.lecturer }}")
    b.para(t["lesson_title"] + t["colon"] + "{{ meeting.topic }}")
    b.tag("{%p endif %}")
    b.heading(t["agenda_items"])
    b.tag("{%p for item in agenda %}")
    b.para(t["agenda_line"], bold=True)
    b.tag("{%p if item.detail %}")
    b.para(t["agenda_detail"], indent=True)
    b.tag("{%p endif %}")
    b.tag("{%p endfor %}")


# The sign-in sheet's rows are at least this high (a line of text), so a page holds a known number:
# meetkit.documents.context.signin_sheet counts on it (20 members and the QR on one A4 page).
# At least 6.5 mm, as meetkit.documents.context counts a row (a line of 五号 text fits in it); a row with
# a long label, leave reason or unit grows to two lines instead of being cut, and the room left
# on the first page takes two such rows with 20 members.
SIGNIN_ROW_MM = 6.5
SIGNIN_QR_CELL_MM = 44


def build_signin(b: TemplateWriter) -> None:
    """签到表: the QR code beside the counts and how to sign in without it (the address, the code
    page and the code in large type), then a table to sign by hand whose rows break between
    pages with the header row repeated (meetkit.documents.context.signin_sheet sizes its blank rows)."""
    t = LABELS[b.lang]
    small = b.look.table_size
    b.title(t["signin_title"], after=4)
    # QR left, words right: a borderless two-cell table
    qr_cell, words = b.panel((SIGNIN_QR_CELL_MM, TEXT_WIDTH_MM - SIGNIN_QR_CELL_MM))
    b.cell_para(qr_cell, "{{ qr }}", size=small, center=True)

    def line(text, size=small, bold=False, after=0):
        return b.cell_para(words, text, size=size, bold=bold, after=after)

    if "meeting.title" not in t["signin_title"]:
        # A heading without the meeting's title (English: "Sign-in sheet"): the title here.
        line("{{ meeting.title }}", bold=True, after=2)
    line(t["signin_when"])
    line(t["signin_place"])
    line(t["signin_count"], after=3)
    line(t["signin_scan"])
    line(t["signin_url"], size=small - 2, after=3)
    line(t["signin_code_page"])
    line(t["signin_code"], size=26, bold=True)
    b.para("", exact=False, size=4)
    cols = t["signin_cols"]
    b.grid(
        cols,
        [
            "{%tr for m in expected %}",
            [
                "{{ m.no }}",
                "{{ m.name }}",
                "{{ m.status }}",
                "{{ m.group }}",
                "",
                "{{ m.attendance }} {{ m.note }}",
            ],
            "{%tr endfor %}",
            "{%tr if attendance.guest_rows or sheet.blank_rows %}",
            Merged(t["signin_guests"]),
            "{%tr endif %}",
            "{%tr for g in attendance.guest_rows %}",
            ["", "{{ g.name }}", "", "{{ g.note }}", "", "{{ g.status }}"],
            "{%tr endfor %}",
            "{%tr for r in sheet.blank_rows %}",
            ["", "", "", "", "", ""],
            "{%tr endfor %}",
        ],
        [14, 28, 24, 28, 32, 30],
        # at least this high: a long label (张伟（第一党小组）), leave reason or unit wraps onto
        # a second line instead of being cut off; one-line rows keep the height signin_sheet
        # counts on (20 members and the QR on one page); 五号 (10.5 pt) so a line fits in it
        row_height=SIGNIN_ROW_MM,
        size=10.5,
    )


def followup_block(b: TemplateWriter) -> None:
    """What was closed since the last meeting and what is still open (or 无。)."""
    t = LABELS[b.lang]
    b.tag("{%p if not closed_actions and not earlier_actions %}")
    b.para(t["none"], indent=True)
    b.tag("{%p endif %}")
    b.tag("{%p if closed_actions %}")
    b.label(t["closed_h"])
    b.tag("{%p for a in closed_actions %}")
    b.para(t["closed_line"], indent=True)
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.tag("{%p if earlier_actions %}")
    b.label(t["open_h"])
    b.grid(
        t["open_cols"],
        [
            "{%tr for a in earlier_actions %}",
            [
                "{{ a.no }}",
                "{{ a.text }}",
                "{{ a.owner }}",
                "{{ a.due }}",
                "{{ a.meeting }}",
                "{{ a.status }}",
            ],
            "{%tr endfor %}",
        ],
        [14, 34, 20, 38, 28, 22],
        left=(1,),
        row_height=9,
    )
    b.tag("{%p endif %}")


def build_minutes(b: TemplateWriter) -> None:
    """会议记录: header fields, attendance and quorum, each topic (or, for a lesson, the
    lecture's outline, content and discussion), then only the sections the type needs, each
    once (``sections``), and the sign-off."""
    t = LABELS[b.lang]
    b.title(t["minutes_title"])
    b.fields(header_fields(t))
    b.heading(t["statement_h"])
    # Before the meeting attendance.statement is the sentence to fill in (应到12人，实到＿＿人…,
    # the quorum included); afterwards it is the count from sign-in.
    b.field(b.para(t["statement"], indent=True), "meetkit:statement")
    b.tag("{%p if sections.lecture %}")
    for key, n in (("outline_h", 5), ("content_h", 8), ("discuss_h", 6)):
        b.heading(t[key])
        b.lines(n)
    b.tag("{%p else %}")
    b.tag("{%p for item in agenda %}")
    b.heading(t["item_h"])
    b.tag("{%p if item.followup %}")
    followup_block(b)
    b.tag("{%p else %}")
    b.label(t["discussion"])
    b.lines(6)
    b.tag("{%p endif %}")
    build_minutes_tally(b)
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    build_minutes_personnel(b)
    # 决议事项: each tallied item's 决议 sentence and the actions decided at this meeting; ruled
    # lines to write on while nothing is recorded yet.
    b.tag("{%p if sections.resolutions or actions %}")
    b.heading(t["resolutions_h"])
    build_resolutions(b)
    b.tag("{%p endif %}")
    b.tag("{%p if sections.summary %}")
    b.heading(t["summary_h"])
    b.lines(4)
    b.tag("{%p endif %}")
    b.tag("{%p if sections.followup %}")
    b.heading(t["followup_h"])
    followup_block(b)
    b.tag("{%p endif %}")
    # 附件: photos, slides, scans kept with the meeting (meetkit attach)
    b.tag("{%p if attachments %}")
    b.heading(t["attachments_h"])
    b.tag("{%p for a in attachments %}")
    b.para(t["attachment_line"], indent=True, exact=False)
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.signatures(t["sign_recorder"], t["sign_host"])
    b.tag("{%p if sections.lecture %}")
    b.para(t["sign_lecturer"] + t["blank"], right=True)
    b.tag("{%p endif %}")


def build_resolutions(b: TemplateWriter) -> None:
    """决议事项's content, one field meetkit fills (always there, so minutes edited before any
    tally get it later): each tallied item's 决议 sentence and the actions decided at this
    meeting, a line each; ruled lines to write on while there are none."""
    b.field(b.para("{{ resolutions }}", indent=True, exact=False), "meetkit:resolutions")
    b.tag("{%p if not resolutions %}")
    b.lines(4)
    b.tag("{%p endif %}")


def build_actions(b: TemplateWriter) -> None:
    """会议决定事项落实清单. Read back by meetkit: keep this the first table, header as is."""
    t = LABELS[b.lang]
    b.title(t["actions_title"])
    b.subtitle(t["meeting_line"])
    b.grid(
        t["actions_cols"],
        [
            "{%tr for a in actions %}",
            ["{{ a.no }}", "{{ a.text }}", "{{ a.owner }}", "{{ a.due }}", "{{ a.status }}"],
            "{%tr endfor %}",
            "{%tr for r in blank_rows %}",
            ["", "", "", "", ""],
            "{%tr endfor %}",
        ],
        [14, 52, 24, 38, 28],
        left=(1,),
        row_height=12,
    )
    b.para(t["filled_by"], before=8, exact=False, size=b.look.table_size + 2)


def build_criticism(b: TemplateWriter) -> None:
    """批评与自我批评记录 (组织生活会, 民主生活会): header with the attendance, the opening
    statement, the report on the last meeting's problems, one section per member who speaks
    (those present, once attendance is known), each kept on one page."""
    t = {**LABELS[b.lang], **LIFE_LABELS[b.lang]}
    b.title(t["criticism_title"])
    b.fields(header_fields(t))
    b.heading(t["opening_h"])
    b.para(t["statement"], indent=True)  # as in the minutes
    with b.kept_together():  # its lines never on a page of their own
        b.heading(t["rectify_last_h"])
        b.lines(4)
    b.tag("{%p for m in speakers %}")
    with b.kept_together():
        b.heading(t["speaker_h"])
        for key in ("self_crit", "others_crit", "response"):
            b.label(t[key])
            b.lines(5)
    b.tag("{%p endfor %}")
    with b.kept_together():
        b.heading(t["higher_h"])
        b.lines(4)
    with b.kept_together():  # the summary's lines and the signatures: one page
        b.heading(t["closing_h"])
        b.lines(4)
        b.signatures(t["sign_recorder"], t["sign_host"])


def build_appraisal(b: TemplateWriter) -> None:
    """民主评议党员测评表: one row per graded (full) member, four grades to tick."""
    t = LABELS[b.lang]
    b.title(t["appraisal_title"])
    b.subtitle(t["appraisal_line"])
    b.para(t["appraisal_help"], indent=True, exact=False)
    b.para(t["appraisal_graded"], indent=True, exact=False)
    b.para("{{ appraisal.guidance }}", indent=True, exact=False, after=6)
    b.grid(
        t["appraisal_cols"],
        [
            "{%tr for m in appraisal.graded %}",
            ["{{ m.no }}", "{{ m.name }}", "", "", "", ""],
            "{%tr endfor %}",
        ],
        [14, 38, 24, 24, 32, 24],
        row_height=9,
    )
    # 支部班子测评 ([appraisal] committee = true): the same ballot assesses the committee.
    b.tag("{%p if appraisal.committee_on %}")
    b.heading(t["committee_h"])
    b.grid(
        t["ballot_committee_cols"],
        [[t["ballot_committee_row"], "", "", ""]],
        [62, 32, 32, 30],
        left=(0,),
        row_height=9,
    )
    b.tag("{%p endif %}")
    b.para(t["appraiser"], before=12, exact=False, size=b.look.table_size + 2)


def build_rectification(b: TemplateWriter) -> None:
    """问题清单和整改清单. Read back by meetkit: keep this the first table, header as is."""
    t = LABELS[b.lang]
    b.title(t["rect_title"])
    b.subtitle(t["short_meeting_line"])
    # 销号: the day a problem was ticked off, and who confirmed it (`meetkit action done`).
    b.grid(
        t["rect_cols"],
        [
            "{%tr for a in actions %}",
            [
                "{{ a.no }}",
                "{{ a.text }}",
                "{{ a.measures }}",
                "{{ a.owner }}",
                "{{ a.due }}",
                "{{ a.status }}",
                "{{ a.closed }} {{ a.confirmed_by }}",
            ],
            "{%tr endfor %}",
            "{%tr for r in blank_rows %}",
            ["", "", "", "", "", "", ""],
            "{%tr endfor %}",
        ],
        [12, 30, 30, 17, 23, 20, 24],
        left=(1, 2),
        row_height=14,
    )
    b.para(t["rect_sign"], before=8, exact=False, size=b.look.table_size + 2)


def _talk_form(b: TemplateWriter, t: dict, values: dict, heights: dict | None = None) -> None:
    """One talk's form: who, the kind, when, what was said, and both signatures. ``heights``:
    the write-in boxes (a recorded talk's grow with its text, so they start small)."""
    b.fields(
        [
            [(t["talker"], values.get("a", "")), (t["talkee"], values.get("b", ""))],
            [(t["talk_kind"], values.get("kind", "")), (t["time"], values.get("date", ""))],
            [(t["talk_topic"], values.get("topic", ""))],
            [(t["talk_content"], values.get("note", ""))],
            [(t["talk_advice"], "")],
            [(t["sign_talker"], ""), (t["sign_talkee"], "")],
        ],
        heights=heights or {3: 80, 4: 35, 5: 16},
        keep_together=True,
    )


def build_talks(b: TemplateWriter) -> None:
    """谈心谈话记录: one form per recorded talk (kind, both signatures), blank forms after,
    then the list of talks held."""
    t = {**LABELS[b.lang], **LIFE_LABELS[b.lang]}
    b.title(t["talks_title"])
    b.subtitle(t["meeting_line"])
    b.tag("{%p for x in talks %}")
    b.heading(t["talk_no_h"], before=6).paragraph_format.keep_with_next = True
    _talk_form(
        b,
        t,
        {
            "a": "{{ x.a }}",
            "b": "{{ x.b }}",
            "kind": "{{ x.kind }}",
            "date": "{{ x.date }}",
            "topic": "{{ x.topic }}",
            "note": "{{ x.note }}",
        },
        {3: 14, 4: 10, 5: 10},  # three talks a page; a long record grows its box
    )
    b.tag("{%p endfor %}")
    b.heading(t["talks_list_h"])
    b.grid(
        t["talks_list_cols"],
        [
            "{%tr for x in talks %}",
            ["{{ x.no }}", "{{ x.a }}", "{{ x.b }}", "{{ x.kind }}", "{{ x.date }}"],
            "{%tr endfor %}",
        ],
        [14, 30, 30, 50, 32],
    )


def build_talk_forms(b: TemplateWriter) -> None:
    """谈心谈话记录（空白表）: forms to fill in by hand, two a page, apart from the record of
    the talks held (talks.docx)."""
    t = {**LABELS[b.lang], **LIFE_LABELS[b.lang]}
    b.title(t["talk_forms_title"])
    b.subtitle(t["meeting_line"])
    b.tag("{%p for r in blank_rows %}")
    b.heading(t["talk_blank_h"], before=6).paragraph_format.keep_with_next = True
    _talk_form(b, t, {}, {3: 40, 4: 15, 5: 12})
    b.tag("{%p endfor %}")


def build_opinions(b: TemplateWriter) -> None:
    """征求意见汇总: the opinions collected, grouped by category, for the meeting."""
    t = {**LABELS[b.lang], **LIFE_LABELS[b.lang]}
    b.title(t["opinions_title"])
    b.subtitle(t["meeting_line"])
    b.tag("{%p if opinions.total %}")
    b.para(t["opinions_total"], indent=True)
    b.tag("{%p else %}")
    b.para(t["opinions_none"], indent=True)
    b.tag("{%p endif %}")
    b.tag("{%p for g in opinions.groups %}")
    b.heading(t["opinions_group_h"])
    b.grid(
        t["opinions_cols"],
        [
            "{%tr for o in g.rows %}",
            [
                "{{ o.no }}",
                "{{ o.text }}{% if o.about %}（{{ o.about }}）{% endif %}",
                "{{ o.name }}",
                "{{ o.source }}",
            ],
            "{%tr endfor %}",
        ],
        [14, 94, 24, 24],
        left=(1,),
    )
    b.tag("{%p endfor %}")
    b.signatures(t["sign_compiler"])


def build_opinions_poster(b: TemplateWriter) -> None:
    """征求意见 poster: one page with the opinion page's QR code, to put up or hand out."""
    t = {**LABELS[b.lang], **LIFE_LABELS[b.lang]}
    b.title(t["poster_title"])
    b.subtitle(t["meeting_line"])
    b.para(t["poster_text"], indent=True, exact=False, after=6)
    b.para("{{ opinion_qr }}", center=True, exact=False, before=6, after=6)
    b.para(t["poster_scan"], center=True, exact=False)
    b.para(
        "{{ opinion_url }}",
        center=True,
        size=b.look.table_size,
        exact=False,
        after=12,
    )
    b.para(t["poster_contact"], right=True, exact=False)


def build_selfcheck(b: TemplateWriter) -> None:
    """对照检查材料: one per member, with the name, branch, status, theme and the headings of
    ``[life] selfcheck_headings``."""
    t = {**LABELS[b.lang], **LIFE_LABELS[b.lang]}
    b.title(t["selfcheck_title"])
    b.fields(
        [
            [(t["name"], "{{ member.name }}"), (t["branch"], "{{ branch.name }}")],
            [(t["status_l"], "{{ member.status }}"), (t["role_l"], "{{ member.role }}")],
            [(t["title_field"], "{{ meeting.title }}")],
            [(t["theme"], "{{ meeting.topic }}")],
        ]
    )
    b.tag("{%p for h in selfcheck.headings %}")
    b.heading("{{ h }}")
    b.lines(8)
    b.tag("{%p endfor %}")
    b.signatures(t["sign_self"], t["sign_date"])


def build_report(b: TemplateWriter) -> None:
    """情况报告 to the higher-level committee, from what was recorded."""
    t = {**LABELS[b.lang], **LIFE_LABELS[b.lang]}
    b.title(t["report_title"])
    b.para(t["report_to"], exact=False, after=6)
    b.para(t["report_intro"], indent=True)
    b.heading(t["report_basic_h"])
    b.fields(
        [
            [(t["time"], t["when"])],
            [(t["place"], "{{ meeting.place }}")],
            [(t["host"], "{{ meeting.host }}"), (t["recorder"], "{{ meeting.recorder }}")],
            [(t["guests_above"], "{{ report.guests }}")],
            [(t["expected_n"], "{{ report.expected }}"), (t["present_n"], "{{ report.present }}")],
            [(t["absent"], "{{ report.absent }}")],
        ]
    )
    b.para("{{ report.attendance }}", indent=True, before=6)
    b.heading(t["report_prep_h"])
    b.fields(
        [
            [
                (t["r_opinions_n"], "{{ report.opinions_total }}"),
                (t["r_talks_n"], "{{ report.talks_total }}"),
            ],
            [(t["r_opinions"], "{{ report.opinions }}")],
            [(t["r_talks"], "{{ report.talks }}")],
            [
                (t["r_coverage"], "{{ report.talks_coverage }}"),
                (t["r_missing"], "{{ report.talks_missing }}"),
            ],
        ]
    )
    b.heading(t["report_meeting_h"])
    b.fields(
        [
            [(t["r_spoke"], "{{ report.spoke }}")],
            [
                (t["r_carried"], "{{ report.carried_total }}"),
                (t["r_carried_done"], "{{ report.carried_done }}"),
            ],
            [(t["r_appraisal"], "{{ report.appraisal }}")],
        ]
    )
    b.heading(t["report_problems_h"])
    b.tag("{%p if report.problems_total %}")
    b.para(t["r_problems_n"], indent=True)
    b.tag("{%p endif %}")
    b.grid(
        t["r_problem_cols"],
        [
            "{%tr for a in report.problems %}",
            [
                "{{ a.no }}",
                "{{ a.text }}",
                "{{ a.measures }}",
                "{{ a.owner }}",
                "{{ a.due }}",
                "{{ a.status }}",
            ],
            "{%tr endfor %}",
        ],
        [12, 40, 40, 20, 24, 20],
        left=(1, 2),
    )
    # the seal never on a page of its own (GB/T 9704): the closing line goes with it
    b.para(t["report_close"], indent=True, before=6).paragraph_format.keep_with_next = True
    b.signatures(t["report_sign"], t["sign_date"])


def build_minutes_tally(b: TemplateWriter) -> None:
    """Inside the minutes' agenda loop: a vote item's tally with 须超过N票 and 通过/未通过; the
    appraisal item's tally summary."""
    t = LABELS[b.lang]
    b.tag("{%p if item.votes %}")
    b.label(t["tally_h"])
    # each figure its own field (LibreOffice keeps inline controls, not block ones)
    tag = "meetkit:tally-item{{ item.no }}-"
    table = b.grid(t["tally_cols"], [t["tally_row"]], [40, 24, 24, 24, 44], row_height=10)
    for j, cell in enumerate(table.rows[1].cells):
        b.field(cell.paragraphs[0], f"{tag}{j}")
    b.field(b.para(t["method_line"], indent=True, exact=False), tag + "method")
    b.field(b.para(t["tally_line"], indent=True, exact=False), tag + "line")
    b.tag("{%p endif %}")
    b.tag("{%p if item.appraisal and appraisal.held %}")
    b.label(t["appraisal_summary_h"])
    b.field(b.para("{{ appraisal.summary }}", indent=True, exact=False), "meetkit:appraisal")
    b.tag("{%p endif %}")


def build_minutes_personnel(b: TemplateWriter) -> None:
    """票决情况汇总表 after the agenda, when a vote admits or converts a member."""
    t = LABELS[b.lang]
    b.tag("{%p if personnel_votes %}")
    b.heading(t["personnel_h"])
    table = build_personnel_table(b)
    for j, cell in enumerate(table.rows[2].cells):  # the row between {%tr for %} and endfor
        b.field(cell.paragraphs[0], f"meetkit:personnel-{{{{ p.no }}}}-{j}")
    b.tag("{%p endif %}")


def build_personnel_table(b: TemplateWriter):
    """票决情况汇总表's table (one row per personnel matter)."""
    t = LABELS[b.lang]
    return b.grid(
        t["personnel_cols"],
        [
            "{%tr for p in personnel_votes %}",
            [
                "{{ p.no }}",
                "{{ p.text }}",
                "{{ p.yes }}",
                "{{ p.no_votes }}",
                "{{ p.abstain }}",
                "{{ p.result }}",
            ],
            "{%tr endfor %}",
        ],
        [14, 64, 18, 18, 18, 24],
        left=(1,),
        row_height=10,
    )


def build_vote_ballots(b: TemplateWriter) -> None:
    """表决票: one slip per voting member, each listing every personnel matter; cut lines."""
    t = LABELS[b.lang]
    b.title(t["slips_title"])
    b.tag("{%p for s in ballot_slips %}")
    # a slip is never cut by a page: its heading, help, every row of its table and the cut
    # line below it keep together
    for p in (
        b.para(t["slip_h"], bold=True, center=True, exact=False, before=6),
        b.para(t["slip_help"], exact=False, size=b.look.table_size),
    ):
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.keep_together = True
    table = b.grid(
        t["slip_cols"],
        [
            "{%tr for p in personnel_votes %}",
            ["{{ p.no }}", "{{ p.text }}", "", "", ""],
            "{%tr endfor %}",
        ],
        [14, 82, 20, 20, 20],
        left=(1,),
        row_height=10,
    )
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True
    b.para(
        t["slip_cut"],
        center=True,
        exact=False,
        size=b.look.table_size,
        before=6,
        after=6,
    )
    b.tag("{%p endfor %}")


def build_appraisal_tally(b: TemplateWriter) -> None:
    """民主测评汇总表: members × grades, ballots issued, returned and valid."""
    t = LABELS[b.lang]
    b.title(t["tally_title"])
    b.subtitle(t["appraisal_line"])
    b.para(t["tally_counts"], indent=True, exact=False)
    b.para(t["appraisal_graded"], indent=True, exact=False, after=6)
    b.grid(
        t["appraisal_tally_cols"],
        [
            "{%tr for r in appraisal.tally %}",
            [
                "{{ r.no }}",
                "{{ r.name }}",
                "{{ r.excellent }}",
                "{{ r.qualified }}",
                "{{ r.basic }}",
                "{{ r.unqualified }}",
                "{{ r.grade }}",
            ],
            "{%tr endfor %}",
        ],
        [12, 32, 20, 20, 26, 20, 26],
        row_height=9,
    )
    b.para(t["tally_note"], exact=False, size=b.look.table_size, before=4)
    b.tag("{%p if appraisal.committee %}")
    b.heading(t["committee_h"])
    b.grid(
        t["committee_cols"],
        [
            "{%tr for c in appraisal.committee %}",
            ["{{ c.choice }}", "{{ c.count }}"],
            "{%tr endfor %}",
        ],
        [96, 60],
        row_height=9,
    )
    b.tag("{%p endif %}")
    b.para(t["tally_sign"], before=12, exact=False, size=b.look.table_size + 2)


def build_appraisal_result(b: TemplateWriter) -> None:
    """评定结果: the committee's grade per member, to announce and to file."""
    t = LABELS[b.lang]
    b.title(t["result_title"])
    b.subtitle(t["appraisal_line"])
    b.para(t["result_intro"], indent=True, exact=False, after=6)
    b.grid(
        t["result_cols"],
        [
            "{%tr for r in appraisal.results %}",
            ["{{ r.no }}", "{{ r.name }}", "{{ r.grade }}", "{{ r.reason }}"],
            "{%tr endfor %}",
        ],
        [14, 40, 30, 72],
        left=(3,),
        row_height=9,
    )
    b.tag("{%p for w in appraisal.warnings %}")
    b.para("{{ w }}", indent=True, exact=False)
    b.tag("{%p endfor %}")
    b.para(t["result_sign"], before=18, exact=False, right=True)


DECISION_DOCUMENTS = {
    "vote-ballots": build_vote_ballots,
    "appraisal-tally": build_appraisal_tally,
    "appraisal-result": build_appraisal_result,
}

DOCUMENTS = {
    "notice": build_notice,
    "agenda": build_agenda,
    "signin": build_signin,
    "minutes": build_minutes,
    "actions": build_actions,
    "criticism": build_criticism,
    "appraisal": build_appraisal,
    "rectification": build_rectification,
    "talks": build_talks,
    "talk-forms": build_talk_forms,
    **DECISION_DOCUMENTS,
    "opinions": build_opinions,
    "opinions-poster": build_opinions_poster,
    "selfcheck": build_selfcheck,
    "report": build_report,
}


# The yearly ledger (`meetkit ledger`) is a report, not a meeting document: its variables are
# listed in docs/followup.md rather than docs/templates.md, so --check (which checks meeting
# templates against that contract) leaves it to tests/test_ledger*.py.
LEDGER_TEXT = {
    "info": T_(
        "Secretary: {{ branch.secretary }}    Higher-level organization: {{ branch.higher_org }}"
    ),
    "meetings_h": T_("1. Meetings held"),
    "types_cols": [
        T_("No."),
        T_("Meeting type"),
        T_("Required"),
        T_("Held"),
        TP_("template: ledger", "Status"),
    ],
    "by_month": T_("Meetings held by month:"),
    "month_cols": [
        TP_("template", "Type"),
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
        "10",
        "11",
        "12",
        T_("Total"),
    ],
    "gaps": T_("Required meetings not held:"),
    "none": T_("None."),
    "checks_h": T_("2. Key items"),
    "checks_cols": [
        T_("No."),
        TP_("template", "Item"),
        TP_("template: ledger checks", "Held"),
        T_("Detail"),
    ],
    "attendance_h": T_("3. Attendance by meeting"),
    "meeting_cols": [
        T_("No."),
        T_("Date"),
        T_("Meeting"),
        T_("Exp."),
        T_("Pres."),
        T_("Leave"),
        T_("Abs."),
        T_("Rate"),
    ],
    "members_h": T_("4. Attendance by member"),
    "member_cols": [
        T_("No."),
        T_("Name"),
        T_("Group"),
        TP_("template: member", "Exp."),
        TP_("template: member", "Pres."),
        T_("Leave"),
        T_("Abs."),
        T_("Rate"),
        T_("No record"),
    ],
    "actions_h": T_("5. Follow-up of decisions"),
    "open_h": T_("Still open:"),
    "action_cols": [
        T_("No."),
        T_("Task"),
        T_("Owner"),
        TP_("template", "Deadline"),
        TP_("template: source meeting", "Meeting"),
        T_("Status"),
    ],
    "sign": (
        T_("Branch secretary (signature): "),
        T_("Filled in by (signature): "),
    ),
}
# The tables' type size, a look rather than a word: 五号 (10.5 pt) in Chinese.
TABLE_SIZE = {"zh-CN": 10.5, "en": 10}
LEDGER_LABELS = {
    lang: {**in_language(LEDGER_TEXT, lang), "table_size": TABLE_SIZE[lang]} for lang in LANGS
}


def build_ledger(b: TemplateWriter) -> None:
    """年度台账: meetings per type against the requirement, gaps, key items, attendance per
    meeting and per member, open actions."""
    t = LEDGER_LABELS[b.lang]
    small = t["table_size"]
    b.title("{{ title }}")
    b.subtitle("{{ subtitle }}")
    b.para(t["info"], center=True, size=b.look.table_size, exact=False, after=6)
    b.heading(t["meetings_h"])
    b.grid(
        t["types_cols"],
        [
            "{%tr for t in types %}",
            [
                "{{ t.no }}",
                "{{ t.name }}",
                "{{ t.requirement }}",
                "{{ t.held }}",
                "{{ t.status }}",
            ],
            "{%tr endfor %}",
        ],
        [12, 58, 34, 24, 28],
        left=(1,),
        size=small,
    )
    b.label(t["by_month"])
    b.grid(
        t["month_cols"],
        [
            "{%tr for t in types %}",
            ["{{ t.name }}"] + [f"{{{{ t.m{n} }}}}" for n in range(1, 13)] + ["{{ t.held }}"],
            "{%tr endfor %}",
        ],
        [40] + [8] * 12 + [20],
        left=(0,),
        size=small,
    )
    b.label(t["gaps"])
    b.tag("{%p if gaps %}")
    b.tag("{%p for g in gaps %}")
    b.para("{{ g }}", indent=True)
    b.tag("{%p endfor %}")
    b.tag("{%p else %}")
    b.para(t["none"], indent=True)
    b.tag("{%p endif %}")
    b.tag("{%p if since %}")
    b.para("{{ since }}", size=b.look.table_size, exact=False)
    b.tag("{%p endif %}")
    b.tag("{%p if cancelled %}")
    b.label("{{ cancelled_title }}")
    b.tag("{%p for c in cancelled %}")
    b.para("{{ c }}", indent=True)
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.heading(t["checks_h"])
    b.grid(
        t["checks_cols"],
        [
            "{%tr for c in checks %}",
            ["{{ c.no }}", "{{ c.label }}", "{{ c.result }}", "{{ c.detail }}"],
            "{%tr endfor %}",
        ],
        [12, 44, 24, 76],
        left=(1, 3),
        size=small,
    )
    b.tag("{%p for n in checks_notes %}")
    b.para("{{ n }}", indent=True, exact=False)
    b.tag("{%p endfor %}")
    b.heading(t["attendance_h"])
    b.grid(
        t["meeting_cols"],
        [
            "{%tr for m in meetings %}",
            [
                "{{ m.no }}",
                "{{ m.date }}",
                "{{ m.label }}",
                "{{ m.expected }}",
                "{{ m.attended }}",
                "{{ m.leave }}",
                "{{ m.absent }}",
                "{{ m.rate }}",
            ],
            "{%tr endfor %}",
        ],
        [12, 22, 46, 13, 13, 13, 13, 24],
        left=(2,),
        size=small,
    )
    b.para("{{ attendance_line }}", size=b.look.table_size, exact=False, before=4)
    b.para("{{ attendance_note }}", size=b.look.table_size, exact=False)
    b.heading(t["members_h"])
    b.grid(
        t["member_cols"],
        [
            "{%tr for m in members %}",
            [
                "{{ m.no }}",
                "{{ m.name }}",
                "{{ m.group }}",
                "{{ m.expected }}",
                "{{ m.attended }}",
                "{{ m.leave }}",
                "{{ m.absent }}",
                "{{ m.rate }}",
                "{{ m.unknown }}",
            ],
            "{%tr endfor %}",
        ],
        [12, 22, 26, 16, 14, 14, 14, 20, 18],
        size=small,
    )
    b.heading(t["actions_h"])
    b.para("{{ actions_summary }}", indent=True)
    b.tag("{%p if open_actions %}")
    b.label(t["open_h"])
    b.grid(
        t["action_cols"],
        [
            "{%tr for a in open_actions %}",
            [
                "{{ a.no }}",
                "{{ a.text }}",
                "{{ a.owner }}",
                "{{ a.due }}",
                "{{ a.meeting }}",
                "{{ a.status }}",
            ],
            "{%tr endfor %}",
        ],
        [12, 44, 18, 32, 34, 16],
        left=(1,),
        size=small,
    )
    b.tag("{%p endif %}")
    b.signatures(*t["sign"])


PLAN_TEXT = {
    "info": T_(
        "Secretary: {{ branch.secretary }}    Higher-level organization: {{ branch.higher_org }}"
    ),
    "summary_h": T_("1. The year at a glance"),
    "summary_cols": [
        T_("Meeting type"),
        T_("Required"),
        T_("Planned"),
    ],
    "meetings_h": T_("2. Meetings"),
    "cols": [
        T_("No."),
        T_("Date"),
        T_("Day"),
        T_("Time"),
        T_("Meeting"),
        T_("Attending"),
        TP_("template", "Note"),
    ],
    "note": T_(
        "Dates are planned; each meeting's notice gives the final date. Each meeting "
        "gets its notice, agenda and sign-in sheet beforehand."
    ),
    "sign": (
        T_("Branch secretary (signature): "),
        T_("Filled in by (signature): "),
    ),
}
PLAN_LABELS = {
    lang: {**in_language(PLAN_TEXT, lang), "table_size": TABLE_SIZE[lang]} for lang in LANGS
}


def build_plan(b: TemplateWriter) -> None:
    """年度“三会一课”计划: the year's meetings by date, with the requirement each meets."""
    t = PLAN_LABELS[b.lang]
    small = t["table_size"]
    b.title("{{ title }}")
    b.subtitle("{{ subtitle }}")
    b.para(t["info"], center=True, size=b.look.table_size, exact=False, after=6)
    b.heading(t["summary_h"])
    b.grid(
        t["summary_cols"],
        [
            "{%tr for s in summary %}",
            ["{{ s.name }}", "{{ s.requirement }}", "{{ s.count }}"],
            "{%tr endfor %}",
        ],
        [70, 50, 36],
        left=(0,),
        size=small,
    )
    b.heading(t["meetings_h"])
    b.grid(
        t["cols"],
        [
            "{%tr for m in meetings %}",
            [
                "{{ m.no }}",
                "{{ m.date }}",
                "{{ m.weekday }}",
                "{{ m.time }}",
                "{{ m.name }}",
                "{{ m.attendees }}",
                "{{ m.note }}",
            ],
            "{%tr endfor %}",
        ],
        [12, 22, 15, 13, 32, 30, 32],
        left=(4, 5, 6),
        size=small,
    )
    b.para(t["note"], size=b.look.table_size, exact=False, before=4)
    b.signatures(*t["sign"])


REPORTS = {"ledger": build_ledger, "plan": build_plan}


def build_all(out: Path) -> list[Path]:
    """Write every template for every language under ``out``; return the paths."""
    written = []
    for lang in LANGS:
        for name, build in {**DOCUMENTS, **REPORTS}.items():
            b = TemplateWriter(lang, DOC_TITLES[lang][name], builtin=True)
            build(b)
            path = out / lang / f"{name}.docx"
            b.save(path)
            written.append(path)
    return written


# --------------------------------------------------------------------------------------------
# --check: render with sample data and verify
# --------------------------------------------------------------------------------------------


def contract_variables(doc_path: Path = REPO / "docs" / "templates.md") -> set[str]:
    """Top-level names from the variable table of docs/templates.md (its first column)."""
    names = set()
    for line in doc_path.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            first_col = line.split("|")[1]
            names.update(v.split(".")[0] for v in re.findall(r"`([^`]+)`", first_col))
    return names


def _text(element) -> str:
    """The text of the w:t elements under ``element``."""
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def static_problems(path: Path, lang: str) -> list[str]:
    """What the template's XML must satisfy regardless of data: fonts, page, tag placement."""
    problems = []
    doc = Document(str(path))
    body = doc.element.body
    for r in body.iter(qn("w:r")):
        fonts = r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is None or not fonts.get(qn("w:eastAsia")):
            problems.append(f"run without eastAsia font: {_text(r)!r}")
    for p in body.iter(qn("w:p")):
        runs = p.findall(qn("w:r"))
        texts = [_text(r) for r in runs]
        joined = "".join(texts)
        for tag in re.findall(r"{{.*?}}|{%.*?%}", joined):
            if not any(tag in t for t in texts):
                problems.append(f"tag split across runs: {tag}")
        if "{%p" in joined and len(runs) != 1:
            problems.append(f"{{%p}} tag not alone: {joined!r}")
    for tbl in body.iter(qn("w:tbl")):
        for tr in tbl.findall(qn("w:tr")):
            cells = [_text(tc) for tc in tr.findall(qn("w:tc"))]
            if any("{%tr" in c for c in cells[1:]) or (
                "{%tr" in cells[0] and any(c.strip() for c in cells[1:])
            ):
                problems.append(f"{{%tr}} tag not alone in its row: {cells}")
    look = LOOKS[lang]
    title = doc.paragraphs[0].runs[0] if doc.paragraphs and doc.paragraphs[0].runs else None
    if (
        title is None
        or title.font.size != Pt(look.title_size)
        or title._r.rPr.rFonts.get(qn("w:eastAsia")) != look.title_font
    ):
        problems.append(f"first paragraph is not a {look.title_font} {look.title_size} pt title")
    sec = doc.sections[0]
    want = {"page_width": Mm(210), "page_height": Mm(297), **MARGINS}
    for attr, value in want.items():
        key = attr if attr.startswith("page") else f"{attr}_margin"
        if abs(getattr(sec, key) - value) > Mm(0.2):
            problems.append(f"{key} is {getattr(sec, key).mm:.1f} mm")
    rpr = doc.styles["Normal"].element.rPr
    fonts = rpr.rFonts if rpr is not None else None
    if fonts is None or fonts.get(qn("w:eastAsia")) != LOOKS[lang].body_font:
        problems.append(f"Normal style's eastAsia font is not {LOOKS[lang].body_font}")
    return problems


def package_problems(path: Path, lang: str) -> list[str]:
    """What slim() promises: no unneeded parts, only styles in use (each one defined), no
    latent styles, the document's own title and nothing else in the properties."""
    problems = []
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        xml_bytes = sum(i.file_size for i in z.infolist() if i.filename.endswith((".xml", ".rels")))
        app = z.read("docProps/app.xml").decode("utf-8")
    for name in names:
        if name in ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg") or name.startswith(
            "customXml/"
        ):
            problems.append(f"unneeded part {name}")
    if "build_templates" in app:
        problems.append("docProps/app.xml names the build script")
    doc = Document(str(path))
    styles = doc.styles.element
    if styles.find(qn("w:latentStyles")) is not None:
        problems.append("styles.xml still has w:latentStyles")
    defined = {s.get(qn("w:styleId")) for s in styles.findall(qn("w:style"))}
    needed = used_styles(doc)
    if defined - needed:
        problems.append(f"unused styles: {sorted(defined - needed)}")
    if needed - defined:
        problems.append(f"styles used but not defined: {sorted(needed - defined)}")
    props = doc.core_properties
    want = {
        "title": DOC_TITLES[lang][path.stem],
        "subject": "",
        "comments": "",
        "keywords": "",
        "author": "meetkit",
        "last_modified_by": "meetkit",
        "revision": 1,
        "created": FIXED_DATE,
        "modified": FIXED_DATE,
    }
    for attr, value in want.items():
        if getattr(props, attr) != value:
            problems.append(f"core property {attr} is {getattr(props, attr)!r}, not {value!r}")
    print(
        f"{lang}/{path.name}: {path.stat().st_size} bytes, {xml_bytes} bytes of XML, "
        f"{len(defined)} styles"
    )
    return problems


def docx_text(path: Path) -> str:
    """All text of a .docx body, tables (nested too) included, via python-docx."""
    doc = Document(str(path))
    return "\n".join(_text(p) for p in doc.element.body.iter(qn("w:p")))


# Templates that print attendance.statement whether or not attendance is known yet.
STATEMENT_TEMPLATES = ("minutes", "criticism")


def render_sample(path: Path, target: Path, lang: str, before_meeting: bool) -> list[str]:
    """Render ``path`` with sample data into ``target``; return what looks wrong."""
    from docxtpl import DocxTemplate
    from sample_context import HOSTILE, sample_context

    tpl = DocxTemplate(str(path))
    context = sample_context(lang, tpl, before_meeting=before_meeting)
    tpl.render(context, autoescape=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    tpl.save(str(target))
    problems = []
    text = docx_text(target)  # re-opened with python-docx: it must parse
    if path.stem in STATEMENT_TEMPLATES and context["attendance"]["statement"] not in text:
        problems.append(f"{target}: attendance.statement missing")
    if HOSTILE not in text:
        problems.append(f"{target}: hostile name missing or altered")
    leftover = text.replace(HOSTILE, "")
    if "{{" in leftover or "{%" in leftover:
        problems.append(f"{target}: unrendered tag in output")
    if path.stem in READ_BACK_HEADERS:
        header = [c.text for c in Document(str(target)).tables[0].rows[0].cells]
        if header != READ_BACK_HEADERS[path.stem][lang]:
            problems.append(f"{target}: first table header is {header}")
    return problems


def pdf_problems(files: list[Path], pdf_dir: Path, profile: Path, lang: str) -> list[str]:
    """Convert with LibreOffice, then pdftotext: the hostile name must be in the text; the
    PDF's title (pdfinfo) must be the template's own (docProps/core.xml)."""
    from sample_context import HOSTILE

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdf_dir.mkdir(parents=True, exist_ok=True)
    for old in pdf_dir.glob("*.pdf"):
        old.unlink()
    # a private profile, so a LibreOffice another process runs does not get in the way
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile.resolve()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdf_dir),
            *map(str, files),
        ],
        check=False,
        capture_output=True,
        timeout=600,
    )
    problems = []
    for docx in files:
        pdf = pdf_dir / (docx.stem + ".pdf")
        if not pdf.exists():
            problems.append(f"{docx}: LibreOffice produced no PDF")
            continue
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=False
        ).stdout
        # a table cell may wrap the long name: compare without whitespace
        shown = re.sub(r"\s", "", HOSTILE) in re.sub(r"\s", "", text)
        info = subprocess.run(
            ["pdfinfo", str(pdf)], capture_output=True, text=True, check=False
        ).stdout
        title = re.search(r"^Title:\s*(.*)$", info, re.M)
        title = title.group(1).strip() if title else ""
        print(
            f"pdf {pdf}: {len(text.split())} words, hostile name "
            f"{'shown' if shown else 'MISSING'}, title {title!r}"
        )
        if not shown:
            problems.append(f"{pdf}: hostile name not in the PDF text")
        if title != DOC_TITLES[lang][docx.stem]:
            problems.append(f"{pdf}: PDF title is {title!r}")
    return problems


def check(out: Path, work: Path = Path("/tmp/tplcheck")) -> int:
    """Verify every template; return the number of problems found.

    The lean package (package_problems, the ledger too), static XML checks, the variables
    against docs/templates.md, a render with sample data after the meeting (into
    work/<lang>/<name>.docx, then PDF if LibreOffice is installed) and before it
    (work/<lang>/before/<name>.docx: a group meeting, nothing known yet).
    """
    from docxtpl import DocxTemplate

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    allowed = contract_variables()
    problems: list[str] = []
    rendered: dict[str, list[Path]] = {}
    for lang in LANGS:
        for name in {**DOCUMENTS, **REPORTS}:
            path = out / lang / f"{name}.docx"
            problems += [f"{path}: {p}" for p in package_problems(path, lang)]
        for name in DOCUMENTS:
            path = out / lang / f"{name}.docx"
            variables = DocxTemplate(str(path)).get_undeclared_template_variables()
            print(f"{lang}/{name}.docx variables: {', '.join(sorted(variables))}")
            if variables - allowed:
                problems.append(f"{path}: not in docs/templates.md: {sorted(variables - allowed)}")
            problems += [f"{path}: {p}" for p in static_problems(path, lang)]
            target = work / lang / f"{name}.docx"
            problems += render_sample(path, target, lang, before_meeting=False)
            problems += render_sample(
                path, work / lang / "before" / f"{name}.docx", lang, before_meeting=True
            )
            rendered.setdefault(lang, []).append(target)
    if shutil.which("soffice") or shutil.which("libreoffice"):
        for lang, files in rendered.items():
            problems += pdf_problems(files, work / lang / "pdf", work / "lo-profile", lang)
    else:
        print("soffice not found: PDF conversion skipped")
    for p in problems:
        print(f"FAIL {p}")
    return len(problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "templates",
        help="where to write <lang>/<name>.docx (default: templates/)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="render every template with sample data and verify the result",
    )
    args = parser.parse_args(argv)
    for path in build_all(args.out):
        print(f"wrote {path}")
    if args.check:
        failures = check(args.out)
        print("check: OK" if not failures else f"check: {failures} problem(s)")
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
