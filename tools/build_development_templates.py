"""Build the Word templates of developing new members
(meetkit/development/templates/<lang>/development-<doc>.docx)
with meetkit's one template builder (TemplateWriter, ``builtin=True``: A4, GB/T 9704 margins and
fonts, page numbers "— 1 —"). The variables are those of meetkit.development.documents.context
(docs/development.md). Kept apart from tools/build_templates.py, which builds the meeting
documents: these are one person's dossier, not a meeting's, and ship inside the feature's
package (found as a plugin's templates are: a workspace's templates/<lang>/ copy wins).

Usage:
    python tools/build_development_templates.py   # (re)write them (tests check byte for byte)
"""

from __future__ import annotations

import sys
from pathlib import Path

from meetkit.documents.writer import TemplateWriter

REPO = Path(__file__).resolve().parent.parent
LANGS = ("zh-CN", "en")

OVERRIDE = "{{ steps.%s.override }}"

W = {
    "zh-CN": {
        "name": "姓名",
        "group": "党小组",
        "applied": "申请时间",
        "branch": "{{ branch.name }}",
        "issued": "{{ generated }}",
        # talk
        "talk_title": "入党申请人谈话记录",
        "talk_date": "谈话时间",
        "talker": "谈话人",
        "talk_content": "谈话内容",
        "talk_remark": "备注",
        "sign_talker": "谈话人（签名）：",
        "sign_applicant": "谈话对象（签名）：",
        # activist
        "activist_title": "入党积极分子登记及考察表",
        "activist_date": "确定为入党积极分子时间",
        "contacts": "培养联系人",
        "candidate_date": "列为发展对象时间",
        "reviews_h": "半年考察情况",
        "review_cols": ["序号", "考察时间", "考察人", "考察意见"],
        "sign_branch": "党支部（盖章）：",
        # publicity
        "publicity_title": "发展对象公示",
        "publicity_body": "经党支部委员会研究，{{ steps.candidate.date }}确定{{ person.name }}同志"
        "为发展对象。根据发展党员工作有关规定，现予以公示。公示时间：{{ steps.publicity.date }}至"
        "{{ steps.publicity.date_to }}（{{ steps.publicity.workdays }}个工作日）"
        "{{ steps.publicity.provisional }}。",
        "publicity_how": "公示期间，党员和群众如有意见，可通过来电、来信、来访等方式向党支部反映。"
        "反映情况应实事求是，署真实姓名。",
        # political review
        "political_title": "政治审查综合报告",
        "political_date": "审查时间",
        "political_by": "审查人",
        "political_content": "审查情况及结论",
        "political_items": "审查内容：对党的理论和路线、方针、政策的态度；政治历史和在重大政治斗争中的"
        "表现；遵纪守法和遵守社会公德情况；直系亲属和与本人关系密切的主要社会关系的政治情况。",
        # admission
        "admission_title": "支部大会决议",
        "admission_sub": "（摘录，供填写《中国共产党入党志愿书》）",
        "admission_body": "{{ steps.admission.date }}，{{ branch.name }}召开支部党员大会"
        "（{{ steps.admission.meeting }}），讨论{{ person.name }}同志的入党问题。入党介绍人"
        "{{ steps.sponsors.by }}介绍了其有关情况。应到会有表决权的正式党员"
        "{{ vote.admission.entitled }}人，经表决，赞成{{ vote.admission.yes }}票，反对"
        "{{ vote.admission.no }}票，弃权{{ vote.admission.abstain }}票，赞成票超过应到会有表决权的"
        "正式党员的半数（需{{ vote.admission.required }}票）。",
        "admission_resolution": "会议同意接收{{ person.name }}同志为中共预备党员，预备期自"
        "{{ probation.start }}至{{ probation.end }}。{% if steps.approval.date %}上级党委于"
        "{{ steps.approval.date }}审批同意。{% endif %}",
        "sign_secretary": "支部书记（签名）：",
        # probation
        "probation_title": "预备党员考察表",
        "probation_span": "预备期",
        "probation_to": "至",
        "oath_date": "入党宣誓时间",
        "probation_h": "预备期考察情况",
        # full membership
        "full_title": "关于{{ person.name }}同志转为正式党员的决议",
        "full_body": "{{ steps.full_membership.date }}，{{ branch.name }}召开支部党员大会"
        "（{{ steps.full_membership.meeting }}），讨论{{ person.name }}同志的转正问题。"
        "{{ person.name }}同志预备期自{{ probation.start }}至{{ probation.end }}。应到会有表决权的"
        "正式党员{{ vote.full_membership.entitled }}人，经表决，赞成{{ vote.full_membership.yes }}票，"
        "反对{{ vote.full_membership.no }}票，弃权{{ vote.full_membership.abstain }}票。",
        "full_resolution": "会议同意{{ person.name }}同志按期转为中共正式党员。"
        "{% if steps.full_approval.date %}上级党委于{{ steps.full_approval.date }}审批同意。"
        "{% endif %}",
        # checklist
        "checklist_title": "发展党员材料目录",
        "checklist_cols": ["序号", "材料名称", "形成时间", "文件", "备注"],
    },
    "en": {
        "name": "Name",
        "group": "Party group",
        "applied": "Applied on",
        "branch": "{{ branch.name }}",
        "issued": "{{ generated }}",
        "talk_title": "Record of the Talk with an Applicant",
        "talk_date": "Date of the talk",
        "talker": "Talked with by",
        "talk_content": "What was said",
        "talk_remark": "Remarks",
        "sign_talker": "Talked with by (signature): ",
        "sign_applicant": "Applicant (signature): ",
        "activist_title": "Activist Registration and Review Form",
        "activist_date": "Made an activist on",
        "contacts": "Contacts",
        "candidate_date": "Listed as a candidate on",
        "reviews_h": "Half-year reviews",
        "review_cols": ["No.", "Date", "Reviewed by", "Opinion"],
        "sign_branch": "Party branch (seal): ",
        "publicity_title": "Public Notice of a Candidate for Membership",
        "publicity_body": "The branch committee listed Comrade {{ person.name }} as a candidate "
        "for membership on {{ steps.candidate.date }}. As the rules on developing members "
        "require, this is made public from {{ steps.publicity.date }} to "
        "{{ steps.publicity.date_to }} ({{ steps.publicity.workdays }} working days)"
        "{{ steps.publicity.provisional }}.",
        "publicity_how": "Members and the public may tell the party branch of any concern by "
        "telephone, letter or visit during this period, truthfully and under their own name.",
        "political_title": "Political Review Summary",
        "political_date": "Reviewed on",
        "political_by": "Reviewed by",
        "political_content": "Findings and conclusion",
        "political_items": "Reviewed: attitude to the party's theory, line, principles and "
        "policies; political history and conduct in major political struggles; observance of "
        "law and social morality; the political situation of close relatives and of the main "
        "social relations.",
        "admission_title": "Resolution of the General Meeting",
        "admission_sub": "(extract, for the Application Form for Party Membership)",
        "admission_body": "On {{ steps.admission.date }} the general meeting of {{ branch.name }} "
        "({{ steps.admission.meeting }}) discussed the admission of Comrade {{ person.name }}. "
        "The sponsors, {{ steps.sponsors.by }}, presented the candidate. Of "
        "{{ vote.admission.entitled }} voting full members who should attend, "
        "{{ vote.admission.yes }} voted for, {{ vote.admission.no }} against and "
        "{{ vote.admission.abstain }} abstained ({{ vote.admission.required }} needed).",
        "admission_resolution": "The meeting admits Comrade {{ person.name }} as a probationary "
        "member, the probation running from {{ probation.start }} to {{ probation.end }}."
        "{% if steps.approval.date %} Approved by the higher committee on "
        "{{ steps.approval.date }}.{% endif %}",
        "sign_secretary": "Branch secretary (signature): ",
        "probation_title": "Probationary Member Review Form",
        "probation_span": "Probation",
        "probation_to": "to",
        "oath_date": "Oath taken on",
        "probation_h": "Reviews during probation",
        "full_title": "Resolution on the Full Membership of Comrade {{ person.name }}",
        "full_body": "On {{ steps.full_membership.date }} the general meeting of "
        "{{ branch.name }} ({{ steps.full_membership.meeting }}) discussed the full membership "
        "of Comrade {{ person.name }}, on probation from {{ probation.start }} to "
        "{{ probation.end }}. Of {{ vote.full_membership.entitled }} voting full members who "
        "should attend, {{ vote.full_membership.yes }} voted for, "
        "{{ vote.full_membership.no }} against and {{ vote.full_membership.abstain }} "
        "abstained.",
        "full_resolution": "The meeting grants Comrade {{ person.name }} full membership as "
        "scheduled.{% if steps.full_approval.date %} Approved by the higher committee on "
        "{{ steps.full_approval.date }}.{% endif %}",
        "checklist_title": "Contents of the Membership Dossier",
        "checklist_cols": ["No.", "Material", "Date", "File", "Remarks"],
    },
}


def _issuer(b: TemplateWriter, t: dict, date: str = "") -> None:
    """The branch and the date, flush right under the text (the step's date, else today's)."""
    b.para(t["branch"], right=True, before=b.look.body_size)
    b.para(date or t["issued"], right=True)


def build_talk(b: TemplateWriter, t: dict) -> None:
    b.title(t["talk_title"])
    b.fields(
        [
            [(t["name"], "{{ person.name }}"), (t["group"], "{{ person.group }}")],
            [(t["applied"], "{{ person.applied }}"), (t["talk_date"], "{{ steps.talk.date }}")],
            [(t["talker"], "{{ steps.talk.by }}")],
            [(t["talk_content"], "{{ steps.talk.note }}")],
            [(t["talk_remark"], OVERRIDE % "talk")],
        ],
        heights={3: 90},
    )
    b.signatures(t["sign_talker"], t["sign_applicant"])


def build_activist(b: TemplateWriter, t: dict) -> None:
    b.title(t["activist_title"])
    b.fields(
        [
            (t["name"], "{{ person.name }}"),
            (t["group"], "{{ person.group }}"),
            (t["applied"], "{{ person.applied }}"),
            (t["activist_date"], "{{ steps.activist.date }}"),
            (t["contacts"], "{{ steps.contacts.by }}"),
            (t["candidate_date"], "{{ steps.candidate.date }} {{ steps.candidate.override }}"),
        ],
        [46, 110],
    )
    b.heading(t["reviews_h"])
    b.grid(
        t["review_cols"],
        [
            "{%tr for r in reviews %}",
            ["{{ r.no }}", "{{ r.date }}", "{{ r.by }}", "{{ r.note }} {{ r.override }}"],
            "{%tr endfor %}",
        ],
        [14, 36, 36, 70],
        left=(3,),
    )
    b.signatures(t["sign_branch"])


def build_publicity(b: TemplateWriter, t: dict) -> None:
    b.title(t["publicity_title"])
    b.para(t["publicity_body"], indent=True)
    b.para(t["publicity_how"], indent=True)
    b.para(OVERRIDE % "publicity", indent=True)
    _issuer(b, t, "{{ steps.publicity.date }}")


def build_political_review(b: TemplateWriter, t: dict) -> None:
    b.title(t["political_title"])
    b.fields(
        [
            (t["name"], "{{ person.name }}"),
            (t["group"], "{{ person.group }}"),
            (t["political_date"], "{{ steps.political_review.date }}"),
            (t["political_by"], "{{ steps.political_review.by }}"),
            (t["political_content"], "{{ steps.political_review.note }}"),
            (t["talk_remark"], OVERRIDE % "political_review"),
        ],
        [46, 110],
        heights={4: 80},
    )
    b.para(t["political_items"], indent=True, before=6)
    b.signatures(t["sign_branch"])


def build_admission(b: TemplateWriter, t: dict) -> None:
    b.title(t["admission_title"], after=0)
    b.subtitle(t["admission_sub"])
    b.para(t["admission_body"], indent=True)
    b.para(t["admission_resolution"], indent=True)
    b.para(OVERRIDE % "admission", indent=True)
    b.signatures(t["sign_secretary"])
    _issuer(b, t, "{{ steps.admission.date }}")


def build_probation_review(b: TemplateWriter, t: dict) -> None:
    b.title(t["probation_title"])
    span = "{{ probation.start }} " + t["probation_to"] + " {{ probation.end }}"
    b.fields(
        [
            (t["name"], "{{ person.name }}"),
            (t["group"], "{{ person.group }}"),
            (t["probation_span"], span),
            (t["oath_date"], "{{ steps.oath.date }}"),
        ],
        [46, 110],
    )
    b.heading(t["probation_h"])
    b.grid(
        t["review_cols"],
        [
            "{%tr for r in probation_reviews %}",
            [
                "{{ r.no }}",
                "{{ r.date }}",
                "{{ r.by }}",
                "{{ r.note }} {{ r.extend }} {{ r.override }}",
            ],
            "{%tr endfor %}",
        ],
        [14, 36, 36, 70],
        left=(3,),
    )
    b.signatures(t["sign_branch"])


def build_full_membership(b: TemplateWriter, t: dict) -> None:
    b.title(t["full_title"])
    b.para(t["full_body"], indent=True)
    b.para(t["full_resolution"], indent=True)
    b.para(OVERRIDE % "full_membership", indent=True)
    b.signatures(t["sign_secretary"])
    _issuer(b, t, "{{ steps.full_membership.date }}")


def build_checklist(b: TemplateWriter, t: dict) -> None:
    b.title(t["checklist_title"], after=0)
    b.subtitle("{{ person.name }}　{{ person.group }}")
    b.grid(
        t["checklist_cols"],
        [
            "{%tr for c in checklist %}",
            [
                "{{ c.no }}",
                "{{ c.title }}",
                "{{ c.short_date }}",
                "{{ c.file }}",
                "{{ c.override }}",
            ],
            "{%tr endfor %}",
        ],
        [14, 54, 26, 32, 30],
        left=(1, 4),
    )
    _issuer(b, t)


BUILDERS = {
    "talk": (build_talk, "talk_title"),
    "activist": (build_activist, "activist_title"),
    "publicity": (build_publicity, "publicity_title"),
    "political-review": (build_political_review, "political_title"),
    "admission": (build_admission, "admission_title"),
    "probation-review": (build_probation_review, "probation_title"),
    "full-membership": (build_full_membership, "full_title"),
    "checklist": (build_checklist, "checklist_title"),
}


def build_all(out: Path) -> list[Path]:
    written = []
    for lang in LANGS:
        t = W[lang]
        for name, (build, title_key) in BUILDERS.items():
            title = t[title_key].replace("{{ person.name }}", "").replace("  ", " ")
            b = TemplateWriter(lang, title, builtin=True)
            build(b, t)
            path = out / lang / f"development-{name}.docx"
            b.save(path)
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    out = Path(argv[0]) if argv else REPO / "meetkit" / "development" / "templates"
    for path in build_all(out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
