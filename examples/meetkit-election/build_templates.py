"""Write the election plugin's Word templates (meetkit_election/templates/<lang>/*.docx).

They are ordinary docxtpl templates, built with meetkit.documents.writer.TemplateWriter, the
builder of meetkit's own templates too (python-docx, the look of meetkit.documents.look; its plain
layout, the default): open and restyle them in Word or WPS, or change the words here and run
again::

    python build_templates.py            # rewrite the six templates
    meetkit check-template meetkit_election/templates/zh-CN/ballot.docx --type election

Variables: those of meetkit's docs/templates.md, plus ``election.*`` from the plugin's
``meetkit_template_context`` (README.md lists them).
"""

from __future__ import annotations

from pathlib import Path

from meetkit.documents.writer import TemplateWriter
from meetkit.files import atomic_write_bytes

OUT = Path(__file__).resolve().parent / "meetkit_election" / "templates"

# Each template's title in its properties (Word's File > Info, the title of a PDF made from a
# rendered document): the document names the plugin gives them.
TITLES = {
    "zh-CN": {"candidates": "候选人名单", "ballot": "选票", "count": "计票记录"},
    "en": {"candidates": "Candidate list", "ballot": "Ballot", "count": "Counting record"},
}

WORDS = {
    "zh-CN": {
        "candidates_title": "{{ branch.name }}委员会委员候选人名单",
        "candidates_line": "应选委员{{ election.seats }}名，候选人{{ election.candidate_count }}名（{{ election.kind }}）",
        "candidates_cols": ["序号", "姓名", "党小组", "现任职务", "备注"],
        "candidates_note": "经{{ branch.higher_org }}审查同意，提交{{ meeting.date }}党员大会选举。",
        "ballot_title": "{{ branch.name }}委员会委员选举选票",
        "ballot_rules": [
            "说明：",
            "1. 本次应选委员{{ election.seats }}名，实行{{ election.kind }}。",
            "2. 对候选人表示同意的，在其姓名后“同意”栏内划“○”；不同意的，在“不同意”栏内划“×”；弃权的不划任何符号。",
            "3. 如另选他人，在“另选他人”行内写上其姓名，并在“同意”栏内划“○”。",
            "4. 所选人数等于或少于应选人数的为有效票，多于应选人数的为无效票。",
        ],
        "ballot_cols": ["序号", "候选人姓名", "同意", "不同意"],
        "write_in": "另选他人：",
        "count_title": "{{ meeting.title }}计票记录",
        "time": "时间",
        "place": "地点",
        "host": "主持人",
        "voters": "应到会有选举权党员",
        "voters_value": "{{ election.voting_count }}人；须超过五分之四，即至少{{ quorum.required }}人到会",
        "present": "实到会有选举权党员",
        "present_value": "{% if attendance.known %}{{ attendance.present_count }}人{% else %}______人{% endif %}",
        "ballots": "选票",
        "ballots_value": "发出____张，收回____张，有效____张，无效____张",
        "count_cols": ["序号", "候选人", "同意", "不同意", "弃权", "是否当选"],
        "rule": "{{ election.majority_rule }}。",
        "signers": ("监票人（签名）：", "计票人（签名）：", "主持人（签名）："),
    },
    "en": {
        "candidates_title": "{{ branch.name }}: candidates for the branch committee",
        "candidates_line": "{{ election.seats }} seats, {{ election.candidate_count }} candidates ({{ election.kind }})",
        "candidates_cols": ["No.", "Name", "Party group", "Current role", "Note"],
        "candidates_note": "Approved by {{ branch.higher_org }} for the election at the general meeting of {{ meeting.date }}.",
        "ballot_title": "{{ branch.name }}: ballot for the election of the branch committee",
        "ballot_rules": [
            "How to vote:",
            "1. {{ election.seats }} members are to be elected ({{ election.kind }}).",
            '2. Mark "○" under "For" next to a candidate you vote for, "×" under "Against" for one you vote against; mark nothing to abstain.',
            '3. To vote for someone else, write the name in an "Another person" row and mark "○" under "For".',
            "4. A ballot naming no more people than there are seats is valid; one naming more is invalid.",
        ],
        "ballot_cols": ["No.", "Candidate", "For", "Against"],
        "write_in": "Another person: ",
        "count_title": "{{ meeting.title }}: counting record",
        "time": "Time",
        "place": "Place",
        "host": "Host",
        "voters": "Voting members expected",
        "voters_value": "{{ election.voting_count }}; more than four-fifths, at least {{ quorum.required }}, must be present",
        "present": "Voting members present",
        "present_value": "{% if attendance.known %}{{ attendance.present_count }}{% else %}______{% endif %}",
        "ballots": "Ballots",
        "ballots_value": "handed out ____, returned ____, valid ____, invalid ____",
        "count_cols": ["No.", "Candidate", "For", "Against", "Abstain", "Elected"],
        "rule": "{{ election.majority_rule }}.",
        "signers": ("Scrutineer (signature): ", "Vote counter (signature): ", "Host (signature): "),
    },
}


def candidates(lang: str) -> bytes:
    w = WORDS[lang]
    t = TemplateWriter(lang, TITLES[lang]["candidates"])
    t.title(w["candidates_title"])
    t.para(w["candidates_line"], center=True)
    t.grid(
        w["candidates_cols"],
        [
            "{%tr for c in election.candidates %}",
            ["{{ c.no }}", "{{ c.name }}", "{{ c.group }}", "{{ c.role }}", ""],
            "{%tr endfor %}",
        ],
        [16, 40, 40, 30, 30],
    )
    t.para(w["candidates_note"], indent=True)
    return t.to_bytes()


def ballot(lang: str) -> bytes:
    w = WORDS[lang]
    t = TemplateWriter(lang, TITLES[lang]["ballot"])
    t.title(w["ballot_title"])
    for line in w["ballot_rules"]:
        t.para(line)
    # Abstaining is leaving a row unmarked (rule 2), so no abstain column; and no count of
    # ballots handed out, which is known only at the meeting (count.docx records it).
    t.grid(
        w["ballot_cols"],
        [
            "{%tr for c in election.candidates %}",
            ["{{ c.no }}", "{{ c.name }}", "", ""],
            "{%tr endfor %}",
            "{%tr for r in election.write_in_rows %}",
            ["", w["write_in"], "", ""],
            "{%tr endfor %}",
        ],
        [16, 70, 35, 35],
    )
    return t.to_bytes()


def count(lang: str) -> bytes:
    w = WORDS[lang]
    t = TemplateWriter(lang, TITLES[lang]["count"])
    t.title(w["count_title"])
    t.fields(
        [
            (w["time"], "{{ meeting.date }} {{ meeting.time }}"),
            (w["place"], "{{ meeting.place }}"),
            (w["host"], "{{ meeting.host }}"),
            (w["voters"], w["voters_value"]),
            (w["present"], w["present_value"]),
            (w["ballots"], w["ballots_value"]),
        ],
        widths_mm=(50, 106),
    )
    t.para("")
    t.grid(
        w["count_cols"],
        [
            "{%tr for c in election.candidates %}",
            ["{{ c.no }}", "{{ c.name }}", "", "", "", ""],
            "{%tr endfor %}",
            "{%tr for r in election.write_in_rows %}",
            ["", w["write_in"], "", "", "", ""],
            "{%tr endfor %}",
        ],
        [14, 46, 24, 24, 24, 24],
    )
    t.para(w["rule"], indent=True)
    t.signatures(*w["signers"])
    return t.to_bytes()


def main() -> None:
    for lang in WORDS:
        for name, build in (("candidates", candidates), ("ballot", ballot), ("count", count)):
            path = OUT / lang / f"{name}.docx"
            atomic_write_bytes(path, build(lang))
            print(path.relative_to(OUT.parent.parent))


if __name__ == "__main__":
    main()
