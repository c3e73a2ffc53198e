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
from meetkit.i18n import T_, TP_, in_language

REPO = Path(__file__).resolve().parent.parent
LANGS = ("zh-CN", "en")

OVERRIDE = "{{ steps.%s.override }}"

# The words, in English marked T_ (TP_ with a context where the same English says two things),
# each language's through meetkit's catalog (meetkit/locale; tools/messages.py extracts them).
W_TEXT = {
    "name": T_("Name"),
    "group": T_("Party group"),
    "applied": T_("Applied on"),
    "branch": "{{ branch.name }}",
    "issued": "{{ generated }}",
    # talk
    "talk_title": T_("Record of the Talk with an Applicant"),
    "talk_date": T_("Date of the talk"),
    "talker": T_("Talked with by"),
    "talk_content": T_("What was said"),
    "talk_remark": T_("Remarks"),
    "sign_talker": T_("Talked with by (signature): "),
    "sign_applicant": T_("Applicant (signature): "),
    # activist
    "activist_title": T_("Activist Registration and Review Form"),
    "activist_date": T_("Made an activist on"),
    "contacts": T_("Contacts"),
    "candidate_date": T_("Listed as a candidate on"),
    "reviews_h": T_("Half-year reviews"),
    "review_cols": [
        T_("No."),
        TP_("development: review", "Date"),
        TP_("development: review", "Reviewed by"),
        TP_("development: review", "Opinion"),
    ],
    "sign_branch": T_("Party branch (seal): "),
    # publicity
    "publicity_title": T_("Public Notice of a Candidate for Membership"),
    "publicity_body": T_(
        "The branch committee listed Comrade {{ person.name }} as a candidate for "
        "membership on {{ steps.candidate.date }}. As the rules on developing members "
        "require, this is made public from {{ steps.publicity.date }} to "
        "{{ steps.publicity.date_to }} ({{ steps.publicity.workdays }} working "
        "days){{ steps.publicity.provisional }}."
    ),
    "publicity_how": T_(
        "Members and the public may tell the party branch of any concern by telephone, "
        "letter or visit during this period, truthfully and under their own name."
    ),
    # political review
    "political_title": T_("Political Review Summary"),
    "political_date": T_("Reviewed on"),
    "political_by": TP_("development: political review", "Reviewed by"),
    "political_content": T_("Findings and conclusion"),
    "political_items": T_(
        "Reviewed: attitude to the party's theory, line, principles and policies; "
        "political history and conduct in major political struggles; observance of law "
        "and social morality; the political situation of close relatives and of the "
        "main social relations."
    ),
    # admission
    "admission_title": T_("Resolution of the General Meeting"),
    "admission_sub": T_("(extract, for the Application Form for Party Membership)"),
    "admission_body": T_(
        "On {{ steps.admission.date }} the general meeting of {{ branch.name }} "
        "({{ steps.admission.meeting }}) discussed the admission of Comrade "
        "{{ person.name }}. The sponsors, {{ steps.sponsors.by }}, presented the "
        "candidate. Of {{ vote.admission.entitled }} voting full members who should "
        "attend, {{ vote.admission.yes }} voted for, {{ vote.admission.no }} against "
        "and {{ vote.admission.abstain }} abstained ({{ vote.admission.required }} "
        "needed)."
    ),
    "admission_resolution": T_(
        "The meeting admits Comrade {{ person.name }} as a probationary member, the "
        "probation running from {{ probation.start }} to "
        "{{ probation.end }}.{% if steps.approval.date %} Approved by the higher "
        "committee on {{ steps.approval.date }}.{% endif %}"
    ),
    "sign_secretary": TP_("development", "Branch secretary (signature): "),
    # probation
    "probation_title": T_("Probationary Member Review Form"),
    "probation_span": T_("Probation"),
    "probation_to": T_("to"),
    "oath_date": T_("Oath taken on"),
    "probation_h": T_("Reviews during probation"),
    # full membership
    "full_title": T_("Resolution on the Full Membership of Comrade {{ person.name }}"),
    "full_body": T_(
        "On {{ steps.full_membership.date }} the general meeting of {{ branch.name }} "
        "({{ steps.full_membership.meeting }}) discussed the full membership of "
        "Comrade {{ person.name }}, on probation from {{ probation.start }} to "
        "{{ probation.end }}. Of {{ vote.full_membership.entitled }} voting full "
        "members who should attend, {{ vote.full_membership.yes }} voted for, "
        "{{ vote.full_membership.no }} against and {{ vote.full_membership.abstain }} "
        "abstained."
    ),
    "full_resolution": T_(
        "The meeting grants Comrade {{ person.name }} full membership as "
        "scheduled.{% if steps.full_approval.date %} Approved by the higher committee "
        "on {{ steps.full_approval.date }}.{% endif %}"
    ),
    # checklist
    "checklist_title": T_("Contents of the Membership Dossier"),
    "checklist_cols": [
        T_("No."),
        T_("Material"),
        TP_("development: dossier", "Date"),
        T_("File"),
        T_("Remarks"),
    ],
}
W = {lang: in_language(W_TEXT, lang) for lang in LANGS}


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
